package calc

import (
	"fmt"
	"math"
	"strings"
)

// validate checks a Scenario for values vLLM would reject or that make the
// arithmetic meaningless. Every error names the offending field by its JSON
// (or flag) name, e.g. `gpu_memory_utilization: must be in (0, 1], got 1.5`.
func validate(s *Scenario) error {
	for _, check := range []func(*Scenario) error{validateModel, validateDeployment} {
		if err := check(s); err != nil {
			return err
		}
	}
	return nil
}

// validateModel checks the model's dimensions.
func validateModel(s *Scenario) error {
	t := s.Model.Text
	for _, c := range []struct {
		name string
		v    int
	}{
		{"text_config.num_hidden_layers", t.Layers},
		{"text_config.hidden_size", t.Hidden},
		{"text_config.num_attention_heads", t.Heads},
		{"text_config.vocab_size", t.Vocab},
	} {
		if c.v <= 0 {
			return refuse("%s: must be positive, got %d", c.name, c.v)
		}
	}
	if err := validBlocks(t); err != nil {
		return err
	}
	if t.KVHeads < 0 || t.HeadDim < 0 || t.Intermediate < 0 || t.MaxPositions < 0 {
		return refuse("text_config: negative size (num_key_value_heads %d, head_dim %d, intermediate_size %d, max_position_embeddings %d)", t.KVHeads, t.HeadDim, t.Intermediate, t.MaxPositions)
	}
	if t.KVHeads == 0 {
		return refuse("text_config.num_key_value_heads: must be positive, got 0")
	}
	if t.HeadSize() <= 0 {
		return refuse("text_config.head_dim: hidden_size %d / num_attention_heads %d gives no head size", t.Hidden, t.Heads)
	}
	if r := t.RopeScaling; r != nil && (math.IsNaN(r.Factor) || math.IsInf(r.Factor, 0) || r.Factor < 0) {
		return refuse("text_config.rope_scaling.factor: must be a finite non-negative number, got %v", r.Factor)
	}
	if v := s.Model.Vision; v != nil {
		if v.Depth < 0 || v.Hidden < 0 || v.Intermediate < 0 || v.Heads < 0 || v.PatchSize < 0 || v.TemporalPatchSize < 0 || v.SpatialMerge < 0 || v.OutHidden < 0 {
			return refuse("vision_config: negative size")
		}
		if math.IsNaN(v.MLPRatio) || math.IsInf(v.MLPRatio, 0) || v.MLPRatio < 0 {
			return refuse("vision_config.mlp_ratio: must be a finite non-negative number, got %v", v.MLPRatio)
		}
	}
	if im := s.Model.Image; im != nil && (im.MinPixels < 0 || im.MaxPixels < 0 || im.VideoMinPixels < 0 || im.VideoMaxPixels < 0) {
		return refuse("preprocessor: negative pixel bound")
	}
	if q := s.Model.Quant; q != nil && (q.Bits < 0 || q.Bits > 32) {
		return refuse("quantization_config.bits: must be in [0, 32], got %d", q.Bits)
	}
	if s.Model.CheckpointBytes < 0 {
		return refuse("checkpoint_bytes: must not be negative, got %d", s.Model.CheckpointBytes)
	}
	return nil
}

