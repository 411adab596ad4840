// Package ui holds the calculator's go-app components, one per file. They
// render what calc and view compute and wire events; no arithmetic here.
package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/app/urlstate"
	"vram/app/view"
	"vram/calc"
	"vram/presets"
)

// Page is the routed root component. Its state lives in unexported fields
// (go-app resets the routed component's exported fields on navigation) and
// in the address, which is the single source of truth for the inputs.
type Page struct {
	app.Compo

	st      urlstate.State
	lang    i18n.Lang
	sc      calc.Scenario
	preset  presets.Preset
	est     calc.Estimate // last good estimate: an invalid input keeps it on screen
	hasEst  bool
	base    calc.Estimate // the preset's own estimate: its resolved values are the defaults
	notices []view.Notice
	errs    map[string]string // field flag name -> parse error shown beside it
	calcErr [2]string         // field flag name and message of calc's last error
	advOpen bool              // the advanced options were opened for a set field: they stay open
	raw     map[string]string // text as typed in each number field

	mounted bool
	renders int  // bumped on every render: tests wait on it (data-renders)
	update  bool // a new version was installed: offer a reload
	copied  string
	detail  string // chart segment the user tapped
	pin     *pinned
	card    view.Card  // the card view's content (?view=card)
	hubRepo string     // a model id the catalog lacks, typed in the model field
	story   string     // the preset's story, filled from the estimate
	notes   []noteLine // the preset's notes, evaluated
	// addressGen counts commits; a pending address write runs only if no
	// commit or navigation came after it.
	addressGen int
	// self is the page's own context (OnMount): work scheduled for later
	// runs on it, since go-app drops a Dispatch whose source element is
	// gone (a fix's button vanishes once the fix is applied).
	self      app.Context
	hasSelf   bool
	earlyDone bool // the early edits were applied
}

type pinned struct {
	st  urlstate.State
	sc  calc.Scenario
	est calc.Estimate
}

func (p *Page) OnMount(ctx app.Context) {
	p.mounted = true
	p.self, p.hasSelf = ctx, true
	// The prerendered numbers belong to the default scenario; an inline
	// script hid them for other addresses until now (see generate.go).
	app.Window().Get("document").Get("documentElement").Get("classList").Call("remove", "stale", "booting")
	ctx.After(3*time.Second, func(app.Context) { app.TryUpdate() })
}

// applyEarlyEdits applies what was typed into the prerendered form before
// the wasm ran (recorded by the page's inline script, app/generate.go).
func (p *Page) applyEarlyEdits(ctx app.Context) {
	w := app.Window()
	w.Set("__vramLive", true)
	edits := w.Get("__vramEdits")
	if !edits.Truthy() {
		return
	}
	keys := w.Get("Object").Call("keys", edits)
	changed := false
	for i := 0; i < keys.Length(); i++ {
		id := keys.Index(i).String()
		v := edits.Get(id).String()
		for _, f := range editableFields() {
			if f.flag == id {
				p.raw[f.flag] = v
				if err := f.set(&p.st, v); err != nil {
					p.errs[f.flag] = p.t("ui.invalid") + ": " + err.Error()
				} else {
					changed = true
				}
			}
		}
	}
	w.Set("__vramEdits", map[string]any{})
	if changed {
		p.commit(ctx)
	}
}

func (p *Page) OnAppUpdate(ctx app.Context) { p.update = ctx.AppUpdateAvailable() }

// OnNav reads the state from the address: on first load, on back/forward,
// and on the server for the prerendered page.
func (p *Page) OnNav(ctx app.Context) {
	p.addressGen++ // the address is the truth now: drop a pending write
	u := ctx.Page().URL()
	st, notes := urlstate.Decode(u.Query())
	p.st = st
	p.notices = append(p.notices[:0], notes...)
	p.lang = i18n.Detect(u.Query().Get("lang"), browserLanguages())
	p.errs, p.raw = map[string]string{}, map[string]string{}
	p.recompute()
	if app.IsClient && !p.earlyDone {
		// The first navigation on the client: the address is read, now
		// what was typed before the wasm ran goes on top of it.
		p.earlyDone = true
		p.applyEarlyEdits(ctx)
	}
}

func browserLanguages() []string {
	if !app.IsClient {
		return nil
	}
	nav := app.Window().Get("navigator")
	var out []string
	if langs := nav.Get("languages"); langs.Truthy() {
		for i := 0; i < langs.Length(); i++ {
			out = append(out, langs.Index(i).String())
		}
	}
	if l := nav.Get("language"); l.Truthy() {
		out = append(out, l.String())
	}
	return out
}

