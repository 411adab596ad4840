package cmdline

import (
	"errors"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"vram/calc"
	"vram/calc/finding"
)

func ip(n int) *int                   { return &n }
func fp(f float64) *float64           { return &f }
func bp(b bool) *bool                 { return &b }
func bytesp(b calc.Bytes) *calc.Bytes { return &b }

// seedCommand is the second report of ../shared/seeds, verbatim.
const seedCommand = `#!/bin/bash
export CUDA_VISIBLE_DEVICES=1
export VLLM_ATTENTION_BACKEND=XFORMERS

python -m vllm.entrypoints.openai.api_server \
    --model /path/to/Qwen2.5-VL-7B-Instruct \
    --gpu-memory-utilization 0.9 \
    --max-model-len 16384 \
    --max-num-seqs 256 \
    --mm_processor_kwargs '{"max_pixels": 1920*1080}' \
    --served-model-name qwen-omni-7b \
    --swap-space 8 \
    --disable-log-requests \
    --dtype=half \
    --port 7998
`

func TestParseSeedCommand(t *testing.T) {
	c, err := Parse(seedCommand)
	if err != nil {
		t.Fatal(err)
	}
	if c.Form != "api_server" || c.Model != "/path/to/Qwen2.5-VL-7B-Instruct" {
		t.Errorf("form %q model %q", c.Form, c.Model)
	}
	want := calc.Options{GPUMemoryUtilization: fp(0.9), MaxModelLen: ip(16384), MaxNumSeqs: ip(256), Dtype: "float16"}
	if !reflect.DeepEqual(c.Options, want) {
		t.Errorf("options %+v, want %+v", c.Options, want)
	}
	// vLLM rejects the JSON; the suggestion carries the product.
	if c.Suggested.MaxPixels == nil || *c.Suggested.MaxPixels != 2073600 {
		t.Errorf("suggested max_pixels %v, want 2073600", c.Suggested.MaxPixels)
	}
	got := kinds(c.Findings)
	for field, k := range map[string]finding.Kind{
		"--mm_processor_kwargs": finding.Invalid, "--served-model-name": finding.Ignored, "--swap-space": finding.Ignored,
		"--disable-log-requests": finding.Ignored, "--port": finding.Ignored, "--dtype": finding.Read,
		"CUDA_VISIBLE_DEVICES": finding.Ignored, "VLLM_ATTENTION_BACKEND": finding.Ignored, "--max-num-seqs": finding.Read,
	} {
		if got[field] != k {
			t.Errorf("%s: %q, want %q", field, got[field], k)
		}
	}
	for _, f := range c.Findings {
		if f.Field == "--mm_processor_kwargs" && (!strings.Contains(f.Detail, "not valid JSON") || !strings.Contains(f.Detail, "2073600")) {
			t.Errorf("detail %q should say invalid JSON and offer 2073600", f.Detail)
		}
	}
}

func kinds(l finding.List) map[string]finding.Kind {
	m := map[string]finding.Kind{}
	for _, f := range l {
		m[f.Field] = f.Kind
	}
	return m
}

