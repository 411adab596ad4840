package calc

import "testing"

// internVL3_8B and internVL3_78B are the catalog's InternVL3 entries
// (presets/models.json cites their configs).
func internVL3_8B() Model {
	return Model{Family: "internvl_chat", Dtype: "bfloat16",
		Text: TextConfig{Hidden: 3584, Layers: 28, Heads: 28, KVHeads: 4, Intermediate: 18944, Vocab: 151674,
			MaxPositions: 32768, AttentionBias: true},
		Vision: &VisionConfig{Depth: 24, Hidden: 1024, Intermediate: 4096, Heads: 16, PatchSize: 14, ImageSize: 448,
			DownsampleRatio: 0.5, MaxDynamicPatch: 12, UseThumbnail: true, SelectLayer: -1, QKVBias: true}}
}

func internVL3_78B() Model {
	return Model{Family: "internvl_chat", Dtype: "bfloat16",
		Text: TextConfig{Hidden: 8192, Layers: 80, Heads: 64, KVHeads: 8, Intermediate: 29568, Vocab: 151674,
			MaxPositions: 32768, AttentionBias: true},
		Vision: &VisionConfig{Depth: 45, Hidden: 3200, Intermediate: 12800, Heads: 25, PatchSize: 14, ImageSize: 448,
			DownsampleRatio: 0.5, MaxDynamicPatch: 12, UseThumbnail: true, SelectLayer: -1, RMSNorm: true, QKNorm: true}}
}

func TestInternViTParams(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    Model
		tp   int
		want int64
	}{
		// Embeddings: conv 3·14²·1024 + 1024, class 1024, positions 1025 ·
		// 1024: 1,653,760. A layer: LayerNorms 2 · 2048, qkv 3 · 1024² +
		// 3072, proj 1024² + 1024, fc1 1024 · 4096 + 4096, fc2 4096 · 1024 +
		// 1024, ls 2048: 12,598,272, × 24 = 302,358,528. mlp1: LayerNorm
		// 8192, 4096 · 3584 + 3584 = 14,683,648, 3584² + 3584 = 12,848,640.
		// 331,552,768.
		{"InternVL3-8B", internVL3_8B(), 1, 331_552_768},
		// TP 8, 25 heads: attention replicated. Embeddings 3·196·3200 +
		// 3200 + 3200 + 1025·3200 = 5,168,000. A layer: RMSNorms 6400, qkv
		// 3 · 3200² = 30,720,000, proj 3200² + 3200 = 10,243,200, fc1
		// 3200 · 1600 + 1600 = 5,121,600, fc2 1600 · 3200 + 3200 =
		// 5,123,200, ls 6400, q/k norms 6400: 51,227,200, × 45 =
		// 2,305,224,000. mlp1: 25,600 + 12800 · 8192 + 8192 + 8192² + 8192 =
		// 172,008,448. 2,482,400,448.
		{"InternVL3-78B at TP 8", internVL3_78B(), 8, 2_482_400_448},
	} {
		if got := visionParams(&tc.m, tc.tp); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// The most-features image: 12 tiles and the thumbnail, 256 embeddings and
// 1025 ViT positions a tile.
func TestInternGrid(t *testing.T) {
	m := internVL3_8B()
	g := internGrid(m.Vision, 0)
	if g.tokens != 3328 || g.patches != 13*1025 {
		t.Errorf("grid %+v, want 3328 tokens and 13,325 positions", g)
	}
	if g := internGrid(m.Vision, 6); g.tokens != 7*256 {
		t.Errorf("max_dynamic_patch 6: %d tokens, want 7 tiles of 256", g.tokens)
	}
	if g := internGrid(m.Vision, 1); g.tokens != 256 {
		t.Errorf("max_dynamic_patch 1 (no thumbnail): %d tokens, want 256", g.tokens)
	}
	m.Vision.UseThumbnail, m.Vision.MaxDynamicPatch = false, 6
	if g := internGrid(m.Vision, 0); g.tokens != 1536 {
		t.Errorf("6 tiles without a thumbnail: %d tokens, want 1536", g.tokens)
	}
	if n := internLayers(&VisionConfig{Depth: 24, SelectLayer: -4}); n != 21 {
		t.Errorf("select_layer -4 of 24: %d layers, want 21", n)
	}
}

// InternViT-6B at TP 8 over 16 images of 13 tiles: 213,200 positions ×
// (3 + 8) · 3200 · 2 B = 15,009,280,000 (the qk-normed attention, above
// the MLP's 3E + 2 · 1600), and 208 float32 tiles of 3 · 448² ·
// 4 B = 500,957,184.
func TestInternEncoderBytes(t *testing.T) {
	r := &Resolved{Scenario: Scenario{Model: internVL3_78B()}, TP: 8, Dtype: "bfloat16"}
	if got, want := internEncoderBytes(r, 16*13*1025), Bytes(15_009_280_000+500_957_184); got != want {
		t.Errorf("%d B, want %d", got, want)
	}
}

// Split over TP (25 heads at TP 5), the qk norms run on q and k gathered to
// full width: 3E/5 + 6E = 21,120 per position instead of 8E/5, above the
// three [E] base tensors (9,600).
func TestInternEncoderSplitQKNorm(t *testing.T) {
	r := &Resolved{Scenario: Scenario{Model: internVL3_78B()}, TP: 5, Dtype: "bfloat16"}
	n := 13 * 1025
	// MLP at TP 5: 3E + 2 · 2560 = 14,720 < 21,120. 13 float32 tiles of
	// 3 · 448² · 4 B = 31,309,824.
	want := Bytes(31_309_824 + int64(n)*(9_600+21_120)*2)
	if got := internEncoderBytes(r, n); got != want {
		t.Errorf("%d B, want %d", got, want)
	}
}
