// Package hfconfig reads a model's Hugging Face config.json, and its image
// and video processor configs, into the calc.Model the memory model sizes.
//
// It reads the fields vLLM reads (vllm/config ModelConfig, the model's
// vllm/model_executor/models/*.py), says which were assumed and why, and
// refuses an architecture it cannot size, naming what is missing, rather
// than guess.
package hfconfig

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	json "github.com/goccy/go-json"

	"vram/calc"
	"vram/calc/finding"
)

// Result is a model read from pasted config files.
type Result struct {
	Model    calc.Model
	Findings finding.List
}

// Families this package can size: decoders by config.json model_type, and
// the vision towers the memory model implements.
var (
	textFamilies   = []string{"llama", "mistral", "mixtral", "phi3", "gemma", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe"}
	visionFamilies = []string{"qwen2_vl", "qwen2_5_vl", "qwen3_vl", "qwen3_vl_moe"}
)

// obj is one decoded JSON object.
type obj map[string]any

// Parse reads one or more concatenated JSON objects: a config.json and,
// optionally, preprocessor_config.json and video_preprocessor_config.json
// (in any order). The error says why no model could be built; the Result's
// findings then name the missing fields.
func Parse(text string) (Result, error) {
	var r Result
	if len(text) > 4<<20 {
		return r, errors.New("text too long for a config (over 4 MiB)")
	}
	objs, err := decodeAll(text)
	if err != nil {
		return r, err
	}
	var cfg, image, video obj
	for _, o := range objs {
		switch {
		case o.has("model_type") || o.has("architectures") || o.has("text_config") || o.has("num_hidden_layers"):
			cfg = o
		case o.has("video_processor_type") || o.has("fps") && !o.has("image_processor_type"):
			video = o
		case o.has("image_processor_type") || o.has("min_pixels") || o.has("max_pixels") || o.has("size") || o.has("patch_size"):
			image = o
		}
	}
	if cfg == nil {
		return r, errors.New("no config.json in the paste: expected an object with model_type, architectures or num_hidden_layers")
	}
	r.read(cfg)
	if r.hasMissing() {
		return r, errors.New("cannot size this model: " + r.missingNames())
	}
	if r.Model.Vision != nil {
		r.readProcessor(image, video)
	}
	return r, nil
}

// decodeAll decodes a sequence of JSON objects. The objects are split here
// and each decoded whole: goccy/go-json's stream decoder panics on some
// malformed input (found by FuzzParse), its Unmarshal does not.
func decodeAll(text string) ([]obj, error) {
	var out []obj
	for _, part := range splitObjects(text) {
		var o obj
		if err := json.Unmarshal([]byte(part), &o); err != nil {
			return nil, fmt.Errorf("not valid JSON: %v", err)
		}
		if o != nil {
			out = append(out, o)
		}
		if len(out) == 8 {
			break
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no JSON object in the paste")
	}
	return out, nil
}

// splitObjects cuts text into its top-level {...} values, minding strings
// and skipping text between them (file names, shell prompts);
// an unclosed last object is returned as it is, for Unmarshal to reject.
func splitObjects(text string) []string {
	var parts []string
	depth, start, inStr, esc := 0, -1, false, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case inStr:
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '{':
			if depth == 0 {
				start = i
			}
			depth++
		case c == '}' && depth > 0:
			depth--
			if depth == 0 {
				parts = append(parts, text[start:i+1])
				start = -1
			}
		}
	}
	if start >= 0 {
		parts = append(parts, text[start:])
	}
	return parts
}

func (o obj) has(k string) bool { _, ok := o[k]; return ok }

func (o obj) sub(k string) obj {
	m, _ := o[k].(map[string]any)
	return obj(m)
}

// num returns a number field; ok is false when absent or null.
func (o obj) num(k string) (float64, bool) {
	f, ok := o[k].(float64)
	return f, ok && !math.IsInf(f, 0) && !math.IsNaN(f)
}

func (o obj) str(k string) string { s, _ := o[k].(string); return s }

func (o obj) boolean(k string) (bool, bool) { b, ok := o[k].(bool); return b, ok }

func (o obj) ints(k string) []int {
	l, _ := o[k].([]any)
	var out []int
	for _, v := range l {
		if f, ok := v.(float64); ok && f >= 0 && f < 1<<20 && f == math.Trunc(f) {
			out = append(out, int(f))
		}
	}
	return out
}

func (r *Result) hasMissing() bool {
	for _, f := range r.Findings {
		if f.Kind == finding.Missing {
			return true
		}
	}
	return false
}

