package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/app/view"
	"vram/calc"
	"vram/presets"
)

const svgNS = "http://www.w3.org/2000/svg"

func svg(tag string) app.HTMLElem { return app.Elem(tag).XMLNS(svgNS) }

// renderCharts draws one bar per distinct rank (PP stage) and the split of
// the profile-run peak.
func (p *Page) renderCharts() app.UI {
	if !p.hasEst {
		return el("div")
	}
	return el("div").ID("charts").Class("charts").Body(
		app.Range(p.est.Ranks).Slice(func(i int) app.UI {
			r := p.est.Ranks[i]
			title := presets.DeviceName(p.sc.Device, string(p.lang))
			if r.Devices > 1 {
				title += " " + p.f("ui.devices_note", map[string]string{"n": formatInt(r.Devices)})
			}
			if len(p.est.Ranks) > 1 {
				title += " · PP stage " + formatInt(r.Stage)
			}
			return &ledgerChart{Lang: p.lang, Title: title, Ledger: r.Ledger, Index: i, Smi: smiName(p.sc.Device.Platform)}
		}),
		p.renderPeakDetail(),
	)
}

func smiName(pl calc.Platform) string {
	if pl == calc.Ascend {
		return "npu-smi"
	}
	return "nvidia-smi"
}

// ledgerChart is one rank's ledger as a stacked bar with the budget
// bracket, the overdrawn and short spans, a legend and the footprint
// line. Its own state is the part the user picked.
type ledgerChart struct {
	app.Compo

	Lang   i18n.Lang
	Title  string
	Ledger calc.Ledger
	Index  int
	Smi    string // "nvidia-smi" or "npu-smi"

	picked string
}

func (c *ledgerChart) t(key string) string { return i18n.T(c.Lang, key) }

func (c *ledgerChart) f(key string, vars map[string]string) string { return i18n.F(c.Lang, key, vars) }

func (c *ledgerChart) Render() app.UI {
	bar := view.Chart(c.Ledger)
	l := c.Ledger
	var shapes []app.UI
	for _, s := range bar.Segments {
		s := s
		label := partLabel(c.Lang, s.Part) + ": " + i18n.FormatGiB(s.Bytes.GiB())
		if s.Share > 0 {
			label += " (" + formatFloat(s.Share, 1) + "%)"
		}
		cls := "seg seg-" + s.Key
		if !s.InBudget {
			cls += " outside"
		}
		if s.Beyond {
			cls += " beyond"
		}
		if c.picked == s.Key {
			cls += " picked"
		}
		shapes = append(shapes, svg("rect").Class(cls).
			Attr("x", x10(s.Start)).Attr("y", "22").Attr("width", x10(s.Width)).Attr("height", "40").
			Attr("tabindex", "0").Attr("role", "img").Aria("label", label).
			OnClick(func(ctx app.Context, e app.Event) { c.picked = s.Key }).
			Body(svg("title").Text(label)))
	}
	if bar.Budget {
		shapes = append(shapes, span("mark budget-mark", bar.BudgetFrom, bar.BudgetAt, 14,
			c.t("part.budget_line")+" "+i18n.FormatGiB(l.Budget.GiB()), 10))
	}
	if l.Overdrawn > 0 {
		shapes = append(shapes, span("mark overdrawn-mark", bar.BudgetAt, bar.OverdrawnTo, 18,
			c.t("part.overdrawn_line")+" "+i18n.FormatGiB(l.Overdrawn.GiB()), -1))
	}
	shapes = append(shapes, line("mark total-mark", bar.TotalAt, c.t("part.total_line")+" "+i18n.FormatGiB(l.Total.GiB())))
	if l.Short > 0 {
		shapes = append(shapes, span("mark short-mark", bar.ShortFrom, bar.ShortTo, 66,
			c.t("part.short_line")+" "+i18n.FormatGiB(l.Short.GiB()), 80))
	}
	return el("figure").Class("chart").ID("chart-"+formatInt(c.Index)).Body(
		el("figcaption").Text(c.Title),
		svg("svg").Attr("viewBox", "0 0 1000 84").Attr("preserveAspectRatio", "none").
			Attr("role", "group").Aria("label", c.Title).Class("bar").Body(shapes...),
		el("ul").Class("legend").Body(
			app.Range(bar.Segments).Slice(func(j int) app.UI {
				s := bar.Segments[j]
				return el("li").Body(
					app.Button().Type("button").Class("legend-item").Aria("pressed", c.picked == s.Key).
						OnClick(func(ctx app.Context, e app.Event) { c.picked = s.Key }).Body(
						el("span").Class("swatch seg-"+s.Key),
						app.Text(partLabel(c.Lang, s.Part)+" "+i18n.FormatGiB(s.Bytes.GiB())),
					),
				)
			}),
		),
		el("p").Class("footprint num").ID("footprint-"+formatInt(c.Index)).Text(c.f("ui.footprint", map[string]string{
			"smi": c.Smi, "footprint": i18n.FormatGiB(l.Footprint.GiB()),
			"share":  formatFloat(pctOf(l.Footprint, l.Total+l.Reserved), 1),
			"others": i18n.FormatGiB(l.Part(calc.PartOthers).GiB()),
			"used":   i18n.FormatGiB((l.Footprint + l.Part(calc.PartOthers) + l.Reserved).GiB()),
			"card":   i18n.FormatGiB((l.Total + l.Reserved).GiB()),
		})),
		app.If(c.picked != "", func() app.UI {
			return el("p").Class("detail").ID("chart-detail").Text(c.t("part." + c.picked + ".help"))
		}),
	)
}

