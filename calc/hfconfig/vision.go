package hfconfig

// This file reads the vision tower (vision_config) and the image and
// video processor bounds (preprocessor_config.json).

import (
	"fmt"
	"math"
	"strings"

	"vram/calc"
	"vram/calc/finding"
)

// vision reads vision_config. Qwen2-VL names the ViT width embed_dim and its
// merger output hidden_size, and gives mlp_ratio instead of
// intermediate_size (vllm/model_executor/models/qwen2_vl.py); Qwen2.5-VL and
// Qwen3-VL name them hidden_size, out_hidden_size and intermediate_size.
func (r *Result) vision(v obj, family string) {
	if v == nil {
		r.Findings.Addf("vision_config", "", finding.Missing, "a %s model needs its vision_config", family)
		return
	}
	vc := &calc.VisionConfig{}
	for _, k := range []string{"depth", "num_heads", "embed_dim", "hidden_size", "mlp_ratio", "intermediate_size", "out_hidden_size",
		"deepstack_visual_indexes", "num_position_embeddings", "patch_size", "temporal_patch_size", "spatial_merge_size"} {
		r.mark("vision_config." + k) // the keys this reading looks at
	}
	need := func(k string, dst *int) {
		f, ok := v.num(k)
		if !ok || f <= 0 || f != math.Trunc(f) || f > 1<<20 {
			r.Findings.Add("vision_config."+k, "", finding.Missing, "needed to size the vision tower")
			return
		}
		*dst = int(f)
	}
	def := func(k string, dst *int, d int, why string) {
		if f, ok := v.num(k); ok && f > 0 && f == math.Trunc(f) && f < 1<<20 {
			*dst = int(f)
			return
		}
		*dst = d
		r.Findings.Add("vision_config."+k, fmt.Sprint(d), finding.Assumed, why)
	}
	need("depth", &vc.Depth)
	need("num_heads", &vc.Heads)
	text := r.Model.Text.Hidden
	switch family {
	case "qwen2_vl":
		need("embed_dim", &vc.Hidden)
		def("hidden_size", &vc.OutHidden, text, "absent: the decoder's hidden_size")
		ratio, ok := v.num("mlp_ratio")
		if !ok || ratio <= 0 || ratio > 64 {
			ratio = 4
			r.Findings.Add("vision_config.mlp_ratio", "4", finding.Assumed, "absent: 4, Qwen2VLVisionConfig's default")
		}
		vc.Intermediate = int(ratio * float64(vc.Hidden))
		r.Findings.Addf("vision_config.mlp_ratio", fmt.Sprint(ratio), finding.Read, "ViT MLP width = mlp_ratio × embed_dim = %d", vc.Intermediate)
	default:
		need("hidden_size", &vc.Hidden)
		need("intermediate_size", &vc.Intermediate)
		def("out_hidden_size", &vc.OutHidden, text, "absent: the decoder's hidden_size")
		vc.GatedMLP = family == "qwen2_5_vl"
		if family != "qwen2_5_vl" {
			vc.Deepstack = v.ints("deepstack_visual_indexes")
			if f, ok := v.num("num_position_embeddings"); ok && f > 0 && f < 1<<24 {
				vc.PositionEmbedding = int(f)
			}
		}
	}
	def("patch_size", &vc.PatchSize, map[bool]int{true: 16, false: 14}[strings.HasPrefix(family, "qwen3")], "absent: the family's default")
	def("temporal_patch_size", &vc.TemporalPatchSize, 2, "absent: 2, the family's default")
	def("spatial_merge_size", &vc.SpatialMerge, 2, "absent: 2, the family's default")
	if vc.OutHidden != text && text > 0 {
		r.Findings.Addf("vision_config.out_hidden_size", fmt.Sprint(vc.OutHidden), finding.Invalid,
			"the merger's output (%d) must match the decoder's hidden_size (%d)", vc.OutHidden, text)
	}
	r.Model.Vision = vc
	r.Findings.Add("vision_config", fmt.Sprintf("depth %d, width %d", vc.Depth, vc.Hidden), finding.Read, "")
}

