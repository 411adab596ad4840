package calc

import "testing"

// Engine profile families built by hand from calc/README.md "Multimodal dummy items"
var (
	// vLLM 0.8.0–0.8.3: mm_counts = limits (default 1), one image reserved
	// from the video's sequence, 16 frames at most, cdiv item count.
	profile080 = ProfileRules{EncoderProfiled: true, Sampler: "sort", DefaultMMLimit: 1, CountsFromLimit: true,
		ItemCount: "cdiv", EncoderDummy: "batched", VideoFramesCap: 16, VideoReserveImage: true}
	// vLLM 0.11–0.14: counts 1, no reserve, 14 frames, MultiModalBudget.
	profile011 = ProfileRules{EncoderProfiled: true, Sampler: "sort", DefaultMMLimit: 999,
		ItemCount: "budget", EncoderDummy: "batched", VideoFramesCap: 14}
	// vLLM 0.10.0: the dummy is built at the per-item maximum (#20434).
	profile0100 = ProfileRules{EncoderProfiled: true, Sampler: "sort", DefaultMMLimit: 999,
		ItemCount: "floor", EncoderDummy: "item", VideoFramesCap: 16, VideoReserveImage: true}
	// vLLM 0.7.x V0.
	profileV0 = ProfileRules{EncoderProfiled: true, Sampler: "v0", DefaultMMLimit: 1, CountsFromLimit: true,
		ItemCount: "v0", EncoderDummy: "batched", VideoFramesCap: 16, VideoReserveImage: true, V0Oversize: "keep"}
	// vLLM 0.7.2 V0: odd frame counts rounded up, oversized prompts dropped.
	profileV072 = ProfileRules{EncoderProfiled: true, Sampler: "v0", DefaultMMLimit: 1, CountsFromLimit: true,
		ItemCount: "v0", EncoderDummy: "batched", VideoFramesCap: 16, VideoReserveImage: true, V0Oversize: "drop", V0FramesRoundOdd: true}
)

func mmResolved(m Model, rules ProfileRules, maxLen, mnbt, seqs, limI, limV int) *Resolved {
	r := &Resolved{TP: 1, PP: 1, Dtype: "bfloat16", MaxModelLen: maxLen, MaxNumBatchedTokens: mnbt,
		MaxNumSeqs: seqs, LimitImages: limI, LimitVideos: limV}
	r.Model = m
	r.Engine.Profile = rules
	r.Engine.V1 = rules.ItemCount != "v0"
	r.V1 = r.Engine.V1
	return r
}

func TestProfiledItem(t *testing.T) {
	for _, c := range []struct {
		name     string
		r        *Resolved
		modality string
		tokens   int // encoded
		patches  int
		frames   int
		count    int
		w, h     int
		maxTok   int // the per-item maximum that picks the modality
	}{
		// Per-item maximum: 128000 − 16384 (one reserved image) = 111,616; a
		// frame pair is 128×128 merged = 16,384 tokens: 6 pairs = 98,304 (12
		// frames). Video wins; budget max(2048, 98304) → cdiv = 1 item. But
		// the dummy is built for the 2,048-token batch: not even one pair
		// fits, so 1 frame (padded to 2) = 16,384 tokens, 65,536 patches.
		{"Qwen2.5-VL-7B 0.8 default", mmResolved(qwen25VL7B, profile080, 128000, 2048, 1024, 1, 1),
			"video", 16384, 65536, 1, 1, 3584, 3584, 98304},
		// 0.10.0 builds it at the maximum: 12 frames, 98,304 tokens, 4 × 98,304 patches.
		{"Qwen2.5-VL-7B 0.10.0 default", mmResolved(qwen25VL7B, profile0100, 128000, 2048, 256, 999, 999),
			"video", 98304, 393216, 12, 1, 3584, 3584, 98304},
		// No reserve: 7 pairs = 114,688 ≤ 128,000 (14 frames, the cap) is
		// the maximum; the batched dummy is again one frame.
		{"Qwen2.5-VL-7B 0.11 default", mmResolved(qwen25VL7B, profile011, 128000, 2048, 256, 999, 999),
			"video", 16384, 65536, 1, 1, 3584, 3584, 114688},
		// 32768 − 16384 = 16384: 2 frames = 16,384, tie with the image;
		// the first (image) wins.
		{"Qwen2.5-VL-7B 0.8 at 32768", mmResolved(qwen25VL7B, profile080, 32768, 2048, 1024, 1, 1),
			"image", 16384, 65536, 1, 1, 3584, 3584, 16384},
		{"Qwen2.5-VL-7B video limit 0", mmResolved(qwen25VL7B, profile011, 128000, 2048, 256, 999, 0),
			"image", 16384, 65536, 1, 1, 3584, 3584, 16384},
		// Qwen3-VL: image √16,777,216 = 4096 → 4096², 65,536 patches, 16,384
		// tokens; video 25,165,824 / 2 = 12,582,912 px → 3520², 12,100 tokens.
		{"Qwen3-VL-2B default", mmResolved(qwen3VL2B, profile011, 262144, 2048, 256, 999, 999),
			"image", 16384, 65536, 1, 1, 4096, 4096, 16384},
	} {
		it := ProfiledItem(c.r)
		if it.Modality != c.modality || it.Tokens != c.tokens || it.Patches != c.patches || it.MaxTokens != c.maxTok ||
			it.Frames != c.frames || it.Count != c.count || it.Width != c.w || it.Height != c.h {
			t.Errorf("%s: got %+v\nwant %s %d tokens %d patches %d frames ×%d %dx%d max %d", c.name, it,
				c.modality, c.tokens, c.patches, c.frames, c.count, c.w, c.h, c.maxTok)
		}
	}
}

