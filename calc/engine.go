package calc

// Engine is what one release of vLLM or vllm-ascend does to size memory,
// for one engine core (V0 or V1): the behaviours as data rather than
// version branches in code. presets builds one per release from its
// behaviour table (presets/releases.json), where every value names the
// first release it holds for and its source; Sources carries them by the
// behaviour's JSON name.
type Engine struct {
	ID       string `json:"id"`       // e.g. "vllm-0.8.3", "ascend-0.13.0rc1"
	Name     string `json:"name"`     // e.g. "vLLM 0.8.3"
	Project  string `json:"project"`  // "vllm" or "vllm-ascend"
	Version  string `json:"version"`  // the release, as logs and image tags print it: "0.8.3", "0.13.0rc1"
	Versions string `json:"versions"` // the releases that size memory the same way, e.g. "0.8.0 – 0.8.2"

	// Core is the engine core these behaviours belong to: "v0" or "v1".
	Core string `json:"core"`
	// V1 says the release's default core is V1. Alt is the release's other
	// core where VLLM_USE_V1 can select it (nil where it cannot).
	V1  bool    `json:"v1"`
	Alt *Engine `json:"-"`
	// V1MinCapability: V1 falls back to V0 on CUDA devices of a lower
	// compute capability ("Compute Capability < 8.0 is not supported by the
	// V1 Engine. Falling back to V0.", vLLM 0.8.0–0.10.1.1); 0: no limit.
	V1MinCapability float64 `json:"v1_min_capability"`
	// OnlineFP8MinCapability is Fp8Config.get_min_capability for
	// --quantization fp8 and FP8 checkpoints (8.9 from #4118 in 0.4.2,
	// 8.0 with Marlin's weight-only path from 0.5.1); 0: the release has
	// no online FP8 (onlinequant.go).
	OnlineFP8MinCapability float64 `json:"online_fp8_min_capability"`
	// V0MaxLenPerPP: V0's max_model_len check counts a worker's blocks
	// divided by the pipeline stages (raise_if_cache_size_invalid,
	// #13873, 0.8.0); before, and in vllm-ascend's own check, each worker
	// counts all of its blocks.
	V0MaxLenPerPP bool `json:"v0_max_len_per_pp"`

	// Budget.
	DefaultUtilization float64 `json:"default_utilization"` // 0.9; 0.92 from v0.21 (#38284)
	// CeilRequest: requested memory = ceil(u·T) (request_memory, v0.14+).
	CeilRequest bool `json:"ceil_request"`
	// OthersInBudget: memory held by other processes (and the own context)
	// lands in non-torch memory and so counts against u·T ("global"
	// semantics: V1 ≤0.9.0 #10528, vllm-ascend 0.9–0.17).
	OthersInBudget bool `json:"others_in_budget"`
	// StartupFreeCheck: init_device refuses to start when free memory is below
	// u·T (V1 ≥0.9.1 #18974, vllm-ascend ≥0.15 #6625).
	StartupFreeCheck bool `json:"startup_free_check"`
	// CommInBudget: NCCL/HCCL buffers are created after the baseline snapshot
	// and so count in non-torch memory (false from v0.11 #25359).
	CommInBudget bool `json:"comm_in_budget"`
	// ClampAvailable: the KV budget is clamped at 0 (vllm-ascend).
	ClampAvailable bool `json:"clamp_available"`
	// Worker310P: on a 310P the worker subtracts the non-torch memory
	// empty_cache did not clear (other programs and the own context) and
	// halves what is left for the KV cache (vllm_ascend/_310p/worker_310p.py,
	// #7372, vllm-ascend 0.18.0rc1+; calc/README.md "The 310P worker").
	Worker310P bool `json:"worker_310p"`
	// Supports310P: the release runs on a 310P at all (is_310p from
	// vllm-ascend 0.9.1rc1 #1333; not on the v0.9.1-dev branch, removed in
	// 0.12.0rc1 #4531, back in 0.14.0rc1 #5776).
	Supports310P bool `json:"supports_310p"`
	// KVInitCopy: on a 310P, initialize_kv_cache converts ND buffers to the
	// NZ layout with a copy that lives beside them: "layer" (one layer's K
	// and V at a time: 0.9.1rc1, 0.9.2rc1), "tensor" (one K or V: 0.10.0rc1,
	// 0.10.1rc1, 0.14.0rc1 in place), "all" (every raw buffer held until the
	// end: 0.10.2rc1, 0.11.0rc0–rc2); "": no copy (empty_with_format from
	// 0.15.0rc1, no cast of fp16 in 0.11.0rc3 and 0.11.0).
	KVInitCopy string `json:"kv_init_copy"`
	// GraphsInBudget: graph memory is estimated during profiling and
	// subtracted from the KV budget (v0.21 default, #38284). GraphEstimateOptIn:
	// VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS switches the estimate (from v0.17.1).
	GraphsInBudget     bool `json:"graphs_in_budget"`
	GraphEstimateOptIn bool `json:"graph_estimate_opt_in"`
	KVCacheMemoryBytes bool `json:"kv_cache_memory_bytes"` // --kv-cache-memory-bytes is honoured (v0.10.2, #21489)
	MMIPCGPUMemory     bool `json:"mm_ipc_gpu_memory"`     // --mm-ipc-gpu-memory-gb exists (reserve_mm_ipc_gpu_memory, v0.25)
	// VideoDecoders is what a GPU video backend (PyNvVideoCodec) adds to
	// that reserve per API server: VideoDecodersNone, VideoDecodersOne (one
	// retained decoder, v0.25) or VideoDecodersHW (hw_decoders, v0.28).
	VideoDecoders string `json:"video_decoders"`
	MXFP4         bool   `json:"mxfp4"` // MXFP4 experts load (gpt-oss, v0.10.1; mxfp4.go)
	// MXFP4Hopper is the MXFP4 MoE kernel on SM90: "marlin" (0.10.1, whose
	// torch 2.7 leaves out triton_kernels) or "triton" (mxfp4.go).
	MXFP4Hopper     string `json:"mxfp4_hopper"`
	SkipMMProfiling bool   `json:"skip_mm_profiling"`  // --skip-mm-profiling exists (#22950)
	AutoMaxModelLen bool   `json:"auto_max_model_len"` // --max-model-len auto (#29431)

	BlockSize int           `json:"block_size"` // default KV block size: 16 on CUDA, 128 on Ascend
	Batch     BatchDefaults `json:"batch"`
	Profile   ProfileRules  `json:"profile"`
	Graphs    GraphRules    `json:"graphs"`
	KV        KVRules       `json:"kv"`
	Texts     TextRules     `json:"texts"`

	Sources map[string]string `json:"sources"`
	// Holds names, per behaviour, the releases its value holds for
	// ("0.9.0rc1 – 0.17.0rc1"): what the explanations cite.
	Holds map[string]string `json:"holds"`
}

