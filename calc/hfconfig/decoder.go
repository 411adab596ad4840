package hfconfig

// This file reads the text decoder's dimensions: from text_config where
// the config nests them, else the top level.

import (
	"fmt"
	"math"

	"vram/calc/finding"
)

// configFields reads the decoder's numbers from text_config, else the top level.
type configFields struct {
	r         *Result
	cfg, text obj
	prefix    string // "text_config." when nested
}

func (f configFields) get(k string) (float64, bool) {
	if v, ok := f.text.num(k); ok {
		f.r.mark("text_config." + k)
		return v, true
	}
	f.r.mark(k)
	return f.cfg.num(k)
}

func (f configFields) boolean(k string) (bool, bool) {
	if b, ok := f.text.boolean(k); ok {
		f.r.mark("text_config." + k)
		return b, true
	}
	f.r.mark(k)
	return f.cfg.boolean(k)
}

// need reads a positive integer the decoder cannot be sized without.
func (f configFields) need(k string, dst *int) {
	v, ok := f.get(k)
	if !ok || v <= 0 || v != math.Trunc(v) || v > 1<<30 {
		f.r.Findings.Add(f.prefix+k, "", finding.Missing, "needed to size the decoder")
		return
	}
	*dst = int(v)
}

// opt reads a non-negative integer if present.
func (f configFields) opt(k string, dst *int) bool {
	v, ok := f.get(k)
	if !ok || v < 0 || v != math.Trunc(v) || v > 1<<30 {
		return false
	}
	*dst = int(v)
	return true
}

// decoder reads the text decoder's dimensions.
func (r *Result) decoder(f configFields, mt string) {
	t := &r.Model.Text
	prefix := f.prefix
	f.need("hidden_size", &t.Hidden)
	f.need("num_hidden_layers", &t.Layers)
	f.need("num_attention_heads", &t.Heads)
	f.need("vocab_size", &t.Vocab)
	if !f.opt("num_key_value_heads", &t.KVHeads) || t.KVHeads == 0 {
		t.KVHeads = t.Heads
		r.Findings.Add(prefix+"num_key_value_heads", fmt.Sprint(t.Heads), finding.Assumed, "absent: one KV head per attention head (no GQA), as transformers defaults it")
	}
	if t.Heads > 0 && t.KVHeads > 0 && t.Heads%t.KVHeads != 0 {
		r.Findings.Addf(prefix+"num_key_value_heads", fmt.Sprint(t.KVHeads), finding.Invalid, "num_attention_heads %d is not a multiple of it", t.Heads)
	}
	if f.opt("head_dim", &t.HeadDim) && t.HeadDim > 0 {
		r.Findings.Add(prefix+"head_dim", fmt.Sprint(t.HeadDim), finding.Read, "")
	} else if t.Heads > 0 && !contains(mlaFamilies, mt) {
		t.HeadDim = 0
		r.Findings.Add(prefix+"head_dim", fmt.Sprint(t.Hidden/t.Heads), finding.Assumed, "absent: hidden_size / num_attention_heads (ModelConfig.get_head_size)")
	}
	r.mlp(f, mt)
	r.attention(f, mt)
}

