package calc

import "testing"

// gemma3_27b is google/gemma-3-27b-it's config.json (text_config plus
// Gemma3TextConfig's defaults; SigLIP vision_config).
func gemma3_27b() Model {
	return Model{Family: "gemma3", Dtype: "bfloat16",
		Text: TextConfig{Hidden: 5376, Layers: 62, Heads: 32, KVHeads: 16, HeadDim: 128, Intermediate: 21504,
			Vocab: 262208, TieEmbeddings: true, MaxPositions: 131072, SlidingWindow: 1024,
			RopeScaling: &RopeScaling{Type: "linear", Factor: 8}},
		Vision: &VisionConfig{Depth: 27, Hidden: 1152, Intermediate: 4304, Heads: 16, PatchSize: 14, ImageSize: 896, TokensPerImage: 256},
	}
}

func TestSiglip(t *testing.T) {
	m := gemma3_27b()
	if k := visionKind(&m); k != vitSiglip {
		t.Fatalf("kind %q, want %q", k, vitSiglip)
	}
	for _, tc := range []struct {
		tp   int
		want int64
	}{
		// Tower: conv 3·14·14·1152 + 1152 = 678,528; positions 64² · 1152 =
		// 4,718,592; a layer: 2 LayerNorms 4608, qkv 3·1152² + 3456 =
		// 3,984,768, out 1152² + 1152 = 1,328,256, fc1 1152·4304 + 4304 =
		// 4,962,512, fc2 4304·1152 + 1152 = 4,959,360: 15,239,504, × 27 =
		// 411,466,608; post LayerNorm 2304: 416,866,032. Projector 1152 ·
		// 5376 + 1152 = 6,194,304. Total 423,060,336.
		{1, 423060336},
		// TP 4: qkv (3,981,312 + 3456)/4 = 996,192; out 1,327,104/4 + 1152
		// = 332,928; fc1 4,962,512/4 = 1,240,628; fc2 4,958,208/4 + 1152 =
		// 1,240,704; + 4608 = 3,815,060 a layer, × 27 = 103,006,620; +
		// 678,528 + 4,718,592 + 2304 + 6,194,304 = 114,600,348.
		{4, 114600348},
	} {
		if got := visionParams(&m, tc.tp); got != tc.want {
			t.Errorf("TP %d: vision params %d, want %d", tc.tp, got, tc.want)
		}
	}
	// One 896² crop: 64 × 64 = 4,096 patches, 256 embeddings + boi + eoi.
	if g := siglipGrid(m.Vision); g.patches != 4096 || g.tokens != 258 || g.width != 896 {
		t.Errorf("grid %+v, want 4096 patches, 258 tokens, 896 px", g)
	}
	// Rotary rows: 131,072 · 8 (linear) + 131,072 (local) = 1,179,648.
	if got := ropeCacheRows(&m, 4); got != 1179648 {
		t.Errorf("rope rows %d, want 1,179,648", got)
	}
	r := &Resolved{Scenario: Scenario{Model: m}, TP: 1, Dtype: "bfloat16"}
	// 50 images at TP 1: P = 204,800; pixels 204,800 · 588 · 6 =
	// 722,534,400; MLP 3·1152 + 2·4304 = 12,064 > attention 2·1152 +
	// 6·1152 = 9,216: 204,800 · 12,064 · 2 = 4,941,414,400. 5,663,948,800.
	if got := encoderBytes(r, 50*4096, true); got != 5663948800 {
		t.Errorf("encoder %d, want 5,663,948,800", got)
	}
	// V0 masks: 1 sequence of 16,384: 2 · 16,384² · 2 B = 1 GiB; 16 of
	// 1,024: 16 · 2 · 1,024² · 2 = 64 MiB.
	for _, tc := range []struct {
		seqs, tokens int
		want         Bytes
	}{{1, 16384, GiB}, {16, 16384, 64 * MiB}, {0, 16384, 0}} {
		if got := v0AttnMasks(r, tc.seqs, tc.tokens); got != tc.want {
			t.Errorf("masks(%d, %d) = %d, want %d", tc.seqs, tc.tokens, got, tc.want)
		}
	}
}

// A 0.11.0rc2 log of gemma-3-27b-it (max_model_len 4096, 2 images a
// prompt, 8,192 batched tokens): "Encoder cache will be initialized with
// a budget of 8192 tokens, and profiled with 31 image items" = 8192 // 258.
func TestGemma3EncoderCount(t *testing.T) {
	rules := profile011
	rules.EncoderDummy = "item"
	it := ProfiledItem(mmResolved(gemma3_27b(), rules, 4096, 8192, 256, 2, 0))
	if it.Modality != "image" || it.Count != 31 || it.Budget != 8192 || it.Patches != 4096 {
		t.Errorf("item %+v, want 31 images of 4,096 patches in a budget of 8,192", it)
	}
}

// MRotaryEmbedding keeps 4 × max_position_embeddings rows from #12604
// (0.7.2), 1 × before; a partial rotary factor narrows each row.
func TestMRopeRows(t *testing.T) {
	vl := &Model{Family: "qwen3_vl", Text: TextConfig{MaxPositions: 262144, Heads: 32, HeadDim: 128}}
	for _, c := range []struct {
		m    *Model
		x    int
		want int64
	}{
		{vl, 4, 1048576}, // 4 × 262,144
		{vl, 1, 262144},  // before #12604
		{&Model{Family: "qwen3", Text: TextConfig{MaxPositions: 40960}}, 4, 40960}, // no MRoPE: the multiple does not apply
	} {
		if got := ropeCacheRows(c.m, c.x); got != c.want {
			t.Errorf("%s ×%d: %d rows, want %d", c.m.Family, c.x, got, c.want)
		}
	}
	// Qwen3-Next: head_dim 256 × 0.25 = 64 wide; Phi-4-mini: 128 × 0.75 = 96.
	for _, c := range []struct {
		t    TextConfig
		want int
	}{
		{TextConfig{HeadDim: 256, PartialRotary: 0.25}, 64},
		{TextConfig{Hidden: 3072, Heads: 24, PartialRotary: 0.75}, 96},
		{TextConfig{HeadDim: 128}, 128},
		// DeepSeek's MLA: only the 64-wide rotary part of its 192-wide heads.
		{TextConfig{HeadDim: 192, MLA: &MLA{KVLoraRank: 512, NopeHeadDim: 128, RopeHeadDim: 64, VHeadDim: 128}}, 64},
	} {
		if got := c.t.rotaryDim(); got != c.want {
			t.Errorf("%+v: rotary width %d, want %d", c.t, got, c.want)
		}
	}
}
