package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/app/view"
	"vram/calc"
)

// renderTable lists the first rank's ledger, part by part, with the same
// figures the chart draws: GiB, the share of the reported total, whether
// the release counts the part inside u·T, and whether the vLLM process
// holds it; then the budget, what is overdrawn or short, the footprint,
// the KV tokens and the concurrency.
func (p *Page) renderTable() app.UI {
	if !p.hasEst {
		return el("div")
	}
	r := p.est.Ranks[0]
	l := r.Ledger
	bar := view.Chart(l)
	yes := func(b bool) string { return map[bool]string{true: p.t("ui.yes"), false: p.t("ui.no")}[b] }
	row := func(id, label, help string, b calc.Bytes, share, in, own string) app.UI {
		return el("tr").ID("row-"+id).Body(
			app.Th().Scope("row").Title(help).Text(label),
			el("td").Text(i18n.FormatGiB(b.GiB())),
			el("td").Text(share), el("td").Text(in), el("td").Text(own),
		)
	}
	var rows []app.UI
	for _, s := range bar.Segments {
		share, in, own := "—", "—", "—"
		if !s.Beyond && s.Key != view.PartReserved {
			share = formatFloat(s.Share, 1) + "%"
		}
		if l.BudgetApplies && s.Key != calc.PartFree && s.Key != view.PartReserved {
			in = yes(s.InBudget)
		}
		if s.Key != calc.PartFree && s.Key != view.PartReserved {
			own = yes(s.Own && !s.Beyond)
		}
		id := s.Key
		if s.Beyond {
			id += "-beyond"
		}
		label := partLabel(p.lang, s.Part)
		if s.Key == calc.PartWeights && r.Weights.FromFiles {
			label += " " + p.t("ui.weights_from_files")
		}
		rows = append(rows, row(id, label, p.t("part."+s.Key+".help"), s.Bytes, share, in, own))
	}
	sum := func(id string, b calc.Bytes, show bool) app.UI {
		return app.If(show, func() app.UI {
			return el("tr").ID("row-"+id).Class("sum").Body(
				app.Th().Scope("row").Title(p.t("ui.row_"+id+".help")).Text(p.t("ui.row_"+id)),
				el("td").Text(i18n.FormatGiB(b.GiB())),
				el("td").Text(formatFloat(pctOf(b, l.Total), 1)+"%"), el("td").Text(""), el("td").Text(""),
			)
		})
	}
	return el("table").ID("figures").Class("figures num").Body(
		el("thead").Body(el("tr").Body(
			app.Th().Scope("col").Text(p.t("ui.table_part")),
			app.Th().Scope("col").Text(p.t("ui.table_gib")),
			app.Th().Scope("col").Text(p.t("ui.table_share")),
			app.Th().Scope("col").Text(p.t("ui.in_budget")),
			app.Th().Scope("col").Text(p.t("ui.in_process")),
		)),
		el("tbody").Body(rows...),
		el("tbody").Body(
			sum("budget", l.Budget, l.BudgetApplies),
			sum("overdrawn", l.Overdrawn, l.Overdrawn > 0),
			sum("short", l.Short, l.Short > 0),
			sum("footprint", l.Footprint, true),
			el("tr").Body(
				app.Th().Scope("row").Text(p.t("ui.kv_tokens")),
				el("td").ID("kv-tokens").Attr("colspan", 4).Text(p.f(tokensKey(r.KVGroups), map[string]string{
					"tokens": formatInt(p.est.Tokens), "blocks": formatInt(p.est.Blocks), "block": formatInt(p.est.Resolved.BlockSize),
					"groups": formatInt(r.KVGroups)})),
			),
			el("tr").Body(
				app.Th().Scope("row").Text(p.t("ui.concurrency")),
				el("td").ID("concurrency").Attr("colspan", 4).Text(p.f("ui.concurrency_value", map[string]string{
					"x": formatFloat(p.est.Concurrency, 2), "len": formatInt(p.est.Resolved.MaxModelLen)})),
			),
		),
	)
}

// tokensKey words the token count: blocks × block, or, where hybrid KV
// groups share the blocks, blocks ÷ groups × block.
func tokensKey(groups int) string {
	if groups > 1 {
		return "ui.kv_tokens_groups"
	}
	return "ui.kv_tokens_value"
}
