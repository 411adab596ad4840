package calc

import (
	"math"
	"testing"
)

func graphResolved(sizes string, seqs, mnbt, layers, tp int) *Resolved {
	r := &Resolved{TP: tp, PP: 1, MaxNumSeqs: seqs, MaxNumBatchedTokens: mnbt}
	r.Model.Text = TextConfig{Layers: layers, Hidden: 4096, Heads: 32, KVHeads: 8}
	r.Engine.Graphs = graphRules[sizes]
	return r
}

// graphRules names the capture rules of the releases the cases come from.
var graphRules = map[string]GraphRules{
	"v0":          {Capture: "v0"},                                                                          // V0 0.6.5–0.10
	"v0-256":      {Capture: "v0-256"},                                                                      // V0 0.6.4–0.6.4.post1
	"v1-512":      {Capture: "v1", MaxSize: "512"},                                                          // V1 0.8–0.9
	"v1-2seqs":    {Capture: "v1", MaxSize: "2seqs"},                                                        // V1 0.10 (#20628)
	"v1-2seqs-16": {Capture: "v1", MaxSize: "2seqs", Step16From: 256},                                       // V1 0.11.1+ (#26016)
	"acl":         {Capture: "v1", MaxSize: "2seqs", Step16From: 256, StreamCap: 1800, StreamRule: "v0.11"}, // vllm-ascend 0.12–0.17
	"acl-1seqs":   {Capture: "v1", MaxSize: "1seqs", Step16From: 256, StreamCap: 1800, StreamRule: "v0.11"}, // vllm-ascend 0.18–0.20
	"none":        {Capture: "none"},
}

func TestCaptureSizes(t *testing.T) {
	for _, c := range []struct {
		sizes          string
		seqs, mnbt     int
		n, first, last int
	}{
		{"v0", 256, 8192, 35, 1, 256},          // [1,2,4] + 8..256: 3 + 32
		{"v0", 600, 8192, 78, 1, 600},          // 3 + 75 (8..600)
		{"v0-256", 600, 8192, 35, 1, 256},      // _BATCH_SIZES_TO_CAPTURE stops at 256
		{"v1-512", 1024, 8192, 67, 1, 512},     // [1,2,4] + 8..512: 3 + 64
		{"v1-512", 1024, 100, 15, 1, 96},       // filtered by max_num_batched_tokens
		{"v1-2seqs", 64, 8192, 19, 1, 128},     // up to 2·64: 3 + 16
		{"v1-2seqs-16", 256, 8192, 51, 1, 512}, // 3 + 31 (8..248) + 17 (256..512)
		{"none", 256, 8192, 0, 0, 0},
	} {
		s := captureSizes(graphResolved(c.sizes, c.seqs, c.mnbt, 32, 1))
		if len(s) != c.n || c.n > 0 && (s[0] != c.first || s[len(s)-1] != c.last) {
			t.Errorf("%s seqs %d: %d sizes %v, want %d from %d to %d", c.sizes, c.seqs, len(s), s, c.n, c.first, c.last)
		}
	}
	// Ascend, Qwen3-VL-2B (28 layers), TP 1: 1800 / 29 = 62 ≥ 51, all kept;
	// TP 2 (one comm group): (1800 − 40) / 29 / 3 = 20 sizes.
	if s := captureSizes(graphResolved("acl", 256, 8192, 28, 1)); len(s) != 51 {
		t.Errorf("acl TP1: %d sizes", len(s))
	}
	if s := captureSizes(graphResolved("acl", 256, 8192, 28, 2)); len(s) != 20 || s[0] != 1 || s[19] != 512 {
		t.Errorf("acl TP2: %d sizes %v", len(s), s)
	}
	// vllm-ascend 0.18: up to min(256, 512) = 256 without the ×2: 3 + 31
	// (8..248) + 1 (256) = 35 sizes (platform.py@v0.18.0rc1:191).
	if s := captureSizes(graphResolved("acl-1seqs", 256, 8192, 28, 1)); len(s) != 35 || s[34] != 256 {
		t.Errorf("acl 0.18: %d sizes %v", len(s), s)
	}
	r := graphResolved("v1-512", 256, 8192, 32, 1)
	r.EnforceEager = true
	if g := ComputeGraphs(r); g.Count != 0 || g.Bytes != 0 {
		t.Errorf("enforce_eager: %+v", g)
	}
}

