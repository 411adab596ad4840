package hfconfig

// This file reads GLM-4.1V's config.json (Glm4vConfig): the decoder at the
// top level (transformers ≤ 4.56) or in text_config (later saves), and a
// Qwen-style vision_config whose image_size sets the position table.

import (
	"fmt"

	"vram/calc"
	"vram/calc/finding"
)

// glm4vFamily is GLM-4.1V's model_type.
const glm4vFamily = "glm4v"

// glm4vVision reads vision_config as vision does and adds image_size
// (Glm4vVisionEmbeddings' (image_size / patch_size)² positions).
func (r *Result) glm4vVision(v obj) {
	r.vision(v, glm4vFamily)
	vc := r.Model.Vision
	if vc == nil || v == nil {
		return
	}
	r.mark("vision_config.image_size")
	r.visionInt(v, "image_size", &vc.ImageSize, 336, "absent: Glm4vVisionConfig's default")
	if vc.ImageSize < vc.PatchSize {
		r.Findings.Add("vision_config.image_size", fmt.Sprint(vc.ImageSize), finding.Invalid, "smaller than patch_size")
	}
	r.Findings.Add("vision_config", fmt.Sprintf("GLM-4V tower, depth %d, width %d", vc.Depth, vc.Hidden), finding.Read, "")
}

// glm4vDefaults are transformers' Glm4vImageProcessor and Glm4vVideoProcessor
// sizes (shortest_edge 112·112; longest_edge 28·28·15000 and
// 28·28·2·30000), used when no processor config is pasted.
var glm4vDefaults = calc.ImageConfig{MinPixels: 112 * 112, MaxPixels: 28 * 28 * 15000,
	VideoMinPixels: 112 * 112, VideoMaxPixels: 28 * 28 * 2 * 30000}
