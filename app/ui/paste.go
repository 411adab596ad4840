package ui

import (
	"math"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/app/view"
)

// pasteState is the paste box: its text and what the parsers made of it.
type pasteState struct {
	text    string
	result  view.Pasted
	open    bool
	files   []string // names of the files last dropped or chosen
	skipped []string // files not read (too large or unreadable)
}

// renderPaste lets people bring what they have: a config.json, the command
// they ran, or the log that scared them. Everything is parsed in the page.
func (p *Page) renderPaste() app.UI {
	r := p.paste.result
	d := app.Details().ID("paste").Class("paste")
	if p.paste.open { // never open="false": browsers read it as open
		d = d.Open(true)
	}
	// Dropped files land anywhere on the panel; without preventDefault on
	// dragover and drop the browser would open the file instead of the page.
	d = d.On("dragover", func(ctx app.Context, e app.Event) { e.PreventDefault() }).
		On("drop", func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			p.paste.open = true
			readFiles(ctx, e.Get("dataTransfer").Get("files"), p.pasteFiles)
		})
	return d.Body(
		el("summary").Text(p.t("ui.paste_title")).
			OnClick(func(ctx app.Context, e app.Event) { p.paste.open = !p.paste.open }),
		el("p").Class("help").Text(p.t("ui.paste_help")),
		app.Label().For("paste-input").Class("visually-hidden").Text(p.t("ui.paste_title")),
		app.Textarea().ID("paste-input").Attr("spellcheck", "false").Text(p.paste.text).
			OnInput(func(ctx app.Context, e app.Event) {
				p.paste.text = ctx.JSSrc().Get("value").String()
				p.paste.files, p.paste.skipped = nil, nil
				p.paste.result = view.ParsePaste(p.paste.text, p.st)
			}),
		el("div").Class("paste-files").Body(
			app.Label().For("paste-file").Class("file-button").Text(p.t("ui.paste_choose")),
			app.Input().ID("paste-file").Type("file").Class("visually-hidden").Multiple(true).
				Accept(".json,.txt,.log,.sh,.py,.yaml,.yml,application/json,text/plain").
				OnChange(func(ctx app.Context, e app.Event) {
					in := ctx.JSSrc()
					readFiles(ctx, in.Get("files"), p.pasteFiles)
					in.Set("value", "") // choosing the same file again still fires change
				}),
			el("span").Class("help").Text(p.t("ui.paste_drop")),
		),
		app.If(len(p.paste.files)+len(p.paste.skipped) > 0, func() app.UI {
			return el("p").ID("paste-files-read").Class("help").Body(
				app.If(len(p.paste.files) > 0, func() app.UI {
					return el("span").Text(p.f("ui.paste_files", map[string]string{"files": strings.Join(p.paste.files, ", ")}))
				}),
				app.If(len(p.paste.skipped) > 0, func() app.UI {
					return el("span").Class("bad").Text(" " + p.f("ui.paste_skipped", map[string]string{"files": strings.Join(p.paste.skipped, ", ")}))
				}),
			)
		}),
		app.If(p.paste.text != "", func() app.UI { return p.renderPasteResult(r) }),
	)
}

