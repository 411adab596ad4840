package hfconfig

// This file holds the model types calc sizes, those it refuses and why,
// and the listing of every field a reading did not report.

import (
	"fmt"
	"sort"
	"strings"

	"vram/calc/finding"
)

// Families this package can size: decoders by config.json model_type, and
// the vision towers the memory model implements.
var (
	textFamilies   = []string{"llama", "mistral", "mixtral", "phi3", "gemma", "gemma2", "gemma3_text", "qwen2", "qwen3_next", "gpt_oss", "deepseek_v2", "deepseek_v3", "kimi_k2", "qwen2_moe", "qwen3", "qwen3_moe", "opt", "starcoder2", "nemotron-nas"}
	visionFamilies = []string{"qwen2_vl", "qwen2_5_vl", "qwen3_vl", "qwen3_vl_moe", "qwen3_5", "qwen3_5_moe", "gemma3", "mistral3", "mllama", "internvl_chat", llavaOVFamily, glm4vFamily, minicpmvFamily, omniFamily}
)

// mlaFamilies attend with multi-head latent attention (layers.go mla).
var mlaFamilies = []string{"deepseek_v2", "deepseek_v3", "kimi_k2"}

// unmodelled names, per model_type vLLM serves but calc cannot size, the
// mechanism it would need (calc/README.md "What is not modelled"): the
// refusal says why instead of guessing.
var unmodelled = map[string]string{
	"nemotron_h":   "hybrid Mamba layers are not modelled",
	"jamba":        "hybrid Mamba layers are not modelled",
	"llava":        "the CLIP vision tower and projector are not modelled",
	"llava_next":   "the CLIP vision tower, projector and image tiling are not modelled",
	"glm4v_moe":    "the GLM-4.5V MoE decoder (Glm4MoeForCausalLM) is not modelled",
	"qwen2_5_omni": "the audio and vision encoders of the Omni models are not modelled",
}

// UnmodelledReasons lists the reasons refusals give (the translations
// cover each).
func UnmodelledReasons() []string {
	out := make([]string, 0, len(unmodelled))
	for _, why := range unmodelled {
		out = append(out, why)
	}
	sort.Strings(out)
	return out
}

// listRest adds a finding for every key of config.json, text_config and
// vision_config the reading did not report: read (with its value) where it
// was looked at, else ignored. So a pasted config lists every field.
func (r *Result) listRest(cfg obj) {
	named := map[string]bool{}
	for _, f := range r.Findings {
		named[f.Field] = true
	}
	for _, part := range []struct {
		prefix string
		o      obj
	}{{"", cfg}, {"text_config.", cfg.sub("text_config")}, {"vision_config.", cfg.sub("vision_config")}} {
		keys := make([]string, 0, len(part.o))
		for k := range part.o {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := part.prefix + k
			if named[name] || part.prefix == "" && (k == "text_config" || k == "vision_config") {
				continue
			}
			if _, nested := part.o[k].(map[string]any); nested && named[name] {
				continue
			}
			_, inText := cfg.sub("text_config")[k]
			switch {
			case r.seen[name]:
				r.Findings.Add(name, short(part.o[k]), finding.Read, "")
			case part.prefix == "" && inText && r.seen["text_config."+k]:
				r.Findings.Add(name, short(part.o[k]), finding.Ignored, "text_config's value is the one read")
			case noMemory(k):
				r.Findings.Add(name, short(part.o[k]), finding.Ignored, "does not change how vLLM sizes memory")
			default:
				r.Findings.Add(name, short(part.o[k]), finding.Ignored, "not read by the calculator")
			}
		}
	}
}

// noMemory says a config key plays no part in memory: token ids, training
// settings, numerics of the forward pass, bookkeeping.
func noMemory(k string) bool {
	if strings.HasSuffix(k, "token_id") || strings.HasSuffix(k, "_token_ids") || strings.HasSuffix(k, "dropout") {
		return true
	}
	switch k {
	case "architectures", "hidden_act", "initializer_range", "rms_norm_eps", "layer_norm_eps", "rope_theta", "transformers_version",
		"use_cache", "bos_token_id", "eos_token_id", "pad_token_id", "model_type", "auto_map", "tokenizer_class",
		"output_attentions", "output_hidden_states", "return_dict", "pretraining_tp", "max_window_layers":
		return true
	}
	return false
}

// short is a config value as a finding shows it: scalars as written,
// objects and lists by their size.
func short(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return fmt.Sprintf("{…%d keys}", len(x))
	case []any:
		return fmt.Sprintf("[…%d]", len(x))
	case string:
		if len(x) > 60 {
			return x[:60] + "…"
		}
		return x
	case nil:
		return "null"
	}
	return fmt.Sprint(v)
}

func contains(l []string, s string) bool {
	for _, v := range l {
		if v == s {
			return true
		}
	}
	return false
}
