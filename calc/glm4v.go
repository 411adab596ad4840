package calc

import (
	"math"
	"strconv"
)

// This file is GLM-4.1V (Glm4vForConditionalGeneration:
// vllm/model_executor/models/glm4_1v.py): its vision tower, GLM's own
// smart_resize, and the profile's dummy image and video
// (calc/README.md "GLM-4.1V").

// vitGlm4v is GLM-4.1V's tower: a Conv3d patch embedding, RMSNorms, a
// learned position table interpolated bicubically, blocks with a gated MLP
// as wide as out_hidden_size, a 2 × 2 Conv2d downsample to out_hidden_size
// and a merger (proj, LayerNorm, GELU, gated MLP of intermediate_size).
const vitGlm4v = "glm4v"

// glm4vUnit is GLM's resize factor, patch_size × merge_size (28 for
// GLM-4.1V's 14 × 2).
func glm4vUnit(v *VisionConfig) int { return max(v.PatchSize, 1) * max(v.SpatialMerge, 1) }

// Pixel caps glm4_1v.py hardcodes (Glm4vProcessingInfo._get_vision_info):
// 28·28·2·30000 for the most-features size and a video's tokens,
// 28·28·2·6144 for an image's tokens; the most-features size assumes 16
// frames (num_frames' default); a video has at most 600 frames
// (_MAX_FRAMES_PER_VIDEO).
const (
	glm4vVideoPixels  = 28 * 28 * 2 * 30000
	glm4vImagePixels  = 28 * 28 * 2 * 6144
	glm4vInfoFrames   = 16
	glm4vMaxFrames    = 600
	glm4vMinPixels    = 112 * 112
	glm4vHugeImage    = 9999999
	glm4vAspectLimit  = 200
	glm4vTemporalUnit = 2
)

// glmResize is transformers' GLM-4V smart_resize(num_frames, height,
// width, temporal_factor 2, factor, min_pixels, max_pixels): sides
// rounded to the factor, then, where frames × height × width is above
// max_pixels, every side scaled by β = √(frames·h·w / max) and floored to
// the factor (at least one factor); below min_pixels scaled up and ceiled.
// The frames count against the cap, unlike Qwen2-VL's. It raises for fewer
// than 2 frames; ok is false then.
func glmResize(frames, h, w, factor, minPx, maxPx int) (rh, rw int, ok bool) {
	if frames < glm4vTemporalUnit || factor <= 0 || h <= 0 || w <= 0 {
		return 0, 0, false
	}
	fh, fw := float64(h), float64(w)
	if h < factor || w < factor {
		s := math.Max(float64(factor)/fh, float64(factor)/fw)
		fh, fw = math.Trunc(fh*s), math.Trunc(fw*s)
	}
	if math.Max(fh, fw)/math.Min(fh, fw) > glm4vAspectLimit {
		return 0, 0, false
	}
	f := float64(factor)
	hb, wb := math.RoundToEven(fh/f)*f, math.RoundToEven(fw/f)*f
	tb := math.RoundToEven(float64(frames)/glm4vTemporalUnit) * glm4vTemporalUnit
	switch {
	case tb*hb*wb > float64(maxPx):
		beta := math.Sqrt(float64(frames) * fh * fw / float64(maxPx))
		hb = math.Max(f, math.Floor(fh/beta/f)*f)
		wb = math.Max(f, math.Floor(fw/beta/f)*f)
	case tb*hb*wb < float64(minPx):
		beta := math.Sqrt(float64(minPx) / (float64(frames) * fh * fw))
		hb = math.Ceil(fh*beta/f) * f
		wb = math.Ceil(fw*beta/f) * f
	}
	return int(hb), int(wb), true
}

