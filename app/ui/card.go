package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/app/urlstate"
	"vram/app/view"
	"vram/calc"
	"vram/presets"
)

// cardView is the card view (?view=card): the residents of one device in
// their order, each one's startup, the card after each, the orders that
// start everyone and the fixes. It holds its own form state (the program
// size being typed, the paste box); the residents live in the address.
type cardView struct {
	app.Compo

	Lang      i18n.Lang
	Card      view.Card
	Residents []urlstate.Resident
	Base      urlstate.State // the page's state: pasted commands and logs start from it
	Embed     bool
	Back      string
	change    func(ctx app.Context, rs []urlstate.Resident)

	program string // GiB typed for a new program
	paste   string
	msg     string
}

func newCard() *cardView { return &cardView{} }

func (c *cardView) t(key string) string { return i18n.T(c.Lang, key) }

func (c *cardView) f(key string, vars map[string]string) string { return i18n.F(c.Lang, key, vars) }

func (c *cardView) Render() app.UI {
	k := c.Card
	body := []app.UI{
		el("h2").Text(c.f("card.title", map[string]string{"device": presets.DeviceName(k.Device, string(c.Lang)), "total": i18n.FormatGiB(k.Device.Total.GiB())})),
	}
	if !c.Embed {
		body = append(body, el("p").Body(app.A().ID("card-back").Href(c.Back).Text("← "+c.t("acc.back"))))
	}
	if len(k.Residents) == 0 {
		body = append(body, el("p").ID("card-empty").Text(c.t("card.empty")))
	} else {
		body = append(body, c.renderSummary(), c.renderBar(), c.renderSteps())
		if !c.Embed {
			body = append(body, c.renderOrders())
		}
	}
	if k.Err != "" {
		msg := k.Err
		if k.Error != nil {
			msg = i18n.Err(c.Lang, k.Error)
		}
		body = append(body, el("p").Class("field-error").Text(msg))
	}
	if !c.Embed {
		body = append(body, c.renderAdd())
	}
	return el("section").ID("card").Class("card-view").Body(body...)
}

// renderSummary says in one line how the order ends.
func (c *cardView) renderSummary() app.UI {
	k := c.Card
	if k.Run.AllStart {
		return el("p").ID("card-summary").Class("verdict ok").Text(c.f("card.all_start", map[string]string{"n": strconv.Itoa(len(k.Residents)), "free": i18n.FormatGiB(k.Run.Steps[len(k.Run.Steps)-1].Free.GiB())}))
	}
	for i, s := range k.Run.Steps {
		if !s.Starts {
			return el("p").ID("card-summary").Class("verdict fail").Text(c.f("card.stops", map[string]string{
				"pos": strconv.Itoa(i + 1), "name": k.Names[s.Resident], "gate": c.t("gate." + s.Estimate.Failure.ID + ".failed")}))
		}
	}
	return app.Text("")
}

// renderBar draws the card after every resident started: one segment per
// resident's footprint, then what is free.
func (c *cardView) renderBar() app.UI {
	k := c.Card
	total := float64(k.Device.Total)
	var segs []app.UI
	x := 0.0
	for i, s := range k.Run.Steps {
		w := 1000 * float64(s.Holds) / total
		if w <= 0 {
			continue
		}
		segs = append(segs, svg("rect").Class("seg seg-r"+strconv.Itoa(i%6)).
			Attr("x", strconv.FormatFloat(x, 'f', 1, 64)).Attr("y", "0").Attr("width", strconv.FormatFloat(w, 'f', 1, 64)).Attr("height", "40").
			Body(svg("title").Text(k.Names[s.Resident]+": "+i18n.FormatGiB(s.Holds.GiB()))))
		x += w
	}
	if x < 1000 {
		segs = append(segs, svg("rect").Class("seg seg-free").Attr("x", strconv.FormatFloat(x, 'f', 1, 64)).
			Attr("y", "0").Attr("width", strconv.FormatFloat(1000-x, 'f', 1, 64)).Attr("height", "40"))
	}
	return el("div").Class("chart").Body(
		svg("svg").ID("card-bar").Class("bar").Attr("viewBox", "0 0 1000 40").Attr("preserveAspectRatio", "none").Body(segs...),
	)
}

