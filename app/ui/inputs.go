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

func (p *Page) renderInputs() app.UI {
	var basic, adv []app.UI
	advSet := false // an advanced field set by the link or a paste opens the section
	for _, f := range optionFields {
		if f.platform != "" && f.platform != p.sc.Device.Platform {
			continue
		}
		if f.advanced {
			advSet = advSet || f.get(&p.st) != ""
			adv = append(adv, p.renderField(f))
		} else {
			basic = append(basic, p.renderField(f))
		}
	}
	p.advOpen = p.advOpen || advSet // clearing the last one must not fold the section under the user
	details := app.Details().ID("advanced")
	if p.advOpen {
		details = details.Open(true) // never open="false": the attribute alone opens it
	}
	return el("form").ID("inputs").Class("form").OnSubmit(func(ctx app.Context, e app.Event) { e.PreventDefault() }).Body(
		p.renderPresetPicker(),
		el("fieldset").Body(
			el("legend").Text(p.t("ui.deployment")),
			p.renderModelField(),
			p.renderDeviceFields(),
			p.renderEngineField(),
			p.renderField(othersField),
		),
		el("fieldset").Body(
			el("legend").Text(p.t("ui.options")),
			el("div").Class("grid").Body(basic...),
			details.Body(
				el("summary").Text(p.t("ui.advanced")),
				el("div").Class("grid").Body(adv...),
			),
		),
	)
}

func (p *Page) renderPresetPicker() app.UI {
	all := presets.Presets()
	in := &fieldInput{ID: "preset", Label: p.t("field.preset.label"), Select: true, Value: p.preset.Name,
		Choices: make([]string, len(all)), Texts: make([]string, len(all)),
		change: func(ctx app.Context, name string) {
			// A preset starts afresh: its own settings, none of the overrides.
			p.st = urlstate.State{Preset: name, Lang: p.st.Lang, Embed: p.st.Embed}
			if name == presets.DefaultPreset {
				p.st.Preset = ""
			}
			p.errs, p.raw = map[string]string{}, map[string]string{}
			p.commit(ctx)
		}}
	for i, pr := range all {
		in.Choices[i], in.Texts[i] = pr.Name, p.localized(pr.Title)
	}
	return el("div").Class("preset").Body(in)
}

// localized picks the page language's text of a bilingual catalog entry.
func (p *Page) localized(m map[string]string) string {
	if s := m[string(p.lang)]; s != "" {
		return s
	}
	return m["en"]
}

func (p *Page) renderModelField() app.UI {
	models := presets.Models()
	current := p.sc.Model.ID
	if p.st.CustomModel != "" {
		current = p.t("ui.custom_model") + ": " + p.sc.Model.ID
	}
	msg, cls := p.message("model", p.t("field.model.help"))
	return el("div").Body(
		&fieldInput{ID: "model", Label: p.t("field.model.label"), Value: current, Search: true, List: "models",
			Placeholder: p.t("ui.search_model"), Invalid: p.errs["model"] != "", Msg: msg, MsgClass: cls,
			change: func(ctx app.Context, v string) {
				if _, ok := presets.ModelByID(v); !ok {
					p.errs["model"] = p.t("ui.unknown_model")
					p.hubRepo = strings.TrimSpace(v)
					return
				}
				p.hubRepo = ""
				delete(p.errs, "model")
				p.st.CustomModel = ""
				p.st.Model = v
				if v == p.preset.Model {
					p.st.Model = ""
				}
				p.commit(ctx)
			}},
		&modelList{N: len(models)},
		app.If(p.hubRepo != "", func() app.UI { return p.renderHub() }),
	)
}

// renderHub offers to fetch a model the catalog lacks from a hub.
func (p *Page) renderHub() app.UI {
	h := &hubFetch{Lang: p.lang, Repo: p.hubRepo, HubID: p.st.Hub, HubBase: p.st.HubBase, HubLayout: p.st.HubLayout}
	h.setHub = func(ctx app.Context, id, base, layout string) {
		p.st.Hub, p.st.HubBase, p.st.HubLayout = id, base, layout
		if id != "custom" {
			p.st.HubBase, p.st.HubLayout = "", ""
		}
		if id == "hf" {
			p.st.Hub = ""
		}
		p.commit(ctx)
	}
	h.use = func(ctx app.Context, r view.Pasted) {
		r.Apply(&p.st)
		p.hubRepo = ""
		delete(p.errs, "model")
		p.commit(ctx)
	}
	return h
}

