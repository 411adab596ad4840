package calc

// This file sizes the weights one rank holds: "Model loading took X GiB",
// which DeviceMemoryProfiler measures as torch allocated bytes across
// load_model (vllm/v1/worker/gpu_model_runner.py load_model; calc/README.md "Weights").
// Everything the model keeps on the device counts: parameters, quantization
// scales, and persistent buffers (the rotary cos/sin cache, Qwen3-VL's
// deepstack input buffers).

// vocabPadding is DEFAULT_VOCAB_PADDING_SIZE: VocabParallelEmbedding and
// ParallelLMHead pad the vocabulary to a multiple of 64
// (vllm/model_executor/layers/vocab_parallel_embedding.py).
const vocabPadding = 64

// linearShape is one linear layer's shape on one rank, in input and output
// features, with its bias (if any) already sized for the rank.
type linearShape struct {
	in, out int64
	bias    int64 // bias elements held by this rank
}

// params is the parameter count of l on this rank.
func (l linearShape) params() int64 { return l.in*l.out + l.bias }

// ComputeWeights sizes the weights one rank of pipeline stage `stage` holds.
//
// Text decoder: the layers vLLM's get_pp_indices gives the stage
// (vllm/distributed/utils.py: layers split evenly, the remainder added one
// each to the stages before the last, counting back from the second-last),
// split by TP: q and o by heads, k and v by KV heads (replicated when there
// are fewer KV heads than ranks), MLP and experts by intermediate size;
// norms, routers and row-parallel biases replicated. The embedding sits on
// the first stage, the LM head and final norm on the last (tied: the last
// stage holds the embedding as its head, Qwen2Model/LlamaModel).
// Vision tower: built on every stage (Qwen2/2.5/3-VL __init__ have no PP
// guard), split by TP (mm_encoder_tp_mode "weights"), and never quantized
// (VL checkpoints list "visual" in modules_to_not_convert / ignore); not
// built at all with both mm limits 0 where ProfileRules.SkipTowerWithoutMM.
func ComputeWeights(r *Resolved, stage int) Weights {
	if r == nil {
		return Weights{}
	}
	m := &r.Model
	t := m.Text
	pp := max(r.PP, 1)
	stage = min(max(stage, 0), pp-1)
	db := dtypeBytes(r.Dtype)
	f := formatOf(m.Quant, db)

	var w Weights
	w.Params = ModelParams(m)
	if t.Layers <= 0 || t.Hidden <= 0 {
		return w // validate refuses such a model; nothing to size
	}

	w = stageParams(r, m, f, db, rankSplitOf(r), pp, stage)
	w.Params = ModelParams(m)
	if m.CheckpointBytes > 0 {
		// The files' bytes replace the derived ones: every part is scaled
		// by files / (the whole model's derived parameter bytes).
		whole := stageParams(r, m, f, db, rankSplit{tp: 1, moe: 1}, 1, 0)
		if whole.Total > 0 {
			k := float64(m.CheckpointBytes) / float64(whole.Total)
			for _, b := range []*Bytes{&w.Text, &w.Vision, &w.Embedding, &w.LMHead} {
				*b = Bytes(float64(*b) * k)
			}
		}
	}
	_, n := ppLayers(t.Layers, stage, pp)
	// Rotary cos/sin caches (rope.go): [rows, rotary_dim] in the model
	// dtype. Held by every stage that runs layers.
	if n > 0 && t.MaxPositions > 0 {
		w.Text += Bytes(ropeCacheRows(m, r.Engine.Profile.MRopeRows) * int64(t.rotaryDim()) * int64(db))
	}
	// Qwen3-VL keeps deepstack_input_embeds: one
	// [max_num_batched_tokens, hidden] buffer per deepstack level, allocated
	// in __init__ (vllm/model_executor/models/qwen3_vl.py), which has no PP
	// guard, so every stage holds them.
	if m.Vision != nil && len(m.Vision.Deepstack) > 0 {
		w.Text += Bytes(int64(len(m.Vision.Deepstack)) * int64(max(r.MaxNumBatchedTokens, 0)) * int64(t.Hidden) * int64(db))
	}
	// The LoRA slots are created inside load_model's memory profiler, so
	// "Model loading took" includes them.
	w.LoRA = LoRABytes(r, stage)
	w.Total = w.Text + w.Vision + w.Embedding + w.LMHead + w.LoRA
	w.FromFiles = m.CheckpointBytes > 0
	return w
}