func (r *Result) missingNames() string {
	var n []string
	for _, f := range r.Findings {
		if f.Kind == finding.Missing {
			n = append(n, f.Field)
		}
	}
	return strings.Join(n, ", ")
}

// read fills the model from config.json.
func (r *Result) read(cfg obj) {
	m := &r.Model
	mt := cfg.str("model_type")
	m.Family = mt
	if id := cfg.str("_name_or_path"); id != "" {
		m.ID = id
		r.Findings.Add("_name_or_path", id, finding.Read, "")
	}
	isVL := contains(visionFamilies, mt)
	switch {
	case mt == "":
		r.Findings.Add("model_type", "", finding.Missing, "config.json names no model_type")
		return
	case !isVL && !contains(textFamilies, mt):
		if cfg.has("vision_config") {
			r.Findings.Addf("model_type", mt, finding.Missing, "the vision tower of model_type %q is not modelled; the calculator sizes %s",
				mt, strings.Join(visionFamilies, ", "))
		} else {
			r.Findings.Addf("model_type", mt, finding.Missing, "model_type %q is not modelled; the calculator sizes %s decoders and the %s vision towers",
				mt, strings.Join(textFamilies, ", "), strings.Join(visionFamilies, ", "))
		}
		return
	}
	r.Findings.Add("model_type", mt, finding.Read, "")

	// The decoder: text_config where the config nests it (Qwen3-VL, and
	// Qwen2.5-VL saved by transformers 4.53+), else the top level; a field
	// absent from text_config falls back on the top level.
	text := cfg.sub("text_config")
	get := func(k string) (float64, bool) {
		if v, ok := text.num(k); ok {
			return v, true
		}
		return cfg.num(k)
	}
	prefix := ""
	if text != nil {
		prefix = "text_config."
	}
	t := &m.Text
	need := func(k string, dst *int) {
		v, ok := get(k)
		if !ok || v <= 0 || v != math.Trunc(v) || v > 1<<30 {
			r.Findings.Add(prefix+k, "", finding.Missing, "needed to size the decoder")
			return
		}
		*dst = int(v)
	}
	opt := func(k string, dst *int) bool {
		v, ok := get(k)
		if !ok || v < 0 || v != math.Trunc(v) || v > 1<<30 {
			return false
		}
		*dst = int(v)
		return true
	}
	need("hidden_size", &t.Hidden)
	need("num_hidden_layers", &t.Layers)
	need("num_attention_heads", &t.Heads)
	need("vocab_size", &t.Vocab)
	if !opt("num_key_value_heads", &t.KVHeads) || t.KVHeads == 0 {
		t.KVHeads = t.Heads
		r.Findings.Add(prefix+"num_key_value_heads", fmt.Sprint(t.Heads), finding.Assumed, "absent: one KV head per attention head (no GQA), as transformers defaults it")
	}
	if t.Heads > 0 && t.KVHeads > 0 && t.Heads%t.KVHeads != 0 {
		r.Findings.Addf(prefix+"num_key_value_heads", fmt.Sprint(t.KVHeads), finding.Invalid, "num_attention_heads %d is not a multiple of it", t.Heads)
	}
	if opt("head_dim", &t.HeadDim) && t.HeadDim > 0 {
		r.Findings.Add(prefix+"head_dim", fmt.Sprint(t.HeadDim), finding.Read, "")
	} else if t.Heads > 0 {
		t.HeadDim = 0
		r.Findings.Add(prefix+"head_dim", fmt.Sprint(t.Hidden/t.Heads), finding.Assumed, "absent: hidden_size / num_attention_heads (ModelConfig.get_head_size)")
	}

	// MoE: routed experts (Qwen's num_experts, Mistral's num_local_experts).
	if opt("num_experts", &t.Experts) || opt("num_local_experts", &t.Experts) {
		opt("num_experts_per_tok", &t.ExpertsPerToken)
		if mt == "mixtral" {
			// MixtralConfig.intermediate_size is each expert's width.
			need("intermediate_size", &t.MoEIntermediate)
		} else if !opt("moe_intermediate_size", &t.MoEIntermediate) || t.MoEIntermediate == 0 {
			r.Findings.Add(prefix+"moe_intermediate_size", "", finding.Missing, "an MoE decoder needs its experts' width")
		}
		opt("shared_expert_intermediate_size", &t.SharedExpertSize)
		if l, ok := text["mlp_only_layers"].([]any); ok && len(l) > 0 || cfg.has("mlp_only_layers") && len(cfg.ints("mlp_only_layers")) > 0 {
			r.Findings.Add(prefix+"mlp_only_layers", "", finding.Unmodelled, "dense layers inside an MoE decoder are sized as MoE layers")
		}
		if s, ok := get("decoder_sparse_step"); ok && s > 1 {
			r.Findings.Add(prefix+"decoder_sparse_step", fmt.Sprint(s), finding.Unmodelled, "every layer is sized as an MoE layer")
		}
		r.Findings.Add(prefix+"num_experts", fmt.Sprint(t.Experts), finding.Read, "")
	} else {
		need("intermediate_size", &t.Intermediate)
	}

	// tie_word_embeddings: vLLM shares lm_head with the embedding when set.
	if b, ok := text.boolean("tie_word_embeddings"); ok {
		t.TieEmbeddings = b
	} else if b, ok := cfg.boolean("tie_word_embeddings"); ok {
		t.TieEmbeddings = b
	} else if mt == "gemma" {
		t.TieEmbeddings = true
		r.Findings.Add("tie_word_embeddings", "true", finding.Assumed, "absent: true, the default of GemmaConfig")
	} else {
		r.Findings.Addf("tie_word_embeddings", "false", finding.Assumed, "absent: false, the default of %s's config class", mt)
	}

	if !opt("max_position_embeddings", &t.MaxPositions) || t.MaxPositions == 0 {
		r.Findings.Add(prefix+"max_position_embeddings", "2048", finding.Assumed, "absent: vLLM derives max_model_len 2048 (_get_and_verify_max_len)")
	}
	r.rope(text, cfg, prefix)
	if b, ok := text.boolean("attention_bias"); ok {
		t.AttentionBias = b
	} else if b, ok := cfg.boolean("attention_bias"); ok {
		t.AttentionBias = b
	}
	// sliding_window only matters when in use (Qwen2 sets
	// use_sliding_window false; Mistral uses it whenever it is set).
	use := true
	if b, ok := text.boolean("use_sliding_window"); ok {
		use = b
	} else if b, ok := cfg.boolean("use_sliding_window"); ok {
		use = b
	}
	if w := 0; use && opt("sliding_window", &w) && w > 0 {
		t.SlidingWindow = w
		r.Findings.Add(prefix+"sliding_window", fmt.Sprint(w), finding.Read, "")
	}

	// dtype: the top level's torch_dtype (renamed dtype in transformers 5),
	// as vLLM reads it; nested configs often say float32 and are ignored.
	for _, k := range []string{"torch_dtype", "dtype"} {
		if d := cfg.str(k); d != "" {
			m.Dtype = d
			break
		}
	}
	for _, k := range []string{"torch_dtype", "dtype"} {
		if d := text.str(k); m.Dtype == "" && d != "" {
			m.Dtype = d
		}
	}
	if m.Dtype == "" {
		r.Findings.Add("torch_dtype", "bfloat16", finding.Assumed, "absent: bfloat16, as the published Qwen and Llama checkpoints")
		m.Dtype = "bfloat16"
	}
	r.quant(cfg.sub("quantization_config"))
	if cfg.sub("quantization_config") == nil && text.sub("quantization_config") != nil {
		r.quant(text.sub("quantization_config"))
	}
	if isVL {
		r.vision(cfg.sub("vision_config"), mt)
	} else if cfg.has("vision_config") {
		r.Findings.Addf("vision_config", "", finding.Ignored, "model_type %s has no vision tower in vLLM", mt)
	}
}

