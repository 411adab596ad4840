package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/app/view"
	"vram/calc"
)

const svgNS = "http://www.w3.org/2000/svg"

func svg(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(svgNS) }

// renderCharts draws one stacked bar per distinct rank (PP stage): what the
// budget holds, what lives outside it, the budget line (u x total) and the
// reported total, on the nameplate's scale.
func (p *Page) renderCharts() app.UI {
	if !p.hasEst {
		return app.Div()
	}
	return app.Div().ID("charts").Class("charts").Body(
		app.Range(p.est.Ranks).Slice(func(i int) app.UI { return p.renderChart(i, p.est.Ranks[i]) }),
		p.renderPeakDetail(),
	)
}

func (p *Page) renderChart(i int, r calc.RankEstimate) app.UI {
	bar := view.Chart(r, p.sc.Device.Nameplate)
	title := p.sc.Device.Name
	if r.Devices > 1 {
		title += " " + p.f("ui.devices_note", map[string]string{"n": formatInt(r.Devices)})
	}
	if len(p.est.Ranks) > 1 {
		title += " · PP stage " + formatInt(r.Stage)
	}
	var rects []app.UI
	for _, s := range bar.Segments {
		s := s
		label := p.t("part."+s.Key) + ": " + i18n.FormatGiB(s.Bytes.GiB()) + " (" + formatFloat(s.Share, 1) + "%)"
		cls := "seg seg-" + s.Key
		if !s.InBudget {
			cls += " outside"
		}
		if p.detail == s.Key {
			cls += " picked"
		}
		rects = append(rects, svg("rect").Class(cls).
			Attr("x", formatFloat(s.Start*10, 2)).Attr("y", "18").
			Attr("width", formatFloat(s.Width*10, 2)).Attr("height", "44").
			Attr("tabindex", "0").Attr("role", "img").Aria("label", label).
			OnClick(func(ctx app.Context, e app.Event) { p.detail = s.Key }).
			Body(svg("title").Text(label)))
	}
	// The budget line is labelled above the bar, the total below, so the
	// two never collide when u is close to 1.
	marker := func(at float64, cls, text, labelY string) app.UI {
		x := formatFloat(at*10, 2)
		anchor := "end"
		if at < 30 {
			anchor = "start"
		}
		return svg("g").Class(cls).Body(
			svg("line").Attr("x1", x).Attr("x2", x).Attr("y1", "12").Attr("y2", "68"),
			svg("text").Attr("x", x).Attr("y", labelY).Attr("text-anchor", anchor).Text(text),
		)
	}
	return app.Figure().Class("chart").Body(
		app.FigCaption().Text(title),
		svg("svg").Attr("viewBox", "0 0 1000 84").Attr("preserveAspectRatio", "none").
			Attr("role", "group").Aria("label", title).Class("bar").Body(
			append(rects,
				marker(bar.BudgetAt, "mark budget-mark", p.t("part.budget_line")+" "+i18n.FormatGiB(r.Budget.GiB()), "10"),
				marker(bar.TotalAt, "mark total-mark", p.t("part.total_line")+" "+i18n.FormatGiB(r.Total.GiB()), "80"),
			)...,
		),
		app.Ul().Class("legend").Body(
			app.Range(bar.Segments).Slice(func(j int) app.UI {
				s := bar.Segments[j]
				return app.Li().Body(
					app.Button().Type("button").Class("legend-item").Aria("pressed", p.detail == s.Key).
						OnClick(func(ctx app.Context, e app.Event) { p.detail = s.Key }).Body(
						app.Span().Class("swatch seg-"+s.Key),
						app.Text(p.t("part."+s.Key)+" "+i18n.FormatGiB(s.Bytes.GiB())),
					),
				)
			}),
		),
		app.If(p.detail != "", func() app.UI {
			return app.P().Class("detail").ID("chart-detail").Text(p.t("part." + p.detail + ".help"))
		}),
	)
}

// renderPeakDetail splits the profile-run peak into its parts and names the
// multimodal dummy item that was profiled.
func (p *Page) renderPeakDetail() app.UI {
	pk := p.est.Ranks[0].Peak
	item := ""
	switch {
	case p.sc.Model.Vision != nil && pk.Item.Count == 0:
		// The encoder is not profiled (vllm-ascend 0.9–0.12, or
		// --skip-mm-profiling): its runtime memory is outside every figure.
		item = p.t("ui.encoder_not_profiled")
	case pk.Item.Count > 0:
		item = p.f("ui.profiled_item", map[string]string{
			"count": formatInt(pk.Item.Count), "modality": p.t("ui.modality_" + pk.Item.Modality),
			"tokens": formatInt(pk.Item.Tokens), "patches": formatInt(pk.Item.Patches),
		})
	}
	return app.P().ID("peak-detail").Class("peak-detail num").Body(
		app.Strong().Text(p.t("part.peak")+" "+i18n.FormatGiB(pk.Total.GiB())+": "),
		app.Text(p.t("part.decoder")+" "+i18n.FormatGiB(pk.Decoder.GiB())+" · "+
			p.t("part.sampler")+" "+i18n.FormatGiB(pk.Sampler.GiB())+" · "+
			p.t("part.encoder")+" "+i18n.FormatGiB((pk.Encoder).GiB())+" · "+
			p.t("ui.dominant")+": "+p.t("part."+pk.Dominant)),
		app.If(item != "", func() app.UI { return app.Span().Text(" · " + item) }),
	)
}