// recompute derives the scenario and the estimate from the state. An error
// names the field it belongs to; the last good estimate stays on screen.
func (p *Page) recompute() {
	sc, preset, notes := view.Scenario(p.st)
	p.notices = append(p.notices, notes...)
	if preset.Name != p.preset.Name || !p.hasEst {
		if b, err := preset.Scenario(); err == nil {
			if e, err := calc.Compute(b); err == nil {
				p.base = e
			}
		}
	}
	p.sc, p.preset = sc, preset
	if p.st.View == urlstate.ViewCard {
		p.card = view.BuildCard(p.st)
	}
	p.pin = nil
	if p.st.Pin != nil {
		psc, _, pnotes := view.Scenario(*p.st.Pin)
		if pe, err := calc.Compute(psc); err == nil && len(pnotes) == 0 {
			p.pin = &pinned{st: *p.st.Pin, sc: psc, est: pe}
		}
	}
	est, err := calc.Compute(sc)
	if err != nil {
		field, msg := splitFieldError(i18n.Err(p.lang, err))
		p.calcErr = [2]string{field, msg}
		return
	}
	p.calcErr = [2]string{}
	p.est, p.hasEst = est, true
	if p.st.Pristine() {
		p.story, p.notes = storyLines(p.lang, p.preset, p.sc, p.est)
	}
}

// splitFieldError splits calc's "field: message" errors.
func splitFieldError(s string) (field, msg string) {
	if i := strings.Index(s, ": "); i > 0 && !strings.Contains(s[:i], " ") {
		return flagName(s[:i]), s[i+2:]
	}
	return "scenario", s
}

// flagName turns a config name (gpu_memory_utilization) into the flag name
// the fields use (gpu-memory-utilization).
func flagName(s string) string { return strings.ReplaceAll(s, "_", "-") }

// addressDelay is how long the address waits for a pause in typing before it
// takes the new state. history.replaceState is the largest single cost of a
// keystroke (about 3 ms of 17 in Chromium, measured with make bench
// -profile), and Chromium ignores it beyond 200 calls in 10 s, which a
// dragged slider or a held arrow key reaches.
const addressDelay = 150 * time.Millisecond

// commit recomputes, then writes the state to the address once typing
// pauses, without a history entry: inside an iframe this keeps the wiki
// tab's history clean. The copy-link button reads the state, not the
// address, so it is never behind.
func (p *Page) commit(ctx app.Context) {
	p.st.Options = view.DiffOptions(p.st.Options, p.preset.Options)
	p.recompute()
	p.addressGen++
	if p.calcErr[0] != "" {
		return // a value calc refuses stays beside its field, out of the link
	}
	gen := p.addressGen
	if p.hasSelf {
		ctx = p.self
	}
	ctx.After(addressDelay, func(ctx app.Context) {
		ctx.PreventUpdate() // writing the address changes nothing on screen
		if gen != p.addressGen {
			return // a later change (or a navigation) owns the address
		}
		u := *ctx.Page().URL()
		u.RawQuery = urlstate.Encode(p.st, urlstate.State{}).Encode()
		ctx.Page().ReplaceURL(&u)
	})
}

// renderCardView is the card view, full or embedded.
func (p *Page) renderCardView() app.UI {
	cls := "page"
	if p.st.Embed {
		cls = "page embed"
	}
	base := p.st
	base.Card, base.View, base.Pin, base.Embed = nil, "", nil, false
	cv := newCard()
	cv.Lang, cv.Card, cv.Residents, cv.Base, cv.Embed, cv.Back = p.lang, p.card, p.st.Card, base, p.st.Embed, p.calculatorURL()
	cv.change = func(ctx app.Context, rs []urlstate.Resident) { p.st.Card = rs; p.commit(ctx) }
	parts := []app.UI{}
	if !p.st.Embed {
		parts = append(parts, p.renderHeader(), p.renderNotices())
	}
	parts = append(parts, cv)
	if !p.st.Embed {
		parts = append(parts, p.renderFooter())
	}
	return el("div").ID("page").Class(cls).Lang(string(p.lang)).DataSet("renders", p.renders).Body(parts...)
}

// addToCard puts the current scenario on the card and opens the card view.
func (p *Page) addToCard(ctx app.Context) {
	in := p.st
	in.Card, in.View, in.Pin, in.Embed = nil, "", nil, false
	if len(p.st.Card) < calc.MaxResidents {
		p.st.Card = append(p.st.Card, urlstate.Resident{Instance: &in})
	}
	p.st.View = urlstate.ViewCard
	p.commit(ctx)
}

// calculatorURL is the calculator's address with the current state (the
// accuracy view off); accuracyURL the accuracy view's.
func (p *Page) calculatorURL() string {
	st := p.st
	st.View, st.Embed, st.Card = "", false, nil
	return "?" + encodeQuery(st)
}

func (p *Page) accuracyURL() string {
	return "?" + encodeQuery(urlstate.State{Lang: p.st.Lang, View: urlstate.ViewAccuracy})
}

// shareURL is the address of the current view (embed mode off).
func (p *Page) shareURL(ctx app.Context) string {
	u := *ctx.Page().URL()
	st := p.st
	st.Embed = false
	u.RawQuery = urlstate.Encode(st, urlstate.State{}).Encode()
	return u.String()
}

func (p *Page) t(key string) string { return i18n.T(p.lang, key) }

