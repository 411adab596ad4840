package calc_test

import (
	"strings"
	"testing"

	"vram/calc"
)

// TestEncoderGraphs works cudagraph_mm_encoder's graphs by hand for
// Qwen3-VL-2B (E 1024, 16 heads of 64, MLP 4096, patch 16, t 2, merge 2,
// out_hidden 2048, 3 deepstack levels) in bf16 at 256 batched tokens
// (calc/README.md "Graphs"):
//
//	budgets [64, 128, 256], 256 // 64 = 4 items: 256, 512, 1024 patches;
//	a pass keeps P × (64·4 rotary + 2·max(2·1024 + 10·1024, 3·1024 + 2·4096)
//	  + 3·2048·2/4 deepstack) = P × 27,904 B: 7,143,424, 14,286,848, 28,573,696;
//	buffers: P × (1536 + 1024) × 2 + b × 2048 · 4 × 2 = 2,359,296, 4,718,592,
//	  9,437,184: 16,515,072;
//	a pool each (0.19–0.22): 50,003,968 + 16,515,072 = 66,519,040,
//	  outside the graph estimate;
//	one pool (0.23): 28,573,696 + 16,515,072 = 45,088,768, inside it.
//
// With encoder_cudagraph_token_budgets [500, 100] and 8 items a budget:
//
//	100 → 4 · 8 · ⌈100 / 8⌉ = 416 patches, 500 → 4 · 8 · 63 = 2,016;
//	pools 416 × 27,904 = 11,608,064 and 56,254,464;
//	buffers 416 × 5,120 + 100 × 16,384 = 3,768,320 and
//	  2,016 × 5,120 + 500 × 16,384 = 18,513,920: 22,282,240;
//	a pool each: 67,862,528 + 22,282,240 = 90,144,768;
//	one pool: 56,254,464 + 22,282,240 = 78,536,704.
//
// Qwen2.5-VL-7B (E 1280, 16 heads of 80, gated MLP 3420, patch 14, no
// learned positions, out_hidden 3584) from 0.22.0, the same budgets:
//
//	P × (80·4 + 2·max(2·1280 + 10·1280, 3·1280 + 3·3420)) = P × 31,040 B:
//	  7,946,240, 15,892,480, 31,784,960;
//	buffers: P × 1176 × 2 + b × 3584 × 2 = 1,060,864, 2,121,728, 4,243,456:
//	  7,426,048;
//	a pool each (0.22): 55,623,680 + 7,426,048 = 63,049,728;
//	one pool (0.23): 31,784,960 + 7,426,048 = 39,211,008.
func TestEncoderGraphs(t *testing.T) {
	i, tr := func(v int) *int { return &v }, func(v bool) *bool { return &v }
	cases := []struct {
		name, release string
		m             calc.Model
		o             calc.Options
		enc           calc.Bytes
		budgets       int
		inEstimate    bool
	}{
		{"0.18.0 has none", "vllm-0.18.0", qwen3VL2B(), calc.Options{EncoderGraphs: tr(true)}, 0, 0, true},
		{"off by default", "vllm-0.22.0", qwen3VL2B(), calc.Options{}, 0, 0, true},
		{"a pool each", "vllm-0.22.0", qwen3VL2B(), calc.Options{EncoderGraphs: tr(true)}, 66519040, 3, false},
		{"one pool", "vllm-0.23.0", qwen3VL2B(), calc.Options{EncoderGraphs: tr(true)}, 45088768, 3, true},
		{"eager", "vllm-0.23.0", qwen3VL2B(), calc.Options{EncoderGraphs: tr(true), EnforceEager: tr(true)}, 0, 0, true},
		{"own budgets, a pool each", "vllm-0.22.0", qwen3VL2B(), calc.Options{EncoderGraphs: tr(true), EncoderGraphBudgets: []int{500, 100}, EncoderGraphItems: i(8)}, 90144768, 2, false},
		{"own budgets, one pool", "vllm-0.23.0", qwen3VL2B(), calc.Options{EncoderGraphs: tr(true), EncoderGraphBudgets: []int{500, 100}, EncoderGraphItems: i(8)}, 78536704, 2, true},
		{"Qwen2.5-VL before 0.22.0", "vllm-0.21.0", qwen25VL7B(), calc.Options{EncoderGraphs: tr(true)}, 0, 0, true},
		{"Qwen2.5-VL, a pool each", "vllm-0.22.0", qwen25VL7B(), calc.Options{EncoderGraphs: tr(true)}, 63049728, 3, false},
		{"Qwen2.5-VL, one pool", "vllm-0.23.0", qwen25VL7B(), calc.Options{EncoderGraphs: tr(true)}, 39211008, 3, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.o.MaxNumBatchedTokens, c.o.MaxModelLen = i(256), i(16384)
			s := calc.Scenario{Model: c.m, Device: a100(80), Engine: engine(t, c.release), Options: c.o}
			r, err := calc.Resolve(s)
			if err != nil {
				t.Fatal(err)
			}
			g := calc.ComputeGraphs(&r)
			if g.Encoder != c.enc || len(g.EncoderBudgets) != c.budgets {
				t.Errorf("encoder graphs %d B over budgets %v, want %d B over %d", g.Encoder, g.EncoderBudgets, c.enc, c.budgets)
			}
			want := g.Bytes
			if !c.inEstimate {
				want -= g.Encoder
			}
			if g.Estimated != want {
				t.Errorf("estimated %d of %d captured, want %d", g.Estimated, g.Bytes, want)
			}
		})
	}
}

