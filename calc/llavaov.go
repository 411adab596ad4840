package calc

import "math"

// This file is LLaVA-OneVision (LlavaOnevisionForConditionalGeneration:
// vllm/model_executor/models/llava_onevision.py on llava_next.py and
// siglip.py): the SigLIP tower over anyres tiles, the projector, and the
// profile's dummy image and video (calc/README.md "LLaVA-OneVision").

// vitLlavaOV is LLaVA-OneVision's SigLIP tower without its post LayerNorm
// (require_post_norm False), a GELU projector of two linears and the
// learned image_newline.
const vitLlavaOV = "llava_onevision"

// The dummy image: get_image_size_with_most_features is hardcoded since
// #12104 (v0.7.0, "found via processor tests"): 1153 × 944 (width ×
// height).
const llavaOVProfileWidth, llavaOVProfileHeight = 1153, 944

// llavaOVMaxFrames is llava_onevision.py's _MAX_FRAMES_PER_VIDEO.
const llavaOVMaxFrames = 16

// llavaOVGridMax is the tiles a side of the image_grid_pinpoints default:
// every (height, width) of 1 to 6 tiles of image_size, height first.
const llavaOVGridMax = 6

// llavaOVBestGrid is transformers' select_best_resolution over the
// pinpoints: the largest effective resolution (the image scaled to fit,
// capped at its own pixels), then the least waste; the tiles it spans.
func llavaOVBestGrid(side, w, h int) (gh, gw int) {
	bestEff, bestWaste := 0, math.MaxInt
	for i := 1; i <= llavaOVGridMax; i++ {
		for j := 1; j <= llavaOVGridMax; j++ {
			ph, pw := i*side, j*side
			scale := math.Min(float64(pw)/float64(w), float64(ph)/float64(h))
			eff := min(int(float64(w)*scale)*int(float64(h)*scale), w*h)
			waste := ph*pw - eff
			if eff > bestEff || eff == bestEff && waste < bestWaste {
				bestEff, bestWaste, gh, gw = eff, waste, i, j
			}
		}
	}
	return gh, gw
}

// llavaOVImage is one image of w × h pixels (get_num_image_tokens with
// the OneVision _get_num_unpadded_features): the grid's features
// (27 a tile side at 384 px, patch 14) unpadded to the image's aspect
// ratio, pooled when they exceed anyres_max tiles by more than 1.1 in
// ratio, one image_newline a row, and the base tile's 729. The tower
// encodes the base tile and every grid tile.
//
// 1153 × 944: the 1152 × 1536 pinpoint (3 × 4 tiles), 81 × 108 features
// unpadded to 81 × 98 (int(round(1153 · 81/944, 7)) = 98), ratio
// √(7938 / 6561) = 1.0999, not pooled: 7,938 + 81 + 729 = 8,748 tokens over
// 13 tiles of 729 patches.
func llavaOVImage(v *VisionConfig, w, h int) visionGrid {
	if v.PatchSize <= 0 || v.ImageSize < v.PatchSize || w <= 0 || h <= 0 {
		return visionGrid{}
	}
	n := v.ImageSize / v.PatchSize
	gh, gw := llavaOVBestGrid(v.ImageSize, w, h)
	ch, cw := n*gh, n*gw
	round7 := func(x float64) int { return int(math.Round(x*1e7) / 1e7) }
	if float64(w)/float64(h) > float64(cw)/float64(ch) {
		nh := round7(float64(h) * float64(cw) / float64(w))
		ch -= 2 * ((ch - nh) / 2)
	} else {
		nw := round7(float64(w) * float64(ch) / float64(h))
		cw -= 2 * ((cw - nw) / 2)
	}
	features, newlines := ch*cw, ch
	if m := max(v.AnyresMax, 1); v.AnyresMax > 0 {
		if ratio := math.Sqrt(float64(ch*cw) / float64(m*n*n)); ratio > 1.1 {
			hf, wf := int(math.Floor(float64(ch)/ratio)), int(math.Floor(float64(cw)/ratio))
			features, newlines = hf*wf, hf
		}
	}
	return visionGrid{width: w, height: h, frames: 1, tokens: features + newlines + n*n, patches: (1 + gh*gw) * n * n}
}

