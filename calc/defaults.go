package calc

import (
	"fmt"
	"strings"
)

// Resolve validates s and resolves every unset option to the value the
// engine family, device and model give it (calc/README.md "The budget"), recording in
// Origins where each value came from.
func Resolve(s Scenario) (Resolved, error) {
	if err := validate(&s); err != nil {
		return Resolved{}, err
	}
	e := s.Engine
	o := s.Options
	r := Resolved{Scenario: s, Origins: map[string]Origin{}}
	r.TP, r.PP = max(s.TensorParallel, 1), max(s.PipelineParallel, 1)
	r.Devices = s.DeviceCount
	if r.Devices == 0 {
		r.Devices = r.TP * r.PP
	}
	set := func(flag string, user bool, note string) {
		if user {
			r.Origins[flag] = Origin{Set: true, Note: "set"}
			return
		}
		r.Origins[flag] = Origin{Note: note}
	}

	// Engine core: the release's default, the other core where VLLM_USE_V1
	// selects it, and V1's fall-back to V0 below its compute capability.
	core, why, err := pickCore(&s)
	if err != nil {
		return Resolved{}, err
	}
	r.CoreFallback = core.Core == "v0" && s.Engine.Core == "v1" && o.UseV1 == nil
	r.Scenario.Engine = *core
	e = *core
	r.V1 = core.Core == "v1"
	set("use-v1", o.UseV1 != nil, why)
	fam := e.Name
	if e.Versions != "" && e.Versions != e.Version {
		fam += " (as " + e.Versions + ")"
	}
	r.Utilization = e.DefaultUtilization
	if o.GPUMemoryUtilization != nil {
		r.Utilization = *o.GPUMemoryUtilization
	}
	set("gpu-memory-utilization", o.GPUMemoryUtilization != nil, fmt.Sprintf("default for %s (vllm/engine/arg_utils.py)", fam))

	derived := derivedMaxLen(s.Model.Text)
	r.MaxModelLen = derived
	r.AutoMaxModelLen = o.MaxModelLen != nil && *o.MaxModelLen == MaxModelLenAuto
	if o.MaxModelLen != nil && !r.AutoMaxModelLen {
		if *o.MaxModelLen > derived {
			// ModelConfig._get_and_verify_max_len raises without VLLM_ALLOW_LONG_MAX_MODEL_LEN.
			return Resolved{}, fmt.Errorf("max_model_len: %d is greater than the derived max_model_len (%d) of the model", *o.MaxModelLen, derived)
		}
		r.MaxModelLen = *o.MaxModelLen
	}
	set("max-model-len", o.MaxModelLen != nil, "model's max_position_embeddings with rope scaling (ModelConfig._get_and_verify_max_len)")

	resolveBatch(&r)

	r.BlockSize = e.BlockSize
	if o.BlockSize != nil {
		r.BlockSize = *o.BlockSize
	}
	set("block-size", o.BlockSize != nil, fmt.Sprintf("platform default %d (calc/README.md \"The KV cache\")", e.BlockSize))

	if o.EnforceEager != nil {
		r.EnforceEager = *o.EnforceEager
	}
	set("enforce-eager", o.EnforceEager != nil, "default false")

	r.Dtype = resolveDtype(o.Dtype, s.Model.Dtype, s.Device.BF16)
	set("dtype", o.Dtype != "" && o.Dtype != "auto", "auto: the checkpoint's torch_dtype, float16 where the device lacks bf16")

	r.KVBytes = 2
	if strings.HasPrefix(o.KVCacheDtype, "fp8") {
		r.KVBytes = 1
	}
	set("kv-cache-dtype", o.KVCacheDtype != "" && o.KVCacheDtype != "auto", "auto: the model dtype")

	if s.Model.Vision != nil {
		r.LimitImages, r.LimitVideos = e.Profile.DefaultMMLimit, e.Profile.DefaultMMLimit
		if o.LimitImages != nil {
			r.LimitImages = *o.LimitImages
		}
		if o.LimitVideos != nil {
			r.LimitVideos = *o.LimitVideos
		}
		if im := s.Model.Image; im != nil {
			r.MinPixels, r.MaxPixels = im.MinPixels, im.MaxPixels
		}
		if o.MinPixels != nil {
			r.MinPixels = *o.MinPixels
		}
		if o.MaxPixels != nil {
			r.MaxPixels = *o.MaxPixels
		}
		if r.MinPixels > r.MaxPixels {
			return Resolved{}, fmt.Errorf("max_pixels: %d is below min_pixels %d", r.MaxPixels, r.MinPixels)
		}
	}
	lim := fmt.Sprintf("default %d per modality for %s", e.Profile.DefaultMMLimit, fam)
	set("limit-mm-per-prompt.image", o.LimitImages != nil, lim)
	set("limit-mm-per-prompt.video", o.LimitVideos != nil, lim)
	set("max-pixels", o.MaxPixels != nil, "preprocessor_config.json")
	set("min-pixels", o.MinPixels != nil, "preprocessor_config.json")

	if o.SkipMMProfiling != nil && e.SkipMMProfiling {
		r.SkipMMProfiling = *o.SkipMMProfiling
	}
	set("skip-mm-profiling", o.SkipMMProfiling != nil && e.SkipMMProfiling, "default false (flag exists from #22950)")

	set("kv-cache-memory-bytes", o.KVCacheMemoryBytes != nil && e.KVCacheMemoryBytes, "unset: the KV cache is sized from gpu_memory_utilization (flag exists from v0.10.2, #21489)")

	r.GraphsInBudget = e.GraphsInBudget
	if e.GraphsInBudget || e.GraphEstimateOptIn {
		if o.EstimateCUDAGraphs != nil {
			r.GraphsInBudget = *o.EstimateCUDAGraphs
		}
	}
	set("estimate-cudagraphs", o.EstimateCUDAGraphs != nil, "VLLM_MEMORY_PROFILER_ESTIMATE_CUDAGRAPHS default of "+fam)
	r.HalveKV = e.Worker310P && s.Device.Platform == Ascend && s.Device.SoC == "310P"
	return r, nil
}

