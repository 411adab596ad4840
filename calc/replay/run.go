package replay

import (
	"strings"

	"vram/calc"
	"vram/presets"
)

// Run replays every case.
func Run(cases []Case) []Result {
	out := make([]Result, 0, len(cases))
	for _, c := range cases {
		out = append(out, Replay(c))
	}
	return out
}

// Replay rebuilds one case and compares its figures.
func Replay(c Case) Result {
	res := Result{Case: c}
	s, why := scenario(c)
	if c.Device != nil && why == missingDevice(*c.Device) {
		return unnamedDevice(c, why)
	}
	unknownVersion := why == "version not stated"
	if unknownVersion {
		// Weights do not depend on the release: compare them on the
		// latest one and nothing else.
		s, why = scenarioOn(c, presets.LatestEngine(s.Device.Platform))
		res.VersionUnknown = true
	}
	if why != "" {
		res.Skipped = why
		return res
	}
	res.Release, res.Exact = s.Engine.ID, exactRelease(c, s.Engine)
	pred, err := calc.Evaluate(s)
	if err != nil {
		res.Skipped = "scenario rejected: " + err.Error()
		return res
	}
	cs := s
	cs.Calibration = calibration(c)
	if t := loggedTotal(c); t > 0 {
		cs.Device.Total = t
	}
	cal, err := calc.Evaluate(cs)
	if err != nil {
		cal = pred
	}
	utilStated, lenStated := stated(c)
	peakInputs, kvInputs := "", ""
	if !lenStated && (!pred.Resolved.V1 || s.Model.Vision != nil) {
		peakInputs = "max_model_len not stated (it sizes the profile batch or the dummy item)"
	}
	switch {
	case unknownVersion:
		peakInputs, kvInputs = "version not stated", "version not stated"
	case loggedTotal(c) == 0 && c.Device != nil && strings.Contains(strings.ToLower(*c.Device), "memory size not stated"):
		// A name that covers parts of several sizes ("910B4" is also
		// written for the 64 GB 910B4-1, vllm-ascend #3843; "A100" for 40
		// and 80 GB): the catalog's part may not be the one that ran.
		kvInputs = "device memory not stated"
	case !utilStated:
		kvInputs = "gpu_memory_utilization not stated"
	case peakInputs != "":
		kvInputs = peakInputs
	}
	vInputs := kvInputs
	switch {
	case (!utilStated || !lenStated) && !res.Exact:
		// An approximate release is a third unknown: no open settings.
		vInputs = "gpu_memory_utilization or max_model_len not stated"
	case !utilStated || !lenStated:
		vInputs = versionOnly(kvInputs) // the open settings are tried instead
		if kvInputs == "device memory not stated" {
			vInputs = kvInputs
		}
	}
	res.Predictive = figures(c, pred, peakInputs, kvInputs, true)
	res.Calibrated = figures(c, cal, "", kvInputs, false)
	_, known := others(c, s.Device)
	res.Verdict = verdict(c, pred, vInputs, known)
	res.VerdictCal = verdict(c, cal, vInputs, known)
	if !utilStated || !lenStated {
		res.Verdict = openCheck(c, s, pred, res.Verdict)
		res.VerdictCal = openCheck(c, cs, cal, res.VerdictCal)
	}
	return res
}

func exactRelease(c Case, e calc.Engine) bool {
	if c.Version == nil {
		return false
	}
	return strings.Contains(*c.Version, e.Version)
}

