package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/calc"
)

func formatFloat(f float64, prec int) string { return strconv.FormatFloat(f, 'f', prec, 64) }

// formatInt groups thousands with commas, as vLLM's logs do ("16,384").
func formatInt(n int) string { return calc.Commas(n) }

// option is a select's option. A false boolean must not be written at all:
// the prerendered HTML would say selected="false", which browsers read as
// selected, and the page would open on the wrong choice.
func option(value, text string, selected bool) app.HTMLOption {
	o := app.Option().Value(value).Text(text)
	if selected {
		o = o.Selected(true)
	}
	return o
}
