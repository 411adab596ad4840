package calc

import "fmt"

// This file is Qwen2-VL's profile dummy in vLLM 0.6.4–0.6.6.post1, before
// the MultiModalProfiler of 0.7.0, read in the mystous/vllm_hybrid fork at
// v0.6.4.post1, v0.6.5, v0.6.6 and v0.6.6.post1.
// See calc/README.md "Qwen2-VL before 0.7.0".

// qwen2VLPixelCap is _get_max_image_info's cap on the dummy image
// (qwen2_vl.py ≤0.6.5: max_pixels = min(image_processor.max_pixels,
// 1280 * 28 * 28)) when mm_processor_kwargs does not set max_pixels:
// 980 × 980, 1225 tokens.
const qwen2VLPixelCap = 1280 * 28 * 28

// legacyQwen2VL reports the releases, engine and model this file sizes.
func legacyQwen2VL(r *Resolved) bool {
	return r.Engine.Profile.Qwen2VLDummy != "" && !r.V1 && r.Model.Vision != nil && visionKind(&r.Model) == vitQwen2
}

// legacyQwen2VLItem is the dummy batch of V0's profile_run: max_mm_tokens
// sums limit × the per-item maximum of image and video, the video a single
// frame of the image's grid (grid_t = max(1 // 2, 1)), so max_num_seqs
// becomes max(1, min(max_num_seqs, max_num_batched_tokens //
// max_mm_tokens)); every dummy sequence then carries limit images and no
// video (dummy_data_for_qwen2_vl; 0.6.6's _get_dummy_mm_inputs), and the
// vision tower encodes all of them in one call.
//
// Qwen2-VL-7B at 0.6.5, max_model_len 32768: 2 × 1225 = 2450, 32768 //
// 2450 = 13 sequences of 2520–2521 tokens, 13 images of 4900 patches.
func legacyQwen2VLItem(r *Resolved) MMItem {
	limI, limV := max(r.LimitImages, 0), max(r.LimitVideos, 0)
	if limI == 0 {
		return MMItem{} // no image in the dummy, and never a video
	}
	img := maxImage(r)
	sum := (limI + limV) * img.tokens
	n := max(1, min(max(r.MaxNumSeqs, 1), r.MaxNumBatchedTokens/max(sum, 1)))
	return MMItem{Modality: "image", Count: n * limI, Seqs: n, Tokens: img.tokens, MaxTokens: img.tokens,
		Patches: img.patches, Width: img.width, Height: img.height, Frames: 1}
}

// legacyQwen2VLFits is 0.6.4–0.6.5's checks in dummy_data_for_qwen2_vl: a
// dummy sequence shorter than its images and their two vision tokens, or
// than the video and its two (a video of grid_t = max(limit // 2, 1)
// frames of the image's grid, checked even at a video limit of 0), stops
// the launch. With both limits 0, max_mm_tokens is 0 and max_num_seqs keeps
// its value, so the sequences are short (32768 // 256 = 128 tokens). 0.6.6's
// processor only warns and keeps the longer sequence (V0Oversize "keep").
//
// The V1 engine of these releases (VLLM_USE_V1=1) profiled its own way,
// which was not read: a vision model is refused there.
func legacyQwen2VLFits(r *Resolved) error {
	legacyIntern := r.Engine.Profile.InternVL == "legacy" && r.Model.Vision != nil && visionKind(&r.Model) == vitIntern
	if (r.Engine.Profile.Qwen2VLDummy != "" || legacyIntern) && r.V1 && r.Model.Vision != nil {
		return refuse("engine: %s's V1 multimodal profiling (VLLM_USE_V1=1 before 0.7.0) is not modelled; choose the V0 engine or vLLM 0.7.0 or later", r.Engine.Name)
	}
	if !legacyQwen2VL(r) || r.Engine.Profile.V0Oversize != "error" || r.SkipMMProfiling {
		return nil
	}
	limI, limV := max(r.LimitImages, 0), max(r.LimitVideos, 0)
	img := maxImage(r)
	sum := (limI + limV) * img.tokens
	n := max(1, min(max(r.MaxNumSeqs, 1), r.MaxNumBatchedTokens/max(sum, 1)))
	seqLen := r.MaxNumBatchedTokens / n
	if need := limI*img.tokens + 2; seqLen < need {
		return fmt.Errorf("engine: %s stops at the profile run: Qwen2-VL cannot process %d images in a prompt, please increase max_model_len or reduce image limit by --limit-mm-per-prompt (a dummy sequence of %d tokens, %d needed)",
			r.Engine.Name, limI, seqLen, need)
	}
	if need := max(limV/2, 1)*img.tokens + 2; seqLen < need {
		return fmt.Errorf("engine: %s stops at the profile run: Qwen2-VL cannot process %d videos in a prompt, please increase max_model_len or reduce video limit by --limit-mm-per-prompt (a dummy sequence of %d tokens, %d needed)",
			r.Engine.Name, limV, seqLen, need)
	}
	return nil
}
