package view

import (
	"math"
	"reflect"
	"sort"
	"strconv"

	"vram/app/urlstate"
	"vram/calc"
	"vram/calc/cmdline"
	"vram/calc/finding"
	"vram/calc/hfconfig"
	"vram/calc/startlog"
	"vram/presets"
)

// ParsePaste reads a paste with the parser its kind needs; st is the
// page's state, which a paste changes where it says something and keeps
// (saying so in Kept) where it does not.
func ParsePaste(text string, st urlstate.State) Pasted {
	kind := DetectKind(text)
	switch kind {
	case PasteConfig:
		return pasteConfig(text)
	case PasteCommand:
		return pasteCommand(text, st)
	}
	return pasteLog(text, st)
}

// findings lists problems first, then the rest in the order of the text.
func findings(l finding.List) []Finding {
	out := append([]Finding(nil), l...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Bad() && !out[j].Bad() })
	return out
}

func failed(kind string, err error, l finding.List) Pasted {
	fs := findings(l)
	var refusal finding.List
	refusal.Add(kind, "", finding.Invalid, err.Error())
	fs = append(refusal, fs...)
	return Pasted{Kind: kind, Findings: fs}
}

// pasteConfig builds a custom model from config.json; it travels in the
// link as hfconfig.Compact.
func pasteConfig(text string) Pasted {
	r, err := hfconfig.Parse(text)
	if err != nil {
		return failed(PasteConfig, err, r.Findings)
	}
	compact := hfconfig.Compact(r.Model)
	return Pasted{Kind: PasteConfig, Findings: findings(r.Findings), Apply: func(st *urlstate.State) {
		st.Model, st.CustomModel = "", compact
	}}
}

// MatchModel finds a catalog model from what a command or log names: its
// id, or a local path ending in the id's last part (/models/Qwen2.5-VL-7B-Instruct).
func MatchModel(name string) (string, bool) {
	m, ok := presets.MatchModel(name)
	return m.ID, ok
}

// pasteCommand sets the scenario from a launch: model, parallel sizes,
// options, and the engine family when the text names a version.
func pasteCommand(text string, st urlstate.State) Pasted {
	c, err := cmdline.Parse(text)
	if err != nil {
		return failed(PasteCommand, err, c.Findings)
	}
	sc, _, _ := Scenario(st)
	fs := c.Findings
	id, known := MatchModel(c.Model)
	switch {
	case c.Model != "" && !known:
		fs.Add("model", c.Model, finding.Unknown, "not in the catalog: the page keeps its model; paste the model's config.json to size it")
	case known && id != c.Model:
		fs.Addf("model", c.Model, finding.Read, "the catalog's %s", id)
	}
	engine := engineFor(c.Project, c.Version, "", &fs)
	apply := func(o calc.Options) func(st *urlstate.State) {
		return func(st *urlstate.State) {
			if known {
				st.Model, st.CustomModel = id, ""
			}
			st.TP, st.PP, st.DP, st.Options, st.OwnOptions = c.TensorParallel, c.PipelineParallel, c.DataParallel, o, true
			if engine != "" {
				st.Engine = engine
			}
		}
	}
	p := Pasted{Kind: PasteCommand, Findings: findings(fs), Apply: apply(c.Options)}
	if !reflect.DeepEqual(c.Suggested, c.Options) {
		p.ApplySuggested = apply(c.Suggested)
	}
	if len(c.Rejected) > 0 {
		// vLLM's argument parser exits on these before anything loads:
		// the launch as written never reaches a memory check.
		p.Exits, p.Apply = c.Rejected, nil
	}
	if !known {
		p.Kept = append(p.Kept, Kept{"model", sc.Model.ID})
	}
	p.Kept = append(p.Kept, Kept{"device", sc.Device.Name})
	if engine == "" {
		p.Kept = append(p.Kept, Kept{"engine", sc.Engine.Name})
	} else if e, ok := presets.EngineByID(engine); ok && e.Platform() != sc.Device.Platform {
		p.Kept = append(p.Kept, Kept{"platform", sc.Device.Name})
	}
	return p
}

// engineFor names the release of a version, or says why none.
func engineFor(project, version string, platform calc.Platform, fs *finding.List) string {
	if version == "" {
		return ""
	}
	if platform == calc.Ascend {
		project = "vllm-ascend" // vllm-ascend releases follow vLLM's numbers
	}
	if project == "" {
		project = "vllm"
	}
	e, exact, ok := presets.EngineForVersion(project, version)
	if !ok {
		fs.Add("version", project+" "+version, finding.Unmodelled, "older than every release the calculator models; the page keeps its engine")
		return ""
	}
	if !exact {
		fs.Addf("version", project+" "+version, finding.Assumed, "not a listed release: read as %s, the latest listed release before it", e.Name)
		return e.ID
	}
	fs.Addf("version", project+" "+version, finding.Read, "%s", e.Name)
	return e.ID
}

// matchDevice finds the catalog device whose reported total is the logged
// one, preferring the current device (presets.MatchDevice).
func matchDevice(total calc.Bytes, platform calc.Platform, current calc.Device) (string, bool) {
	if current.ID != "" && (platform == "" || current.Platform == platform) && math.Abs(current.Total.GiB()-total.GiB()) < 0.006 {
		return current.ID, true
	}
	d, ok := presets.MatchDevice("", total, platform)
	return d.ID, ok
}