// Platform is the accelerator stack the release runs on: vllm-ascend on
// Ascend, vLLM on CUDA.
func (e Engine) Platform() Platform {
	if e.Project == "vllm-ascend" {
		return Ascend
	}
	return CUDA
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
	// TextAtLeastMaxLen: for text-only, non-MLA models the Ascend scheduler
	// raises max_num_batched_tokens to max_model_len (vllm-ascend 0.9.1,
	// 0.10.2rc1, 0.11.0rc0 platform.py).
	TextAtLeastMaxLen bool `json:"text_at_least_max_len"`
	// V0LongChunked is the batch V0 gives a text model of max_model_len >
	// 32768, for which it turns chunked prefill on (create_engine_config /
	// _set_default_args_v0 on CUDA: 512 up to 0.6.4.post1, 2048 from 0.6.5,
	// #10544); 0: never (Ascend, whose platform is not CUDA).
	V0LongChunked int `json:"v0_long_chunked"`
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
	// Sampler: "sort" (V1 dummy sampler on PyTorch's sort path: float32
	// sort on [reqs, vocab] with its workspace, #13594/#14508), "full" (the
	// same tensors without the sort's workspace: from 0.17.0, where a
	// Triton kernel replaces the sort, not re-read), "logits" (vllm-ascend:
	// compute_logits only), "none" (vllm-ascend 0.13.x: nothing), "v0" (V0
	// sampler on the dummy batch, with the sort's workspace).
	Sampler         string `json:"sampler"`
	DefaultMMLimit  int    `json:"default_mm_limit"`     // limit_mm_per_prompt default per modality: 1, or 999 from v0.8.4 (#15799)
	CountsFromLimit bool   `json:"mm_counts_from_limit"` // max tokens per item computed with mm_counts = limits (0.8.0–0.8.3)
	// ItemCount: how many dummy items of the largest size are profiled:
	// "v0" (each dummy sequence carries limit items of each modality), "cdiv"
	// (0.8–0.9), "floor" (0.10.0–0.10.1), "budget" (0.10.2+ MultiModalBudget).
	ItemCount string `json:"item_count"`
	// EncoderDummy: the length the V1 dummy item is built for: "batched"
	// (seq_len = max_num_batched_tokens, so a video gets the frames that
	// fit the batch) or "item" (the per-item maximum; v0.10.0, #20434).
	EncoderDummy string `json:"encoder_dummy"`
	// Qwen3Video: Qwen3-VL's per-item video maximum: "x12.5" (vLLM 0.11.0:
	// F frames at the image maximum, video-resized, × 12.5 for the
	// timestamps; qwen3video.go) or "2frames" (two frames at the video
	// processor's longest_edge / 2).
	Qwen3Video        string `json:"qwen3_video"`
	VideoFramesCap    int    `json:"video_frames_cap"`    // _MAX_FRAMES_PER_VIDEO: 16, 14 from v0.11
	VideoReserveImage bool   `json:"video_reserve_image"` // video frames computed against max_model_len minus the images (≤0.10.1)
	TieBreakByName    bool   `json:"tie_break_by_name"`   // equal-size modalities: "video" wins (≈v0.16+); else the first ("image")
	// SkipTowerWithoutMM: the vision tower is not built (so not loaded)
	// when the image and video limits are both 0.
	SkipTowerWithoutMM bool `json:"skip_tower_without_mm"`
	// V0Oversize: what V0 does when the worst-case multimodal prompt is
	// longer than the dummy sequence: "error" (Qwen2-VL's RuntimeError,
	// 0.6.4–0.6.5), "keep" (profile the whole prompt: 0.6.6's processor
	// only warns; 0.8.3+, #15673) or "drop" (a text-only dummy, no vision
	// encoder; 0.7.0–0.8.2, #11717).
	V0Oversize string `json:"v0_oversize"`
	// LegacyMM: the release's multimodal dummy data predates the
	// processors calc models (vLLM before 0.6.4: Qwen2-VL's first
	// releases were not read); a vision model is refused there rather
	// than guessed.
	LegacyMM bool `json:"legacy_mm"`
	// Qwen2VLDummy: Qwen2-VL's profile dummy before the profiler of 0.7.0
	// (multimodal.go legacyQwen2VL): "capped" (0.6.4–0.6.5,
	// dummy_data_for_qwen2_vl: max_pixels capped at 1280·28·28 unless
	// mm_processor_kwargs sets it), "merged" (0.6.6–0.6.6.post1,
	// Qwen2VLMultiModalProcessor: the processor's max_pixels); both put
	// images only in the dummy while counting a one-frame video in
	// max_mm_tokens. "" from 0.7.0.
	Qwen2VLDummy string `json:"qwen2vl_dummy"`
	// Qwen25VL and Qwen3VL: the release serves Qwen2.5-VL
	// (qwen2_5_vl.py, 0.7.2) and Qwen3-VL (qwen3_vl.py, 0.11.0).
	Qwen25VL bool `json:"qwen2_5_vl"`
	Qwen3VL  bool `json:"qwen3_vl"`
	// InternVL: how the release profiles InternVLChatModel (internvit.go):
	// "legacy" (the input pipeline's dummy data, 0.6.4–0.7.1: every image
	// at its maximum in every dummy sequence, a longer sequence kept),
	// "processor" (the merged processor, #12553, from 0.7.2), "" (not
	// served).
	InternVL string `json:"internvl"`
	// LoRAUncounted: V0 allocates the LoRA slots outside the memory it
	// profiles, so the KV budget does not subtract them (#10511 to
	// #14469; lora.go).
	LoRAUncounted bool `json:"lora_uncounted"`
	// LoRAQwen3Embeddings: Qwen3 wraps embed_tokens and lm_head for LoRA
	// (its embedding_modules, #29816).
	LoRAQwen3Embeddings bool `json:"lora_qwen3_embeddings"`
	// InternVLVideo: InternVL takes videos where its decoder has a video
	// token (#18499; Vision.VideoLLM).
	InternVLVideo bool `json:"internvl_video"`
	// FlashInferSampler: V1's top-k/top-p can run in FlashInfer's
	// top_k_top_p_sampling_from_logits (#18608); before it the sort runs
	// whatever is installed.
	FlashInferSampler bool `json:"flashinfer_sampler"`
	// LoRAMistralEmbeddings: Mistral, served by the Llama class, wraps
	// embed_tokens and lm_head for LoRA (until #32780).
	LoRAMistralEmbeddings bool `json:"lora_mistral_embeddings"`
	// LoRAExtraVocab is lora_extra_vocab_size's rows (256) in the wrapped
	// embeddings and heads, 0 from #28545.
	LoRAExtraVocab int `json:"lora_extra_vocab"`
	// Gemma3: the release serves Gemma 3's vision model
	// (Gemma3ForConditionalGeneration, SigLIP tower; siglip.go).
	Gemma3 bool `json:"gemma3"`
	// Mistral3: the release serves Mistral Small 3.1 / 3.2's vision model
	// (Mistral3ForConditionalGeneration, Pixtral tower; pixtral.go).
	Mistral3 bool `json:"mistral3"`
	// MiniCPMV: the release serves MiniCPM-V 2.6 with the V1 profile calc
	// models (the merged processor, 16-frame videos; minicpmv.go).
	MiniCPMV bool `json:"minicpmv"`
	// Glm4v: the release serves GLM-4.1V (Glm4vForConditionalGeneration;
	// glm4v.go). Glm4vMinFrames: its dummy video has at least 2 frames
	// (#30285); before, a 1-frame dummy stops the profile run.
	Glm4v          bool `json:"glm4v"`
	Glm4vMinFrames bool `json:"glm4v_min_frames"`
	// Glm4vDummy: "" sizes the dummy image for 16 frames under the
	// hardcoded 28·28·2·30000 px and adds video frames while they fit;
	// "image" (#34483) sizes it, and the image reserve, at one frame under
	// the image processor's longest_edge; "processor" (#48729) also takes
	// the frame count with the most tokens.
	Glm4vDummy string `json:"glm4v_dummy"`
	// LlavaOV: the release serves LLaVA-OneVision with the dummy image
	// calc models (LlavaOnevisionForConditionalGeneration; llavaov.go).
	LlavaOV bool `json:"llava_onevision"`
	// Qwen3Omni: the release serves Qwen3-Omni's thinker
	// (Qwen3OmniMoeForConditionalGeneration; audio.go).
	Qwen3Omni bool `json:"qwen3_omni"`
	// AudioTP: "" every rank holds Qwen3-Omni's whole HF audio tower;
	// "split" (#32167) vLLM's own tower is split by tensor parallelism and
	// asserts that TP divides its heads; "split-or-whole" (#50858) keeps it
	// whole where TP does not.
	AudioTP string `json:"audio_tp"`
	// NemotronNAS: the release serves Nemotron-NAS decoders
	// (DeciLMForCausalLM with block_configs; nas.go).
	NemotronNAS bool `json:"nemotron_nas"`
	// MRopeRows: the multiple of max_position_embeddings MRotaryEmbedding's
	// cos/sin cache keeps (rope.go): 1, then 4 from #12604.
	MRopeRows int `json:"mrope_rows"`
	// PadVisionHeads: vllm-ascend's own Qwen2-VL / Qwen2.5-VL classes pad
	// the vision attention's heads to 128 in the weights (visionquant.go).
	PadVisionHeads bool `json:"pad_vision_heads"`
	// Mllama: the release serves Llama 3.2 Vision
	// (MllamaForConditionalGeneration) on its V0 encoder–decoder runner,
	// V0 only (SupportsV0Only; mllama.go).
	Mllama bool `json:"mllama"`
	// Qwen35: the release serves Qwen3.5 and Qwen3.6 (Qwen3_5ForConditionalGeneration,
	// Qwen3_5MoeForConditionalGeneration): gated DeltaNet layers and the Qwen3-VL tower.
	Qwen35 bool `json:"qwen3_5"`
	// V0FramesRoundOdd: an odd dummy frame count is rounded up by one
	// (the transformers #35412 workaround, ≤0.7.2; padded from #13148).
	V0FramesRoundOdd bool `json:"v0_frames_round_odd"`
}

