package i18n

import "strings"

// The words of calc's generated explanations (calc.Reason), one template
// per reason key and language, and of the values some figures take.
// Templates name the reason's Args as {name}; story and note templates
// name calc.Figures as {name} and a variant's as {v.name}.

var reasonsEN = pairs([]string{
	"why.free.none", "{rule} has no startup check of free memory.",
	"why.free.none-global", "{rule} has no startup check; instead the {others} GiB that other programs hold count inside the budget (see the KV cache check).",
	"why.free.ok", "{free} GiB are free at startup ({total} GiB less {others} GiB of other programs and {context} GiB of vLLM's own context), enough for {u} × {total} = {requested} GiB.",
	"why.free.short", "Only {free} GiB are free at startup ({total} GiB less {others} GiB of other programs and {context} GiB of vLLM's own context): {short} GiB less than the {u} × {total} = {requested} GiB that {rule} requires before it loads anything.",
	"why.weights.ok", "{weights} GiB of weights fit in the {physical} GiB this process can use.",
	"why.weights.short", "{weights} GiB of weights do not fit in the {physical} GiB this process can use ({total} GiB less {others} GiB of other programs and {context} GiB of context and communicators): {short} GiB short, whatever the utilization.",
	"why.profile.ok", "Weights, the {activation} GiB profile peak (largest part: the {dominant}, {dominant_gib} GiB) and {nontorch} GiB of workspaces, {need} GiB in all, fit in {physical} GiB.",
	"why.profile.short", "The profile run needs {need} GiB (weights {weights} GiB, a {activation} GiB peak whose largest part is the {dominant} at {dominant_gib} GiB, workspaces {nontorch} GiB) and the device has {physical} GiB for this process: it runs out of memory before any budget applies, so no gpu_memory_utilization helps.",
	"why.nokv.ok", "The budget, {u} × {total} = {budget} GiB, less weights {weights} GiB, the {activation} GiB peak and {nontorch} GiB of non-torch memory leaves {kv} GiB for the KV cache.",
	"why.nokv.global-short", "In {rule} the {others} GiB that other programs hold and vLLM's own {context} GiB context count against the {budget} GiB budget ({u} × {total} GiB). With {own} GiB of vLLM's weights, peak and workspaces that is {consumed} GiB, so nothing is left for the KV cache ({kv_raw} GiB).",
	"why.nokv.short", "Weights {weights} GiB, the {activation} GiB peak and {nontorch} GiB of non-torch memory come to {consumed} GiB, {over} GiB more than the {budget} GiB budget ({u} × {total} GiB): nothing is left for the KV cache.",
	"why.nokv.override", "--kv-cache-memory-bytes sets the KV cache to {kv} GiB; the budget is not used.",
	"why.nokv.ok-mm-ipc", "Before the KV cache, {before} GiB are left ({u} × {total} = {budget} GiB budget, or the --kv-cache-memory-bytes value, less what the profile counts). The API servers' GPU media decoding reserves {reserve} GiB of it ({raw} GiB of raw frames, {decoders} GiB of video decoders and CUDA context for {servers} API server(s)), and {kv} GiB is the KV cache.",
	"why.nokv.mm-ipc", "Before the KV cache, {before} GiB are left ({u} × {total} = {budget} GiB budget, or the --kv-cache-memory-bytes value, less what the profile counts), and the API servers' GPU media decoding reserves {reserve} GiB ({raw} GiB of raw frames, {decoders} GiB of video decoders and CUDA context for {servers} API server(s)): nothing is left for the KV cache.",
	"why.maxlen.ok", "One {len}-token request needs {need} GiB ({per_token} KiB per token); the cache holds {kv} GiB, {tokens} tokens.",
	"why.maxlen.short", "One {len}-token request needs {need} GiB ({per_token} KiB per token) but the cache has {kv} GiB, which fits {est} tokens: lower --max-model-len to that, or give the cache more memory.",
	"why.maxlen.auto", "--max-model-len auto fitted the length to the cache: {from} → {len} tokens ({need} GiB of the {kv} GiB).",
	"why.kv-init.ok", "On the 310P the KV tensors are converted to the NZ layout after they are allocated ({rule}); the {extra} GiB the conversion holds beside them fits in the {left} GiB left.",
	"why.kv-init.short", "On the 310P the KV tensors are converted to the NZ layout after they are allocated ({rule}), and the conversion holds {extra} GiB beside them; only {left} GiB are left: {short} GiB short, so initialize_kv_cache fails although the budget fit. A lower --gpu-memory-utilization leaves room for it; vllm-ascend 0.15.0rc1 and later allocate NZ directly.",
	"why.kv-init.hybrid-ok", "For a hybrid decoder {rule} gives the layers that share a KV tensor buffers of their own: {copies} more of the KV cache's size ({extra} GiB), which fit in the {left} GiB left.",
	"why.kv-init.hybrid-short", "For a hybrid decoder {rule} gives the layers that share a KV tensor buffers of their own: {copies} more of the KV cache's size ({extra} GiB), but only {left} GiB are left: {short} GiB short, so _allocate_kv_cache_tensors runs out of memory although the budget fit. A lower --gpu-memory-utilization leaves room; vllm-ascend 0.16.0rc1 allocates each tensor once (#6887).",
	"why.graphs.none", "No graphs are captured; the sampler warm-up ({warmup} GiB) fits in the {left} GiB left after the KV cache.",
	"why.graphs.ok", "{count} graphs ({graphs} GiB) and the sampler warm-up ({warmup} GiB) fit in the {left} GiB left after the KV cache, outside the budget.",
	"why.graphs.borrow", "{count} graphs ({graphs} GiB) need more than the {outside} GiB outside the budget: {borrowed} GiB are captured inside the activation reserve. The launch starts, but a peak-size batch at run time may run out of memory.",
	"why.graphs.in-budget", "The {graphs} GiB graph estimate was subtracted from the budget before the KV cache was sized.",
	"why.graphs.encoder-out", "cudagraph_mm_encoder captures {count} vision-encoder graphs, one per token budget up to {largest}, each in a pool of its own ({rule}): {bytes} GiB of the {graphs} GiB capture. No graph estimate counts them, so they come out of what the KV cache leaves.",
	"why.graphs.encoder-pooled", "cudagraph_mm_encoder captures {count} vision-encoder graphs, one per token budget up to {largest}, in one pool, largest first ({rule}): {bytes} GiB of the {graphs} GiB capture. The budget subtracts no graph estimate here, so they come out of what the KV cache leaves.",
	"why.graphs.encoder-in", "cudagraph_mm_encoder captures {count} vision-encoder graphs, one per token budget up to {largest}, in one pool, largest first ({rule}): {bytes} GiB of the {graphs} GiB capture, counted in the graph estimate the budget subtracts.",
	"why.graphs.encoder-release", "cudagraph_mm_encoder is set, but {release} has no vision-encoder CUDA graphs ({rule}): nothing more is captured.",
	"why.graphs.encoder-eager", "cudagraph_mm_encoder is set, but enforce_eager captures no graphs at all, the encoder's included.",
	"why.graphs.encoder-model", "cudagraph_mm_encoder is set, but {release} captures no encoder graphs for this tower ({rule} for the Qwen VL towers), or the calculator does not model the ones it captures: none are counted.",
	"why.graphs.mrv2", "This model runs on model runner V2 ({rule}), whose profile_cudagraph_memory returns 0: the {graphs} GiB of {count} graphs are not subtracted from the budget and are captured in the {left} GiB left after the KV cache. VLLM_USE_V2_MODEL_RUNNER=0 selects the old runner and its estimate.",
	"why.graphs.short", "After the KV cache {left} GiB are left, and {count} graphs ({graphs} GiB) with the sampler warm-up ({warmup} GiB) need {need} GiB: {short} GiB short. Graphs are captured outside the budget, so a lower utilization, --enforce-eager or fewer sequences help.",
	"why.not-reached", "Not reached: the launch stops at an earlier check.",
	"why.reserve.lacking", "{lacking} GiB of the {activation} GiB activation reserve are not on the device: the budget and what other programs hold exceed it.",
	"why.core.fallback", "{release} needs compute capability {need} for its V1 engine; this device has {cc}, so vLLM falls back to V0 (\"Compute Capability < 8.0 is not supported by the V1 Engine. Falling back to V0.\").",
	"why.encoder.dropped", "In {rule} V0 profiles text only when the worst-case multimodal prompt does not fit the dummy sequence: no vision encoder runs in the profile.",
	"why.encoder.skipped", "{release} does not run the vision encoder in the profile run: its memory at run time is outside every figure.",
	"why.sampler.sort", "The dummy sampler warms up top-k and top-p over {rows} requests of {vocab} logits, {bytes} B a logit on PyTorch's sort path: {sampler} GiB of the {activation} GiB peak. An install whose log says “Using FlashInfer for top-p & top-k sampling” needs {other_bytes} B a logit ({other} GiB); VLLM_USE_FLASHINFER_SAMPLER=1 in a pasted command sizes that. Fewer --max-num-seqs shrink both.",
	"why.sampler.sort-only", "The dummy sampler warms up top-k and top-p over {rows} requests of {vocab} logits, {bytes} B a logit on PyTorch's sort path: {sampler} GiB of the {activation} GiB peak. {release} sorts even where FlashInfer is installed; fewer --max-num-seqs shrink it.",
	"why.sampler.flashinfer", "The dummy sampler runs top-k and top-p in FlashInfer (VLLM_USE_FLASHINFER_SAMPLER=1) over {rows} requests of {vocab} logits, {bytes} B a logit: {sampler} GiB of the {activation} GiB peak. PyTorch's sort path would need {other} GiB.",
	"why.weights.lora", "The weights ({weights} GiB) hold {lora} GiB of LoRA slots: {slots} × rank {rank} in every wrapped layer, preallocated when the model loads.",
	"why.encoder.batched", "The largest item is a {modality} of {max_tokens} tokens at max_model_len {max_len}, but {rule} builds the dummy for the {batched}-token batch: it encodes {count} {modality} of {tokens} tokens ({patches} ViT patches, {encoder} GiB).",
	"why.encoder.resized", "The budget counts a {modality} of {max_tokens} tokens ({frames} frames of the largest image at max_model_len {max_len}), but Qwen3-Omni's processor resizes every video frame to at most {cap} merged tokens ({side}² px): the profile encodes {count} {modality} of {tokens} tokens ({patches} ViT patches, {encoder} GiB; inferred from the processor's defaults).",
	"why.encoder.profiled", "The profile run encodes {count} {modality} of {tokens} tokens ({patches} ViT patches): {encoder} GiB in the vision encoder.",
	"why.encoder.profiled-two", "Each V0 dummy sequence carries {count} {modality} of {tokens} tokens and {also_count} {also_modality} of {also_tokens} tokens, encoded in two calls: {encoder} GiB in the vision encoder.",
	"why.decoder.masks", "Gemma 3 on V0 builds a global and a sliding-window attention mask of {len} × {len} for each of the {seqs} dummy sequences and holds them through the decoder pass: {masks} GiB of its {decoder} GiB.",
	"value.image", "image",
	"value.video", "video",
	"value.images", "images",
	"value.videos", "videos",
	"value.starts", "starts",
	"value.fails", "fails",
	"value.decoder", "decoder pass",
	"value.sampler", "sampler",
	"value.encoder", "vision encoder",
	"value.none", "none",
})