// TestACLMaxSizes works update_aclgraph_sizes' count by hand for each of
// its formulas (vllm_ascend/utils.py at the tags named).
func TestACLMaxSizes(t *testing.T) {
	for _, c := range []struct {
		name            string
		rule            string
		streams, layers int
		tp, dp          int
		moe, ep, aiv    bool
		want            int
	}{
		// The source's own worked examples (utils.py@v0.10.1rc1): 1920
		// streams, 48 layers, TP 4: AIV 1920/49/2 = 19; FFTS+
		// (1920 − 40)/49/3 = 12.
		{"comment AIV", "v0.10.1", 1920, 48, 4, 1, false, false, true, 19},
		{"comment FFTS+", "v0.10.1", 1920, 48, 4, 1, false, false, false, 12},
		// 0.9: 1920/29/(1 + 1) = 33 at TP 2 (no −40, no ×2).
		{"v0.9 TP2", "v0.9", 1920, 28, 2, 1, false, false, false, 33},
		// FFTS+ with DP 2 and TP 2: g = 2, (1800 − 80)/29/5 = 11.
		{"FFTS+ DP2 TP2", "v0.11", 1800, 28, 2, 2, false, false, false, 11},
		// AIV, MoE, DP 2, EP: f = 1 + 1 + 1 (EP) + 1 (MoE with DP > 1) = 4
		// from 0.10.2: 1800/49/4 = 9; at 0.10.1 f = 3: 1920/49/3 = 13.
		{"AIV MoE DP2 EP 0.10.2", "v0.10.2", 1800, 48, 1, 2, true, true, true, 9},
		{"AIV MoE DP2 EP 0.10.1", "v0.10.1", 1920, 48, 1, 2, true, true, true, 13},
		// AIV, dense, from 0.11: TP 2, f = 2, S = 1800 − 2·29 = 1742,
		// 1742/29/2 = 30; TP 1 (36 layers): 1800 − 37 = 1763, 1763/37 = 47.
		{"AIV dense TP2", "v0.11", 1800, 28, 2, 1, false, false, true, 30},
		{"AIV dense TP1", "v0.11", 1800, 36, 1, 1, false, false, true, 47},
	} {
		r := graphResolved("acl", 256, 8192, c.layers, c.tp)
		r.DP = c.dp
		r.Engine.Graphs.StreamRule = c.rule
		if c.moe {
			r.Model.Text.Experts = 128
		}
		r.Options.ExpertParallel = &c.ep
		if c.aiv {
			r.Options.HCCLOpExpansion = "AIV"
		}
		if got := aclMaxSizes(r, c.streams); got != c.want {
			t.Errorf("%s: %d sizes, want %d", c.name, got, c.want)
		}
	}
	// Sampling rounds like Python: 51 sizes to 20 steps 50/19 = 2.63, so
	// the second index is round(2.63) = 3 (not 2); 6 sizes to 3 steps 2.5,
	// round(2.5) = 2 (halves to even).
	s := make([]int, 51)
	for i := range s {
		s[i] = i
	}
	if d := downsample(s, 20); len(d) != 20 || d[1] != 3 || d[19] != 50 {
		t.Errorf("downsample 51→20: %v", d)
	}
	if d := downsample([]int{10, 11, 12, 13, 14, 15}, 3); d[1] != 12 || d[2] != 15 {
		t.Errorf("downsample 6→3: %v, want [10 12 15]", d)
	}
}