// GraphRules say which CUDA/ACL graphs are captured.
type GraphRules struct {
	// Capture: "none" (eager only), "v0" (decode graphs [1,2,4]+8i up to
	// max_num_seqs), "v0-256" (the same, never above 256: up to 0.6.4.post1),
	// "v1" (the piecewise capture list).
	Capture string `json:"capture"`
	// MaxSize is the largest V1 capture size: "512", "2seqs"
	// (min(2·max_num_seqs, 512); v0.10, #20628) or "1seqs" (min(max_num_seqs,
	// 512); vllm-ascend 0.18).
	MaxSize string `json:"max_size"`
	// Step16From: above this size the list steps by 16 (256 from v0.11.1, #26016); 0: always 8.
	Step16From int `json:"step16_from"`
	// StreamCap is vllm-ascend's hardware stream budget for ACL graphs
	// (update_aclgraph_sizes: 1920, 1800 from 0.10.2rc1); 0: no cap.
	StreamCap int `json:"stream_cap"`
	// StreamRule is the formula update_aclgraph_sizes turns the streams
	// into a capture-size count with (graphs.go aclMaxSizes): "v0.9",
	// "v0.10.1" (FFTS+ default and an AIV branch), "v0.10.2" (AIV: MoE
	// counts DP), "v0.11" (AIV: dense models reserve streams).
	StreamRule       string `json:"stream_rule"`
	FullAndPiecewise bool   `json:"full_and_piecewise"` // FULL_AND_PIECEWISE default (vLLM 0.11, vllm-ascend 0.21)
	// MRv2 names the models model runner V2 runs by default: "" (none),
	// "qwen3" (Qwen3 dense, v0.22 #39337), "qwen3-llama-mistral" (v0.23
	// #43458), "dense" (every model without experts, v0.25 #44443).
	MRv2 string `json:"mrv2"`
	// MRv2Estimate: MRv2's profile_cudagraph_memory measures the graphs;
	// false: it returns 0 (#36520), so nothing is subtracted however the
	// estimate is switched.
	MRv2Estimate bool `json:"mrv2_estimate"`
	// Encoder is how cudagraph_mm_encoder's graphs hold memory
	// (vitgraphs.go): EncoderGraphsNone, EncoderGraphsPrivate (0.19.0) or
	// EncoderGraphsPooled (#41714, 0.23.0).
	Encoder string `json:"encoder"`
	// EncoderTowers lists, comma-separated, the model families whose
	// tower implements SupportsEncoderCudaGraph ("qwen3_vl,qwen3_vl_moe"
	// at 0.19.0; Qwen2.5-VL from 0.22.0, Qwen2-VL from 0.23.0).
	EncoderTowers string `json:"encoder_towers"`
}

