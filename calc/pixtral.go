package calc

// This file is Mistral Small 3.1 / 3.2's vision side: the Pixtral tower and
// projector of Mistral3ForConditionalGeneration (vllm/model_executor/models/
// mistral3.py, pixtral.py PixtralHFVisionModel), and its image item. See
// calc/README.md "Mistral 3's Pixtral tower".

// vitPixtral is the Pixtral tower: a patch Conv2d without bias, RMSNorms,
// 2-D rotary positions (no position table), a gated SiLU MLP of
// intermediate_size; the projector RMSNorm-s the patches, merges each
// spatial_merge_size² square into one (PatchMerger) and maps it to the text
// width with two linears and a GELU.
const vitPixtral = "pixtral"

// pixtralGrid is the most-features dummy image: a square of the tower's
// image_size (get_image_size_with_most_features), (image_size / patch)²
// patches, and in the prompt ncols [IMG] tokens and one [IMG_BREAK] per
// row, the last replaced by [IMG_END] (Mistral3MultiModalProcessor
// get_replacement), ncols = nrows = ⌈image_size / (patch · merge)⌉.
// The profile counts the whole placeholder, the breaks included.
//
// 1540 px, patch 14, merge 2: 110² = 12,100 patches, 55 rows of 56 tokens
// = 3,080 tokens (3,025 of them image embeddings).
func pixtralGrid(v *VisionConfig) visionGrid {
	if v.PatchSize <= 0 || v.ImageSize <= 0 {
		return visionGrid{}
	}
	unit := v.PatchSize * max(v.SpatialMerge, 1)
	side := (v.ImageSize-1)/v.PatchSize + 1 // _get_pixtral_hf_num_image_tokens
	cells := (v.ImageSize-1)/unit + 1
	return visionGrid{width: v.ImageSize, height: v.ImageSize, frames: 1,
		tokens: cells * (cells + 1), patches: side * side}
}

// pixtralParams counts the Pixtral tower and Mistral 3's projector on one
// of tp ranks: patch_conv (no bias) and ln_pre replicated; per layer two
// RMSNorms, qkv column-parallel and o row-parallel (no biases), gate_up
// column-parallel and down row-parallel (no biases); the projector's
// RMSNorm and PatchMerger merging_layer (E·m² → E, no bias) replicated,
// linear_1 column-parallel and linear_2 row-parallel, with biases where
// multimodal_projector_bias (false for Mistral Small 3.1).
//
// Mistral-Small-3.1-24B at TP 1: 602,112 + 1,024 + 24 × 16,779,264 +
// 1,024 + 4,194,304 + 5,242,880 + 26,214,400 = 438,958,080.
func pixtralParams(m *Model, tp int) int64 {
	v := m.Vision
	e, i, t := int64(v.Hidden), visionMLP(v), int64(max(tp, 1))
	c := inChannels(v)
	p := int64(v.PatchSize)
	mm := int64(max(v.SpatialMerge, 1)) * int64(max(v.SpatialMerge, 1))
	out := int64(v.OutHidden)
	if out <= 0 {
		out = int64(m.Text.Hidden)
	}
	layer := 2*e + 3*e*e/t + e*e/t + 2*e*i/t + i*e/t
	tower := c*p*p*e + e + int64(v.Depth)*layer
	projector := e + e*mm*e + e*out/t + out*out/t
	if v.ProjectorBias {
		projector += out/t + out
	}
	return tower + projector
}