// validateDeployment checks the device, the parallel sizes, the options
// and the calibration.
func validateDeployment(s *Scenario) error {
	if s.Device.Total <= 0 {
		return refuse("device.total_bytes: must be positive, got %d", s.Device.Total)
	}
	if s.Device.Platform != CUDA && s.Device.Platform != Ascend {
		return refuse("device.platform: must be %q or %q, got %q", CUDA, Ascend, s.Device.Platform)
	}
	if s.Engine.Project != "" && (s.Engine.Project == "vllm-ascend") != (s.Device.Platform == Ascend) {
		return refuse("engine: %s does not run on %s; vLLM serves NVIDIA GPUs and vllm-ascend Ascend NPUs", s.Engine.Name, s.Device.Name)
	}
	if s.OtherProcesses < 0 {
		return refuse("other_processes_bytes: must not be negative, got %d", s.OtherProcesses)
	}
	if s.TensorParallel < 0 || s.TensorParallel > 1024 {
		return refuse("tensor_parallel_size: must be in [1, 1024], got %d", s.TensorParallel)
	}
	if s.PipelineParallel < 0 || s.PipelineParallel > 1024 {
		return refuse("pipeline_parallel_size: must be in [1, 1024], got %d", s.PipelineParallel)
	}
	if s.DataParallel < 0 || s.DataParallel > 1024 {
		return refuse("data_parallel_size: must be in [1, 1024], got %d", s.DataParallel)
	}
	t := s.Model.Text
	tp, pp, dp := max(s.TensorParallel, 1), max(s.PipelineParallel, 1), max(s.DataParallel, 1)
	// ModelConfig.verify_with_parallel_config: heads must split evenly.
	if t.Heads%tp != 0 {
		return fmt.Errorf("tensor_parallel_size: total number of attention heads (%d) must be divisible by tensor parallel size (%d)", t.Heads, tp)
	}
	if pp > t.Layers {
		return refuse("pipeline_parallel_size: %d exceeds num_hidden_layers %d", pp, t.Layers)
	}
	if s.DeviceCount < 0 || (s.DeviceCount > 0 && s.DeviceCount < tp*pp*dp) {
		return refuse("device_count: must be 0 or at least tensor_parallel_size × pipeline_parallel_size × data_parallel_size = %d, got %d", tp*pp*dp, s.DeviceCount)
	}
	if err := validateEngine(s); err != nil {
		return err
	}
	return validateOptions(s)
}

// validateOptions checks each launch option against the range vLLM takes.
func validateOptions(s *Scenario) error {
	o := s.Options
	if u := o.GPUMemoryUtilization; u != nil && (math.IsNaN(*u) || *u <= 0 || *u > 1) {
		return refuse("gpu_memory_utilization: must be in (0, 1], got %v", *u)
	}
	if l := o.MaxModelLen; l != nil && *l == MaxModelLenAuto && !s.Engine.AutoMaxModelLen {
		return refuse("max_model_len: auto (-1) needs vLLM 0.14 or later (#29431); %s takes a number", s.Engine.Name)
	}
	for _, c := range []struct {
		name string
		v    *int
		max  int
	}{
		{"max_model_len", autoAsOne(o.MaxModelLen), 1 << 26},
		{"max_num_seqs", o.MaxNumSeqs, 1 << 20},
		{"max_num_batched_tokens", o.MaxNumBatchedTokens, 1 << 26},
		{"block_size", o.BlockSize, 1 << 16},
		{"max_pixels", o.MaxPixels, 1 << 30},
		{"min_pixels", o.MinPixels, 1 << 30},
		{"max_dynamic_patch", o.MaxDynamicPatch, 64},
		{"max_loras", o.MaxLoRAs, 1 << 10},
		{"max_lora_rank", o.MaxLoRARank, 1 << 10},
		{"hw_decoders", o.HWDecoders, 64},
		{"api_server_count", o.APIServerCount, 1 << 10},
		{"encoder_cudagraph_max_vision_items_per_batch", o.EncoderGraphItems, MaxEncoderGraphItems},
	} {
		if c.v != nil && (*c.v <= 0 || *c.v > c.max) {
			return refuse("%s: must be in [1, %d], got %d", c.name, c.max, *c.v)
		}
	}
	for _, c := range []struct {
		name string
		v    *int
	}{{"limit_mm_per_prompt.image", o.LimitImages}, {"limit_mm_per_prompt.video", o.LimitVideos}} {
		if c.v != nil && (*c.v < 0 || *c.v > 1<<20) {
			return refuse("%s: must be in [0, %d], got %d", c.name, 1<<20, *c.v)
		}
	}
	if o.MinPixels != nil && o.MaxPixels != nil && *o.MinPixels > *o.MaxPixels {
		return refuse("min_pixels: %d is larger than max_pixels %d", *o.MinPixels, *o.MaxPixels)
	}
	if g := o.MMIPCGPUMemoryGB; g != nil && (*g < 0 || *g > 1<<20 || math.IsNaN(*g)) {
		return refuse("mm_ipc_gpu_memory_gb: must be in [0, %d], got %v", 1<<20, *g)
	}
	if n := len(o.EncoderGraphBudgets); n > MaxEncoderGraphBudgets {
		return refuse("encoder_cudagraph_token_budgets: at most %d budgets, got %d", MaxEncoderGraphBudgets, n)
	}
	for _, b := range o.EncoderGraphBudgets {
		if b < 1 || b > MaxEncoderGraphBudget {
			return refuse("encoder_cudagraph_token_budgets: each must be in [1, %d], got %d", MaxEncoderGraphBudget, b)
		}
	}
	if !IsOneOf(o.VideoBackend, VideoBackends) {
		return refuse("video_backend: must be %q or unset, got %q", videoBackendNVC, o.VideoBackend)
	}
	if b := o.KVCacheMemoryBytes; b != nil && *b <= 0 {
		return refuse("kv_cache_memory_bytes: must be positive, got %d", *b)
	}
	if o.Dtype != "" && o.Dtype != "half" && !IsOneOf(o.Dtype, Dtypes) {
		return refuse("dtype: must be one of %s, got %q", strings.Join(Dtypes, ", "), o.Dtype)
	}
	if o.KVCacheDtype != "" && !IsOneOf(o.KVCacheDtype, KVCacheDtypes) {
		return refuse("kv_cache_dtype: must be one of %s, got %q", strings.Join(KVCacheDtypes, ", "), o.KVCacheDtype)
	}
	if c := s.Calibration; c != nil {
		for _, v := range []struct {
			name string
			b    *Bytes
		}{{"calibration.activation_bytes", c.Activation}, {"calibration.non_torch_bytes", c.NonTorch}, {"calibration.graph_bytes", c.Graphs}} {
			if v.b != nil && *v.b < 0 {
				return refuse("%s: must not be negative, got %d", v.name, *v.b)
			}
		}
	}
	return nil
}