// RunsMRv2 reports whether this release runs m on model runner V2 by default.
func (g GraphRules) RunsMRv2(m *Model) bool {
	dense := m.Text.Experts == 0
	switch g.MRv2 {
	case "qwen3":
		return dense && m.Family == "qwen3"
	case "qwen3-llama-mistral":
		return dense && (m.Family == "qwen3" || m.Family == "llama" || m.Family == "mistral")
	case "dense":
		return dense
	}
	return false
}

// KVRules say how the KV cache manager lays out layers of different
// attention kinds (kvlayout.go; calc/README.md "Sliding-window layers").
type KVRules struct {
	// Hybrid: the hybrid KV cache manager gives sliding-window layers groups
	// of their own that keep only the window (#17996, vLLM 0.9.1;
	// vllm-ascend from 0.10.2rc1, whose platform first supports it); false:
	// every layer is sized as full attention (V0, and
	// unify_hybrid_kv_cache_specs in V1 before it).
	Hybrid bool `json:"hybrid"`
	// NeedByGroups: a request's need (the max-len check and
	// estimate_max_model_len) is group size × the groups' needs, padding
	// layers included (_max_memory_usage_bytes_from_groups, #36030,
	// v0.19.0); false: the sum over layers.
	NeedByGroups bool `json:"need_by_groups"`
	// MambaAlign is how the attention block is sized to hold a gated
	// DeltaNet state (linearattn.go): "" (the release cannot run such a
	// model), "16" (HybridAttentionMambaModelConfig, vLLM 0.10.2),
	// "16-sm100" (32 on SM100 with head 256, ≈0.11.1), "backend" (a
	// multiple of the block size, Platform._align_hybrid_block_size,
	// 0.18.2), "ascend-64", "ascend-128" (vllm-ascend's patch_mamba_config),
	// "ascend-ssm" (the ssm part fills the K half of a block, #6887).
	MambaAlign string `json:"mamba_align"`
	// HybridInitCopies is how many more buffers of the KV cache's size
	// vllm-ascend allocates for a hybrid decoder at KV init (each gated
	// DeltaNet group and the attention layer their own: 3 up to 0.11.0,
	// 1 in 0.12–0.15; 0 from #6887).
	HybridInitCopies int `json:"hybrid_init_copies"`
	// MLA: DeepSeek-style models cache the compressed latent (mla.go);
	// false: K and V per head, as before vLLM's MLA backend (0.7.1).
	MLA bool `json:"mla"`
}

