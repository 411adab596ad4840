package hfconfig_test

import (
	"reflect"
	"strings"
	"testing"

	"vram/calc"
	"vram/calc/finding"
	"vram/calc/hfconfig"
	"vram/presets"
)

// llavaOV05B is llava-onevision-qwen2-0.5b-ov-hf's config.json in the form
// transformers saves a LlavaOnevisionConfig: each nested config as its
// differences from its class's defaults (so text_config has no
// max_position_embeddings, Qwen2Config's 32768), the top level's defaults
// left out. It is written here from the conversion script's values
// (calc/README.md "LLaVA-OneVision"); no copy of the file was found.
const llavaOV05B = `{
  "architectures": ["LlavaOnevisionForConditionalGeneration"],
  "image_token_index": 151646,
  "model_type": "llava_onevision",
  "text_config": {"_name_or_path": "Qwen/Qwen2-0.5B-Instruct", "architectures": ["Qwen2ForCausalLM"],
    "hidden_size": 896, "intermediate_size": 4864, "model_type": "qwen2", "num_attention_heads": 14,
    "num_hidden_layers": 24, "num_key_value_heads": 2, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
    "tie_word_embeddings": true, "torch_dtype": "bfloat16", "vocab_size": 152000},
  "torch_dtype": "float16",
  "use_image_newline_parameter": true,
  "video_token_index": 151647,
  "vision_aspect_ratio": "anyres_max_9",
  "vision_config": {"hidden_size": 1152, "image_size": 384, "intermediate_size": 4304, "model_type": "siglip_vision_model",
    "num_attention_heads": 16, "num_hidden_layers": 26, "patch_size": 14, "vision_use_head": false},
  "vision_feature_layer": -1,
  "vision_feature_select_strategy": "full"
}`

// The reading fills the Qwen2Config defaults a nested text_config leaves
// out, gives the decoder q/k/v biases and the projector biases, builds
// the 26 layers vision_feature_layer -1 keeps, and matches the catalog's
// entry; vision_feature_layer -2 builds 25.
func TestLlavaOVConfig(t *testing.T) {
	r, err := hfconfig.Parse(llavaOV05B)
	if err != nil {
		t.Fatalf("%v\n%+v", err, r.Findings)
	}
	want, _ := presets.ModelByID("llava-hf/llava-onevision-qwen2-0.5b-ov-hf")
	got := r.Model
	got.ID = want.ID
	if got.Text.HeadDim == 0 {
		got.Text.HeadDim = want.Text.HeadDim
	}
	if !reflect.DeepEqual(got.Text, want.Text) || !reflect.DeepEqual(got.Vision, want.Vision) || got.Dtype != want.Dtype {
		t.Errorf("parsed\n %+v %+v %s\ncatalog\n %+v %+v %s", got.Text, got.Vision, got.Dtype, want.Text, want.Vision, want.Dtype)
	}
	var assumed bool
	for _, f := range r.Findings {
		if f.Field == "text_config.max_position_embeddings" && f.Kind == finding.Assumed && f.Value == "32768" {
			assumed = true
		}
	}
	if !assumed {
		t.Error("max_position_embeddings 32768 not reported as Qwen2Config's default")
	}
	r, err = hfconfig.Parse(strings.Replace(llavaOV05B, `"vision_feature_layer": -1`, `"vision_feature_layer": -2`, 1))
	if err != nil || r.Model.Vision.Depth != 25 {
		t.Errorf("vision_feature_layer -2: %v, depth %v, want 25", err, r.Model.Vision)
	}
	m, err := hfconfig.Expand(hfconfig.Compact(got))
	if err != nil || !reflect.DeepEqual(m.Vision, got.Vision) || calc.ModelParams(&m) != calc.ModelParams(&got) {
		t.Errorf("the link loses the model: %v\n%+v", err, m.Vision)
	}
}
