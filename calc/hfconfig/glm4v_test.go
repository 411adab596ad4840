package hfconfig_test

import (
	"reflect"
	"testing"

	"vram/calc"
	"vram/calc/hfconfig"
	"vram/presets"
)

// glm41V is GLM-4.1V-9B-Thinking's config.json in the layout transformers
// 4.53 saved it (the decoder's fields at the top level, a short
// text_config), with the values of calc/README.md "GLM-4.1V"; written here,
// as no copy of the file was found.
const glm41V = `{
  "architectures": ["Glm4vForConditionalGeneration"], "model_type": "glm4v",
  "attention_bias": true, "hidden_size": 4096, "intermediate_size": 13696, "max_position_embeddings": 65536,
  "num_attention_heads": 32, "num_hidden_layers": 40, "num_key_value_heads": 2, "partial_rotary_factor": 0.5,
  "rms_norm_eps": 1e-05, "rope_theta": 10000.0, "rope_scaling": {"type": "default", "mrope_section": [8, 12, 12]},
  "tie_word_embeddings": false, "torch_dtype": "bfloat16", "vocab_size": 151552,
  "text_config": {"model_type": "glm4v_text", "eos_token_id": [151329, 151336, 151338]},
  "vision_config": {"model_type": "glm4v", "depth": 24, "hidden_size": 1536, "num_heads": 12, "intermediate_size": 13696,
    "out_hidden_size": 4096, "patch_size": 14, "spatial_merge_size": 2, "temporal_patch_size": 2, "image_size": 336,
    "hidden_act": "silu", "attention_bias": false, "rms_norm_eps": 1e-05}
}
{"image_processor_type": "Glm4vImageProcessor", "size": {"shortest_edge": 12544, "longest_edge": 9633792}, "patch_size": 14, "temporal_patch_size": 2, "merge_size": 2}
{"video_processor_type": "Glm4vVideoProcessor", "size": {"shortest_edge": 12544, "longest_edge": 47040000}, "fps": 2, "patch_size": 14}`

func TestGlm4vConfig(t *testing.T) {
	r, err := hfconfig.Parse(glm41V)
	if err != nil {
		t.Fatalf("%v\n%+v", err, r.Findings)
	}
	want, _ := presets.ModelByID("zai-org/GLM-4.1V-9B-Thinking")
	got := r.Model
	got.ID = want.ID
	gt := got.Text
	gt.RopeScaling = nil
	if gt.HeadDim == 0 {
		gt.HeadDim = want.Text.HeadDim
	}
	if !reflect.DeepEqual(gt, want.Text) || !reflect.DeepEqual(got.Vision, want.Vision) || !reflect.DeepEqual(got.Image, want.Image) {
		t.Errorf("parsed\n %+v\n %+v\n %+v\ncatalog\n %+v\n %+v\n %+v", gt, got.Vision, got.Image, want.Text, want.Vision, want.Image)
	}
	if g := calc.ModelParams(&got); g != 10292777472 {
		t.Errorf("%d parameters, want 10,292,777,472", g)
	}
	m, err := hfconfig.Expand(hfconfig.Compact(got))
	if err != nil || !reflect.DeepEqual(m.Vision, got.Vision) || calc.ModelParams(&m) != calc.ModelParams(&got) {
		t.Errorf("the link loses the model: %v\n%+v", err, m.Vision)
	}
}
