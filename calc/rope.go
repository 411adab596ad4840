package calc

// ropeCacheRows is the rows of the rotary cos/sin caches a model holds
// (vllm/model_executor/layers/rotary_embedding: get_rope caches one
// instance per distinct configuration, each with a [rows, rotary_dim]
// cos_sin_cache buffer in the model dtype):
//
//   - the default, Llama 3 and YaRN embeddings keep
//     max_position_embeddings rows (YaRN: original × factor, which configs
//     set equal to it);
//   - MRoPE (the Qwen VL families' mrope_section) keeps mropeRows ×
//     max_position_embeddings: MRotaryEmbedding's cache_max_position_num =
//     max_position_embeddings × 4 from #12604 (Qwen2.5-VL, vLLM 0.7.2;
//     ProfileRules.MRopeRows), "to get a larger cos and sin cache" for long
//     videos;
//   - "linear" and "dynamic" scaling keep max_position × factor rows
//     (LinearScalingRotaryEmbedding, DynamicNTKScalingRotaryEmbedding
//     _compute_cos_sin_cache);
//   - Gemma 3's sliding layers build a second, unscaled embedding on
//     rope_local_base_freq (gemma3.py Gemma3Attention: is_sliding overrides
//     rope_theta and rope_scaling), another max_position rows.
//
// gemma-3-27b-it: 131,072 × 8 + 131,072 = 1,179,648 rows × 128 × 2 B = 0.28 GiB.
// Qwen3-VL-8B at 0.11.0: 4 × 262,144 rows × 128 × 2 B = 0.25 GiB.
func ropeCacheRows(m *Model, mropeRows int) int64 {
	t := m.Text
	rows := int64(t.MaxPositions)
	if mrope(m) {
		rows *= int64(max(mropeRows, 1))
	}
	if s := t.RopeScaling; s != nil && (s.Type == "linear" || s.Type == "dynamic") && s.Factor > 1 && s.Factor < 1<<10 {
		rows = int64(float64(t.MaxPositions) * s.Factor)
	}
	if (m.Family == "gemma3" || m.Family == "gemma3_text") && t.SlidingWindow > 0 {
		rows += int64(t.MaxPositions)
	}
	return rows
}

// mrope reports a decoder with multimodal rotary positions (its config's
// rope_scaling or rope_parameters carries mrope_section): get_rope builds
// an MRotaryEmbedding.
func mrope(m *Model) bool {
	switch m.Family {
	case "qwen2_vl", "qwen2_5_vl", "qwen3_vl", "qwen3_vl_moe", "qwen3_5", "qwen3_5_moe", omniFamily, "glm4v":
		return true
	}
	return false
}

// rotaryDim is the rotary embedding's width: head_dim × partial_rotary_factor
// (get_rope's rotary_dim = int(head_size * partial_rotary_factor)), the
// whole head without a factor; MLA turns only its qk_rope_head_dim
// (deepseek_v2.py get_rope(qk_rope_head_dim, rotary_dim=qk_rope_head_dim)).
func (t TextConfig) rotaryDim() int {
	if t.MLA != nil && t.MLA.RopeHeadDim > 0 {
		return t.MLA.RopeHeadDim
	}
	if f := t.PartialRotary; f > 0 && f < 1 {
		return int(float64(t.HeadSize()) * f)
	}
	return t.HeadSize()
}