// partLabel names a part, and says when the piece lies beyond the device.
func partLabel(l i18n.Lang, p calc.Part) string {
	if p.Beyond {
		return i18n.F(l, "part.beyond", map[string]string{"part": i18n.T(l, "part."+p.Key)})
	}
	return i18n.T(l, "part."+p.Key)
}

func pctOf(b, of calc.Bytes) float64 {
	if of <= 0 {
		return 0
	}
	return 100 * float64(b) / float64(of)
}

// x10 maps a percent of the bar to the 0–1000 viewBox.
func x10(pct float64) string { return formatFloat(pct*10, 2) }

// line is a vertical marker at pct with its label below the bar.
func line(cls string, at float64, text string) app.UI {
	return svg("g").Class(cls).Body(
		svg("line").Attr("x1", x10(at)).Attr("x2", x10(at)).Attr("y1", "16").Attr("y2", "68"),
		svg("text").Attr("x", x10(at)).Attr("y", "80").Attr("text-anchor", anchor(at)).Text(text),
	)
}

// span is a bracket from..to at height y (the budget, what is overdrawn,
// what the device lacks) with its label at labelY (none when negative).
func span(cls string, from, to float64, y int, text string, labelY int) app.UI {
	ys := formatInt(y)
	g := []app.UI{
		svg("line").Attr("x1", x10(from)).Attr("x2", x10(to)).Attr("y1", ys).Attr("y2", ys),
		svg("line").Attr("x1", x10(to)).Attr("x2", x10(to)).Attr("y1", formatInt(y-4)).Attr("y2", "66"),
	}
	if from > 0 {
		g = append(g, svg("line").Attr("x1", x10(from)).Attr("x2", x10(from)).Attr("y1", formatInt(y-4)).Attr("y2", formatInt(y+4)))
	}
	if labelY >= 0 {
		g = append(g, svg("text").Attr("x", x10(to)).Attr("y", formatInt(labelY)).Attr("text-anchor", anchor(to)).Text(text))
	}
	g = append(g, svg("title").Text(text))
	return svg("g").Class(cls).Body(g...)
}

// anchor keeps a label inside the 0–1000 viewBox.
func anchor(at float64) string {
	switch {
	case at < 25:
		return "start"
	case at > 75:
		return "end"
	}
	return "middle"
}

// renderPeakDetail splits the profile-run peak into its parts and names the
// multimodal dummy item that was profiled.
func (p *Page) renderPeakDetail() app.UI {
	k := p.est.Ranks[0]
	pk := k.Peak
	notes := p.est.Notes
	return el("div").Body(
		el("p").ID("peak-detail").Class("peak-detail num").Body(
			el("strong").Text(p.t("part.activation")+" "+i18n.FormatGiB(k.Activation.GiB())+": "),
			app.Text(p.t("part.decoder")+" "+i18n.FormatGiB(pk.Decoder.GiB())+" · "+
				p.t("part.sampler")+" "+i18n.FormatGiB(pk.Sampler.GiB())+" · "+
				p.t("part.encoder")+" "+i18n.FormatGiB(pk.Encoder.GiB())+" · "+
				p.t("ui.dominant")+": "+p.t("part."+pk.Dominant)),
		),
		el("ul").ID("estimate-notes").Class("estimate-notes").Body(
			app.Range(notes).Slice(func(i int) app.UI {
				return el("li").Text(i18n.Reason(p.lang, notes[i].Key, notes[i].Args))
			}),
		),
	)
}

// el is an HTML element by its tag: one generic element type instead of
// one per tag keeps app.wasm smaller (each of go-app's element types
// brings its whole method set); the typed constructors stay where an
// element needs its own attributes (Button, Input, Select, A, Label, …).
func el(tag string) app.HTMLElem { return app.Elem(tag) }
