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
		body := []app.UI{app.Text(p.t("ui.no_result"))}
		if field, msg := p.calcErr[0], p.calcErr[1]; field != "" && msg != "" {
			// The refusal itself, with a link to its field: it may sit
			// below the fold.
			label := p.t("field." + field + ".label")
			if label == "field."+field+".label" {
				label = field
			}
			body = append(body, el("p").ID("verdict-refusal").Class("field-error").Body(
				app.A().Href("#"+field).Text(label), app.Text(": "+msg)))
		}
		return el("div").ID("verdict").Class("verdict").Body(body...)
	}
	e := p.est
	if e.Starts {
		r := e.Ranks[0]
		return el("div").ID("verdict").Class("verdict ok").Body(
			el("h2").Body(el("span").Class("badge ok").Text("✓"), app.Text(" "+p.t("verdict.starts"))),
			el("p").Class("num").Text(p.f("verdict.starts_detail", map[string]string{
				"kv": i18n.FormatGiB(r.KV.GiB()),
				// vLLM gives every worker the fewest blocks any has: the engine's figures.
				"tokens":      formatInt(e.Tokens),
				"concurrency": formatFloat(e.Concurrency, 2),
				"len":         formatInt(e.Resolved.MaxModelLen),
			})),
			p.renderBudgetLine(),
			p.renderCalibrated(),
		)
	}
	g := e.Failure
	return el("div").ID("verdict").Class("verdict fail").Body(
		el("h2").Body(el("span").Class("badge fail").Text("✗"), app.Text(" "+p.f("verdict.fails", map[string]string{"gate": p.t("gate." + g.ID + ".failed")}))),
		el("p").ID("verdict-why").Text(i18n.Reason(p.lang, g.Why.Key, g.Why.Args)),
		app.If(g.Message != "", func() app.UI {
			return el("div").Class("message").Body(
				el("pre").ID("vllm-message").Class("num").Text(g.Message),
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
	return el("p").ID("calibrated").Class("calibrated").Body(
		el("span").Class("badge na").Text(p.f("ui.calibrated", map[string]string{"figures": strings.Join(figs, p.t("ui.list_sep"))})),
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
	return el("p").Class("budget-eq num").Body(
		app.Text(p.t("ui.budget")+": "),
		el("span").ID("budget").Text(i18n.FormatGiB(r.Budget.GiB())),
		app.Text(" = "+formatFloat(p.est.Resolved.Utilization, 2)+" × "+i18n.FormatGiB(r.Total.GiB())+" ("+p.t("ui.reported_total")+")"),
	)
}
