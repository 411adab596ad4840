package calc

import (
	"fmt"
	"math"
)

// This file is the Qwen2-VL / Qwen2.5-VL / Qwen3-VL token arithmetic of the
// profile run: smart_resize, the dummy image with the most features, video
// frames, which modality is profiled and how many items (calc/README.md "Multimodal dummy items",
// calc/README.md "Multimodal dummy items"; vllm/model_executor/models/qwen2_vl.py Qwen2VLProcessingInfo,
// qwen3_vl.py, vllm/multimodal/profiling.py, vllm/v1/worker/
// gpu_model_runner.py profile_run, vllm/multimodal/encoder_budget.py).

// maxPixelsBound caps max_pixels at 2^30 (a 32768 × 32768 image).
const maxPixelsBound = 1 << 30

// defaultFramesCap is _MAX_FRAMES_PER_VIDEO before v0.11.
const defaultFramesCap = 16

// visionGrid is one dummy item after resizing.
type visionGrid struct {
	width, height int // pixels
	frames        int
	tokens        int // LLM tokens (after the spatial merge)
	patches       int // ViT sequence length (grid_t · grid_h · grid_w)
	// budget, when set, is what the profile counts for the item instead
	// of tokens (Qwen3-VL's 12.5 × video tokens in 0.11.0, qwen3video.go).
	budget int
}

// counted is the tokens the modality pick, the budget and the count use.
func (g visionGrid) counted() int { return max(g.budget, g.tokens) }

// mostFeatures is get_image_size_with_most_features: the processor's
// smart_resize of a 9999999 × 9999999 request, which scales it down to
// max_pixels and floors each side to the unit (patch × merge): a square of
// side floor(√max_pixels / unit) · unit (qwen2_vl.py
// Qwen2VLProcessingInfo.get_image_size_with_most_features). 2,073,600 px
// gives 1428 × 1428, the default 12,845,056 gives 3584 × 3584.
func mostFeatures(unit, minPixels, maxPixels int) (w, h int) {
	if unit <= 0 {
		return 0, 0
	}
	const huge = 9999999
	return smartResize(huge, huge, unit, minPixels, maxPixels)
}

// smartResize is transformers' Qwen2-VL smart_resize on (width, height):
// round both sides to the factor; above max_pixels scale by
// β = √(h·w/max) and floor to the factor; below min_pixels scale by
// √(min/(h·w)) and ceil.
func smartResize(w, h, factor, minPixels, maxPixels int) (int, int) {
	if factor <= 0 || w <= 0 || h <= 0 {
		return 0, 0
	}
	round := func(x float64) int {
		v := int(x/float64(factor)+0.5) * factor
		return max(v, factor)
	}
	hb, wb := round(float64(h)), round(float64(w))
	switch {
	case maxPixels > 0 && hb*wb > maxPixels:
		beta := sqrtPos(float64(h) * float64(w) / float64(maxPixels))
		hb = max(factor, int(float64(h)/beta/float64(factor))*factor)
		wb = max(factor, int(float64(w)/beta/float64(factor))*factor)
	case minPixels > 0 && hb*wb < minPixels:
		beta := sqrtPos(float64(minPixels) / (float64(h) * float64(w)))
		hb = divCeil(int(ceilFloat(float64(h)*beta)), factor) * factor
		wb = divCeil(int(ceilFloat(float64(w)*beta)), factor) * factor
	}
	return wb, hb
}

func sqrtPos(x float64) float64 {
	if x <= 0 || math.IsNaN(x) {
		return 0
	}
	return math.Sqrt(x)
}

// itemGrid is the item's token arithmetic (_get_vision_info): frames padded to
// a multiple of temporal_patch_size, grid_t = padded/temporal (≥1),
// patches = grid_t·(H/patch)·(W/patch), tokens = patches / merge². With
// floorT (vLLM ≤0.7.2) frames are not padded: grid_t = max(frames /
// temporal, 1), rounded down.
func itemGrid(v *VisionConfig, w, h, frames int, floorT bool) visionGrid {
	g := visionGrid{width: w, height: h, frames: frames}
	if v.PatchSize <= 0 {
		return g
	}
	tp := max(v.TemporalPatchSize, 1)
	gt := max(divCeil(max(frames, 1), tp), 1)
	if floorT {
		gt = max(frames/tp, 1)
	}
	g.patches = gt * (h / v.PatchSize) * (w / v.PatchSize)
	m := max(v.SpatialMerge, 1)
	g.tokens = g.patches / (m * m)
	return g
}