// glm4vGrid is an item of frames frames at h × w after the resize: frames
// padded to even, grid_t = frames / 2, (h/14)·(w/14) patches a pair,
// merged 2 × 2 into tokens.
func glm4vGrid(v *VisionConfig, frames, h, w int) visionGrid {
	p, m := max(v.PatchSize, 1), max(v.SpatialMerge, 1)
	t := max((frames+frames%glm4vTemporalUnit)/glm4vTemporalUnit, 1)
	patches := t * (h / p) * (w / p)
	return visionGrid{width: w, height: h, frames: frames, patches: patches, tokens: patches / (m * m)}
}

// glm4vMostFeatures is get_image_size_with_most_features: a 9999999²
// request resized for 16 frames under 28·28·2·30000 px: 1708².
func glm4vMostFeatures(v *VisionConfig) int {
	h, _, _ := glmResize(glm4vInfoFrames, glm4vHugeImage, glm4vHugeImage, glm4vUnit(v), glm4vMinPixels, glm4vVideoPixels)
	return h
}

// glm4vSide is the dummy image's side: glm4vMostFeatures, or from #34483
// (ProfileRules.Glm4vDummy "image" and later) the image processor's own
// longest_edge at one frame (resized as 2): √(9,633,792 / 2) floored to
// 28: 2184.
func glm4vSide(r *Resolved) int {
	if r.Engine.Profile.Glm4vDummy == "" {
		return glm4vMostFeatures(r.Model.Vision)
	}
	_, maxPx := pixelBounds(r)
	h, _, _ := glmResize(glm4vTemporalUnit, glm4vHugeImage, glm4vHugeImage, glm4vUnit(r.Model.Vision), glm4vMinPixels, maxPx)
	return h
}

// glm4vImage is the largest image item: the dummy as the HF image
// processor resizes it (2 frames, the checkpoint's longest_edge): 1708²,
// 122 × 122 patches, 3,721 tokens (from #34483 2184², 6,084 tokens).
func glm4vImage(r *Resolved) visionGrid {
	side := glm4vSide(r)
	minPx, maxPx := pixelBounds(r)
	h, w, ok := glmResize(glm4vTemporalUnit, side, side, glm4vUnit(r.Model.Vision), max(minPx, 1), maxPx)
	if !ok {
		return visionGrid{}
	}
	return glm4vGrid(r.Model.Vision, 1, h, w)
}

// glm4vReserve is get_max_image_tokens as glm4_1v.py computes it for the
// frame count: 1708² at 16 frames under 28·28·2·6144 px: 756², grid_t 8,
// 8 × 27² = 5,832 tokens (not the 3,721 the processor gives the image).
func glm4vReserve(r *Resolved) int {
	if r.Engine.Profile.Glm4vDummy != "" {
		return glm4vImage(r).tokens // #34483: num_frames 1 at the image processor's longest_edge
	}
	v := r.Model.Vision
	side := glm4vMostFeatures(v)
	h, w, _ := glmResize(glm4vInfoFrames, side, side, glm4vUnit(v), glm4vMinPixels, glm4vImagePixels)
	return glm4vGrid(v, glm4vInfoFrames, h, w).tokens
}

// glm4vVideo is the largest video for seqLen tokens with nImages images
// and nVideos videos (get_num_frames_with_most_features): the frames
// whose tokens (at the dummy side, 1708², under 28·28·2·30000 px) fit
// seqLen less nImages × the reserve (5,832; from #34483 2184² and 6,084),
// shared by nVideos, at most 600, at least 1; then the HF video
// processor resizes the clip: all frames × h × w within the video
// processor's longest_edge (600 frames of 1708² become 280², 300 × 20 × 20:
// 30,000 tokens, 120,000 patches).
func glm4vVideo(r *Resolved, nImages, nVideos, seqLen int) visionGrid {
	v := r.Model.Vision
	side := glm4vSide(r)
	budget := seqLen - nImages*glm4vReserve(r)
	if r.Engine.Profile.Glm4vDummy == "processor" {
		return glm4vClip(r, max(min(glm4vBestFrames(r, budget)/max(nVideos, 1), glm4vMaxFrames), 1), glm4vSide(r))
	}
	limit := glm4vMaxFrames * max(nVideos, 1)
	total := 0
	for n := 1; n <= limit; n++ {
		h, w, _ := glmResize(max(n, glm4vTemporalUnit), side, side, glm4vUnit(v), glm4vMinPixels, glm4vVideoPixels)
		if glm4vGrid(v, n, h, w).tokens > budget {
			break
		}
		total = n
	}
	frames := max(min(total/max(nVideos, 1), glm4vMaxFrames), 1)
	return glm4vClip(r, frames, side)
}