// autoAsOne reads max_model_len "auto" (-1) as a valid length for the
// range check.
func autoAsOne(v *int) *int {
	if v != nil && *v == MaxModelLenAuto {
		one := 1
		return &one
	}
	return v
}

// validateEngine checks the release can run the model on the device.
func validateEngine(s *Scenario) error {
	if s.Engine.ID == "" {
		return refuse("engine: no engine release given")
	}
	if s.Device.SoC == "310P" && !s.Engine.Supports310P {
		return refuse("engine: %s does not run on a 310P (vllm-ascend supports it in 0.9.1rc1, 0.9.2rc1–0.11.0 and from 0.14.0rc1)", s.Engine.Name)
	}
	if q := s.Model.Quant; q != nil && q.Method == "mxfp4" {
		if !s.Engine.MXFP4 {
			return refuse("engine: %s cannot load MXFP4 experts (gpt-oss needs vLLM 0.10.1)", s.Engine.Name)
		}
		if _, err := mxfp4Backend(s.Device, s.Engine.MXFP4Hopper); err != nil {
			return err
		}
	}
	if s.Model.Vision != nil && visionKind(&s.Model) == vitSiglip && !s.Engine.Profile.Gemma3 {
		return refuse("engine: %s does not serve Gemma 3's vision model (Gemma3ForConditionalGeneration); choose a later release", s.Engine.Name)
	}
	if len(s.Model.Text.Blocks) > 0 && !s.Engine.Profile.NemotronNAS {
		return refuse("engine: %s does not serve Nemotron-NAS models (DeciLMForCausalLM with block_configs, from vLLM 0.8.3); choose a later release", s.Engine.Name)
	}
	if s.Model.Vision != nil && visionKind(&s.Model) == vitPixtral && !s.Engine.Profile.Mistral3 {
		return refuse("engine: %s does not serve Mistral Small 3.1 / 3.2's vision model (Mistral3ForConditionalGeneration); choose a later release", s.Engine.Name)
	}
	if s.Model.Vision != nil && visionKind(&s.Model) == vitMllama && !s.Engine.Profile.Mllama {
		return refuse("engine: %s does not serve Llama 3.2 Vision (MllamaForConditionalGeneration), which vLLM runs on its V0 engine only; choose a release that has it", s.Engine.Name)
	}
	if (s.Model.Family == "qwen3_5" || s.Model.Family == "qwen3_5_moe") && !s.Engine.Profile.Qwen35 {
		return refuse("engine: %s does not serve Qwen3.5 / Qwen3.6 (%s); choose a later release", s.Engine.Name, s.Model.Family)
	}
	if k := visionKind(&s.Model); s.Model.Vision != nil && k != vitSiglip && k != vitMllama && k != vitPixtral && s.Engine.Profile.LegacyMM {
		return refuse("engine: %s's multimodal dummy data (Qwen2-VL's first releases, 0.6.1–0.6.3.post1) is not modelled; choose vLLM 0.6.4 or later", s.Engine.Name)
	}
	if s.Model.Vision != nil && visionKind(&s.Model) == vitIntern {
		if p := s.Engine.Profile.InternVL; p != "legacy" && p != "processor" {
			return refuse("engine: %s does not serve InternVL (InternVLChatModel); choose a vLLM release from 0.6.4", s.Engine.Name)
		}
	}
	if s.Model.Vision != nil && s.Model.Family == "qwen2_5_vl" && !s.Engine.Profile.Qwen25VL {
		return refuse("engine: %s does not serve Qwen2.5-VL (Qwen2_5_VLForConditionalGeneration, from vLLM 0.7.2); choose a later release", s.Engine.Name)
	}
	if s.Model.Vision != nil && (s.Model.Family == "qwen3_vl" || s.Model.Family == "qwen3_vl_moe") && !s.Engine.Profile.Qwen3VL {
		return refuse("engine: %s does not serve Qwen3-VL (Qwen3VLForConditionalGeneration, from vLLM 0.11.0); choose a later release", s.Engine.Name)
	}
	if s.Model.Vision != nil && visionKind(&s.Model) == vitMiniCPMV && !s.Engine.Profile.MiniCPMV {
		return refuse("engine: %s's MiniCPM-V profile (before 0.8.5: 64-token images on the V0 input registry, then 668-token images and videos without the 16-frame cap) is not modelled; choose vLLM 0.8.5 or later, or vllm-ascend 0.10.0rc1 or later", s.Engine.Name)
	}
	if s.Model.Vision != nil && visionKind(&s.Model) == vitGlm4v && !s.Engine.Profile.Glm4v {
		return refuse("engine: %s does not serve GLM-4.1V (Glm4vForConditionalGeneration, from vLLM 0.9.2; vllm-ascend's support matrix marks GLM-4V unsupported, #2260); choose a vLLM release from 0.9.2", s.Engine.Name)
	}
	if s.Model.Vision != nil && visionKind(&s.Model) == vitLlavaOV && !s.Engine.Profile.LlavaOV {
		return refuse("engine: %s does not serve LLaVA-OneVision as the calculator models it (LlavaOnevisionForConditionalGeneration, from vLLM 0.6.2; the dummy data of 0.6.2–0.6.6.post1, a 448² image and video-only dummy sequences, is not modelled); choose vLLM 0.7.0 or later", s.Engine.Name)
	}
	if s.Model.Family == omniFamily && !s.Engine.Profile.Qwen3Omni {
		return refuse("engine: %s does not serve Qwen3-Omni (Qwen3OmniMoeForConditionalGeneration, its thinker, from vLLM 0.11.1); choose a later release", s.Engine.Name)
	}
	if e := s.Engine; e.DefaultUtilization <= 0 || e.DefaultUtilization > 1 || math.IsNaN(e.DefaultUtilization) || e.BlockSize <= 0 {
		return refuse("engine: family %q has invalid defaults", e.ID)
	}
	return nil
}
