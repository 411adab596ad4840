package calc

// This file is the one list of the vision tower layouts calc sizes: for
// each, the model_types that carry it and its mechanisms. A nil mechanism
// is the Qwen towers' (visionParams, maxImage, maxVideo and encoderBytes
// size qwen2_vl, qwen2_5_vl and qwen3_vl themselves).

// tower is one layout's mechanisms.
type tower struct {
	families []string                                                                   // config.json model_types
	params   func(m *Model, tp int) int64                                               // tower and projector parameters on one of tp ranks
	encoder  func(r *Resolved, patches int, image bool) Bytes                           // the encoder pass over patches, of images or not
	image    func(r *Resolved) visionGrid                                               // the largest image item
	video    func(r *Resolved, img visionGrid, nImages, nVideos, seqLen int) visionGrid // the largest video; nil for Qwen's
	// imagesOnly: get_supported_mm_limits has no video; fixed: the
	// processor resizes every image to fixed tiles, so the pixel bounds
	// (max_pixels, min_pixels) do not size the item; tile is their side
	// when it is not vision_config.image_size.
	imagesOnly, fixed bool
	tile              int
}

// towers lists every layout.
var towers = map[string]tower{
	vitQwen2:  {families: []string{"qwen2_vl"}},
	vitQwen25: {families: []string{"qwen2_5_vl"}},
	vitQwen3:  {families: []string{"qwen3_vl", "qwen3_vl_moe", "qwen3_5", "qwen3_5_moe", omniFamily}},
	vitSiglip: {families: []string{"gemma3"}, imagesOnly: true, fixed: true, params: siglipParams, encoder: anyItem(siglipEncoderBytes),
		image: func(r *Resolved) visionGrid { return siglipGrid(r.Model.Vision) }},
	vitMllama: {families: []string{"mllama"}, imagesOnly: true, fixed: true, params: mllamaParams, encoder: func(r *Resolved, patches int, _ bool) Bytes {
		v := r.Model.Vision
		return mllamaEncoderBytes(r, patches/max(mllamaTiles(v)*mllamaTileTokens(v), 1))
	}},
	vitIntern: {families: []string{"internvl_chat"}, imagesOnly: true, fixed: true, params: internParams, encoder: anyItem(internEncoderBytes),
		image: func(r *Resolved) visionGrid { return internGrid(r.Model.Vision, r.MaxDynamicPatch) }},
	vitPixtral: {families: []string{"mistral3"}, imagesOnly: true, fixed: true, params: pixtralParams,
		image: func(r *Resolved) visionGrid { return pixtralGrid(r.Model.Vision) }},
	vitLlavaOV: {families: []string{"llava_onevision"}, fixed: true, params: llavaOVParams, encoder: llavaOVEncoderBytes,
		image: func(r *Resolved) visionGrid {
			return llavaOVImage(r.Model.Vision, llavaOVProfileWidth, llavaOVProfileHeight)
		},
		video: func(r *Resolved, img visionGrid, nImages, nVideos, seqLen int) visionGrid {
			return llavaOVVideo(r, img, nImages, nVideos, seqLen)
		}},
	vitGlm4v: {families: []string{"glm4v"}, params: glm4vParams, encoder: anyItem(glm4vEncoderBytes), image: glm4vImage,
		video: func(r *Resolved, _ visionGrid, nImages, nVideos, seqLen int) visionGrid {
			return glm4vVideo(r, nImages, nVideos, seqLen)
		}},
	vitMiniCPMV: {families: []string{"minicpmv"}, fixed: true, tile: minicpmvSlice, params: minicpmvParams, encoder: minicpmvEncoderBytes,
		image: func(r *Resolved) visionGrid { return minicpmvImage(r.Model.Vision) },
		video: func(r *Resolved, img visionGrid, nImages, nVideos, seqLen int) visionGrid {
			return minicpmvVideo(r.Model.Vision, img, nImages, nVideos, seqLen)
		}},
}

// towerOfFamily is towers by model_type.
var towerOfFamily = func() map[string]string {
	out := map[string]string{}
	for kind, t := range towers {
		for _, f := range t.families {
			out[f] = kind
		}
	}
	return out
}()

// anyItem is an encoder pass that is the same for images and videos.
func anyItem(f func(r *Resolved, patches int) Bytes) func(*Resolved, int, bool) Bytes {
	return func(r *Resolved, patches int, _ bool) Bytes { return f(r, patches) }
}
