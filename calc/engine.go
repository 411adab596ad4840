package calc

// Engine is one engine version family: the behaviours that size memory, as
// data rather than version branches in code. Families are loaded from
// presets/engines.json; Sources names, per behaviour (by its JSON name), the
// file, PR or release that established it.
type Engine struct {
	ID       string `json:"id"`       // e.g. "vllm-0.8.0", "ascend-0.9"
	Name     string `json:"name"`     // e.g. "vLLM 0.8.0 – 0.8.3"
	Project  string `json:"project"`  // "vllm" or "vllm-ascend"
	Version  string `json:"version"`  // representative version printed in logs and commands, e.g. "0.8.3"
	Versions string `json:"versions"` // the range the family covers, e.g. "0.8.0 – 0.8.3"

	// Engine core. V1 is the default engine; V0Available says VLLM_USE_V1=0 may choose V0.
	V1          bool `json:"v1"`
	V0Available bool `json:"v0_available"`

	// Budget.
	DefaultUtilization float64 `json:"default_utilization"` // 0.9; 0.92 from v0.21 (#38284)
	// OthersInBudget: memory held by other processes (and the own context)
	// lands in non-torch memory and so counts against u·T ("global"
	// semantics: V1 ≤0.9.0 #10528, vllm-ascend 0.9–0.14).
	OthersInBudget bool `json:"others_in_budget"`
	// StartupFreeCheck: init_device refuses to start when free memory is below
	// u·T (V1 ≥0.9.1 #18974, vllm-ascend ≥0.15 #6625).
	StartupFreeCheck bool `json:"startup_free_check"`
	// CommInBudget: NCCL/HCCL buffers are created after the baseline snapshot
	// and so count in non-torch memory (false from v0.11 #25359).
	CommInBudget bool `json:"comm_in_budget"`
	// ClampAvailable: the KV budget is clamped at 0 and logged as
	// "Available memory: 0, total memory: ..." (vllm-ascend ≤0.14).
	ClampAvailable bool `json:"clamp_available"`
	// GraphsInBudget: CUDA-graph memory is estimated during profiling and
	// subtracted from the KV budget (v0.21 default, #38284). GraphEstimateOptIn:
	// the estimate exists but needs VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS=1.
	GraphsInBudget     bool `json:"graphs_in_budget"`
	GraphEstimateOptIn bool `json:"graph_estimate_opt_in"`
	KVCacheMemoryBytes bool `json:"kv_cache_memory_bytes"` // --kv-cache-memory-bytes exists (v0.10.2, #21489)
	SkipMMProfiling    bool `json:"skip_mm_profiling"`     // --skip-mm-profiling exists (#22950)

	BlockSize int           `json:"block_size"` // default KV block size: 16 on CUDA, 128 on Ascend
	Batch     BatchDefaults `json:"batch"`
	Profile   ProfileRules  `json:"profile"`
	Graphs    GraphRules    `json:"graphs"`
	Texts     TextRules     `json:"texts"`

	Sources map[string]string `json:"sources"`
}

// BatchDefaults are the scheduler defaults that size the dummy batch
// (vllm/engine/arg_utils.py _set_default_args_v0/_v1, get_batch_defaults).
type BatchDefaults struct {
	// Large selects the "large device" row: "none" (never; also Ascend, whose
	// get_device_total_memory raises), "name-h100" (device name has h100/h200;
	// 0.8.0–0.8.4), "mem70" (≥70 GiB; 0.8.5), "mem70-not-a100" (≥0.9.0).
	Large string    `json:"large"`
	Small BatchSize `json:"small"`
	Big   BatchSize `json:"big"`
	// V0: chunked prefill is off for multimodal models, so
	// max_num_batched_tokens = max(max_model_len, MMFloor).
	V0      bool `json:"v0"`
	MMFloor int  `json:"mm_floor"` // 5120
}