func contains(l []string, s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}

// rope reads rope_scaling (transformers 5: rope_parameters): only the type,
// factor and original length change vLLM's default max_model_len.
func (r *Result) rope(text, cfg obj, prefix string) {
	var rs obj
	for _, k := range []string{"rope_scaling", "rope_parameters"} {
		if rs = text.sub(k); rs != nil {
			break
		}
		if rs = cfg.sub(k); rs != nil {
			break
		}
	}
	if rs == nil {
		return
	}
	typ := rs.str("rope_type")
	if typ == "" {
		typ = rs.str("type")
	}
	f, _ := rs.num("factor")
	orig, _ := rs.num("original_max_position_embeddings")
	if f <= 0 || f > 1e6 {
		return
	}
	r.Model.Text.RopeScaling = &calc.RopeScaling{Type: typ, Factor: f, OriginalMaxPositionEmbeddings: int(math.Min(orig, 1<<30))}
	r.Findings.Add(prefix+"rope_scaling", fmt.Sprintf("%s ×%g", typ, f), finding.Read, "changes the default max_model_len")
}

// ReadQuantization reads one quantization_config block on its own (a
// build's published block, presets/builds.json), as Parse reads it inside a
// config.json.
func ReadQuantization(block []byte) (*calc.Quantization, finding.List, error) {
	if len(block) > 1<<20 {
		return nil, nil, errors.New("quantization_config too long (over 1 MiB)")
	}
	objs, err := decodeAll(string(block))
	if err != nil || len(objs) != 1 {
		return nil, nil, errors.New("expected one quantization_config object")
	}
	var r Result
	r.quant(objs[0])
	if r.Model.Quant == nil {
		return nil, r.Findings, errors.New("quantization_config not understood")
	}
	return r.Model.Quant, r.Findings, nil
}

