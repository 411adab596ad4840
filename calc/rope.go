package calc

// ropeCacheRows is the rows of the rotary cos/sin caches a model holds
// (vllm/model_executor/layers/rotary_embedding: get_rope caches one
// instance per distinct configuration, each with a [rows, rotary_dim]
// cos_sin_cache buffer in the model dtype):
//
//   - the default, Llama 3, YaRN and MRoPE embeddings keep
//     max_position_embeddings rows (YaRN: original × factor, which configs
//     set equal to it);
//   - "linear" and "dynamic" scaling keep max_position × factor rows
//     (LinearScalingRotaryEmbedding, DynamicNTKScalingRotaryEmbedding
//     _compute_cos_sin_cache);
//   - Gemma 3's sliding layers build a second, unscaled embedding on
//     rope_local_base_freq (gemma3.py Gemma3Attention: is_sliding overrides
//     rope_theta and rope_scaling), another max_position rows.
//
// gemma-3-27b-it: 131,072 × 8 + 131,072 = 1,179,648 rows × 128 × 2 B = 0.28 GiB.
func ropeCacheRows(m *Model) int64 {
	t := m.Text
	rows := int64(t.MaxPositions)
	if s := t.RopeScaling; s != nil && (s.Type == "linear" || s.Type == "dynamic") && s.Factor > 1 && s.Factor < 1<<10 {
		rows = int64(float64(t.MaxPositions) * s.Factor)
	}
	if (m.Family == "gemma3" || m.Family == "gemma3_text") && t.SlidingWindow > 0 {
		rows += int64(t.MaxPositions)
	}
	return rows
}
