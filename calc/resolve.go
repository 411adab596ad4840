package calc

// Resolved is a Scenario with every option resolved to the value vLLM would
// use, and where each value came from. Estimate builds it first; every cost
// function reads it.
type Resolved struct {
	Scenario

	TP, PP, Devices int
	V1              bool // engine that runs (V1, or V0 where chosen/forced)
	// CoreFallback: V1 fell back to V0 because the device's compute
	// capability is below what the release's V1 needs.
	CoreFallback bool

	Utilization         float64
	MaxModelLen         int
	MaxNumSeqs          int
	MaxNumBatchedTokens int
	BlockSize           int
	EnforceEager        bool
	Dtype               string // weight/activation dtype after "auto": "bfloat16" or "float16"
	KVBytes             int    // bytes per KV element: 2, or 1 for fp8
	LimitImages         int
	LimitVideos         int
	MinPixels           int // image processor bounds after mm_processor_kwargs
	MaxPixels           int
	SkipMMProfiling     bool
	GraphsInBudget      bool // graph memory estimated and subtracted (v0.21, or the opt-in)
	// HalveKV: the 310P worker runs (Engine.Worker310P on a 310P device):
	// others and the own context count in the budget, and the KV cache gets
	// half of what is left.
	HalveKV bool
	// AutoMaxModelLen: --max-model-len auto; MaxModelLen is the fitted length.
	AutoMaxModelLen bool
	AutoFrom        int // the model's length before the fit

	// Origins says, per option flag name ("gpu-memory-utilization",
	// "max-model-len", ...), where the value came from.
	Origins map[string]Origin
}

// Origin is where a resolved value came from.
type Origin struct {
	Set  bool   // the user set it
	Note string // e.g. "default for vllm-ascend 0.11 (vllm_ascend/platform.py)"
}

// HeadSize is the attention head size: head_dim if config.json states it,
// else hidden_size / num_attention_heads (ModelConfig.get_head_size).
func (t TextConfig) HeadSize() int {
	if t.HeadDim > 0 {
		return t.HeadDim
	}
	if t.Heads <= 0 {
		return 0
	}
	return t.Hidden / t.Heads
}

// KVHeadsPerRank is max(1, kv_heads / tp): KV heads are split across tensor
// parallel ranks, and replicated when there are fewer heads than ranks
// (ModelConfig.get_num_kv_heads).
func (t TextConfig) KVHeadsPerRank(tp int) int {
	if tp <= 0 {
		tp = 1
	}
	if n := t.KVHeads / tp; n > 1 {
		return n
	}
	return 1
}
