package calc_test

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"vram/calc"
)

// seed910B4 is the first user report: Qwen3-VL-2B on a 910B4 (the total
// its runtime logs: 31662800896 B, vllm-ascend #5044/#2473) that other
// programs share.
func seed910B4(t *testing.T, rel string, u float64, maxLen int, others calc.Bytes) calc.Scenario {
	s := calc.Scenario{Model: qwen3VL2B(), Device: ascend910B4(), Engine: engine(t, rel), OtherProcesses: others}
	s.Options.GPUMemoryUtilization = &u
	if maxLen > 0 {
		s.Options.MaxModelLen = &maxLen
	}
	return s
}

func mustCompute(t *testing.T, s calc.Scenario) calc.Estimate {
	t.Helper()
	e, err := calc.Compute(s)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func failID(e calc.Estimate) string {
	if e.Failure == nil {
		return ""
	}
	return e.Failure.ID
}

// Report 1 worked by hand under vllm-ascend 0.11.0rc1, where other
// programs and the own context count inside non_torch_memory (P3) and the
// KV budget is clamped at 0.
func TestReport1(t *testing.T) {
	T := calc.Bytes(31662800896) // 29.4883 GiB
	probe := mustCompute(t, seed910B4(t, "ascend-0.11.0rc1", 0.9, 16384, 0))
	k0 := probe.Ranks[0]
	W, A, G := k0.Weights.Total, k0.Activation, k0.Graphs.Bytes
	self := calc.Workspace(calc.Ascend) // 0.3 GiB
	ctx := calc.Context(calc.Ascend)    // 1 GiB
	// u·T = int(31662800896 × 0.9) = 28496520806 B (26.54 GiB).
	R := calc.Bytes(28496520806)
	if k0.Budget != R {
		t.Fatalf("budget %d, want %d", k0.Budget, R)
	}
	// The process holds context + weights + self + KV + graphs, and KV =
	// R − (W + A + others + context + self): so footprint = R − others − A + G.
	// An 11 GiB footprint (the report's "11 GB, 34 %") puts others at
	// R − 11 GiB − A + G.
	wantOthers := R - 11*calc.GiB - A + G
	others, ok := calc.OthersForFootprint(seed910B4(t, "ascend-0.11.0rc1", 0.9, 16384, 0), 11*calc.GiB)
	if !ok || absB(others-wantOthers) > calc.MiB {
		t.Fatalf("others for an 11 GiB footprint: %v (%v), want %v", others, ok, wantOthers)
	}
	e := mustCompute(t, seed910B4(t, "ascend-0.11.0rc1", 0.9, 16384, others))
	k := e.Ranks[0]
	if !e.Starts {
		t.Fatalf("u=0.9 should start; fails at %s", failID(e))
	}
	if kv := R - (W + A + others + ctx + self); absB(k.KV-kv) > calc.MiB {
		t.Errorf("KV %v, want R − (W + A + N) = %v", k.KV, kv)
	}
	if f := k.Ledger.Footprint; absB(f-11*calc.GiB) > calc.MiB {
		t.Errorf("footprint %v, want 11 GiB", f)
	}
	// 0.36: u·T = 10.62 GiB < others (≈16.4) alone: clamped to 0.
	e = mustCompute(t, seed910B4(t, "ascend-0.11.0rc1", 0.36, 16384, others))
	if failID(e) != calc.GateNoKV {
		t.Fatalf("u=0.36 should fail at %s, got %q", calc.GateNoKV, failID(e))
	}
	if !hasLine(e, "Available memory: 0, total memory: 31662800896") {
		t.Errorf("log lacks the clamped line: %v", e.Log)
	}
	if w := e.Failure.Why; w.Key != calc.WhyNoKVGlobal || w.Args["others"] != fmt.Sprintf("%.2f", others.GiB()) || w.Args["rule"] != "vllm-ascend 0.9.0rc1 – 0.17.0rc1" {
		t.Errorf("reason %+v", w)
	}
	// The lowest utilization that starts: KV must hold one 16,384-token
	// request, 16384 × 28 layers × 2 × 8 heads × 128 × 2 B = 1.75 GiB, so
	// u ≥ (W + A + N + 1.75 GiB) / T, rounded up to 0.01.
	need := W + A + others + ctx + self + 16384*28*2*8*128*2
	lowest := math.Ceil(100*float64(need)/float64(T)) / 100
	if got := calc.LowestUtilization(seed910B4(t, "ascend-0.11.0rc1", 0.36, 16384, others)); got != strconv.FormatFloat(lowest, 'f', 2, 64) {
		t.Errorf("lowest utilization %s, want %.2f", got, lowest)
	}
}

// Report 1 under vllm-ascend 0.15.0rc1–0.17: the startup check plus other
// programs still subtracted (P4): no utilization starts on this card.
// 0.18.0rc1 (#7427) subtracts them no more: 0.36 starts.
func TestReport1LaterReleases(t *testing.T) {
	others := calc.FromGiB(16.44)
	e := mustCompute(t, seed910B4(t, "ascend-0.15.0rc1", 0.9, 16384, others))
	if failID(e) != calc.GateFreeMemory {
		t.Fatalf("0.15 u=0.9 should fail the startup check, got %q", failID(e))
	}
	// free = 29.49 − 16.44 − 1 (context) = 12.05 GiB; requested 26.54 GiB.
	want := "Free memory on device (12.05/29.49 GiB) on startup is less than desired GPU memory utilization (0.9, 26.54 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes."
	if e.Failure.Message != want {
		t.Errorf("message\n got %q\nwant %q", e.Failure.Message, want)
	}
	if got := calc.LowestUtilization(seed910B4(t, "ascend-0.15.0rc1", 0.36, 16384, others)); got != "none" {
		t.Errorf("0.15: %s starts; the budget minus others is negative whenever the check passes", got)
	}
	e = mustCompute(t, seed910B4(t, "ascend-0.18.0rc1", 0.36, 16384, others))
	if !e.Starts || partInBudget(e.Ranks[0].Ledger, calc.PartOthers) {
		t.Errorf("0.18 u=0.36 should start with others outside the budget: %s", failID(e))
	}
}

func TestSeed910B4DefaultMaxLen(t *testing.T) {
	e := mustCompute(t, seed910B4(t, "ascend-0.11.0rc1", 0.9, 0, 0))
	if e.Resolved.MaxModelLen != 262144 {
		t.Fatalf("default max_model_len %d, want 262144", e.Resolved.MaxModelLen)
	}
	if failID(e) != calc.GateMaxLen {
		t.Fatalf("want %s first, got %q", calc.GateMaxLen, failID(e))
	}
	// 262144 tokens × 2·8·128·2·28 B (114688 B) = 28 GiB exactly.
	if !strings.Contains(e.Failure.Message, "(262144), (28.00 GiB KV cache is needed") {
		t.Errorf("message %q", e.Failure.Message)
	}
}

// Report 2 on the reporter's RTX 2080 Ti 22 GB (compute capability 7.5):
// vLLM 0.8.3 falls back to V0, whose multimodal dummy keeps a worst-case
// prompt of 16,384 + 16,384 tokens that 0.7.2 dropped; max_pixels shrinks
// it, max_num_seqs does nothing (V0's default is 256 and the multimodal
// profile runs one sequence).
func TestReport2Turing(t *testing.T) {
	dev := calc.Device{ID: "rtx-2080-ti-22gb", Name: "RTX 2080 Ti 22GB", Platform: calc.CUDA, Nameplate: 22528 * calc.MiB,
		Total: calc.FromGiB(21.66), ComputeCapability: 7.5}
	run := func(rel string, o calc.Options) calc.Estimate {
		u, l := 0.96, 26000
		s := calc.Scenario{Model: qwen25VL7B(), Device: dev, Engine: engine(t, rel), Options: calc.Options{GPUMemoryUtilization: &u, MaxModelLen: &l}}
		s.Options = s.Options.With(o)
		return mustCompute(t, s)
	}
	v083, v072 := run("vllm-0.8.3", calc.Options{}), run("vllm-0.7.2", calc.Options{})
	if v083.Resolved.V1 || !v083.Resolved.CoreFallback || v083.Resolved.Dtype != "float16" {
		t.Fatalf("0.8.3 on compute capability 7.5: V1=%v fallback=%v dtype %s", v083.Resolved.V1, v083.Resolved.CoreFallback, v083.Resolved.Dtype)
	}
	// V0 batch: max(26000, 5120) tokens; the worst case (image 16,384 +
	// one-frame video 16,384 = 32,768) > 26,000, so sequences = max(1,
	// min(256, 26000 // 32768)) = 1. 0.7.2 drops the items: its decoder
	// pass is 26,000 tokens; 0.8.3 keeps them: 32,768 tokens.
	it72, it83 := v072.Ranks[0].Peak.Item, v083.Ranks[0].Peak.Item
	if !it72.Dropped || it83.Dropped || it83.Count != 1 || it83.Also == nil || it83.Tokens+it83.Also.Tokens != 32768 {
		t.Errorf("items: 0.7.2 %+v, 0.8.3 %+v", it72, it83)
	}
	if !v072.Starts || failID(v083) != calc.GateMaxLen {
		t.Errorf("0.7.2 starts=%v (want true); 0.8.3 fails at %q (want %s)", v072.Starts, failID(v083), calc.GateMaxLen)
	}
	if e := run("vllm-0.8.3", calc.Options{MaxModelLen: ptr(16384)}); e.Starts {
		t.Error("0.8.3 at 16,384 tokens should still fail (the 32,768-token dummy does not shrink)")
	}
	if e := run("vllm-0.8.3", calc.Options{MaxPixels: ptr(2073600)}); !e.Starts {
		t.Errorf("max_pixels 2,073,600 should start 0.8.3: %s", failID(e))
	}
	if e := run("vllm-0.8.3", calc.Options{MaxNumSeqs: ptr(256)}); e.Starts || e.Ranks[0].Activation != v083.Ranks[0].Activation {
		t.Errorf("--max-num-seqs 256 should change nothing in V0: starts=%v", e.Starts)
	}
}

func TestComputeErrorsNameField(t *testing.T) {
	base := seed910B4(t, "ascend-0.11.0rc1", 0.9, 16384, 17e9)
	for _, c := range []struct {
		field string
		mod   func(*calc.Scenario)
	}{
		{"gpu_memory_utilization", func(s *calc.Scenario) { s.Options.GPUMemoryUtilization = ptr(1.5) }},
		{"gpu_memory_utilization", func(s *calc.Scenario) { s.Options.GPUMemoryUtilization = ptr(0.0) }},
		{"text_config.num_hidden_layers", func(s *calc.Scenario) { s.Model.Text.Layers = 0 }},
		{"tensor_parallel_size", func(s *calc.Scenario) { s.TensorParallel = 3 }},
		{"device.total_bytes", func(s *calc.Scenario) { s.Device.Total = 0 }},
		{"max_model_len", func(s *calc.Scenario) { s.Options.MaxModelLen = ptr(1 << 20) }},
		{"kv_cache_dtype", func(s *calc.Scenario) { s.Options.KVCacheDtype = "int3" }},
	} {
		s := base
		c.mod(&s)
		_, err := calc.Compute(s)
		if err == nil || !strings.HasPrefix(err.Error(), c.field) {
			t.Errorf("%s: got error %v", c.field, err)
		}
	}
	if _, err := calc.Compute(seed910B4(t, "ascend-0.11.0rc1", 0.9, 0, 17e9)); err != nil {
		t.Error(err)
	}
}

func partInBudget(l calc.Ledger, key string) bool {
	for _, p := range l.Parts {
		if p.Key == key {
			return p.InBudget
		}
	}
	return false
}

func absB(b calc.Bytes) calc.Bytes {
	if b < 0 {
		return -b
	}
	return b
}

func hasLine(e calc.Estimate, text string) bool {
	for _, l := range e.Log {
		if l.Text == text {
			return true
		}
	}
	return false
}