// glm4vBestFrames is #48729's _get_max_video_frames: of 1 to 600 frames
// of the dummy image, as the video processor resizes the clip, the fewest
// that give the most tokens within budget; 1 when none fits. At 2184²
// under 47,040,000 px the clip stays whole up to 9 frames (30,420 tokens)
// and peaks at 11: 2044², 6 × 73² = 31,974 tokens.
func glm4vBestFrames(r *Resolved, budget int) int {
	side := glm4vSide(r)
	best, bestTokens := 1, -1
	for n := 1; n <= glm4vMaxFrames; n++ {
		if t := glm4vClip(r, max(n, glm4vTemporalUnit), side).tokens; t <= budget && t > bestTokens {
			best, bestTokens = n, t
		}
	}
	return best
}

// glm4vClip is a dummy clip of frames frames of side² as the HF video
// processor resizes it; a 1-frame clip cannot be resized (zero grid).
func glm4vClip(r *Resolved, frames, side int) visionGrid {
	minPx, maxPx := 0, 0
	if im := r.Model.Image; im != nil {
		minPx, maxPx = im.VideoMinPixels, im.VideoMaxPixels
	}
	if maxPx <= 0 {
		maxPx = glm4vVideoPixels // Glm4vVideoProcessor's longest_edge
	}
	if r.Engine.Profile.Glm4vMinFrames {
		frames = max(frames, glm4vTemporalUnit) // #30285: "GLM 4.6V requires 2 frames"
	}
	h, w, ok := glmResize(frames, side, side, glm4vUnit(r.Model.Vision), max(minPx, glm4vMinPixels), maxPx)
	if !ok {
		return visionGrid{width: side, height: side, frames: frames}
	}
	return glm4vGrid(r.Model.Vision, frames, h, w)
}

// glm4vParams counts the tower on one of tp ranks: the Conv3d patch
// embedding with bias, post_conv_layernorm, the (image_size / patch)²
// position table, per block two RMSNorms, qkv and proj without biases and
// the gated MLP of out_hidden_size (gate_up, down), post_layernorm, the
// downsample Conv2d (E·merge² → out, with bias), and the merger: proj
// (out → out), its LayerNorm, gate_up (out → 2 × intermediate) and down;
// qkv, gate_up and the merger's proj column-parallel, proj and down
// row-parallel, the rest replicated.
//
// GLM-4.1V at TP 1: 1,807,872 + 1,536 + 884,736 + 24 × 28,314,624 +
// 1,536 + 25,169,920 + 185,081,856 = 892,498,432.
func glm4vParams(m *Model, tp int) int64 {
	v := m.Vision
	e, o, i, t := int64(v.Hidden), int64(v.OutHidden), int64(v.Intermediate), int64(max(tp, 1))
	c, p := inChannels(v), int64(v.PatchSize)
	mm := int64(max(v.SpatialMerge, 1))
	var positions int64
	if v.PatchSize > 0 {
		side := int64(v.ImageSize / v.PatchSize)
		positions = side * side
	}
	patch := c*int64(max(v.TemporalPatchSize, 1))*p*p*e + e
	block := 2*e + 3*e*e/t + e*e/t + 2*e*o/t + o*e/t
	merger := o*o/t + 2*o + 2*o*i/t + i*o/t
	return patch + e + positions*e + int64(v.Depth)*block + e + e*mm*mm*o + o + merger
}

