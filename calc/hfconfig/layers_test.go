package hfconfig_test

import (
	"testing"

	"vram/calc"
	"vram/calc/hfconfig"
)

// The layer kinds each family's config yields (calc/README.md
// "Sliding-window layers", "Linear-attention layers", "Multi-head latent
// attention"): derived from the family's pattern where config.json has no
// layer_types, read where it has.
func TestLayerKinds(t *testing.T) {
	for _, c := range []struct {
		name, text              string
		sliding, linear, layers int
	}{
		// Gemma 2: even layers slide (gemma2.py): 21 of 42.
		{"gemma2", `{"model_type": "gemma2", "hidden_size": 3584, "num_hidden_layers": 42, "num_attention_heads": 16, "num_key_value_heads": 8,
			"head_dim": 256, "intermediate_size": 14336, "vocab_size": 256000, "sliding_window": 4096}`, 21, 0, 42},
		// Gemma 3 1B: every layer but each 6th slides: 26 − 4 = 22.
		{"gemma3_text", `{"model_type": "gemma3_text", "hidden_size": 1152, "num_hidden_layers": 26, "num_attention_heads": 4, "num_key_value_heads": 1,
			"head_dim": 256, "intermediate_size": 6912, "vocab_size": 262144, "sliding_window": 512, "sliding_window_pattern": 6}`, 22, 0, 26},
		// gpt-oss: layer_types as written.
		{"gpt_oss", `{"model_type": "gpt_oss", "hidden_size": 2880, "num_hidden_layers": 4, "num_attention_heads": 64, "num_key_value_heads": 8, "head_dim": 64,
			"intermediate_size": 2880, "num_local_experts": 32, "experts_per_token": 4, "vocab_size": 201088, "sliding_window": 128,
			"layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention"], "quantization_config": {"quant_method": "mxfp4"}}`, 2, 0, 4},
		// Qwen3-Next: every layer but each 4th is a gated DeltaNet: 48 − 12 = 36.
		{"qwen3_next", `{"model_type": "qwen3_next", "hidden_size": 2048, "num_hidden_layers": 48, "num_attention_heads": 16, "num_key_value_heads": 2, "head_dim": 256,
			"num_experts": 512, "num_experts_per_tok": 10, "moe_intermediate_size": 512, "shared_expert_intermediate_size": 512, "vocab_size": 151936,
			"full_attention_interval": 4, "linear_num_key_heads": 16, "linear_num_value_heads": 32, "linear_key_head_dim": 128, "linear_value_head_dim": 128,
			"linear_conv_kernel_dim": 4}`, 0, 36, 48},
	} {
		r, err := hfconfig.Parse(c.text)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		tc := r.Model.Text
		sliding, linear := 0, 0
		for i := range tc.Layers {
			if tc.Sliding(i) {
				sliding++
			}
			if tc.Linear(i) {
				linear++
			}
		}
		if tc.Layers != c.layers || sliding != c.sliding || linear != c.linear {
			t.Errorf("%s: %d layers, %d sliding, %d linear; want %d, %d, %d", c.name, tc.Layers, sliding, linear, c.layers, c.sliding, c.linear)
		}
	}
}

// DeepSeek-V2-Lite's config: MLA without a q low-rank path, 2 shared
// experts of 1408, the first layer dense.
func TestReadMLA(t *testing.T) {
	r, err := hfconfig.Parse(`{"model_type": "deepseek_v2", "hidden_size": 2048, "num_hidden_layers": 27, "num_attention_heads": 16, "num_key_value_heads": 16,
		"intermediate_size": 10944, "moe_intermediate_size": 1408, "n_routed_experts": 64, "n_shared_experts": 2, "num_experts_per_tok": 6,
		"first_k_dense_replace": 1, "kv_lora_rank": 512, "q_lora_rank": null, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128,
		"vocab_size": 102400}`)
	if err != nil {
		t.Fatal(err)
	}
	tc := r.Model.Text
	want := calc.MLA{KVLoraRank: 512, NopeHeadDim: 128, RopeHeadDim: 64, VHeadDim: 128}
	if tc.MLA == nil || *tc.MLA != want || tc.Experts != 64 || tc.SharedExpertSize != 2816 || tc.DenseLayers != 1 || tc.HeadDim != 192 {
		t.Errorf("read %+v, MLA %+v", tc, tc.MLA)
	}
}
