package calc

// This file is Gemma 3's vision side: the SigLIP tower and projector of
// Gemma3ForConditionalGeneration (vllm/model_executor/models/gemma3_mm.py,
// siglip.py), its fixed-size image item, and the attention masks V0 builds
// for every dummy sequence. See calc/README.md "Gemma 3's SigLIP tower".

// vitSiglip is the SigLIP tower of Gemma 3: LayerNorm, fc1/fc2 MLP with
// biases, a learned position table, no spatial merge; the projector
// average-pools the (image_size / patch)² patches to mm_tokens_per_image.
const vitSiglip = "siglip"

// gemma3Placeholder is the prompt tokens of one image beside its
// mm_tokens_per_image embeddings: <start_of_image> and <end_of_image>
// (gemma3_mm.py 0.8.x get_mm_max_tokens_per_item counts boi + 256 + eoi =
// 258; later releases count the whole placeholder, which a 0.11.0rc2 log
// bounds to 257–264 per item: "budget of 8192 tokens, and profiled with 31
// image items").
const gemma3Placeholder = 2

// siglipGrid is the dummy image after the processor: pan-and-scan is off by
// default (Gemma3ProcessorKwargs do_pan_and_scan False), so every item is
// one image_size² crop of (image_size / patch)² patches whose embeddings
// are pooled to mm_tokens_per_image.
func siglipGrid(v *VisionConfig) visionGrid {
	if v.PatchSize <= 0 || v.ImageSize <= 0 {
		return visionGrid{}
	}
	side := v.ImageSize / v.PatchSize
	tokens := v.TokensPerImage
	if tokens <= 0 {
		tokens = 256 // Gemma3Config mm_tokens_per_image
	}
	return visionGrid{width: v.ImageSize, height: v.ImageSize, frames: 1,
		tokens: tokens + gemma3Placeholder, patches: side * side}
}

// siglipParams counts the SigLIP tower and Gemma 3's projector on one of tp
// ranks (siglip.py SiglipVisionModel with vision_use_head false): the patch
// Conv2d with bias, the position table (num_positions = (image_size /
// patch)²) and the post LayerNorm replicated; per layer two LayerNorms
// (weight and bias), qkv and fc1 column-parallel with biases, out_proj and
// fc2 row-parallel, their biases replicated. The projector
// (Gemma3MultiModalProjector) is a plain [vision hidden, text hidden]
// parameter and an RMSNorm, replicated on every rank.
//
// gemma-3-27b-it at TP 1: 678,528 + 4,718,592 + 27 × 15,239,504 + 2,304 =
// 416,866,032 tower parameters, plus 1152 × 5376 + 1152 = 6,194,304.
func siglipParams(m *Model, tp int) int64 {
	e := int64(m.Vision.Hidden)
	return siglipTowerParams(m.Vision, tp, true) + e*int64(m.Text.Hidden) + e
}

// siglipTowerParams is the SigLIP tower alone on one of tp ranks, with its
// post LayerNorm or without (LLaVA-OneVision builds it with
// require_post_norm False).
func siglipTowerParams(v *VisionConfig, tp int, postNorm bool) int64 {
	e, i, t := int64(v.Hidden), visionMLP(v), int64(max(tp, 1))
	c := inChannels(v)
	p := int64(v.PatchSize)
	var positions int64
	if v.PatchSize > 0 {
		side := int64(v.ImageSize / v.PatchSize)
		positions = side * side
	}
	patch := c*p*p*e + e
	layer := 2*(2*e) + (3*e*e+3*e)/t + e*e/t + e + (e*i+i)/t + i*e/t + e
	tower := patch + positions*e + int64(v.Depth)*layer
	if postNorm {
		tower += 2 * e
	}
	return tower
}

// siglipEncoderBytes is the tower's pass over P patches on one rank: the
// pixel batch as float32 from the processor and its cast (P × C·p² × 6 B),
// and the larger per-layer live set, × dtype bytes: attention (residual,
// normed input, qkv and q, k, v per rank: 2E + 6E/tp; no rotary) or MLP
// (residual, normed input, output, fc1 and its GELU per rank: 3E + 2I/tp).
// The attention itself is memory-efficient (xFormers or flash) and keeps
// no scores.
func siglipEncoderBytes(r *Resolved, patches int) Bytes {
	return siglipPixels(r.Model.Vision, patches) + siglipBlock(r, patches)
}

// siglipPixels is P patches' pixel batch as float32 from the processor and
// its cast to the tower's dtype: P × C·p² × 6 B.
func siglipPixels(v *VisionConfig, patches int) Bytes {
	return Bytes(int64(patches) * inChannels(v) * int64(v.PatchSize) * int64(v.PatchSize) * 6)
}

// siglipBlock is the larger per-layer live set of P patches on one rank.
func siglipBlock(r *Resolved, patches int) Bytes {
	v := r.Model.Vision
	tp := int64(max(r.TP, 1))
	db := int64(dtypeBytes(r.Dtype))
	P, e, i := int64(patches), int64(v.Hidden), visionMLP(v)
	return Bytes(P * max(2*e+6*e/tp, 3*e+2*i/tp) * db)
}

// v0AttnMasks is Gemma 3's V0 prepare_attn_masks: for every sequence of
// the batch a global causal mask and a sliding-window mask of L × L
// elements in the model dtype, all held until the forward pass ends
// (gemma3_mm.py V0 path, 0.8.0–0.10.x). The profile's dummy batch is seqs
// sequences of length tokens / seqs: seqs × 2 × L² × dtype bytes.
//
// 1 sequence of 16,384 tokens in bfloat16: 2 × 16,384² × 2 B = 1 GiB.
func v0AttnMasks(r *Resolved, seqs, tokens int) Bytes {
	if seqs <= 0 || tokens <= 0 {
		return 0
	}
	l := int64(tokens / seqs)
	return Bytes(int64(seqs) * 2 * l * l * int64(dtypeBytes(r.Dtype)))
}