// Processor defaults when no preprocessor_config.json is pasted: the
// transformers image processor defaults of each family (transformers image_processing_qwen2_vl.py, video_processing_qwen3_vl.py).
var processorDefaults = map[string]calc.ImageConfig{
	"qwen2_vl":     {MinPixels: 3136, MaxPixels: 12845056},
	"qwen2_5_vl":   {MinPixels: 3136, MaxPixels: 12845056},
	"qwen3_vl":     {MinPixels: 65536, MaxPixels: 16777216, VideoMinPixels: 4096, VideoMaxPixels: 25165824},
	"qwen3_vl_moe": {MinPixels: 65536, MaxPixels: 16777216, VideoMinPixels: 4096, VideoMaxPixels: 25165824},
	// Qwen3.5 ships Qwen3VLProcessor (preprocessor_config.json processor_class), so its processors' defaults.
	"qwen3_5":     {MinPixels: 65536, MaxPixels: 16777216, VideoMinPixels: 4096, VideoMaxPixels: 25165824},
	"qwen3_5_moe": {MinPixels: 65536, MaxPixels: 16777216, VideoMinPixels: 4096, VideoMaxPixels: 25165824},
	// Qwen3-Omni ships Qwen2VLImageProcessor at patch 16 (preprocessor_config.json); its
	// processor resizes video frames itself (calc's omniEncodedVideo).
	omniFamily:  {MinPixels: 3136, MaxPixels: 12845056},
	glm4vFamily: glm4vDefaults,
}

// readProcessor reads the pixel bounds: min_pixels / max_pixels (Qwen2-VL,
// Qwen2.5-VL) or size.shortest_edge / longest_edge (Qwen3-VL, pixel counts
// despite the names).
func (r *Result) readProcessor(image, video obj) {
	d := processorDefaults[r.Model.Family]
	im := d
	bounds := func(o obj, name string, lo, hi *int) bool {
		if o == nil {
			return false
		}
		a, okA := o.num("min_pixels")
		b, okB := o.num("max_pixels")
		if sz := o.sub("size"); !okA && !okB && sz != nil {
			a, okA = sz.num("shortest_edge")
			b, okB = sz.num("longest_edge")
		}
		set := func(k string, f float64, ok bool, dst *int) {
			if !ok {
				return
			}
			if f < 1 || f > 1<<30 || f != math.Trunc(f) {
				r.Findings.Add(name+"."+k, fmt.Sprint(f), finding.Invalid, "expected a positive whole number of pixels")
				return
			}
			*dst = int(f)
			r.Findings.Add(name+"."+k, fmt.Sprint(int(f)), finding.Read, "")
		}
		set("min_pixels", a, okA, lo)
		set("max_pixels", b, okB, hi)
		return okA || okB
	}
	if !bounds(image, "preprocessor_config", &im.MinPixels, &im.MaxPixels) {
		r.Findings.Addf("preprocessor_config.json", fmt.Sprintf("%d – %d pixels", d.MinPixels, d.MaxPixels), finding.Assumed,
			"not pasted: the %s image processor's defaults", r.Model.Family)
	}
	videoBounds := fmt.Sprintf("%d – %d pixels", d.VideoMinPixels, d.VideoMaxPixels)
	switch {
	case r.Model.Family == glm4vFamily:
		if !bounds(video, "video_preprocessor_config", &im.VideoMinPixels, &im.VideoMaxPixels) {
			r.Findings.Add("video_preprocessor_config.json", videoBounds, finding.Assumed, "not pasted: the GLM-4V video processor's defaults")
		}
	case strings.HasPrefix(r.Model.Family, "qwen3") && r.Model.Family != omniFamily:
		if !bounds(video, "video_preprocessor_config", &im.VideoMinPixels, &im.VideoMaxPixels) {
			r.Findings.Add("video_preprocessor_config.json", videoBounds, finding.Assumed, "not pasted: the Qwen3-VL video processor's defaults")
		}
	}
	if im.MinPixels > im.MaxPixels {
		r.Findings.Add("preprocessor_config.min_pixels", fmt.Sprint(im.MinPixels), finding.Invalid, "larger than max_pixels")
		im.MinPixels = d.MinPixels
	}
	r.Model.Image = &im
}