// modelList is the catalog's datalist; it never changes after the first render.
type modelList struct {
	app.Compo
	N int
}

func (m *modelList) Render() app.UI {
	models := presets.Models()
	return app.DataList().ID("models").Body(
		app.Range(models).Slice(func(i int) app.UI {
			return app.Option().Value(models[i].ID).Text(models[i].Name)
		}),
	)
}

func (p *Page) renderDeviceFields() app.UI {
	devs := presets.Devices()
	msg, cls := p.message("device", p.f("field.device.help", map[string]string{"source": i18n.Source(p.lang, p.sc.Device.TotalSource)}))
	dev := &fieldInput{ID: "device", Label: p.t("field.device.label"), Select: true, Value: p.sc.Device.ID,
		Choices: make([]string, len(devs)), Texts: make([]string, len(devs)), Msg: msg, MsgClass: cls,
		change: func(ctx app.Context, v string) {
			p.st.Device = v
			if v == p.preset.Device {
				p.st.Device = ""
			}
			p.st.DeviceTotalGiB = 0
			p.commit(ctx)
		}}
	for i, d := range devs {
		dev.Choices[i], dev.Texts[i] = d.ID, presets.DeviceName(d.Device, string(p.lang))
	}
	return el("div").Class("grid").Body(
		dev,
		p.renderField(deviceTotalField),
		p.renderField(deviceCountField),
		p.renderField(tpField),
		p.renderField(ppField),
		p.renderField(dpField),
	)
}

func (p *Page) renderEngineField() app.UI {
	releases := presets.Releases() // names only: building every engine costs ~1 s of wasm start-up
	msg, cls := p.message("engine", p.t("field.engine.help"))
	in := &fieldInput{ID: "engine", Label: p.t("field.engine.label"), Select: true, Value: p.sc.Engine.ID,
		Choices: make([]string, len(releases)), Texts: make([]string, len(releases)), Msg: msg, MsgClass: cls,
		change: func(ctx app.Context, v string) {
			p.st.Engine = v
			if v == p.preset.Engine {
				p.st.Engine = ""
			}
			p.commit(ctx)
		}}
	for i, r := range releases {
		in.Choices[i], in.Texts[i] = r.ID(), r.Name()
	}
	return in
}

// renderField draws one labelled option: empty means "vLLM's default", shown
// as the placeholder with where it comes from; a bad value gets a message
// beside the field and leaves the last good result on screen.
func (p *Page) renderField(f field) app.UI {
	val := f.get(&p.st)
	used := ""
	if p.hasEst {
		used = f.used(p.est.Resolved)
	}
	msg, cls := p.message(f.flag, p.f("field."+f.flag+".help", map[string]string{"default": p.origin(f.flag, used, val != "")}))
	in := &fieldInput{
		ID: f.flag, Label: p.t("field." + f.flag + ".label"),
		Msg: msg, MsgClass: cls,
		change: func(ctx app.Context, v string) { p.fieldChanged(ctx, f, v) },
	}
	if f.flag != "other-processes" && f.flag != "device-total" && f.flag != "device-count" {
		in.Flag = "--" + f.flag
		if f.spelled != "" {
			in.Flag = f.spelled
		}
	}
	if f.kind == "select" {
		in.Select, in.Value, in.Choices = true, val, f.choices
		in.Texts = make([]string, len(f.choices))
		for i, c := range f.choices {
			in.Texts[i] = c
			if c == "" {
				in.Texts[i] = p.t("ui.default")
				if used != "" {
					in.Texts[i] += " (" + used + ")"
				}
			}
		}
		return in
	}
	if r, ok := p.raw[f.flag]; ok {
		val = r // keep what the person typed ("0.50", "0.") while it is valid or not
	}
	in.Value, in.Placeholder = val, used
	in.Invalid = p.errs[f.flag] != "" || p.calcErr[0] == f.flag
	return in
}