// scenario builds the case's Scenario from the catalog and its settings,
// or says why it cannot.
func scenario(c Case) (calc.Scenario, string) {
	var s calc.Scenario
	devName := ""
	if c.Device != nil {
		devName = *c.Device
	}
	low := strings.ToLower(devName)
	for _, other := range []string{"amd", "radeon", "mi50", "mi300", "mi250", "gfx", "apple", " m1", " m2", " m3", "tpu", "gaudi", "cpu"} {
		if strings.Contains(" "+low, other) {
			return s, "device " + devName + notServed
		}
	}
	name := strings.TrimSpace(strings.SplitN(c.Model, " (", 2)[0])
	m, ok := presets.MatchModel(name)
	if !ok {
		return s, "model " + name + " not in the catalog"
	}
	online := c.Quantization != nil && onlineFP8(*c.Quantization)
	if c.Quantization != nil && *c.Quantization != "" && *c.Quantization != "none" && m.Quant == nil && !online {
		return s, "a " + *c.Quantization + " build of " + m.ID + ", which the catalog has unquantized"
	}
	platform := platformOf(devName)
	d, ok := presets.MatchDevice(devName, loggedTotal(c), platform)
	if !ok {
		return s, missingDevice(devName)
	}
	e, _, why := release(c, d.Platform)
	s = calc.Scenario{Model: m.Model, Device: d.Device, Engine: e}
	if why != "" {
		return s, why
	}
	return scenarioOn(c, e)
}

// missingDevice is the skip reason for a device the catalog cannot match.
// notServed ends the skip reason of a case on a platform the calculator
// does not serve (AMD, TPU, Apple, Gaudi, CPU): out of its scope, not a gap.
const notServed = " is not an NVIDIA GPU or an Ascend NPU"

func missingDevice(name string) string { return "device " + name + " not in the catalog" }

// scenarioOn is the case's scenario on release e.
func scenarioOn(c Case, e calc.Engine) (calc.Scenario, string) {
	devName := ""
	if c.Device != nil {
		devName = *c.Device
	}
	d, ok := presets.MatchDevice(devName, loggedTotal(c), platformOf(devName))
	if !ok || e.ID == "" {
		return calc.Scenario{}, "no release for the device's platform"
	}
	return scenarioWith(c, e, d.Device), ""
}

// scenarioWith is the case's scenario on release e and device d.
func scenarioWith(c Case, e calc.Engine, d calc.Device) calc.Scenario {
	name := strings.TrimSpace(strings.SplitN(c.Model, " (", 2)[0])
	m, _ := presets.MatchModel(name)
	s := calc.Scenario{Model: m.Model, Device: d, Engine: e}
	if n := c.Revision.MaxPositions; n != nil && *n > 0 {
		s.Model.Text.MaxPositions = *n
	}
	if c.TP != nil {
		s.TensorParallel = *c.TP
	}
	if pp, ok := num(c.Measured, "pipeline_parallel_size"); ok && pp >= 1 && pp <= 1024 {
		s.PipelineParallel = int(pp)
	}
	if dp := c.Settings.DataParallel; dp != nil && *dp >= 1 && *dp <= 1024 {
		s.DataParallel = *dp
	}
	if ep := c.Settings.ExpertParallel; ep != nil {
		s.Options.ExpertParallel = ep
	}
	if c.Engine != nil {
		switch {
		case strings.HasPrefix(*c.Engine, "V0"):
			f := false
			s.Options.UseV1 = &f
		case strings.HasPrefix(*c.Engine, "V1"):
			t := true
			s.Options.UseV1 = &t
		}
	}
	setOptions(&s.Options, c)
	if c.Quantization != nil && onlineFP8(*c.Quantization) {
		s.Options.Quantization = "fp8" // --quantization fp8 on a 16-bit checkpoint
	}
	s.OtherProcesses, _ = others(c, d)
	return s
}

// others is the memory other programs held at startup, where the case
// logs it: the startup snapshot's free memory ("Free memory on device
// (F/T GiB) on startup"), which the own context has already taken from,
// or else npu-smi's used memory before vLLM started (which counts what
// lies between npu-smi's total and the runtime's). The snapshot comes
// first: it is what the worker itself subtracts, while npu-smi is read at
// another moment, and a co-tenant's use moves (vllm-ascend #14004 logs
// 19.79 GiB taken where #14274's npu-smi, same setup, shows 20.20).
func others(c Case, d calc.Device) (calc.Bytes, bool) {
	if free, ok := num(c.Measured, "free_memory_gib"); ok {
		if total := loggedTotal(c); total > 0 {
			return max(total-calc.FromGiB(free)-calc.Context(d.Platform), 0), true
		}
	}
	if mb, ok := num(c.Measured, "npu_used_before_start_mb"); ok && mb >= 0 {
		reserve := max(d.Nameplate-d.Total, 0)
		if smi, ok := num(c.Measured, "npu_total_mb"); ok && smi > 0 {
			reserve = max(calc.Bytes(smi*float64(calc.MiB))-d.Total, 0)
		}
		return max(calc.Bytes(mb*float64(calc.MiB))-reserve, 0), true
	}
	return 0, false
}