var reasonsZH = pairs([]string{
	"why.free.none", "{rule} 没有启动时的空闲显存检查。",
	"why.free.none-global", "{rule} 没有启动检查；其他程序占用的 {others} GiB 改为计入预算（见 KV cache 检查）。",
	"why.free.ok", "启动时空闲 {free} GiB（{total} GiB 减去其他程序的 {others} GiB 和 vLLM 自身上下文的 {context} GiB），足够 {u} × {total} = {requested} GiB。",
	"why.free.short", "启动时只空闲 {free} GiB（{total} GiB 减去其他程序的 {others} GiB 和 vLLM 自身上下文的 {context} GiB）：比 {rule} 在加载任何东西之前要求的 {u} × {total} = {requested} GiB 少 {short} GiB。",
	"why.weights.ok", "{weights} GiB 权重放得进本进程可用的 {physical} GiB。",
	"why.weights.short", "{weights} GiB 权重放不进本进程可用的 {physical} GiB（{total} GiB 减去其他程序的 {others} GiB 以及上下文与通信缓冲的 {context} GiB）：差 {short} GiB，与利用率无关。",
	"why.profile.ok", "权重、{activation} GiB 的 profile 峰值（最大的部分是{dominant}，{dominant_gib} GiB）和 {nontorch} GiB 工作区，合计 {need} GiB，放得进 {physical} GiB。",
	"why.profile.short", "profile 运行需要 {need} GiB（权重 {weights} GiB，{activation} GiB 的峰值，其中最大的是{dominant} {dominant_gib} GiB，工作区 {nontorch} GiB），而设备留给本进程的只有 {physical} GiB：在任何预算生效之前就显存不足，任何 gpu_memory_utilization 都无济于事。",
	"why.nokv.ok", "预算 {u} × {total} = {budget} GiB，减去权重 {weights} GiB、{activation} GiB 的峰值和 {nontorch} GiB 非 torch 显存，剩 {kv} GiB 给 KV cache。",
	"why.nokv.global-short", "在 {rule} 中，其他程序占用的 {others} GiB 和 vLLM 自身 {context} GiB 的上下文都计入 {budget} GiB 的预算（{u} × {total} GiB）。再加上 vLLM 自己 {own} GiB 的权重、峰值和工作区，合计 {consumed} GiB，KV cache 一点都不剩（{kv_raw} GiB）。",
	"why.nokv.short", "权重 {weights} GiB、{activation} GiB 的峰值和 {nontorch} GiB 非 torch 显存合计 {consumed} GiB，比 {budget} GiB 的预算（{u} × {total} GiB）多出 {over} GiB：KV cache 一点都不剩。",
	"why.nokv.override", "--kv-cache-memory-bytes 把 KV cache 设为 {kv} GiB；不使用预算。",
	"why.nokv.ok-mm-ipc", "KV cache 之前还剩 {before} GiB（{u} × {total} = {budget} GiB 的预算或 --kv-cache-memory-bytes 的值，减去 profile 计入的部分）。API server 的 GPU 媒体解码从中预留 {reserve} GiB（原始帧 {raw} GiB，{servers} 个 API server 的视频解码器与 CUDA 上下文 {decoders} GiB），KV cache 为 {kv} GiB。",
	"why.nokv.mm-ipc", "KV cache 之前还剩 {before} GiB（{u} × {total} = {budget} GiB 的预算或 --kv-cache-memory-bytes 的值，减去 profile 计入的部分），而 API server 的 GPU 媒体解码预留 {reserve} GiB（原始帧 {raw} GiB，{servers} 个 API server 的视频解码器与 CUDA 上下文 {decoders} GiB）：KV cache 一点都不剩。",
	"why.maxlen.ok", "一个 {len} token 的请求需要 {need} GiB（每个 token {per_token} KiB）；cache 有 {kv} GiB，{tokens} 个 token。",
	"why.maxlen.short", "一个 {len} token 的请求需要 {need} GiB（每个 token {per_token} KiB），而 cache 只有 {kv} GiB，只够 {est} 个 token：把 --max-model-len 降到这个值，或给 cache 更多显存。",
	"why.maxlen.auto", "--max-model-len auto 把长度调整到 cache 能容纳的值：{from} → {len} 个 token（{kv} GiB 中的 {need} GiB）。",
	"why.kv-init.ok", "在 310P 上，KV 张量分配之后再转换为 NZ 格式（{rule}）；转换时额外占用的 {extra} GiB 放得进剩下的 {left} GiB。",
	"why.kv-init.short", "在 310P 上，KV 张量分配之后再转换为 NZ 格式（{rule}），转换时额外占用 {extra} GiB；只剩 {left} GiB：差 {short} GiB，所以尽管预算放得下，initialize_kv_cache 仍会失败。调低 --gpu-memory-utilization 可以留出空间；vllm-ascend 0.15.0rc1 及之后直接分配 NZ 格式。",
	"why.kv-init.hybrid-ok", "对混合结构的解码器，{rule} 为共享同一 KV 张量的各层各自分配缓冲区：多出 {copies} 份 KV cache 大小（{extra} GiB），放得进剩下的 {left} GiB。",
	"why.kv-init.hybrid-short", "对混合结构的解码器，{rule} 为共享同一 KV 张量的各层各自分配缓冲区：多出 {copies} 份 KV cache 大小（{extra} GiB），而只剩 {left} GiB：差 {short} GiB，所以尽管预算放得下，_allocate_kv_cache_tensors 仍会显存不足。调低 --gpu-memory-utilization 可以留出空间；vllm-ascend 0.16.0rc1 起每个张量只分配一次（#6887）。",
	"why.graphs.none", "不捕获 graph；采样器预热（{warmup} GiB）放得进 KV cache 之后剩下的 {left} GiB。",
	"why.graphs.ok", "{count} 个 graph（{graphs} GiB）和采样器预热（{warmup} GiB）放得进 KV cache 之后、预算之外剩下的 {left} GiB。",
	"why.graphs.borrow", "{count} 个 graph（{graphs} GiB）超出了预算之外的 {outside} GiB：其中 {borrowed} GiB 被捕获在激活预留之中。启动可以成功，但运行时遇到峰值规模的 batch 可能显存不足。",
	"why.graphs.in-budget", "{graphs} GiB 的 graph 估计值在确定 KV cache 大小之前已从预算中扣除。",
	"why.graphs.encoder-out", "cudagraph_mm_encoder 为视觉编码器捕获 {count} 个 graph，每个 token 预算一个，最大 {largest}，各自使用独立的内存池（{rule}）：占 {graphs} GiB 捕获中的 {bytes} GiB。没有任何 graph 估计计入它们，因此它们来自 KV cache 之后剩下的显存。",
	"why.graphs.encoder-pooled", "cudagraph_mm_encoder 为视觉编码器捕获 {count} 个 graph，每个 token 预算一个，最大 {largest}，共用一个内存池、从最大的开始（{rule}）：占 {graphs} GiB 捕获中的 {bytes} GiB。这里预算不扣除 graph 估计，因此它们来自 KV cache 之后剩下的显存。",
	"why.graphs.encoder-in", "cudagraph_mm_encoder 为视觉编码器捕获 {count} 个 graph，每个 token 预算一个，最大 {largest}，共用一个内存池、从最大的开始（{rule}）：占 {graphs} GiB 捕获中的 {bytes} GiB，计入预算扣除的 graph 估计。",
	"why.graphs.encoder-release", "设置了 cudagraph_mm_encoder，但 {release} 没有视觉编码器 CUDA graph（{rule}）：不会多捕获任何 graph。",
	"why.graphs.encoder-eager", "设置了 cudagraph_mm_encoder，但 enforce_eager 不捕获任何 graph，编码器的也不例外。",
	"why.graphs.encoder-model", "设置了 cudagraph_mm_encoder，但 {release} 不为此视觉塔捕获编码器 graph（Qwen VL 视觉塔见 {rule}），或本计算器未对其捕获的 graph 建模：均不计入。",
	"why.graphs.mrv2", "该模型运行在 model runner V2 上（{rule}），其 profile_cudagraph_memory 返回 0：{count} 个 graph 的 {graphs} GiB 不从预算中扣除，而是在 KV cache 之后剩下的 {left} GiB 中捕获。VLLM_USE_V2_MODEL_RUNNER=0 可改用旧 runner 及其估计。",
	"why.graphs.short", "KV cache 之后剩下 {left} GiB，而 {count} 个 graph（{graphs} GiB）加上采样器预热（{warmup} GiB）需要 {need} GiB：差 {short} GiB。graph 在预算之外捕获，所以降低利用率、--enforce-eager 或减少序列数都有帮助。",
	"why.not-reached", "未执行：启动在更早的检查处就已停止。",
	"why.reserve.lacking", "{activation} GiB 激活预留中有 {lacking} GiB 不在设备上：预算加上其他程序占用的显存超过了设备容量。",
	"why.core.fallback", "{release} 的 V1 引擎需要计算能力 {need}；这块设备是 {cc}，所以 vLLM 回退到 V0（\"Compute Capability < 8.0 is not supported by the V1 Engine. Falling back to V0.\"）。",
	"why.encoder.dropped", "在 {rule} 中，如果最坏情况的多模态提示放不进 dummy 序列，V0 只 profile 文本：profile 时不运行视觉编码器。",
	"why.encoder.skipped", "{release} 在 profile 运行中不运行视觉编码器：它在运行时占用的显存不在任何数字之内。",
	"why.sampler.sort", "dummy 采样器在 {rows} 个请求、{vocab} 个 logit 上预热 top-k 与 top-p，按 PyTorch 排序路径每个 logit {bytes} B：占 {activation} GiB 峰值中的 {sampler} GiB。日志里写着“Using FlashInfer for top-p & top-k sampling”的安装每个 logit {other_bytes} B（{other} GiB）；粘贴的命令里带 VLLM_USE_FLASHINFER_SAMPLER=1 就按它计算。减少 --max-num-seqs 两者都会变小。",
	"why.sampler.sort-only", "dummy 采样器在 {rows} 个请求、{vocab} 个 logit 上预热 top-k 与 top-p，按 PyTorch 排序路径每个 logit {bytes} B：占 {activation} GiB 峰值中的 {sampler} GiB。{release} 即使装有 FlashInfer 也走排序；减少 --max-num-seqs 会让它变小。",
	"why.sampler.flashinfer", "dummy 采样器在 FlashInfer 中执行 top-k 与 top-p（VLLM_USE_FLASHINFER_SAMPLER=1），{rows} 个请求、{vocab} 个 logit，每个 logit {bytes} B：占 {activation} GiB 峰值中的 {sampler} GiB。PyTorch 排序路径需要 {other} GiB。",
	"why.weights.lora", "权重（{weights} GiB）中有 {lora} GiB 是 LoRA 槽位：每个被包装的层 {slots} 个、秩 {rank}，在加载模型时预先分配。",
	"why.encoder.batched", "最大的输入是 max_model_len {max_len} 下 {max_tokens} 个 token 的{modality}，但 {rule} 按 {batched} token 的批次构造 dummy：实际编码 {count} 个 {tokens} token 的{modality}（{patches} 个 ViT patch，{encoder} GiB）。",
	"why.encoder.resized", "预算按 {max_tokens} token 的{modality}计算（max_model_len {max_len} 下 {frames} 帧最大尺寸图片），但 Qwen3-Omni 的处理器会把每帧视频缩放到最多 {cap} 个合并后 token（{side}² 像素）：profile 实际编码 {count} 个 {tokens} token 的{modality}（{patches} 个 ViT patch，{encoder} GiB；根据处理器默认值推断）。",
	"why.encoder.profiled", "profile 运行编码 {count} 个 {tokens} token 的{modality}（{patches} 个 ViT patch）：视觉编码器 {encoder} GiB。",
	"why.encoder.profiled-two", "每条 V0 dummy 序列带 {count} 个 {tokens} token 的{modality}和 {also_count} 个 {also_tokens} token 的{also_modality}，分两次编码：视觉编码器 {encoder} GiB。",
	"why.decoder.masks", "Gemma 3 在 V0 上为 {seqs} 条 dummy 序列各构建一个 {len} × {len} 的全局注意力掩码和一个滑动窗口掩码，并在整个解码器前向中保留：占其 {decoder} GiB 中的 {masks} GiB。",
	"value.image", "图片",
	"value.video", "视频",
	"value.images", "图片",
	"value.videos", "视频",
	"value.starts", "成功",
	"value.fails", "失败",
	"value.decoder", "解码器前向",
	"value.sampler", "采样器",
	"value.encoder", "视觉编码器",
	"value.none", "无",
})

