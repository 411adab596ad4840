package calc

import "testing"

// Mistral Small 3.1's tower (mistral_small_3_1_24b_config): 24 layers of
// width 1024, MLP 4096, patch 14, merge 2, image 1540, text width 5120.
func mistral31Vision() *Model {
	return &Model{Family: "mistral3",
		Text:   TextConfig{Hidden: 5120},
		Vision: &VisionConfig{Depth: 24, Hidden: 1024, Intermediate: 4096, Heads: 16, PatchSize: 14, SpatialMerge: 2, OutHidden: 5120, GatedMLP: true, ImageSize: 1540}}
}

func TestPixtralGrid(t *testing.T) {
	for _, c := range []struct {
		image, patch, merge int
		tokens, patches     int
	}{
		// (1540-1)/14+1 = 110 patches a side; (1540-1)/28+1 = 55 cells,
		// 55 rows of 55 [IMG] + 1 [IMG_BREAK] = 3,080 tokens.
		{1540, 14, 2, 3080, 12100},
		// 1024 px: 74 patches a side (73.1 rounded up), 37 cells: 37 × 38.
		{1024, 14, 2, 1406, 5476},
		// No merge (Pixtral-12B's tower): 110 cells of 111.
		{1540, 14, 1, 12210, 12100},
	} {
		g := pixtralGrid(&VisionConfig{ImageSize: c.image, PatchSize: c.patch, SpatialMerge: c.merge})
		if g.tokens != c.tokens || g.patches != c.patches || g.width != c.image {
			t.Errorf("%d px, patch %d, merge %d: %d tokens, %d patches, want %d, %d", c.image, c.patch, c.merge, g.tokens, g.patches, c.tokens, c.patches)
		}
	}
}

func TestPixtralParams(t *testing.T) {
	m := mistral31Vision()
	for _, c := range []struct {
		tp   int
		want int64
	}{
		// patch 3·14²·1024 = 602,112; ln_pre 1,024; a layer 2·1,024 +
		// 4·1,024² + 3·1,024·4,096 = 16,779,264, ×24 = 402,702,336; the
		// projector 1,024 + 4,096·1,024 + 1,024·5,120 + 5,120² = 35,652,608.
		{1, 438958080},
		// TP 2 halves the layers' linears and the projector's two linears:
		// 602,112 + 1,024 + 24 × (2,048 + 8,388,608) + 1,024 + 4,194,304 +
		// 2,621,440 + 13,107,200.
		{2, 602112 + 1024 + 24*(2048+8388608) + 1024 + 4194304 + 2621440 + 13107200},
	} {
		if got := visionParams(m, c.tp); got != c.want {
			t.Errorf("TP %d: %d parameters, want %d", c.tp, got, c.want)
		}
	}
	m.Vision.ProjectorBias = true
	if got := visionParams(m, 1); got != 438958080+2*5120 {
		t.Errorf("with projector biases: %d, want %d", got, 438958080+2*5120)
	}
}
