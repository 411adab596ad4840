package calc_test

import (
	"strconv"
	"strings"
	"testing"

	"vram/calc"
)

// seed910B4 is the first user report: Qwen3-VL-2B on a 910B4 whose other
// programs hold 17 GB (17e9 bytes).
func seed910B4(t *testing.T, fam string, u float64, maxLen int) calc.Scenario {
	s := calc.Scenario{Model: qwen3VL2B(), Device: ascend910B4(), Engine: engine(t, fam), OtherProcesses: 17e9}
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

func TestSeed910B4DefaultStarts(t *testing.T) {
	e := mustCompute(t, seed910B4(t, "ascend-0.9", 0.9, 16384))
	if !e.Starts {
		t.Fatalf("u=0.9, max_model_len 16384 should start; failed at %s", failID(e))
	}
	k := e.Ranks[0]
	// T = 32 GiB − 3.04 GiB = 28.96 GiB; u·T = 26.064 GiB = 27.986e9 B;
	// others 17e9 B, so vLLM's own share = 10.986e9 B ≈ 11 GB, 10.23 GiB,
	// about a third (0.32) of the 32 GiB card.
	share := k.Budget - k.Others
	if share < 10.9e9 || share > 11.1e9 {
		t.Errorf("vLLM's share = %d B, want ≈ 10.99e9 (11 GB)", share)
	}
	if f := float64(share) / float64(32*calc.GiB); f < 0.30 || f > 0.36 {
		t.Errorf("share of the card = %.3f, want about a third", f)
	}
	if !partInBudget(k.Ledger, calc.PartOthers) {
		t.Error("ascend-0.9 must count other programs inside the budget")
	}
}

func TestSeed910B4LowUtilization(t *testing.T) {
	e := mustCompute(t, seed910B4(t, "ascend-0.9", 0.36, 16384))
	if e.Starts || failID(e) != calc.GateNoKV {
		t.Fatalf("u=0.36 should fail at %s, got starts=%v fail=%s", calc.GateNoKV, e.Starts, failID(e))
	}
	// 0.36 × 28.96 GiB = 10.43 GiB < 15.83 GiB held by others: clamped to 0.
	// total = 32·2^30 − round(3.04·2^30) = 34359738368 − 3264175145.
	want := "Available memory: 0, total memory: 31095563223"
	found := false
	for _, l := range e.Log {
		found = found || l.Text == want
	}
	if !found {
		t.Errorf("log lacks %q: %v", want, e.Log)
	}
	if !strings.HasPrefix(e.Failure.Message, "No available memory for the cache blocks.") {
		t.Errorf("message %q", e.Failure.Message)
	}
	var fix *calc.Fix
	for i := range e.Fixes {
		if e.Fixes[i].ID == calc.FixUtilization {
			fix = &e.Fixes[i]
		}
	}
	if fix == nil || !fix.Starts {
		t.Fatalf("no starting utilization fix: %+v", e.Fixes)
	}
	u, err := strconv.ParseFloat(fix.Value, 64)
	if err != nil {
		t.Fatal(err)
	}
	// The lowest: u starts, u − 0.01 does not. The share of others alone
	// (15.83 / 28.96 = 0.547) is a floor no fix can go below.
	if u <= 0.55 {
		t.Errorf("utilization fix %v below the others' share 0.547", u)
	}
	if e2 := mustCompute(t, seed910B4(t, "ascend-0.9", u-0.01, 16384)); e2.Starts {
		t.Errorf("u=%v starts too, so %v is not the lowest", u-0.01, u)
	}
}

func TestSeed910B4Ascend015(t *testing.T) {
	e := mustCompute(t, seed910B4(t, "ascend-0.15", 0.9, 16384))
	if failID(e) != calc.GateFreeMemory {
		t.Fatalf("ascend-0.15 u=0.9 should fail the startup check, got %q", failID(e))
	}
	// free = 28.96 − 15.8325 (17e9 B) − 1 (ACL context, nontorch.go) = 12.13 GiB;
	// requested = 0.9 × 28.96 = 26.06 GiB.
	want := "Free memory on device (12.13/28.96 GiB) on startup is less than desired GPU memory utilization (0.9, 26.06 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes."
	if e.Failure.Message != want {
		t.Errorf("message\n got %q\nwant %q", e.Failure.Message, want)
	}
	// At 0.36 the request (10.43 GiB) fits in 12.13 GiB free: the per-instance
	// meaning, others do not count.
	e = mustCompute(t, seed910B4(t, "ascend-0.15", 0.36, 16384))
	for _, g := range e.Gates {
		if g.ID == calc.GateFreeMemory && (!g.Applies || !g.Pass) {
			t.Errorf("0.36 should pass the startup check: %+v", g)
		}
	}
	if partInBudget(e.Ranks[0].Ledger, calc.PartOthers) {
		t.Error("ascend-0.15 must not count others in the budget")
	}
}

func TestSeed910B4DefaultMaxLen(t *testing.T) {
	e := mustCompute(t, seed910B4(t, "ascend-0.9", 0.9, 0))
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

// TestSeedQwen25VL: the 0.8.3-vs-0.7 report. The verdicts follow from the
// mechanisms; the test pins the mechanisms.
func TestSeedQwen25VL(t *testing.T) {
	for _, m := range []calc.Model{qwen25VL7B(), qwen25VL32B()} {
		for _, gb := range []int{40, 80} {
			s := calc.Scenario{Model: m, Device: a100(gb)}
			s.Engine = engine(t, "vllm-0.7")
			v0 := mustCompute(t, s)
			s.Engine = engine(t, "vllm-0.8.0")
			v1 := mustCompute(t, s)
			// Batch defaults (spec §3.3): V0 256 seqs and max(128000, 5120)
			// tokens; 0.8.0–0.8.3 1024 seqs and 2048 tokens for `serve`.
			if r := v0.Resolved; r.MaxNumSeqs != 256 || r.MaxNumBatchedTokens != 128000 {
				t.Errorf("%s V0 batch %d/%d, want 256/128000", m.ID, r.MaxNumSeqs, r.MaxNumBatchedTokens)
			}
			if r := v1.Resolved; r.MaxNumSeqs != 1024 || r.MaxNumBatchedTokens != 2048 {
				t.Errorf("%s 0.8.0 batch %d/%d, want 1024/2048", m.ID, r.MaxNumSeqs, r.MaxNumBatchedTokens)
			}
			s.Options.MaxNumSeqs = ptr(256)
			seqs := mustCompute(t, s)
			s.Options.MaxNumSeqs = nil
			s.Options.MaxPixels = ptr(1920 * 1080)
			px := mustCompute(t, s)
			// The sampler works on min(seqs, tokens) rows: 1024 → 256 rows is ¼.
			if a, b := v1.Ranks[0].Peak.Sampler, seqs.Ranks[0].Peak.Sampler; !(b > 0 && a > 3*b) {
				t.Errorf("%s sampler %v with 1024 seqs vs %v with 256: want ≈4×", m.ID, a, b)
			}
			if a, b := v1.Ranks[0].Peak.Encoder, px.Ranks[0].Peak.Encoder; !(b < a) {
				t.Errorf("%s max_pixels 2073600 should shrink the encoder peak: %v → %v", m.ID, a, b)
			}
			if a, b := v1.Ranks[0].Activation, px.Ranks[0].Activation; b > a {
				t.Errorf("%s max_pixels raised the peak %v → %v", m.ID, a, b)
			}
			// Weights: 32B ≈ 33.5e9 params × 2 B ≈ 62 GiB > 39.38 GiB: no
			// version fits it on a 40 GB card.
			if m.ID == "Qwen/Qwen2.5-VL-32B-Instruct" && gb == 40 {
				for _, e := range []calc.Estimate{v0, v1, px, seqs} {
					if failID(e) != calc.GateWeights {
						t.Errorf("32B on A100-40: want %s, got %q", calc.GateWeights, failID(e))
					}
				}
			}
		}
	}
}

func TestComputeErrorsNameField(t *testing.T) {
	base := seed910B4(t, "ascend-0.9", 0.9, 16384)
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
	if _, err := calc.Compute(seed910B4(t, "ascend-0.9", 0.9, 0)); err != nil {
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