// pasteLog reads a startup log: the scenario it shows, its figures against
// the current prediction, and the calibration it offers.
func pasteLog(text string, st urlstate.State) Pasted {
	l, err := startlog.Parse(text)
	if err != nil {
		return failed(PasteLog, err, l.Findings)
	}
	sc, _, _ := Scenario(st)
	fs := l.Findings
	f := l.Figures
	id, known := MatchModel(l.Model)
	if l.Model != "" && !known {
		fs.Add("model", l.Model, finding.Unknown, "not in the catalog: the page keeps its model")
	}
	engine := engineFor("", l.Version, l.Platform, &fs)
	if l.Engine != "" {
		fs.Add("engine", l.Engine, finding.Read, "")
	}
	if fi := l.Launch.Options.FlashInferSampler; fi != nil {
		v := map[bool]string{true: "1", false: "0"}[*fi]
		fs.Add("VLLM_USE_FLASHINFER_SAMPLER", v, finding.Read, "from the sampler line: the dummy sampler is sized on the path that ran")
	}
	device, custom := "", 0.0
	if f.Total != nil {
		if d, ok := matchDevice(*f.Total, l.Platform, sc.Device); ok {
			device = d
			fs.Addf("total", totalText(*f.Total), finding.Read, "the catalog's %s", d)
		} else {
			custom = math.Round(f.Total.GiB()*100) / 100
			fs.Add("total", totalText(*f.Total), finding.Read, "no catalog device reports this total; set as the device total")
		}
	}
	if l.Error != "" {
		fs.Add("error", l.Error, finding.Read, "")
	}
	fs = append(fs, l.Launch.Findings...)
	p := Pasted{Kind: PasteLog, Findings: findings(fs)}
	p.Apply = func(st *urlstate.State) {
		if known {
			st.Model, st.CustomModel = id, ""
		}
		if engine != "" {
			st.Engine = engine
		}
		if device != "" {
			st.Device, st.DeviceTotalGiB = device, 0
		} else if custom > 0 {
			st.DeviceTotalGiB = custom
		}
		if n := l.Launch.TensorParallel; n > 0 {
			st.TP = n
		}
		if n := l.Launch.PipelineParallel; n > 0 {
			st.PP = n
		}
		if n := l.Launch.DataParallel; n > 0 {
			st.DP = n
		}
		o := l.Launch.Options
		if l.Engine != "" && o.UseV1 == nil {
			// The engine the log ran (VLLM_USE_V1, or V1's fallback to V0).
			v1 := l.Engine == "V1"
			o.UseV1 = &v1
		}
		if l.Utilization != nil {
			o.GPUMemoryUtilization = l.Utilization
		}
		if l.MaxModelLen != nil {
			o.MaxModelLen = l.MaxModelLen
		}
		st.Options = st.Options.With(o)
		if f.Others != nil {
			g := math.Round(f.Others.GiB()*100) / 100
			st.SetOthers(&g)
		}
	}
	cal := calc.Calibration{Activation: f.Activation, NonTorch: startlog.Max(f.NonTorch), Graphs: f.Graphs}
	if cal != (calc.Calibration{}) {
		p.Calibrate = func(st *urlstate.State) { p.Apply(st); c := cal; st.Calibration = &c }
	}
	// The figures against the scenario the log describes, not the one on
	// the page: the page's own settings fill only what the log leaves out.
	described := st
	p.Apply(&described)
	if dsc, _, _ := Scenario(described); true {
		if e, err := calc.Compute(dsc); err == nil {
			p.Comparisons = compare(l, e)
		}
	}
	if l.Model == "" || !known {
		p.Kept = append(p.Kept, Kept{"model", sc.Model.ID})
	}
	if device == "" && custom == 0 {
		p.Kept = append(p.Kept, Kept{"device", sc.Device.Name})
	}
	if engine == "" {
		p.Kept = append(p.Kept, Kept{"engine", sc.Engine.Name})
	}
	return p
}

func totalText(b calc.Bytes) string {
	return strconv.FormatFloat(b.GiB(), 'f', 2, 64) + " GiB (" + calc.Commas(int(b)) + " B)"
}

// compare lines up each measured figure with the prediction for rank 0.
func compare(l startlog.Log, e calc.Estimate) []Comparison {
	k := predicted(e)
	f := l.Figures
	var out []Comparison
	gib := func(key string, m *calc.Bytes, pred calc.Bytes) {
		if m != nil {
			out = append(out, Comparison{Figure: key, Measured: m.GiB(), Predicted: pred.GiB(), Unit: "GiB"})
		}
	}
	count := func(key string, m *int, pred int, unit string) {
		if m != nil {
			out = append(out, Comparison{Figure: key, Measured: float64(*m), Predicted: float64(pred), Unit: unit})
		}
	}
	gib("fig.total", f.Total, k.Total)
	gib("fig.budget", f.Budget, k.Budget)
	gib("part.weights", f.Weights, k.Weights.Total)
	gib("part.nontorch", startlog.Max(f.NonTorch), k.NonTorch)
	gib("part.activation", f.Activation, k.Activation)
	gib("part.kv", startlog.Min(f.KV), k.KV)
	gib("part.graphs", f.Graphs, k.Graphs.Bytes)
	gib("part.others", f.Others, k.Others)
	count("fig.blocks", f.Blocks, e.Blocks, "blocks")
	count("fig.tokens", f.Tokens, e.Tokens, "tokens")
	if f.Concurrency != nil {
		out = append(out, Comparison{Figure: "fig.concurrency", Measured: *f.Concurrency, Predicted: e.Concurrency, Unit: "x"})
	}
	count("fig.encoder_budget", f.EncoderBudget, k.Peak.Item.Budget, "tokens")
	gib("part.mm-ipc", f.MMIPC, e.Resolved.MMIPC)
	count("fig.attn_block", f.AttnBlock, e.Resolved.MambaBlockSet, "tokens")
	if f.MambaPad != nil {
		out = append(out, Comparison{Figure: "fig.mamba_pad", Measured: *f.MambaPad, Predicted: calc.MambaPadPercent(&e.Resolved), Unit: "%"})
	}
	return out
}