// gemma3Defaults are Gemma3TextConfig's defaults, which Gemma 3's
// multimodal configs leave out of text_config (transformers
// configuration_gemma3.py; the 4B's text_config states only its widths,
// depth, rope scaling and window).
var gemma3Defaults = []struct {
	key string
	val float64
}{{"num_attention_heads", 8}, {"num_key_value_heads", 4}, {"head_dim", 256}, {"vocab_size", 262208}, {"max_position_embeddings", 131072}}

// gemma3TextDefaults is text_config with Gemma3TextConfig's defaults for
// the keys it leaves out, each reported as assumed.
func (r *Result) gemma3TextDefaults(text obj) obj {
	out := obj{}
	for k, v := range text {
		out[k] = v
	}
	for _, d := range gemma3Defaults {
		if _, ok := out.num(d.key); !ok {
			out[d.key] = d.val
			r.Findings.Add("text_config."+d.key, fmt.Sprint(d.val), finding.Assumed, "absent: Gemma3TextConfig's default")
		}
	}
	return out
}

// siglip reads Gemma 3's SigLIP vision_config (SiglipVisionConfig names:
// num_hidden_layers, num_attention_heads) and mm_tokens_per_image.
func (r *Result) siglip(cfg obj) {
	v := r.visionKeys(cfg, "gemma3", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
		"patch_size", "image_size", "vision_use_head")
	if v == nil {
		return
	}
	r.mark("mm_tokens_per_image")
	vc := &calc.VisionConfig{}
	const why = "absent: SiglipVisionConfig's default"
	r.visionInt(v, "hidden_size", &vc.Hidden, 0, "")
	r.visionInt(v, "intermediate_size", &vc.Intermediate, 0, "")
	r.visionInt(v, "num_hidden_layers", &vc.Depth, 0, "")
	r.visionInt(v, "num_attention_heads", &vc.Heads, 0, "")
	r.visionInt(v, "patch_size", &vc.PatchSize, 14, why)
	r.visionInt(v, "image_size", &vc.ImageSize, 896, why)
	if b, ok := v.boolean("vision_use_head"); ok && b {
		r.Findings.Add("vision_config.vision_use_head", "true", finding.Unmodelled, "Gemma 3 builds no pooling head; the head's weights are not counted")
	}
	vc.TokensPerImage = 256
	if f, ok := cfg.num("mm_tokens_per_image"); ok && f > 0 && f == math.Trunc(f) && f < 1<<16 {
		vc.TokensPerImage = int(f)
		r.Findings.Add("mm_tokens_per_image", fmt.Sprint(vc.TokensPerImage), finding.Read, "")
	} else {
		r.Findings.Add("mm_tokens_per_image", "256", finding.Assumed, "absent: Gemma3Config's default")
	}
	r.Model.Vision = vc
	r.Findings.Add("vision_config", fmt.Sprintf("SigLIP, depth %d, width %d", vc.Depth, vc.Hidden), finding.Read, "")
}

// visionKeys is cfg's vision_config with the keys a reading looks at
// marked; nil, with a finding, when the config has none.
func (r *Result) visionKeys(cfg obj, family string, keys ...string) obj {
	v := cfg.sub("vision_config")
	if v == nil {
		r.Findings.Addf("vision_config", "", finding.Missing, "a %s model needs its vision_config", family)
		return nil
	}
	for _, k := range keys {
		r.mark("vision_config." + k)
	}
	return v
}

