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
	"strings"

	json "github.com/goccy/go-json"

	"vram/calc"
	"vram/calc/finding"
)

// Result is a model read from pasted config files.
type Result struct {
	Model    calc.Model
	Findings finding.List

	seen map[string]bool // config keys the reading looked at ("text_config.hidden_size")
}

// mark notes that the reading looked at key.
func (r *Result) mark(key string) {
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[key] = true
}

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
	cfg = r.omniThinker(cfg)
	r.read(cfg)
	if r.hasMissing() {
		return r, errors.New("cannot size this model: " + r.missingReasons())
	}
	switch {
	case r.Model.Family == "gemma3":
		r.gemma3Processor(image)
	case r.Model.Family == "mllama":
		r.mllamaProcessor(image)
	case r.Model.Family == "internvl_chat", r.Model.Family == "mistral3", r.Model.Family == llavaOVFamily, r.Model.Family == minicpmvFamily:
		// InternVL tiles by config.json's max_dynamic_patch, Pixtral resizes
		// to its image_size: no preprocessor_config pixel bounds to read.
	case r.Model.Vision != nil:
		r.readProcessor(image, video)
	}
	r.listRest(cfg)
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

func (r *Result) hasMissing() bool {
	for _, f := range r.Findings {
		if f.Kind == finding.Missing {
			return true
		}
	}
	return false
}