// TestProfiledItemMaxPixels works max_pixels 1920×1080 = 2,073,600 by hand.
func TestProfiledItemMaxPixels(t *testing.T) {
	// Qwen2.5-VL, factor 28: the 9999999² request scales to √2,073,600 = 1440
	// and floors to 51 × 28 = 1428 px a side: (1428/14)² = 10,404 patches,
	// 2,601 tokens.
	r := mmResolved(qwen25VL7B, profile011, 128000, 2048, 256, 999, 0)
	r.MaxPixels = 2073600
	it := ProfiledItem(r)
	if it.Modality != "image" || it.Tokens != 2601 || it.Patches != 10404 || it.Width != 1428 || it.Height != 1428 {
		t.Errorf("Qwen2.5-VL image at 2,073,600 px: %+v", it)
	}
	// With video at 0.10.0 (built at the maximum): 16 frames (the cap) =
	// 8 pairs × 2,601 = 20,808 tokens.
	r.Engine.Profile = profile0100
	r.LimitVideos = 999
	if it = ProfiledItem(r); it.Modality != "video" || it.Tokens != 20808 || it.Frames != 16 {
		t.Errorf("Qwen2.5-VL video at 2,073,600 px: %+v", it)
	}
	// Qwen3-VL, factor 32: √2,073,600 = 1440 = 45 × 32 → 1440², 8,100
	// patches, 2,025 tokens.
	r = mmResolved(qwen3VL2B, profile011, 262144, 2048, 256, 999, 999)
	r.MaxPixels = 2073600
	if it = ProfiledItem(r); it.Modality != "image" || it.Tokens != 2025 || it.Patches != 8100 || it.Width != 1440 {
		t.Errorf("Qwen3-VL at 2,073,600 px: %+v", it)
	}
}

// TestProfiledItemCounts checks the item counts against the two logged
// "Encoder cache will be initialized ..." lines in dev.jsonl.
func TestProfiledItemCounts(t *testing.T) {
	// devbuild-qwen3vl8b-util0.85: √1,003,520 = 1001.8 → 31 × 32 = 992 px,
	// (992/16)² / 4 = 961 tokens; budget max(8192, 961) = 8192; 8192 // 961
	// = 8, capped at max_num_seqs 5 × max(1, min(limit 1, 4096 // 961)) = 5.
	r := mmResolved(qwen3VL8B, profile011, 4096, 8192, 5, 1, 0)
	r.MaxPixels, r.MinPixels = 1003520, 784
	it := ProfiledItem(r)
	if it.Tokens != 961 || it.Count != 5 || it.Budget != 8192 {
		t.Errorf("qwen3vl8b: %+v", it)
	}
	if got, want := EncoderCacheLog(it), "Encoder cache will be initialized with a budget of 8192 tokens, and profiled with 5 image items of the maximum feature size."; got != want {
		t.Errorf("log %q, want %q", got, want)
	}
	// vllm-12991: 32,767 tokens, limit image=4: cdiv(32767 / 16384) = 2.
	r = mmResolved(qwen25VL72B, profile080, 32767, 32767, 256, 4, 0)
	if it = ProfiledItem(r); it.Modality != "image" || it.Count != 2 || it.Budget != 32767 {
		t.Errorf("qwen25vl72b bnb: %+v", it)
	}
}