// TestEncoderGraphsInTheBudget: at 0.23.0 the KV cache loses the encoder
// graphs (the default estimate holds them); at 0.22.0 it does not, and the
// capture after it is larger by as much.
func TestEncoderGraphsInTheBudget(t *testing.T) {
	i, tr := func(v int) *int { return &v }, func(v bool) *bool { return &v }
	for _, c := range []struct {
		release string
		kvFalls bool
	}{{"vllm-0.22.0", false}, {"vllm-0.23.0", true}} {
		base := calc.Scenario{Model: qwen3VL2B(), Device: a100(80), Engine: engine(t, c.release),
			Options: calc.Options{MaxModelLen: i(16384)}}
		with := base
		with.Options.EncoderGraphs = tr(true)
		a, err1 := calc.Compute(base)
		b, err2 := calc.Compute(with)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		enc := b.Ranks[0].Graphs.Encoder
		if enc <= 0 || b.Ranks[0].Graphs.Bytes-a.Ranks[0].Graphs.Bytes != enc {
			t.Fatalf("%s: encoder graphs %d, capture %d → %d", c.release, enc, a.Ranks[0].Graphs.Bytes, b.Ranks[0].Graphs.Bytes)
		}
		fall := a.Ranks[0].KV - b.Ranks[0].KV
		if want := map[bool]calc.Bytes{true: enc, false: 0}[c.kvFalls]; fall != want {
			t.Errorf("%s: KV falls by %d, want %d", c.release, fall, want)
		}
	}
}

// TestEncoderGraphsNote: the note says where the graphs are counted, or
// why none are captured.
func TestEncoderGraphsNote(t *testing.T) {
	i, tr := func(v int) *int { return &v }, func(v bool) *bool { return &v }
	for _, c := range []struct {
		release string
		m       calc.Model
		eager   bool
		want    string
	}{
		{"vllm-0.18.0", qwen3VL2B(), false, calc.WhyEncoderGraphsRel},
		{"vllm-0.21.0", qwen25VL7B(), false, calc.WhyEncoderGraphsMod},
		{"vllm-0.22.0", qwen3VL2B(), true, calc.WhyEncoderGraphsEag},
		{"vllm-0.22.0", qwen3VL2B(), false, calc.WhyEncoderGraphsOut},
		{"vllm-0.23.0", qwen3VL2B(), false, calc.WhyEncoderGraphsIn},
		// VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=0: one pool, nothing subtracted.
		{"vllm-0.23.0-noest", qwen3VL2B(), false, calc.WhyEncoderGraphsOne},
	} {
		rel, noEst := strings.CutSuffix(c.release, "-noest")
		s := calc.Scenario{Model: c.m, Device: a100(80), Engine: engine(t, rel),
			Options: calc.Options{MaxModelLen: i(16384), EncoderGraphs: tr(true), EnforceEager: tr(c.eager)}}
		if noEst {
			s.Options.EstimateCUDAGraphs = tr(false)
		}
		e, err := calc.Compute(s)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, n := range e.Notes {
			if strings.HasPrefix(n.Key, "graphs.encoder") {
				got = append(got, n.Key)
			}
		}
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("%s %s eager=%v: notes %v, want %s", c.release, c.m.ID, c.eager, got, c.want)
		}
	}
}

// TestOffloadFixes: a launch the encoder graphs or the GPU video decoders
// stop is offered the opt-in off, and it then starts.
func TestOffloadFixes(t *testing.T) {
	i, f, tr := func(v int) *int { return &v }, func(v float64) *float64 { return &v }, func(v bool) *bool { return &v }
	for _, c := range []struct {
		name, release, fix string
		o                  calc.Options
	}{
		// 0.97 leaves about 0.7 GiB after the KV cache besides the
		// activation reserve: the decoder graphs fit, Qwen3-VL-2B's encoder
		// graphs for 16,384 batched tokens (a pool each) do not.
		{"encoder graphs", "vllm-0.22.0", calc.FixEncoderGraphs, calc.Options{GPUMemoryUtilization: f(0.97), MaxModelLen: i(16384), MaxNumBatchedTokens: i(16384), EncoderGraphs: tr(true)}},
		// Sixteen API servers' decoders, 16 × 2.05 GiB, outgrow the KV cache.
		{"video decoders", "vllm-0.28.0", calc.FixVideoCPU, calc.Options{MaxModelLen: i(16384), VideoBackend: "pynvvideocodec", APIServerCount: i(16)}},
	} {
		s := calc.Scenario{Model: qwen3VL2B(), Device: a100(40), Engine: engine(t, c.release), Options: c.o}
		e, err := calc.Compute(s)
		if err != nil {
			t.Fatal(err)
		}
		if e.Starts {
			t.Fatalf("%s: starts; the case needs a failing launch", c.name)
		}
		x := fixByID(e, c.fix)
		if x == nil || !x.Starts {
			t.Errorf("%s: fix %s %+v, want one that starts (failure %s)", c.name, c.fix, x, failID(e))
		}
	}
}
