package calc_test

import (
	"strings"
	"testing"

	"vram/calc"
)

// Batch defaults per family, device and usage context (calc/README.md "The profile run").
func TestBatchDefaults(t *testing.T) {
	h100 := calc.Device{ID: "nvidia-h100-80gb-sxm", Name: "NVIDIA H100 80GB HBM3", Platform: calc.CUDA, Total: calc.FromGiB(79.11), BF16: true}
	// GB10: 121.69 GiB, but NVML reports no memory, so vLLM reads 0.
	gb10 := calc.Device{ID: "dgx-spark-gb10", Name: "NVIDIA DGX Spark (GB10)", Platform: calc.CUDA, Total: calc.FromGiB(121.69), BF16: true, NoNVMLMemory: true}
	text := calc.Model{ID: "llama", Dtype: "bfloat16", Text: calc.TextConfig{Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 8, HeadDim: 128, Intermediate: 14336, Vocab: 128256, MaxPositions: 131072}}
	for _, c := range []struct {
		name          string
		fam           string
		m             calc.Model
		d             calc.Device
		o             calc.Options
		seqs, tokens  int
		maxLen, block int
	}{
		{"0.8.0 A100-80: 1024 seqs on every device", "vllm-0.8.0", qwen25VL7B(), a100(80), calc.Options{}, 1024, 2048, 128000, 16},
		{"0.8.0 H100 by name: large row", "vllm-0.8.0", qwen25VL7B(), h100, calc.Options{}, 1024, 8192, 128000, 16},
		{"0.8.5 A100-80 ≥70 GiB: large row", "vllm-0.8.4", qwen25VL7B(), a100(80), calc.Options{}, 1024, 8192, 128000, 16},
		{"0.9.x A100 excluded", "vllm-0.9.1", qwen25VL7B(), a100(80), calc.Options{}, 256, 2048, 128000, 16},
		{"0.9.x A100 LLM class", "vllm-0.9.1", qwen25VL7B(), a100(80), calc.Options{Offline: true}, 256, 8192, 128000, 16},
		{"0.11 H100", "vllm-0.11", qwen25VL7B(), h100, calc.Options{}, 1024, 8192, 128000, 16},
		{"0.11 GB10: NVML has no memory, small row", "vllm-0.11", qwen25VL7B(), gb10, calc.Options{}, 256, 2048, 128000, 16},
		{"Ascend: small row, block 128", "ascend-0.9", qwen3VL2B(), ascend910B4(), calc.Options{}, 256, 2048, 262144, 128},
		// V0: max(max_model_len, 2048), floor 5120 for multimodal models.
		{"V0 VL at 4096: floor 5120", "vllm-0.7", qwen25VL7B(), a100(40), calc.Options{MaxModelLen: ptr(4096)}, 256, 5120, 4096, 16},
		{"V0 text at 20000", "vllm-0.7", text, a100(40), calc.Options{MaxModelLen: ptr(20000)}, 256, 20000, 20000, 16},
		{"V0 text at 1024: 2048", "vllm-0.7", text, a100(40), calc.Options{MaxModelLen: ptr(1024)}, 256, 2048, 1024, 16},
		// V0 on CUDA turns chunked prefill on past 32K tokens for text models:
		// 2048 (#10544, 0.6.5+), 512 in 0.6.4; a vision model keeps its length.
		{"V0 text at 131072: chunked, 2048", "vllm-0.7", text, a100(40), calc.Options{}, 256, 2048, 131072, 16},
		{"0.6.4 text at 131072: chunked, 512", "vllm-0.6.4", text, a100(40), calc.Options{}, 256, 512, 131072, 16},
		{"V0 VL at 128000: not chunked", "vllm-0.7", qwen25VL7B(), a100(40), calc.Options{}, 256, 128000, 128000, 16},
		{"user values win", "vllm-0.8.0", qwen25VL7B(), a100(40), calc.Options{MaxNumSeqs: ptr(2), MaxNumBatchedTokens: ptr(4096), BlockSize: ptr(32)}, 2, 4096, 128000, 32},
	} {
		r, err := calc.Resolve(calc.Scenario{Model: c.m, Device: c.d, Engine: engine(t, c.fam), Options: c.o})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r.MaxNumSeqs != c.seqs || r.MaxNumBatchedTokens != c.tokens || r.MaxModelLen != c.maxLen || r.BlockSize != c.block {
			t.Errorf("%s: seqs %d tokens %d len %d block %d; want %d %d %d %d", c.name, r.MaxNumSeqs, r.MaxNumBatchedTokens, r.MaxModelLen, r.BlockSize, c.seqs, c.tokens, c.maxLen, c.block)
		}
		if o := r.Origins["max-num-seqs"]; o.Why.Key == "" && !o.Set {
			t.Errorf("%s: no origin for max-num-seqs", c.name)
		}
	}
}

// Utilization defaults: 0.9, 0.92 from v0.21 (#38284); limits 1 (V0,
// 0.8.0–0.8.3) or 999 (#15799).
func TestOptionDefaults(t *testing.T) {
	for _, c := range []struct {
		fam   string
		u     float64
		limit int
		v1    bool
	}{
		{"vllm-0.7", 0.9, 1, false}, {"vllm-0.8.0", 0.9, 1, true}, {"vllm-0.8.4", 0.9, 999, true},
		{"vllm-0.21", 0.92, 999, true}, {"ascend-0.15", 0.9, 999, true},
	} {
		dev := a100(80)
		if strings.HasPrefix(c.fam, "ascend") {
			dev = ascend910B4() // vllm-ascend runs on NPUs only
		}
		r, err := calc.Resolve(calc.Scenario{Model: qwen25VL7B(), Device: dev, Engine: engine(t, c.fam)})
		if err != nil {
			t.Fatal(err)
		}
		if r.Utilization != c.u || r.LimitImages != c.limit || r.LimitVideos != c.limit || r.V1 != c.v1 {
			t.Errorf("%s: u %v limits %d/%d v1 %v", c.fam, r.Utilization, r.LimitImages, r.LimitVideos, r.V1)
		}
		if r.Origins["gpu-memory-utilization"].Set {
			t.Errorf("%s: default marked as set", c.fam)
		}
	}
	// VLLM_USE_V1=0 picks V0 where the family keeps it, never on 0.21.
	off := false
	for fam, want := range map[string]bool{"vllm-0.8.0": false, "vllm-0.21": true} {
		r, _ := calc.Resolve(calc.Scenario{Model: qwen25VL7B(), Device: a100(80), Engine: engine(t, fam), Options: calc.Options{UseV1: &off}})
		if r.V1 != want {
			t.Errorf("%s with VLLM_USE_V1=0: V1=%v", fam, r.V1)
		}
	}
}