func TestParseForms(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		model      string
		form       string
		tp, pp     int
		opts       calc.Options
		version    string
		bad        []string // fields expected Invalid
	}{
		{name: "serve positional", text: "vllm serve Qwen/Qwen3-VL-2B-Instruct --gpu-memory-utilization=0.36 -tp 2",
			model: "Qwen/Qwen3-VL-2B-Instruct", form: "serve", tp: 2, opts: calc.Options{GPUMemoryUtilization: fp(0.36)}},
		{name: "underscores and equals", text: "vllm serve m --max_model_len=8192 --max_num_seqs 2 --enforce-eager --block-size 128",
			model: "m", form: "serve", opts: calc.Options{MaxModelLen: ip(8192), MaxNumSeqs: ip(2), EnforceEager: bp(true), BlockSize: ip(128)}},
		{name: "old limit form", text: "vllm serve m --limit-mm-per-prompt image=1,video=0 -pp 2",
			model: "m", form: "serve", pp: 2, opts: calc.Options{LimitImages: ip(1), LimitVideos: ip(0)}},
		{name: "json limit, double quotes", text: `vllm serve m --limit-mm-per-prompt "{\"image\": 2}"`,
			model: "m", form: "serve", opts: calc.Options{LimitImages: ip(2)}},
		{name: "env prefix", text: "VLLM_USE_V1=0 VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=1 vllm serve m",
			model: "m", form: "serve", opts: calc.Options{UseV1: bp(false), EstimateCUDAGraphs: bp(true)}},
		{name: "model runner V2 off", text: "VLLM_USE_V2_MODEL_RUNNER=0 vllm serve m",
			model: "m", form: "serve", opts: calc.Options{ModelRunnerV2: bp(false)}},
		{name: "FlashInfer sampler", text: "VLLM_USE_FLASHINFER_SAMPLER=1 vllm serve m",
			model: "m", form: "serve", opts: calc.Options{FlashInferSampler: bp(true)}},
		{name: "issue 16570", text: `vllm serve Qwen/Qwen2.5-VL-72B-Instruct --tensor-parallel-size 4 --gpu_memory_utilization 0.95 --max_num_seqs 2 --max_model_len 8192 --mm_processor_kwargs '{"max_pixels":1280, "min_pixels":256}'`,
			model: "Qwen/Qwen2.5-VL-72B-Instruct", form: "serve", tp: 4,
			opts: calc.Options{GPUMemoryUtilization: fp(0.95), MaxNumSeqs: ip(2), MaxModelLen: ip(8192), MaxPixels: ip(1280), MinPixels: ip(256)}},
		{name: "docker", text: "docker run --gpus all -e VLLM_USE_V1=1 -p 8000:8000 vllm/vllm-openai:v0.8.3 --model Qwen/Qwen2.5-VL-7B-Instruct --max-model-len 32k",
			model: "Qwen/Qwen2.5-VL-7B-Instruct", form: "docker", version: "0.8.3", opts: calc.Options{UseV1: bp(true), MaxModelLen: ip(32000)}},
		{name: "ascend docker then serve", text: "docker run -it quay.io/ascend/vllm-ascend:v0.11.0rc0 vllm serve Qwen/Qwen3-VL-2B-Instruct",
			model: "Qwen/Qwen3-VL-2B-Instruct", form: "serve", version: "0.11.0rc0"},
		{name: "utilization above 1", text: "vllm serve m --gpu-memory-utilization 1.5", model: "m", form: "serve", bad: []string{"--gpu-memory-utilization"}},
		{name: "bad int", text: "vllm serve m --max-num-seqs many", model: "m", form: "serve", bad: []string{"--max-num-seqs"}},
		{name: "bad dtype", text: "vllm serve m --dtype fp4", model: "m", form: "serve", bad: []string{"--dtype"}},
		{name: "no model", text: "vllm serve --port 8000", form: "serve", bad: []string{"model"}},
		{name: "offline", text: `from vllm import LLM
llm = LLM(model="Qwen/Qwen2.5-VL-7B-Instruct", tensor_parallel_size=2, max_model_len=4096,
          limit_mm_per_prompt={"image": 2, "video": 0},
          mm_processor_kwargs={"max_pixels": 1280 * 28 * 28, "min_pixels": 256*28*28},
          enforce_eager=True, gpu_memory_utilization=0.8, trust_remote_code=True, seed=some_var)`,
			model: "Qwen/Qwen2.5-VL-7B-Instruct", form: "llm", tp: 2,
			opts: calc.Options{Offline: true, MaxModelLen: ip(4096), LimitImages: ip(2), LimitVideos: ip(0), MaxPixels: ip(1003520),
				MinPixels: ip(200704), EnforceEager: bp(true), GPUMemoryUtilization: fp(0.8)}},
		{name: "offline positional, dict()", text: `import os
os.environ["VLLM_USE_V1"] = "0"
llm = LLM("Qwen/Qwen2-VL-2B-Instruct", limit_mm_per_prompt=dict(image=4))`,
			model: "Qwen/Qwen2-VL-2B-Instruct", form: "llm", opts: calc.Options{Offline: true, UseV1: bp(false), LimitImages: ip(4)}},
		{name: "pip pin", text: "pip install vllm==0.7.3\nvllm serve m", model: "m", form: "serve", version: "0.7.3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			if c.Model != tc.model || c.Form != tc.form || c.TensorParallel != tc.tp || c.PipelineParallel != tc.pp || c.Version != tc.version {
				t.Errorf("got model %q form %q tp %d pp %d version %q", c.Model, c.Form, c.TensorParallel, c.PipelineParallel, c.Version)
			}
			if !reflect.DeepEqual(c.Options, tc.opts) {
				t.Errorf("options\n got %s\nwant %s", show(c.Options), show(tc.opts))
			}
			k := kinds(c.Findings)
			for _, f := range tc.bad {
				if k[f] != finding.Invalid && k[f] != finding.Missing {
					t.Errorf("%s: %q, want invalid (findings %+v)", f, k[f], c.Findings)
				}
			}
			if len(tc.bad) == 0 {
				for _, f := range c.Findings {
					if f.Bad() {
						t.Errorf("unexpected problem %+v", f)
					}
				}
			}
		})
	}
}