// derivedMaxLen is the default max_model_len (calc/README.md "The KV cache"): the model's
// max_position_embeddings (2048 when absent), times the RoPE factor except
// for types that do not extend the context (su, longrope, llama3, default,
// mrope); yarn starts from original_max_position_embeddings.
func derivedMaxLen(t TextConfig) int {
	n := t.MaxPositions
	if n <= 0 {
		n = 2048
	}
	rs := t.RopeScaling
	if rs == nil || rs.Factor <= 0 {
		return n
	}
	switch rs.Type {
	case "", "default", "mrope", "su", "longrope", "llama3":
		return n
	case "yarn":
		if rs.OriginalMaxPositionEmbeddings > 0 {
			n = rs.OriginalMaxPositionEmbeddings
		}
	}
	f := float64(n) * rs.Factor
	if f > 1<<26 {
		return 1 << 26
	}
	return max(int(f), 1)
}

func resolveDtype(opt, ckpt string, bf16 bool) string {
	switch opt {
	case "bfloat16":
		return "bfloat16"
	case "float16", "half":
		return "float16"
	}
	// "auto": the checkpoint dtype; float32 checkpoints and devices without
	// bf16 fall back to float16 (ModelConfig._get_and_verify_dtype).
	if ckpt == "float16" || !bf16 {
		return "float16"
	}
	return "bfloat16"
}

