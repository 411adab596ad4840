package calc

import "testing"

// GLM-4.1V's tower: 24 blocks of 1536 (12 heads), MLP as wide as
// out_hidden 4096, merger intermediate 13696, patch 14, merge 2,
// temporal 2, image_size 336 (24² positions).
func glm4vModel() *Model {
	return &Model{Family: "glm4v", Text: TextConfig{Hidden: 4096},
		Vision: &VisionConfig{Depth: 24, Hidden: 1536, Intermediate: 13696, Heads: 12, PatchSize: 14, TemporalPatchSize: 2,
			SpatialMerge: 2, OutHidden: 4096, ImageSize: 336},
		Image: &ImageConfig{MinPixels: 12544, MaxPixels: 9633792, VideoMinPixels: 12544, VideoMaxPixels: 47040000}}
}

func TestGlmResize(t *testing.T) {
	for _, c := range []struct {
		frames, h, w, max int
		rh, rw            int
	}{
		// The most-features request: 16 frames of 9999999² under
		// 47,040,000 px: β = √(16 · 9999999² / 47.04M), 9999999 / β = 1714.6,
		// floored to 28: 1708.
		{16, 9999999, 9999999, 47040000, 1708, 1708},
		// The image as the processor sees it, 2 frames: 2 · 1708² =
		// 5,834,528 px is under 9,633,792: kept.
		{2, 1708, 1708, 9633792, 1708, 1708},
		// vLLM's image-token count, 16 frames under 9,633,792: √(9.63M / 16)
		// = 776 floored to 27 · 28 = 756.
		{16, 1708, 1708, 9633792, 756, 756},
		// 600 frames of 1708² under 47.04M: exactly 78,400 px a frame: 280².
		{600, 1708, 1708, 47040000, 280, 280},
		// 14 frames: 14 · 1708² = 40.8M, under the cap: kept.
		{14, 1708, 1708, 47040000, 1708, 1708},
	} {
		h, w, ok := glmResize(c.frames, c.h, c.w, 28, 12544, c.max)
		if !ok || h != c.rh || w != c.rw {
			t.Errorf("%d frames of %d × %d under %d px: %d × %d (%v), want %d × %d", c.frames, c.h, c.w, c.max, h, w, ok, c.rh, c.rw)
		}
	}
	// One frame is below the temporal factor: transformers raises.
	if _, _, ok := glmResize(1, 1708, 1708, 28, 12544, 47040000); ok {
		t.Error("1 frame resized; transformers raises 't:1 must be larger than temporal_factor:2'")
	}
}

func TestGlm4vItems(t *testing.T) {
	r := &Resolved{Scenario: Scenario{Model: *glm4vModel()}}
	r.MinPixels, r.MaxPixels = 12544, 9633792
	// 1708² is (122 · 122) patches, 3,721 tokens.
	if g := glm4vImage(r); g.tokens != 3721 || g.patches != 14884 {
		t.Errorf("image: %d tokens, %d patches, want 3,721, 14,884", g.tokens, g.patches)
	}
	// 756² at 16 frames: grid_t 8 × 27² = 5,832.
	if n := glm4vReserve(r); n != 5832 {
		t.Errorf("image reserve %d, want 5,832", n)
	}
	for _, c := range []struct {
		seq                     int
		frames, tokens, patches int
	}{
		// 65,536 − 5,832 holds every count up to the 600-frame cap; the
		// processor resizes 600 frames to 280²: 300 × 10² = 30,000 tokens.
		{65536, 600, 30000, 120000},
		// 32,768 − 5,832 = 26,936: 14 frames (7 × 3,721 = 26,047; 15 pad
		// to 16: 29,768 is over).
		{32768, 14, 26047, 104188},
	} {
		g := glm4vVideo(r, 1, 1, c.seq)
		if g.frames != c.frames || g.tokens != c.tokens || g.patches != c.patches {
			t.Errorf("video for %d tokens: %d frames, %d tokens, %d patches, want %d, %d, %d", c.seq, g.frames, g.tokens, g.patches, c.frames, c.tokens, c.patches)
		}
	}
}

// glm4vParams' comment works TP 1 by hand. At TP 2 a block is 2·1536 +
// 3·1536²/2 + 1536²/2 + 2·1536·4096/2 + 4096·1536/2 = 14,158,848, the
// merger 4096²/2 + 2·4096 + 2·4096·13696/2 + 13696·4096/2 = 92,545,024,
// and the replicated rest (patch, norms, positions, downsample)
// 27,865,600: 460,222,976.
func TestGlm4vParams(t *testing.T) {
	m := glm4vModel()
	for _, c := range []struct {
		tp   int
		want int64
	}{{1, 892498432}, {2, 460222976}} {
		if got := visionParams(m, c.tp); got != c.want {
			t.Errorf("TP %d: %d, want %d", c.tp, got, c.want)
		}
	}
}

// The later dummies (profile.glm4v_dummy). From #34483 ("image") the
// 2184² image (√(9,633,792 / 2) floored to 28; 78² = 6,084 tokens) is also
// the reserve and the frame, and frames are added while they fit: 32,768
// − 6,084 = 26,684 holds 8 (4 pairs of 78²: 24,336 tokens; 9 pad to 10:
// 30,420 is over); 65,536 still reaches the 600-frame cap (280², 30,000).
// From #48729 ("processor") the fewest frames with the most tokens: 11
// frames resized to 2044², 6 × 73² = 31,974 (the PR's unit test gives 11
// for a 47,040,000-px video cap); at 30,000 tokens the 23,916 left hold 5
// frames of 2184² (3 pairs, 18,252; 7 frames' 24,336 is over).
func TestGlm4vLaterDummies(t *testing.T) {
	for _, c := range []struct {
		mode                               string
		seq, frames, side, tokens, patches int
	}{
		{"image", 32768, 8, 2184, 24336, 97344},
		{"image", 65536, 600, 280, 30000, 120000},
		{"processor", 65536, 11, 2044, 31974, 127896},
		{"processor", 30000, 5, 2184, 18252, 73008},
	} {
		r := &Resolved{Scenario: Scenario{Model: *glm4vModel()}}
		r.MinPixels, r.MaxPixels = 12544, 9633792
		r.Engine.Profile.Glm4vDummy, r.Engine.Profile.Glm4vMinFrames = c.mode, true
		if g, n := glm4vImage(r), glm4vReserve(r); g.width != 2184 || g.tokens != 6084 || g.patches != 24336 || n != 6084 {
			t.Errorf("%s: image %d², %d tokens, %d patches, reserve %d; want 2184², 6,084, 24,336, 6,084", c.mode, g.width, g.tokens, g.patches, n)
		}
		g := glm4vVideo(r, 1, 1, c.seq)
		if g.frames != c.frames || g.width != c.side || g.tokens != c.tokens || g.patches != c.patches {
			t.Errorf("%s, %d tokens: %d frames of %d², %d tokens, %d patches; want %d of %d², %d, %d",
				c.mode, c.seq, g.frames, g.width, g.tokens, g.patches, c.frames, c.side, c.tokens, c.patches)
		}
	}
}