func show(o calc.Options) string {
	s := calc.Scenario{Model: calc.Model{ID: "x"}, Options: o}
	return strings.ReplaceAll(Format(s), " \\\n  ", " ")
}

func TestParseNoCommand(t *testing.T) {
	for _, s := range []string{"", "hello", "INFO 04-15 worker.py: model weights take 3 GiB", "{\"a\": 1}"} {
		if _, err := Parse(s); !errors.Is(err, ErrNoCommand) {
			t.Errorf("%q: err %v, want ErrNoCommand", s, err)
		}
	}
}

// TestRoundTrip checks scenario -> command -> scenario for random option
// sets, in both the serve and the offline form.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pick := func() bool { return rng.Intn(2) == 0 }
	for i := 0; i < 500; i++ {
		var s calc.Scenario
		s.Model.ID = []string{"Qwen/Qwen2.5-VL-7B-Instruct", "/models/my model/Qwen3-VL-2B", "m"}[rng.Intn(3)]
		s.TensorParallel = []int{0, 2, 4}[rng.Intn(3)]
		s.PipelineParallel = []int{0, 2}[rng.Intn(2)]
		s.DataParallel = []int{0, 2}[rng.Intn(2)]
		o := &s.Options
		if pick() {
			o.GPUMemoryUtilization = fp(float64(rng.Intn(99)+1) / 100)
		}
		if pick() {
			o.MaxModelLen = ip(rng.Intn(1<<17) + 1)
		}
		if pick() {
			o.MaxNumSeqs = ip(rng.Intn(1024) + 1)
		}
		if pick() {
			o.MaxNumBatchedTokens = ip(rng.Intn(1<<15) + 1)
		}
		if pick() {
			o.BlockSize = ip([]int{16, 32, 128}[rng.Intn(3)])
		}
		if pick() {
			o.EnforceEager = bp(true)
		}
		if pick() {
			o.Dtype = []string{"auto", "bfloat16", "float16"}[rng.Intn(3)]
		}
		if pick() {
			o.KVCacheDtype = []string{"auto", "fp8", "fp8_e5m2"}[rng.Intn(3)]
		}
		if pick() {
			o.LimitImages = ip(rng.Intn(5))
		}
		if pick() {
			o.LimitVideos = ip(rng.Intn(3))
		}
		if pick() {
			o.MaxPixels = ip(rng.Intn(1<<24) + 1)
		}
		if pick() {
			o.MinPixels = ip(rng.Intn(1<<12) + 1)
		}
		if pick() {
			o.SkipMMProfiling = bp(true)
		}
		if pick() {
			o.KVCacheMemoryBytes = bytesp(calc.Bytes(rng.Int63n(1<<36)) + 1)
		}
		if pick() {
			o.UseV1 = bp(pick())
		}
		if pick() {
			o.EstimateCUDAGraphs = bp(pick())
		}
		if pick() {
			o.ExpertParallel = bp(true)
		}
		if pick() {
			o.HCCLOpExpansion = "AIV"
		}
		o.Offline = rng.Intn(4) == 0
		text := Format(s)
		c, err := Parse(text)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		if c.Model != s.Model.ID || c.TensorParallel != norm(s.TensorParallel) || c.PipelineParallel != norm(s.PipelineParallel) || c.DataParallel != norm(s.DataParallel) || !reflect.DeepEqual(c.Options, s.Options) {
			t.Fatalf("round trip of\n%s\ngave model %q tp %d pp %d\n%s", text, c.Model, c.TensorParallel, c.PipelineParallel, show(c.Options))
		}
		for _, f := range c.Findings {
			if f.Kind != finding.Read {
				t.Fatalf("%s: finding %+v", text, f)
			}
		}
	}
}

