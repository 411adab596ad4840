package hfconfig

// This file reads LLaVA-OneVision's config.json (LlavaOnevisionConfig):
// a Qwen2 text_config and a SigLIP vision_config, both saved as their
// differences from the config classes' defaults, and the top level's
// anyres settings.

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"vram/calc"
	"vram/calc/finding"
)

// llavaOVFamily is LLaVA-OneVision's model_type.
const llavaOVFamily = "llava_onevision"

// qwen2Defaults are Qwen2Config's defaults (transformers
// configuration_qwen2.py), which a nested text_config leaves out when it
// equals them (max_position_embeddings 32768 in the llava-hf files).
var qwen2Defaults = []struct {
	key string
	val float64
}{{"hidden_size", 4096}, {"intermediate_size", 22016}, {"num_hidden_layers", 32}, {"num_attention_heads", 32},
	{"num_key_value_heads", 32}, {"vocab_size", 151936}, {"max_position_embeddings", 32768}}

// llavaOVText is text_config with Qwen2Config's defaults for the keys it
// leaves out, each reported as assumed; a Qwen2 decoder has q/k/v biases.
func (r *Result) llavaOVText(text obj) obj {
	out := obj{}
	for k, v := range text {
		out[k] = v
	}
	if mt := text.str("model_type"); mt != "qwen2" {
		r.Findings.Addf("text_config.model_type", mt, finding.Unmodelled, "sized as a Qwen2 decoder (the llava-hf OneVision builds); %s's own defaults are not read", mt)
	}
	for _, d := range qwen2Defaults {
		if _, ok := out.num(d.key); !ok {
			out[d.key] = d.val
			r.Findings.Add("text_config."+d.key, fmt.Sprint(d.val), finding.Assumed, "absent: Qwen2Config's default")
		}
	}
	r.Model.Text.AttentionBias = true
	return out
}

// llavaOV reads the SigLIP vision_config (SiglipVisionConfig's defaults
// for absent keys), vision_feature_layer (the layers vLLM builds:
// num_hidden_layers + layer + 1 for a negative index), vision_aspect_ratio
// (anyres_max_N; vLLM counts with 9), image_grid_pinpoints (only the default grid is
// modelled) and multimodal_projector_bias (default true).
func (r *Result) llavaOV(cfg obj) {
	v := r.visionKeys(cfg, llavaOVFamily, "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
		"patch_size", "image_size", "vision_use_head")
	if v == nil {
		return
	}
	for _, k := range []string{"vision_feature_layer", "vision_aspect_ratio", "image_grid_pinpoints", "multimodal_projector_bias", "spatial_pool_stride"} {
		r.mark(k)
	}
	vc := &calc.VisionConfig{ProjectorBias: true, OutHidden: r.Model.Text.Hidden}
	r.siglipSizes(v, vc)
	r.featureLayer(cfg, vc)
	vc.AnyresMax = 9
	switch a := cfg.str("vision_aspect_ratio"); {
	case a == "":
		r.Findings.Add("vision_aspect_ratio", "anyres_max_9", finding.Assumed, "absent: LlavaOnevisionConfig's default")
	case strings.HasPrefix(a, "anyres_max_"):
		n, err := strconv.Atoi(strings.TrimPrefix(a, "anyres_max_"))
		switch {
		case err != nil || n < 1 || n > 64:
			r.Findings.Add("vision_aspect_ratio", a, finding.Invalid, "expected anyres_max_N with N from 1 to 64")
		case n != 9:
			r.Findings.Add("vision_aspect_ratio", a, finding.Ignored, "vLLM's _get_num_unpadded_features pools at 9 tiles whatever the config states")
		default:
			r.Findings.Add("vision_aspect_ratio", a, finding.Read, "")
		}
	default:
		r.Findings.Add("vision_aspect_ratio", a, finding.Unmodelled, "sized as anyres_max_9, the form vLLM's _get_num_unpadded_features reads")
	}
	if !defaultPinpoints(cfg["image_grid_pinpoints"], vc.ImageSize) {
		r.Findings.Add("image_grid_pinpoints", short(cfg["image_grid_pinpoints"]), finding.Unmodelled, "sized with the default grid: 1 to 6 tiles of image_size a side")
	}
	if b, ok := cfg.boolean("multimodal_projector_bias"); ok {
		vc.ProjectorBias = b
		r.Findings.Add("multimodal_projector_bias", fmt.Sprint(b), finding.Read, "")
	}
	if f, ok := cfg.num("spatial_pool_stride"); ok && f >= 1 && f <= 27 && f == math.Trunc(f) {
		vc.PoolStride = int(f)
		r.Findings.Add("spatial_pool_stride", fmt.Sprint(vc.PoolStride), finding.Read, "")
	}
	r.Model.Vision = vc
	r.Findings.Add("vision_config", fmt.Sprintf("SigLIP, %d layers, width %d", vc.Depth, vc.Hidden), finding.Read, "")
}

// featureLayer narrows the tower to the layers vLLM builds for
// vision_feature_layer (llava.py _get_layer_index): -1 keeps them all.
func (r *Result) featureLayer(cfg obj, vc *calc.VisionConfig) {
	f, ok := cfg.num("vision_feature_layer")
	if !ok {
		r.Findings.Add("vision_feature_layer", "-1", finding.Assumed, "absent: LlavaOnevisionConfig's default, every layer")
		return
	}
	n := int(f)
	if f != math.Trunc(f) || n == 0 || n < -vc.Depth || n > vc.Depth {
		r.Findings.Add("vision_feature_layer", fmt.Sprint(f), finding.Invalid, "expected a layer index of the tower")
		return
	}
	if n < 0 {
		n = vc.Depth + n + 1
	}
	vc.Depth = n
	r.Findings.Addf("vision_feature_layer", fmt.Sprint(int(f)), finding.Read, "vLLM builds the first %d layers", n)
}

// defaultPinpoints reports whether p is absent or the default grid: every
// (height, width) of 1 to 6 multiples of side.
func defaultPinpoints(p any, side int) bool {
	if p == nil {
		return true
	}
	l, ok := p.([]any)
	if !ok || len(l) != 36 {
		return false
	}
	for k, e := range l {
		pair, ok := e.([]any)
		if !ok || len(pair) != 2 {
			return false
		}
		h, ok1 := pair[0].(float64)
		w, ok2 := pair[1].(float64)
		if !ok1 || !ok2 || int(h) != (k/6+1)*side || int(w) != (k%6+1)*side {
			return false
		}
	}
	return true
}

// siglipSizes reads a SigLIP vision_config saved as its differences from
// SiglipVisionConfig, whose defaults fill the absent keys.
func (r *Result) siglipSizes(v obj, vc *calc.VisionConfig) {
	const why = "absent: SiglipVisionConfig's default"
	r.visionInt(v, "hidden_size", &vc.Hidden, 768, why)
	r.visionInt(v, "intermediate_size", &vc.Intermediate, 3072, why)
	r.visionInt(v, "num_hidden_layers", &vc.Depth, 12, why)
	r.visionInt(v, "num_attention_heads", &vc.Heads, 12, why)
	r.visionInt(v, "patch_size", &vc.PatchSize, 16, why)
	r.visionInt(v, "image_size", &vc.ImageSize, 224, why)
}
