package hfconfig

import (
	"fmt"
	"math"

	"vram/calc"
	"vram/calc/finding"
)

// internVision reads InternVL's InternViT vision_config (InternVisionConfig:
// hidden_size, intermediate_size, num_hidden_layers, num_attention_heads,
// image_size, patch_size, norm_type, qk_normalization, qkv_bias) and the
// top-level tiling: force_image_size, downsample_ratio, max_dynamic_patch,
// use_thumbnail, select_layer.
func (r *Result) internVision(cfg obj) {
	v := r.visionKeys(cfg, "internvl_chat", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
		"image_size", "patch_size", "norm_type", "qk_normalization", "qkv_bias")
	if v == nil {
		return
	}
	vc := &calc.VisionConfig{}
	r.visionInt(v, "hidden_size", &vc.Hidden, 0, "")
	r.visionInt(v, "intermediate_size", &vc.Intermediate, 0, "")
	r.visionInt(v, "num_hidden_layers", &vc.Depth, 0, "")
	r.visionInt(v, "num_attention_heads", &vc.Heads, 0, "")
	r.visionInt(v, "patch_size", &vc.PatchSize, 14, "absent: InternVisionConfig's default")
	r.visionInt(v, "image_size", &vc.ImageSize, 448, "absent: InternVisionConfig's default")
	if f, ok := cfg.num("force_image_size"); ok && f > 0 && f == math.Trunc(f) && f < 1<<14 {
		r.mark("force_image_size")
		vc.ImageSize = int(f) // InternVLChatModel: force_image_size or vision_config.image_size
	}
	vc.RMSNorm = v.str("norm_type") == "rms_norm"
	vc.QKNorm, _ = v.boolean("qk_normalization")
	vc.QKVBias, _ = v.boolean("qkv_bias")
	vc.DownsampleRatio = 0.5
	if f, ok := cfg.num("downsample_ratio"); ok && f > 0 && f <= 1 {
		vc.DownsampleRatio = f
		r.Findings.Add("downsample_ratio", fmt.Sprint(f), finding.Read, "")
	} else {
		r.Findings.Add("downsample_ratio", "0.5", finding.Assumed, "absent: InternVLChatConfig's default")
	}
	vc.MaxDynamicPatch = 12
	if f, ok := cfg.num("max_dynamic_patch"); ok && f >= 1 && f == math.Trunc(f) && f <= 64 {
		vc.MaxDynamicPatch = int(f)
		r.Findings.Add("max_dynamic_patch", fmt.Sprint(vc.MaxDynamicPatch), finding.Read, "")
	} else {
		r.Findings.Add("max_dynamic_patch", "12", finding.Assumed, "absent: InternVLChatConfig's default")
	}
	vc.UseThumbnail = true
	if b, ok := cfg.boolean("use_thumbnail"); ok {
		vc.UseThumbnail = b
		r.mark("use_thumbnail")
	}
	vc.SelectLayer = -1
	if f, ok := cfg.num("select_layer"); ok && f == math.Trunc(f) && math.Abs(f) < 1<<10 {
		vc.SelectLayer = int(f)
		r.mark("select_layer")
	}
	switch cfg.sub("llm_config").str("model_type") {
	case "qwen2", "qwen3", "qwen3_moe", "gpt_oss":
		vc.VideoLLM = true // internvl.py get_video_token: the decoder has a video token
	}
	r.Model.Vision = vc
	r.Findings.Add("vision_config", fmt.Sprintf("InternViT, depth %d, width %d, %d tiles", vc.Depth, vc.Hidden, vc.MaxDynamicPatch), finding.Read, "")
}