// renderSteps lists each resident's startup in the order.
func (c *cardView) renderSteps() app.UI {
	k := c.Card
	return el("ol").ID("card-steps").Class("card-steps").Body(app.Range(k.Run.Steps).Slice(func(i int) app.UI {
		s := k.Run.Steps[i]
		r := k.Residents[s.Resident]
		line := c.f("card.holds", map[string]string{"held": i18n.FormatGiB(s.Others.GiB()), "holds": i18n.FormatGiB(s.Holds.GiB()), "free": i18n.FormatGiB(s.Free.GiB())})
		item := []app.UI{
			el("span").Class("swatch seg-r" + strconv.Itoa(i%6)),
			el("strong").Text(k.Names[s.Resident]),
		}
		if r.Instance != nil {
			item = append(item, el("span").Class("badge "+map[bool]string{true: "ok", false: "fail"}[s.Starts]).
				Text(map[bool]string{true: "✓ " + c.t("verdict.starts"), false: "✗ " + c.failed(s)}[s.Starts]))
		}
		item = append(item, el("p").Class("num help").Text(line))
		if r.Instance != nil && s.Starts && len(s.Estimate.Ranks) > 0 {
			item = append(item, el("p").Class("num help").Text(c.f("card.kv", map[string]string{
				"kv": i18n.FormatGiB(s.Estimate.Ranks[0].KV.GiB()), "maxu": formatFloat(k.MaxU[i], 2)})))
		}
		if r.Instance != nil && !s.Starts {
			item = append(item, c.renderFailure(i, s))
		}
		if !c.Embed {
			item = append(item, c.renderMoves(i))
		}
		return el("li").Class("card-step").DataSet("starts", s.Starts).Body(item...)
	}))
}

func (c *cardView) failed(s calc.CardStep) string {
	if s.Estimate.Failure == nil {
		return ""
	}
	return c.t("gate." + s.Estimate.Failure.ID + ".failed")
}

// renderFailure shows vLLM's message and the fixes calc computed for this
// instance on the card, each applicable to it.
func (c *cardView) renderFailure(pos int, s calc.CardStep) app.UI {
	g := s.Estimate.Failure
	fixes := s.Estimate.Fixes
	if len(fixes) > 3 {
		fixes = fixes[:3]
	}
	maxu := c.Card.MaxU[pos]
	return el("div").Class("card-failure").Body(
		app.If(g != nil && g.Message != "", func() app.UI { return el("pre").Class("vllm-msg num").Text(g.Message) }),
		app.If(maxu > 0, func() app.UI {
			return el("p").Class("help").Text(c.f("card.maxu", map[string]string{"u": formatFloat(maxu, 2)}))
		}),
		el("ul").Class("card-fixes").Body(app.Range(fixes).Slice(func(j int) app.UI {
			f := fixes[j]
			return el("li").Body(
				app.Button().Type("button").Class("apply").ID("card-fix-"+strconv.Itoa(pos)+"-"+f.ID).
					Text(c.f("fix."+f.ID+".title", map[string]string{"value": f.Value})).
					OnClick(func(ctx app.Context, e app.Event) { c.applyFix(ctx, s.Resident, f) }),
				el("span").Class("effect num").Text(" → "+c.t(map[bool]string{true: "verdict.starts", false: "ui.still_fails"}[f.Starts])),
			)
		})),
	)
}

func (c *cardView) renderMoves(pos int) app.UI {
	n := len(c.Residents)
	btn := func(id, label string, ok bool, fn func(ctx app.Context)) app.UI {
		b := app.Button().Type("button").Class("linkish").ID(id).Text(label)
		if !ok {
			return b.Disabled(true)
		}
		return b.OnClick(func(ctx app.Context, e app.Event) { fn(ctx) })
	}
	return el("div").Class("card-moves").Body(
		btn("card-up-"+strconv.Itoa(pos), c.t("card.up"), pos > 0, func(ctx app.Context) { c.move(ctx, pos, pos-1) }),
		btn("card-down-"+strconv.Itoa(pos), c.t("card.down"), pos < n-1, func(ctx app.Context) { c.move(ctx, pos, pos+1) }),
		btn("card-remove-"+strconv.Itoa(pos), c.t("card.remove"), true, func(ctx app.Context) {
			rs := append(append([]urlstate.Resident{}, c.Residents[:pos]...), c.Residents[pos+1:]...)
			c.change(ctx, rs)
		}),
	)
}

func (c *cardView) move(ctx app.Context, from, to int) {
	rs := append([]urlstate.Resident{}, c.Residents...)
	rs[from], rs[to] = rs[to], rs[from]
	c.change(ctx, rs)
}

