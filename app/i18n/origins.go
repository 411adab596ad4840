package i18n

// The words of calc.Origin: why an option the user did not set has its
// value (shown under each field as "{default}").
var originsEN = pairs([]string{
	"ui.origin_why", "{value}: {why}",
	"why.origin.release", "the default of {release}",
	"why.origin.model-len", "the model's max_position_embeddings with its rope scaling",
	"why.origin.platform", "the platform's default",
	"why.origin.off", "off unless set",
	"why.origin.dtype", "the checkpoint's torch_dtype (float16 where the device lacks bfloat16)",
	"why.origin.kv-dtype", "the model's dtype",
	"why.origin.processor", "the model's preprocessor_config.json",
	"why.origin.kv-bytes", "unset: the KV cache is sized from gpu_memory_utilization",
	"why.origin.batch-v0", "V0's scheduler default in {release}: max(max_model_len, 2048) tokens, more for multimodal models",
	"why.origin.batch-v1", "{release}'s default for a {device} device under {entry}",
	"why.origin.batch-text", "{release}: the Ascend scheduler raises it to max_model_len for text-only models",
	"why.origin.core-fall", "V0: {release} needs compute capability {need} for V1 and the device has {cc}",
	"why.origin.core-chosen", "{core}, chosen by VLLM_USE_V1",
	"why.origin.model-v0", "V0: the model is not supported by {release}'s V1 engine, which falls back to V0",
	"why.origin.fixed-image", "no effect on this model: its processor resizes every image to {side} × {side} crops",
	"why.origin.checkpoint-quant", "the checkpoint's own quantization: {method}",
	"why.origin.single", "1 unless set",
	"why.origin.devices", "tensor × pipeline × data parallel",
	"why.origin.hccl", "unset: HCCL unfolds as CANN's default for the device (FFTS+ for vllm-ascend's graph cap)",
	"entry.serve", "vllm serve",
	"entry.llm", "the LLM class",
	"device.small", "small",
	"device.large", "large",
	"source.logged", "logged",
	"source.assumption", "assumption",
	"source.logged-family", "logged for a sibling of the same family",
	"source.proxy", "a proxy",
})

var originsZH = pairs([]string{
	"ui.origin_why", "{value}：{why}",
	"why.origin.release", "{release} 的默认值",
	"why.origin.model-len", "模型的 max_position_embeddings 乘以 rope 缩放",
	"why.origin.platform", "平台默认值",
	"why.origin.off", "未设置时关闭",
	"why.origin.dtype", "检查点的 torch_dtype（设备不支持 bfloat16 时为 float16）",
	"why.origin.kv-dtype", "模型的 dtype",
	"why.origin.processor", "模型的 preprocessor_config.json",
	"why.origin.kv-bytes", "未设置：KV cache 按 gpu_memory_utilization 计算",
	"why.origin.batch-v0", "{release} 中 V0 调度器的默认值：max(max_model_len, 2048) 个 token，多模态模型更多",
	"why.origin.batch-v1", "{release} 在{device}设备、{entry} 下的默认值",
	"why.origin.batch-text", "{release}：Ascend 调度器对纯文本模型把它提高到 max_model_len",
	"why.origin.core-fall", "V0：{release} 的 V1 需要计算能力 {need}，而该设备为 {cc}",
	"why.origin.core-chosen", "{core}，由 VLLM_USE_V1 选择",
	"why.origin.model-v0", "V0：{release} 的 V1 引擎不支持该模型，回退到 V0",
	"why.origin.fixed-image", "对该模型无效：其处理器把每张图缩放成 {side} × {side} 的裁切",
	"why.origin.checkpoint-quant", "检查点自身的量化：{method}",
	"why.origin.single", "未设置时为 1",
	"why.origin.devices", "张量并行 × 流水线并行 × 数据并行",
	"why.origin.hccl", "未设置：HCCL 按 CANN 对该设备的默认方式展开（vllm-ascend 的 graph 上限按 FFTS+ 计算）",
	"entry.serve", "vllm serve",
	"entry.llm", "LLM 类",
	"device.small", "小显存",
	"device.large", "大显存",
	"source.logged", "日志记录",
	"source.assumption", "假设",
	"source.logged-family", "同系列设备的日志记录",
	"source.proxy", "以相近设备代替",
})

func init() {
	add(originsEN, originsZH)
}
