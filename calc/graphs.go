package calc

// This file sizes CUDA/ACL graph capture on one rank (calc/README.md "Graphs").

// Graph memory per captured graph and decoder layer on one rank.
//
// Assumption (inferred, calibrated on two public figures): capture memory
// is dominated by what each captured graph keeps per layer (its nodes'
// private buffers; with TP > 1 also the custom all-reduce's per-graph
// registered buffers), not by the shared pool, which holds only one decode
// batch's activations (≤ 512 tokens, a few MiB). So G = graphs × layers × c:
//
//   - TP 1: a V0 Qwen3-Omni-30B-A3B (48 layers) log capturing sizes
//     [8, 4, 2, 1] "took 0.11 GiB": c = 112.6 MiB / (4 × 48) ≈ 0.59 MiB;
//   - TP > 1: vLLM #7553, Yi-34B (60 layers) at TP 4 on RTX 4090s, V0's 35
//     graphs, 2464 MiB: c = 2464 MiB / (35 × 60) ≈ 1.17 MiB.
//
// dev.jsonl holds no "Graph capturing finished ... took X GiB" figure to
// check against; Calibration.Graphs replaces the estimate when a log has one.
var (
	graphLayerBytesTP1 = GiB * 11 / 100 / (4 * 48)
	graphLayerBytesTP  = Bytes(2464) * MiB / (35 * 60)
)

// captureSizes lists the batch sizes graphs are captured for, per the
// release's GraphRules (calc/README.md "Graphs"). enforce_eager captures none.
func captureSizes(r *Resolved) []int {
	g := r.Engine.Graphs
	if r.EnforceEager || g.Capture == "none" || g.Capture == "" {
		return nil
	}
	seqs := max(r.MaxNumSeqs, 1)
	mnbt := r.MaxNumBatchedTokens
	if mnbt <= 0 {
		mnbt = 1 << 30
	}
	upTo := func(maxSize, step16From int) []int {
		var s []int
		for _, b := range []int{1, 2, 4} {
			if b <= maxSize {
				s = append(s, b)
			}
		}
		for b := 8; b <= maxSize; {
			s = append(s, b)
			if step16From > 0 && b >= step16From {
				b += 16
			} else {
				b += 8
			}
		}
		return s
	}
	if g.Capture == "v0" {
		// [1, 2, 4] + 8i up to the smallest entry ≥ max_num_seqs
		// (VllmConfig._set_cudagraph_sizes @v0.8.3).
		return upTo(divCeil(seqs, 8)*8, 0)
	}
	top := 512
	switch g.MaxSize {
	case "2seqs":
		top = min(2*seqs, 512)
	case "1seqs":
		top = min(seqs, 512)
	}
	var out []int
	for _, b := range upTo(top, g.Step16From) {
		if b <= mnbt {
			out = append(out, b)
		}
	}
	if g.StreamCap > 0 {
		out = downsample(out, aclMaxSizes(r, g.StreamCap))
	}
	return out
}

// aclMaxSizes is update_aclgraph_sizes' limit (vllm_ascend/utils.py): each
// graph takes num_hidden_layers + 1 streams; with a tensor-parallel group
// floor((streams − 40) / (layers + 1) / 3), else floor(streams / (layers + 1)).
// Pipeline parallelism is not counted; data and expert parallelism are
// not modelled.
func aclMaxSizes(r *Resolved, streams int) int {
	groups := 0
	if r.TP > 1 {
		groups++
	}
	res := max(r.Model.Text.Layers, 0) + 1
	n := (streams - groups*40) / res / (1 + 2*groups)
	return max(n, 1)
}

// downsample keeps n of the sizes, evenly spaced, first and last included
// (vllm-ascend samples the default list down to the stream limit).
func downsample(s []int, n int) []int {
	if n >= len(s) || len(s) == 0 {
		return s
	}
	if n <= 1 {
		return s[:1]
	}
	out := make([]int, 0, n)
	for k := range n {
		out = append(out, s[k*(len(s)-1)/(n-1)])
	}
	return out
}

// computeGraphs sizes CUDA/ACL graph capture on one rank: the capture sizes,
// the graph count (FULL_AND_PIECEWISE adds a full graph per size up to
// max_num_seqs, v0.11+), and graphs × layers on this rank × the per-layer
// cost above.
func computeGraphs(r *Resolved) Graphs {
	if r == nil {
		return Graphs{}
	}
	sizes := captureSizes(r)
	g := Graphs{Sizes: sizes, Count: len(sizes)}
	if r.Engine.Graphs.FullAndPiecewise {
		for _, b := range sizes {
			if b <= max(r.MaxNumSeqs, 1) {
				g.Count++
			}
		}
	}
	_, layers := ppLayers(max(r.Model.Text.Layers, 0), 0, max(r.PP, 1))
	per := graphLayerBytesTP1
	if r.TP > 1 {
		per = graphLayerBytesTP
	}
	g.Bytes = Bytes(g.Count) * Bytes(layers) * per
	if c := r.Calibration; c != nil && c.Graphs != nil {
		g.Bytes = *c.Graphs
	}
	return g
}
