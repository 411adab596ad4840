package startlog

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	json "github.com/goccy/go-json"

	"vram/calc"
	"vram/presets"
)

// record is the part of a ground-truth line these tests read.
type record struct {
	ID     string `json:"id"`
	Source struct {
		Quote string `json:"quote"`
	} `json:"source"`
	TotalGiB *float64       `json:"total_device_memory_gib"`
	Measured map[string]any `json:"measured"`
}

func records(t testing.TB) []record {
	f, err := os.Open("../testdata/dev.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// figure maps a measured field of the ground truth to what Parse returned.
// GiB figures are compared within the rounding of the logged value.
type figure struct {
	key string
	got func(l Log) []float64 // nil: not found
	tol float64
}

func gibs(b ...*calc.Bytes) []float64 {
	var out []float64
	for _, v := range b {
		if v != nil {
			out = append(out, v.GiB())
		}
	}
	return out
}

func list(v []calc.Bytes) []float64 {
	var out []float64
	for _, b := range v {
		out = append(out, b.GiB())
	}
	return out
}

func ints(p *int) []float64 {
	if p == nil {
		return nil
	}
	return []float64{float64(*p)}
}

var figures = []figure{
	{"weights_gib", func(l Log) []float64 { return gibs(l.Figures.Weights) }, 0.0051},
	{"non_torch_gib", func(l Log) []float64 { return list(l.Figures.NonTorch) }, 0.0051},
	{"activation_peak_gib", func(l Log) []float64 { return gibs(l.Figures.Activation) }, 0.0051},
	{"peak_torch_memory_gib", func(l Log) []float64 { return gibs(l.Figures.PeakTorch) }, 0.0051},
	{"kv_cache_gib", func(l Log) []float64 { return list(l.Figures.KV) }, 0.0051},
	{"available_memory_bytes", func(l Log) []float64 {
		var out []float64
		for _, b := range l.Figures.KV {
			out = append(out, float64(b))
		}
		return out
	}, 0.5},
	{"total_memory_bytes", func(l Log) []float64 {
		if l.Figures.Total == nil {
			return nil
		}
		return []float64{float64(*l.Figures.Total)}
	}, 0.5},
	{"free_memory_gib", func(l Log) []float64 { return gibs(l.Figures.Free) }, 0.0051},
	{"gpu_blocks", func(l Log) []float64 { return ints(l.Figures.Blocks) }, 0},
	{"kv_cache_tokens", func(l Log) []float64 { return ints(l.Figures.Tokens) }, 0},
	{"encoder_cache_budget_tokens", func(l Log) []float64 { return ints(l.Figures.EncoderBudget) }, 0},
	{"max_concurrency", func(l Log) []float64 {
		if l.Figures.Concurrency == nil {
			return nil
		}
		return []float64{*l.Figures.Concurrency}
	}, 0.0051},
}

// notInQuote lists ground-truth lines whose figures come from elsewhere in
// their thread, not from the quote.
var notInQuote = map[string]string{
	"vllm-17469-qwen3-30b-a3b-4xa10-eager-ok": "the weights figure is the sibling record's; this quote holds none",
}

// TestGroundTruthQuotes parses every quote of ../shared/ground-truth (copied
// to calc/testdata) and checks each figure recorded beside it.
func TestGroundTruthQuotes(t *testing.T) {
	checked, quotes := 0, 0
	for _, r := range records(t) {
		l, err := Parse(r.Source.Quote)
		want := 0
		for _, fg := range figures {
			if r.Measured[fg.key] != nil {
				want++
			}
		}
		if errors.Is(err, ErrNoFigures) {
			if want > 0 && notInQuote[r.ID] == "" {
				t.Errorf("%s: no figures found, ground truth has %d", r.ID, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", r.ID, err)
			continue
		}
		quotes++
		for _, fg := range figures {
			m := r.Measured[fg.key]
			if m == nil {
				continue
			}
			var w []float64
			switch v := m.(type) {
			case float64:
				w = []float64{v}
			case []any:
				for _, x := range v {
					if f, ok := x.(float64); ok {
						w = append(w, f)
					}
				}
			}
			g := fg.got(l)
			if len(g) != len(w) {
				t.Errorf("%s %s: got %v, ground truth %v", r.ID, fg.key, g, w)
				continue
			}
			for i := range w {
				if math.Abs(g[i]-w[i]) > fg.tol {
					t.Errorf("%s %s[%d]: got %v, ground truth %v", r.ID, fg.key, i, g[i], w[i])
				}
				checked++
			}
		}
		if items, ok := r.Measured["encoder_profile_items"].(string); ok {
			got := ""
			if l.Figures.EncoderItems != nil {
				got = fmt.Sprintf("%d %s", *l.Figures.EncoderItems, l.Figures.EncoderModality)
			}
			if got != items {
				t.Errorf("%s encoder items %q, ground truth %q", r.ID, got, items)
			}
			checked++
		}
		if r.TotalGiB != nil && l.Figures.Total != nil && math.Abs(l.Figures.Total.GiB()-*r.TotalGiB) > 0.0051 {
			t.Errorf("%s total %.4f GiB, ground truth %.2f", r.ID, l.Figures.Total.GiB(), *r.TotalGiB)
		}
	}
	t.Logf("STARTLOG quotes_with_figures=%d figures_checked=%d", quotes, checked)
	if checked < 30 {
		t.Errorf("only %d figures checked; the ground truth has more", checked)
	}
}

func TestParseDetails(t *testing.T) {
	const v1 = `INFO 04-15 00:05:00 [__init__.py:239] Automatically detected platform cuda.
INFO 04-15 00:05:01 [api_server.py:1034] vLLM API server version 0.8.3
INFO 04-15 00:05:10 [core.py:61] Initializing a V1 LLM engine (v0.8.3) with config: model='Qwen/Qwen2.5-VL-7B-Instruct', speculative_config=None, tokenizer='Qwen/Qwen2.5-VL-7B-Instruct', dtype=torch.bfloat16, max_seq_len=128000, download_dir=None, load_format=auto, tensor_parallel_size=2, pipeline_parallel_size=1, quantization=None, enforce_eager=False, kv_cache_dtype=auto
INFO 04-15 00:05:30 [gpu_model_runner.py:1276] Model loading took 7.9876 GiB and 12.3 seconds
INFO 04-15 00:05:31 [gpu_model_runner.py:1545] Encoder cache will be initialized with a budget of 16384 tokens, and profiled with 1 video items of the maximum feature size.
INFO 04-15 00:05:40 [kv_cache_utils.py:634] GPU KV cache size: 1,234,560 tokens
INFO 04-15 00:05:40 [kv_cache_utils.py:637] Maximum concurrency for 128,000 tokens per request: 9.65x
INFO 04-15 00:05:59 [gpu_model_runner.py:1686] Graph capturing finished in 19 secs, took 0.52 GiB`
	l, err := Parse(v1)
	if err != nil {
		t.Fatal(err)
	}
	f := l.Figures
	if l.Version != "0.8.3" || l.Engine != "V1" || l.Platform != calc.CUDA || l.Model != "Qwen/Qwen2.5-VL-7B-Instruct" ||
		l.Launch.TensorParallel != 2 || l.MaxModelLen == nil || *l.MaxModelLen != 128000 {
		t.Errorf("header: %+v", l)
	}
	if f.Tokens == nil || *f.Tokens != 1234560 || f.Graphs == nil || math.Abs(f.Graphs.GiB()-0.52) > 1e-9 ||
		f.EncoderItems == nil || *f.EncoderItems != 1 || f.EncoderModality != "video" {
		t.Errorf("figures: %+v", f)
	}

	l, err = Parse(`ERROR 05-21 13:04:20 engine.py:389] torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 418.00 MiB. GPU 0 has a total capacity of 23.69 GiB of which 193.25 MiB is free. Process 1254 has 730.00 MiB memory in use. Including non-PyTorch memory, this process has 7.52 GiB memory in use. Process 2167142 has 14.90 GiB memory in use.`)
	if err != nil || !l.OutOfMemory || l.Figures.Others == nil || math.Abs(l.Figures.Others.GiB()-(14.90+730.0/1024)) > 1e-6 {
		t.Errorf("OOM: %v %+v", err, l.Figures)
	}

	l, err = Parse(`non-default args: {'model': 'Qwen/Qwen3-VL-8B-Instruct', 'seed': 42, 'max_model_len': 4096, 'gpu_memory_utilization': 0.85, 'max_num_seqs': 5, 'enforce_eager': True, 'limit_mm_per_prompt': {'image': 1}, 'mm_processor_kwargs': {'min_pixels': 784, 'max_pixels': 1003520}, 'kv_transfer_config': KVTransferConfig(kv_connector='P2pNcclConnector', kv_role='kv_both')}
Available KV cache memory: 22.46 GiB`)
	o := l.Launch.Options
	if err != nil || l.Model != "Qwen/Qwen3-VL-8B-Instruct" || o.MaxModelLen == nil || *o.MaxModelLen != 4096 || o.MaxPixels == nil || *o.MaxPixels != 1003520 ||
		o.EnforceEager == nil || !*o.EnforceEager || o.LimitImages == nil || *o.LimitImages != 1 || o.GPUMemoryUtilization == nil {
		t.Errorf("non-default args: %v %+v", err, l.Launch)
	}
}

func FuzzParse(f *testing.F) {
	for _, r := range records(f) {
		f.Add(r.Source.Quote)
	}
	f.Add("Using FlashInfer for top-p & top-k sampling. | Available KV cache memory: 5.01 GiB | Falling back to the PyTorch-native implementation of top-p & top-k sampling")
	f.Fuzz(func(t *testing.T, s string) {
		l, err := Parse(s)
		if err != nil {
			return
		}
		if u := l.Utilization; u != nil && (*u <= 0 || *u > 1) {
			t.Fatalf("utilization %v", *u)
		}
	})
}

// TestPredictedLogs reads back the log each preset's estimate predicts, in
// its version's formats, and finds the estimate's own figures.
func TestPredictedLogs(t *testing.T) {
	for _, p := range presets.Presets() {
		sc, err := p.Scenario()
		if err != nil {
			t.Fatal(err)
		}
		e, err := calc.Compute(sc)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, line := range e.Log {
			b.WriteString("INFO 11-22 10:00:00 [" + line.Source + "] " + line.Text + "\n")
		}
		l, err := Parse(b.String())
		if err != nil {
			t.Errorf("%s: %v\n%s", p.Name, err, b.String())
			continue
		}
		k := e.Ranks[0]
		near := func(what string, got *calc.Bytes, want calc.Bytes, tol float64) {
			if got == nil {
				t.Errorf("%s: %s not found in\n%s", p.Name, what, b.String())
			} else if math.Abs(got.GiB()-want.GiB()) > tol {
				t.Errorf("%s: %s %.4f GiB, estimate %.4f", p.Name, what, got.GiB(), want.GiB())
			}
		}
		near("weights", l.Figures.Weights, k.Weights.Total, 0.00006)
		if len(l.Figures.KV) > 0 && e.Starts {
			near("KV cache", &l.Figures.KV[0], max(k.KV, 0), 0.0051)
		}
		if l.Figures.Blocks != nil && *l.Figures.Blocks != e.Blocks {
			t.Errorf("%s: blocks %d, estimate %d", p.Name, *l.Figures.Blocks, e.Blocks)
		}
		if l.Figures.Tokens != nil && e.Starts && *l.Figures.Tokens != e.Tokens {
			t.Errorf("%s: tokens %d, estimate %d", p.Name, *l.Figures.Tokens, e.Tokens)
		}
		if !e.Starts && l.Error == "" && e.Failure != nil {
			t.Errorf("%s: the failure %q was not found", p.Name, e.Failure.Message)
		}
	}
}

// The lines of the newer mechanisms read back: --mm-ipc-gpu-memory-gb's
// reserve (the KV cache after it replaces "Available KV cache memory", and
// the option's value comes from the raw-frame budget) and a hybrid
// decoder's block sizing.
func TestNewerLines(t *testing.T) {
	l, err := Parse(`INFO [gpu_worker.py:312] Available KV cache memory: 20.50 GiB
INFO [gpu_worker.py:330] Reserving 2.00 GiB of GPU memory for frontend multimodal decoding (2.00 GiB raw-frame semaphore budget, 0.00 GiB decoder+CUDA-context across 1 API server(s) @ 1.93 GiB/server); KV cache memory reduced to 18.50 GiB.
INFO [config.py:420] Setting attention block size to 544 tokens to ensure that attention page size is >= mamba page size.
INFO [config.py:441] Padding mamba page size by 1.49% to ensure that mamba page size and attention page size are exactly equal.`)
	if err != nil {
		t.Fatal(err)
	}
	f := l.Figures
	if f.MMIPC == nil || *f.MMIPC != calc.FromGiB(2) {
		t.Errorf("reserve %v, want 2 GiB", f.MMIPC)
	}
	if len(f.KV) != 1 || f.KV[0] != calc.FromGiB(18.5) {
		t.Errorf("KV %v, want the 18.50 GiB left after the reserve", f.KV)
	}
	if g := l.Launch.Options.MMIPCGPUMemoryGB; g == nil || *g != 2 {
		t.Errorf("mm_ipc_gpu_memory_gb %v, want 2 from the raw-frame budget", g)
	}
	if o := l.Launch.Options; o.VideoBackend != "" || o.APIServerCount != nil {
		t.Errorf("no decoder logged, but backend %q, servers %v", o.VideoBackend, o.APIServerCount)
	}
	// Two API servers of two PyNvVideoCodec decoders (vLLM 0.28):
	// 2 × (0.25 + 1.80) GiB.
	l, err = Parse(`INFO [gpu_ipc_memory.py:240] Reserving 4.10 GiB of GPU memory for frontend multimodal decoding (0.00 GiB raw-frame semaphore budget, 4.10 GiB decoder+CUDA-context across 2 API server(s) @ 2.05 GiB/server); KV cache memory reduced to 30.12 GiB.`)
	if err != nil {
		t.Fatal(err)
	}
	if o := l.Launch.Options; o.VideoBackend != "pynvvideocodec" || o.APIServerCount == nil || *o.APIServerCount != 2 ||
		o.HWDecoders == nil || *o.HWDecoders != 2 || o.MMIPCGPUMemoryGB != nil {
		t.Errorf("decoders read as %+v", o)
	}
	if len(l.Figures.KV) != 1 || l.Figures.KV[0] != calc.FromGiB(30.12) {
		t.Errorf("KV %v, want 30.12 GiB", l.Figures.KV)
	}
	if f.AttnBlock == nil || *f.AttnBlock != 544 {
		t.Errorf("attention block %v, want 544", f.AttnBlock)
	}
	if f.MambaPad == nil || *f.MambaPad != 1.49 {
		t.Errorf("mamba padding %v, want 1.49", f.MambaPad)
	}
}

// topk_topp_sampler.py names the sampler the install runs, once.
func TestSamplerLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		want *bool
	}{
		{"INFO 05-20 [topk_topp_sampler.py:59] Using FlashInfer for top-p & top-k sampling.", ptrTo(true)},
		{"WARNING 05-20 [topk_topp_sampler.py:69] FlashInfer is not available. Falling back to the PyTorch-native implementation of top-p & top-k sampling. For the best performance, please install FlashInfer.", ptrTo(false)},
		{"WARNING [topk_topp_sampler.py:62] FlashInfer is available, but it is not enabled. Falling back to the PyTorch-native implementation of top-p & top-k sampling.", ptrTo(false)},
		{"INFO [gpu_worker.py:276] Available KV cache memory: 5.01 GiB", nil},
	} {
		l, err := Parse(tc.line + "\nINFO [gpu_worker.py:276] Available KV cache memory: 5.01 GiB")
		if err != nil {
			t.Fatal(err)
		}
		got := l.Launch.Options.FlashInferSampler
		if (got == nil) != (tc.want == nil) || (got != nil && *got != *tc.want) {
			t.Errorf("%q: %v, want %v", tc.line, got, tc.want)
		}
	}
}

func ptrTo[T any](v T) *T { return &v }

// The engine config line names online fp8 (quantization=fp8), which the
// launch keeps; other methods come from the checkpoint and are not taken.
func TestConfigQuantization(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{"Initializing an LLM engine (v0.5.5) with config: model='Mistral-Nemo-Instruct-2407/', quantization=fp8, enforce_eager=False", "fp8"},
		{"Initializing an LLM engine (v0.5.5) with config: model='Qwen2.5-7B-Instruct-AWQ', quantization=awq_marlin, enforce_eager=False", ""},
	} {
		l, err := Parse(tc.line + "\nINFO model_runner.py:890] Loading model weights took 6.5727 GB")
		if err != nil {
			t.Fatal(err)
		}
		if got := l.Launch.Options.Quantization; got != tc.want {
			t.Errorf("%q: quantization %q, want %q", tc.line, got, tc.want)
		}
	}
}
