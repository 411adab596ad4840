package calc

// Multi-head latent attention (calc/README.md "Multi-head latent attention"):
// DeepSeek-V2/V3 and Kimi K2 cache one compressed vector per token and
// layer, kv_lora_rank wide, with the qk_rope_head_dim rotary key beside it,
// instead of K and V per head. The vector is not split by tensor
// parallelism: every rank holds it whole (MLAAttentionSpec: one "head" of
// kv_lora_rank + qk_rope_head_dim, page = block · head · dtype).

// MLA is config.json's q_lora_rank (0: q_proj without a low-rank path),
// kv_lora_rank, qk_nope_head_dim, qk_rope_head_dim and v_head_dim.
type MLA struct {
	QLoraRank   int `json:"q_lora_rank,omitempty"`
	KVLoraRank  int `json:"kv_lora_rank"`
	NopeHeadDim int `json:"qk_nope_head_dim"`
	RopeHeadDim int `json:"qk_rope_head_dim"`
	VHeadDim    int `json:"v_head_dim"`
}

// mlaLinears lists one MLA layer's projections on one rank
// (vllm/model_executor/models/deepseek_v2.py DeepseekV2MLAAttention):
// q_a_proj and kv_a_proj_with_mqa replicated, q_b_proj (or q_proj) and
// kv_b_proj split by heads, o_proj row parallel.
func mlaLinears(m *Model, s rankSplit) []linearShape {
	t := m.Text
	a := *t.MLA
	h := int64(t.Hidden)
	heads := int64(divCeil(max(t.Heads, 0), max(s.tp, 1)))
	qk := int64(a.NopeHeadDim + a.RopeHeadDim)
	var ls []linearShape
	if a.QLoraRank > 0 {
		ls = append(ls, linearShape{in: h, out: int64(a.QLoraRank)}, linearShape{in: int64(a.QLoraRank), out: heads * qk})
	} else {
		ls = append(ls, linearShape{in: h, out: heads * qk})
	}
	return append(ls,
		linearShape{in: h, out: int64(a.KVLoraRank + a.RopeHeadDim)},                       // kv_a_proj_with_mqa
		linearShape{in: int64(a.KVLoraRank), out: heads * int64(a.NopeHeadDim+a.VHeadDim)}, // kv_b_proj
		linearShape{in: heads * int64(a.VHeadDim), out: h})                                 // o_proj
}

// tokenLayerBytes is the KV cache one token takes in one layer on one rank:
// K and V per KV head, or MLA's compressed vector.
func tokenLayerBytes(r *Resolved) Bytes {
	t := r.Model.Text
	if a := t.MLA; a != nil && r.Engine.KV.MLA {
		return Bytes((a.KVLoraRank + a.RopeHeadDim) * r.KVBytes)
	}
	// Before MLA (Engine.KV.MLA false) DeepSeek attends as MHA: K and V of
	// qk_nope + qk_rope per head (V padded to it).
	return Bytes(2 * t.KVHeadsPerRank(r.TP) * t.HeadSize() * r.KVBytes)
}
