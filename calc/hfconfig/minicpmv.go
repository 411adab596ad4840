package hfconfig

// This file reads MiniCPM-V's config.json (MiniCPMVConfig): a Qwen2
// decoder at the top level, the Idefics2 (SigLIP) vision_config, the
// resampler's query_num and the slicing settings.

import (
	"fmt"
	"math"

	"vram/calc"
	"vram/calc/finding"
)

// minicpmvFamily is MiniCPM-V's model_type.
const minicpmvFamily = "minicpmv"

// minicpmvVersion reads version: only 2.6 (Qwen2 decoder, Resampler2_5)
// is modelled; vLLM picks the class by it (_SUPPORT_VERSION).
func (r *Result) minicpmvVersion(cfg obj) bool {
	r.mark("version")
	v, ok := cfg.num("version")
	switch {
	case !ok:
		r.Findings.Add("version", "", finding.Missing, "MiniCPM-V names its version; only 2.6 is modelled")
		return false
	case math.Abs(v-2.6) > 1e-9:
		r.Findings.Addf("version", fmt.Sprint(v), finding.Missing, "MiniCPM-V %v is not modelled (its decoder or resampler differs); only 2.6 is", v)
		return false
	}
	r.Findings.Add("version", "2.6", finding.Read, "")
	r.Model.Text.AttentionBias = true // MiniCPMV2_6 runs a Qwen2 decoder
	return true
}

// minicpmv reads the tower (vision_config, SiglipVisionConfig names;
// drop_vision_last_layer builds one layer fewer), query_num, and checks
// the slice settings the profile's dummy image assumes (image_size 448,
// slice_config.max_slice_nums 9).
func (r *Result) minicpmv(cfg obj) {
	v := r.visionKeys(cfg, minicpmvFamily, "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
		"patch_size", "image_size")
	if v == nil {
		return
	}
	for _, k := range []string{"query_num", "image_size", "slice_config", "drop_vision_last_layer", "patch_size", "slice_mode", "batch_vision_input"} {
		r.mark(k)
	}
	vc := &calc.VisionConfig{OutHidden: r.Model.Text.Hidden}
	r.siglipSizes(v, vc)
	if b, ok := cfg.boolean("drop_vision_last_layer"); ok && b && vc.Depth > 1 {
		vc.Depth--
		r.Findings.Addf("drop_vision_last_layer", "true", finding.Read, "vLLM builds %d layers", vc.Depth)
	}
	vc.TokensPerImage = 64
	if f, ok := cfg.num("query_num"); ok && f >= 1 && f <= 1024 && f == math.Trunc(f) {
		vc.TokensPerImage = int(f)
		r.Findings.Add("query_num", fmt.Sprint(vc.TokensPerImage), finding.Read, "")
	} else {
		r.Findings.Add("query_num", "64", finding.Assumed, "absent: MiniCPMVConfig's default")
	}
	if f, ok := cfg.num("image_size"); ok && f != 448 {
		r.Findings.Add("image_size", fmt.Sprint(f), finding.Unmodelled, "slices are sized at 448 px, MiniCPM-V 2.6's scale_resolution")
	}
	if n, ok := cfg.sub("slice_config").num("max_slice_nums"); ok && n != 9 {
		r.Findings.Add("slice_config.max_slice_nums", fmt.Sprint(n), finding.Unmodelled, "the dummy image is sized at 9 slices, as vLLM's get_image_max_slice_num reads it")
	}
	r.Model.Vision = vc
	r.Findings.Add("vision_config", fmt.Sprintf("SigLIP-NaViT, %d layers, width %d; resampler of %d queries", vc.Depth, vc.Hidden, vc.TokensPerImage), finding.Read, "")
}
