package calc

// This file is InternVL's vision side (InternVLChatModel,
// vllm/model_executor/models/internvl.py, intern_vit.py): the InternViT
// tower over dynamic 448² tiles, the pixel shuffle and the mlp1
// projector. See calc/README.md "InternVL's InternViT tower".

// vitIntern is InternViT: a class token and a learned position table per
// tile, LayerNorm (300M) or RMSNorm with q/k norms (6B), layer scales, a
// fc1/fc2 MLP with biases; the tile's (448 / 14)² patches are pixel-
// shuffled by downsample_ratio to 256 embeddings.
const vitIntern = "internvit"

// internTiles is the tiles of the most-features image: max tiles
// (config.json max_dynamic_patch, 12, or mm_processor_kwargs'; maxPatch 0
// takes the config's) plus the thumbnail when use_thumbnail and more than
// one tile (get_image_size_with_most_features; "13 x 256 = 3328", vllm
// #6514).
func internTiles(v *VisionConfig, maxPatch int) int {
	n := maxPatch
	if n <= 0 {
		n = v.MaxDynamicPatch
	}
	if n <= 0 {
		n = 12 // InternVL's default max_dynamic_patch
	}
	if v.UseThumbnail && n > 1 {
		n++
	}
	return n
}

// resolveTiles is InternVL's max_dynamic_patch: mm_processor_kwargs'
// (both the legacy input pipeline, #8946, and the merged processor merge
// them into the processor), else config.json's; other models do not tile.
func (r *Resolved) resolveTiles() {
	o := r.Options
	if v := r.Model.Vision; v != nil && visionKind(&r.Model) == vitIntern {
		r.MaxDynamicPatch = v.MaxDynamicPatch
		if r.MaxDynamicPatch <= 0 {
			r.MaxDynamicPatch = 12
		}
		if o.MaxDynamicPatch != nil {
			r.MaxDynamicPatch = *o.MaxDynamicPatch
		}
		r.origin("max-dynamic-patch", o.MaxDynamicPatch != nil, OriginConfigTiles)
		return
	}
	r.Origins["max-dynamic-patch"] = Origin{Set: o.MaxDynamicPatch != nil, Why: Reason{Key: OriginNoTiles}}
}

// internTileTokens is one tile's embeddings: num_image_token =
// int((image_size // patch_size)² · downsample_ratio²), 256 for 448/14/0.5.
func internTileTokens(v *VisionConfig) int {
	if v.PatchSize <= 0 {
		return 0
	}
	side := v.ImageSize / v.PatchSize
	r := v.DownsampleRatio
	if !(r > 0 && r <= 1) {
		r = 0.5
	}
	return int(float64(side*side) * r * r)
}

// internLayers is the ViT layers vLLM builds: num_hidden_layers +
// select_layer + 1 for a negative select_layer (-1: all), else
// select_layer + 1 (num_hidden_layers_override); there is no post-norm.
func internLayers(v *VisionConfig) int {
	if v.SelectLayer < 0 {
		return max(v.Depth+v.SelectLayer+1, 0)
	}
	if v.SelectLayer > 0 {
		return min(v.SelectLayer+1, v.Depth)
	}
	return v.Depth // select_layer absent: InternVL's -1
}

// internGrid is the most-features image: tiles of image_size², each
// (image_size / patch)² + 1 ViT positions (the class token) and
// internTileTokens embeddings. The tiles lie in one row here; every
// layout of that many tiles costs the same.
func internGrid(v *VisionConfig, maxPatch int) visionGrid {
	if v.PatchSize <= 0 || v.ImageSize <= 0 {
		return visionGrid{}
	}
	side := v.ImageSize / v.PatchSize
	tiles := internTiles(v, maxPatch)
	return visionGrid{width: v.ImageSize * max(tiles-1, 1), height: v.ImageSize, frames: 1,
		tokens: tiles * internTileTokens(v), patches: tiles * (side*side + 1)}
}

// internAttnTP is the ranks InternViT's attention is split over:
// InternParallelAttention when the heads divide by TP, else the
// replicated InternSdpaAttention on every rank (InternViT-6B's 25 heads at
// TP 2, 4, 8).
func internAttnTP(v *VisionConfig, tp int) int64 {
	if tp > 1 && v.Heads > 0 && v.Heads%tp == 0 {
		return int64(tp)
	}
	return 1
}

