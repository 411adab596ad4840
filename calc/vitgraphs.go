package calc

// This file sizes the vision encoder's CUDA graphs: CompilationConfig
// cudagraph_mm_encoder (#35963, vLLM 0.19.0; off by default), captured by
// the EncoderCudaGraphManager (vllm/v1/worker/encoder_cudagraph.py) right
// after the decoder graphs in capture_model, so after the KV cache is
// allocated. See calc/README.md "Graphs".

import (
	"slices"
	"strconv"
	"strings"
)

// Encoder graph pools (GraphRules.Encoder).
const (
	EncoderGraphsNone    = ""        // the release has no encoder graphs
	EncoderGraphsPrivate = "private" // each budget's graph in a pool of its own; not in the graph estimate (0.19.0)
	EncoderGraphsPooled  = "pooled"  // one pool, largest budget first, estimated with the decoder graphs (#41714, 0.23.0)
)

// Bounds of the encoder graph settings a launch may give: the budgets
// listed, each budget's tokens and the items a budget runs (what vLLM
// takes is unbounded; these keep a pasted list from running away).
const (
	MaxEncoderGraphBudgets = 64
	MaxEncoderGraphBudget  = 1 << 20
	MaxEncoderGraphItems   = 1 << 12
)

// encoderGraphMinBudget is get_encoder_cudagraph_budget_range's lower
// bound for the Qwen towers: a 224² image, 16 × 16 patches merged 2 × 2.
const encoderGraphMinBudget = 64

// EncoderGraphs reports whether the launch captures vision-encoder CUDA
// graphs (encoderGraphsRun).
func (r *Resolved) EncoderGraphs() bool { return encoderGraphsRun(r) }

// EncoderGraphBudgets is the budgets and items the encoder graphs are
// captured for (encoderGraphBudgets), whether or not they run.
func (r *Resolved) EncoderGraphBudgets() ([]int, int) { return encoderGraphBudgets(r) }

// encoderGraphsRun reports whether the release captures encoder graphs for
// this launch: the option is on, the model's tower implements
// SupportsEncoderCudaGraph in the release (GraphRules.EncoderTowers: the
// Qwen VL towers; the others added under #38175 are not modelled) and
// decoder graphs are
// captured at all (V1's capture_model returns early under
// cudagraph_mode NONE, i.e. enforce_eager).
func encoderGraphsRun(r *Resolved) bool {
	on := r.Options.EncoderGraphs != nil && *r.Options.EncoderGraphs
	fam := r.Model.Family != "" && slices.Contains(strings.Split(r.Engine.Graphs.EncoderTowers, ","), r.Model.Family)
	return on && fam && r.Engine.Graphs.Encoder != EncoderGraphsNone && !r.EnforceEager && r.Model.Vision != nil
}

// encoderGraphBudgets are the token budgets one graph each is captured
// for, and the items each runs (EncoderCudaGraphManager.__init__):
// encoder_cudagraph_token_budgets sorted, else _generate_budgets(64, hi),
// powers of two from 64 and hi = min(max_num_batched_tokens,
// max_model_len) itself; the items are the user's
// max_vision_items_per_batch, else hi // 64.
//
// 8,192 batched tokens: [64, 128, 256, 512, 1024, 2048, 4096, 8192], 128 items.
func encoderGraphBudgets(r *Resolved) (budgets []int, items int) {
	hi := min(r.MaxNumBatchedTokens, r.MaxModelLen)
	items = max(hi/encoderGraphMinBudget, 1)
	if n := r.Options.EncoderGraphItems; n != nil && *n > 0 {
		items = *n
	}
	if u := r.Options.EncoderGraphBudgets; len(u) > 0 {
		return slices.Sorted(slices.Values(u)), items
	}
	for b := encoderGraphMinBudget; b <= hi; b *= 2 {
		budgets = append(budgets, b)
	}
	if len(budgets) == 0 || budgets[len(budgets)-1] < hi {
		budgets = append(budgets, hi)
	}
	return budgets, items
}