// stageParams is the parameter bytes (no buffers) one rank of a stage holds.
func stageParams(r *Resolved, m *Model, f weightFormat, db int, s rankSplit, pp, stage int) Weights {
	if m.Quant != nil && m.Quant.Method == "mxfp4" {
		return mxfp4Params(r, m, db, s, pp, stage)
	}
	t := m.Text
	tp := s.tp
	var w Weights
	first, n := ppLayers(t.Layers, stage, pp)
	if len(t.Blocks) > 0 {
		w.Text = nasBytes(m, f, db, tp, first, n)
	}
	for _, k := range layerKinds {
		c := countLayers(t, first, n, k)
		if c == 0 || len(t.Blocks) > 0 {
			continue
		}
		per := Bytes(0)
		for _, l := range layerLinears(m, s, k) {
			per += f.bytes(l, db)
		}
		per += Bytes(layerNormParams(m, k) * int64(db))
		w.Text += per * Bytes(c)
	}

	vocabRank := divCeil64(roundUp64(int64(t.Vocab), vocabPadding), int64(tp))
	table := Bytes(vocabRank * int64(t.Hidden) * int64(db))
	last := stage == pp-1
	// OPT and StarCoder2 build their embeddings, final norm and head on
	// every pipeline stage (no PPMissingLayer in opt.py, starcoder2.py).
	every := plainMLP(m)
	if stage == 0 || (t.TieEmbeddings && last) || every {
		w.Embedding = table
	}
	if stage == 0 || every {
		w.Embedding += Bytes(learnedPositions(m) * int64(t.Hidden) * int64(db))
	}
	if last || every {
		w.Text += Bytes(int64(t.Hidden) * int64(db)) // final norm
		if plainMLP(m) {
			w.Text += Bytes(int64(t.Hidden) * int64(db)) // its bias
		}
		if !t.TieEmbeddings {
			w.LMHead = table
		}
	}
	if m.Vision != nil && !(r.Engine.Profile.SkipTowerWithoutMM && r.LimitImages == 0 && r.LimitVideos == 0) {
		w.Vision = visionBytes(m, f, db, tp, r.Engine.Profile.PadVisionHeads)
		w.Vision += audioBytes(r, db, tp) // Qwen3-Omni's audio tower (omni.go)
		if visionKind(m) == vitMiniCPMV {
			w.Vision += minicpmvBuffers(m, db) // the resampler's position cache
		}
	}
	w.Total = w.Text + w.Vision + w.Embedding + w.LMHead
	return w
}

// ModelParams is the whole model's parameter count as the checkpoint
// stores it: text decoder, embedding, LM head (once when tied), vision
// tower with merger(s). Vocabulary padding and buffers are not parameters.
func ModelParams(m *Model) int64 {
	if m == nil {
		return 0
	}
	t := m.Text
	n := int64(t.Vocab)*int64(t.Hidden) + int64(t.Hidden) + learnedPositions(m)*int64(t.Hidden)
	if plainMLP(m) {
		n += int64(t.Hidden) // the final LayerNorm's bias
	}
	n += blockParams(m)
	for _, k := range layerKinds {
		c := countLayers(t, 0, max(t.Layers, 0), k)
		if c == 0 || len(t.Blocks) > 0 {
			continue
		}
		per := layerNormParams(m, k)
		for _, l := range layerLinears(m, rankSplit{tp: 1, moe: 1}, k) {
			per += l.params()
		}
		n += int64(c) * per
	}
	if !t.TieEmbeddings {
		n += int64(t.Vocab) * int64(t.Hidden)
	}
	if m.Vision != nil {
		n += visionParams(m, 1)
	}
	return n + audioParams(m.Audio, 1, true)
}

// hasQKVBias reports whether the family's attention has q/k/v biases
// (Qwen2 and Qwen2-based VL decoders always do; others by attention_bias).
func hasQKVBias(m *Model) bool {
	switch m.Family {
	case "qwen2", "qwen2_vl", "qwen2_5_vl", "qwen2_moe", "opt", "starcoder2":
		return true
	}
	return m.Text.AttentionBias
}

// hasQKNorm reports the per-head q_norm and k_norm (RMSNorm of head_dim) of Qwen3 and Gemma 3.
func hasQKNorm(m *Model) bool {
	switch m.Family {
	case "qwen3", "qwen3_moe", "qwen3_vl", "qwen3_vl_moe", "gemma3_text", "gemma3", "qwen3_next", "qwen3_5", "qwen3_5_moe", omniFamily:
		return true
	}
	return false
}

