package hfconfig

import (
	"fmt"

	"vram/calc"
	"vram/calc/finding"
)

// pixtral reads Mistral 3's Pixtral vision_config (PixtralVisionConfig
// names and defaults) and the top level's spatial_merge_size and
// multimodal_projector_bias (Mistral3Config).
func (r *Result) pixtral(cfg obj) {
	v := r.visionKeys(cfg, "mistral3", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
		"patch_size", "image_size")
	if v == nil {
		return
	}
	r.mark("spatial_merge_size")
	r.mark("multimodal_projector_bias")
	vc := &calc.VisionConfig{GatedMLP: true, OutHidden: r.Model.Text.Hidden}
	const why = "absent: PixtralVisionConfig's default"
	r.visionInt(v, "hidden_size", &vc.Hidden, 1024, why)
	r.visionInt(v, "intermediate_size", &vc.Intermediate, 4096, why)
	r.visionInt(v, "num_hidden_layers", &vc.Depth, 24, why)
	r.visionInt(v, "num_attention_heads", &vc.Heads, 16, why)
	r.visionInt(v, "patch_size", &vc.PatchSize, 16, why)
	r.visionInt(v, "image_size", &vc.ImageSize, 1024, why)
	vc.SpatialMerge = 2
	if f, ok := cfg.num("spatial_merge_size"); ok && f >= 1 && f <= 8 && f == float64(int(f)) {
		vc.SpatialMerge = int(f)
		r.Findings.Add("spatial_merge_size", fmt.Sprint(vc.SpatialMerge), finding.Read, "")
	} else {
		r.Findings.Add("spatial_merge_size", "2", finding.Assumed, "absent: Mistral3Config's default")
	}
	if b, ok := cfg.boolean("multimodal_projector_bias"); ok {
		vc.ProjectorBias = b
		r.Findings.Add("multimodal_projector_bias", fmt.Sprint(b), finding.Read, "")
	} else {
		r.Findings.Add("multimodal_projector_bias", "false", finding.Assumed, "absent: no projector biases, as Mistral Small 3.1 states")
	}
	r.Model.Vision = vc
	r.Findings.Add("vision_config", fmt.Sprintf("Pixtral, depth %d, width %d", vc.Depth, vc.Hidden), finding.Read, "")
}