// encoderGraphPatches is the dummy input of budget b: items of a
// [1, merge, ceil(b / items) · merge] grid, merge² · items · ceil(b /
// items) patches.
func encoderGraphPatches(r *Resolved, b, items int) int {
	m := max(r.Model.Vision.SpatialMerge, 1)
	return m * m * items * divCeil(b, items)
}

// encoderGraphBytes is the encoder graphs' memory on one rank. A budget's
// graph keeps, in its pool, the pass's own live set at its patches
// (qwenEncoderPass: the static input is already in the model's dtype, so
// the processor's float32 pixels are not there), and beside the pool its static
// buffers: the pixels (P × C·t·p²), Qwen3-VL's interpolated learned
// position embeddings (P × E) and the output (b × out_hidden × (1 +
// deepstack levels)), all in the model's dtype. With a pool per graph (0.19.0) the graphs add up;
// with one pool captured largest first (#41714) only the largest pass
// stays, and every budget's buffers.
//
// Qwen3-VL-8B (E 1152, merge 2, 3 deepstack levels, out_hidden 4096) at
// 8,192 batched tokens, budget 8,192: 32,768 patches, buffers 32,768 ×
// 1,536 × 2 + 32,768 × 1,152 × 2 + 8,192 × 16,384 × 2 = 444,596,224 B.
func encoderGraphBytes(r *Resolved) (Bytes, []int) {
	if !encoderGraphsRun(r) {
		return 0, nil
	}
	v := r.Model.Vision
	db := Bytes(dtypeBytes(r.Dtype))
	budgets, items := encoderGraphBudgets(r)
	pixel := Bytes(patchElems(v)) * db
	var sum, largest, buffers Bytes
	for _, b := range budgets {
		P := encoderGraphPatches(r, b, items)
		pool := qwenEncoderPass(r, P)
		largest = max(largest, pool)
		sum += pool
		buffers += Bytes(P)*pixel + Bytes(b)*Bytes(embedWidth(&r.Model))*db
		if v.PositionEmbedding > 0 {
			buffers += Bytes(P) * Bytes(v.Hidden) * db // Qwen3-VL's interpolated learned positions
		}
	}
	if r.Engine.Graphs.Encoder == EncoderGraphsPooled {
		return largest + buffers, budgets
	}
	return sum + buffers, budgets
}

// encoderGraphsNote explains the encoder graphs where the launch asks for
// them: how many, their memory and where the budget counts it, or why
// none is captured.
func encoderGraphsNote(r *Resolved, k *RankEstimate) []Reason {
	if o := r.Options.EncoderGraphs; o == nil || !*o || r.Model.Vision == nil {
		return nil
	}
	g := k.Graphs
	a := args("count", strconv.Itoa(len(g.EncoderBudgets)), "bytes", gib(g.Encoder), "rule", rule(r, "graphs.encoder"),
		"release", r.Engine.Name, "graphs", gib(g.Bytes))
	switch {
	case g.Encoder == 0 && r.Engine.Graphs.Encoder == EncoderGraphsNone:
		return []Reason{{WhyEncoderGraphsRel, a}}
	case g.Encoder == 0 && r.EnforceEager:
		return []Reason{{WhyEncoderGraphsEag, a}}
	case g.Encoder == 0:
		a["rule"] = rule(r, "graphs.encoder_towers")
		return []Reason{{WhyEncoderGraphsMod, a}}
	}
	a["largest"] = Commas(g.EncoderBudgets[len(g.EncoderBudgets)-1])
	switch {
	case r.Engine.Graphs.Encoder != EncoderGraphsPooled:
		return []Reason{{WhyEncoderGraphsOut, a}}
	case appliedGraphEstimate(r, g) > 0:
		return []Reason{{WhyEncoderGraphsIn, a}}
	}
	return []Reason{{WhyEncoderGraphsOne, a}}
}