// platformOf reads the platform a device string names.
func platformOf(devName string) calc.Platform {
	low := strings.ToLower(devName)
	switch {
	case strings.Contains(low, "ascend") || strings.Contains(low, "910") || strings.Contains(low, "npu") || strings.Contains(low, "atlas"):
		return calc.Ascend
	case strings.Contains(low, "nvidia") || strings.Contains(low, "rtx") || strings.Contains(low, "tesla") || strings.Contains(low, "gpu"):
		return calc.CUDA
	}
	return ""
}

func setOptions(o *calc.Options, c Case) {
	st := c.Settings
	o.GPUMemoryUtilization, o.MaxModelLen, o.MaxNumSeqs, o.MaxNumBatchedTokens, o.EnforceEager, o.BlockSize =
		st.Utilization, st.MaxModelLen, st.MaxNumSeqs, st.MaxTokens, st.EnforceEager, st.BlockSize
	if st.KVCacheDtype != nil {
		o.KVCacheDtype = *st.KVCacheDtype
	}
	if v, ok := limit(st.LimitMM["image"]); ok {
		o.LimitImages = &v
	}
	if v, ok := limit(st.LimitMM["video"]); ok {
		o.LimitVideos = &v
	}
	if v, ok := st.MMKwargs["max_pixels"].(float64); ok && v > 0 {
		n := int(v)
		o.MaxPixels = &n
	}
	if v, ok := st.MMKwargs["min_pixels"].(float64); ok && v > 0 {
		n := int(v)
		o.MinPixels = &n
	}
}

// limit reads a --limit-mm-per-prompt value: a count, or {"count": n}.
func limit(v any) (int, bool) {
	switch x := v.(type) {
	case float64:
		return int(x), true
	case map[string]any:
		if n, ok := x["count"].(float64); ok {
			return int(n), true
		}
	}
	return 0, false
}

// num reads a measured figure: a number, or the first of a per-rank list.
func num(m map[string]any, k string) (float64, bool) {
	switch v := m[k].(type) {
	case float64:
		return v, true
	case []any:
		if len(v) > 0 {
			f, ok := v[0].(float64)
			return f, ok
		}
	}
	return 0, false
}

func loggedTotal(c Case) calc.Bytes {
	if tb, ok := num(c.Measured, "total_memory_bytes"); ok && tb > 0 {
		return calc.Bytes(tb)
	}
	if t, ok := num(map[string]any{"t": c.TotalGiB}, "t"); ok && t > 0 {
		return calc.FromGiB(t)
	}
	return 0
}

// calibration adopts the log's activation, non-torch and graph figures.
func calibration(c Case) *calc.Calibration {
	var cal calc.Calibration
	set := func(k string, dst **calc.Bytes) {
		if v, ok := num(c.Measured, k); ok && v >= 0 {
			b := calc.FromGiB(v)
			*dst = &b
		}
	}
	set("activation_peak_gib", &cal.Activation)
	set("non_torch_gib", &cal.NonTorch)
	set("cuda_graph_gib", &cal.Graphs)
	if p, ok := num(c.Measured, "peak_torch_memory_gib"); ok {
		if w, ok := num(c.Measured, "weights_gib"); ok && p >= w {
			b := calc.FromGiB(p - w) // the 0.6.4 format logs the peak with the weights in it
			cal.Activation = &b
		}
	}
	if cal.Activation == nil && cal.NonTorch == nil && cal.Graphs == nil {
		return nil
	}
	return &cal
}

