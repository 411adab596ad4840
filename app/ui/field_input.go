package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// fieldInput is one labelled input or select with its message line. It is
// a component of its own so that a keystroke re-renders only the fields
// whose text changed: go-app compares these exported fields with the
// mounted ones and skips an unchanged field's subtree entirely.
type fieldInput struct {
	app.Compo

	ID, Label, Flag string // Flag: "--name" shown beside the label; "" for none
	Select          bool
	Value           string // the input's text, or the selected choice
	Placeholder     string
	Choices, Texts  []string // a select's values and their labels
	List            string   // an input's datalist id
	Msg, MsgClass   string
	Invalid         bool
	Search          bool

	// change receives the new value. Unexported, so the mounted instance
	// keeps the closure of its first render (it only refers to the page and
	// the field's static definition).
	change func(ctx app.Context, v string)
}

func (f *fieldInput) Render() app.UI {
	on := func(ctx app.Context, e app.Event) {
		if f.change != nil {
			f.change(ctx, ctx.JSSrc().Get("value").String())
		}
	}
	var input app.UI
	if f.Select {
		input = app.Select().ID(f.ID).Aria("describedby", f.ID+"-msg").OnChange(on).Body(
			app.Range(f.Choices).Slice(func(i int) app.UI {
				return option(f.Choices[i], f.Texts[i], f.Choices[i] == f.Value)
			}),
		)
	} else {
		in := app.Input().ID(f.ID).Value(f.Value).Placeholder(f.Placeholder).
			Aria("describedby", f.ID+"-msg").Aria("invalid", f.Invalid)
		if f.Search {
			in = in.Type("search").List(f.List).OnChange(on)
		} else {
			in = in.Type("text").Attr("inputmode", "decimal").OnInput(on)
		}
		input = in
	}
	return el("div").Class("field").Body(
		app.Label().For(f.ID).Body(
			app.Text(f.Label),
			app.If(f.Flag != "", func() app.UI { return el("code").Class("flag").Text(f.Flag) }),
		),
		input,
		el("p").ID(f.ID+"-msg").Class(f.MsgClass).Aria("live", "polite").Text(f.Msg),
	)
}
