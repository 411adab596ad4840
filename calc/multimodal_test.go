package calc

import "testing"

// Engine profile families built by hand from spec §4.2–§4.4.
var (
	// vLLM 0.8.0–0.8.3: mm_counts = limits (default 1), one image reserved
	// from the video's sequence, 16 frames at most, cdiv item count.
	profile080 = ProfileRules{EncoderProfiled: true, Sampler: "full", DefaultMMLimit: 1, CountsFromLimit: true,
		ItemCount: "cdiv", VideoFramesCap: 16, VideoReserveImage: true}
	// vLLM 0.11–0.14: counts 1, no reserve, 14 frames, MultiModalBudget.
	profile011 = ProfileRules{EncoderProfiled: true, Sampler: "full", DefaultMMLimit: 999,
		ItemCount: "budget", VideoFramesCap: 14}
	// vLLM 0.7.x V0.
	profileV0 = ProfileRules{EncoderProfiled: true, Sampler: "v0", DefaultMMLimit: 1, CountsFromLimit: true,
		ItemCount: "v0", VideoFramesCap: 16, VideoReserveImage: true}
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
		tokens   int
		patches  int
		frames   int
		count    int
		w, h     int
	}{
		// 128000 − 16384 (one reserved image) = 111,616; a frame pair is
		// 128×128 merged = 16,384 tokens: 6 pairs = 98,304 (12 frames);
		// 13 frames pad to 14 = 114,688 > 111,616. Budget max(2048, 98304)
		// → cdiv(98304/98304) = 1 item. Patches 4 × 98,304.
		{"Qwen2.5-VL-7B 0.8 default", mmResolved(qwen25VL7B, profile080, 128000, 2048, 1024, 1, 1),
			"video", 98304, 393216, 12, 1, 3584, 3584},
		// No reserve: 7 pairs = 114,688 ≤ 128,000 (14 frames; 15 pad to 16
		// = 131,072 > 128,000), cap 14.
		{"Qwen2.5-VL-7B 0.11 default", mmResolved(qwen25VL7B, profile011, 128000, 2048, 256, 999, 999),
			"video", 114688, 458752, 14, 1, 3584, 3584},
		// 32768 − 16384 = 16384: 2 frames = 16,384, tie with the image;
		// the first (image) wins.
		{"Qwen2.5-VL-7B 0.8 at 32768", mmResolved(qwen25VL7B, profile080, 32768, 2048, 1024, 1, 1),
			"image", 16384, 65536, 1, 1, 3584, 3584},
		{"Qwen2.5-VL-7B video limit 0", mmResolved(qwen25VL7B, profile011, 128000, 2048, 256, 999, 0),
			"image", 16384, 65536, 1, 1, 3584, 3584},
		// Qwen3-VL: image 16,777,216 / 32² = 16,384 = 128×128 → 4096×4096,
		// 65,536 patches; video 25,165,824/2 = 12,582,912 px → 12,288 tokens.
		{"Qwen3-VL-2B default", mmResolved(qwen3VL2B, profile011, 262144, 2048, 256, 999, 999),
			"image", 16384, 65536, 1, 1, 4096, 4096},
	} {
		it := ProfiledItem(c.r)
		if it.Modality != c.modality || it.Tokens != c.tokens || it.Patches != c.patches ||
			it.Frames != c.frames || it.Count != c.count || it.Width != c.w || it.Height != c.h {
			t.Errorf("%s: got %+v\nwant %s %d tokens %d patches %d frames ×%d %dx%d", c.name, it,
				c.modality, c.tokens, c.patches, c.frames, c.count, c.w, c.h)
		}
		if it.Why == "" {
			t.Errorf("%s: empty Why", c.name)
		}
	}
}

// TestProfiledItemMaxPixels works max_pixels 1920×1080 = 2,073,600 by hand.
func TestProfiledItemMaxPixels(t *testing.T) {
	// Qwen2.5-VL, factor 28: 2,073,600 // 784 = 2,644 merged patches =
	// 4 × 661 (661 is prime), aspect 165 ≤ 200 → 112 × 18,508 px image,
	// 2,644 tokens, 10,576 patches.
	r := mmResolved(qwen25VL7B, profile011, 128000, 2048, 256, 999, 0)
	r.MaxPixels = 2073600
	it := ProfiledItem(r)
	if it.Modality != "image" || it.Tokens != 2644 || it.Patches != 10576 || it.Width != 18508 || it.Height != 112 {
		t.Errorf("Qwen2.5-VL image at 2,073,600 px: %+v", it)
	}
	// With video: 14 frames (cap) = 7 pairs × 2,644 = 18,508 tokens.
	r.LimitVideos = 999
	if it = ProfiledItem(r); it.Modality != "video" || it.Tokens != 18508 || it.Frames != 14 {
		t.Errorf("Qwen2.5-VL video at 2,073,600 px: %+v", it)
	}
	// Qwen3-VL, factor 32: 2,073,600 // 1024 = 2,025 = 45 × 45 → 1440×1440,
	// 2,025 tokens, 8,100 patches.
	r = mmResolved(qwen3VL2B, profile011, 262144, 2048, 256, 999, 999)
	r.MaxPixels = 2073600
	if it = ProfiledItem(r); it.Modality != "image" || it.Tokens != 2025 || it.Patches != 8100 || it.Width != 1440 {
		t.Errorf("Qwen3-VL at 2,073,600 px: %+v", it)
	}
}

// TestProfiledItemCounts checks the item counts against the two logged
// "Encoder cache will be initialized ..." lines in dev.jsonl.
func TestProfiledItemCounts(t *testing.T) {
	// devbuild-qwen3vl8b-util0.85: max_pixels 1,003,520 // 1024 = 980 =
	// 28×35 tokens; budget max(8192, 980) = 8192; 8192 // 980 = 8, capped at
	// max_num_seqs 5 × max(1, min(limit 1, 4096 // 980)) = 5.
	r := mmResolved(qwen3VL8B, profile011, 4096, 8192, 5, 1, 0)
	r.MaxPixels, r.MinPixels = 1003520, 784
	it := ProfiledItem(r)
	if it.Tokens != 980 || it.Count != 5 || it.Budget != 8192 {
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

// TestProfiledItemV0 works spec §4.6: V0 defaults carry one image and one
// video per dummy sequence.
func TestProfiledItemV0(t *testing.T) {
	// max_model_len 128000: image 16,384, video 98,304 (reserve one image);
	// Σ = 114,688; sequences max(1, min(256, 128000 // 114688)) = 1.
	it := ProfiledItem(mmResolved(qwen25VL7B, profileV0, 128000, 128000, 256, 1, 1))
	if it.Modality != "video" || it.Tokens != 98304 || it.Count != 1 || it.Also == nil || it.Also.Tokens != 16384 || it.Also.Count != 1 {
		t.Errorf("V0: %+v", it)
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
	if it := ProfiledItem(r); it.Tokens <= 0 || it.Tokens > 16*maxItemTokens {
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
