package calc

import (
	"fmt"
	"strconv"
	"strings"
)

// Resolved is a Scenario with every option resolved to the value vLLM would
// use, and where each value came from. Estimate builds it first; every cost
// function reads it.
type Resolved struct {
	Scenario

	TP, PP, Devices int
	DP              int  // data-parallel replicas (each sizes its memory alone)
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
	MaxDynamicPatch     int // InternVL's tiles an image at most, after mm_processor_kwargs (0: no tiling)
	// LoRA slots (lora.go): --enable-lora, --max-loras, --max-lora-rank,
	// --fully-sharded-loras.
	LoRA                  bool
	MaxLoRAs, MaxLoRARank int
	FullyShardedLoRAs     bool
	SkipMMProfiling       bool
	FlashInferSampler     bool // V1's dummy sampler runs top-k/top-p in FlashInfer (activation.go samplerFlashInfer)
	GraphsInBudget        bool // graph memory estimated and subtracted (v0.21, or the opt-in)
	MRv2NoEstimate        bool // model runner V2 runs and estimates the graphs at 0 (GraphRules.MRv2)
	// MMIPC is what the API servers' GPU media decoding takes from the KV
	// cache (mmipc.go): the raw-frame budget MMIPCRaw and the video
	// decoders' MMIPCDecoder, APIServers × (HWDecoders × 128 MiB + 1.8 GiB).
	MMIPC, MMIPCRaw, MMIPCDecoder Bytes
	APIServers, HWDecoders        int
	// Hybrid decoders (linearattn.go): the attention block size vLLM set
	// for the state (0: none set), one layer's state, and the page both
	// specs are padded to where it differs from block · bytes per token.
	MambaBlockSet int
	MambaState    Bytes
	PagePadded    Bytes
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

// Origin is where a resolved value came from: set by the user, or why it
// has its default, as a Reason the page words (OriginKeys).
type Origin struct {
	Set bool // the user set it
	Why Reason
}

// Origin keys: why an unset option has its value.
const (
	OriginRelease    = "origin.release"     // the release's default
	OriginModelLen   = "origin.model-len"   // max_position_embeddings with the rope scaling
	OriginPlatform   = "origin.platform"    // the platform's default
	OriginOff        = "origin.off"         // off unless set
	OriginDtype      = "origin.dtype"       // the checkpoint's torch_dtype (float16 without bf16)
	OriginKVDtype    = "origin.kv-dtype"    // the model's dtype
	OriginProcessor  = "origin.processor"   // the model's preprocessor_config.json
	OriginKVBytes    = "origin.kv-bytes"    // unset: the KV cache is sized from the utilization
	OriginBatchV0    = "origin.batch-v0"    // V0's scheduler defaults
	OriginBatchV1    = "origin.batch-v1"    // the release's row for this device and entry point
	OriginBatchText  = "origin.batch-text"  // the Ascend scheduler raises it to max_model_len
	OriginCoreFall   = "origin.core-fall"   // V1 falls back to V0 on this device
	OriginCoreChosen = "origin.core-chosen" // VLLM_USE_V1 picks the other core
	OriginModelV0    = "origin.model-v0"    // the model is served by V0 only
	OriginFixedImage = "origin.fixed-image" // the processor resizes every image to fixed tiles
	// OriginCheckpointQuant: the checkpoint's own quantization_config (or none).
	OriginCheckpointQuant = "origin.checkpoint-quant"
	OriginSingle          = "origin.single"       // a parallel size: 1 unless set
	OriginDevices         = "origin.devices"      // the device count: TP × PP × DP
	OriginHCCL            = "origin.hccl"         // unset: CANN's default unfolding
	OriginConfigTiles     = "origin.config-tiles" // InternVL's max_dynamic_patch in config.json
	OriginNoTiles         = "origin.no-tiles"     // the model does not tile images
	OriginLoRADefault     = "origin.lora-default" // LoRAConfig's default (1 slot, rank 16)
	OriginAPIServers      = "origin.api-servers"  // one API server per data-parallel replica
	// OriginEncoderBudgets: powers of two from the model's least budget to min(max_num_batched_tokens, max_model_len).
	OriginEncoderBudgets = "origin.encoder-budgets"
)

// OriginKeys lists every origin key calc writes.
var OriginKeys = []string{OriginRelease, OriginModelLen, OriginPlatform, OriginOff, OriginDtype, OriginKVDtype,
	OriginProcessor, OriginKVBytes, OriginBatchV0, OriginBatchV1, OriginBatchText, OriginCoreFall, OriginCoreChosen, OriginModelV0, OriginFixedImage, OriginCheckpointQuant,
	OriginSingle, OriginDevices, OriginHCCL, OriginConfigTiles, OriginNoTiles, OriginLoRADefault, OriginAPIServers, OriginEncoderBudgets}

// Resolve validates s and resolves every unset option to the value the
// release, device and model give it (calc/README.md "The budget"),
// recording in Origins where each value came from.
func Resolve(s Scenario) (Resolved, error) {
	if err := onlineQuant(&s); err != nil {
		return Resolved{}, err
	}
	if err := validate(&s); err != nil {
		return Resolved{}, err
	}
	r := Resolved{Scenario: s, Origins: map[string]Origin{}}
	r.TP, r.PP, r.DP = max(s.TensorParallel, 1), max(s.PipelineParallel, 1), max(s.DataParallel, 1)
	r.Devices = s.DeviceCount
	if r.Devices == 0 {
		r.Devices = r.TP * r.PP * r.DP
	}
	r.origin("device-count", s.DeviceCount > 0, OriginDevices)
	r.origin("tensor-parallel-size", s.TensorParallel > 0, OriginSingle)
	r.origin("pipeline-parallel-size", s.PipelineParallel > 0, OriginSingle)
	r.origin("data-parallel-size", s.DataParallel > 0, OriginSingle)
	r.origin("enable-expert-parallel", s.Options.ExpertParallel != nil, OriginOff)
	r.origin("hccl-op-expansion-mode", s.Options.HCCLOpExpansion != "", OriginHCCL)
	if err := r.resolveCore(); err != nil {
		return Resolved{}, err
	}
	if err := r.resolveLength(); err != nil {
		return Resolved{}, err
	}
	resolveBatch(&r)
	r.resolveCache()
	if err := r.alignMamba(); err != nil {
		return Resolved{}, err
	}
	if err := r.resolveMM(); err != nil {
		return Resolved{}, err
	}
	if err := legacyQwen2VLFits(&r); err != nil {
		return Resolved{}, err
	}
	if err := glm4vFits(&r); err != nil {
		return Resolved{}, err
	}
	if err := r.resolveLoRA(); err != nil {
		return Resolved{}, err
	}
	r.resolveGraphs()
	return r, nil
}

// origin records where the value of flag comes from.
func (r *Resolved) origin(flag string, user bool, key string, kv ...string) {
	if user {
		r.Origins[flag] = Origin{Set: true}
		return
	}
	r.Origins[flag] = Origin{Why: Reason{Key: key, Args: args(kv...)}}
}

// release names the release for an origin, with the releases it stands for.
func (r *Resolved) release() string {
	e := r.Engine
	if e.Versions != "" && e.Versions != e.Version {
		return e.Name + " (" + e.Versions + ")"
	}
	return e.Name
}

// resolveCore picks the engine core (the release's default, the other one
// where VLLM_USE_V1 selects it, V1's fall-back to V0 below its compute
// capability) and the utilization.
func (r *Resolved) resolveCore() error {
	o := r.Options
	core, key, err := pickCore(&r.Scenario)
	if err != nil {
		return err
	}
	r.CoreFallback = key == OriginCoreFall
	name, need := r.Engine.Name, r.Engine.V1MinCapability
	r.Scenario.Engine = *core
	r.V1 = core.Core == "v1"
	r.origin("use-v1", o.UseV1 != nil, key, "release", name, "core", strings.ToUpper(core.Core),
		"need", strconv.FormatFloat(need, 'f', 1, 64),
		"cc", strconv.FormatFloat(r.Device.ComputeCapability, 'f', 1, 64))
	r.Utilization = r.Engine.DefaultUtilization
	if o.GPUMemoryUtilization != nil {
		r.Utilization = *o.GPUMemoryUtilization
	}
	r.origin("gpu-memory-utilization", o.GPUMemoryUtilization != nil, OriginRelease, "release", r.release())
	return nil
}

// resolveLength is max_model_len: the model's derived length, the user's
// (never above it), or auto.
func (r *Resolved) resolveLength() error {
	o := r.Options
	derived := derivedMaxLen(r.Model.Text)
	r.MaxModelLen = derived
	r.AutoMaxModelLen = o.MaxModelLen != nil && *o.MaxModelLen == MaxModelLenAuto
	if o.MaxModelLen != nil && !r.AutoMaxModelLen {
		if *o.MaxModelLen > derived {
			// ModelConfig._get_and_verify_max_len raises without VLLM_ALLOW_LONG_MAX_MODEL_LEN.
			return fmt.Errorf("max_model_len: %d is greater than the derived max_model_len (%d) of the model", *o.MaxModelLen, derived)
		}
		r.MaxModelLen = *o.MaxModelLen
	}
	r.origin("max-model-len", o.MaxModelLen != nil, OriginModelLen)
	return nil
}

// resolveCache is the block size, eager mode, the weights' and the KV
// cache's dtypes.
func (r *Resolved) resolveCache() {
	o, e := r.Options, r.Engine
	r.BlockSize = e.BlockSize
	if o.BlockSize != nil {
		r.BlockSize = *o.BlockSize
	}
	r.origin("block-size", o.BlockSize != nil, OriginPlatform)
	if o.EnforceEager != nil {
		r.EnforceEager = *o.EnforceEager
	}
	r.origin("enforce-eager", o.EnforceEager != nil, OriginOff)
	r.Dtype = resolveDtype(o.Dtype, r.Model.Dtype, r.Device.BF16)
	r.origin("dtype", o.Dtype != "" && o.Dtype != "auto", OriginDtype)
	method := "none"
	if q := r.Model.Quant; q != nil {
		method = q.Method
	}
	r.origin("quantization", o.Quantization != "", OriginCheckpointQuant, "method", method)
	r.KVBytes = 2
	if strings.HasPrefix(o.KVCacheDtype, "fp8") {
		r.KVBytes = 1
	}
	r.origin("kv-cache-dtype", o.KVCacheDtype != "" && o.KVCacheDtype != "auto", OriginKVDtype)
	r.origin("kv-cache-memory-bytes", o.KVCacheMemoryBytes != nil && e.KVCacheMemoryBytes, OriginKVBytes)
	r.resolveMMIPC()
}

// resolveMM is the multimodal limits and the processor's pixel bounds.
func (r *Resolved) resolveMM() error {
	o, e := r.Options, r.Engine
	if r.Model.Vision != nil {
		r.LimitImages, r.LimitVideos = e.Profile.DefaultMMLimit, e.Profile.DefaultMMLimit
		if o.LimitImages != nil {
			r.LimitImages = *o.LimitImages
		}
		if o.LimitVideos != nil {
			r.LimitVideos = *o.LimitVideos
		}
		if k := visionKind(&r.Model); k == vitIntern && e.Profile.InternVLVideo && r.Model.Vision.VideoLLM && r.LimitVideos > 0 {
			return refuse("limit-mm-per-prompt-video: InternVL's video input (#18499, %s, for an InternVL whose LLM has a video token) is not modelled: the profile run may encode a video of up to max_model_len / 256 frames; set --limit-mm-per-prompt '{\"video\": 0}' to size the images alone", rule(r, "profile.internvl_video"))
		}
		if towers[visionKind(&r.Model)].imagesOnly {
			r.LimitVideos = 0 // images only (get_supported_mm_limits {"image": None}; InternVL's video is refused above)
		}
		if a := r.Model.Audio; a != nil && e.Profile.AudioTP == "split" && a.Heads > 0 && a.Heads%r.TP != 0 {
			return refuse("tensor-parallel-size: %s splits Qwen3-Omni's audio tower over the tensor-parallel ranks (#32167) and stops when they do not divide its %d heads; %d does not (from #50858 the tower stays whole then)", e.Name, a.Heads, r.TP)
		}
		if r.Model.Family == omniFamily && r.LimitImages == 0 && r.LimitVideos == 0 {
			return refuse("limit-mm-per-prompt: with images and videos off, Qwen3-Omni's profile run encodes its 30 s dummy audio items, whose audio-tower pass is not modelled; allow images or videos to size the vision tower's profile")
		}
		if im := r.Model.Image; im != nil {
			r.MinPixels, r.MaxPixels = im.MinPixels, im.MaxPixels
		}
		if o.MinPixels != nil {
			r.MinPixels = *o.MinPixels
		}
		if o.MaxPixels != nil {
			r.MaxPixels = *o.MaxPixels
		}
		if r.MinPixels > r.MaxPixels {
			return refuse("max_pixels: %d is below min_pixels %d", r.MaxPixels, r.MinPixels)
		}
	}
	r.origin("limit-mm-per-prompt-image", o.LimitImages != nil, OriginRelease, "release", r.release())
	r.origin("limit-mm-per-prompt-video", o.LimitVideos != nil, OriginRelease, "release", r.release())
	r.origin("max-pixels", o.MaxPixels != nil, OriginProcessor)
	r.origin("min-pixels", o.MinPixels != nil, OriginProcessor)
	if t := towers[visionKind(&r.Model)]; r.Model.Vision != nil && t.fixed {
		// Fixed-size processors: the pixel bounds do not size the item.
		side := strconv.Itoa(r.Model.Vision.ImageSize)
		if t.tile > 0 {
			side = strconv.Itoa(t.tile) // MiniCPM-V's 448² slices, not its tower's 980² position grid
		}
		r.Origins["max-pixels"] = Origin{Set: o.MaxPixels != nil, Why: Reason{Key: OriginFixedImage, Args: args("side", side)}}
		r.Origins["min-pixels"] = Origin{Set: o.MinPixels != nil, Why: Reason{Key: OriginFixedImage, Args: args("side", side)}}
	}
	r.resolveTiles()
	if o.SkipMMProfiling != nil && e.SkipMMProfiling {
		r.SkipMMProfiling = *o.SkipMMProfiling
	}
	r.origin("skip-mm-profiling", o.SkipMMProfiling != nil && e.SkipMMProfiling, OriginOff)
	return nil
}

// resolveGraphs is whether graph memory is estimated into the budget, and
// the 310P worker's halving.
func (r *Resolved) resolveGraphs() {
	o, e := r.Options, r.Engine
	r.GraphsInBudget = e.GraphsInBudget
	if (e.GraphsInBudget || e.GraphEstimateOptIn) && o.EstimateCUDAGraphs != nil {
		r.GraphsInBudget = *o.EstimateCUDAGraphs
	}
	r.origin("estimate-cudagraphs", o.EstimateCUDAGraphs != nil, OriginRelease, "release", r.release())
	if o.FlashInferSampler != nil && flashInferPossible(r) {
		r.FlashInferSampler = *o.FlashInferSampler
	}
	r.origin("flashinfer-sampler", o.FlashInferSampler != nil, OriginOff)
	r.origin("cudagraph-mm-encoder", o.EncoderGraphs != nil, OriginOff)
	lo := strconv.Itoa(encoderGraphMinBudget)
	r.origin("encoder-cudagraph-token-budgets", len(o.EncoderGraphBudgets) > 0, OriginEncoderBudgets, "min", lo)
	r.origin("encoder-cudagraph-max-items", o.EncoderGraphItems != nil, OriginEncoderBudgets, "min", lo)
	mrv2 := e.Graphs.RunsMRv2(&r.Model)
	if o.ModelRunnerV2 != nil && e.Graphs.MRv2 != "" {
		mrv2 = *o.ModelRunnerV2 // VLLM_USE_V2_MODEL_RUNNER
	}
	if r.V1 && mrv2 && !e.Graphs.MRv2Estimate {
		// Model runner V2's profile_cudagraph_memory returns 0.
		r.MRv2NoEstimate, r.GraphsInBudget = true, false
	}
	r.HalveKV = e.Worker310P && r.Device.Platform == Ascend && r.Device.SoC == "310P"
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
