package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/calc"
	"vram/presets"
)

// renderCompare pins the current scenario; after any change both stand side
// by side with the differing rows marked (e.g. vLLM 0.7 against 0.8.3).
func (p *Page) renderCompare() app.UI {
	if !p.hasEst {
		return el("div")
	}
	head := el("div").Class("compare-actions").Body(
		app.Button().Type("button").ID("pin").Text(p.t("ui.compare_pin")).
			OnClick(func(ctx app.Context, e app.Event) {
				pin := p.st
				pin.Pin = nil
				p.st.Pin = &pin // in the link: the comparison can be shared
				p.commit(ctx)
			}),
		app.Button().Type("button").ID("add-to-card").Text(p.t("ui.add_to_card")).
			OnClick(func(ctx app.Context, e app.Event) { p.addToCard(ctx) }),
		app.If(p.pin != nil, func() app.UI {
			return app.Button().Type("button").ID("unpin").Text(p.t("ui.compare_clear")).
				OnClick(func(ctx app.Context, e app.Event) { p.st.Pin = nil; p.commit(ctx) })
		}),
	)
	if p.pin == nil {
		return el("section").ID("compare").Class("compare").Body(head)
	}
	return el("section").ID("compare").Class("compare").Body(
		el("h2").Text(p.t("ui.compare_title")),
		head,
		p.renderCompareTable(),
	)
}

// renderCompareTable is the pinned scenario against the current one, the
// differing rows marked.
func (p *Page) renderCompareTable() app.UI {
	rows := compareRows(p, p.pin.sc, p.pin.est, p.sc, p.est)
	return el("table").ID("compare-table").Class("figures num").Body(
		el("thead").Body(el("tr").Body(
			app.Th().Text(""), app.Th().Scope("col").Text(p.t("ui.pinned")), app.Th().Scope("col").Text(p.t("ui.current")),
		)),
		el("tbody").Body(
			app.Range(rows).Slice(func(i int) app.UI {
				r := rows[i]
				cls := ""
				if r[1] != r[2] {
					cls = "diff"
				}
				return el("tr").Class(cls).Body(app.Th().Scope("row").Text(r[0]), el("td").Text(r[1]), el("td").Text(r[2]))
			}),
		),
	)
}

// compareRows are the figures shown side by side: label, pinned, current.
func compareRows(p *Page, sa calc.Scenario, a calc.Estimate, sb calc.Scenario, b calc.Estimate) [][3]string {
	verdict := func(e calc.Estimate) string {
		if e.Starts {
			return p.t("verdict.starts")
		}
		return p.f("verdict.fails", map[string]string{"gate": p.t("gate." + e.Failure.ID + ".failed")})
	}
	gib := func(x calc.Bytes) string { return i18n.FormatGiB(x.GiB()) }
	ra, rb := a.Ranks[0], b.Ranks[0]
	return [][3]string{
		{p.t("field.engine.label"), sa.Engine.Name, sb.Engine.Name},
		{p.t("field.model.label"), sa.Model.ID, sb.Model.ID},
		{p.t("field.device.label"), presets.DeviceName(sa.Device, string(p.lang)), presets.DeviceName(sb.Device, string(p.lang))},
		{"--gpu-memory-utilization", formatFloat(a.Resolved.Utilization, 2), formatFloat(b.Resolved.Utilization, 2)},
		{"--max-model-len", formatInt(a.Resolved.MaxModelLen), formatInt(b.Resolved.MaxModelLen)},
		{"--max-num-seqs", formatInt(a.Resolved.MaxNumSeqs), formatInt(b.Resolved.MaxNumSeqs)},
		{"--max-num-batched-tokens", formatInt(a.Resolved.MaxNumBatchedTokens), formatInt(b.Resolved.MaxNumBatchedTokens)},
		{p.t("part.weights"), gib(ra.Weights.Total), gib(rb.Weights.Total)},
		{p.t("part.decoder"), gib(ra.Peak.Decoder), gib(rb.Peak.Decoder)},
		{p.t("part.sampler"), gib(ra.Peak.Sampler), gib(rb.Peak.Sampler)},
		{p.t("part.encoder"), gib(ra.Peak.Encoder), gib(rb.Peak.Encoder)},
		{p.t("part.activation"), gib(ra.Activation), gib(rb.Activation)},
		{p.t("ui.non_torch_memory"), gib(ra.NonTorch), gib(rb.NonTorch)},
		{p.t("part.others"), gib(ra.Ledger.Part(calc.PartOthers)), gib(rb.Ledger.Part(calc.PartOthers))},
		{p.t("part.graphs"), gib(ra.Graphs.Bytes), gib(rb.Graphs.Bytes)},
		{p.t("part.kv"), gib(ra.KV), gib(rb.KV)},
		{p.t("ui.row_footprint"), gib(ra.Ledger.Footprint), gib(rb.Ledger.Footprint)},
		{p.t("ui.kv_tokens"), formatInt(a.Tokens), formatInt(b.Tokens)}, // engine-wide: the fewest blocks of any worker
		{p.t("ui.verdict"), verdict(a), verdict(b)},
	}
}
