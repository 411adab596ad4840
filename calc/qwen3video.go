package calc

import (
	"math"
	"sync"
)

// Qwen3-VL's video dummy in vLLM 0.11.0 (qwen3_vl.py at 0.11.0, #25557;
// calc/README.md "Multimodal dummy items"): the per-item maximum is the
// tokens of F frames at the image maximum as the *video* processor resizes
// them, times 12.5 for the timestamps the prompt adds to each token, with
// F the most frames whose tokens fit max_model_len, capped at 24,576
// (_MAX_FRAMES_PER_VIDEO); and the dummy video encoded is those F frames.
// At 65,536 tokens: F = 24,576 frames of 32 × 32, grid (12,288, 2, 2),
// 12,288 tokens and 49,152 ViT patches; 12.5 × 12,288 = 153,600 tokens
// for the budget ("Encoder cache will be initialized with a budget of
// 153600 tokens, and profiled with 1 video items").

// qwen3VideoFramesCap is 0.11.0's _MAX_FRAMES_PER_VIDEO.
const qwen3VideoFramesCap = 24576

// qwen3VideoX125 is the gen-A video item: the frames encoded and, in
// budget, the 12.5 × tokens the budget and the modality pick count.
func qwen3VideoX125(r *Resolved, img visionGrid, nVideos, seqLen int) (visionGrid, int) {
	v := r.Model.Vision
	im := r.Model.Image
	if im == nil || im.VideoMaxPixels <= 0 || img.width <= 0 {
		return visionGrid{}, 0
	}
	unit := v.PatchSize * max(v.SpatialMerge, 1)
	tokens := func(frames int) visionGrid {
		w, h := videoSmartResize(frames, img.width, img.height, max(v.TemporalPatchSize, 1), unit, im.VideoMinPixels, im.VideoMaxPixels)
		return itemGrid(v, w, h, frames, false)
	}
	// _get_max_video_frames(seq_len, start_num_frames=2): frames grow while
	// the next count's tokens fit; past the cap times the videos the count
	// no longer matters.
	key := videoKey{unit, v.PatchSize, v.TemporalPatchSize, img.width, img.height, im.VideoMinPixels, im.VideoMaxPixels, seqLen, nVideos}
	total, ok := videoFrames.get(key)
	if !ok {
		total = 2
		for limit := qwen3VideoFramesCap * max(nVideos, 1); total < limit && tokens(total+1).tokens <= seqLen; total++ {
		}
		videoFrames.put(key, total)
	}
	frames := max(min(total/max(nVideos, 1), qwen3VideoFramesCap), 1)
	g := tokens(max(frames, 2)) // _get_dummy_videos: at least 2 frames
	return g, int(float64(g.tokens) * 12.5)
}

// videoSmartResize is transformers' Qwen3-VL video smart_resize on
// (width, height) for t frames: sides rounded to factor; when
// t̄·h·w exceeds max_pixels both sides shrink by β = √(t·h·w / max) and
// floor to the factor (at least one factor); below min_pixels they grow.
func videoSmartResize(t, w, h, temporal, factor, minPixels, maxPixels int) (int, int) {
	if factor <= 0 || w <= 0 || h <= 0 {
		return 0, 0
	}
	round := func(x float64) int { return max(int(math.Round(x/float64(factor)))*factor, factor) }
	tb := divCeil(max(t, 1), temporal) * temporal
	hb, wb := round(float64(h)), round(float64(w))
	vol := float64(t) * float64(h) * float64(w)
	switch {
	case maxPixels > 0 && float64(tb)*float64(hb)*float64(wb) > float64(maxPixels):
		beta := math.Sqrt(vol / float64(maxPixels))
		hb = max(factor, int(float64(h)/beta/float64(factor))*factor)
		wb = max(factor, int(float64(w)/beta/float64(factor))*factor)
	case minPixels > 0 && float64(tb)*float64(hb)*float64(wb) < float64(minPixels):
		beta := math.Sqrt(float64(minPixels) / vol)
		hb = int(math.Ceil(float64(h)*beta/float64(factor))) * factor
		wb = int(math.Ceil(float64(w)*beta/float64(factor))) * factor
	}
	return wb, hb
}

// videoFrames remembers _get_max_video_frames, a loop of up to 24,576
// resizes, per configuration: an estimate runs it once per fix tried.
var videoFrames = frameMemo{m: map[videoKey]int{}}

type videoKey struct{ unit, patch, temporal, w, h, minPx, maxPx, seqLen, videos int }

type frameMemo struct {
	mu sync.Mutex
	m  map[videoKey]int
}

func (f *frameMemo) get(k videoKey) (int, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, ok := f.m[k]
	return n, ok
}

func (f *frameMemo) put(k videoKey, n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.m) > 1024 {
		clear(f.m) // bounded: a page changes a handful of lengths
	}
	f.m[k] = n
}
