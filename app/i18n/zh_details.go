package i18n

// zhDetails translates the details of paste findings and the parsers'
// refusals, keyed by their English text or format (finding.Finding.Format);
// the verbs stay in the same order. vLLM's own messages are not here: they
// stay in English, as in the terminal.
var zhDetails = pairs([]string{
	// Command lines.
	"a quote is not closed; the shell would wait for more input", "引号没有闭合；shell 会继续等待输入",
	"expected 0 or 1", "应为 0 或 1",
	"allocator settings change fragmentation, not vLLM's budget arithmetic", "分配器设置影响的是碎片，而不是 vLLM 的预算计算",
	"chooses which devices; the device count comes from the parallel sizes", "只选择用哪些卡；卡数由并行度决定",
	"does not change how vLLM sizes memory", "不影响 vLLM 的显存划分",
	"a stray word; vLLM would reject it as an unrecognised argument", "多余的词；vLLM 会以“无法识别的参数”拒绝它",
	"not a flag this calculator knows; ignored", "本计算器不认识这个参数；已忽略",
	"expected one argument", "需要一个参数值",
	"the model must be a string", "model 必须是字符串",
	"expected a positive number of bytes", "应为正的字节数",
	"expected true or false", "应为 true 或 false",
	"float32 weights are not modelled", "未建模 float32 权重",
	"%s; did you mean '%s'?", "%s；是不是想写 '%s'？",
	"expected JSON such as '{\"image\": 2}' or the older form image=2,video=0", "应为 JSON，如 '{\"image\": 2}'，或旧写法 image=2,video=0",
	"the key=value form is vLLM 0.8.4 and earlier; later versions want JSON: '%s'", "key=value 写法只适用于 vLLM 0.8.4 及更早版本；之后的版本需要 JSON：'%s'",
	"expected a mapping such as {\"image\": 2, \"video\": 0}", "应为映射，如 {\"image\": 2, \"video\": 0}",
	"expected a count of 0 or more", "应为 0 或更大的数量",
	"this modality is not modelled", "未建模这种模态",
	"expected a JSON object", "应为 JSON 对象",
	"expected a positive whole number of pixels", "应为正整数像素数",
	"only the pixel bounds and InternVL's max_dynamic_patch are modelled", "只建模了像素上下限和 InternVL 的 max_dynamic_patch",
	"expected a whole number of tiles from 1 to 64", "应为 1 到 64 之间的整数切块数",
	"the call's closing parenthesis is missing", "调用缺少右括号",
	"a positional argument after the model", "model 之后的位置参数",
	"not a literal value (a variable or a call); set it on the page", "不是字面值（变量或函数调用）；请在页面上设置",
	"the launch names no model", "启动命令没有指定模型",
	"online quantization %q is not modelled; the calculator sizes fp8 and the checkpoint's own quantization", "未建模在线量化 %q；计算器只计算 fp8 和检查点自身的量化",
	"in the V0 engine chunked prefill changes the default max_num_batched_tokens; set that option instead", "在 V0 引擎中，chunked prefill 会改变 max_num_batched_tokens 的默认值；请直接设置该选项",
	"moves part of the weights to host memory", "把部分权重移到主机内存",
	"a pooling model: its profile run pools the hidden states instead of computing logits and sampling, which is not modelled; the estimate sizes the generate runner", "池化模型：其 profile 运行对隐藏状态做池化，而不计算 logits 和采样，本计算器未建模；估算按生成 runner 计算",
	"replaces the number of KV cache blocks vLLM computed", "替换 vLLM 算出的 KV cache 块数",
	"a draft model adds its own weights and KV cache", "草稿模型会增加自己的权重和 KV cache",
	"changes the CUDA graph capture sizes", "改变 CUDA graph 捕获的批大小",
	"not a mode CANN takes (%s); HCCL keeps its default", "不是 CANN 支持的模式（%s）；HCCL 保持默认",
	"the processor cache lives in host memory, but its size changes the encoder budget in some versions", "处理器缓存位于主机内存，但在某些版本中它的大小会改变编码器预算",

	// The page's own reading of a command or a log.
	"not in the catalog: the page keeps its model; paste the model's config.json to size it", "不在目录中：页面保留当前模型；粘贴该模型的 config.json 即可估算",
	"not in the catalog: the page keeps its model", "不在目录中：页面保留当前模型",
	"from the sampler line: the dummy sampler is sized on the path that ran", "来自采样器那一行：dummy 采样器按实际执行的路径计算",
	"the catalog's %s", "目录中的 %s",
	"absent: true, the default of %s's config class", "缺省：true，即 %s 配置类的默认值",
	"a layer type is %q or %q", "层类型只能是 %q 或 %q",
	"one type per layer: num_hidden_layers is %d", "每层一个类型：num_hidden_layers 为 %d",
	"%d sliding, %d full", "%d 层滑动窗口，%d 层全注意力",
	"%d linear, %d full", "%d 层线性注意力，%d 层全注意力",
	"one shared MLP of %d", "一个宽度为 %d 的共享 MLP",
	"the first %d layers keep a dense MLP", "前 %d 层保留稠密 MLP",
	"MLA: qk_nope_head_dim + qk_rope_head_dim", "MLA：qk_nope_head_dim + qk_rope_head_dim",
	"the MTP layer loads only with speculative decoding", "MTP 层只在投机解码时加载",
	"every layer after first_k_dense_replace is sized as an MoE layer", "first_k_dense_replace 之后的每一层都按 MoE 层计算",
	"absent: true, as vLLM's qwen3_next.py reads it", "缺省：true，与 vLLM qwen3_next.py 的读取方式一致",
	"absent: 4, the default of Qwen3NextConfig", "缺省：4，即 Qwen3NextConfig 的默认值",
	"absent: every layer but each %dth is linear attention (Qwen3NextConfig)", "缺省：除每第 %d 层外均为线性注意力（Qwen3NextConfig）",
	"absent: even layers slide (vLLM gemma2.py)", "缺省：偶数层为滑动窗口（vLLM gemma2.py）",
	"absent: 6, the default of Gemma3TextConfig", "缺省：6，即 Gemma3TextConfig 的默认值",
	"absent: every layer but each %dth slides (vLLM gemma3.py)", "缺省：除每第 %d 层外均为滑动窗口（vLLM gemma3.py）",
	"weights + non-torch as one figure (the ledger of vLLM #49208)", "权重与非 torch 显存合为一个数字（vLLM #49208 的汇总日志）",
	"older than every release the calculator models; the page keeps its engine", "早于计算器建模的所有版本；页面保留当前引擎",
	"not a listed release: read as %s, the latest listed release before it", "不在版本表中：按它之前最近的已列版本 %s 处理",
	"no catalog device reports this total; set as the device total", "目录中没有设备报告这个总量；已设为设备总显存",

	// config.json.
	"config.json names no model_type", "config.json 没有给出 model_type",
	"model_type %q is not modelled; the calculator sizes %s decoders and the %s vision towers", "未建模 model_type %q；本计算器支持 %s 解码器和 %s 视觉塔",
	"the vision tower of model_type %q is not modelled; the calculator sizes %s", "未建模 model_type %q 的视觉塔；本计算器支持 %s",
	"needed to size the decoder", "估算解码器需要此字段",
	"absent: one KV head per attention head (no GQA), as transformers defaults it", "缺省：每个注意力头一个 KV 头（无 GQA），与 transformers 的默认值一致",
	"num_attention_heads %d is not a multiple of it", "num_attention_heads %d 不是它的整数倍",
	"absent: hidden_size / num_attention_heads (ModelConfig.get_head_size)", "缺省：hidden_size / num_attention_heads（ModelConfig.get_head_size）",
	"an MoE decoder needs its experts' width", "MoE 解码器需要专家的宽度",
	"dense layers inside an MoE decoder are sized as MoE layers", "MoE 解码器中的稠密层按 MoE 层计算",
	"StarCoder2 without biases is sized with them", "不带偏置的 StarCoder2 按带偏置计算",
	"OPT without biases is sized with them", "不带偏置的 OPT 按带偏置计算",
	"an embedding of %d beside a decoder of %d (project_in/out) is not modelled", "嵌入宽度 %d 与解码器宽度 %d 不同（project_in/out），未建模",
	"OPT's post-norm layout (no final LayerNorm) is not modelled", "OPT 的后置归一化结构（无最终 LayerNorm）未建模",
	"every layer is sized as an MoE layer", "每一层都按 MoE 层计算",
	"absent: false, the default of %s's config class", "缺省：false，即 %s 配置类的默认值",
	"absent: vLLM derives max_model_len 2048 (_get_and_verify_max_len)", "缺省：vLLM 推出 max_model_len 为 2048（_get_and_verify_max_len）",
	"absent: bfloat16, as the published Qwen and Llama checkpoints", "缺省：bfloat16，与已发布的 Qwen 和 Llama 检查点一致",
	"model_type %s has no vision tower in vLLM", "model_type %s 在 vLLM 中没有视觉塔",
	"changes the default max_model_len", "会改变 max_model_len 的默认值",
	"absent: 4-bit, the %s default", "缺省：4 bit，即 %s 的默认值",
	"block scales are small; sized as per-channel scales", "块缩放因子很小；按逐通道缩放因子计算",
	"4-bit pack-quantized weights sized as GPTQ (packed int32, fp16 scales per group)", "4 bit pack-quantized 权重按 GPTQ 计算（打包为 int32，每组 fp16 缩放因子）",
	"quantization_config names no quant_method", "quantization_config 没有给出 quant_method",
	"weights are sized at the bits given, without this method's scales", "权重按给出的位数计算，不含此方法的缩放因子",
	"expected 4, 8 or 16", "应为 4、8 或 16",
	"the vision tower stays 16-bit, as the calculator sizes it", "视觉塔保持 16 bit，本计算器也按此计算",
	"a %s model needs its vision_config", "%s 模型需要 vision_config",
	"needed to size the vision tower", "估算视觉塔需要此字段",
	"absent: the decoder's hidden_size", "缺省：解码器的 hidden_size",
	"absent: 4, Qwen2VLVisionConfig's default", "缺省：4，即 Qwen2VLVisionConfig 的默认值",
	"ViT MLP width = mlp_ratio × embed_dim = %d", "ViT MLP 宽度 = mlp_ratio × embed_dim = %d",
	"absent: the family's default", "缺省：该系列的默认值",
	"absent: 2, the family's default", "缺省：2，即该系列的默认值",
	"the merger's output (%d) must match the decoder's hidden_size (%d)", "merger 的输出（%d）必须等于解码器的 hidden_size（%d）",
	"not pasted: the %s image processor's defaults", "未粘贴：使用 %s 图像处理器的默认值",
	"not pasted: the Qwen3-VL video processor's defaults", "未粘贴：使用 Qwen3-VL 视频处理器的默认值",
	"larger than max_pixels", "大于 max_pixels",

	// Startup logs.
	"the processes the OOM message lists besides the one that failed", "OOM 消息中列出的、出错进程以外的其他进程",
	"peak_torch_memory minus the weights (vLLM 0.6 logs the peak with the weights in it)", "peak_torch_memory 减去权重（vLLM 0.6 记录的峰值包含权重）",

	// Refusals: the whole paste could not be read.
	"no vLLM launch found: expected `vllm serve MODEL ...`, `python -m vllm.entrypoints.openai.api_server --model MODEL ...`, a vllm/vllm-openai docker run, or `LLM(model=...)`", "没有找到 vLLM 启动命令：应为 `vllm serve MODEL ...`、`python -m vllm.entrypoints.openai.api_server --model MODEL ...`、vllm/vllm-openai 的 docker run，或 `LLM(model=...)`",
	"text too long for a command line (over 1 MiB)", "作为命令行太长（超过 1 MiB）",
	"text too long for a config (over 4 MiB)", "作为配置文件太长（超过 4 MiB）",
	"no config.json in the paste: expected an object with model_type, architectures or num_hidden_layers", "粘贴内容中没有 config.json：应为包含 model_type、architectures 或 num_hidden_layers 的对象",
	"cannot size this model: ", "无法估算此模型：",
	"no JSON object in the paste", "粘贴内容中没有 JSON 对象",
	"no vLLM startup figures found: expected lines such as \"model weights take …GiB\", \"Available KV cache memory: … GiB\" or \"# cuda blocks: …\"", "没有找到 vLLM 启动数据：应有 \"model weights take …GiB\"、\"Available KV cache memory: … GiB\" 或 \"# cuda blocks: …\" 这样的行",
	"log too long (over 8 MiB); paste the startup part", "日志太长（超过 8 MiB）；请只粘贴启动部分",
	"a figure is beyond any device (over 1 PiB)", "有数值超出任何设备（超过 1 PiB）",
})