// BatchSize is one row of batch defaults.
type BatchSize struct {
	Seqs          int `json:"max_num_seqs"`
	TokensServe   int `json:"max_num_batched_tokens_serve"` // usage context OPENAI_API_SERVER
	TokensOffline int `json:"max_num_batched_tokens_llm"`   // usage context LLM_CLASS
}

// ProfileRules say what the profile run measures (gpu_model_runner.py
// profile_run, multimodal/profiling.py, encoder budget).
type ProfileRules struct {
	EncoderProfiled bool `json:"encoder_profiled"` // vision encoder runs in profile_run (false: vllm-ascend 0.9–0.12)
	// Sampler: "full" (V1 dummy sampler: float32 sort on [reqs, vocab], #13594/#14508),
	// "logits" (vllm-ascend: compute_logits only), "v0" (V0 sampler on the dummy batch).
	Sampler         string `json:"sampler"`
	DefaultMMLimit  int    `json:"default_mm_limit"`     // limit_mm_per_prompt default per modality: 1, or 999 from v0.8.4 (#15799)
	CountsFromLimit bool   `json:"mm_counts_from_limit"` // max tokens per item computed with mm_counts = limits (0.8.0–0.8.3)
	// ItemCount: how many dummy items of the largest size are profiled:
	// "v0" (each dummy sequence carries limit items of each modality), "cdiv"
	// (0.8–0.9), "floor" (0.10.0–0.10.1), "budget" (0.10.2+ MultiModalBudget).
	ItemCount         string `json:"item_count"`
	VideoFramesCap    int    `json:"video_frames_cap"`    // _MAX_FRAMES_PER_VIDEO: 16, 14 from v0.11
	VideoReserveImage bool   `json:"video_reserve_image"` // video frames computed against max_model_len minus one image (0.8–0.10.1)
	TieBreakByName    bool   `json:"tie_break_by_name"`   // equal-size modalities: "video" wins (≈v0.16+); else the first ("image")
	// SkipTowerWithoutMM: the vision tower is not built (so not loaded)
	// when the image and video limits are both 0 (Qwen2.5-VL/Qwen3-VL
	// __init__: `if get_limit_per_prompt("image") or ...("video")`, newer V1).
	SkipTowerWithoutMM bool `json:"skip_tower_without_mm,omitempty"`
}

// GraphRules say how many CUDA/ACL graphs are captured and in which mode.
type GraphRules struct {
	// Sizes: "v0" ([1,2,4]+8i up to max_num_seqs), "v1-512" ([1,2,4]+range(8,513,8)),
	// "v1-2seqs" (max min(2·seqs, 512), step 8; v0.10), "v1-2seqs-16" (step 16 above 256; v0.11.1+),
	// "acl" (Ascend stream limit, update_aclgraph_sizes), "none" (eager only).
	Sizes            string `json:"sizes"`
	FullAndPiecewise bool   `json:"full_and_piecewise"` // FULL_AND_PIECEWISE default (v0.11+)
}

// TextRules select the exact wording of the messages and log lines this
// family prints (see logs.go and checks.go for the variants).
type TextRules struct {
	WeightsLog   string `json:"weights_log"`    // "loading-gb", "model-loading-gb", "model-loading-gib", "model-loading-gib-memory", "model-loading-gib-round"
	ProfileLog   string `json:"profile_log"`    // "v0-block" (Memory profiling takes ...), "none", "v1-available", "ascend-raw", "ascend-available"
	MaxLenError  string `json:"max_len_error"`  // "v0", "v1-0.7", "v1-0.8.4", "v1-0.13", "v1-0.14"
	FreeCheck    string `json:"free_check"`     // "", "v0.9.1", "v0.13" (with device name), "ascend"
	BlocksLog    string `json:"blocks_log"`     // "v0-cuda", "v0-npu", "v1-tokens"
	DocsLinkTail bool   `json:"docs_link_tail"` // error texts end with the conserving_memory docs link (≈v0.13+)
}
