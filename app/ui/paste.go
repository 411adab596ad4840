package ui

import (
	"math"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/app/urlstate"
	"vram/app/view"
)

// pasteBox is the paste box: what people bring (a config.json, the
// command they ran, the log that scared them), read in the page. It holds
// its text and what the parsers made of it; applying a paste goes through
// the page, which owns the state.
type pasteBox struct {
	app.Compo

	Lang  i18n.Lang
	State urlstate.State // the page's state: a paste is read against it
	apply func(ctx app.Context, change func(st *urlstate.State)) urlstate.State

	text    string
	result  view.Pasted
	open    bool
	files   []string // names of the files last dropped or chosen
	skipped []string // files not read (too large or unreadable)
}

func (b *pasteBox) t(key string) string { return i18n.T(b.Lang, key) }

func (b *pasteBox) f(key string, vars map[string]string) string { return i18n.F(b.Lang, key, vars) }

// renderPaste is the page's paste box.
func (p *Page) renderPaste() app.UI {
	return &pasteBox{Lang: p.lang, State: p.st, apply: p.applyPaste}
}

// applyPaste changes the state as a paste says and commits it; the paste
// box re-reads itself against the result.
func (p *Page) applyPaste(ctx app.Context, change func(st *urlstate.State)) urlstate.State {
	change(&p.st)
	p.raw, p.errs = map[string]string{}, map[string]string{}
	p.commit(ctx)
	showVerdict(ctx)
	return p.st
}

// Render lets people bring what they have: a config.json, the command
// they ran, or the log that scared them. Everything is parsed in the page.
func (b *pasteBox) Render() app.UI {
	r := b.result
	d := app.Details().ID("paste").Class("paste")
	if b.open { // never open="false": browsers read it as open
		d = d.Open(true)
	}
	// Dropped files land anywhere on the panel; without preventDefault on
	// dragover and drop the browser would open the file instead of the page.
	d = d.On("dragover", func(ctx app.Context, e app.Event) { e.PreventDefault() }).
		On("drop", func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			b.open = true
			readFiles(ctx, e.Get("dataTransfer").Get("files"), b.pasteFiles)
		})
	return d.Body(
		el("summary").Text(b.t("ui.paste_title")).
			OnClick(func(ctx app.Context, e app.Event) { b.open = !b.open }),
		el("p").Class("help").Text(b.t("ui.paste_help")),
		app.Label().For("paste-input").Class("visually-hidden").Text(b.t("ui.paste_title")),
		app.Textarea().ID("paste-input").Attr("spellcheck", "false").Text(b.text).
			OnInput(func(ctx app.Context, e app.Event) {
				b.text = ctx.JSSrc().Get("value").String()
				b.files, b.skipped = nil, nil
				b.result = view.ParsePaste(b.text, b.State)
			}),
		el("div").Class("paste-files").Body(
			app.Label().For("paste-file").Class("file-button").Text(b.t("ui.paste_choose")),
			app.Input().ID("paste-file").Type("file").Class("visually-hidden").Multiple(true).
				Accept(".json,.txt,.log,.sh,.py,.yaml,.yml,application/json,text/plain").
				OnChange(func(ctx app.Context, e app.Event) {
					in := ctx.JSSrc()
					readFiles(ctx, in.Get("files"), b.pasteFiles)
					in.Set("value", "") // choosing the same file again still fires change
				}),
			el("span").Class("help").Text(b.t("ui.paste_drop")),
		),
		app.If(len(b.files)+len(b.skipped) > 0, func() app.UI {
			return el("p").ID("paste-files-read").Class("help").Body(
				app.If(len(b.files) > 0, func() app.UI {
					return el("span").Text(b.f("ui.paste_files", map[string]string{"files": strings.Join(b.files, ", ")}))
				}),
				app.If(len(b.skipped) > 0, func() app.UI {
					return el("span").Class("bad").Text(" " + b.f("ui.paste_skipped", map[string]string{"files": strings.Join(b.skipped, ", ")}))
				}),
			)
		}),
		app.If(b.text != "", func() app.UI { return b.renderPasteResult(r) }),
	)
}

