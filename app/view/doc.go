// Package view turns the page state into what the components render: the
// scenario a share link describes (preset plus overrides) and the geometry of
// the memory chart. It is pure Go, so it is tested natively; the components
// in app/ui only lay it out.
package view