func norm(n int) int {
	if n > 1 {
		return n
	}
	return 0
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{seedCommand, "vllm serve m --limit-mm-per-prompt image=1,video=0",
		`LLM(model="m", mm_processor_kwargs={"max_pixels": 1280*28*28}, limit_mm_per_prompt=dict(image=2))`,
		"docker run -e VLLM_USE_V1=0 vllm/vllm-openai:v0.8.3 --model m", `vllm serve 'unterminated`, `LLM(((((`,
		`vllm serve m --mm-processor-kwargs '{"size": {"longest_edge": 1e9}}'`,
		`vllm serve m --enable-lora --max-loras 4 --max-lora-rank 64 --fully-sharded-loras --mm-processor-kwargs '{"max_dynamic_patch": 6}'`,
		`LLM(model="m", enable_lora=True, max_lora_rank=1e9, mm_processor_kwargs={"max_dynamic_patch": -1})`,
		"VLLM_USE_FLASHINFER_SAMPLER=1 vllm serve m", "docker run -e VLLM_USE_FLASHINFER_SAMPLER=maybe vllm/vllm-openai:v0.11.0 --model m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		for _, fd := range c.Findings {
			if fd.Kind == "" {
				t.Fatalf("finding without kind: %+v", fd)
			}
		}
		// What was read must be valid for the calculator.
		o := c.Options
		if u := o.GPUMemoryUtilization; u != nil && (*u <= 0 || *u > 1) {
			t.Fatalf("utilization %v accepted", *u)
		}
	})
}

// TestParseParallel reads the data-parallel size, expert parallelism and
// HCCL's unfolding mode (an Ascend tutorial's launch, shortened).
func TestParseParallel(t *testing.T) {
	c, err := Parse("export HCCL_OP_EXPANSION_MODE=\"AIV\"\nvllm serve Qwen/Qwen3-30B-A3B -tp 2 -dp 2 -ep --max-model-len 8192")
	if err != nil {
		t.Fatal(err)
	}
	if c.TensorParallel != 2 || c.DataParallel != 2 {
		t.Errorf("tp %d dp %d, want 2 and 2", c.TensorParallel, c.DataParallel)
	}
	if o := c.Options; o.ExpertParallel == nil || !*o.ExpertParallel || o.HCCLOpExpansion != "AIV" {
		t.Errorf("expert parallel %v, HCCL mode %q", o.ExpertParallel, o.HCCLOpExpansion)
	}
	for field, k := range kinds(c.Findings) {
		if k != finding.Read {
			t.Errorf("%s: %q, want read", field, k)
		}
	}
	if c, _ := Parse("vllm serve m --data-parallel-size two"); len(c.Rejected) != 1 {
		t.Errorf("--data-parallel-size two: rejected %v, want one", c.Rejected)
	}
}

