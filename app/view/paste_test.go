package view

import (
	"net/url"
	"os"
	"reflect"
	"testing"

	"vram/app/urlstate"
	"vram/calc"
	"vram/calc/cmdline"
	"vram/presets"
)

func estimate(t *testing.T, st urlstate.State) (calc.Scenario, calc.Estimate) {
	t.Helper()
	sc, _, notes := Scenario(st)
	if len(notes) > 0 {
		t.Fatalf("notices: %+v", notes)
	}
	e, err := calc.Compute(sc)
	if err != nil {
		t.Fatal(err)
	}
	return sc, e
}

// TestCommandRoundTrip: every preset's command, pasted back onto the
// default page, gives the preset's model, parallel sizes and options.
func TestCommandRoundTrip(t *testing.T) {
	for _, p := range presets.Presets() {
		want, err := p.Scenario()
		if err != nil {
			t.Fatal(err)
		}
		st := urlstate.State{Preset: p.Name}
		sc, e := estimate(t, st)
		pasted := ParsePaste(cmdline.Format(want), sc, e)
		if pasted.Kind != PasteCommand || pasted.Apply == nil {
			t.Fatalf("%s: %+v", p.Name, pasted)
		}
		st = urlstate.State{} // the default preset, then the paste
		pasted.Apply(&st)
		st.Engine, st.Device, st.OthersGiB = want.Engine.ID, want.Device.ID, nil
		got, _, notes := Scenario(st)
		if len(notes) > 0 {
			t.Fatalf("%s: %+v", p.Name, notes)
		}
		if got.Model.ID != want.Model.ID || max(got.TensorParallel, 1) != max(want.TensorParallel, 1) ||
			max(got.PipelineParallel, 1) != max(want.PipelineParallel, 1) || !reflect.DeepEqual(got.Options, want.Options) {
			t.Errorf("%s: pasted command gave %s tp %d pp %d %+v, want %s tp %d pp %d %+v", p.Name,
				got.Model.ID, got.TensorParallel, got.PipelineParallel, got.Options, want.Model.ID, want.TensorParallel, want.PipelineParallel, want.Options)
		}
	}
}

func TestSeedCommandSuggestion(t *testing.T) {
	seed, err := os.ReadFile("../../calc/cmdline/testdata/seed-command.sh")
	if err != nil {
		t.Fatal(err)
	}
	sc, e := estimate(t, urlstate.State{})
	p := ParsePaste(string(seed), sc, e)
	if p.ApplySuggested == nil {
		t.Fatal("no suggestion for the invalid JSON")
	}
	bad := false
	for _, f := range p.Findings {
		bad = bad || f.Bad()
	}
	if !bad {
		t.Error("the invalid --mm_processor_kwargs is not flagged")
	}
	var st urlstate.State
	p.ApplySuggested(&st)
	if st.Model != "Qwen/Qwen2.5-VL-7B-Instruct" || st.Options.MaxPixels == nil || *st.Options.MaxPixels != 2073600 ||
		st.Options.MaxNumSeqs == nil || *st.Options.MaxNumSeqs != 256 {
		t.Errorf("state %+v", st)
	}
	st = urlstate.State{}
	p.Apply(&st)
	if st.Options.MaxPixels != nil {
		t.Error("Apply took the value vLLM rejects")
	}
}

// TestConfigThroughLink: a pasted config becomes a custom model that
// survives the share link.
func TestConfigThroughLink(t *testing.T) {
	cfg, err := os.ReadFile("../../calc/hfconfig/testdata/qwen2.5-vl-7b.config.json")
	if err != nil {
		t.Fatal(err)
	}
	sc, e := estimate(t, urlstate.State{})
	p := ParsePaste(string(cfg), sc, e)
	if p.Kind != PasteConfig || p.Apply == nil {
		t.Fatalf("%+v", p)
	}
	var st urlstate.State
	p.Apply(&st)
	q := urlstate.Encode(st, urlstate.State{}).Encode()
	vals, _ := url.ParseQuery(q)
	back, notes := urlstate.Decode(vals)
	if len(notes) > 0 {
		t.Fatal(notes)
	}
	got, _ := estimate(t, back)
	want, _ := presets.ModelByID("Qwen/Qwen2.5-VL-7B-Instruct")
	if calc.ModelParams(&got.Model) != calc.ModelParams(&want) {
		t.Errorf("custom model through %q: %d parameters, catalog %d", q, calc.ModelParams(&got.Model), calc.ModelParams(&want))
	}
}

func TestLogCompareAndCalibrate(t *testing.T) {
	const log = `INFO 04-15 00:05:58 [worker.py:267] the current vLLM instance can use total_gpu_memory (39.38GiB) x gpu_memory_utilization (0.95) = 37.41GiB
INFO 04-15 00:05:58 [worker.py:267] model weights take 34.43GiB; non_torch_memory takes 0.34GiB; PyTorch activation peak memory takes 2.51GiB; the rest of the memory reserved for KV Cache is 0.13GiB.
INFO 04-15 00:05:30 [llm_engine.py:243] Initializing a V0 LLM engine (v0.8.3) with config: model='Qwen/Qwen2.5-VL-72B-Instruct', max_seq_len=8192, tensor_parallel_size=4, pipeline_parallel_size=1, enforce_eager=False, kv_cache_dtype=auto`
	sc, e := estimate(t, urlstate.State{})
	p := ParsePaste(log, sc, e)
	if p.Kind != PasteLog || p.Apply == nil || p.Calibrate == nil {
		t.Fatalf("%+v", p)
	}
	var st urlstate.State
	p.Apply(&st)
	if st.Model != "Qwen/Qwen2.5-VL-72B-Instruct" || st.TP != 4 || st.Device != "a100-40gb" || st.Engine != "vllm-0.8.3" ||
		st.Options.GPUMemoryUtilization == nil || *st.Options.GPUMemoryUtilization != 0.95 ||
		st.Options.UseV1 == nil || *st.Options.UseV1 {
		t.Errorf("applied %+v", st)
	}
	p.Calibrate(&st)
	if c := st.Calibration; c == nil || c.Activation == nil || c.NonTorch == nil || c.Activation.GiB() < 2.50 || c.Activation.GiB() > 2.52 {
		t.Errorf("calibration %+v", st.Calibration)
	}
	sc, e = estimate(t, st)
	p = ParsePaste(log, sc, e)
	figs := map[string]Comparison{}
	for _, c := range p.Comparisons {
		figs[c.Figure] = c
	}
	// Calibrated figures are reproduced exactly; the weights are modelled.
	if c := figs["part.peak"]; c.Measured != c.Predicted {
		t.Errorf("calibrated activation %+v", c)
	}
	if c := figs["part.weights"]; c.Measured == 0 || ErrorPct(c) == "n/a" {
		t.Errorf("weights %+v", c)
	}
}

func TestProblemsFirst(t *testing.T) {
	sc, e := estimate(t, urlstate.State{})
	p := ParsePaste("vllm serve Qwen/Qwen3-VL-2B-Instruct --port 8000 --max-num-seqs many", sc, e)
	if len(p.Findings) == 0 || !p.Findings[0].Bad() {
		t.Errorf("the rejected --max-num-seqs is not listed first: %+v", p.Findings)
	}
}