// zhRefusals translates the reasons calc/hfconfig gives for model types
// it cannot size (hfconfig.UnmodelledReasons).
var zhRefusals = pairs([]string{
	"model_type %q: %s", "model_type %q：%s",
	"absent: Gemma3TextConfig's default", "缺省：Gemma3TextConfig 的默认值",
	"must be hidden_size × (1 + intermediate layers) = %d", "必须等于 hidden_size × (1 + 中间层数) = %d",
	"the model's max_num_tiles (%d) sizes the dummy image", "dummy 图像按模型的 max_num_tiles（%d）计算",
	"absent: SiglipVisionConfig's default", "缺省：SiglipVisionConfig 的默认值",
	"absent: PixtralVisionConfig's default", "缺省：PixtralVisionConfig 的默认值",
	"a Nemotron-NAS config needs one block per layer (%d layers)", "Nemotron-NAS 配置需要每层一个 block（共 %d 层）",
	"layer %d replaces attention with a linear, which is not modelled", "第 %d 层用线性层替换了注意力，本计算器未建模",
	"layer %d replaces its FFN with a linear, which is not modelled", "第 %d 层用线性层替换了 FFN，本计算器未建模",
	"layer %d's n_heads_in_group does not divide num_attention_heads %d", "第 %d 层的 n_heads_in_group 不能整除 num_attention_heads %d",
	"layer %d's ffn_mult is not a positive number", "第 %d 层的 ffn_mult 不是正数",
	"no layer attends", "没有任何一层带注意力",
	"from block_configs: the first attending layer's (get_total_num_kv_heads)", "取自 block_configs：第一个带注意力的层的值（get_total_num_kv_heads）",
	"%d attend; MLP widths up to %d", "%d 层带注意力；MLP 宽度最大 %d",
	"absent: Mistral3Config's default", "缺省：Mistral3Config 的默认值",
	"absent: no projector biases, as Mistral Small 3.1 states", "缺省：投影层无偏置，与 Mistral Small 3.1 的配置一致",
	"absent: InternVLChatConfig's default", "缺省：InternVLChatConfig 的默认值",
	"absent: InternVisionConfig's default", "缺省：InternVisionConfig 的默认值",
	"absent: Gemma3Config's default", "缺省：Gemma3Config 的默认值",
	"Gemma 3 builds no pooling head; the head's weights are not counted", "Gemma 3 不构建池化头；不计其权重",
	"pan-and-scan crops are not modelled: each image is sized as one crop", "未建模 pan-and-scan 裁切：每张图按一个裁切计算",
	"pan-and-scan off (Gemma3ProcessorKwargs' default): one crop per image", "pan-and-scan 关闭（Gemma3ProcessorKwargs 的默认值）：每张图一个裁切",
	"hybrid Mamba layers are not modelled", "未建模混合的 Mamba 层",
	"the CLIP vision tower and projector are not modelled", "未建模 CLIP 视觉塔和投影层",
	"the CLIP vision tower, projector and image tiling are not modelled", "未建模 CLIP 视觉塔、投影层和图像切块",
	"the SigLIP vision tower, projector and image tiling are not modelled", "未建模 SigLIP 视觉塔、投影层和图像切块",
	"the SigLIP vision tower and resampler of MiniCPM-V are not modelled", "未建模 MiniCPM-V 的 SigLIP 视觉塔和重采样器",
	"the GLM-4V vision tower is not modelled", "未建模 GLM-4V 视觉塔",
	"the audio and vision encoders of the Omni models are not modelled", "未建模 Omni 模型的音频和视觉编码器",
})

func init() {
	for k, v := range zhRefusals {
		zhDetails[k] = v
	}
}

func init() {
	zhDetails["text_config's value is the one read"] = "读取的是 text_config 中的值"
	zhDetails["not read by the calculator"] = "本计算器没有读取"
}