// --mm-ipc-gpu-memory-gb is a number of GiB, read and written back.
func TestParseMMIPC(t *testing.T) {
	c, err := Parse("vllm serve Qwen/Qwen3-VL-2B-Instruct --mm-ipc-gpu-memory-gb 1.5")
	if err != nil {
		t.Fatal(err)
	}
	if g := c.Options.MMIPCGPUMemoryGB; g == nil || *g != 1.5 {
		t.Fatalf("mm_ipc_gpu_memory_gb %v, want 1.5", g)
	}
	if s := Format(calc.Scenario{Model: calc.Model{ID: "m"}, Options: c.Options}); !strings.Contains(s, "--mm-ipc-gpu-memory-gb 1.5") {
		t.Errorf("formatted %q", s)
	}
	if c, _ := Parse("vllm serve m --mm-ipc-gpu-memory-gb -1"); len(c.Rejected) != 1 {
		t.Errorf("-1 GiB: rejected %v, want one", c.Rejected)
	}
}

// The GPU video decoder: --media-io-kwargs' video loader and hw_decoders,
// VLLM_VIDEO_LOADER_BACKEND and --api-server-count, read and written back.
func TestParseVideoDecoder(t *testing.T) {
	c, err := Parse(`vllm serve Qwen/Qwen3-VL-8B-Instruct --media-io-kwargs '{"video": {"video_backend": "pynvvideocodec", "hw_decoders": 3, "num_frames": 32}}' --api-server-count 4`)
	if err != nil {
		t.Fatal(err)
	}
	o := c.Options
	if o.VideoBackend != "pynvvideocodec" || o.HWDecoders == nil || *o.HWDecoders != 3 || o.APIServerCount == nil || *o.APIServerCount != 4 {
		t.Fatalf("options %+v", o)
	}
	if k := kinds(c.Findings)["media_io_kwargs.video.num_frames"]; k != finding.Unmodelled {
		t.Errorf("num_frames: %q, want unmodelled", k)
	}
	s := Format(calc.Scenario{Model: calc.Model{ID: "m"}, Options: o})
	back, err := Parse(s)
	if err != nil || back.Options.VideoBackend != o.VideoBackend || *back.Options.HWDecoders != 3 || *back.Options.APIServerCount != 4 {
		t.Errorf("formatted %q read back as %+v (%v)", s, back.Options, err)
	}
	c, _ = Parse("VLLM_VIDEO_LOADER_BACKEND=pynvvideocodec vllm serve m")
	if c.Options.VideoBackend != "pynvvideocodec" {
		t.Errorf("VLLM_VIDEO_LOADER_BACKEND: backend %q", c.Options.VideoBackend)
	}
	c, _ = Parse(`vllm serve m --media-io-kwargs '{"video": {"video_backend": "opencv"}}' --api-server-count 0`)
	if c.Options.VideoBackend != "" || c.Options.APIServerCount != nil {
		t.Errorf("opencv, headless: %+v", c.Options)
	}
	c, _ = Parse(`vllm serve m --media-io-kwargs '{"video": {"hw_decoders": 0}}'`)
	if k := kinds(c.Findings)["media_io_kwargs.video.hw_decoders"]; k != finding.Invalid || c.Options.HWDecoders != nil {
		t.Errorf("hw_decoders 0: %q %v", k, c.Options.HWDecoders)
	}
}

