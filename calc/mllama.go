package calc

// This file is Llama 3.2 Vision (MllamaForConditionalGeneration,
// vllm/model_executor/models/mllama.py): a tiled ViT whose output the
// decoder's cross-attention layers read, served by V0's encoder–decoder
// runner only (vLLM 0.6.2–0.10.2). See calc/README.md "Llama 3.2 Vision".

// vitMllama is Mllama's vision model: 32 local and 8 gated global
// layers over up to max_num_tiles tiles of (image_size / patch)² + 1
// tokens (a class token per tile), five intermediate states concatenated
// with the last one (vision_output_dim = 6 × hidden) and a linear
// projector to the decoder's width.
const vitMllama = "mllama"

// mllamaTileTokens is the tokens of one tile: (560 / 14)² patches and the
// class token, 1601 (input_processor_for_mllama token_per_chunk).
func mllamaTileTokens(v *VisionConfig) int {
	if v.PatchSize <= 0 {
		return 0
	}
	side := v.ImageSize / v.PatchSize
	return side*side + 1
}

func mllamaTiles(v *VisionConfig) int { return max(v.MaxTiles, 1) }

// mllamaItem is the profile's dummy images: EncoderDecoderModelRunner
// profile_run builds max_num_seqs dummy sequences whatever
// max_num_batched_tokens is, each with limit_mm_per_prompt images of the
// most tiles (dummy_image 1024 × 1024, later 2240 × 560: 4 tiles); an
// image is tiles × 1601 encoder tokens (6,404), which the cross-attention
// layers read and the decoder never runs over.
func mllamaItem(r *Resolved) MMItem {
	v := r.Model.Vision
	seqs, lim := max(r.MaxNumSeqs, 1), max(r.LimitImages, 0)
	if lim == 0 {
		return MMItem{}
	}
	tok := mllamaTiles(v) * mllamaTileTokens(v)
	return MMItem{Modality: "image", Count: seqs * lim, Seqs: seqs, Tokens: tok, MaxTokens: tok, Patches: tok,
		Width: v.ImageSize, Height: v.ImageSize * mllamaTiles(v), Frames: 1}
}

// mllamaParams counts the vision model and the projector on one of tp
// ranks: the patch projection (unfold + ColumnParallelLinear, no bias),
// the class embedding, the gated position embedding with its per-aspect-
// ratio tile table ((aspect ratios + 1) × tiles × 1601 × E, replicated),
// the gated pre and post tile embeddings, two LayerNorms; each of the
// local and global layers qkv and o (no bias) and the CLIP MLP (fc1, fc2
// with biases) split over TP, two LayerNorms, the global layers' two
// gates; the projector nn.Linear(vision_output_dim, text hidden) with
// bias, replicated (0.6.x).
//
// Llama-3.2-11B-Vision: 752,640 + 1,280 + 2,049,281 + 73,774,080 + 92,162
// + 5,120 + 40 × 19,672,320 + 16 = 863,567,379, projector 31,461,376.
func mllamaParams(m *Model, tp int) int64 {
	v := m.Vision
	e, i, t := int64(v.Hidden), visionMLP(v), int64(max(tp, 1))
	p := int64(v.PatchSize)
	tile := int64(mllamaTileTokens(v))
	tiles := int64(mllamaTiles(v))
	ratios := int64(v.AspectRatios) + 1
	embed := 3*p*p*e/t + e + tile*e + 1 + ratios*tiles*tile*e + 2*(ratios*tiles*e+1) + 2*2*e
	layer := 3*e*e/t + e*e/t + (e*i+i)/t + i*e/t + e + 2*2*e
	layers := int64(v.Depth+v.GlobalLayers)*layer + 2*int64(v.GlobalLayers)
	out := int64(v.OutputDim)
	h := int64(m.Text.Hidden)
	return embed + layers + out*h + h
}

// mllamaEncoderBytes is the vision model's pass over `images` dummy
// images on one rank, the larger of two moments (reconstructed against the
// OOM traces of vllm #9356 and #10034, calc/README.md "Llama 3.2 Vision"):
//
//   - the pixel stage: the float32 pixel_values and the float32
//     out_images of _parse_and_validate_image_input (8 B a value), their
//     cast to the model dtype and the unfolded patches (2 × dtype bytes),
//     and the patch projection's output (tiles × patches × E / tp);
//   - the concat, per image: the float32 pixels, the tile attention mask
//     (S² in the model dtype, S = tiles × 1601 rounded up to 8), the
//     intermediate states kept, stacked and reshaped (3 × K × S × E), the
//     concatenated output (tiles × 1601 × vision_output_dim) and the
//     hidden state (S × E): about 0.44 GiB an image in bfloat16, nearly
//     independent of TP.
func mllamaEncoderBytes(r *Resolved, images int) Bytes {
	v := r.Model.Vision
	if images <= 0 {
		return 0
	}
	tp := int64(max(r.TP, 1))
	db := int64(dtypeBytes(r.Dtype))
	e, tiles, tile := int64(v.Hidden), int64(mllamaTiles(v)), int64(mllamaTileTokens(v))
	n := int64(images) * tiles
	px := 3 * int64(v.ImageSize) * int64(v.ImageSize)
	pixels := n * px * 8
	stage := pixels + n*px*2*db + n*(tile-1)*(e/tp)*db
	s := tiles * roundUp64(tile, 8)
	k := int64(v.IntermediateLayers)
	per := s*s*db + 3*k*s*e*db + tiles*tile*int64(v.OutputDim)*db + s*e*db
	return Bytes(max(stage, pixels+int64(images)*per))
}
