// Command app is the calculator: in the browser (GOOS=js) it runs the UI;
// natively it generates the static site (see generate.go).
package main

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/ui"
)

func main() {
	// One catch-all route: with PrefixedLocation(".") the site works under
	// any sub-path, where an exact Route("/") would render "not found".
	app.RouteWithRegexp("^.*$", app.NewZeroComponentFactory(&ui.Page{}))
	app.RunWhenOnBrowser()
	generate()
}
