// Command hello is the floor for `make bench`: the smallest go-app page,
// built with the same flags as app.wasm, with one input echoed on every
// keystroke so the same latency probe can time go-app's own input-to-render
// cost. It keeps the ids the probe uses (#page with data-renders, and
// #gpu-memory-utilization).
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

type hello struct {
	app.Compo
	value   string
	renders int
}

func (h *hello) Render() app.UI {
	h.renders++
	return app.Div().ID("page").DataSet("renders", h.renders).Body(
		app.H1().Text("Hello"),
		app.Input().ID("gpu-memory-utilization").
			OnInput(func(ctx app.Context, e app.Event) { h.value = ctx.JSSrc().Get("value").String() }),
		app.P().Text(h.value),
	)
}

func main() {
	app.RouteWithRegexp("^.*$", app.NewZeroComponentFactory(&hello{}))
	app.RunWhenOnBrowser()
}