// visionInt reads the positive whole number vision_config.k into dst:
// when absent, d with why (assumed), or a missing finding where d is 0.
func (r *Result) visionInt(v obj, k string, dst *int, d int, why string) {
	if f, ok := v.num(k); ok && f > 0 && f == math.Trunc(f) && f < 1<<20 {
		*dst = int(f)
		return
	}
	if d == 0 {
		r.Findings.Add("vision_config."+k, "", finding.Missing, "needed to size the vision tower")
		return
	}
	*dst = d
	r.Findings.Add("vision_config."+k, fmt.Sprint(d), finding.Assumed, why)
}

// gemma3Processor reads what of Gemma3ImageProcessor sizes memory: each
// image is one image_size² crop unless pan-and-scan is on.
func (r *Result) gemma3Processor(image obj) {
	if b, ok := image.boolean("do_pan_and_scan"); ok && b {
		r.Findings.Add("preprocessor_config.do_pan_and_scan", "true", finding.Unmodelled, "pan-and-scan crops are not modelled: each image is sized as one crop")
		return
	}
	r.Findings.Add("preprocessor_config.do_pan_and_scan", "false", finding.Assumed, "pan-and-scan off (Gemma3ProcessorKwargs' default): one crop per image")
}

// mllamaVision reads Llama 3.2 Vision's vision_config (MllamaVisionConfig:
// hidden_size, intermediate_size, num_hidden_layers local and
// num_global_layers gated layers, attention_heads, image_size,
// patch_size, max_num_tiles, supported_aspect_ratios,
// intermediate_layers_indices, vision_output_dim).
func (r *Result) mllamaVision(cfg obj) {
	v := r.visionKeys(cfg, "mllama", "hidden_size", "intermediate_size", "num_hidden_layers", "num_global_layers", "attention_heads",
		"image_size", "patch_size", "max_num_tiles", "supported_aspect_ratios", "intermediate_layers_indices", "vision_output_dim")
	if v == nil {
		return
	}
	vc := &calc.VisionConfig{}
	for _, f := range []struct {
		k   string
		dst *int
	}{{"hidden_size", &vc.Hidden}, {"intermediate_size", &vc.Intermediate}, {"num_hidden_layers", &vc.Depth},
		{"num_global_layers", &vc.GlobalLayers}, {"attention_heads", &vc.Heads}, {"image_size", &vc.ImageSize},
		{"patch_size", &vc.PatchSize}, {"max_num_tiles", &vc.MaxTiles}, {"vision_output_dim", &vc.OutputDim}} {
		r.visionInt(v, f.k, f.dst, 0, "")
	}
	if l, ok := v["supported_aspect_ratios"].([]any); ok && len(l) > 0 && len(l) < 1<<10 {
		vc.AspectRatios = len(l)
	} else {
		r.Findings.Add("vision_config.supported_aspect_ratios", "", finding.Missing, "needed to size the vision tower")
	}
	vc.IntermediateLayers = len(v.ints("intermediate_layers_indices"))
	if vc.Hidden > 0 && vc.OutputDim != vc.Hidden*(1+vc.IntermediateLayers) {
		r.Findings.Addf("vision_config.vision_output_dim", fmt.Sprint(vc.OutputDim), finding.Invalid,
			"must be hidden_size × (1 + intermediate layers) = %d", vc.Hidden*(1+vc.IntermediateLayers))
	}
	r.Model.Vision = vc
	r.Findings.Add("vision_config", fmt.Sprintf("Mllama ViT, %d + %d layers, width %d, %d tiles", vc.Depth, vc.GlobalLayers, vc.Hidden, vc.MaxTiles), finding.Read, "")
}

// mllamaProcessor reads MllamaImageProcessor's max_image_tiles, which
// must agree with the model's max_num_tiles to be sized.
func (r *Result) mllamaProcessor(image obj) {
	if f, ok := image.num("max_image_tiles"); ok && r.Model.Vision != nil && int(f) != r.Model.Vision.MaxTiles {
		r.Findings.Addf("preprocessor_config.max_image_tiles", fmt.Sprint(f), finding.Unmodelled, "the model's max_num_tiles (%d) sizes the dummy image", r.Model.Vision.MaxTiles)
	}
}