// quant reads quantization_config.
func (r *Result) quant(q obj) {
	if q == nil {
		return
	}
	method := q.str("quant_method")
	out := &calc.Quantization{Method: method}
	bits, _ := q.num("bits")
	group, _ := q.num("group_size")
	switch method {
	case "awq", "gptq", "awq_marlin", "gptq_marlin":
		if bits == 0 {
			bits = 4
			r.Findings.Addf("quantization_config.bits", "4", finding.Assumed, "absent: 4-bit, the %s default", method)
		}
	case "fp8", "fbgemm_fp8":
		bits = 8
		if bs := q.ints("weight_block_size"); len(bs) == 2 {
			r.Findings.Add("quantization_config.weight_block_size", fmt.Sprint(bs), finding.Unmodelled, "block scales are small; sized as per-channel scales")
		}
	case "bitsandbytes":
		bits = 8
		b4, _ := q.boolean("load_in_4bit")
		u4, _ := q.boolean("_load_in_4bit") // transformers ≥4.45 writes both
		if b4 || u4 {
			bits = 4
		}
	case "compressed-tensors":
		// config_groups.<name>.weights.{num_bits, group_size}: the first group.
		groups := q.sub("config_groups")
		names := make([]string, 0, len(groups))
		for k := range groups {
			names = append(names, k)
		}
		sort.Strings(names)
		if len(names) > 0 {
			w := groups.sub(names[0]).sub("weights")
			bits, _ = w.num("num_bits")
			group, _ = w.num("group_size")
		}
		if bits == 4 {
			out.Method = "gptq" // pack-quantized int4 stores like GPTQ
			r.Findings.Add("quantization_config", "compressed-tensors int4", finding.Assumed, "4-bit pack-quantized weights sized as GPTQ (packed int32, fp16 scales per group)")
		}
		if bits == 0 {
			bits = 8
		}
	case "":
		r.Findings.Add("quantization_config.quant_method", "", finding.Invalid, "quantization_config names no quant_method")
		return
	default:
		r.Findings.Add("quantization_config.quant_method", method, finding.Unmodelled, "weights are sized at the bits given, without this method's scales")
	}
	if bits < 0 || bits > 16 || bits != math.Trunc(bits) {
		r.Findings.Add("quantization_config.bits", fmt.Sprint(bits), finding.Invalid, "expected 4, 8 or 16")
		return
	}
	out.Bits = int(bits)
	if group > 0 && group < 1<<20 {
		out.GroupSize = int(group)
	}
	r.Model.Quant = out
	r.Findings.Add("quantization_config", fmt.Sprintf("%s %d-bit", out.Method, out.Bits), finding.Read, "")
	if l, ok := q["modules_to_not_convert"].([]any); ok && len(l) > 0 {
		r.Findings.Add("quantization_config.modules_to_not_convert", fmt.Sprint(l), finding.Read, "the vision tower stays 16-bit, as the calculator sizes it")
	}
}

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
	if strings.HasPrefix(r.Model.Family, "qwen3") && !bounds(video, "video_preprocessor_config", &im.VideoMinPixels, &im.VideoMaxPixels) {
		r.Findings.Add("video_preprocessor_config.json", fmt.Sprintf("%d – %d pixels", d.VideoMinPixels, d.VideoMaxPixels), finding.Assumed,
			"not pasted: the Qwen3-VL video processor's defaults")
	}
	if im.MinPixels > im.MaxPixels {
		r.Findings.Add("preprocessor_config.min_pixels", fmt.Sprint(im.MinPixels), finding.Invalid, "larger than max_pixels")
		im.MinPixels = d.MinPixels
	}
	r.Model.Image = &im
}