// --compilation-config's cudagraph_mm_encoder is read (also as -cc and
// from LLM(...)); its other keys are reported unmodelled.
func TestParseEncoderGraphs(t *testing.T) {
	c, err := Parse(`vllm serve Qwen/Qwen3-VL-8B-Instruct -cc '{"cudagraph_mm_encoder": true, "cudagraph_mode": "PIECEWISE"}'`)
	if err != nil {
		t.Fatal(err)
	}
	if g := c.Options.EncoderGraphs; g == nil || !*g {
		t.Fatalf("cudagraph_mm_encoder %v, want true", g)
	}
	if k := kinds(c.Findings)["compilation_config.cudagraph_mode"]; k != finding.Unmodelled {
		t.Errorf("cudagraph_mode: %q, want unmodelled", k)
	}
	s := Format(calc.Scenario{Model: calc.Model{ID: "m"}, Options: c.Options})
	if back, err := Parse(s); err != nil || back.Options.EncoderGraphs == nil || !*back.Options.EncoderGraphs {
		t.Errorf("formatted %q read back as %+v (%v)", s, back.Options, err)
	}
	c, _ = Parse(`from vllm import LLM
llm = LLM(model="Qwen/Qwen3-VL-8B-Instruct", compilation_config={"cudagraph_mm_encoder": True})`)
	if g := c.Options.EncoderGraphs; g == nil || !*g {
		t.Errorf("LLM(compilation_config=...): %v", g)
	}
	c, _ = Parse(`vllm serve m -cc '{"cudagraph_mm_encoder": true, "encoder_cudagraph_token_budgets": [4096, 512, 1024], "encoder_cudagraph_max_images_per_batch": 8}'`)
	if o := c.Options; len(o.EncoderGraphBudgets) != 3 || o.EncoderGraphBudgets[0] != 4096 || o.EncoderGraphItems == nil || *o.EncoderGraphItems != 8 {
		t.Errorf("budgets and items: %+v", o)
	} else if back, _ := Parse(Format(calc.Scenario{Model: calc.Model{ID: "m"}, Options: o})); len(back.Options.EncoderGraphBudgets) != 3 || *back.Options.EncoderGraphItems != 8 {
		t.Errorf("read back: %+v", back.Options)
	}
	c, _ = Parse(`vllm serve m --compilation-config '{"cudagraph_mm_encoder": "yes"}'`)
	if k := kinds(c.Findings)["compilation_config.cudagraph_mm_encoder"]; k != finding.Invalid || c.Options.EncoderGraphs != nil {
		t.Errorf("\"yes\": %q %v", k, c.Options.EncoderGraphs)
	}
}

// A pooling launch is flagged as unmodelled; a generate one is not.
func TestPoolingRunner(t *testing.T) {
	for _, c := range []struct {
		cmd, field string
		want       finding.Kind
	}{
		{"vllm serve Qwen/Qwen3-Embedding-0.6B --task embed", "--task", finding.Unmodelled},
		{"vllm serve Qwen/Qwen3-Embedding-0.6B --runner pooling", "--runner", finding.Unmodelled},
		{"vllm serve Qwen/Qwen2.5-7B-Instruct --convert embed", "--convert", finding.Unmodelled},
		{"vllm serve Qwen/Qwen2.5-7B-Instruct --task generate", "--task", finding.Ignored},
		{"vllm serve Qwen/Qwen2.5-7B-Instruct --runner generate", "--runner", finding.Ignored},
		{"vllm serve Qwen/Qwen2.5-7B-Instruct --convert none", "--convert", finding.Ignored},
	} {
		cmd, err := Parse(c.cmd)
		if err != nil {
			t.Fatal(err)
		}
		if got := kinds(cmd.Findings)[c.field]; got != c.want {
			t.Errorf("%s: %s %q, want %q", c.cmd, c.field, got, c.want)
		}
	}
}

// An audio limit (Qwen3-Omni) is read and reported as not changing the
// estimate; the image and video limits beside it apply.
func TestParseAudioLimit(t *testing.T) {
	c, err := Parse(`vllm serve Qwen/Qwen3-Omni-30B-A3B-Instruct --limit-mm-per-prompt '{"image": 2, "video": 1, "audio": 3}'`)
	if err != nil {
		t.Fatal(err)
	}
	if l := c.Options.LimitImages; l == nil || *l != 2 {
		t.Errorf("image limit %v, want 2", l)
	}
	var said bool
	for _, f := range c.Findings {
		if f.Field == "limit_mm_per_prompt.audio" && f.Kind == finding.Ignored && strings.Contains(f.Detail, "Qwen3-Omni") {
			said = true
		}
	}
	if !said {
		t.Errorf("no finding on the audio limit: %+v", c.Findings)
	}
}
