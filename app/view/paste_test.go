package view

import (
	"math"
	"net/url"
	"os"
	"reflect"
	"strings"
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
		pasted := ParsePaste(cmdline.Format(want), st)
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
	p := ParsePaste(string(seed), urlstate.State{})
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
	// As written, vLLM's argument parser exits: no "Use it", its message.
	if p.Apply != nil || len(p.Exits) == 0 || !strings.Contains(p.Exits[0], "invalid loads value") || !strings.Contains(p.Exits[0], "--mm_processor_kwargs") {
		t.Errorf("the rejected command can be used as is, or says %q", p.Exits)
	}
}

// A log pasted on a page showing another platform is compared against the
// scenario it describes (its model, total, release), not the page's.
func TestLogComparedAgainstItsScenario(t *testing.T) {
	const log = `INFO 03-23 16:34:05 [llm_engine.py:241] Initializing a V0 LLM engine (v0.8.1) with config: model='Qwen/Qwen2.5-7B-Instruct', max_seq_len=6600, tensor_parallel_size=1, pipeline_parallel_size=1
INFO 03-23 16:34:40 [model_runner.py:1146] Model loading took 14.2487 GB and 32.737843 seconds
INFO 03-23 16:34:44 [worker.py:267] the current vLLM instance can use total_gpu_memory (21.99GiB) x gpu_memory_utilization (0.90) = 19.79GiB
INFO 03-23 16:34:44 [worker.py:267] model weights take 14.25GiB; non_torch_memory takes 0.06GiB; PyTorch activation peak memory takes 1.43GiB; the rest of the memory reserved for KV Cache is 4.05GiB.`
	p := ParsePaste(log, urlstate.State{Preset: "qwen3-vl-2b-910b4-shared"})
	figs := map[string]Comparison{}
	for _, c := range p.Comparisons {
		figs[c.Figure] = c
	}
	w := figs["part.weights"]
	if w.Measured == 0 || math.Abs(w.Predicted-w.Measured)/w.Measured > 0.02 {
		t.Errorf("weights %+v: not the log's scenario", w)
	}
	var st urlstate.State
	p.Apply(&st)
	if (st.Device != "a10g" && st.Device != "a10") || st.Engine != "vllm-0.8.1" { // 21.99 GiB: either 24 GB Ampere card
		t.Errorf("applied device %q engine %q", st.Device, st.Engine)
	}
}

// A pasted command says what it keeps from the page: a command names no
// device, and this one no version either.
func TestPasteSaysWhatItKeeps(t *testing.T) {
	p := ParsePaste("vllm serve Qwen/Qwen2.5-VL-7B-Instruct --max-model-len 8192", urlstate.State{Preset: "qwen3-vl-2b-910b4-shared"})
	kept := map[string]string{}
	for _, k := range p.Kept {
		kept[k.What] = k.Value
	}
	if kept["device"] == "" || kept["engine"] == "" || kept["model"] != "" {
		t.Errorf("kept %+v", p.Kept)
	}
	p = ParsePaste("docker run vllm/vllm-openai:v0.8.3 --model Qwen/Qwen2.5-VL-7B-Instruct", urlstate.State{Preset: "qwen3-vl-2b-910b4-shared"})
	kept = map[string]string{}
	for _, k := range p.Kept {
		kept[k.What] = k.Value
	}
	if kept["platform"] == "" || kept["engine"] != "" {
		t.Errorf("a CUDA image on an Ascend page: kept %+v", p.Kept)
	}
}

// TestConfigThroughLink: a pasted config becomes a custom model that
// survives the share link.
func TestConfigThroughLink(t *testing.T) {
	cfg, err := os.ReadFile("../../calc/hfconfig/testdata/qwen2.5-vl-7b.config.json")
	if err != nil {
		t.Fatal(err)
	}
	p := ParsePaste(string(cfg), urlstate.State{})
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
	p := ParsePaste(log, urlstate.State{})
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
	p = ParsePaste(log, st)
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
	p := ParsePaste("vllm serve Qwen/Qwen3-VL-2B-Instruct --port 8000 --max-num-seqs many", urlstate.State{})
	if len(p.Findings) == 0 || !p.Findings[0].Bad() {
		t.Errorf("the rejected --max-num-seqs is not listed first: %+v", p.Findings)
	}
}

// A log's sampler line says which top-k/top-p ran: the paste reports it
// and applies it, and the dummy sampler is then sized on that path.
func TestPasteSamplerLine(t *testing.T) {
	log := `INFO 10-02 [topk_topp_sampler.py:59] Using FlashInfer for top-p & top-k sampling.
INFO 10-02 [gpu_model_runner.py:2602] Model loading took 15.2662 GiB and 4.1 seconds
INFO 10-02 [gpu_worker.py:298] Available KV cache memory: 58.12 GiB`
	p := ParsePaste(log, urlstate.State{Model: "Qwen/Qwen3-8B", Device: "h100-80gb", Engine: "vllm-0.11.0"})
	found := false
	for _, f := range p.Findings {
		if f.Field == "VLLM_USE_FLASHINFER_SAMPLER" && f.Value == "1" {
			found = true
		}
	}
	if !found {
		t.Errorf("findings %+v lack the sampler", p.Findings)
	}
	st := urlstate.State{Model: "Qwen/Qwen3-8B", Device: "h100-80gb", Engine: "vllm-0.11.0"}
	p.Apply(&st)
	if o := st.Options.FlashInferSampler; o == nil || !*o {
		t.Fatalf("applied %v", o)
	}
	_, e := estimate(t, st)
	if !e.Resolved.FlashInferSampler {
		t.Error("the estimate does not run FlashInfer's path")
	}
}