// pixelBounds are the image processor's min/max pixels after
// mm_processor_kwargs (Resolved), falling back to the checkpoint's.
func pixelBounds(r *Resolved) (minPx, maxPx int) {
	minPx, maxPx = r.MinPixels, r.MaxPixels
	if im := r.Model.Image; im != nil {
		if minPx <= 0 {
			minPx = im.MinPixels
		}
		if maxPx <= 0 {
			maxPx = im.MaxPixels
		}
	}
	if maxPx <= 0 {
		// transformers Qwen2VLImageProcessor class default: 28·28·1280.
		maxPx = 28 * 28 * 1280
	}
	// No processor allows more than a 32768² image; the bound keeps a
	// pasted config's absurd max_pixels from overflowing the arithmetic.
	maxPx = min(maxPx, maxPixelsBound)
	return minPx, maxPx
}

// maxImage is the largest image item: the most-features dummy image.
func maxImage(r *Resolved) visionGrid {
	v := r.Model.Vision
	if t := towers[visionKind(&r.Model)]; t.image != nil {
		return t.image(r)
	}
	unit := v.PatchSize * max(v.SpatialMerge, 1)
	minPx, maxPx := pixelBounds(r)
	if r.Engine.Profile.Qwen2VLDummy == "capped" && r.Options.MaxPixels == nil {
		maxPx = min(maxPx, qwen2VLPixelCap)
	}
	w, h := mostFeatures(unit, minPx, maxPx)
	return itemGrid(v, w, h, 1, false)
}

// maxVideo is the largest video item for a prompt of seqLen tokens holding
// nImages images and nVideos videos (get_num_frames_with_most_features).
//
// Qwen2/2.5-VL: every frame is the most-features image; the frame count is
// the largest whose tokens fit seqLen (less nImages images where the release
// reserves them), divided among nVideos, capped at _MAX_FRAMES_PER_VIDEO,
// at least 1; vLLM ≤0.7.2 then rounds an odd count up by one.
//
// Qwen3-VL (qwen3_vl.py): 2 frames at the video processor's longest_edge /
// temporal_patch_size pixels. (inferred) A smaller image max_pixels from
// mm_processor_kwargs is taken to bound the video frame too.
func maxVideo(r *Resolved, img visionGrid, nImages, nVideos, seqLen int) visionGrid {
	v := r.Model.Vision
	if t := towers[visionKind(&r.Model)]; t.video != nil {
		return t.video(r, img, nImages, nVideos, seqLen)
	}
	unit := v.PatchSize * max(v.SpatialMerge, 1)
	qwen3 := visionKind(&r.Model) == vitQwen3 && r.Model.Family != omniFamily // Omni counts frames as Qwen2.5-VL (its ProcessingInfo's base)
	if qwen3 && r.Engine.Profile.Qwen3Video == "x12.5" {
		g, b := qwen3VideoX125(r, img, nVideos, seqLen)
		g.budget = b
		return g
	}
	if qwen3 {
		minPx, maxPx := pixelBounds(r)
		if im := r.Model.Image; im != nil && im.VideoMaxPixels > 0 {
			vp := im.VideoMaxPixels / max(v.TemporalPatchSize, 1)
			if r.MaxPixels <= 0 || r.MaxPixels > vp {
				maxPx = vp
			}
			if im.VideoMinPixels > 0 {
				minPx = im.VideoMinPixels
			}
		}
		w, h := mostFeatures(unit, minPx, maxPx)
		return itemGrid(v, w, h, 2, false)
	}
	rules := r.Engine.Profile
	floorT := rules.V0FramesRoundOdd
	seq := seqLen
	if rules.VideoReserveImage {
		seq -= img.tokens * nImages
	}
	total := 0
	for f := 1; ; f++ {
		if itemGrid(v, img.width, img.height, f, floorT).tokens > seq || f > 1<<16 {
			break
		}
		total = f
	}
	capF := rules.VideoFramesCap
	if capF <= 0 {
		capF = defaultFramesCap
	}
	frames := max(min(total/max(nVideos, 1), capF), 1)
	if floorT && frames > 1 && frames%2 == 1 {
		frames++ // transformers #35412 workaround (qwen2_vl.py @v0.7.2)
	}
	return itemGrid(v, img.width, img.height, frames, floorT)
}