// valueKeys are the figures and reason arguments whose values are words
// ("video", "starts"): Fill translates them.
var valueKeys = map[string]bool{"modality": true, "item_modality": true, "also_modality": true, "verdict": true, "dominant": true, "lowest_u": true}

func init() {
	add(reasonsEN, reasonsZH)
}

// Reason renders one of calc's generated explanations in l.
func Reason(l Lang, key string, args map[string]string) string {
	return Fill(l, T(l, "why."+key), args, nil)
}

// Fill replaces {name} with figures[name] and {v.name} with variant[name],
// translating the figures whose values are words and a gate id under
// {gate} into the gate's name.
func Fill(l Lang, template string, figures, variant map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(template, '{')
		if i < 0 {
			b.WriteString(template)
			return b.String()
		}
		j := strings.IndexByte(template[i:], '}')
		if j < 0 {
			b.WriteString(template)
			return b.String()
		}
		name := template[i+1 : i+j]
		src := figures
		if strings.HasPrefix(name, "v.") {
			src, name = variant, name[2:]
		}
		v, ok := src[name]
		if !ok || !isName(name) {
			b.WriteString(template[:i+j+1])
			template = template[i+j+1:]
			continue
		}
		b.WriteString(template[:i])
		b.WriteString(word(l, name, v))
		template = template[i+j+1:]
	}
}

func word(l Lang, name, v string) string {
	switch {
	case name == "gate" && v != "":
		return T(l, "gate."+v+".name")
	case name == "entry" || name == "device":
		if t, ok := tables[l][name+"."+v]; ok {
			return t
		}
	case valueKeys[name]:
		if t, ok := tables[l]["value."+v]; ok {
			return t
		}
	}
	return v
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if (c < 'a' || c > 'z') && c != '_' {
			return false
		}
	}
	return true
}