// llavaOVVideo is the largest video (get_num_frames_with_most_features):
// frames of ceil(27 / spatial_pool_stride)² = 196 tokens after the 2 × 2
// bilinear pooling, one image_newline for the whole video; as many
// frames as fit seqLen (less nImages images where the release reserves
// them, ProfileRules.VideoReserveImage: until #24312, 0.10.2), shared by
// nVideos, at most 16, at least 1. Each frame is one tile through the
// tower.
func llavaOVVideo(r *Resolved, img visionGrid, nImages, nVideos, seqLen int) visionGrid {
	v := r.Model.Vision
	if v.PatchSize <= 0 || v.ImageSize < v.PatchSize {
		return visionGrid{}
	}
	n := v.ImageSize / v.PatchSize
	stride := max(v.PoolStride, 1)
	if v.PoolStride <= 0 {
		stride = 2 // LlavaOnevisionConfig has no spatial_pool_stride; vLLM's getattr default
	}
	perFrame := divCeil(n, stride) * divCeil(n, stride)
	seq := seqLen
	if r.Engine.Profile.VideoReserveImage {
		seq -= img.tokens * nImages
	}
	total := max((seq-1)/perFrame, 0)
	frames := max(min(total/max(nVideos, 1), llavaOVMaxFrames), 1)
	return visionGrid{width: v.ImageSize, height: v.ImageSize, frames: frames, tokens: perFrame*frames + 1, patches: frames * n * n}
}

// llavaOVParams is the tower without post LayerNorm (split over tp like
// siglip.py's linears), the projector linear_1 (vision width → text
// width) and linear_2 (text → text), biases where
// multimodal_projector_bias, and image_newline (text width), replicated.
//
// llava-onevision-qwen2-7b-ov-hf at TP 1: 3·14²·1152 + 1152 + 729·1152 +
// 26 × 15,239,504 = 397,745,440 tower parameters, then 1152·3584 + 3584 +
// 3584² + 3584 + 3584 = 16,984,576: 414,730,016.
func llavaOVParams(m *Model, tp int) int64 {
	v := m.Vision
	e, t := int64(v.Hidden), int64(m.Text.Hidden)
	proj := e*t + t*t + t
	if v.ProjectorBias {
		proj += 2 * t
	}
	return siglipTowerParams(v, tp, false) + proj
}

// llavaOVEncoderBytes is the pass over P patches (tiles × 729): the pixel
// batch and its cast, then the largest of the tower's per-layer live set,
// the projector's (the tower output, linear_1's output and its GELU:
// P × (E + 2 · text width)) and, for images, the anyres merge
// (_merge_image_patch_embeddings): the projected rows of every item, the
// contiguous copy of one item's grid tiles, its unpadded features with
// their newlines, and the merged items before it, × text width. One
// 1153 × 944 image: 9,477 + 8,748 + 8,019 = 26,244 rows.
func llavaOVEncoderBytes(r *Resolved, patches int, image bool) Bytes {
	v := r.Model.Vision
	db := int64(dtypeBytes(r.Dtype))
	t := int64(r.Model.Text.Hidden)
	proj := Bytes(int64(patches) * (int64(v.Hidden) + 2*t) * db)
	var merge Bytes
	if image {
		img := llavaOVImage(v, llavaOVProfileWidth, llavaOVProfileHeight)
		base := int64(img.patches / (1 + llavaOVGrid(v)))
		items := int64(patches) / max(int64(img.patches), 1)
		rows := int64(patches) + int64(img.patches) - base + int64(img.tokens) - base + max(items-1, 0)*int64(img.tokens)
		merge = Bytes(rows * t * db)
	}
	return siglipPixels(v, patches) + max(siglipBlock(r, patches), proj, merge)
}

// llavaOVGrid is the profile image's grid tiles (3 × 4 = 12).
func llavaOVGrid(v *VisionConfig) int {
	gh, gw := llavaOVBestGrid(v.ImageSize, llavaOVProfileWidth, llavaOVProfileHeight)
	return gh * gw
}
