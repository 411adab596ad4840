package calc

// This file holds the decoders with a plain two-matrix MLP, biased
// linears and LayerNorms: OPT (vllm/model_executor/models/opt.py) and
// StarCoder2 (starcoder2.py). See calc/README.md "Plain-MLP decoders".

// plainMLP reports a decoder whose MLP is fc1 → activation → fc2 (OPT's
// ReLU, StarCoder2's c_fc → GELU → c_proj) instead of a gated gate_up →
// SiLU·up → down, with a bias on every linear (OPT enable_bias, StarCoder2
// use_bias: both true in every released checkpoint) and LayerNorms with a
// bias in place of RMSNorm.
func plainMLP(m *Model) bool {
	switch m.Family {
	case "opt", "starcoder2":
		return true
	}
	return false
}

// learnedPositions is the rows of a learned position table:
// OPTLearnedPositionalEmbedding keeps max_position_embeddings + 2 rows (its
// offset of 2, a fairseq legacy), replicated on every rank and, like the
// embedding, the final LayerNorm and the head, built on every pipeline
// stage (opt.py has no PPMissingLayer).
// The rotary decoders have none.
func learnedPositions(m *Model) int64 {
	if m.Family != "opt" {
		return 0
	}
	n := m.Text.MaxPositions
	if n <= 0 {
		n = 2048 // OPTConfig's default
	}
	return int64(n) + 2
}

// plainLinears is the MLP of a plain-MLP layer on one of tp ranks: fc1
// (ColumnParallelLinear, bias split) and fc2 (RowParallelLinear, bias
// replicated).
func plainLinears(m *Model, tp int) []linearShape {
	h := int64(m.Text.Hidden)
	i := int64(divCeil(max(m.Text.Intermediate, 0), tp))
	return []linearShape{{in: h, out: i, bias: i}, {in: i, out: h, bias: h}}
}
