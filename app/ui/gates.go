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
		return el("div")
	}
	gates := p.est.Gates
	return el("section").ID("gates").Class("gates").Body(
		el("h2").Text(p.t("ui.gates")),
		el("ol").Body(
			app.Range(gates).Slice(func(i int) app.UI {
				g := gates[i]
				state, mark := "pass", "✓"
				switch {
				case !g.Applies || g.Why.Key == calc.WhyNotReached:
					state, mark = "na", "–"
				case !g.Pass:
					state, mark = "fail", "✗"
				}
				return el("li").ID("gate-" + g.ID).Class("gate " + state).Body(
					app.Details().Body(
						el("summary").Body(
							el("span").Class("badge "+state).Text(mark),
							app.Text(" "+p.t("gate."+g.ID+".name")),
							app.If(g.Applies && state != "na", func() app.UI {
								return el("span").Class("margin num").Text(p.t("ui.margin") + " " + i18n.FormatGiB(g.Margin.GiB()))
							}),
						),
						el("p").Class("why").Text(i18n.Reason(p.lang, g.Why.Key, g.Why.Args)),
						el("p").Class("explain muted").Text(p.t("gate."+g.ID+".explain")),
						app.If(!g.Pass && g.Message != "", func() app.UI {
							return el("pre").Class("num").Text(g.Message)
						}),
					),
				)
			}),
		),
	)
}