func (c *cardView) applyFix(ctx app.Context, i int, f calc.Fix) {
	rs := append([]urlstate.Resident{}, c.Residents...)
	in := *rs[i].Instance
	in.Options, in.OwnOptions = f.Options, true
	rs[i].Instance = &in
	c.change(ctx, rs)
}

// renderOrders lists the orders that start everyone.
func (c *cardView) renderOrders() app.UI {
	k := c.Card
	names := func(o []int) string {
		parts := make([]string, len(o))
		for i, r := range o {
			parts[i] = strconv.Itoa(r + 1)
		}
		return strings.Join(parts, " → ")
	}
	if len(k.Winning) == 0 {
		return el("p").ID("card-orders").Text(c.t("card.no_order"))
	}
	shown := k.Winning
	if len(shown) > 12 {
		shown = shown[:12]
	}
	return el("div").ID("card-orders").Body(
		el("p").Text(c.f("card.orders", map[string]string{"n": strconv.Itoa(len(k.Winning)), "of": strconv.Itoa(factorial(len(k.Residents)))})),
		el("ul").Body(app.Range(shown).Slice(func(i int) app.UI { return el("li").Class("num").Text(names(shown[i])) })),
	)
}

func factorial(n int) int {
	f := 1
	for i := 2; i <= n; i++ {
		f *= i
	}
	return f
}

// renderAdd adds residents: a program by its footprint, or pasted
// commands and logs (blocks separated by blank lines), each one instance.
func (c *cardView) renderAdd() app.UI {
	full := len(c.Residents) >= calc.MaxResidents
	return el("div").ID("card-add").Class("card-add").Body(
		el("h3").Text(c.t("card.add")),
		el("p").Class("help").Text(c.t("card.add_help")),
		el("div").Class("card-add-program").Body(
			app.Label().For("card-program").Text(c.t("card.program")),
			app.Input().ID("card-program").Type("number").Attr("step", "0.5").Attr("min", "0").Value(c.program).
				OnInput(func(ctx app.Context, e app.Event) { c.program = ctx.JSSrc().Get("value").String() }),
			app.Button().ID("card-add-program").Type("button").Class("apply").Text(c.t("card.add_program")).Disabled(full).
				OnClick(func(ctx app.Context, e app.Event) { c.addProgram(ctx) }),
		),
		app.Label().For("card-paste").Text(c.t("card.paste")),
		app.Textarea().ID("card-paste").Attr("spellcheck", "false").Text(c.paste).
			OnInput(func(ctx app.Context, e app.Event) { c.paste = ctx.JSSrc().Get("value").String() }),
		app.Button().ID("card-add-paste").Type("button").Class("apply").Text(c.t("card.add_paste")).Disabled(full).
			OnClick(func(ctx app.Context, e app.Event) { c.addPasted(ctx) }),
		app.If(c.msg != "", func() app.UI { return el("p").ID("card-msg").Class("help").Text(c.msg) }),
	)
}

func (c *cardView) addProgram(ctx app.Context) {
	g, err := strconv.ParseFloat(strings.TrimSpace(c.program), 64)
	if err != nil || g <= 0 || g > 4096 {
		c.msg = c.t("card.program_bad")
		return
	}
	c.msg, c.program = "", ""
	c.change(ctx, append(append([]urlstate.Resident{}, c.Residents...), urlstate.Resident{ProgramGiB: g}))
}

// addPasted reads each block of the paste as a command or a log and adds
// the instances it describes.
func (c *cardView) addPasted(ctx app.Context) {
	rs := append([]urlstate.Resident{}, c.Residents...)
	added, skipped := 0, 0
	for _, block := range strings.Split(strings.ReplaceAll(c.paste, "\r\n", "\n"), "\n\n") {
		if strings.TrimSpace(block) == "" {
			continue
		}
		p := view.ParsePaste(block, c.Base)
		apply := p.Apply
		if apply == nil {
			apply = p.ApplySuggested
		}
		if apply == nil || len(rs) >= calc.MaxResidents || p.Kind == view.PasteConfig {
			skipped++
			continue
		}
		in := c.Base
		in.Card, in.View, in.Pin, in.Embed = nil, "", nil, false
		apply(&in)
		rs = append(rs, urlstate.Resident{Instance: &in})
		added++
	}
	c.msg = c.f("card.pasted", map[string]string{"added": strconv.Itoa(added), "skipped": strconv.Itoa(skipped)})
	if added > 0 {
		c.paste = ""
		c.change(ctx, rs)
	}
}