// ProfiledItem is the multimodal dummy input the profile run encodes, per
// the engine family's ProfileRules: the per-item maximum of each modality
// whose limit is > 0 (counts = the limits when CountsFromLimit, else 1),
// the modality with the most tokens (ties: the first, "image", or by name,
// "video"), the encoder budget max(max_num_batched_tokens, item tokens),
// and the item count. V0 ("v0") carries limit items of every
// modality in each of max(1, min(max_num_seqs, tokens // Σ limit·max))
// dummy sequences; Also holds the other modality.
// Returns the zero MMItem for text-only models or a zero vision config.
func ProfiledItem(r *Resolved) MMItem {
	if r == nil || r.Model.Vision == nil || r.Model.Vision.PatchSize <= 0 {
		return MMItem{}
	}
	if visionKind(&r.Model) == vitMllama {
		return mllamaItem(r)
	}
	if legacyQwen2VL(r) {
		return legacyQwen2VLItem(r)
	}
	rules := r.Engine.Profile
	limI, limV := max(r.LimitImages, 0), max(r.LimitVideos, 0)
	nI, nV := min(limI, 1), min(limV, 1)
	if rules.CountsFromLimit || rules.ItemCount == "v0" {
		nI, nV = limI, limV
	}
	img := maxImage(r)
	var vid visionGrid
	if limV > 0 {
		vid = maxVideo(r, img, nI, nV, r.MaxModelLen)
	}
	if limI == 0 && limV == 0 {
		return MMItem{} // limit_mm_per_prompt is 0 for image and video: nothing to profile
	}

	pick, other := "image", "video"
	best, alt := img, vid
	limit, altLimit := limI, limV
	switch {
	case limI == 0:
		pick, other, best, alt, limit, altLimit = "video", "image", vid, img, limV, 0
	case limV == 0:
		altLimit = 0
	case vid.counted() > img.counted() || (vid.counted() == img.counted() && rules.TieBreakByName):
		pick, other, best, alt, limit, altLimit = "video", "image", vid, img, limV, limI
	}
	it := MMItem{Modality: pick, Tokens: best.tokens, Patches: best.patches,
		Width: best.width, Height: best.height, Frames: best.frames, MaxTokens: best.counted()}
	tok := max(best.counted(), 1)
	it.Budget = max(r.MaxNumBatchedTokens, best.counted())
	seqs := max(r.MaxNumSeqs, 1)

	switch rules.ItemCount {
	case "v0":
		sum := limI*img.tokens + limV*vid.tokens
		n := max(1, min(seqs, r.MaxNumBatchedTokens/max(sum, 1)))
		it.Count, it.Seqs = n*limit, n
		it.Budget = 0
		legacy := rules.InternVL == "legacy" && visionKind(&r.Model) == vitIntern // the input pipeline keeps it
		if seqLen := r.MaxNumBatchedTokens / n; sum > seqLen && rules.V0Oversize == "drop" && !legacy {
			// multimodal/profiling.py ≤0.8.2: a text-only dummy of seqLen
			// tokens, multi_modal_data=None: the vision encoder never runs.
			it.Count, it.Dropped = 0, true
			return it
		}
		if altLimit > 0 {
			it.Also = &MMItem{Modality: other, Count: n * altLimit, Tokens: alt.tokens, Patches: alt.patches,
				Width: alt.width, Height: alt.height, Frames: alt.frames}
		}

		return it
	case "cdiv":
		it.Count = min(divCeil(it.Budget, tok), seqs*limit)
	case "floor":
		it.Count = max(1, min(it.Budget/tok, seqs*limit))
	default: // "budget" (MultiModalBudget, v0.10.2+)
		perReq := max(1, min(limit, r.MaxModelLen/tok))
		it.Count = max(1, min(it.Budget/tok, seqs*perReq))
	}
	it.Count = max(it.Count, 1)
	if pick == "video" && rules.EncoderDummy == "batched" {
		// The dummy video is built for max_num_batched_tokens with no image
		// (get_decoder_dummy_data(seq_len=max_num_tokens, mm_counts={video: 1})):
		// the frames that fit the batch, not the per-item maximum.
		d := maxVideo(r, img, 0, 1, r.MaxNumBatchedTokens)
		it.Tokens, it.Patches, it.Width, it.Height, it.Frames = d.tokens, d.patches, d.width, d.height, d.frames
	}
	if pick == "video" && r.Model.Family == omniFamily {
		d := omniEncodedVideo(r.Model.Vision, it.Frames)
		it.Tokens, it.Patches, it.Width, it.Height = d.tokens, d.patches, d.width, d.height
	}
	return it
}

// EncoderCacheLog is the V1 log line for the profiled item
// (vllm/v1/worker/gpu_model_runner.py profile_run); "" when nothing is
// encoded (V0, text-only, encoder not profiled).
func EncoderCacheLog(it MMItem) string {
	if it.Modality == "" || it.Budget == 0 || it.Count == 0 {
		return ""
	}
	return fmt.Sprintf("Encoder cache will be initialized with a budget of %d tokens, and profiled with %d %s items of the maximum feature size.",
		it.Budget, it.Count, it.Modality)
}