// resolveBatch sets max_num_seqs and max_num_batched_tokens (calc/README.md "The profile run").
func resolveBatch(r *Resolved) {
	e, o := r.Engine, r.Options
	mm := r.Model.Vision != nil
	var seqs, tokens int
	var note string
	if e.Batch.V0 {
		// V0 SchedulerConfig: 256 seqs; chunked prefill off for multimodal
		// models, so tokens = max(max_model_len, 2048), floored at 5120 for
		// multimodal models (vllm/config.py SchedulerConfig @v0.8.3).
		seqs = 256
		tokens = max(r.MaxModelLen, 2048)
		if mm {
			tokens = max(tokens, e.Batch.MMFloor)
		}
		note = "V0 SchedulerConfig default (max(max_model_len, 2048), multimodal floor)"
	} else {
		row, why := e.Batch.Small, "small-device row"
		if largeDevice(e.Batch.Large, r.Device) {
			row, why = e.Batch.Big, "large-device row"
		}
		seqs, tokens = row.Seqs, row.TokensServe
		ctx := "vllm serve"
		if o.Offline {
			tokens, ctx = row.TokensOffline, "LLM class"
		}
		note = fmt.Sprintf("%s %s for %s (%s)", e.Name, why, ctx, "vllm/engine/arg_utils.py _set_default_args_v1")
	}
	if e.Batch.TextAtLeastMaxLen && !mm && tokens < r.MaxModelLen {
		// The Ascend scheduler turns chunked prefill off for text-only
		// models and raises the batch to max_model_len (platform.py).
		tokens = r.MaxModelLen
		note = e.Name + ": the Ascend scheduler raises max_num_batched_tokens to max_model_len for text-only models (platform.py)"
	}
	r.MaxNumSeqs, r.MaxNumBatchedTokens = seqs, tokens
	if o.MaxNumSeqs != nil {
		r.MaxNumSeqs = *o.MaxNumSeqs
	}
	if o.MaxNumBatchedTokens != nil {
		r.MaxNumBatchedTokens = *o.MaxNumBatchedTokens
	} else if e.Batch.V0 && o.MaxModelLen != nil {
		r.MaxNumBatchedTokens = tokens
	}
	r.Origins["max-num-seqs"] = Origin{Set: o.MaxNumSeqs != nil, Note: note}
	r.Origins["max-num-batched-tokens"] = Origin{Set: o.MaxNumBatchedTokens != nil, Note: note}
}

// largeDevice selects the large batch-default row (Engine.BatchDefaults.Large).
// Ascend never does: NPUPlatform.get_device_total_memory raises (calc/README.md "The profile run").
func largeDevice(rule string, d Device) bool {
	if d.Platform == Ascend {
		return false
	}
	name := strings.ToLower(d.Name + " " + d.ID)
	switch rule {
	case "name-h100":
		return strings.Contains(name, "h100") || strings.Contains(name, "h200")
	case "mem70":
		return d.Total >= 70*GiB
	case "mem70-not-a100":
		return d.Total >= 70*GiB && !strings.Contains(name, "a100")
	}
	return false
}

// pickCore chooses the engine core that runs (vllm/engine/arg_utils.py
// _is_v1_supported_oracle): VLLM_USE_V1 where the release has both cores,
// and V0 when V1 needs a higher CUDA compute capability than the device
// has ("Compute Capability < 8.0 is not supported by the V1 Engine.
// Falling back to V0."); an explicit VLLM_USE_V1=1 there is refused.
func pickCore(s *Scenario) (*Engine, string, error) {
	e := &s.Engine
	core := e
	why := "default engine of " + e.Name
	if u := s.Options.UseV1; u != nil && (*u != (e.Core == "v1")) && e.Alt != nil {
		core, why = e.Alt, "set"
	}
	cc, need := s.Device.ComputeCapability, core.V1MinCapability
	if core.Core == "v1" && need > 0 && s.Device.Platform == CUDA && cc > 0 && cc < need {
		if u := s.Options.UseV1; u != nil && *u {
			return nil, "", fmt.Errorf("use_v1: VLLM_USE_V1=1 is not supported with Compute Capability < %.1f.", need)
		}
		if e.Alt != nil && e.Alt.Core == "v0" {
			core = e.Alt
			why = fmt.Sprintf("V0: %s needs compute capability %.1f for V1 and the device has %.1f (Falling back to V0)", e.Name, need, cc)
		}
	}
	return core, why, nil
}
