package hfconfig

import (
	"fmt"

	"vram/calc"
	"vram/calc/finding"
)

// layerTypes reads which decoder layers attend over the sliding window:
// config.json "layer_types" where it is written, else the fixed pattern of
// vLLM's model file for the family (calc/README.md "Sliding-window layers").
// Without a window no layer slides; a window without a pattern is on every
// layer (Mistral 7B v0.1, Phi-3).
func (r *Result) layerTypes(f configFields, mt string) {
	t := &r.Model.Text
	if t.SlidingWindow <= 0 || t.Layers <= 0 {
		return
	}
	if written, _ := r.readLayerTypes(f, calc.SlidingAttention); written {
		return
	}
	switch mt {
	case "gemma2":
		// gemma2.py: layer_idx % 2 == 0 slides.
		t.LayerTypes = pattern(t.Layers, func(i int) bool { return i%2 == 0 })
		r.Findings.Add("layer_types", fmt.Sprintf("[…%d]", t.Layers), finding.Assumed, "absent: even layers slide (vLLM gemma2.py)")
	case "gemma3_text", "gemma3":
		// gemma3.py: is_sliding = bool((layer_idx + 1) % sliding_window_pattern).
		p := 6
		if !f.opt("sliding_window_pattern", &p) || p <= 0 {
			p = 6
			r.Findings.Add(f.prefix+"sliding_window_pattern", "6", finding.Assumed, "absent: 6, the default of Gemma3TextConfig")
		} else {
			r.Findings.Add(f.prefix+"sliding_window_pattern", fmt.Sprint(p), finding.Read, "")
		}
		t.LayerTypes = pattern(t.Layers, func(i int) bool { return (i+1)%p != 0 })
		r.Findings.Addf("layer_types", fmt.Sprintf("[…%d]", t.Layers), finding.Assumed, "absent: every layer but each %dth slides (vLLM gemma3.py)", p)
	}
}

// readLayerTypes reads config.json "layer_types" (text_config's first),
// each kind or full attention, one per layer: written says the config has
// the list, ok that it was read into the model (else a finding says why).
func (r *Result) readLayerTypes(f configFields, kind string) (written, ok bool) {
	t := &r.Model.Text
	lt, key := f.text["layer_types"], f.prefix+"layer_types"
	if lt == nil {
		lt, key = f.cfg["layer_types"], "layer_types"
	}
	list, written := lt.([]any)
	if !written {
		return false, false
	}
	types := make([]string, 0, len(list))
	for _, v := range list {
		s, _ := v.(string)
		if s != kind && s != calc.FullAttention {
			r.Findings.Addf(key, fmt.Sprint(v), finding.Missing, "a layer type is %q or %q", kind, calc.FullAttention)
			return true, false
		}
		types = append(types, s)
	}
	if len(types) != t.Layers {
		r.Findings.Addf(key, fmt.Sprintf("[…%d]", len(types)), finding.Missing, "one type per layer: num_hidden_layers is %d", t.Layers)
		return true, false
	}
	t.LayerTypes = types
	n, full := fmt.Sprintf("[…%d]", len(types)), count(types, calc.FullAttention)
	if kind == calc.LinearLayer {
		r.Findings.Addf(key, n, finding.Read, "%d linear, %d full", count(types, kind), full)
	} else {
		r.Findings.Addf(key, n, finding.Read, "%d sliding, %d full", count(types, kind), full)
	}
	return true, true
}

// pattern lists n layer types, sliding where slides says.
func pattern(n int, slides func(int) bool) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = calc.FullAttention
		if slides(i) {
			out[i] = calc.SlidingAttention
		}
	}
	return out
}

func count(l []string, s string) int {
	n := 0
	for _, v := range l {
		if v == s {
			n++
		}
	}
	return n
}