// mlp reads the dense MLP's width, or the routed experts (Qwen's
// num_experts, Mistral's num_local_experts).
func (r *Result) mlp(f configFields, mt string) {
	t := &r.Model.Text
	prefix := f.prefix
	switch mt {
	case "opt":
		r.opt(f)
		return
	case "nemotron-nas":
		r.nasBlocks(f)
		return
	}
	if !f.opt("num_experts", &t.Experts) && !f.opt("num_local_experts", &t.Experts) && !f.opt("n_routed_experts", &t.Experts) {
		f.need("intermediate_size", &t.Intermediate)
		if b, ok := f.boolean("use_bias"); ok && !b && mt == "starcoder2" {
			r.Findings.Add(prefix+"use_bias", "false", finding.Unmodelled, "StarCoder2 without biases is sized with them")
		}
		return
	}
	if !f.opt("num_experts_per_tok", &t.ExpertsPerToken) {
		f.opt("experts_per_token", &t.ExpertsPerToken) // gpt-oss
	}
	if mt == "mixtral" || mt == "gpt_oss" {
		// MixtralConfig.intermediate_size is each expert's width.
		f.need("intermediate_size", &t.MoEIntermediate)
	} else if !f.opt("moe_intermediate_size", &t.MoEIntermediate) || t.MoEIntermediate == 0 {
		r.Findings.Add(prefix+"moe_intermediate_size", "", finding.Missing, "an MoE decoder needs its experts' width")
	}
	f.opt("shared_expert_intermediate_size", &t.SharedExpertSize)
	if n := 0; f.opt("n_shared_experts", &n) && n > 0 {
		// DeepSeek: n_shared_experts experts of moe_intermediate_size, one MLP.
		t.SharedExpertSize = n * t.MoEIntermediate
		r.Findings.Addf(prefix+"n_shared_experts", fmt.Sprint(n), finding.Read, "one shared MLP of %d", t.SharedExpertSize)
	}
	if f.opt("first_k_dense_replace", &t.DenseLayers) && t.DenseLayers > 0 {
		f.need("intermediate_size", &t.Intermediate)
		r.Findings.Addf(prefix+"first_k_dense_replace", fmt.Sprint(t.DenseLayers), finding.Read, "the first %d layers keep a dense MLP", t.DenseLayers)
	}
	if l, ok := f.text["mlp_only_layers"].([]any); ok && len(l) > 0 || f.cfg.has("mlp_only_layers") && len(f.cfg.ints("mlp_only_layers")) > 0 {
		r.Findings.Add(prefix+"mlp_only_layers", "", finding.Unmodelled, "dense layers inside an MoE decoder are sized as MoE layers")
	}
	if s, ok := f.get("decoder_sparse_step"); ok && s > 1 {
		r.Findings.Add(prefix+"decoder_sparse_step", fmt.Sprint(s), finding.Unmodelled, "every layer is sized as an MoE layer")
	}
	r.Findings.Add(prefix+"num_experts", fmt.Sprint(t.Experts), finding.Read, "")
}

// attention reads the embedding tie, the context length, rope scaling,
// the attention bias and the sliding window.
func (r *Result) attention(f configFields, mt string) {
	t := &r.Model.Text
	prefix := f.prefix
	// tie_word_embeddings: vLLM shares lm_head with the embedding when set.
	if b, ok := f.boolean("tie_word_embeddings"); ok {
		t.TieEmbeddings = b
	} else if mt == "gemma" || mt == "gemma2" || mt == "gemma3_text" || mt == "gemma3" || mt == "opt" || mt == "starcoder2" {
		// OPTConfig and Starcoder2Config leave it to PretrainedConfig's true.
		t.TieEmbeddings = true
		r.Findings.Addf("tie_word_embeddings", "true", finding.Assumed, "absent: true, the default of %s's config class", mt)
	} else {
		r.Findings.Addf("tie_word_embeddings", "false", finding.Assumed, "absent: false, the default of %s's config class", mt)
	}
	if !f.opt("max_position_embeddings", &t.MaxPositions) || t.MaxPositions == 0 {
		r.Findings.Add(prefix+"max_position_embeddings", "2048", finding.Assumed, "absent: vLLM derives max_model_len 2048 (_get_and_verify_max_len)")
	}
	r.rope(f.text, f.cfg, prefix)
	if b, ok := f.boolean("attention_bias"); ok {
		t.AttentionBias = b
	}
	// sliding_window only matters when in use (Qwen2 sets
	// use_sliding_window false; Mistral uses it whenever it is set).
	use := true
	if b, ok := f.boolean("use_sliding_window"); ok {
		use = b
	}
	if w := 0; use && f.opt("sliding_window", &w) && w > 0 {
		t.SlidingWindow = w
		r.Findings.Add(prefix+"sliding_window", fmt.Sprint(w), finding.Read, "")
	}
	r.layerTypes(f, mt)
	r.linearAttention(f, mt)
	r.mla(f, mt)
}
