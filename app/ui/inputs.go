package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/urlstate"
	"vram/calc"
	"vram/presets"
)

func (p *Page) renderInputs() app.UI {
	var basic, adv []app.UI
	for _, f := range optionFields {
		if f.advanced {
			adv = append(adv, p.renderField(f))
		} else {
			basic = append(basic, p.renderField(f))
		}
	}
	return app.Form().ID("inputs").Class("form").OnSubmit(func(ctx app.Context, e app.Event) { e.PreventDefault() }).Body(
		p.renderPresetPicker(),
		app.FieldSet().Body(
			app.Legend().Text(p.t("ui.deployment")),
			p.renderModelField(),
			p.renderDeviceFields(),
			p.renderEngineField(),
			p.renderField(othersField),
		),
		app.FieldSet().Body(
			app.Legend().Text(p.t("ui.options")),
			app.Div().Class("grid").Body(basic...),
			app.Details().ID("advanced").Body(
				app.Summary().Text(p.t("ui.advanced")),
				app.Div().Class("grid").Body(adv...),
			),
		),
	)
}

func (p *Page) renderPresetPicker() app.UI {
	all := presets.Presets()
	return app.Div().Class("field preset").Body(
		app.Label().For("preset").Text(p.t("field.preset.label")),
		app.Select().ID("preset").OnChange(func(ctx app.Context, e app.Event) {
			name := ctx.JSSrc().Get("value").String()
			// A preset starts afresh: its own settings, none of the overrides.
			p.st = urlstate.State{Preset: name, Lang: p.st.Lang, Embed: p.st.Embed}
			if name == presets.DefaultPreset {
				p.st.Preset = ""
			}
			p.errs, p.raw = map[string]string{}, map[string]string{}
			p.commit(ctx)
		}).Body(
			app.Range(all).Slice(func(i int) app.UI {
				pr := all[i]
				return option(pr.Name, p.localized(pr.Title), pr.Name == p.preset.Name)
			}),
		),
		app.If(p.localized(p.preset.Story) != "", func() app.UI {
			return app.P().ID("story").Class("story").Text(p.localized(p.preset.Story))
		}),
	)
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
	return app.Div().Class("field").Body(
		app.Label().For("model").Text(p.t("field.model.label")),
		app.Input().ID("model").Type("search").List("models").Value(current).
			Placeholder(p.t("ui.search_model")).
			Aria("invalid", p.errs["model"] != "").
			OnChange(func(ctx app.Context, e app.Event) {
				v := ctx.JSSrc().Get("value").String()
				if _, ok := presets.ModelByID(v); !ok {
					p.errs["model"] = p.t("ui.unknown_model")
					return
				}
				delete(p.errs, "model")
				p.st.CustomModel = ""
				p.st.Model = v
				if v == p.preset.Model {
					p.st.Model = ""
				}
				p.commit(ctx)
			}),
		app.DataList().ID("models").Body(
			app.Range(models).Slice(func(i int) app.UI {
				return app.Option().Value(models[i].ID).Text(models[i].Name)
			}),
		),
		p.fieldMessage("model", p.t("field.model.help")),
	)
}

func (p *Page) renderDeviceFields() app.UI {
	devs := presets.Devices()
	return app.Div().Class("grid").Body(
		app.Div().Class("field").Body(
			app.Label().For("device").Text(p.t("field.device.label")),
			app.Select().ID("device").OnChange(func(ctx app.Context, e app.Event) {
				v := ctx.JSSrc().Get("value").String()
				p.st.Device = v
				if v == p.preset.Device {
					p.st.Device = ""
				}
				p.st.DeviceTotalGiB = 0
				p.commit(ctx)
			}).Body(
				app.Range(devs).Slice(func(i int) app.UI {
					d := devs[i]
					return option(d.ID, d.Name, d.ID == p.sc.Device.ID)
				}),
			),
			p.fieldMessage("device", p.f("field.device.help", map[string]string{"source": p.sc.Device.TotalSource})),
		),
		p.renderField(deviceTotalField),
		p.renderField(deviceCountField),
		p.renderField(tpField),
		p.renderField(ppField),
	)
}

func (p *Page) renderEngineField() app.UI {
	engines := presets.Engines()
	return app.Div().Class("field").Body(
		app.Label().For("engine").Text(p.t("field.engine.label")),
		app.Select().ID("engine").OnChange(func(ctx app.Context, e app.Event) {
			v := ctx.JSSrc().Get("value").String()
			p.st.Engine = v
			if v == p.preset.Engine {
				p.st.Engine = ""
			}
			p.commit(ctx)
		}).Body(
			app.Range(engines).Slice(func(i int) app.UI {
				en := engines[i]
				return option(en.ID, en.Name, en.ID == p.sc.Engine.ID)
			}),
		),
		p.fieldMessage("engine", p.t("field.engine.help")),
	)
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
	origin := p.origin(f.flag, used)
	onChange := func(ctx app.Context, e app.Event) {
		v := ctx.JSSrc().Get("value").String()
		p.raw[f.flag] = v
		if err := f.set(&p.st, v); err != nil {
			p.errs[f.flag] = p.t("ui.invalid") + ": " + err.Error()
			return
		}
		delete(p.errs, f.flag)
		p.commit(ctx)
	}
	var input app.UI
	if f.kind == "select" {
		input = app.Select().ID(f.flag).Aria("describedby", f.flag+"-msg").OnChange(onChange).Body(
			app.Range(f.choices).Slice(func(i int) app.UI {
				c := f.choices[i]
				text := c
				if c == "" {
					text = p.t("ui.default") + " (" + used + ")"
				}
				return option(c, text, c == val)
			}),
		)
	} else {
		if r, ok := p.raw[f.flag]; ok {
			val = r // keep what the person typed ("0.50", "0.") while it is valid or not
		}
		input = app.Input().ID(f.flag).Type("text").Attr("inputmode", "decimal").
			Value(val).Placeholder(used).
			Aria("describedby", f.flag+"-msg").
			Aria("invalid", p.errs[f.flag] != "" || p.calcErr[0] == f.flag).
			OnInput(onChange)
	}
	return app.Div().Class("field").Body(
		app.Label().For(f.flag).Body(
			app.Text(p.t("field."+f.flag+".label")),
			app.If(f.flag != "other-processes" && f.flag != "device-total" && f.flag != "device-count", func() app.UI {
				return app.Code().Class("flag").Text("--" + f.flag)
			}),
		),
		input,
		p.fieldMessage(f.flag, p.f("field."+f.flag+".help", map[string]string{"default": origin})),
	)
}

// origin says where a value in use comes from, e.g. "default 0.9 for
// vllm-ascend 0.11".
func (p *Page) origin(flag, used string) string {
	o, ok := p.est.Resolved.Origins[flag]
	if ok && o.Set {
		return p.t("ui.origin_set")
	}
	return p.f("ui.origin_default", map[string]string{"value": used, "engine": p.sc.Engine.Name})
}

// fieldMessage is the line under a field: its error if it has one, else its help.
func (p *Page) fieldMessage(flag, help string) app.UI {
	msg, cls := help, "help"
	if e := p.errs[flag]; e != "" {
		msg, cls = e, "field-error"
	} else if p.calcErr[0] == flag {
		msg, cls = p.calcErr[1], "field-error"
	}
	return app.P().ID(flag+"-msg").Class(cls).Aria("live", "polite").Text(msg)
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
)
