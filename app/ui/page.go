// Package ui holds the calculator's go-app components, one per file. They
// render an Estimate and wire events; all arithmetic lives in calc.
package ui

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/calc"
)

// Page is the routed root component. Its state lives in unexported fields
// (go-app resets exported fields of the routed component on navigation) and
// in the URL.
type Page struct {
	app.Compo

	util    float64
	utilErr string
	mounted bool
}

var defaultDevice = calc.Device{ID: "ascend-910b4", Name: "Ascend 910B4", Platform: calc.Ascend, Total: 31096569856}

func (p *Page) OnInit() { p.util = 0.9 }

func (p *Page) OnMount(ctx app.Context) { p.mounted = true }

// OnNav reads the state from the address (also on the server, where the
// prerendered page shows the default scenario).
func (p *Page) OnNav(ctx app.Context) {
	q := ctx.Page().URL().Query()
	if v := q.Get("u"); v != "" {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && f <= 1 {
			p.util = f
		}
	}
}

func (p *Page) onUtil(ctx app.Context, e app.Event) {
	v := ctx.JSSrc().Get("value").String()
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f <= 0 || f > 1 {
		p.utilErr = "gpu_memory_utilization must be a number in (0, 1]"
		return
	}
	p.util, p.utilErr = f, ""
	u := *ctx.Page().URL()
	q := url.Values{}
	q.Set("u", strconv.FormatFloat(f, 'f', -1, 64))
	u.RawQuery = q.Encode()
	ctx.Page().ReplaceURL(&u)
}

func (p *Page) Render() app.UI {
	budget := defaultDevice.Budget(p.util)
	return app.Main().ID("calc").Body(
		app.H1().Text("vLLM memory calculator"),
		app.Label().For("gpu-memory-utilization").Text("--gpu-memory-utilization"),
		app.Input().ID("gpu-memory-utilization").Type("number").Step(0.01).Min(0.01).Max(1).
			Value(strconv.FormatFloat(p.util, 'f', -1, 64)).OnInput(p.onUtil),
		app.If(p.utilErr != "", func() app.UI { return app.P().Class("field-error").Text(p.utilErr) }),
		app.P().Body(
			app.Text("Budget: "),
			app.Span().ID("budget").Text(fmt.Sprintf("%.2f GiB", budget.GiB())),
		),
	)
}