// TestProfiledItemV0 works calc/README.md "Multimodal dummy items": V0 defaults carry one image and one
// video per dummy sequence.
func TestProfiledItemV0(t *testing.T) {
	// max_model_len 128000: image 16,384, video 98,304 (reserve one image);
	// Σ = 114,688; sequences max(1, min(256, 128000 // 114688)) = 1.
	it := ProfiledItem(mmResolved(qwen25VL7B, profileV0, 128000, 128000, 256, 1, 1))
	if it.Modality != "video" || it.Tokens != 98304 || it.Count != 1 || it.Also == nil || it.Also.Tokens != 16384 || it.Also.Count != 1 {
		t.Errorf("V0: %+v", it)
	}
	// max_model_len 16384: image 16,384 and (no room after the reserved
	// image) a 1-frame video of 16,384: 32,768 tokens do not fit the
	// 16,384-token dummy sequence. 0.8.3+ keeps them (image first on the
	// tie, the video alongside); 0.7.2 profiles text only.
	it = ProfiledItem(mmResolved(qwen25VL7B, profileV0, 16384, 16384, 256, 1, 1))
	if it.Modality != "image" || it.Count != 1 || it.Dropped || it.Also == nil || it.Also.Tokens != 16384 {
		t.Errorf("V0 keep at 16384: %+v", it)
	}
	it = ProfiledItem(mmResolved(qwen25VL7B, profileV072, 16384, 16384, 256, 1, 1))
	if !it.Dropped || it.Count != 0 || it.Seqs != 1 {
		t.Errorf("V0 0.7.2 drop at 16384: %+v", it)
	}
	// 0.7.2 at 32768: 32768 − 16384 = 16384 left; unpadded, 3 frames give
	// grid_t 1 = 16,384 tokens; 4 would give 32,768: 3 frames, odd, round
	// up to 4 → 32,768 tokens. Σ 49,152 > 32,768: dropped.
	r := mmResolved(qwen25VL7B, profileV072, 32768, 32768, 256, 1, 1)
	r.Engine.Profile.V0Oversize = "keep"
	if it = ProfiledItem(r); it.Modality != "video" || it.Tokens != 32768 || it.Frames != 4 {
		t.Errorf("V0 0.7.2 frames at 32768: %+v", it)
	}
	// No vision tower: nothing.
	if it := ProfiledItem(mmResolved(llama31_8B, profileV0, 8192, 8192, 256, 1, 1)); it.Modality != "" {
		t.Errorf("text-only: %+v", it)
	}
}

// TestProfiledItemOddInputs: absurd pixel bounds stay bounded and fast.
func TestProfiledItemOddInputs(t *testing.T) {
	r := mmResolved(qwen25VL7B, profile011, 1<<40, 1<<40, 1<<30, 1<<30, 1<<30)
	r.MaxPixels = 1 << 62
	if it := ProfiledItem(r); it.Tokens <= 0 || it.Tokens > 8*maxPixelsBound/(28*28) { // 8 frame pairs of the largest image
		t.Errorf("huge bounds: %+v", it)
	}
	r = mmResolved(qwen25VL7B, profile011, 0, 0, 0, 1, 1)
	r.MaxPixels = 1
	if it := ProfiledItem(r); it.Count < 1 || it.Tokens < 1 {
		t.Errorf("tiny bounds: %+v", it)
	}
}

func TestSmartResize(t *testing.T) {
	// 1920×1080, factor 28, bounds 3136..12,845,056: round → 1932×1092.
	if w, h := smartResize(1920, 1080, 28, 3136, 12845056); w != 1932 || h != 1092 {
		t.Errorf("smartResize 1920x1080 = %dx%d, want 1932x1092", w, h)
	}
	// A huge square above max 2,073,600: β scales to √2,073,600 = 1440 → floor(1440/28)·28 = 1428.
	if w, h := smartResize(9999999, 9999999, 28, 3136, 2073600); w != 1428 || h != 1428 {
		t.Errorf("smartResize huge = %dx%d, want 1428x1428", w, h)
	}
}

// vLLM 0.11.0's Qwen3-VL video (qwen3video.go): at max_model_len 65,536
// the most frames whose tokens fit exceed the cap, so F = 24,576 frames of
// the 4096² image maximum, video-resized by β = √(24,576 · 4096² /
// 25,165,824) = 128 to 32 × 32: grid (12,288, 2, 2), 49,152 patches,
// 12,288 tokens, and 12.5 × 12,288 = 153,600 for the budget and the pick
// (video over the 16,384-token image): one video item, as the 0.11.0 log
// of vllm #27992 prints.
func TestQwen3VideoX125(t *testing.T) {
	m := Model{Family: "qwen3_vl_moe", Text: TextConfig{Hidden: 2048, Layers: 48},
		Vision: &VisionConfig{Depth: 27, Hidden: 1152, Intermediate: 4304, Heads: 16, PatchSize: 16, TemporalPatchSize: 2,
			SpatialMerge: 2, OutHidden: 2048, PositionEmbedding: 2304},
		Image: &ImageConfig{MinPixels: 65536, MaxPixels: 16777216, VideoMinPixels: 4096, VideoMaxPixels: 25165824}}
	rules := profile011
	rules.EncoderDummy, rules.Qwen3Video = "item", "x12.5"
	it := ProfiledItem(mmResolved(m, rules, 65536, 2048, 256, 999, 999))
	want := MMItem{Modality: "video", Count: 1, Tokens: 12288, Patches: 49152, MaxTokens: 153600, Width: 32, Height: 32, Frames: 24576, Budget: 153600}
	if it != want {
		t.Errorf("item %+v\nwant %+v", it, want)
	}
	if got := EncoderCacheLog(it); got != "Encoder cache will be initialized with a budget of 153600 tokens, and profiled with 1 video items of the maximum feature size." {
		t.Errorf("log %q", got)
	}
	// Below 16,200 tokens the loop stops at 2 frames of 3520²: 12,100
	// tokens, 151,250 counted.
	if it := ProfiledItem(mmResolved(m, rules, 8192, 2048, 256, 999, 999)); it.Frames != 2 || it.Tokens != 12100 || it.MaxTokens != 151250 {
		t.Errorf("short: %+v, want 2 frames, 12,100 tokens, 151,250 counted", it)
	}
}
