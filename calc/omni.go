package calc

// This file is Qwen3-Omni's thinker beside the Qwen3-VL parts it shares
// (vllm/model_executor/models/qwen3_omni_moe_thinker.py): the audio tower
// (Qwen3OmniMoeAudioEncoder), its weights on one rank and the buffer it
// keeps, and the video size its processor forces. The audio tower's pass
// is never profiled while images or videos are allowed: the 30 s dummy
// audio is 390 tokens, far below the most-features image
// (calc/README.md "Qwen3-Omni").

// omniFamily is Qwen3-Omni's model_type; vLLM serves its thinker alone
// (Qwen3OmniMoeThinkerForConditionalGeneration, talker and code2wav
// weights skipped).
const omniFamily = "qwen3_omni_moe"

// audioParams counts the audio tower on one of tp ranks: three 3 × 3
// stride-2 Conv2d with biases (1 → C → C → C channels), conv_out (C × the
// mel bins left after three halvings → d_model, no bias), the layers
// (LayerNorms, q/k/v/out_proj and fc1/fc2 with biases), ln_post, and the
// projector proj1 (d → d) and proj2 (d → output_dim), all with biases.
// sharded: the layers' q/k/v and fc1 are column-parallel, out_proj and
// fc2 row-parallel with replicated biases (#32167's native tower, heads
// divisible by tp); otherwise every rank holds the whole module (the HF
// one before #32167; vLLM's own where #50858 keeps it whole).
//
// Qwen3-Omni-30B-A3B at TP 1: 4,800 + 2 × 2,074,080 + 9,830,400 +
// 32 × 19,677,440 + 2,560 + 1,639,680 + 2,623,488 = 647,927,168.
func audioParams(a *AudioConfig, tp int, sharded bool) int64 {
	if a == nil || a.Hidden <= 0 {
		return 0
	}
	d, f, c := int64(a.Hidden), int64(a.FFN), int64(a.ConvHidden)
	t := int64(1)
	if sharded && tp > 1 && a.Heads%tp == 0 {
		t = int64(tp)
	}
	freq := int64(a.MelBins)
	for range 3 {
		freq = (freq + 1) / 2 // stride 2, padding 1, kernel 3
	}
	conv := (9*c + c) + 2*(9*c*c+c) + c*freq*d
	layer := 4*d + (3*(d*d+d))/t + d*d/t + d + (d*f+f)/t + f*d/t + d
	proj := 2*d + (d*d + d) + d*int64(a.OutputDim) + int64(a.OutputDim)
	return conv + int64(a.Layers)*layer + proj
}

// audioBuffers is the tower's sinusoid positional_embedding,
// max_source_positions × d_model in float32 (built with .float()), held on
// every rank: 1500 × 1280 × 4 B = 7,680,000 B.
func audioBuffers(a *AudioConfig) Bytes {
	if a == nil {
		return 0
	}
	return Bytes(int64(a.Positions) * int64(a.Hidden) * 4)
}

// audioBytes is the audio tower's weights and buffer on one rank, in the
// model dtype (the tower is never quantized), sharded per the release's
// weights.audio_tp.
func audioBytes(r *Resolved, db, tp int) Bytes {
	a := r.Model.Audio
	if a == nil {
		return 0
	}
	return Bytes(audioParams(a, tp, r.Engine.Profile.AudioTP != "")*int64(db)) + audioBuffers(a)
}

// Qwen3OmniMoeProcessorKwargs._defaults videos_kwargs size (transformers
// processing_qwen3_omni_moe.py): every video frame is resized to between
// 128 and 768 merged tokens' pixels, whatever the video processor's own
// bounds (the checkpoint ships none; its preprocessor_config is the
// image processor's).
const (
	omniVideoMinTokens = 128
	omniVideoMaxTokens = 768
)

// omniEncodedVideo is the dummy video the profile actually encodes: vLLM
// builds it with the most-features image's frames (get_num_frames_with_
// most_features counts them at the image processor's max_pixels), then the
// HF processor resizes each frame to at most 768 × (patch · merge)² pixels.
// The budget and item count keep the unresized count (MMItem.MaxTokens).
// (inferred from the processor's defaults; no log prints the encoded grid.)
//
// 10 frames of 3584² at patch 16, merge 2: frames of 864² (smart_resize of
// 786,432 px at factor 32), 5 × 27² = 3,645 tokens, 14,580 patches.
func omniEncodedVideo(v *VisionConfig, frames int) visionGrid {
	unit := v.PatchSize * max(v.SpatialMerge, 1)
	w, h := mostFeatures(unit, omniVideoMinTokens*unit*unit, omniVideoMaxTokens*unit*unit)
	return itemGrid(v, w, h, frames, false)
}