// internParams counts InternViT and mlp1 on one of tp ranks: the patch
// Conv2d with its bias, the class embedding and the position table
// ((image_size / patch)² + 1 rows), replicated; per layer norm1 and norm2
// (LayerNorm weight and bias, or RMSNorm weight), qkv (bias when
// qkv_bias) and proj (with bias) over internAttnTP, the full-width q_norm
// and k_norm of qk_normalization, fc1 and fc2 with biases over TP (fc2's
// bias replicated), ls1 and ls2; mlp1 replicated: LayerNorm(4E),
// Linear(4E, H), GELU, Linear(H, H), with biases.
//
// InternViT-300M (InternVL3-8B) at TP 1: 602,112 + 1,024 + 1,024 +
// 1,049,600 = 1,653,760 embeddings; a layer 4,096 + 3,148,800 + 1,049,600
// + 4,198,400 + 4,195,328 + 2,048 = 12,598,272, × 24 = 302,358,528; mlp1
// 8,192 + 14,683,648 + 12,848,640 = 27,540,480 with H 3584.
func internParams(m *Model, tp int) int64 {
	v := m.Vision
	e, i, t := int64(v.Hidden), visionMLP(v), int64(max(tp, 1))
	ta := internAttnTP(v, tp)
	p := int64(v.PatchSize)
	side := int64(0)
	if v.PatchSize > 0 {
		side = int64(v.ImageSize / v.PatchSize)
	}
	embed := 3*p*p*e + e + e + (side*side+1)*e
	norm := 2 * e
	if v.RMSNorm {
		norm = e
	}
	var qkvb int64
	if v.QKVBias {
		qkvb = 3 * e / ta
	}
	layer := 2*norm + 3*e*e/ta + qkvb + e*e/ta + e + (e*i+i)/t + i*e/t + e + 2*e
	if v.QKNorm {
		layer += 2 * e
	}
	h := int64(m.Text.Hidden)
	r := v.DownsampleRatio
	if !(r > 0 && r <= 1) {
		r = 0.5
	}
	wide := e * int64(1/r) * int64(1/r)
	mlp1 := 2*wide + wide*h + h + h*h + h
	return embed + int64(internLayers(v))*layer + mlp1
}

// internEncoderBytes is the tower's pass over P positions (tiles ×
// 1025) on one rank, read from intern_vit.py (0.6.x, the copy vLLM adapted
// from InternVL2-4B's modeling_intern_vit.py): the float32 pixel tiles the
// caller holds (tiles × 3 · 448² × 4 B), and the larger per-layer live set
// × dtype bytes over a base of three [P, E] tensors (the embeddings, which
// InternVisionModel.forward keeps in hidden_states while the encoder runs,
// the layer's residual and its normed input):
//
//   - attention with qk_normalization: qkv (3E/ta), the normed q and,
//     inside RMSNorm.forward_native of k, its float32 copy and square:
//     8E at ta = 1; split over TP, InternParallelAttention all-gathers q
//     and k to full width before the norms and splits after (a view), so
//     3E/ta + 6E; without qk norms, qkv and the attention output: 4E/ta
//     (ta = internAttnTP); the attention itself is memory-efficient
//     (xformers, or SDPA per tile) and keeps no scores;
//   - MLP: fc1 and its GELU (2I/tp), or GELU and fc2 (I/tp + E).
//
// InternViT-6B at TP 8 over 16 images of 13 tiles (213,200 positions):
// 3E + 8E = 35,200 per position, 15.0 GB, and 0.5 GB of pixels.
func internEncoderBytes(r *Resolved, patches int) Bytes {
	v := r.Model.Vision
	side := v.ImageSize / max(v.PatchSize, 1)
	perTile := int64(side*side + 1)
	tiles := int64(patches) / max(perTile, 1)
	db := int64(dtypeBytes(r.Dtype))
	e, i := int64(v.Hidden), visionMLP(v)
	tp := int64(max(r.TP, 1))
	ta := internAttnTP(v, r.TP)
	pixels := tiles * 3 * int64(v.ImageSize) * int64(v.ImageSize) * 4
	attn := 4 * e / ta
	switch {
	case v.QKNorm && ta > 1:
		attn = 3*e/ta + 6*e // q and k gathered to full width for the norms
	case v.QKNorm:
		attn = 8 * e
	}
	mlp := max(2*i/tp, i/tp+e)
	return Bytes(pixels + int64(patches)*(3*e+max(attn, mlp))*db)
}
