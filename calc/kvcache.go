package calc

// KV-cache arithmetic (calc/README.md "The KV cache"); how layers of
// different kinds are grouped is kvlayout.go.

// stageLayers is the number of decoder layers pipeline stage `stage` holds:
// the same split the weights use (ppLayers, vLLM's get_pp_indices).
func stageLayers(layers, pp, stage int) int {
	_, n := ppLayers(layers, stage, max(pp, 1))
	return n
}

// pageBytes is the bytes one block of one layer takes on one rank
// (AttentionSpec.page_size_bytes = 2 · block_size · kv_heads · head_size ·
// dtype_bytes, vllm/v1/kv_cache_interface.py; V0 CacheEngine.get_cache_block_size
// per layer).
func pageBytes(r *Resolved) Bytes {
	if r.PagePadded > 0 {
		return r.PagePadded
	}
	return Bytes(r.BlockSize) * tokenLayerBytes(r)
}

// BytesPerToken is the KV bytes one token takes on one rank of stage
// `stage` as the token count reports it: every layer, or, in hybrid groups,
// one layer per group and tensor (group size × groups, padding included).
func BytesPerToken(r *Resolved, stage int) Bytes {
	l := layoutOf(r, stage)
	per := tokenLayerBytes(r)
	if r.PagePadded > 0 {
		per = r.PagePadded / Bytes(max(r.BlockSize, 1)) // the padded page a token's share
	}
	return per * Bytes(l.groupSize*len(l.windows))
}

// blockBytes is one block id over the stage's KV tensors: page × group
// size (all the stage's layers when they form one group).
func blockBytes(r *Resolved, stage int) Bytes {
	return pageBytes(r) * Bytes(layoutOf(r, stage).groupSize)
}

// kvBlocks is floor(KV / (page · group size)) (kv_cache_utils.py
// get_num_blocks; V0 determine_num_available_blocks).
func kvBlocks(r *Resolved, stage int, kv Bytes) int {
	bb := blockBytes(r, stage)
	if kv <= 0 || bb <= 0 {
		return 0
	}
	return int(kv / bb)
}

// kvTokens is the "GPU KV cache size" in tokens: num_blocks //
// len(groups) · block_size (_report_kv_cache_config).
func kvTokens(r *Resolved, stage, blocks int) int {
	return blocks / len(layoutOf(r, stage).windows) * r.BlockSize
}

// requestBytes is the KV one request of `length` tokens needs on one rank:
// ceil(length / block_size) pages per full-attention layer, the window's
// pages per sliding one (max_memory_usage_bytes; kvlayout.go).
func requestBytes(r *Resolved, stage, length int) Bytes {
	return Bytes(requestPages(r, stage, length)) * pageBytes(r)
}

// estimateMaxLen is the largest length in [1, max_model_len] whose request
// fits in kv (kv_cache_utils.py estimate_max_model_len, a binary search over
// the same need function); 0 when not even one token fits.
func estimateMaxLen(r *Resolved, stage int, kv Bytes) int {
	lo, hi := 0, r.MaxModelLen
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if requestBytes(r, stage, mid) <= kv {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

// concurrency is how many max_model_len requests the cache holds:
// blocks / the blocks one request takes from the pool
// (get_max_concurrency_for_kv_cache_config; for full attention equal to
// tokens / max_model_len up to the last partial block).
func concurrency(r *Resolved, stage, blocks int) float64 {
	if !r.V1 {
		// V0 executor_base: num_gpu_blocks · block_size / max_model_len.
		if r.MaxModelLen <= 0 {
			return 0
		}
		return float64(blocks*max(r.BlockSize, 1)) / float64(r.MaxModelLen)
	}
	per := blocksPerRequest(r, stage)
	if per <= 0 {
		return 0
	}
	return float64(blocks) / float64(per)
}
