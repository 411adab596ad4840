package calc

// Scenario is one deployment to estimate: everything vLLM knows at startup.
type Scenario struct {
	Model            Model  `json:"model"`
	Device           Device `json:"device"`
	DeviceCount      int    `json:"device_count"`           // devices used; 0 means TP x PP
	TensorParallel   int    `json:"tensor_parallel_size"`   // 0 means 1
	PipelineParallel int    `json:"pipeline_parallel_size"` // 0 means 1
	// DataParallel is --data-parallel-size; 0 means 1. Each replica sizes
	// its memory alone, so it counts only where a rank depends on it: MoE
	// experts split over TP × DP ranks, and vllm-ascend's ACL graph cap.
	DataParallel   int          `json:"data_parallel_size,omitempty"`
	Engine         Engine       `json:"engine"`                // engine version family (behaviours as data)
	Options        Options      `json:"options"`               // launch options; unset ones resolve to Engine's defaults
	OtherProcesses Bytes        `json:"other_processes_bytes"` // memory other programs hold on each device before vLLM starts
	Calibration    *Calibration `json:"calibration,omitempty"` // measured figures that replace modelled ones
}

// Options are vLLM's launch options that change memory, by their flag names.
// A nil pointer (or empty string) means "not set": Estimate resolves it to the
// default of the engine version, device and model, and says so.
type Options struct {
	GPUMemoryUtilization *float64 `json:"gpu_memory_utilization,omitempty"`
	MaxModelLen          *int     `json:"max_model_len,omitempty"` // MaxModelLenAuto (-1): --max-model-len auto
	MaxNumSeqs           *int     `json:"max_num_seqs,omitempty"`
	MaxNumBatchedTokens  *int     `json:"max_num_batched_tokens,omitempty"`
	BlockSize            *int     `json:"block_size,omitempty"`
	EnforceEager         *bool    `json:"enforce_eager,omitempty"`
	Dtype                string   `json:"dtype,omitempty"`          // --dtype: "auto", "bfloat16", "float16"
	KVCacheDtype         string   `json:"kv_cache_dtype,omitempty"` // --kv-cache-dtype: "auto", "fp8", "fp8_e4m3", "fp8_e5m2"
	LimitImages          *int     `json:"limit_image,omitempty"`    // --limit-mm-per-prompt image
	LimitVideos          *int     `json:"limit_video,omitempty"`    // --limit-mm-per-prompt video
	MaxPixels            *int     `json:"max_pixels,omitempty"`     // --mm-processor-kwargs max_pixels
	MinPixels            *int     `json:"min_pixels,omitempty"`     // --mm-processor-kwargs min_pixels
	// MaxDynamicPatch is --mm-processor-kwargs max_dynamic_patch: the most
	// 448² tiles InternVL cuts an image into (internvit.go).
	MaxDynamicPatch    *int   `json:"max_dynamic_patch,omitempty"`
	SkipMMProfiling    *bool  `json:"skip_mm_profiling,omitempty"`
	KVCacheMemoryBytes *Bytes `json:"kv_cache_memory_bytes,omitempty"`
	// MMIPCGPUMemoryGB is --mm-ipc-gpu-memory-gb: GiB the API server keeps
	// for decoding media on the GPU, taken from the KV cache (v0.25).
	MMIPCGPUMemoryGB *float64 `json:"mm_ipc_gpu_memory_gb,omitempty"`
	// VideoBackend is the API server's video loader (--media-io-kwargs
	// '{"video": {"video_backend": ...}}' or VLLM_VIDEO_LOADER_BACKEND):
	// "pynvvideocodec" decodes on the GPU (VideoBackends); "": the CPU.
	VideoBackend string `json:"video_backend,omitempty"`
	// HWDecoders is media_io_kwargs video.hw_decoders: PyNvVideoCodec
	// decoders per API server (default 2, where the release takes it).
	HWDecoders *int `json:"hw_decoders,omitempty"`
	// APIServerCount is --api-server-count: API server processes, each
	// with its own video decoders; nil: one per data-parallel replica.
	APIServerCount *int `json:"api_server_count,omitempty"`
	// EncoderGraphs is --compilation-config cudagraph_mm_encoder: the
	// vision encoder runs from CUDA graphs of fixed token budgets
	// (vitgraphs.go); nil: off.
	EncoderGraphs *bool `json:"cudagraph_mm_encoder,omitempty"`
	// EncoderGraphBudgets and EncoderGraphItems are --compilation-config
	// encoder_cudagraph_token_budgets and
	// encoder_cudagraph_max_vision_items_per_batch (…_max_images_per_batch
	// in 0.19): the token budgets captured and the items each runs; empty
	// or nil: the model's defaults.
	EncoderGraphBudgets []int `json:"encoder_cudagraph_token_budgets,omitempty"`
	EncoderGraphItems   *int  `json:"encoder_cudagraph_max_vision_items_per_batch,omitempty"`
	// Offline is true for the offline LLM(...) class, whose batch defaults
	// differ from `vllm serve` (usage_context LLM_CLASS vs OPENAI_API_SERVER).
	Offline bool `json:"offline,omitempty"`
	// UseV1 is VLLM_USE_V1 where the version lets it choose; nil: the default.
	UseV1 *bool `json:"use_v1,omitempty"`
	// EstimateCUDAGraphs is VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS; nil: the default.
	EstimateCUDAGraphs *bool `json:"estimate_cudagraphs,omitempty"`
	// FlashInferSampler says whether V1's top-k/top-p ran in FlashInfer
	// (VLLM_USE_FLASHINFER_SAMPLER, or the log's "Using FlashInfer for
	// top-p & top-k sampling"). nil: PyTorch's sort path, the larger.
	FlashInferSampler *bool `json:"flashinfer_sampler,omitempty"`
	// ExpertParallel is --enable-expert-parallel: MoE experts are placed
	// whole on the TP × DP ranks instead of split on their width.
	ExpertParallel *bool `json:"enable_expert_parallel,omitempty"`
	// ModelRunnerV2 is VLLM_USE_V2_MODEL_RUNNER where the release makes
	// model runner V2 a default (GraphRules.MRv2); nil: the default.
	ModelRunnerV2 *bool `json:"use_v2_model_runner,omitempty"`
	// HCCLOpExpansion is the HCCL_OP_EXPANSION_MODE environment variable
	// ("AIV" changes vllm-ascend's ACL graph cap); "": not set.
	HCCLOpExpansion string `json:"hccl_op_expansion_mode,omitempty"`
	// Quantization is --quantization: online quantization of a 16-bit
	// checkpoint at load ("fp8"); "": the checkpoint's own (onlinequant.go).
	Quantization string `json:"quantization,omitempty"`
	// EnableLoRA, MaxLoRAs, MaxLoRARank and FullyShardedLoRAs are
	// --enable-lora, --max-loras, --max-lora-rank and --fully-sharded-loras
	// (lora.go).
	EnableLoRA        *bool `json:"enable_lora,omitempty"`
	MaxLoRAs          *int  `json:"max_loras,omitempty"`
	MaxLoRARank       *int  `json:"max_lora_rank,omitempty"`
	FullyShardedLoRAs *bool `json:"fully_sharded_loras,omitempty"`
}

