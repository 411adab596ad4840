package calc

// The KV cache layout of models whose layers attend differently (calc/README.md
// "Sliding-window layers"): Gemma 2 and 3 and gpt-oss mix sliding-window
// and full-attention layers; Mistral 7B v0.1 and Phi-3 slide on every layer.
//
// With the hybrid KV cache manager (Engine.KV.Hybrid) vLLM buckets the
// layers by kind and cuts every bucket into groups of group_size layers,
// group_size being the smallest bucket (the last group of a bigger bucket
// is padded: "Add N padding layers"). The cache is group_size tensors, each
// shared by one layer of every group, so a block is one page in each
// tensor (vllm/v1/core/kv_cache_utils.py _get_kv_cache_groups_uniform_page_size,
// get_kv_cache_config_from_groups, get_num_blocks):
//
//	num_blocks = available // page // group_size
//	GPU KV cache size = num_blocks // len(groups) · block_size tokens
//	concurrency = num_blocks / Σ groups' blocks per request
//
// where a full-attention group needs cdiv(max_model_len, block_size)
// blocks and a sliding one cdiv(min(window − 1 + max_num_batched_tokens,
// max_model_len), block_size) + 1 (SlidingWindowSpec.max_memory_usage_bytes:
// the window may start inside a block). Without the manager every layer is
// sized as full attention: one group of all the stage's layers.

// kvLayout is one stage's grouping.
type kvLayout struct {
	groupSize int   // layers per group: the KV tensors
	windows   []int // per group: its sliding window, 0 for full attention, stateWindow for gated DeltaNet
	full      int   // full-attention layers of the stage
	sliding   int   // sliding-window layers of the stage
	linear    int   // gated DeltaNet layers of the stage (linearattn.go)
}

// oneFullGroup is the windows of a single full-attention group (shared,
// never written).
var oneFullGroup = []int{0}

// stateWindow marks a group of gated DeltaNet layers: one block (its state)
// per request (MambaSpec.max_memory_usage_bytes without prefix caching).
const stateWindow = -1

// layoutOf is stage's layout under r's release.
func layoutOf(r *Resolved, stage int) kvLayout {
	t := r.Model.Text
	first, n := ppLayers(t.Layers, stage, max(r.PP, 1))
	if len(t.Blocks) > 0 {
		// Only the layers that attend hold a cache (nas.go).
		a := t.attentionLayers(first, n)
		return kvLayout{groupSize: a, windows: oneFullGroup, full: a}
	}
	if t.SlidingWindow <= 0 && t.LinearAttention == nil {
		// Every layer full attention: one group (most models; no scan).
		return kvLayout{groupSize: n, windows: oneFullGroup, full: n}
	}
	l := kvLayout{}
	for i := first; i < first+n; i++ {
		switch {
		case t.Linear(i):
			l.linear++
		case t.Sliding(i):
			l.sliding++
		default:
			l.full++
		}
	}
	if l.linear == 0 && (!r.Engine.KV.Hybrid || l.sliding == 0) {
		// One group of full attention (unify_hybrid_kv_cache_specs).
		return kvLayout{groupSize: n, windows: oneFullGroup, full: n}
	}
	if l.linear == 0 && l.full == 0 {
		// One uniform SlidingWindowSpec group.
		l.groupSize, l.windows = n, []int{t.SlidingWindow}
		return l
	}
	buckets := []struct{ n, window int }{{l.full, 0}, {l.sliding, t.SlidingWindow}, {l.linear, stateWindow}}
	for _, b := range buckets {
		if b.n > 0 && (l.groupSize == 0 || b.n < l.groupSize) {
			l.groupSize = b.n
		}
	}
	for _, b := range buckets {
		for range divCeil(b.n, l.groupSize) {
			l.windows = append(l.windows, b.window)
		}
	}
	return l
}

// padding is the layers the groups add to fill the last group of each
// bucket (the "Add N padding layers" warning).
func (l kvLayout) padding() int {
	return l.groupSize*len(l.windows) - l.full - l.sliding - l.linear
}

// groupBlocks is the blocks one request of `length` tokens needs in one
// group of window w (FullAttentionSpec / SlidingWindowSpec
// max_memory_usage_bytes over the page).
func groupBlocks(r *Resolved, w, length int) int {
	bs := max(r.BlockSize, 1)
	if w == stateWindow {
		return 1
	}
	if w <= 0 {
		return divCeil(length, bs)
	}
	return divCeil(min(w-1+r.MaxNumBatchedTokens, length), bs) + 1
}

// requestPages is the pages (one block of one layer) a request of `length`
// tokens needs on one rank: per layer (check_enough_kv_cache_memory), or
// per group times the group size from #36030 (Engine.KV.NeedByGroups).
func requestPages(r *Resolved, stage, length int) int {
	l := layoutOf(r, stage)
	if len(l.windows) == 1 {
		return l.groupSize * groupBlocks(r, l.windows[0], length)
	}
	if r.Engine.KV.NeedByGroups {
		n := 0
		for _, w := range l.windows {
			n += groupBlocks(r, w, length)
		}
		return l.groupSize * n
	}
	return l.full*groupBlocks(r, 0, length) + l.sliding*groupBlocks(r, r.Model.Text.SlidingWindow, length) + l.linear
}

// blocksPerRequest is the blocks a max_model_len request takes from the
// shared pool: Σ groups (get_max_concurrency_for_kv_cache_config).
func blocksPerRequest(r *Resolved, stage int) int {
	n := 0
	for _, w := range layoutOf(r, stage).windows {
		n += groupBlocks(r, w, r.MaxModelLen)
	}
	return n
}
