package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/app/view"
)

// renderTable shows the chart's figures in GiB and as a share of the device,
// with the KV tokens and the maximum concurrency.
func (p *Page) renderTable() app.UI {
	if !p.hasEst {
		return app.Div()
	}
	r := p.est.Ranks[0]
	bar := view.Chart(r, p.sc.Device.Nameplate)
	return app.Table().ID("figures").Class("figures num").Body(
		app.THead().Body(app.Tr().Body(
			app.Th().Scope("col").Text(p.t("ui.table_part")),
			app.Th().Scope("col").Text(p.t("ui.table_gib")),
			app.Th().Scope("col").Text(p.t("ui.table_share")),
			app.Th().Scope("col").Text(p.t("ui.in_budget")),
		)),
		app.TBody().Body(
			app.Range(bar.Segments).Slice(func(i int) app.UI {
				s := bar.Segments[i]
				in := "—"
				if s.Key != view.PartFree && s.Key != view.PartReserved {
					in = map[bool]string{true: p.t("ui.yes"), false: p.t("ui.no")}[s.InBudget]
				}
				return app.Tr().ID("row-"+s.Key).Body(
					app.Th().Scope("row").Title(p.t("part."+s.Key+".help")).Text(p.t("part."+s.Key)),
					app.Td().Text(i18n.FormatGiB(s.Bytes.GiB())),
					app.Td().Text(formatFloat(s.Share, 1)+"%"),
					app.Td().Text(in),
				)
			}),
			app.Tr().Body(
				app.Th().Scope("row").Text(p.t("ui.kv_tokens")),
				app.Td().ID("kv-tokens").ColSpan(3).Text(formatInt(r.Tokens)+" ("+formatInt(r.Blocks)+" blocks × "+formatInt(p.est.Resolved.BlockSize)+")"),
			),
			app.Tr().Body(
				app.Th().Scope("row").Text(p.t("ui.concurrency")),
				app.Td().ID("concurrency").ColSpan(3).Text(formatFloat(r.Concurrency, 2)+"x @ "+formatInt(p.est.Resolved.MaxModelLen)),
			),
		),
	)
}