// rankSplit is how one rank's share of a layer is cut: attention and dense
// MLPs over the tp ranks, MoE experts over moe = TP × DP ranks (FusedMoE
// flattens TP across DP: "Adjust TP size for DP attention", since 0.8;
// FusedMoEParallelConfig.make flatten_tp_across_dp later), on their width,
// or, with ep (--enable-expert-parallel and TP × DP > 1), whole experts
// spread over the ranks (determine_expert_map: the first ranks take the
// remainder, so the largest rank holds ceil(E / ranks)).
type rankSplit struct {
	tp, moe int
	ep      bool
}

// rankSplitOf is r's split.
func rankSplitOf(r *Resolved) rankSplit {
	s := rankSplit{tp: max(r.TP, 1), moe: max(r.TP, 1) * max(r.DP, 1)}
	s.ep = r.Options.ExpertParallel != nil && *r.Options.ExpertParallel && s.moe > 1
	return s
}

// layerLinears lists one decoder layer's linears on one rank cut by s.
// QKVParallelLinear: q heads / tp, KV heads max(1, kv/tp) (replicated when
// fewer); RowParallelLinear o_proj; MergedColumnParallelLinear gate_up and
// RowParallelLinear down; FusedMoE experts as rankSplit says; the router
// (ReplicatedLinear) and the shared-expert gate replicated.
// A gated DeltaNet layer has linearLinears in place of attention, an MLA
// decoder mlaLinears; a dense layer of an MoE decoder (DeepSeek's first
// first_k_dense_replace) keeps the dense MLP.
func layerLinears(m *Model, s rankSplit, k layerKind) []linearShape {
	t := m.Text
	tp := s.tp
	h := int64(t.Hidden)
	var ls []linearShape
	switch {
	case k.linear && t.LinearAttention != nil:
		ls = linearLinears(m, s)
	case t.MLA != nil:
		ls = mlaLinears(m, s)
	default:
		d := int64(t.HeadSize())
		q := int64(divCeil(max(t.Heads, 0), tp))
		kv := int64(t.KVHeadsPerRank(tp))
		if t.KVHeads <= 0 {
			kv = q
		}
		var qb, kvb int64
		if hasQKVBias(m) {
			qb, kvb = q*d, kv*d
		}
		gate := int64(1)
		if t.OutputGate {
			gate = 2 // q_proj also yields the output gate
		}
		var ob int64
		if plainMLP(m) {
			ob = h // out_proj / o_proj bias, replicated
		}
		ls = []linearShape{
			{in: h, out: gate * q * d, bias: qb},
			{in: h, out: kv * d, bias: kvb},
			{in: h, out: kv * d, bias: kvb},
			{in: q * d, out: h, bias: ob},
		}
	}
	if plainMLP(m) {
		return append(ls, plainLinears(m, tp)...)
	}
	if t.Experts > 0 && !k.dense {
		e := int64(t.Experts)
		local, mi := e, int64(divCeil(max(t.MoEIntermediate, 0), max(s.moe, 1)))
		if s.ep {
			local, mi = divCeil64(e, int64(s.moe)), int64(max(t.MoEIntermediate, 0))
		}
		ls = append(ls,
			linearShape{in: h, out: e},              // router
			linearShape{in: h, out: local * 2 * mi}, // experts w13
			linearShape{in: local * mi, out: h})     // experts w2 (in counts the rank's experts)
		if t.SharedExpertSize > 0 {
			si := int64(divCeil(t.SharedExpertSize, tp))
			ls = append(ls, linearShape{in: h, out: 2 * si}, linearShape{in: si, out: h})
			if t.MLA == nil {
				ls = append(ls, linearShape{in: h, out: 1}) // shared_expert_gate (Qwen MoE; DeepSeek has none)
			}
		}
		return ls
	}
	i := int64(divCeil(max(t.Intermediate, 0), tp))
	return append(ls, linearShape{in: h, out: 2 * i}, linearShape{in: i, out: h})
}

// layerNormParams is one decoder layer's norm parameters (replicated):
// input and post-attention RMSNorm, plus Qwen3's q_norm and k_norm on
// attention layers.
func layerNormParams(m *Model, k layerKind) int64 {
	linear := k.linear
	n := 2 * int64(m.Text.Hidden)
	if plainMLP(m) {
		n = 4 * int64(m.Text.Hidden) // two LayerNorms, weight and bias
	}
	if m.Family == "gemma2" || m.Family == "gemma3_text" || m.Family == "gemma3" || m.Family == "glm4v" {
		// input, post_attention, pre_ and post_feedforward layernorms
		// (GLM-4's input, post_self_attn, post_attention and post_mlp).
		n = 4 * int64(m.Text.Hidden)
	}
	if hasQKNorm(m) && !linear {
		n += 2 * int64(m.Text.HeadSize())
	}
	if a := m.Text.MLA; a != nil {
		n += int64(a.QLoraRank + a.KVLoraRank) // q_a_layernorm, kv_a_layernorm
	}
	return n
}