func (p *Page) f(key string, vars map[string]string) string { return i18n.F(p.lang, key, vars) }

func (p *Page) Render() app.UI {
	p.renders++
	if p.st.View == urlstate.ViewCard {
		return p.renderCardView()
	}
	if p.st.Embed {
		return p.renderEmbed()
	}
	if p.st.View == urlstate.ViewAccuracy {
		return el("div").ID("page").Class("page").Lang(string(p.lang)).DataSet("renders", p.renders).Body(
			p.renderHeader(),
			p.renderNotices(),
			newAccuracy().Language(p.lang).BackTo(p.calculatorURL()),
			p.renderFooter(),
		)
	}
	return el("div").ID("page").Class("page").Lang(string(p.lang)).DataSet("renders", p.renders).Body(
		p.renderHeader(),
		// Shown (by CSS, html.booting) until the wasm runs.
		el("p").ID("starting").Class("starting").Aria("role", "status").Text(p.t("ui.starting")),
		p.renderNotices(),
		el("div").Class("layout").Body(
			el("section").ID("inputs").Class("inputs").Aria("label", p.t("ui.inputs")).Body(p.renderInputs()),
			el("section").Class("results").Aria("live", "polite").Body(
				p.renderSummary(),
				p.renderStory(),
				p.renderVerdict(),
				p.renderCharts(),
				p.renderTable(),
				p.renderGates(),
				p.renderFixes(),
				p.renderCompare(),
				p.renderCommand(),
				p.renderPaste(),
			),
		),
		p.renderFooter(),
	)
}

// renderSummary is the scenario in one line, with a jump to the form: on a
// phone the results come first and the form after them (CSS shows it
// there only).
func (p *Page) renderSummary() app.UI {
	r := p.est.Resolved
	parts := []string{p.sc.Model.ID, presets.DeviceName(p.sc.Device, string(p.lang))}
	if n := max(r.TP, 1) * max(r.PP, 1); n > 1 {
		parts[1] += " ×" + strconv.Itoa(n)
	}
	parts = append(parts, p.sc.Engine.Name)
	if p.hasEst {
		parts = append(parts, "u "+formatFloat(r.Utilization, 2), "max_model_len "+formatInt(r.MaxModelLen))
	}
	return el("div").ID("summary").Class("summary").Body(
		el("span").Class("summary-text").Text(p.t("ui.summary")+": "+strings.Join(parts, " · ")),
		app.Button().ID("summary-edit").Type("button").Class("linkish").Text(p.t("ui.summary_edit")).
			OnClick(func(ctx app.Context, e app.Event) {
				if el := app.Window().GetElementByID("inputs"); el.Truthy() {
					el.Call("scrollIntoView", map[string]any{"behavior": "smooth", "block": "start"})
				}
			}),
	)
}

// renderStory shows the preset's story and notes while the scenario is
// the preset's, and a line saying it changed otherwise.
func (p *Page) renderStory() app.UI {
	return &storyPanel{Lang: p.lang, Title: p.localized(p.preset.Title), Story: p.story, Notes: p.notes,
		Changed: !p.st.Pristine(), reset: p.resetToPreset}
}

// resetToPreset drops every override: the preset as it stands.
func (p *Page) resetToPreset(ctx app.Context) {
	p.st = urlstate.State{Preset: p.st.Preset, Lang: p.st.Lang, Embed: p.st.Embed}
	p.errs, p.raw = map[string]string{}, map[string]string{}
	p.commit(ctx)
}

func (p *Page) renderNotices() app.UI {
	return app.If(len(p.notices) > 0, func() app.UI {
		return el("div").ID("notices").Class("notices").Aria("role", "status").Body(
			app.Range(p.notices).Slice(func(i int) app.UI {
				n := p.notices[i]
				if n.Key == "" {
					return el("p").Class("notice").Text(n.Message) // not about a link parameter
				}
				return el("p").Class("notice").Text(p.f("ui.notice_param", map[string]string{"key": n.Key, "message": n.Message}))
			}),
		)
	})
}

func (p *Page) renderFooter() app.UI {
	return el("footer").Class("footer").Body(
		el("p").Text(p.t("ui.footer")),
	)
}

// copyText copies s to the clipboard and marks which button did it.
func (p *Page) copyText(ctx app.Context, id, s string) {
	if clip := app.Window().Get("navigator").Get("clipboard"); clip.Truthy() {
		clip.Call("writeText", s)
	}
	p.copied = id
	ctx.After(2*time.Second, func(ctx app.Context) {
		if p.copied == id {
			p.copied = ""
		}
	})
}

func (p *Page) copyButton(id, text string) app.UI {
	label := p.t("ui.copy")
	if p.copied == id {
		label = p.t("ui.copied")
	}
	return app.Button().Class("copy").ID("copy-" + id).Type("button").Text(label).
		OnClick(func(ctx app.Context, e app.Event) { p.copyText(ctx, id, text) })
}

func encodeQuery(st urlstate.State) string { return urlstate.Encode(st, urlstate.State{}).Encode() }
