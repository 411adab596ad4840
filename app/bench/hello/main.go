// Command hello is the size floor for `make bench`: the smallest go-app page,
// built with the same flags as app.wasm.
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

type hello struct{ app.Compo }

func (h *hello) Render() app.UI { return app.H1().Text("Hello") }

func main() {
	app.RouteWithRegexp("^.*$", app.NewZeroComponentFactory(&hello{}))
	app.RunWhenOnBrowser()
}
