package calc

import "strconv"

// --max-model-len auto (vLLM #29431, v0.14+; calc/README.md "Auto-fit"):
// after profiling, _auto_fit_max_model_len binary-searches the largest
// length whose KV need fits what every worker has for the cache, and the
// engine runs with it. It happens before check_enough_kv_cache_memory, so
// the max-len check then passes.

// autoFit fits r.MaxModelLen to the smallest rank's KV cache and updates
// the per-rank figures that depend on it. It returns the log line.
func autoFit(r *Resolved, ranks []RankEstimate) LogLine {
	from := r.MaxModelLen
	r.AutoFrom = from
	fit := from
	var avail Bytes
	for i := range ranks {
		fit = min(fit, estimateMaxLen(r, ranks[i].Stage, ranks[i].KV))
		if i == 0 || ranks[i].KV < avail {
			avail = ranks[i].KV
		}
	}
	if fit <= 0 {
		// Not even one block fits: the no-memory check stops the launch.
		return LogLine{}
	}
	r.MaxModelLen = fit
	for i := range ranks {
		k := &ranks[i]
		k.RequestBytes = requestBytes(r, k.Stage, fit)
		k.MaxLen = estimateMaxLen(r, k.Stage, k.KV)
		k.Concurrency = concurrency(r, k.Stage, k.Blocks)
	}
	src := "vllm/v1/core/kv_cache_utils.py"
	if fit == from {
		return LogLine{Source: src, Text: "Auto-fit max_model_len: full model context length " + strconv.Itoa(from) + " fits in available GPU memory"}
	}
	return LogLine{Source: src, Text: "Auto-fit max_model_len: reduced from " + strconv.Itoa(from) + " to " + strconv.Itoa(fit) +
		" to fit in available GPU memory (" + pyGiB(avail) + " GiB available for KV cache)"}
}