// glm4vEncoderBytes is the pass over P patches on one rank: the pixel
// batch (float32 and its cast: P × C·t·p² × 6 B), the rotary tables, and
// the largest of three stages: the embedding (the patch embedding's
// output and the bicubic position interpolation's float32 result, P × E
// × 6 B), a block (attention: residual, normed input, qkv and q, k, v,
// rotary copies and output, 2E + 10E/tp; MLP: residual, normed input,
// output, gate_up and its product, 3E + 3·out/tp), the merger on P / 4
// rows (proj output, LayerNorm-GELU, gate_up and product: 2·out +
// 3·intermediate/tp).
func glm4vEncoderBytes(r *Resolved, patches int) Bytes {
	v := r.Model.Vision
	tp := int64(max(r.TP, 1))
	db := int64(dtypeBytes(r.Dtype))
	P, e, o, i := int64(patches), int64(v.Hidden), int64(v.OutHidden), int64(v.Intermediate)
	hd := int64(0)
	if v.Heads > 0 {
		hd = e / int64(v.Heads)
	}
	pix := P * patchElems(v) * 6
	rot := P * hd * 4
	embed := P * e * 6
	block := P * max(2*e+10*e/tp, 3*e+3*o/tp) * db
	mm := int64(max(v.SpatialMerge, 1))
	merger := P / (mm * mm) * (2*o + 3*i/tp) * db
	return Bytes(pix + rot + max(embed, block, merger))
}

// glm4vFits refuses what stops a GLM-4.1V launch before the estimate
// means anything: a tensor-parallel size that does not divide the tower's
// heads (dist_utils.divide in Glm4vVisionAttention), and, before #30285, a
// 1-frame dummy video, which transformers' smart_resize rejects ("t:1
// must be larger than temporal_factor:2"; #30638).
func glm4vFits(r *Resolved) error {
	v := r.Model.Vision
	if v == nil || visionKind(&r.Model) != vitGlm4v {
		return nil
	}
	if v.Heads > 0 && v.Heads%r.TP != 0 {
		return refuse("tensor-parallel-size: GLM-4.1V's vision tower splits its %d heads over the tensor-parallel ranks; %d does not divide them, and vLLM stops (--mm-encoder-tp-mode data, which replicates the tower, is not modelled)", v.Heads, r.TP)
	}
	if r.LimitVideos <= 0 || r.Engine.Profile.Glm4vMinFrames || r.SkipMMProfiling {
		return nil
	}
	nImages := min(max(r.LimitImages, 0), 1)
	if vid := glm4vVideo(r, nImages, 1, r.MaxModelLen); vid.frames < glm4vTemporalUnit {
		side := glm4vSide(r)
		pair := glm4vClip(r, glm4vTemporalUnit, side)
		return refuse("limit-mm-per-prompt-video: %s sizes GLM-4.1V's largest video for max_model_len %s with 1 frame (a %s² frame pair is %s tokens, and the images reserve %s), which transformers' smart_resize rejects (t:1 must be larger than temporal_factor:2, #30638): the launch stops; raise --max-model-len or set --limit-mm-per-prompt '{\"video\": 0}'",
			r.Engine.Name, Commas(r.MaxModelLen), strconv.Itoa(side), Commas(pair.tokens), Commas(nImages*glm4vReserve(r)))
	}
	if it := ProfiledItem(r); it.Modality == "video" && it.Frames < glm4vTemporalUnit {
		return refuse("limit-mm-per-prompt-video: %s builds GLM-4.1V's dummy video for the %s-token batch with 1 frame, which transformers' smart_resize rejects (t:1 must be larger than temporal_factor:2, #30638): the profile run stops; raise --max-num-batched-tokens or set --limit-mm-per-prompt '{\"video\": 0}'", r.Engine.Name, Commas(r.MaxNumBatchedTokens))
	}
	return nil
}