// TestGraphBytes works G = sizes × layers × c (0.29 MiB at TP 1, 0.55
// above) by hand for logged cases (the fit's spread shows in the replay,
// not here), and that FULL_AND_PIECEWISE's full graphs are counted but
// not charged.
func TestGraphBytes(t *testing.T) {
	for _, c := range []struct {
		name                   string
		sizes                  string
		seqs, mnbt, layers, tp int
		count                  int
		mib                    float64
	}{
		// vLLM #7553, Yi-34B (60 layers), TP 4, V0, 256 seqs: 35 graphs;
		// 35 × 60 × 0.55 = 1155 MiB (the log: 2464 MiB).
		{"Yi-34B", "v0", 256, 8192, 60, 4, 35, 1155},
		// Qwen2-7B (28 layers), V1 0.10.1.1, 256 seqs: sizes up to 512,
		// 67 graphs; 67 × 28 × 0.29 = 544.0 MiB (the log: 0.50 GiB).
		{"Qwen2-7B", "v1-2seqs", 256, 8192, 28, 1, 67, 544.0},
		// Qwen3-Omni-30B-A3B (48 layers), V0, 8 seqs: [1, 2, 4, 8];
		// 4 × 48 × 0.29 = 55.7 MiB (the log: 0.11 GiB).
		{"Qwen3-Omni", "v0", 8, 32768, 48, 1, 4, 55.7},
	} {
		g := ComputeGraphs(graphResolved(c.sizes, c.seqs, c.mnbt, c.layers, c.tp))
		if mib := g.Bytes.GiB() * 1024; g.Count != c.count || math.Abs(mib-c.mib) > 0.1 {
			t.Errorf("%s: %d graphs %.1f MiB, want %d and %.1f", c.name, g.Count, mib, c.count, c.mib)
		}
	}
	// FULL_AND_PIECEWISE, 256 seqs: 51 piecewise + 35 full (sizes ≤ 256).
	r := graphResolved("v1-2seqs-16", 256, 8192, 28, 1)
	r.Engine.Graphs.FullAndPiecewise = true
	// 51 × 28 × 0.29 = 414.1 MiB: the 35 full graphs add nothing.
	if g := ComputeGraphs(r); g.Count != 86 || math.Abs(g.Bytes.GiB()*1024-414.1) > 0.1 {
		t.Errorf("full and piecewise: %d graphs %.1f MiB, want 86 and 414.1", g.Count, g.Bytes.GiB()*1024)
	}
}

// Model runner V2's defaults by release (GraphRules.MRv2): Qwen3 dense from
// v0.22, with Llama and Mistral from v0.23, every dense model from v0.25;
// an MoE model never.
func TestRunsMRv2(t *testing.T) {
	qwen3 := &Model{Family: "qwen3"}
	llama := &Model{Family: "llama"}
	vl := &Model{Family: "qwen2_5_vl"}
	moe := &Model{Family: "qwen3_moe", Text: TextConfig{Experts: 128}}
	for _, c := range []struct {
		rule string
		m    *Model
		want bool
	}{
		{"", qwen3, false},
		{"qwen3", qwen3, true}, {"qwen3", llama, false},
		{"qwen3-llama-mistral", llama, true}, {"qwen3-llama-mistral", vl, false},
		{"dense", vl, true}, {"dense", moe, false},
	} {
		if got := (GraphRules{MRv2: c.rule}).RunsMRv2(c.m); got != c.want {
			t.Errorf("%q %s: %v, want %v", c.rule, c.m.Family, got, c.want)
		}
	}
}

// VLLM_USE_V2_MODEL_RUNNER=0 takes a model back to the old runner, whose
// estimate the budget subtracts (v0.25, a dense model).
func TestModelRunnerV2OptOut(t *testing.T) {
	r := &Resolved{Scenario: Scenario{Model: Model{Family: "qwen2"}}, V1: true, Origins: map[string]Origin{}}
	r.Engine.GraphsInBudget = true
	r.Engine.Graphs = GraphRules{MRv2: "dense"}
	r.resolveGraphs()
	if !r.MRv2NoEstimate || r.GraphsInBudget {
		t.Errorf("default: MRv2 without estimate %v, graphs in budget %v; want true, false", r.MRv2NoEstimate, r.GraphsInBudget)
	}
	off := false
	r = &Resolved{Scenario: Scenario{Model: Model{Family: "qwen2"}, Options: Options{ModelRunnerV2: &off}}, V1: true, Origins: map[string]Origin{}}
	r.Engine.GraphsInBudget = true
	r.Engine.Graphs = GraphRules{MRv2: "dense"}
	r.resolveGraphs()
	if r.MRv2NoEstimate || !r.GraphsInBudget {
		t.Errorf("VLLM_USE_V2_MODEL_RUNNER=0: MRv2 without estimate %v, graphs in budget %v; want false, true", r.MRv2NoEstimate, r.GraphsInBudget)
	}
}