// missingReasons names each missing field, with why where the finding
// says more than that it is absent.
func (r *Result) missingReasons() string {
	var n []string
	for _, f := range r.Findings {
		if f.Kind == finding.Missing {
			s := f.Field
			if f.Detail != "" && !strings.HasPrefix(f.Detail, "absent") {
				s += " (" + f.Detail + ")"
			}
			n = append(n, s)
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
	if !r.family(cfg, mt, isVL) {
		return
	}
	// The decoder: text_config where the config nests it (Qwen3-VL, and
	// Qwen2.5-VL saved by transformers 4.53+), else the top level; a field
	// absent from text_config falls back on the top level.
	f := configFields{r: r, cfg: cfg, text: cfg.sub("text_config")}
	if f.text != nil {
		f.prefix = "text_config."
	}
	if mt == "internvl_chat" {
		// InternVLChatConfig nests the decoder as llm_config; a Qwen2 one
		// has q/k/v biases.
		f.text, f.prefix = cfg.sub("llm_config"), "llm_config."
		r.Findings.Add("llm_config", f.text.str("model_type"), finding.Read, "")
		if f.text.str("model_type") == "qwen2" {
			m.Text.AttentionBias = true
		}
	}
	if mt == "gemma3" {
		f.text = r.gemma3TextDefaults(f.text)
	}
	if mt == llavaOVFamily {
		f.text = r.llavaOVText(f.text)
	}
	r.decoder(f, mt)
	r.dtype(cfg, f.text)
	r.quant(cfg.sub("quantization_config"))
	if cfg.sub("quantization_config") == nil && f.text.sub("quantization_config") != nil {
		r.quant(f.text.sub("quantization_config"))
	}
	switch {
	case mt == "gemma3":
		r.siglip(cfg)
	case mt == "mistral3":
		r.pixtral(cfg)
	case mt == "mllama":
		r.mllamaVision(cfg)
	case mt == "internvl_chat":
		r.internVision(cfg)
	case mt == llavaOVFamily:
		r.llavaOV(cfg)
	case mt == glm4vFamily:
		r.glm4vVision(cfg.sub("vision_config"))
	case mt == minicpmvFamily:
		if r.minicpmvVersion(cfg) {
			r.minicpmv(cfg)
		}
	case mt == omniFamily:
		r.vision(cfg.sub("vision_config"), mt)
		r.omniVision(cfg.sub("vision_config"))
		r.audio(cfg.sub("audio_config"))
	case isVL:
		r.vision(cfg.sub("vision_config"), mt)
	case cfg.has("vision_config"):
		r.Findings.Addf("vision_config", "", finding.Ignored, "model_type %s has no vision tower in vLLM", mt)
	}
}

// family checks model_type against what calc can size; false: refused,
// with why.
func (r *Result) family(cfg obj, mt string, isVL bool) bool {
	switch {
	case mt == "":
		r.Findings.Add("model_type", "", finding.Missing, "config.json names no model_type")
		return false
	case !isVL && !contains(textFamilies, mt):
		if why, ok := unmodelled[mt]; ok {
			r.Findings.Addf("model_type", mt, finding.Missing, "model_type %q: %s", mt, why)
		} else if cfg.has("vision_config") {
			r.Findings.Addf("model_type", mt, finding.Missing, "the vision tower of model_type %q is not modelled; the calculator sizes %s",
				mt, strings.Join(visionFamilies, ", "))
		} else {
			r.Findings.Addf("model_type", mt, finding.Missing, "model_type %q is not modelled; the calculator sizes %s decoders and the %s vision towers",
				mt, strings.Join(textFamilies, ", "), strings.Join(visionFamilies, ", "))
		}
		return false
	}
	r.Findings.Add("model_type", mt, finding.Read, "")
	return true
}

// dtype is the top level's torch_dtype (renamed dtype in transformers 5),
// as vLLM reads it; nested configs often say float32 and are ignored.
func (r *Result) dtype(cfg, text obj) {
	m := &r.Model
	for _, k := range []string{"torch_dtype", "dtype"} {
		if d := cfg.str(k); d != "" {
			m.Dtype = d
			r.mark(k)
			break
		}
	}
	for _, k := range []string{"torch_dtype", "dtype"} {
		if d := text.str(k); m.Dtype == "" && d != "" {
			m.Dtype = d
			r.mark("text_config." + k)
		}
	}
	if m.Dtype == "" {
		r.Findings.Add("torch_dtype", "bfloat16", finding.Assumed, "absent: bfloat16, as the published Qwen and Llama checkpoints")
		m.Dtype = "bfloat16"
	}
}

// rope reads rope_scaling (transformers 5: rope_parameters): only the type,
// factor and original length change vLLM's default max_model_len.
func (r *Result) rope(text, cfg obj, prefix string) {
	for _, k := range []string{"rope_scaling", "rope_parameters", "text_config.rope_scaling", "text_config.rope_parameters"} {
		r.mark(k)
	}
	var rs obj
	for _, k := range []string{"rope_scaling", "rope_parameters"} {
		if rs = text.sub(k); rs != nil {
			break
		}
		if rs = cfg.sub(k); rs != nil {
			break
		}
	}
	r.partialRotary(text, cfg, rs, prefix)
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

// opt reads OPT's MLP width (ffn_dim) and refuses the layouts vLLM's
// opt.py sizes differently: an embedding narrower than the decoder
// (word_embed_proj_dim with project_in/out, opt-350m) and the post-norm
// layers of do_layer_norm_before false.
func (r *Result) opt(f configFields) {
	t := &r.Model.Text
	f.need("ffn_dim", &t.Intermediate)
	if p := 0; f.opt("word_embed_proj_dim", &p) && p > 0 && p != t.Hidden {
		r.Findings.Addf("word_embed_proj_dim", fmt.Sprint(p), finding.Missing, "an embedding of %d beside a decoder of %d (project_in/out) is not modelled", p, t.Hidden)
	}
	if b, ok := f.boolean("do_layer_norm_before"); ok && !b {
		r.Findings.Add("do_layer_norm_before", "false", finding.Missing, "OPT's post-norm layout (no final LayerNorm) is not modelled")
	}
	if b, ok := f.boolean("enable_bias"); ok && !b {
		r.Findings.Add("enable_bias", "false", finding.Unmodelled, "OPT without biases is sized with them")
	}
}
