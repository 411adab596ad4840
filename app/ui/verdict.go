package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
)

// renderVerdict says first, in plain words, whether vLLM starts, and if not,
// which gate stops it and vLLM's exact message.
func (p *Page) renderVerdict() app.UI {
	if !p.hasEst {
		return app.Div().ID("verdict").Class("verdict").Text(p.t("ui.no_result"))
	}
	e := p.est
	if e.Starts {
		r := e.Ranks[0]
		return app.Div().ID("verdict").Class("verdict ok").Body(
			app.H2().Body(app.Span().Class("badge ok").Text("✓"), app.Text(" "+p.t("verdict.starts"))),
			app.P().Class("num").Text(p.f("verdict.starts_detail", map[string]string{
				"kv":          i18n.FormatGiB(r.KV.GiB()),
				"tokens":      formatInt(r.Tokens),
				"concurrency": formatFloat(r.Concurrency, 2),
				"len":         formatInt(e.Resolved.MaxModelLen),
			})),
			p.renderBudgetLine(),
		)
	}
	g := e.Failure
	return app.Div().ID("verdict").Class("verdict fail").Body(
		app.H2().Body(app.Span().Class("badge fail").Text("✗"), app.Text(" "+p.f("verdict.fails", map[string]string{"gate": p.t("gate." + g.ID + ".name")}))),
		app.P().ID("verdict-why").Text(i18n.Reason(p.lang, g.Why.Key, g.Why.Args)),
		app.If(g.Message != "", func() app.UI {
			return app.Div().Class("message").Body(
				app.Pre().ID("vllm-message").Class("num").Text(g.Message),
				p.copyButton("message", g.Message),
			)
		}),
		p.renderBudgetLine(),
	)
}

// renderBudgetLine states the budget equation in numbers: what
// gpu_memory_utilization multiplies and what it grants.
func (p *Page) renderBudgetLine() app.UI {
	r := p.est.Ranks[0]
	return app.P().Class("budget-eq num").Body(
		app.Text(p.t("ui.budget")+": "),
		app.Span().ID("budget").Text(i18n.FormatGiB(r.Budget.GiB())),
		app.Text(" = "+formatFloat(p.est.Resolved.Utilization, 2)+" × "+i18n.FormatGiB(r.Total.GiB())+" ("+p.t("ui.reported_total")+")"),
	)
}
