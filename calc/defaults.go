package calc

import (
	"fmt"
	"strings"
)

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
	key, kv := OriginBatchV0, []string{"release", r.Engine.Name}
	if e.Batch.V0 {
		// V0 SchedulerConfig: 256 seqs; chunked prefill off for multimodal
		// models, so tokens = max(max_model_len, 2048), floored at 5120 for
		// multimodal models (vllm/config.py SchedulerConfig @v0.8.3).
		seqs = 256
		tokens = max(r.MaxModelLen, 2048)
		if mm {
			tokens = max(tokens, e.Batch.MMFloor)
		}
		allSliding := r.Model.Text.SlidingWindow > 0 && len(r.Model.Text.LayerTypes) == 0
		if e.Batch.V0LongChunked > 0 && !mm && r.MaxModelLen > 32768 && !allSliding {
			// "Chunked prefill is enabled by default for models with
			// max_model_len > 32K."
			tokens = e.Batch.V0LongChunked
		}

	} else {
		row, size := e.Batch.Small, "small"
		if largeDevice(e.Batch.Large, r.Device) {
			row, size = e.Batch.Big, "large"
		}
		seqs, tokens = row.Seqs, row.TokensServe
		entry := "serve"
		if o.Offline {
			tokens, entry = row.TokensOffline, "llm"
		}
		key, kv = OriginBatchV1, []string{"release", e.Name, "device", size, "entry", entry}
	}
	if e.Batch.TextAtLeastMaxLen && !mm && tokens < r.MaxModelLen {
		// The Ascend scheduler turns chunked prefill off for text-only
		// models and raises the batch to max_model_len (platform.py).
		tokens = r.MaxModelLen
		key, kv = OriginBatchText, []string{"release", e.Name}
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
	r.origin("max-num-seqs", o.MaxNumSeqs != nil, key, kv...)
	r.origin("max-num-batched-tokens", o.MaxNumBatchedTokens != nil, key, kv...)
}

// largeDevice selects the large batch-default row (Engine.BatchDefaults.Large).
// Ascend never does: NPUPlatform.get_device_total_memory raises (calc/README.md "The profile run");
// nor does a GPU whose NVML cannot report its memory (Device.NoNVMLMemory), where
// get_device_total_memory raises too and vLLM reads the memory as 0.
func largeDevice(rule string, d Device) bool {
	if d.Platform == Ascend || (d.NoNVMLMemory && rule != "name-h100") {
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
	why := OriginRelease
	if u := s.Options.UseV1; u != nil && (*u != (e.Core == "v1")) && e.Alt != nil {
		core, why = e.Alt, OriginCoreChosen
	}
	if visionKind(&s.Model) == vitMllama && core.Core == "v1" {
		// SupportsV0Only: "['MllamaForConditionalGeneration'] is not
		// supported by the V1 Engine. Falling back to V0."
		if u := s.Options.UseV1; u != nil && *u || e.Alt == nil {
			return nil, "", fmt.Errorf("use_v1: MllamaForConditionalGeneration is not supported by the V1 Engine")
		}
		return e.Alt, OriginModelV0, nil
	}
	cc, need := s.Device.ComputeCapability, core.V1MinCapability
	if core.Core == "v1" && need > 0 && s.Device.Platform == CUDA && cc > 0 && cc < need {
		if u := s.Options.UseV1; u != nil && *u {
			return nil, "", fmt.Errorf("use_v1: VLLM_USE_V1=1 is not supported with Compute Capability < %.1f.", need)
		}
		if e.Alt != nil && e.Alt.Core == "v0" {
			core = e.Alt
			why = OriginCoreFall
		}
	}
	return core, why, nil
}