// linearAttention reads Qwen3-Next's gated DeltaNet: its state's
// dimensions and which layers it replaces attention on (config.json
// layer_types, else every layer but each full_attention_interval-th, as
// Qwen3NextConfig builds them).
func (r *Result) linearAttention(f configFields, mt string) {
	if mt != "qwen3_next" && mt != "qwen3_5" && mt != "qwen3_5_moe" {
		return
	}
	if n, ok := f.get("mtp_num_hidden_layers"); ok && n > 0 {
		f.r.Findings.Add(f.prefix+"mtp_num_hidden_layers", fmt.Sprint(n), finding.Ignored, "the MTP layer loads only with speculative decoding")
	}
	t := &r.Model.Text
	l := calc.LinearAttention{}
	r.readSizes(f, size{"linear_num_key_heads", &l.KeyHeads, false}, size{"linear_num_value_heads", &l.ValueHeads, false},
		size{"linear_key_head_dim", &l.KeyHeadDim, false}, size{"linear_value_head_dim", &l.ValueHeadDim, false},
		size{"linear_conv_kernel_dim", &l.ConvKernel, false})
	t.LinearAttention = &l
	t.OutputGate = true
	if b, ok := f.boolean("attn_output_gate"); ok {
		t.OutputGate = b
	} else {
		r.Findings.Add(f.prefix+"attn_output_gate", "true", finding.Assumed, "absent: true, as vLLM's qwen3_next.py reads it")
	}
	if written, _ := r.readLayerTypes(f, calc.LinearLayer); written {
		return
	}
	p := 4
	if !f.opt("full_attention_interval", &p) || p <= 0 {
		p = 4
		r.Findings.Add(f.prefix+"full_attention_interval", "4", finding.Assumed, "absent: 4, the default of Qwen3NextConfig")
	} else {
		r.Findings.Add(f.prefix+"full_attention_interval", fmt.Sprint(p), finding.Read, "")
	}
	t.LayerTypes = make([]string, t.Layers)
	for i := range t.LayerTypes {
		t.LayerTypes[i] = calc.FullAttention
		if (i+1)%p != 0 {
			t.LayerTypes[i] = calc.LinearLayer
		}
	}
	r.Findings.Addf("layer_types", fmt.Sprintf("[…%d]", t.Layers), finding.Assumed, "absent: every layer but each %dth is linear attention (Qwen3NextConfig)", p)
}

// mla reads multi-head latent attention (DeepSeek-V2/V3, Kimi K2): the
// compressed KV vector and the projections' ranks.
func (r *Result) mla(f configFields, mt string) {
	if !contains(mlaFamilies, mt) {
		return
	}
	t := &r.Model.Text
	a := calc.MLA{}
	// q_lora_rank is null in V2-Lite: q_proj without the low-rank path.
	r.readSizes(f, size{"q_lora_rank", &a.QLoraRank, true}, size{"kv_lora_rank", &a.KVLoraRank, false},
		size{"qk_nope_head_dim", &a.NopeHeadDim, false}, size{"qk_rope_head_dim", &a.RopeHeadDim, false},
		size{"v_head_dim", &a.VHeadDim, false})
	t.MLA = &a
	// The query and key heads are nope + rope wide (ModelConfig.get_head_size for MLA).
	t.HeadDim = a.NopeHeadDim + a.RopeHeadDim
	r.Findings.Addf("head_dim", fmt.Sprint(t.HeadDim), finding.Assumed, "MLA: qk_nope_head_dim + qk_rope_head_dim")
	if n, ok := f.get("num_nextn_predict_layers"); ok && n > 0 {
		r.Findings.Add(f.prefix+"num_nextn_predict_layers", fmt.Sprint(n), finding.Ignored, "the MTP layer loads only with speculative decoding")
	}
	if n, ok := f.get("moe_layer_freq"); ok && n > 1 {
		r.Findings.Add(f.prefix+"moe_layer_freq", fmt.Sprint(n), finding.Unmodelled, "every layer after first_k_dense_replace is sized as an MoE layer")
	}
}

// size is one integer a config names: where it goes, and whether the model
// can be sized without it.
type size struct {
	key      string
	dst      *int
	optional bool
}

// readSizes reads each size and lists it as read.
func (r *Result) readSizes(f configFields, ss ...size) {
	for _, s := range ss {
		if s.optional {
			f.opt(s.key, s.dst)
		} else {
			f.need(s.key, s.dst)
		}
		if v, ok := f.get(s.key); ok {
			r.Findings.Add(f.prefix+s.key, fmt.Sprint(v), finding.Read, "")
		}
	}
}

// partialRotary reads partial_rotary_factor (the decoder's, the top
// level's, or rope_parameters' as transformers 5 writes it): the rotary
// cos/sin cache is that share of head_dim wide (get_rope rotary_dim).
func (r *Result) partialRotary(text, cfg, rope obj, prefix string) {
	r.mark("partial_rotary_factor")
	r.mark("text_config.partial_rotary_factor")
	for _, o := range []obj{text, cfg, rope} {
		if f, ok := o.num("partial_rotary_factor"); ok {
			if f > 0 && f < 1 {
				r.Model.Text.PartialRotary = f
				r.Findings.Add(prefix+"partial_rotary_factor", fmt.Sprint(f), finding.Read, "")
			}
			return
		}
	}
}
