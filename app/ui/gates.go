package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/calc"
)

// renderGates lists vLLM's startup checks in the order it runs them, each
// with its margin and the mechanism behind it.
func (p *Page) renderGates() app.UI {
	if !p.hasEst {
		return app.Div()
	}
	gates := p.est.Gates
	return app.Section().ID("gates").Class("gates").Body(
		app.H2().Text(p.t("ui.gates")),
		app.Ol().Body(
			app.Range(gates).Slice(func(i int) app.UI {
				g := gates[i]
				state, mark := "pass", "✓"
				switch {
				case !g.Applies || g.Why.Key == calc.WhyNotReached:
					state, mark = "na", "–"
				case !g.Pass:
					state, mark = "fail", "✗"
				}
				return app.Li().ID("gate-" + g.ID).Class("gate " + state).Body(
					app.Details().Body(
						app.Summary().Body(
							app.Span().Class("badge "+state).Text(mark),
							app.Text(" "+p.t("gate."+g.ID+".name")),
							app.If(g.Applies && state != "na", func() app.UI {
								return app.Span().Class("margin num").Text(p.t("ui.margin") + " " + i18n.FormatGiB(g.Margin.GiB()))
							}),
						),
						app.P().Class("why").Text(i18n.Reason(p.lang, g.Why.Key, g.Why.Args)),
						app.P().Class("explain muted").Text(p.t("gate."+g.ID+".explain")),
						app.If(!g.Pass && g.Message != "", func() app.UI {
							return app.Pre().Class("num").Text(g.Message)
						}),
					),
				)
			}),
		),
	)
}
