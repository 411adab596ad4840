package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

type pasteState struct{}

func (p *Page) renderPaste() app.UI { return app.Div() }
