package calc

// This file sizes CUDA/ACL graph capture on one rank (calc/README.md "Graphs").

// Graph memory per captured graph and decoder layer on one rank.
//
// Assumption (inferred, fitted): capture memory grows with the kernels the
// graphs hold, that is with graphs × layers, so G = graphs × layers × c.
// c is the median of measured / (graphs × layers) over the positive
// "Graph capturing finished ... took X GiB" figures of calc/testdata
// (V0 and V1, 0.6.4 to 0.11.0), each with the graph count of its release's
// capture sizes:
//
//   - TP 1, ten setups: 0.36 MiB (0.03 to 1.22: Qwen2.5-0.5B AWQ under V0
//     0.8.3 and Qwen3-0.6B under 0.11.0 below 0.04, Llama-3.3 Nemotron 49B
//     GPTQ under V0 at 1.22);
//   - TP > 1, seven setups: 0.55 MiB (0.18 to 1.17: Llama-3.1-70B at TP 8
//     under 0.6.4 the least, Yi-34B at TP 4 under V0, vLLM #7553, the
//     most). The custom all-reduce captured into every graph is the likely
//     difference.
//
// The figure is a difference of free memory around capture: negative
// figures (0.11.0 on H100, where cached blocks were released) bound
// nothing and are left out. Calibration.Graphs replaces the estimate when
// a log has the figure.
var (
	graphLayerBytesTP1 = Bytes(36) * MiB / 100
	graphLayerBytesTP  = Bytes(55) * MiB / 100
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

// ComputeGraphs sizes CUDA/ACL graph capture on one rank: the capture sizes,
// the graph count (FULL_AND_PIECEWISE adds a full graph per size up to
// max_num_seqs, v0.11+), and graphs × layers on this rank × the per-layer
// cost above.
func ComputeGraphs(r *Resolved) Graphs {
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