// ppLayers returns the first layer index and the layer count of `stage`
// (vllm/distributed/utils.py get_pp_indices without VLLM_PP_LAYER_PARTITION).
func ppLayers(layers, stage, pp int) (first, n int) {
	if pp <= 1 {
		return 0, layers
	}
	parts := make([]int, pp)
	for i := range parts {
		parts[i] = layers / pp
	}
	for i := 2; i < layers%pp+2; i++ {
		parts[pp-i]++
	}
	for i := 0; i < stage; i++ {
		first += parts[i]
	}
	return first, parts[stage]
}

// Vision tower layouts.
const (
	vitQwen2  = "qwen2_vl"   // LayerNorm, fc1/fc2 MLP of mlp_ratio·E, no patch bias
	vitQwen25 = "qwen2_5_vl" // RMSNorm, gated SwiGLU MLP of intermediate_size
	vitQwen3  = "qwen3_vl"   // LayerNorm, fc1/fc2 MLP, patch bias, learned positions, deepstack mergers
)

// visionKind names the vision tower layout from the model family, falling
// back on the vision config's shape when the family is not stated.
func visionKind(m *Model) string {
	if k, ok := towerOfFamily[m.Family]; ok {
		return k
	}
	v := m.Vision
	switch {
	case v == nil:
		return ""
	case v.ImageSize > 0 && v.SpatialMerge == 0:
		return vitSiglip
	case len(v.Deepstack) > 0 || v.PositionEmbedding > 0:
		return vitQwen3
	case v.GatedMLP:
		return vitQwen25
	}
	return vitQwen2
}

// inChannels is the tower's input channels: in_channels, or RGB's 3.
func inChannels(v *VisionConfig) int64 {
	if v.InChannels > 0 {
		return int64(v.InChannels)
	}
	return 3
}

// visionMLP is the ViT MLP width: intermediate_size, or mlp_ratio × width
// (Qwen2-VL states only mlp_ratio = 4).
func visionMLP(v *VisionConfig) int64 {
	if v.Intermediate > 0 {
		return int64(v.Intermediate)
	}
	ratio := v.MLPRatio
	if !(ratio > 0 && ratio <= 64) { // NaN, ±Inf, nonsense: Qwen2-VL's 4
		ratio = 4
	}
	return int64(float64(v.Hidden) * ratio)
}

// visionParams counts the vision tower and merger(s) parameters one of tp
// ranks holds (mm_encoder_tp_mode "weights": qkv, fc1/gate/up and the
// merger's first linear column-parallel; proj, fc2/down and the merger's
// second linear row-parallel, their biases replicated; patch embedding,
// position table and norms replicated). Layouts follow
// vllm/model_executor/models/qwen2_vl.py, qwen2_5_vl.py and qwen3_vl.py.
func visionParams(m *Model, tp int) int64 {
	v := m.Vision
	if v == nil || v.Hidden <= 0 || v.Depth <= 0 {
		return 0
	}
	kind := visionKind(m)
	if t := towers[kind]; t.params != nil {
		return t.params(m, tp)
	}
	e := int64(v.Hidden)
	temporal := int64(max(v.TemporalPatchSize, 1))
	p := int64(v.PatchSize)
	merged := e * int64(max(v.SpatialMerge, 1)) * int64(max(v.SpatialMerge, 1))
	// The linears (qkv, proj, the MLP, the mergers) are qwenVisionLinears'
	// (visionquant.go); the rest is the patch embedding and the norms:
	// LayerNorm's weight and bias, Qwen2.5-VL's RMSNorm weight alone.
	norm := func(width int64) int64 {
		if kind == vitQwen25 {
			return width
		}
		return 2 * width
	}
	total := inChannels(v) * temporal * p * p * e
	for _, l := range qwenVisionLinears(m, tp) {
		total += l.params()
	}
	total += int64(v.Depth)*2*norm(e) + norm(e) // two per block, the merger's
	if kind == vitQwen3 {
		total += e // patch embedding bias
		total += int64(v.PositionEmbedding) * e
		total += int64(len(v.Deepstack)) * norm(merged)
	}
	return total
}
