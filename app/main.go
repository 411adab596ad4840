// Command app is the calculator: in the browser (GOOS=js) it runs the UI;
// natively it generates the static site (see generate.go).
package main

import (
	"runtime/debug"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/ui"
)

func main() {
	// One catch-all route: with PrefixedLocation(".") the site works under
	// any sub-path, where an exact Route("/") would render "not found".
	app.RouteWithRegexp("^.*$", app.NewZeroComponentFactory(&ui.Page{}))
	if app.IsClient {
		// Each keystroke allocates a new render tree; a collection every
		// few keystrokes instead of every one keeps the slow frames
		// (make bench: field change painted p95) near go-app's floor,
		// for a few MB more heap.
		debug.SetGCPercent(400)
	}
	app.RunWhenOnBrowser()
	generate()
}