// figures sets each measured figure against estimate e. Weights,
// activation, non-torch and graphs are compared only in the predictive run
// (the calibrated run adopts the last three).
func figures(c Case, e calc.Estimate, peakInputs, kvInputs string, predictive bool) []Figure {
	k := e.Ranks[0]
	var out []Figure
	add := func(name, key string, pred float64, why string) {
		v, ok := num(c.Measured, key)
		if !ok {
			return
		}
		f := Figure{Name: name, Measured: v, Predicted: pred, Compared: why == "", Why: why}
		out = append(out, f)
	}
	if predictive {
		add(FigWeights, "weights_gib", k.Weights.Total.GiB(), "")
		add(FigActivation, "activation_peak_gib", k.Activation.GiB(), peakInputs)
		add(FigNonTorch, "non_torch_gib", k.NonTorch.GiB(), versionOnly(kvInputs))
		graphWhy := peakInputs
		if v, ok := num(c.Measured, "cuda_graph_gib"); ok && v <= 0 && graphWhy == "" {
			// start − end free memory: cached blocks released during
			// capture make it negative, and then it bounds nothing.
			graphWhy = "the logged figure is not positive (cached memory was released during capture)"
		}
		add(FigGraphs, "cuda_graph_gib", k.Graphs.Bytes.GiB(), graphWhy)
	}
	add(FigKV, "kv_cache_gib", k.KV.GiB(), kvInputs)
	tokWhy, concWhy := kvInputs, kvInputs
	if e.Failure != nil && e.Failure.ID != calc.GateGraphs && e.Failure.ID != calc.GateMaxLen && e.Failure.ID != calc.GateKVInit {
		// A max-length failure (and the KV init's) comes after the cache
		// is sized: V0 prints its blocks and concurrency first, and its
		// error the token capacity.
		tokWhy, concWhy = "the estimate stops before the cache is sized", "the estimate stops before the cache is sized"
	}
	if kvInputs == "" && c.Settings.MaxModelLen == nil {
		concWhy = "max_model_len not stated"
	}
	if e.Failure != nil && e.Failure.ID != calc.GateGraphs && e.Failure.ID != calc.GateMaxLen && kvInputs == "" {
		kvInputs = "the estimate stops before the budget is sized"
	}
	add(FigTokens, "kv_cache_tokens", float64(e.Tokens), tokWhy)
	add(FigBlocks, "gpu_blocks", float64(e.Blocks), tokWhy)
	add(FigConcurrency, "max_concurrency", e.Concurrency, concWhy)
	return out
}

// openCheck keeps a compared verdict when it holds over the open settings.
func openCheck(c Case, s calc.Scenario, e calc.Estimate, v Verdict) Verdict {
	if !v.Compared {
		return v
	}
	if openVerdict(c, s, e) {
		v.Open = true
		return v
	}
	v.Compared, v.Why = false, "the verdict depends on the unstated gpu_memory_utilization or max_model_len"
	return v
}

// versionOnly keeps the reason when it is that the version is unknown.
func versionOnly(why string) string {
	if why == "version not stated" {
		return why
	}
	return ""
}

// verdict compares the start or memory failure the case saw.
func verdict(c Case, e calc.Estimate, inputs string, othersKnown bool) Verdict {
	outcome, _ := c.Measured["outcome_class"].(string)
	v := Verdict{Outcome: outcome, Got: e.Starts}
	if e.Failure != nil {
		v.Gate = e.Failure.ID
	}
	switch {
	case !(strings.HasPrefix(outcome, "pass") || strings.HasPrefix(outcome, "fail_memory")):
		v.Why = "outcome not a start or a memory failure: " + outcome
	case strings.Contains(outcome, "co-tenant") && !othersKnown:
		v.Why = "other programs' memory not stated"
	case strings.Contains(outcome, "runtime") || strings.Contains(outcome, "afterwards"):
		v.Why = "the failure came after startup"
	case c.TP == nil && v.Gate == calc.GateWeights:
		// One device cannot hold the weights: the case ran on several,
		// over a tensor parallelism it does not state.
		v.Why = "tensor_parallel_size not stated, and one device cannot hold the weights"
	case inputs != "":
		v.Why = inputs
	default:
		v.Compared = true
		v.Want = strings.HasPrefix(outcome, "pass")
	}
	return v
}

// onlineFP8 reports a case quantized at load by --quantization fp8.
func onlineFP8(q string) bool {
	q = strings.ToLower(q)
	return strings.Contains(q, "fp8") && strings.Contains(q, "online")
}
