package calc

import "math"

// This file sizes CUDA/ACL graph capture on one rank (calc/README.md "Graphs").

// Graph memory per captured graph and decoder layer on one rank.
//
// Assumption (inferred, fitted): capture memory grows with graphs ×
// layers, G = graphs × layers × c, c the median of measured / (graphs ×
// layers) over the positive "Graph capturing finished ... took X GiB"
// figures of calc/testdata (V0 and V1, 0.6.4 to 0.29.0):
//
//   - TP 1, 29 setups: 0.29 MiB (0.06 to 1.36: Qwen3-0.6B under 0.11.0
//     the least, Qwen3-8B on an A100-40GB under 0.19.1 the most). Here
//     FULL_AND_PIECEWISE's full decode graphs (0.11+) are counted but not
//     charged: one CUDA graph a size beside sizes × (layers + 1) pieces,
//     and the fifteen 0.11–0.29 setups give 0.29 MiB per size and layer
//     with them left out, as 0.8–0.10's piecewise-only ones give 0.28.
//   - TP > 1, 12 setups: 0.55 MiB (0.13 to 1.85: Llama-3.1-70B at TP 8
//     under 0.6.6 the least, Qwen2-VL-7B at TP 2 under 0.6.6 the most),
//     every graph charged: each holds its layers' all-reduces, the likely
//     difference. No 0.11+ log at TP > 1 has a positive figure; the one
//     whose capture shows its size (llm-d #787, Qwen3-32B at TP 2: the
//     capture fits, then the sampler warm-up runs out of the 5 % left)
//     needs the full graphs charged.
//
// Left out in turn, each setup is predicted by the others' median with a
// median error of 29 % (mean 63 %), against 42 % (92 %) when the full
// graphs were charged at TP 1 too.
//
// The figure is a difference of free memory around capture: negative
// figures (0.11.0 on H100, where cached blocks were released) bound
// nothing and are left out. Calibration.Graphs replaces the estimate when
// a log has the figure.
var (
	graphLayerBytesTP1 = Bytes(29) * MiB / 100
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
	switch g.Capture {
	case "v0":
		// [1, 2, 4] + 8i up to the smallest entry ≥ max_num_seqs
		// (VllmConfig._set_cudagraph_sizes @v0.8.3).
		return upTo(divCeil(seqs, 8)*8, 0)
	case "v0-256":
		// _BATCH_SIZES_TO_CAPTURE = [1, 2, 4] + 8i for i in 1..32, cut at
		// max_num_seqs (model_runner.py @v0.6.4).
		return upTo(min(divCeil(seqs, 8)*8, 256), 0)
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

// aclMaxSizes is update_aclgraph_sizes' limit on the number of capture
// sizes (vllm_ascend/utils.py, read at each tag): a graph takes
// L + 1 streams (L = num_hidden_layers of the whole model), and the
// communication groups g = [DP > 1] + [TP > 1] (pipeline parallelism is
// not counted: "TODO: Find out whether we need to take into account the
// pp_size") take more:
//
//   - "v0.9" (0.9.0rc1–0.10.0rc1): floor(S / (L+1) / (1 + g)), g counting
//     the node-local DP size;
//   - "v0.10.1" on: with HCCL_OP_EXPANSION_MODE=AIV,
//     floor(S / (L+1) / f) with f = 1 + g + [enable_expert_parallel];
//     otherwise (HCCL's FFTS+ unfolding) floor((S − 40g) / (L+1) / (1 + 2g));
//   - "v0.10.2" on, AIV: an MoE model adds [DP > 1] to f;
//   - "v0.11" on, AIV: a dense model first sets S aside f·(L+1) streams
//     for its all-reduce.
//
// Not modelled: additional_config multistream_overlap_shared_expert (one
// more in f), speculative decoding's draft layers, and the 100 streams
// context parallelism takes.
func aclMaxSizes(r *Resolved, streams int) int {
	g := 0
	if r.DP > 1 {
		g++
	}
	if r.TP > 1 {
		g++
	}
	res := max(r.Model.Text.Layers, 0) + 1
	rule := r.Engine.Graphs.StreamRule
	n := 0
	switch {
	case rule == "v0.9":
		n = streams / res / (1 + g)
	case r.Options.HCCLOpExpansion == "AIV":
		f := 1 + g
		if ep := r.Options.ExpertParallel; ep != nil && *ep {
			f++
		}
		moe := r.Model.Text.Experts > 0
		if moe && rule != "v0.10.1" && r.DP > 1 {
			f++
		}
		if !moe && rule == "v0.11" {
			streams -= f * res
		}
		n = streams / res / f
	default:
		n = (streams - 40*g) / res / (1 + 2*g)
	}
	return max(n, 1)
}

// downsample keeps n of the sizes, evenly spaced, first and last included:
// update_aclgraph_sizes' indices round(i · (len − 1) / (n − 1)), Python's
// round (halves to even).
func downsample(s []int, n int) []int {
	if n >= len(s) || len(s) == 0 {
		return s
	}
	if n <= 1 {
		return s[:1]
	}
	out := make([]int, 0, n)
	step := float64(len(s)-1) / float64(n-1)
	for k := range n {
		i := int(math.RoundToEven(float64(k) * step))
		if k == n-1 {
			i = len(s) - 1
		}
		out = append(out, s[i])
	}
	return out
}

// ComputeGraphs sizes CUDA/ACL graph capture on one rank: the capture sizes,
// the graph count (FULL_AND_PIECEWISE adds a full graph per size up to
// max_num_seqs, v0.11+), and sizes × layers on this rank × the cost above.
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
	charged := len(sizes) // at TP 1 the full decode graphs are not charged
	if r.TP > 1 {
		per, charged = graphLayerBytesTP, g.Count // every graph holds the layers' all-reduces
	}
	g.Bytes = Bytes(charged) * Bytes(layers) * per
	g.Encoder, g.EncoderBudgets = encoderGraphBytes(r)
	g.Bytes += g.Encoder
	if c := r.Calibration; c != nil && c.Graphs != nil {
		g.Bytes = *c.Graphs // the logged capture, encoder graphs included
	}
	g.Estimated = g.Bytes
	if r.Engine.Graphs.Encoder == EncoderGraphsPrivate {
		// profile_cudagraph_memory walks the decoder's capture descs only.
		g.Estimated = max(g.Bytes-g.Encoder, 0)
	}
	return g
}
