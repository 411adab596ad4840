package calc

import "testing"

// LLaVA-OneVision's SigLIP tower: 26 layers of 1152, MLP 4304, 384 px
// tiles of patch 14 (27 × 27 features), anyres_max_9.
func llavaOVVision() *VisionConfig {
	return &VisionConfig{Depth: 26, Hidden: 1152, Intermediate: 4304, Heads: 16, PatchSize: 14, ImageSize: 384, AnyresMax: 9, ProjectorBias: true}
}

func TestLlavaOVImage(t *testing.T) {
	v := llavaOVVision()
	for _, c := range []struct {
		w, h            int
		tokens, patches int
	}{
		// vLLM's dummy (#12104): the 1152 × 1536 pinpoint, 3 × 4 tiles;
		// 81 × 108 features unpadded to 81 × 98; ratio 1.0999, not pooled:
		// 7,938 + 81 newlines + 729 = 8,748 over 1 + 12 tiles.
		{1153, 944, 8748, 13 * 729},
		// Tall: the same 98 × 81 grid with 98 newline rows: 8,765 (the
		// maximum vLLM's hardcoded size misses by 17).
		{944, 1153, 8765, 13 * 729},
		// 2304²: 6 × 6 tiles, 162 × 162 features, ratio 2.0 > 1.1: pooled
		// to 81 × 81 = 6,561, 81 newlines, 729 base: 7,371 over 37 tiles.
		{2304, 2304, 7371, 37 * 729},
		// 384²: one grid tile, 27 × 27 + 27 + 729 = 1,485 over 2 tiles.
		{384, 384, 1485, 2 * 729},
	} {
		g := llavaOVImage(v, c.w, c.h)
		if g.tokens != c.tokens || g.patches != c.patches {
			t.Errorf("%d × %d: %d tokens, %d patches, want %d, %d", c.w, c.h, g.tokens, g.patches, c.tokens, c.patches)
		}
	}
}

func TestLlavaOVVideo(t *testing.T) {
	r := &Resolved{Scenario: Scenario{Model: Model{Family: "llava_onevision", Vision: llavaOVVision()}}}
	img := llavaOVImage(r.Model.Vision, llavaOVProfileWidth, llavaOVProfileHeight)
	for _, c := range []struct {
		name                  string
		reserve               bool // ProfileRules.VideoReserveImage (until #24312)
		nImages, nVideos, seq int
		frames, tokens        int
	}{
		// 14² = 196 tokens a frame after the stride-2 pooling, one
		// newline a video: 16 frames (the cap) = 3,137 tokens.
		{"one video, 32k", false, 0, 1, 32768, 16, 3137},
		// 2,048 tokens hold (2048 − 1) / 196 = 10 frames.
		{"one video, 2k", false, 0, 1, 2048, 10, 1961},
		// Until 0.10.2 the images counted first leave nothing: 1 frame;
		// later the image is not reserved: 4,096 tokens hold 16 frames.
		{"999 images reserved", true, 999, 1, 32768, 1, 197},
		{"an image, not reserved", false, 1, 1, 4096, 16, 3137},
	} {
		r.Engine.Profile.VideoReserveImage = c.reserve
		g := llavaOVVideo(r, img, c.nImages, c.nVideos, c.seq)
		if g.frames != c.frames || g.tokens != c.tokens || g.patches != c.frames*729 {
			t.Errorf("%s: %d frames, %d tokens, %d patches, want %d, %d, %d", c.name, g.frames, g.tokens, g.patches, c.frames, c.tokens, c.frames*729)
		}
	}
}

// The anyres merge holds, for one 1153 × 944 image, the 9,477 projected
// rows, the 8,748-row copy of its grid tiles and its 8,019 unpadded
// features with newlines at the text width: for the 72B (8192) in
// float16, 26,244 × 8192 × 2 B, more than the projector's 9,477 × (1152 +
// 2 × 8192) × 2 B or the tower's block.
func TestLlavaOVMerge(t *testing.T) {
	r := &Resolved{Scenario: Scenario{Model: Model{Family: "llava_onevision", Text: TextConfig{Hidden: 8192}, Vision: llavaOVVision()}}}
	r.TP, r.Dtype = 1, "float16"
	want := siglipPixels(r.Model.Vision, 9477) + Bytes(26244*8192*2)
	if got := llavaOVEncoderBytes(r, 9477, true); got != want {
		t.Errorf("encoder pass %d B, want %d", got, want)
	}
}

// The 7B's vision side at TP 1 (llavaOVParams' comment): 414,730,016;
// at TP 2 the tower's linears halve, the projector and newline stay.
func TestLlavaOVParams(t *testing.T) {
	m := &Model{Family: "llava_onevision", Text: TextConfig{Hidden: 3584}, Vision: llavaOVVision()}
	if got := visionParams(m, 1); got != 414730016 {
		t.Errorf("TP 1: %d, want 414,730,016", got)
	}
	// A layer at TP 2: 4·1152 + (3·1152² + 3·1152)/2 + 1152²/2 + 1152 +
	// (1152·4304 + 4304)/2 + 4304·1152/2 + 1152 = 7,623,208.
	want := int64(678528 + 729*1152 + 26*7623208 + 16984576)
	if got := visionParams(m, 2); got != want {
		t.Errorf("TP 2: %d, want %d", got, want)
	}
}
