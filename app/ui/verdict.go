package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/calc"
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
			p.renderCalibrated(),
		)
	}
	g := e.Failure
	return app.Div().ID("verdict").Class("verdict fail").Body(
		app.H2().Body(app.Span().Class("badge fail").Text("✗"), app.Text(" "+p.f("verdict.fails", map[string]string{"gate": p.t("gate." + g.ID + ".failed")}))),
		app.P().ID("verdict-why").Text(i18n.Reason(p.lang, g.Why.Key, g.Why.Args)),
		app.If(g.Message != "", func() app.UI {
			return app.Div().Class("message").Body(
				app.Pre().ID("vllm-message").Class("num").Text(g.Message),
				p.copyButton("message", g.Message),
			)
		}),
		p.renderBudgetLine(),
		p.renderCalibrated(),
	)
}

// renderCalibrated says, while the scenario holds a log's figures, which
// ones, with a button that drops them.
func (p *Page) renderCalibrated() app.UI {
	c := p.st.Calibration
	if c == nil {
		return app.Text("")
	}
	var figs []string
	add := func(key string, b *calc.Bytes) {
		if b != nil {
			figs = append(figs, p.t(key)+" "+i18n.FormatGiB(b.GiB()))
		}
	}
	add("part.activation", c.Activation)
	add("part.nontorch", c.NonTorch)
	add("part.graphs", c.Graphs)
	return app.P().ID("calibrated").Class("calibrated").Body(
		app.Span().Class("badge na").Text(p.f("ui.calibrated", map[string]string{"figures": strings.Join(figs, p.t("ui.list_sep"))})),
		app.Text(" "),
		app.Button().ID("calibrated-reset").Type("button").Class("linkish").Text(p.t("ui.calibrated_reset")).
			OnClick(func(ctx app.Context, e app.Event) {
				p.st.Calibration = nil
				p.commit(ctx)
			}),
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