// TextRules select the exact wording of the messages and log lines this
// release prints (see logs.go and checks.go for the variants).
type TextRules struct {
	WeightsLog  string `json:"weights_log"`   // "loading-gb", "model-loading-gb", "model-loading-gib", "model-loading-gib-memory", "model-loading-gib-round"
	ProfileLog  string `json:"profile_log"`   // "v0-block", "none", "v1-available", "v1-available-round", "ascend-raw", "ascend-raw-float", "ascend-available"
	MaxLenError string `json:"max_len_error"` // "v0", "v1-0.7", "v1-0.8.4", "v1-0.14", "v1-0.23"
	FreeCheck   string `json:"free_check"`    // "", "v0.9.1", "v0.14" (with device name), "ascend"
	BlocksLog   string `json:"blocks_log"`    // "v0-gpu-noconc" (≤0.6.2), "v0-gpu" (≤0.6.6.post1), "v0-cuda", "v0-npu", "v1-tokens", "v1-combined"
	// LedgerLog is the INFO line with the whole ledger and the two
	// --kv-cache-memory suggestions: "" (none at INFO), "v0.10.2", "v0.26"
	// (#47374), "consumed" (#49208), "ascend" (vllm-ascend #8289).
	LedgerLog    string `json:"ledger_log"`
	DocsLinkTail bool   `json:"docs_link_tail"` // error texts end with the conserving_memory docs link (≈v0.13+)
	GraphLog     string `json:"graph_log"`      // "secs": "Graph capturing finished in X secs." without its memory (≤0.6.3.post1); else with "took X GiB"
}

// Cores lists the engine cores a release can run: the default first.
func (e *Engine) Cores() []*Engine {
	if e.Alt != nil {
		return []*Engine{e, e.Alt}
	}
	return []*Engine{e}
}
