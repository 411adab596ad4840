package i18n

// zhCalcRefusals translates calc's own refusals (calc.Refusal formats), keyed
// by format; the field before ": " stays as calc names it, for the page to
// place the message beside its field. Refusals that quote vLLM stay in
// English, as vLLM prints them.
var zhCalcRefusals = pairs([]string{
	"model: cannot be estimated (%v)", "model: 无法估算（%v）",
	"engine: %s cannot run %s's gated DeltaNet layers (Qwen3-Next needs vLLM 0.10.2 or vllm-ascend 0.10.2rc1, the V1 engine)", "engine: %s 无法运行 %s 的 gated DeltaNet 层（Qwen3-Next 需要 vLLM 0.10.2 或 vllm-ascend 0.10.2rc1 的 V1 引擎）",
	"model: MXFP4 experts on %s are not modelled", "model: 未建模 %s 上的 MXFP4 专家",
	"model: MXFP4 needs compute capability 8.0 (Mxfp4Config.get_min_capability); %s has %.1f", "model: MXFP4 需要计算能力 8.0（Mxfp4Config.get_min_capability）；%s 只有 %.1f",
	"quantization: %s has no fp8 quantization (Fp8Config arrives in vLLM 0.4.2)", "quantization: %s 没有 fp8 量化（Fp8Config 从 vLLM 0.4.2 开始提供）",
	"quantization: online %q is not modelled; the calculator sizes fp8", "quantization: 未建模在线 %q 量化；本计算器只计算 fp8",
	"quantization: vllm-ascend has no online fp8; Ascend quantization comes from the checkpoint (modelslim)", "quantization: vllm-ascend 没有在线 fp8；昇腾的量化来自权重文件本身（modelslim）",
	"engine: %s's V1 multimodal profiling (VLLM_USE_V1=1 before 0.7.0) is not modelled; choose the V0 engine or vLLM 0.7.0 or later", "engine: 未建模 %s 的 V1 多模态 profile（0.7.0 之前的 VLLM_USE_V1=1）；请选择 V0 引擎或 vLLM 0.7.0 及以后版本",
	"max_pixels: %d is below min_pixels %d", "max_pixels: %d 小于 min_pixels %d",
	"%s: must be positive, got %d", "%s: 必须为正数，当前为 %d",
	"text_config: negative size (num_key_value_heads %d, head_dim %d, intermediate_size %d, max_position_embeddings %d)", "text_config: 尺寸为负（num_key_value_heads %d，head_dim %d，intermediate_size %d，max_position_embeddings %d）",
	"text_config.blocks: %d blocks for %d layers", "text_config.blocks：%d 个 block 对应 %d 层",
	"text_config.blocks[%d]: %d KV heads, MLP width %d", "text_config.blocks[%d]：%d 个 KV 头，MLP 宽度 %d",
	"text_config.blocks: no layer attends", "text_config.blocks：没有任何一层带注意力",
	"engine: %s does not serve Nemotron-NAS models (DeciLMForCausalLM with block_configs, from vLLM 0.8.3); choose a later release", "engine: %s 不支持 Nemotron-NAS 模型（带 block_configs 的 DeciLMForCausalLM，vLLM 0.8.3 起支持）；请选择更新的版本",
	"text_config.num_key_value_heads: must be positive, got 0", "text_config.num_key_value_heads: 必须为正数，当前为 0",
	"text_config.head_dim: hidden_size %d / num_attention_heads %d gives no head size", "text_config.head_dim: hidden_size %d / num_attention_heads %d 得不到每个头的维度",
	"text_config.rope_scaling.factor: must be a finite non-negative number, got %v", "text_config.rope_scaling.factor: 必须是有限的非负数，当前为 %v",
	"vision_config: negative size", "vision_config: 尺寸为负",
	"vision_config.mlp_ratio: must be a finite non-negative number, got %v", "vision_config.mlp_ratio: 必须是有限的非负数，当前为 %v",
	"preprocessor: negative pixel bound", "preprocessor: 像素上下限为负",
	"quantization_config.bits: must be in [0, 32], got %d", "quantization_config.bits: 必须在 [0, 32] 内，当前为 %d",
	"checkpoint_bytes: must not be negative, got %d", "checkpoint_bytes: 不能为负，当前为 %d",
	"device.total_bytes: must be positive, got %d", "device.total_bytes: 必须为正数，当前为 %d",
	"device.platform: must be %q or %q, got %q", "device.platform: 必须是 %q 或 %q，当前为 %q",
	"engine: %s does not run on %s; vLLM serves NVIDIA GPUs and vllm-ascend Ascend NPUs", "engine: %s 不能在 %s 上运行；vLLM 服务 NVIDIA GPU，vllm-ascend 服务昇腾 NPU",
	"other_processes_bytes: must not be negative, got %d", "other_processes_bytes: 不能为负，当前为 %d",
	"tensor_parallel_size: must be in [1, 1024], got %d", "tensor_parallel_size: 必须在 [1, 1024] 内，当前为 %d",
	"pipeline_parallel_size: must be in [1, 1024], got %d", "pipeline_parallel_size: 必须在 [1, 1024] 内，当前为 %d",
	"data_parallel_size: must be in [1, 1024], got %d", "data_parallel_size: 必须在 [1, 1024] 内，当前为 %d",
	"pipeline_parallel_size: %d exceeds num_hidden_layers %d", "pipeline_parallel_size: %d 超过了 num_hidden_layers %d",
	"device_count: must be 0 or at least tensor_parallel_size × pipeline_parallel_size × data_parallel_size = %d, got %d", "device_count: 必须为 0，或至少为 tensor_parallel_size × pipeline_parallel_size × data_parallel_size = %d，当前为 %d",
	"gpu_memory_utilization: must be in (0, 1], got %v", "gpu_memory_utilization: 必须在 (0, 1] 内，当前为 %v",
	"max_model_len: auto (-1) needs vLLM 0.14 or later (#29431); %s takes a number", "max_model_len: auto（-1）需要 vLLM 0.14 及以后版本（#29431）；%s 需要填写数字",
	"%s: must be in [1, %d], got %d", "%s: 必须在 [1, %d] 内，当前为 %d",
	"%s: must be in [0, %d], got %d", "%s: 必须在 [0, %d] 内，当前为 %d",
	"min_pixels: %d is larger than max_pixels %d", "min_pixels: %d 大于 max_pixels %d",
	"mm_ipc_gpu_memory_gb: must be in [0, %d], got %v", "mm_ipc_gpu_memory_gb: 必须在 [0, %d] 内，当前为 %v",
	"kv_cache_memory_bytes: must be positive, got %d", "kv_cache_memory_bytes: 必须为正数，当前为 %d",
	"dtype: must be one of %s, got %q", "dtype: 必须是 %s 之一，当前为 %q",
	"kv_cache_dtype: must be one of %s, got %q", "kv_cache_dtype: 必须是 %s 之一，当前为 %q",
	"%s: must not be negative, got %d", "%s: 不能为负，当前为 %d",
	"engine: no engine release given", "engine: 没有指定引擎版本",
	"engine: %s does not run on a 310P (vllm-ascend supports it in 0.9.1rc1, 0.9.2rc1–0.11.0 and from 0.14.0rc1)", "engine: %s 不能在 310P 上运行（vllm-ascend 在 0.9.1rc1、0.9.2rc1–0.11.0 以及 0.14.0rc1 起支持 310P）",
	"engine: %s cannot load MXFP4 experts (gpt-oss needs vLLM 0.10.1)", "engine: %s 无法加载 MXFP4 专家（gpt-oss 需要 vLLM 0.10.1）",
	"engine: %s does not serve Gemma 3's vision model (Gemma3ForConditionalGeneration); choose a later release", "engine: %s 不支持 Gemma 3 的视觉模型（Gemma3ForConditionalGeneration）；请选择更新的版本",
	"engine: %s does not serve Mistral Small 3.1 / 3.2's vision model (Mistral3ForConditionalGeneration); choose a later release", "engine: %s 不支持 Mistral Small 3.1 / 3.2 的视觉模型（Mistral3ForConditionalGeneration）；请选择更新的版本",
	"engine: %s does not serve Llama 3.2 Vision (MllamaForConditionalGeneration), which vLLM runs on its V0 engine only; choose a release that has it", "engine: %s 不支持 Llama 3.2 Vision（MllamaForConditionalGeneration，vLLM 只在 V0 引擎上运行它）；请选择支持它的版本",
	"engine: %s does not serve Qwen3.5 / Qwen3.6 (%s); choose a later release", "engine: %s 不支持 Qwen3.5 / Qwen3.6（%s）；请选择更新的版本",
	"engine: %s's multimodal dummy data (Qwen2-VL's first releases, 0.6.1–0.6.3.post1) is not modelled; choose vLLM 0.6.4 or later", "engine: 未建模 %s 的多模态 dummy 数据（Qwen2-VL 最早的版本 0.6.1–0.6.3.post1）；请选择 vLLM 0.6.4 及以后版本",
	"engine: %s does not serve InternVL (InternVLChatModel); choose a vLLM release from 0.6.4", "engine: %s 不支持 InternVL（InternVLChatModel）；请选择 vLLM 0.6.4 及以后的版本",
	"engine: %s does not serve Qwen2.5-VL (Qwen2_5_VLForConditionalGeneration, from vLLM 0.7.2); choose a later release", "engine: %s 不支持 Qwen2.5-VL（Qwen2_5_VLForConditionalGeneration，vLLM 0.7.2 起提供）；请选择更新的版本",
	"engine: %s does not serve Qwen3-VL (Qwen3VLForConditionalGeneration, from vLLM 0.11.0); choose a later release", "engine: %s 不支持 Qwen3-VL（Qwen3VLForConditionalGeneration，vLLM 0.11.0 起提供）；请选择更新的版本",
	"engine: family %q has invalid defaults", "engine: 版本 %q 的默认值无效",
	"enable_lora: %s", "enable_lora: %s",
	"limit-mm-per-prompt-video: InternVL's video input (#18499, %s, for an InternVL whose LLM has a video token) is not modelled: the profile run may encode a video of up to max_model_len / 256 frames; set --limit-mm-per-prompt '{\"video\": 0}' to size the images alone", "limit-mm-per-prompt-video: 未建模 InternVL 的视频输入（#18499，%s，适用于 LLM 带有视频 token 的 InternVL）：profile 运行可能编码最多 max_model_len / 256 帧的视频；设置 --limit-mm-per-prompt '{\"video\": 0}' 即可只按图片计算",
	"enable_lora: %s's V0 engine leaves the LoRA slots out of the budget (#10511 to #14469, vllm #14450), which is not modelled; choose the V1 engine or another release", "enable_lora: %s 的 V0 引擎没有把 LoRA 槽位计入预算（#10511 到 #14469，vllm #14450），本计算器未建模；请选择 V1 引擎或其他版本",
	"LoRA on MoE experts (FusedMoE with LoRA, #21229) is not modelled", "未建模 MoE 专家上的 LoRA（FusedMoE 的 LoRA，#21229）",
	"LoRA on linear-attention and MLA layers is not modelled", "未建模线性注意力层和 MLA 层上的 LoRA",
	"LoRA on OPT and StarCoder2 is not modelled", "未建模 OPT 和 StarCoder2 上的 LoRA",
})

func init() {
	for en, zh := range zhCalcRefusals {
		zhDetails[en] = zh
	}
}
