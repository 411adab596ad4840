package calc

import "testing"

// opt125m and starcoder2_15b are the checkpoints' config.json
// (presets/models.json cites them).
func opt125m() Model {
	return Model{Family: "opt", Dtype: "float16",
		Text: TextConfig{Hidden: 768, Layers: 12, Heads: 12, KVHeads: 12, Intermediate: 3072,
			Vocab: 50272, TieEmbeddings: true, MaxPositions: 2048}}
}

func starcoder2_15b() Model {
	return Model{Family: "starcoder2", Dtype: "float16",
		Text: TextConfig{Hidden: 6144, Layers: 40, Heads: 48, KVHeads: 4, Intermediate: 24576,
			Vocab: 49152, MaxPositions: 16384, SlidingWindow: 4096}}
}

func TestPlainMLPParams(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    Model
		want int64
	}{
		// Embedding 50272 · 768 = 38,608,896; positions 2050 · 768 =
		// 1,574,400; a layer: q, k, v 3 · (768² + 768) = 1,771,776, out_proj
		// 590,592, fc1 768 · 3072 + 3072 = 2,362,368, fc2 3072 · 768 + 768 =
		// 2,360,064, two LayerNorms 3,072: 7,087,872, × 12 = 85,054,464;
		// final LayerNorm 1,536; tied head. 125,239,296, the count published
		// for facebook/opt-125m.
		{"opt-125m", opt125m(), 125_239_296},
		// Embedding and untied head 2 · 49152 · 6144 = 603,979,776; a layer:
		// q 6144² + 6144 = 37,754,880, k and v 2 · (6144 · 512 + 512) =
		// 6,292,480, o 37,754,880, c_fc 6144 · 24576 + 24576 = 151,019,520,
		// c_proj 24576 · 6144 + 6144 = 151,001,088, LayerNorms 24,576:
		// 383,847,424, × 40 = 15,353,896,960; final LayerNorm 12,288.
		// 15,957,889,024.
		{"starcoder2-15b", starcoder2_15b(), 15_957_889_024},
	} {
		if got := ModelParams(&tc.m); got != tc.want {
			t.Errorf("%s: %d parameters, want %d", tc.name, got, tc.want)
		}
	}
}

// The profile pass of a plain MLP holds fc1's output and its activation
// (2·I/tp) where a gated MLP holds gate_up and the product (3·I/tp).
func TestPlainMLPDecoderBytes(t *testing.T) {
	r := &Resolved{Scenario: Scenario{Model: opt125m()}, TP: 1, Dtype: "float16"}
	// MLP: 1000 · (3 · 768 + 2 · 3072) · 2 B = 16,896,000; attention:
	// 1000 · (3 · 768 + 36 · 64 + 12 · 64) · 2 B = 10,752,000.
	if got := decoderBytes(r, 1000, false); got != 16_896_000 {
		t.Errorf("OPT-125m over 1000 tokens: %d B, want 16,896,000", got)
	}
}

// OPT builds its embeddings, positions and final LayerNorm on every
// pipeline stage (no PPMissingLayer in opt.py): the second of two stages
// holds them as the first does.
func TestPlainMLPEveryStageEmbeds(t *testing.T) {
	r := &Resolved{Scenario: Scenario{Model: opt125m()}, TP: 1, PP: 2, Dtype: "float16"}
	a, b := ComputeWeights(r, 0), ComputeWeights(r, 1)
	// (50,304 padded rows + 2,050 positions) · 768 · 2 B = 80,415,744.
	if a.Embedding != 80_415_744 || b.Embedding != a.Embedding {
		t.Errorf("embedding bytes %d and %d, want 80,415,744 on both stages", a.Embedding, b.Embedding)
	}
}
