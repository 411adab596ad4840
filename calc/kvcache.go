package calc

// KV-cache arithmetic for full-attention decoders (calc/README.md "The KV cache"). Sliding-window
// and hybrid layouts are not modelled: every layer stores every token.

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
	t := r.Model.Text
	return Bytes(2 * r.BlockSize * t.KVHeadsPerRank(r.TP) * t.HeadSize() * r.KVBytes)
}

// BytesPerToken is the KV bytes one token takes on one rank of stage
// `stage`, over all its layers.
func BytesPerToken(r *Resolved, stage int) Bytes {
	t := r.Model.Text
	return Bytes(2*t.KVHeadsPerRank(r.TP)*t.HeadSize()*r.KVBytes) * Bytes(stageLayers(t.Layers, r.PP, stage))
}

// blockBytes is one block over all layers of a stage.
func blockBytes(r *Resolved, stage int) Bytes {
	return pageBytes(r) * Bytes(stageLayers(r.Model.Text.Layers, r.PP, stage))
}

// kvBlocks is floor(KV / (page · layers)) (kv_cache_utils.py
// _get_kv_cache_config_uniform_type; V0 determine_num_available_blocks).
func kvBlocks(r *Resolved, stage int, kv Bytes) int {
	bb := blockBytes(r, stage)
	if kv <= 0 || bb <= 0 {
		return 0
	}
	return int(kv / bb)
}

// requestBytes is the KV one request of `length` tokens needs on one rank:
// ceil(length / block_size) · page · layers (FullAttentionSpec.max_memory_usage_bytes).
func requestBytes(r *Resolved, stage, length int) Bytes {
	bs := max(r.BlockSize, 1)
	return Bytes((length+bs-1)/bs) * blockBytes(r, stage)
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
// blocks / ceil(max_model_len / block_size)
// (get_max_concurrency_for_kv_cache_config; equal to tokens / max_model_len
// up to the last partial block).
func concurrency(r *Resolved, blocks int) float64 {
	bs := max(r.BlockSize, 1)
	per := (r.MaxModelLen + bs - 1) / bs
	if per <= 0 {
		return 0
	}
	if !r.V1 {
		// V0 executor_base: num_gpu_blocks · block_size / max_model_len.
		return float64(blocks*bs) / float64(r.MaxModelLen)
	}
	return float64(blocks) / float64(per)
}
