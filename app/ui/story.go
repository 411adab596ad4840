package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/calc"
	"vram/presets"
)

// storyPanel tells the preset's story with the estimate's own figures, and
// evaluates its notes: a report's claims (reproduced or not, with the
// mechanism) and the assumptions behind the preset. Once the scenario is
// no longer the preset's, the story steps aside for one line that says so.
type storyPanel struct {
	app.Compo

	Lang    i18n.Lang
	Title   string
	Story   string // filled template
	Changed bool
	Notes   []noteLine

	reset func(ctx app.Context)
}

// noteLine is one evaluated note, in words.
type noteLine struct {
	Text, Outcome, Why string
	Change             string // what the note changes, resolved: "max_num_seqs 256 → 256; activation reserve 4.34 → 4.34 GiB"
	Claim              bool
	Badge              string // "reproduced", "not-reproduced" or ""
}

func (c *storyPanel) Render() app.UI {
	t := func(k string) string { return i18n.T(c.Lang, k) }
	if c.Changed {
		return el("section").ID("story").Class("story changed").Body(
			el("p").Body(
				app.Text(i18n.F(c.Lang, "ui.changed_from", map[string]string{"preset": c.Title})+" "),
				app.Button().Type("button").ID("story-reset").Class("link").Text(t("ui.back_to_preset")).
					OnClick(func(ctx app.Context, e app.Event) {
						if c.reset != nil {
							c.reset(ctx)
						}
					}),
			),
		)
	}
	return el("section").ID("story").Class("story").Body(
		el("h2").Text(c.Title),
		el("p").ID("story-text").Text(c.Story),
		app.If(len(c.Notes) > 0, func() app.UI {
			return el("ul").ID("notes").Class("notes").Body(
				app.Range(c.Notes).Slice(func(i int) app.UI {
					n := c.Notes[i]
					cls := "note"
					if n.Claim {
						cls += " claim"
					}
					return el("li").Class(cls).Body(
						app.If(n.Badge != "", func() app.UI {
							return el("span").Class("badge " + n.Badge).Text(t("ui.note_" + n.Badge))
						}),
						el("span").Class("note-text").Text(n.Text),
						app.If(n.Outcome != "", func() app.UI { return el("span").Class("note-outcome").Text(" " + n.Outcome) }),
						app.If(n.Change != "", func() app.UI { return el("p").Class("note-change num").Text(n.Change) }),
						app.If(n.Why != "", func() app.UI { return el("p").Class("note-why").Text(n.Why) }),
					)
				}),
			)
		}),
	)
}

// storyLines fills the preset's story and evaluates its notes in l.
func storyLines(l i18n.Lang, p presets.Preset, sc calc.Scenario, est calc.Estimate) (string, []noteLine) {
	figs := calc.Figures(sc, est)
	story := i18n.Fill(l, localizedIn(l, p.Story), figs, nil)
	var lines []noteLine
	for _, r := range p.EvaluateNotes(sc) {
		n := noteLine{Claim: r.Note.Claim}
		if r.Err != nil {
			n.Text = localizedIn(l, r.Note.Text)
			n.Why = i18n.Err(l, r.Err)
			lines = append(lines, n)
			continue
		}
		n.Text = i18n.Fill(l, localizedIn(l, r.Note.Text), figs, r.Figures)
		if r.Reproduced != nil {
			n.Badge = map[bool]string{true: "reproduced", false: "not-reproduced"}[*r.Reproduced]
			n.Outcome, n.Why = noteOutcome(l, r)
			n.Change = noteChange(l, r.Note, est, r.Estimate)
		}
		lines = append(lines, n)
	}
	return story, lines
}

// noteOutcome says what the variant does and by which mechanism; when it
// is not what the report saw, what would have to be true.
func noteOutcome(l i18n.Lang, r presets.NoteResult) (outcome, why string) {
	e := r.Estimate
	f := r.Figures
	if e.Starts {
		outcome = i18n.F(l, "ui.note_starts", map[string]string{"kv": f["kv_gib"], "tokens": f["kv_tokens"]})
		if !*r.Reproduced {
			g := closestGate(e)
			why = i18n.F(l, "ui.note_would_fail", map[string]string{"gate": i18n.T(l, "gate."+g.ID+".name"), "margin": gibText(g.Margin)})
		}
		return outcome, why
	}
	outcome = i18n.F(l, "ui.note_fails", map[string]string{"gate": i18n.T(l, "gate."+e.Failure.ID+".name")})
	why = i18n.Reason(l, e.Failure.Why.Key, e.Failure.Why.Args)
	if !*r.Reproduced {
		why += " " + i18n.F(l, "ui.note_would_start", map[string]string{"short": gibText(-e.Failure.Margin)})
	}
	return outcome, why
}

// closestGate is the applied gate with the least room: what would fail first.
func closestGate(e calc.Estimate) calc.Gate {
	var best calc.Gate
	first := true
	for _, g := range e.Gates {
		if g.Applies && (first || g.Margin < best.Margin) {
			best, first = g, false
		}
	}
	return best
}

func gibText(b calc.Bytes) string { return i18n.FormatGiB(b.GiB()) }

func localizedIn(l i18n.Lang, m map[string]string) string {
	if s := m[string(l)]; s != "" {
		return s
	}
	return m["en"]
}

// noteChange lists, resolved, what a note changes: the options it sets and
// any that resolve differently, then the peak and the KV cache.
func noteChange(l i18n.Lang, n presets.Note, base, v calc.Estimate) string {
	a, b := base.Resolved, v.Resolved
	var parts []string
	add := func(set bool, name, x, y string) {
		if set || x != y {
			parts = append(parts, name+" "+x+" → "+y)
		}
	}
	o := n.Options
	if a.Engine.ID != b.Engine.ID {
		parts = append(parts, a.Engine.Name+" → "+b.Engine.Name)
	}
	add(o.GPUMemoryUtilization != nil, "--gpu-memory-utilization", formatFloat(a.Utilization, 2), formatFloat(b.Utilization, 2))
	add(o.MaxModelLen != nil, "--max-model-len", formatInt(a.MaxModelLen), formatInt(b.MaxModelLen))
	add(o.MaxNumSeqs != nil, "--max-num-seqs", formatInt(a.MaxNumSeqs), formatInt(b.MaxNumSeqs))
	add(o.MaxPixels != nil, "max_pixels", formatInt(a.MaxPixels), formatInt(b.MaxPixels))
	add(o.MaxDynamicPatch != nil, "max_dynamic_patch", formatInt(a.MaxDynamicPatch), formatInt(b.MaxDynamicPatch))
	add(o.EnforceEager != nil, "--enforce-eager", boolText(a.EnforceEager), boolText(b.EnforceEager))
	if len(base.Ranks) > 0 && len(v.Ranks) > 0 {
		parts = append(parts, i18n.T(l, "part.activation")+" "+gibText(base.Ranks[0].Activation)+" → "+gibText(v.Ranks[0].Activation),
			i18n.T(l, "part.kv")+" "+gibText(max(base.KV(), 0))+" → "+gibText(max(v.KV(), 0)))
	}
	return strings.Join(parts, "; ")
}

func boolText(b bool) string { return map[bool]string{true: "true", false: "false"}[b] }
