package calc

import "testing"

// MiniCPM-V 2.6: the Idefics2 tower of 27 layers of 1152 (position table
// 980 / 14 = 70² rows), 64 resampler queries at the Qwen2-7B width 3584.
func minicpmvModel() *Model {
	return &Model{Family: "minicpmv", Text: TextConfig{Hidden: 3584},
		Vision: &VisionConfig{Depth: 27, Hidden: 1152, Intermediate: 4304, Heads: 16, PatchSize: 14, ImageSize: 980, OutHidden: 3584, TokensPerImage: 64}}
}

func TestMiniCPMVItems(t *testing.T) {
	v := minicpmvModel().Vision
	// 448 × 4032: the source slice 149 × 1344 rounded to 154 × 1344 (11 ×
	// 96 = 1,056 patches), nine 448² slices of 32²; 10 × 64 embeddings,
	// the tower padded to 10 × 1,056.
	if w, h := minicpmvBestResize(448, 4032, 14); w != 154 || h != 1344 {
		t.Errorf("source slice %d × %d, want 154 × 1344", w, h)
	}
	img := minicpmvImage(v)
	if img.tokens != 640 || img.patches != 10560 {
		t.Errorf("image: %d tokens, %d patches, want 640, 10,560", img.tokens, img.patches)
	}
	for _, c := range []struct {
		nImages, seq   int
		frames, tokens int
	}{
		// One video: min(32,768 / 64, 16) = 16 frames, 1,024 embeddings.
		{0, 32768, 16, 1024},
		// One image reserved in a 1,280-token prompt: (1,280 − 640) / 64
		// = 10 frames.
		{1, 1280, 10, 640},
		// Nothing left: at least 1 frame.
		{1, 600, 1, 64},
	} {
		g := minicpmvVideo(v, img, c.nImages, 1, c.seq)
		if g.frames != c.frames || g.tokens != c.tokens || g.patches != c.frames*1024 {
			t.Errorf("%d images, %d tokens: %d frames, %d tokens, want %d, %d", c.nImages, c.seq, g.frames, g.tokens, c.frames, c.tokens)
		}
	}
}

// The tower 678,528 + 4,900 · 1152 + 27 × 15,239,504 + 2,304 =
// 417,792,240, the resampler 64·3584 + 1152·3584 + 3·3584² + 3·3584 +
// 3584² + 3584 + 6·3584 + 3584² = 68,619,264; with the decoder, the
// 8,099,175,152 parameters the safetensors index totals.
func TestMiniCPMVParams(t *testing.T) {
	m := minicpmvModel()
	if got := visionParams(m, 1); got != 417792240+68619264 {
		t.Errorf("TP 1: %d, want 486,411,504", got)
	}
	// TP 2 halves the tower's linears only: a layer 4·1152 +
	// (3·1152² + 3·1152)/2 + 1152²/2 + 1152 + (1152·4304 + 4304)/2 +
	// 4304·1152/2 + 1152 = 7,623,208.
	if got, want := visionParams(m, 2), int64(678528+4900*1152+27*7623208+2304+68619264); got != want {
		t.Errorf("TP 2: %d, want %d", got, want)
	}
	if b := minicpmvBuffers(m, 2); b != 35123200 {
		t.Errorf("position cache %d B, want 70 · 70 · 3584 · 2 = 35,123,200", b)
	}
}

// The profile image's pass at TP 1 in bfloat16, 10,560 padded patches:
// pixels 10,560 · 588 · 6 = 37,255,680 B; the resampler's live set
// 10,560 · (1152 + 5 · 3584 + 2 · 28 · 64) · 2 = 478,494,720 B, more than
// the tower's block (10,560 · 12,064 · 2 = 254,791,680 B); the position
// cache rebuilt in float32 at 96 × 70 × 3584 (96,337,920 B) in place of
// the 35,123,200-B buffer: 576,965,120 B.
func TestMiniCPMVEncoder(t *testing.T) {
	r := &Resolved{Scenario: Scenario{Model: *minicpmvModel()}}
	r.TP, r.Dtype = 1, "bfloat16"
	if got := minicpmvEncoderBytes(r, 10560, true); got != 576965120 {
		t.Errorf("encoder pass %d B, want 576,965,120", got)
	}
	// A 16-frame video, 16,384 patches, rebuilds no cache: 57,802,752 +
	// 16,384 · 22,656 · 2 = 800,194,560 B.
	if got := minicpmvEncoderBytes(r, 16384, false); got != 800194560 {
		t.Errorf("video pass %d B, want 800,194,560", got)
	}
}