// renderPasteResult is what the parsers made of a paste, and its actions.
func (b *pasteBox) renderPasteResult(r view.Pasted) app.UI {
	return el("div").ID("paste-result").Body(
		el("p").Class("help").Text(b.f("ui.paste_kind", map[string]string{"kind": b.t("ui.paste_kind_" + r.Kind)})),
		el("ul").Class("findings").Body(
			app.Range(r.Findings).Slice(func(i int) app.UI {
				f := r.Findings[i]
				cls := "finding " + string(f.Kind)
				if f.Bad() {
					cls += " bad"
				}
				return el("li").Class(cls).Body(
					el("span").Class("finding-kind").Text(b.t("finding."+string(f.Kind))),
					el("code").Text(f.Field),
					app.If(f.Value != "", func() app.UI { return el("span").Class("finding-value").Text(" " + f.Value) }),
					app.If(f.Detail != "", func() app.UI {
						sep := " "
						if f.Value != "" {
							sep = " — "
						}
						return el("span").Class("finding-detail").Text(sep + i18n.Detail(b.Lang, f.Format, f.Args, f.Detail))
					}),
				)
			}),
		),
		app.If(len(r.Exits) > 0, func() app.UI {
			return el("div").ID("paste-exits").Class("verdict fail").Body(
				el("h3").Text(b.t("ui.paste_exits")),
				app.Range(r.Exits).Slice(func(i int) app.UI { return el("pre").Class("vllm-msg").Text("vllm serve: error: " + r.Exits[i]) }),
				el("p").Class("help").Text(b.t(map[bool]string{true: "ui.paste_exits_fix", false: "ui.paste_exits_nofix"}[r.ApplySuggested != nil])),
			)
		}),
		app.If(len(r.Kept) > 0, func() app.UI { return el("p").ID("paste-kept").Class("help").Text(b.keptLine(r.Kept)) }),
		app.If(len(r.Comparisons) > 0, func() app.UI { return b.renderComparisons(r.Comparisons) }),
		el("div").Class("paste-actions").Body(
			b.pasteAction("paste-apply", "ui.paste_apply", r.Apply),
			b.pasteAction("paste-apply-suggested", "ui.paste_apply_suggested", r.ApplySuggested),
			b.pasteAction("paste-calibrate", "ui.calibrate", r.Calibrate),
		),
	)
}

// pasteFiles puts the text of dropped or chosen files in the paste box, as
// if pasted, and parses it.
func (b *pasteBox) pasteFiles(ctx app.Context, text string, names, skipped []string) {
	b.files, b.skipped = names, skipped
	if len(names) == 0 {
		return
	}
	b.text = text
	b.result = view.ParsePaste(text, b.State)
	// The textarea's value property, not its text, is what the page shows
	// once a user has typed in it.
	if ta := app.Window().GetElementByID("paste-input"); ta.Truthy() {
		ta.Set("value", text)
	}
}

// renderComparisons holds a pasted log's figures against the prediction.
func (b *pasteBox) renderComparisons(cs []view.Comparison) app.UI {
	return el("table").ID("paste-compare").Class("figures num").Body(
		el("thead").Body(el("tr").Body(
			app.Th().Scope("col").Text(b.t("ui.table_part")),
			app.Th().Scope("col").Text(b.t("ui.measured")),
			app.Th().Scope("col").Text(b.t("ui.predicted")),
			app.Th().Scope("col").Text(b.t("ui.error_pct")),
		)),
		el("tbody").Body(
			app.Range(cs).Slice(func(i int) app.UI {
				c := cs[i]
				return el("tr").Body(
					app.Th().Scope("row").Text(b.t(c.Figure)),
					el("td").Text(figure(c.Measured, c.Unit)),
					el("td").Text(figure(c.Predicted, c.Unit)),
					el("td").Text(view.ErrorPct(c)),
				)
			}),
		),
	)
}

// keptLine says in one line what a paste left as the page had it, and why.
func (b *pasteBox) keptLine(ks []view.Kept) string {
	parts := make([]string, 0, len(ks))
	for _, k := range ks {
		parts = append(parts, b.f("ui.kept_"+k.What, map[string]string{"value": k.Value}))
	}
	return b.t("ui.kept") + " " + strings.Join(parts, b.t("ui.list_sep"))
}

// showVerdict scrolls the verdict into view once the page has rendered
// the applied paste. The jump is instant: a smooth scroll did not always
// end at the verdict (TestPasteImports saw it stop 2,400 px below it, near
// the paste box, once the form had grown).
func showVerdict(ctx app.Context) {
	ctx.After(0, func(app.Context) {
		if v := app.Window().GetElementByID("verdict"); v.Truthy() {
			v.Call("scrollIntoView", map[string]any{"block": "start"})
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

// pasteAction is one of a paste's buttons: it changes the state as the
// paste says, then shows the verdict; nothing when the paste offers none.
func (b *pasteBox) pasteAction(id, label string, apply func(st *urlstate.State)) app.UI {
	if apply == nil {
		return app.Text("")
	}
	return app.Button().ID(id).Type("button").Class("apply").Text(b.t(label)).
		OnClick(func(ctx app.Context, e app.Event) {
			st := b.apply(ctx, apply)
			b.State = st
			b.result = view.ParsePaste(b.text, st)
		})
}