// MaxModelLenAuto is --max-model-len auto (-1): the length is fitted to
// the KV cache (#29431, v0.14+).
const MaxModelLenAuto = -1

// Calibration holds figures measured from a real startup log of this
// deployment. Each non-nil field replaces the modelled figure.
type Calibration struct {
	Activation *Bytes `json:"activation_bytes,omitempty"` // "PyTorch activation peak memory" / "torch peak memory increase"
	NonTorch   *Bytes `json:"non_torch_bytes,omitempty"`  // "non_torch_memory"
	Graphs     *Bytes `json:"graph_bytes,omitempty"`      // "Graph capturing finished ... took X GiB"
}

// With returns o with every option that over sets (non-nil pointer,
// non-empty string, true bool) replacing o's.
func (o Options) With(over Options) Options {
	setP(&o.GPUMemoryUtilization, over.GPUMemoryUtilization)
	setP(&o.MaxModelLen, over.MaxModelLen)
	setP(&o.MaxNumSeqs, over.MaxNumSeqs)
	setP(&o.MaxNumBatchedTokens, over.MaxNumBatchedTokens)
	setP(&o.BlockSize, over.BlockSize)
	setP(&o.EnforceEager, over.EnforceEager)
	setS(&o.Dtype, over.Dtype)
	setS(&o.KVCacheDtype, over.KVCacheDtype)
	setP(&o.LimitImages, over.LimitImages)
	setP(&o.LimitVideos, over.LimitVideos)
	setP(&o.MaxPixels, over.MaxPixels)
	setP(&o.MaxDynamicPatch, over.MaxDynamicPatch)
	setP(&o.MinPixels, over.MinPixels)
	setP(&o.SkipMMProfiling, over.SkipMMProfiling)
	setP(&o.KVCacheMemoryBytes, over.KVCacheMemoryBytes)
	setP(&o.MMIPCGPUMemoryGB, over.MMIPCGPUMemoryGB)
	setS(&o.VideoBackend, over.VideoBackend)
	setP(&o.HWDecoders, over.HWDecoders)
	setP(&o.APIServerCount, over.APIServerCount)
	setP(&o.EncoderGraphs, over.EncoderGraphs)
	if len(over.EncoderGraphBudgets) > 0 {
		o.EncoderGraphBudgets = append([]int(nil), over.EncoderGraphBudgets...)
	}
	setP(&o.EncoderGraphItems, over.EncoderGraphItems)
	o.Offline = o.Offline || over.Offline
	setP(&o.UseV1, over.UseV1)
	setP(&o.EstimateCUDAGraphs, over.EstimateCUDAGraphs)
	setP(&o.FlashInferSampler, over.FlashInferSampler)
	setP(&o.ExpertParallel, over.ExpertParallel)
	setP(&o.ModelRunnerV2, over.ModelRunnerV2)
	setS(&o.HCCLOpExpansion, over.HCCLOpExpansion)
	setS(&o.Quantization, over.Quantization)
	setP(&o.EnableLoRA, over.EnableLoRA)
	setP(&o.MaxLoRAs, over.MaxLoRAs)
	setP(&o.MaxLoRARank, over.MaxLoRARank)
	setP(&o.FullyShardedLoRAs, over.FullyShardedLoRAs)
	return o
}

func setP[T any](dst **T, v *T) {
	if v != nil {
		c := *v
		*dst = &c
	}
}

func setS(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// KVCacheDtypes are the --kv-cache-dtype values calc sizes, "auto" first:
// the one list the page, the link and the parsers check against.
var KVCacheDtypes = []string{"auto", "fp8", "fp8_e4m3", "fp8_e5m2"}

// Dtypes are the --dtype values calc sizes, "auto" first (vLLM's "half" is
// float16; float32 weights are not modelled).
var Dtypes = []string{"auto", "bfloat16", "float16"}

// HCCLOpExpansionModes are the HCCL_OP_EXPANSION_MODE values CANN takes
// (CANN 8.5 environment variable reference, HCCL_OP_EXPANSION_MODE; an
// unsupported value falls back to the default). vllm-ascend tests only for
// "AIV".
var HCCLOpExpansionModes = []string{"AI_CPU", "AIV", "HOST", "HOST_TS"}

// IsOneOf reports whether s is in list.
func IsOneOf(s string, list []string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
