package calc

import "math"

// This file is MiniCPM-V 2.6 (MiniCPMV2_6 in
// vllm/model_executor/models/minicpmv.py): the Idefics2 (SigLIP-NaViT)
// tower over image slices, the Resampler2_5 that attends 64 queries over
// every slice at the decoder's width, and the profile's dummy image and
// video (calc/README.md "MiniCPM-V").

// vitMiniCPMV is MiniCPM-V 2.6's tower and resampler.
const vitMiniCPMV = "minicpmv"

// MiniCPM-V's processing constants (MiniCPMVProcessingInfo, the HF
// MiniCPMVImageProcessor defaults): a slice is scale_resolution² = 448²
// px, an image at most max_slice_nums 9 slices beside its source, a
// slice 64 embeddings (image_feature_size = query_num), a video frame one
// slice, at most 16 frames (_MAX_FRAMES_PER_VIDEO), the resampler's
// position cache 70 × 70 and one attention head per 128 of its width.
const (
	minicpmvSlice     = 448
	minicpmvMaxSlices = 9
	minicpmvMaxFrames = 16
	minicpmvPosCache  = 70
	minicpmvHeadDim   = 128
)

// minicpmvQueries is the resampler's queries (query_num, 64).
func minicpmvQueries(v *VisionConfig) int {
	return max(v.TokensPerImage, 1)
}

// minicpmvImage is the largest image: get_image_size_with_most_features
// is 448 × 4032 (image_size × max_slice_num, the config's singular
// max_slice_num absent: 9), which slices 1 × 9: the source resized to
// 154 × 1344 (11 × 96 patches) and nine 448² slices (32 × 32); 10 × 64 =
// 640 embeddings. The tower runs the slices padded to the longest, 10 ×
// 1,056 patches.
func minicpmvImage(v *VisionConfig) visionGrid {
	p := max(v.PatchSize, 1)
	side := minicpmvSlice / p                 // 32 patches
	tall := minicpmvSlice * minicpmvMaxSlices // 4032 px
	sw, sh := minicpmvBestResize(minicpmvSlice, tall, p)
	longest := max((sw/p)*(sh/p), side*side) // the source slice, 11 × 96 = 1,056
	slices := minicpmvMaxSlices + 1          // 10
	return visionGrid{width: minicpmvSlice, height: tall, frames: 1,
		tokens: slices * minicpmvQueries(v), patches: slices * longest}
}

// minicpmvBestResize is the HF processor's find_best_resize of the source
// slice (allow_upscale false): above 448² px the image is scaled to 448²
// px at its aspect ratio r (h = int(448 / √r), w = int(h · r)), each side
// then rounded to the patch (at least one): 448 × 4032 becomes 149 ×
// 1344, rounded 154 × 1344.
func minicpmvBestResize(w, h, patch int) (int, int) {
	if w*h > minicpmvSlice*minicpmvSlice {
		r := float64(w) / float64(h)
		h = int(minicpmvSlice / math.Sqrt(r))
		w = int(float64(h) * r)
	}
	div := func(x int) int { return max(int(math.RoundToEven(float64(x)/float64(patch)))*patch, patch) }
	return div(w), div(h)
}

// minicpmvVideo is the largest video (get_num_frames_with_most_features):
// frames of one 448² slice (64 embeddings, 1,024 patches), as many as fit
// seqLen less nImages × 640, shared by nVideos, at most 16, at least 1.
func minicpmvVideo(v *VisionConfig, img visionGrid, nImages, nVideos, seqLen int) visionGrid {
	q := minicpmvQueries(v)
	side := minicpmvSlice / max(v.PatchSize, 1)
	frames := max(min((seqLen-img.tokens*nImages)/q/max(nVideos, 1), minicpmvMaxFrames), 1)
	return visionGrid{width: minicpmvSlice, height: minicpmvSlice, frames: frames, tokens: frames * q, patches: frames * side * side}
}

// minicpmvParams is the Idefics2 tower with its post LayerNorm (split
// over tp like siglip.py's; position table (image_size / patch)², 4,900
// rows at 980) and the resampler, replicated: query (64 × D), kv_proj
// (1152 → D, no bias), nn.MultiheadAttention's in_proj (3D² + 3D) and
// out_proj (D² + D), three LayerNorms and proj (D × D), D the decoder's
// width. MiniCPM-V 2.6: 417,792,240 + 68,619,264 = 486,411,504.
func minicpmvParams(m *Model, tp int) int64 {
	v := m.Vision
	e, d := int64(v.Hidden), int64(m.Text.Hidden)
	q := int64(minicpmvQueries(v))
	resampler := q*d + e*d + (3*d*d + 3*d) + (d*d + d) + 6*d + d*d
	return siglipTowerParams(v, tp, true) + resampler
}

// minicpmvBuffers is the resampler's 2-D sin-cos position cache, 70 × 70
// × D, cast to the model dtype with the module: 35,123,200 B at D = 3584.
func minicpmvBuffers(m *Model, db int) Bytes {
	return Bytes(minicpmvPosCache * minicpmvPosCache * int64(m.Text.Hidden) * int64(db))
}

// minicpmvEncoderBytes is the pass over P (padded) patches: the pixel
// batch, then the larger of the tower's per-layer live set and the
// resampler's: the tower's output (E), kv_proj's output after ln_kv, the
// padded position embeddings, their sum (the key), and the attention's k
// and v projections (5D), with the scores and their softmax (2 × D/128
// heads × 64 queries) per patch. The resampler is replicated on every
// rank. An image whose source slice is 96 patches tall rebuilds the
// position cache in float32 at 96 × 70 × D (_adjust_pos_cache), kept in
// place of the 70 × 70 one the weights count.
func minicpmvEncoderBytes(r *Resolved, patches int, image bool) Bytes {
	v := r.Model.Vision
	db := int64(dtypeBytes(r.Dtype))
	P, e, d := int64(patches), int64(v.Hidden), int64(r.Model.Text.Hidden)
	heads := d / minicpmvHeadDim
	resampler := Bytes(P * (e + 5*d + 2*heads*int64(minicpmvQueries(v))) * db)
	var cache Bytes
	if image {
		pp := max(v.PatchSize, 1)
		_, sh := minicpmvBestResize(minicpmvSlice, minicpmvSlice*minicpmvMaxSlices, pp)
		tall := int64(max(sh/pp, minicpmvPosCache)) // the source slice's 96 patches
		cache = Bytes(tall*minicpmvPosCache*d*4) - minicpmvBuffers(&r.Model, int(db))
	}
	return siglipPixels(v, patches) + max(siglipBlock(r, patches), resampler) + cache
}