// renderPasteResult is what the parsers made of a paste, and its actions.
func (p *Page) renderPasteResult(r view.Pasted) app.UI {
	return el("div").ID("paste-result").Body(
		el("p").Class("help").Text(p.f("ui.paste_kind", map[string]string{"kind": p.t("ui.paste_kind_" + r.Kind)})),
		el("ul").Class("findings").Body(
			app.Range(r.Findings).Slice(func(i int) app.UI {
				f := r.Findings[i]
				cls := "finding " + string(f.Kind)
				if f.Bad() {
					cls += " bad"
				}
				return el("li").Class(cls).Body(
					el("span").Class("finding-kind").Text(p.t("finding."+string(f.Kind))),
					el("code").Text(f.Field),
					app.If(f.Value != "", func() app.UI { return el("span").Class("finding-value").Text(" " + f.Value) }),
					app.If(f.Detail != "", func() app.UI {
						sep := " "
						if f.Value != "" {
							sep = " — "
						}
						return el("span").Class("finding-detail").Text(sep + i18n.Detail(p.lang, f.Format, f.Args, f.Detail))
					}),
				)
			}),
		),
		app.If(len(r.Exits) > 0, func() app.UI {
			return el("div").ID("paste-exits").Class("verdict fail").Body(
				el("h3").Text(p.t("ui.paste_exits")),
				app.Range(r.Exits).Slice(func(i int) app.UI { return el("pre").Class("vllm-msg").Text("vllm serve: error: " + r.Exits[i]) }),
				el("p").Class("help").Text(p.t(map[bool]string{true: "ui.paste_exits_fix", false: "ui.paste_exits_nofix"}[r.ApplySuggested != nil])),
			)
		}),
		app.If(len(r.Kept) > 0, func() app.UI { return el("p").ID("paste-kept").Class("help").Text(p.keptLine(r.Kept)) }),
		app.If(len(r.Comparisons) > 0, func() app.UI { return p.renderComparisons(r.Comparisons) }),
		el("div").Class("paste-actions").Body(
			app.If(r.Apply != nil, func() app.UI {
				return app.Button().ID("paste-apply").Type("button").Class("apply").Text(p.t("ui.paste_apply")).
					OnClick(func(ctx app.Context, e app.Event) {
						r.Apply(&p.st)
						p.raw, p.errs = map[string]string{}, map[string]string{}
						p.commit(ctx)
						p.paste.result = view.ParsePaste(p.paste.text, p.st)
						showVerdict(ctx)
					})
			}),
			app.If(r.ApplySuggested != nil, func() app.UI {
				return app.Button().ID("paste-apply-suggested").Type("button").Class("apply").Text(p.t("ui.paste_apply_suggested")).
					OnClick(func(ctx app.Context, e app.Event) {
						r.ApplySuggested(&p.st)
						p.raw, p.errs = map[string]string{}, map[string]string{}
						p.commit(ctx)
						p.paste.result = view.ParsePaste(p.paste.text, p.st)
						showVerdict(ctx)
					})
			}),
			app.If(r.Calibrate != nil, func() app.UI {
				return app.Button().ID("paste-calibrate").Type("button").Class("apply").Text(p.t("ui.calibrate")).
					OnClick(func(ctx app.Context, e app.Event) {
						r.Calibrate(&p.st)
						p.raw, p.errs = map[string]string{}, map[string]string{}
						p.commit(ctx)
						p.paste.result = view.ParsePaste(p.paste.text, p.st)
						showVerdict(ctx)
					})
			}),
		),
	)
}

// pasteFiles puts the text of dropped or chosen files in the paste box, as
// if pasted, and parses it.
func (p *Page) pasteFiles(ctx app.Context, text string, names, skipped []string) {
	p.paste.files, p.paste.skipped = names, skipped
	if len(names) == 0 {
		return
	}
	p.paste.text = text
	p.paste.result = view.ParsePaste(text, p.st)
	// The textarea's value property, not its text, is what the page shows
	// once a user has typed in it.
	if ta := app.Window().GetElementByID("paste-input"); ta.Truthy() {
		ta.Set("value", text)
	}
}

// renderComparisons holds a pasted log's figures against the prediction.
func (p *Page) renderComparisons(cs []view.Comparison) app.UI {
	return el("table").ID("paste-compare").Class("figures num").Body(
		el("thead").Body(el("tr").Body(
			app.Th().Scope("col").Text(p.t("ui.table_part")),
			app.Th().Scope("col").Text(p.t("ui.measured")),
			app.Th().Scope("col").Text(p.t("ui.predicted")),
			app.Th().Scope("col").Text(p.t("ui.error_pct")),
		)),
		el("tbody").Body(
			app.Range(cs).Slice(func(i int) app.UI {
				c := cs[i]
				return el("tr").Body(
					app.Th().Scope("row").Text(p.t(c.Figure)),
					el("td").Text(figure(c.Measured, c.Unit)),
					el("td").Text(figure(c.Predicted, c.Unit)),
					el("td").Text(view.ErrorPct(c)),
				)
			}),
		),
	)
}

// keptLine says in one line what a paste left as the page had it, and why.
func (p *Page) keptLine(ks []view.Kept) string {
	parts := make([]string, 0, len(ks))
	for _, k := range ks {
		parts = append(parts, p.f("ui.kept_"+k.What, map[string]string{"value": k.Value}))
	}
	return p.t("ui.kept") + " " + strings.Join(parts, p.t("ui.list_sep"))
}

// showVerdict scrolls the verdict into view once the page has rendered
// the applied paste.
func showVerdict(ctx app.Context) {
	ctx.After(0, func(app.Context) {
		if v := app.Window().GetElementByID("verdict"); v.Truthy() {
			v.Call("scrollIntoView", map[string]any{"behavior": "smooth", "block": "start"})
		}
	})
}

// figure writes a compared figure in its unit: counts as whole numbers with
// thousands separators, concurrency as "39.93×", bytes in GiB.
func figure(v float64, unit string) string {
	switch unit {
	case "tokens", "blocks", "requests":
		return formatInt(int(math.Round(v))) + " " + unit
	case "x":
		return formatFloat(v, 2) + "×"
	}
	return formatFloat(v, 2) + " " + unit
}
