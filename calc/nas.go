package calc

// Heterogeneous decoders found by neural architecture search: NVIDIA's
// Nemotron-NAS models (Llama-3.3-Nemotron-Super-49B, DeciLMForCausalLM,
// model_type "nemotron-nas"), whose config.json block_configs give every
// layer its own attention (or none: a no-op) and its own MLP width (or
// none). See calc/README.md "Heterogeneous layers".
//
// vllm/model_executor/models/nemotron_nas.py (from #15008, vLLM 0.8.3):
// a layer with attention holds input_layernorm and a LlamaAttention of
// num_attention_heads / n_heads_in_group KV heads; a layer with an FFN
// holds post_attention_layernorm and a LlamaMLP of
// _ffn_mult_to_intermediate_size(ffn_mult, hidden) =
// ⌈int(2 · ffn_mult · hidden / 3) / 256⌉ · 256. The KV cache counts only the
// layers that attend (ModelConfig.get_num_layers_by_block_type,
// has_noops), with the KV heads of the first of them
// (get_total_num_kv_heads).

// Block is one layer of a heterogeneous decoder: its KV heads (0: no
// attention) and its MLP width (0: no FFN).
type Block struct {
	KVHeads      int `json:"kv_heads"`
	Intermediate int `json:"intermediate_size"`
}

// NASIntermediate is _ffn_mult_to_intermediate_size: Super-49B's 5.25 at
// hidden 8192 is 28,672; 1.0 is int(5461.3) = 5461 → 5632.
func NASIntermediate(mult float64, hidden int) int {
	n := int(2 * mult * float64(hidden) / 3)
	return (n + 255) / 256 * 256
}

// attends reports whether layer i has attention (every layer of a
// uniform decoder does).
func (t TextConfig) attends(i int) bool {
	if len(t.Blocks) == 0 {
		return true
	}
	return i >= 0 && i < len(t.Blocks) && t.Blocks[i].KVHeads > 0
}

// attentionLayers is how many of the n layers from first attend.
func (t TextConfig) attentionLayers(first, n int) int {
	c := 0
	for i := first; i < first+n; i++ {
		if t.attends(i) {
			c++
		}
	}
	return c
}

// mlpWidth is the widest MLP of the decoder: intermediate_size, or the
// widest block's.
func (t TextConfig) mlpWidth() int {
	w := t.Intermediate
	for _, b := range t.Blocks {
		w = max(w, b.Intermediate)
	}
	return w
}

// blockLinears is layer i's linears on one rank and its norm parameters:
// q/k/v/o with the block's KV heads and input_layernorm where it attends,
// gate_up/down of the block's width and post_attention_layernorm where it
// has an FFN.
func blockLinears(m *Model, tp, i int) (ls []linearShape, norms int64) {
	t := m.Text
	b := t.Blocks[i]
	h := int64(t.Hidden)
	if b.KVHeads > 0 {
		d := int64(t.HeadSize())
		q := int64(divCeil(max(t.Heads, 0), tp))
		kv := int64(max(1, b.KVHeads/tp))
		ls = append(ls, linearShape{in: h, out: q * d}, linearShape{in: h, out: kv * d},
			linearShape{in: h, out: kv * d}, linearShape{in: q * d, out: h})
		norms += h
	}
	if b.Intermediate > 0 {
		w := int64(divCeil(b.Intermediate, tp))
		ls = append(ls, linearShape{in: h, out: 2 * w}, linearShape{in: w, out: h})
		norms += h
	}
	return ls, norms
}

// nasBytes is the n layers from first on one rank in format f.
func nasBytes(m *Model, f weightFormat, db, tp, first, n int) Bytes {
	var total Bytes
	for i := first; i < first+n && i < len(m.Text.Blocks); i++ {
		ls, norms := blockLinears(m, tp, i)
		for _, l := range ls {
			total += f.bytes(l, db)
		}
		total += Bytes(norms * int64(db))
	}
	return total
}

// blockParams is every layer's parameters at TP 1.
func blockParams(m *Model) int64 {
	var n int64
	for i := range m.Text.Blocks {
		ls, norms := blockLinears(m, 1, i)
		for _, l := range ls {
			n += l.params()
		}
		n += norms
	}
	return n
}

// validBlocks checks a heterogeneous decoder's blocks: one per layer, no
// negative size, at least one layer that attends.
func validBlocks(t TextConfig) error {
	if len(t.Blocks) == 0 {
		return nil
	}
	if len(t.Blocks) != t.Layers {
		return refuse("text_config.blocks: %d blocks for %d layers", len(t.Blocks), t.Layers)
	}
	for i, b := range t.Blocks {
		if b.KVHeads < 0 || b.Intermediate < 0 || b.KVHeads > 0 && t.Heads%b.KVHeads != 0 {
			return refuse("text_config.blocks[%d]: %d KV heads, MLP width %d", i, b.KVHeads, b.Intermediate)
		}
	}
	if t.attentionLayers(0, t.Layers) == 0 {
		return refuse("text_config.blocks: no layer attends")
	}
	return nil
}