// fieldChanged reads a typed or chosen value into the state.
func (p *Page) fieldChanged(ctx app.Context, f field, v string) {
	p.raw[f.flag] = v
	if err := f.set(&p.st, v); err != nil {
		p.errs[f.flag] = p.t("ui.invalid") + ": " + err.Error()
		return
	}
	delete(p.errs, f.flag)
	p.commit(ctx)
}

// origin says where a value in use comes from, e.g. "default 0.9 for
// vllm-ascend 0.11"; a value the preset sets and the page's own state does
// not (inState false) is the preset's, not the reader's.
func (p *Page) origin(flag, used string, inState bool) string {
	o, ok := p.est.Resolved.Origins[flag]
	if ok && o.Set && !inState {
		return p.f("ui.origin_preset", map[string]string{"value": used})
	}
	if ok && o.Set {
		return p.t("ui.origin_set")
	}
	if ok && o.Why.Key != "" && used == "" {
		return i18n.Reason(p.lang, o.Why.Key, o.Why.Args)
	}
	if ok && o.Why.Key != "" {
		return p.f("ui.origin_why", map[string]string{"value": used, "why": i18n.Reason(p.lang, o.Why.Key, o.Why.Args)})
	}
	return p.f("ui.origin_default", map[string]string{"value": used, "engine": p.sc.Engine.Name})
}

// message is the line under a field and its class: its error if it has
// one, else its help.
func (p *Page) message(flag, help string) (msg, class string) {
	if e := p.errs[flag]; e != "" {
		return e, "field-error"
	}
	if p.calcErr[0] == flag {
		return p.calcErr[1], "field-error"
	}
	return help, "help"
}

// editableFields are the number and choice fields early edits can land in
// (the model, device, engine and preset pickers wait for the page).
func editableFields() []field {
	return append(append([]field{}, optionFields...), othersField, deviceTotalField, deviceCountField, tpField, ppField, dpField)
}

var othersField = field{flag: "other-processes", kind: "number", step: "0.5",
	get: func(st *urlstate.State) string { return othersGet(st) },
	set: func(st *urlstate.State, v string) error { return othersSet(st, v) },
	used: func(r calc.Resolved) string {
		return strconv.FormatFloat(calc.Bytes(r.OtherProcesses).GiB(), 'f', 1, 64)
	}}

var deviceTotalField = field{flag: "device-total", kind: "number", step: "0.01",
	get: func(st *urlstate.State) string {
		if st.DeviceTotalGiB <= 0 {
			return ""
		}
		return strconv.FormatFloat(st.DeviceTotalGiB, 'f', -1, 64)
	},
	set: func(st *urlstate.State, v string) error {
		var f *float64
		if err := floatPtr(&f, v, 0, 4096); err != nil {
			return err
		}
		st.DeviceTotalGiB = 0
		if f != nil {
			st.DeviceTotalGiB = *f
		}
		return nil
	},
	used: func(r calc.Resolved) string { return strconv.FormatFloat(r.Device.Total.GiB(), 'f', 2, 64) }}

func countField(flag string, ptr func(st *urlstate.State) *int, used func(r calc.Resolved) int) field {
	return field{flag: flag, kind: "number", step: "1",
		get: func(st *urlstate.State) string {
			if n := *ptr(st); n > 0 {
				return strconv.Itoa(n)
			}
			return ""
		},
		set: func(st *urlstate.State, v string) error {
			var n *int
			if err := intPtr(&n, v, 1); err != nil {
				return err
			}
			*ptr(st) = 0
			if n != nil {
				*ptr(st) = *n
			}
			return nil
		},
		used: func(r calc.Resolved) string { return strconv.Itoa(used(r)) }}
}

var (
	deviceCountField = countField("device-count", func(st *urlstate.State) *int { return &st.DeviceCount },
		func(r calc.Resolved) int { return r.Devices })
	tpField = countField("tensor-parallel-size", func(st *urlstate.State) *int { return &st.TP },
		func(r calc.Resolved) int { return r.TP })
	ppField = countField("pipeline-parallel-size", func(st *urlstate.State) *int { return &st.PP },
		func(r calc.Resolved) int { return r.PP })
	dpField = countField("data-parallel-size", func(st *urlstate.State) *int { return &st.DP },
		func(r calc.Resolved) int { return r.DP })
)
