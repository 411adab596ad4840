package hfconfig_test

import (
	"os"
	"reflect"
	"strings"
	"testing"

	json "github.com/goccy/go-json"

	"vram/calc"
	"vram/calc/finding"
	"vram/calc/hfconfig"
	"vram/presets"
)

func fixture(t testing.TB, names ...string) string {
	var b strings.Builder
	for _, n := range names {
		data, err := os.ReadFile("testdata/" + n)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
		b.WriteByte('\n')
	}
	return b.String()
}

// TestCatalogModels parses real config files and compares the model with
// the catalog entry built from the same facts: every field the memory model
// reads, and the parameter count derived from them.
func TestCatalogModels(t *testing.T) {
	for _, tc := range []struct {
		files []string
		id    string
	}{
		{[]string{"qwen2.5-vl-7b.config.json", "qwen2-vl.preprocessor_config.json"}, "Qwen/Qwen2.5-VL-7B-Instruct"},
		{[]string{"qwen3-vl-4b.config.json", "qwen3-vl.preprocessor_config.json", "qwen3-vl.video_preprocessor_config.json"}, "Qwen/Qwen3-VL-4B-Instruct"},
		{[]string{"qwen2-vl.preprocessor_config.json", "qwen2-vl-2b.config.json"}, "Qwen/Qwen2-VL-2B-Instruct"},
		{[]string{"llama-3.1-8b.config.json"}, "meta-llama/Llama-3.1-8B-Instruct"},
		{[]string{"gemma-3-4b.config.json"}, "google/gemma-3-4b-it"},
		{[]string{"llama-3.2-11b-vision.config.json"}, "meta-llama/Llama-3.2-11B-Vision-Instruct"},
		{[]string{"opt-125m.config.json"}, "facebook/opt-125m"},
		{[]string{"internvl3-8b.config.json"}, "OpenGVLab/InternVL3-8B"},
		{[]string{"mistral-small-3.1-24b.config.json"}, "mistralai/Mistral-Small-3.1-24B-Instruct-2503"},
		{[]string{"nemotron-super-49b.config.json"}, "nvidia/Llama-3_3-Nemotron-Super-49B-v1"},
		{[]string{"starcoder2-15b.config.json"}, "bigcode/starcoder2-15b"},
		{[]string{"qwen3-omni-30b-a3b.config.json"}, "Qwen/Qwen3-Omni-30B-A3B-Instruct"},
		{[]string{"minicpm-v-2_6.config.json"}, "openbmb/MiniCPM-V-2_6"},
		{[]string{"internvl2_5-2b.config.json"}, "OpenGVLab/InternVL2_5-2B"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			r, err := hfconfig.Parse(fixture(t, tc.files...))
			if err != nil {
				t.Fatalf("%v\n%+v", err, r.Findings)
			}
			want, ok := presets.ModelByID(tc.id)
			if !ok {
				t.Fatalf("%s not in the catalog", tc.id)
			}
			got := r.Model
			got.ID = want.ID
			if g, w := calc.ModelParams(&got), calc.ModelParams(&want); g != w {
				t.Errorf("parameters %d, catalog %d", g, w)
			}
			gt, wt := got.Text, want.Text
			gt.RopeScaling, wt.RopeScaling = nil, nil
			gt.SlidingWindow, wt.SlidingWindow = 0, 0
			if gt.HeadDim == 0 {
				gt.HeadDim = wt.HeadDim
			}
			if !reflect.DeepEqual(gt, wt) {
				t.Errorf("text\n got %+v\nwant %+v", gt, wt)
			}
			if !reflect.DeepEqual(got.Vision, want.Vision) {
				t.Errorf("vision\n got %+v\nwant %+v", got.Vision, want.Vision)
			}
			if !reflect.DeepEqual(got.Image, want.Image) {
				t.Errorf("processor\n got %+v\nwant %+v", got.Image, want.Image)
			}
			if got.Family != want.Family || got.Dtype != want.Dtype {
				t.Errorf("family %q dtype %q, want %q %q", got.Family, got.Dtype, want.Family, want.Dtype)
			}
			for _, f := range r.Findings {
				if f.Bad() {
					t.Errorf("problem reported: %+v", f)
				}
			}
		})
	}
}

func TestDerivedMaxLenFromRope(t *testing.T) {
	r, err := hfconfig.Parse(fixture(t, "llama-3.1-8b.config.json"))
	if err != nil {
		t.Fatal(err)
	}
	rs := r.Model.Text.RopeScaling
	if rs == nil || rs.Type != "llama3" || rs.Factor != 8 || rs.OriginalMaxPositionEmbeddings != 8192 {
		t.Errorf("rope %+v", rs)
	}
}

func TestFindings(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		wantErr    string                  // substring of the error; "" for none
		kinds      map[string]finding.Kind // field -> kind
	}{
		{name: "unknown architecture", text: `{"model_type": "llava", "vision_config": {}, "text_config": {"hidden_size": 1}}`,
			wantErr: "model_type", kinds: map[string]finding.Kind{"model_type": finding.Missing}},
		{name: "missing fields", text: `{"model_type": "qwen2", "hidden_size": 3584}`,
			wantErr: "num_hidden_layers", kinds: map[string]finding.Kind{"num_hidden_layers": finding.Missing, "vocab_size": finding.Missing, "intermediate_size": finding.Missing}},
		{name: "defaults stated", text: `{"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32, "intermediate_size": 11008, "vocab_size": 32000}`,
			kinds: map[string]finding.Kind{"num_key_value_heads": finding.Assumed, "head_dim": finding.Assumed, "tie_word_embeddings": finding.Assumed,
				"max_position_embeddings": finding.Assumed, "torch_dtype": finding.Assumed}},
		{name: "awq", text: `{"model_type": "qwen2", "hidden_size": 3584, "num_hidden_layers": 28, "num_attention_heads": 28, "num_key_value_heads": 4, "intermediate_size": 18944, "vocab_size": 152064,
			"torch_dtype": "float16", "quantization_config": {"bits": 4, "group_size": 128, "quant_method": "awq", "version": "gemm", "zero_point": true, "modules_to_not_convert": ["visual"]}}`,
			kinds: map[string]finding.Kind{"quantization_config": finding.Read, "quantization_config.modules_to_not_convert": finding.Read}},
		{name: "compressed tensors fp8", text: `{"model_type": "qwen3", "hidden_size": 4096, "num_hidden_layers": 36, "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128, "intermediate_size": 12288, "vocab_size": 151936,
			"quantization_config": {"quant_method": "compressed-tensors", "format": "float-quantized", "config_groups": {"group_0": {"weights": {"num_bits": 8, "type": "float", "strategy": "channel"}}}}}`,
			kinds: map[string]finding.Kind{"quantization_config": finding.Read}},
		{name: "moe", text: `{"model_type": "qwen3_vl_moe", "text_config": {"hidden_size": 2048, "num_hidden_layers": 48, "num_attention_heads": 32, "num_key_value_heads": 4, "head_dim": 128,
			"num_experts": 128, "num_experts_per_tok": 8, "moe_intermediate_size": 768, "vocab_size": 151936, "mlp_only_layers": [], "decoder_sparse_step": 1},
			"vision_config": {"depth": 27, "hidden_size": 1152, "intermediate_size": 4304, "num_heads": 16, "out_hidden_size": 2048, "deepstack_visual_indexes": [8, 16, 24]}}`,
			kinds: map[string]finding.Kind{"text_config.num_experts": finding.Read, "preprocessor_config.json": finding.Assumed, "vision_config.patch_size": finding.Assumed}},
		{name: "merger mismatch", text: `{"model_type": "qwen2_5_vl", "hidden_size": 2048, "num_hidden_layers": 36, "num_attention_heads": 16, "num_key_value_heads": 2, "intermediate_size": 11008, "vocab_size": 151936,
			"vision_config": {"depth": 32, "hidden_size": 1280, "intermediate_size": 3420, "num_heads": 16, "out_hidden_size": 3584}}`,
			kinds: map[string]finding.Kind{"vision_config.out_hidden_size": finding.Invalid}},
		{name: "not json", text: `{"model_type": `, wantErr: "not valid JSON"},
		{name: "processor only", text: `{"min_pixels": 3136, "max_pixels": 12845056}`, wantErr: "no config.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := hfconfig.Parse(tc.text)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("error %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want one naming %q", err, tc.wantErr)
			}
			got := map[string]finding.Kind{}
			for _, f := range r.Findings {
				if _, seen := got[f.Field]; !seen || f.Bad() {
					got[f.Field] = f.Kind
				}
			}
			for field, k := range tc.kinds {
				if got[field] != k {
					t.Errorf("%s: %q, want %q (all: %+v)", field, got[field], k, r.Findings)
				}
			}
		})
	}
}

// TestCompactRoundTrip checks every catalog model through a share link.
func TestCompactRoundTrip(t *testing.T) {
	for _, e := range presets.Models() {
		m := e.Model
		s := hfconfig.Compact(m)
		got, err := hfconfig.Expand(s)
		if err != nil {
			t.Fatalf("%s: %v (%s)", m.ID, err, s)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("%s: round trip through %q\n got %+v\nwant %+v", m.ID, s, got, m)
		}
		if len(s) > 400 {
			t.Errorf("%s: %d characters, too long for a link", m.ID, len(s))
		}
	}
}

func TestExpandRejects(t *testing.T) {
	for _, s := range []string{"", "h.1", "h.x~L.2", "zz.1~h.1~L.1", "h.1~L.1~t.2", "h.1~L.1~vs.a-b", "h.1~L.1~rf.-1", "h.-5~L.1"} {
		if _, err := hfconfig.Expand(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(fixture(f, "qwen2.5-vl-7b.config.json", "qwen2-vl.preprocessor_config.json"))
	f.Add(fixture(f, "qwen3-vl-4b.config.json"))
	f.Add(fixture(f, "internvl3-8b.config.json"))
	f.Add(fixture(f, "opt-125m.config.json"))
	f.Add(fixture(f, "mistral-small-3.1-24b.config.json"))
	f.Add(fixture(f, "qwen3-omni-30b-a3b.config.json"))
	f.Add(llavaOV05B)
	f.Add(glm41V)
	f.Add(fixture(f, "minicpm-v-2_6.config.json"))
	f.Add(`{"model_type": "nemotron-nas", "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 8, "vocab_size": 100, "block_configs": [{"attention": {"no_op": false, "n_heads_in_group": 4}, "ffn": {"ffn_mult": 1.5}}, {"attention": {"no_op": true}, "ffn": {"no_op": false, "ffn_mult": 0.5}}], "partial_rotary_factor": 0.5}`)
	f.Add(`{"model_type": "qwen2", "quantization_config": {"quant_method": "compressed-tensors", "config_groups": {"g": {"weights": {"num_bits": 4}}}}}`)
	f.Add(`{"model_type":"qwen2_vl","vision_config":{"mlp_ratio":1e308}}`)
	f.Fuzz(func(t *testing.T, s string) {
		r, err := hfconfig.Parse(s)
		if err != nil {
			return
		}
		// A model Parse accepts travels in a link and back unchanged.
		m, err := hfconfig.Expand(hfconfig.Compact(r.Model))
		if err != nil {
			t.Fatalf("compact of a parsed model: %v", err)
		}
		if r.Model.ID != "" && m.ID != strings.ReplaceAll(r.Model.ID, "~", "-") {
			t.Fatalf("id %q became %q", r.Model.ID, m.ID)
		}
	})
}

func FuzzExpand(f *testing.F) {
	for _, e := range presets.Models() {
		f.Add(hfconfig.Compact(e.Model))
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := hfconfig.Expand(s)
		if err != nil {
			return
		}
		if again, err := hfconfig.Expand(hfconfig.Compact(m)); err != nil || !reflect.DeepEqual(again, m) {
			t.Fatalf("not stable: %q -> %+v", s, again)
		}
	})
}

// Every field of a pasted config is listed as read, assumed or ignored:
// nothing the user pasted goes unmentioned.
func TestEveryFieldListed(t *testing.T) {
	text := fixture(t, "qwen2.5-vl-7b.config.json")
	r, err := hfconfig.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, f := range r.Findings {
		listed[f.Field] = true
	}
	var cfg map[string]any
	if err := json.Unmarshal([]byte(text), &cfg); err != nil {
		t.Fatal(err)
	}
	for k, v := range cfg {
		if sub, ok := v.(map[string]any); ok && (k == "text_config" || k == "vision_config") {
			for kk := range sub {
				if !listed[k+"."+kk] {
					t.Errorf("%s.%s is not listed", k, kk)
				}
			}
			continue
		}
		if !listed[k] {
			t.Errorf("%s is not listed", k)
		}
	}
}

// OPT layouts vLLM's opt.py sizes differently are refused with why:
// opt-350m's narrower embedding (project_in/out) and its post-norm layers.
func TestOPTRefusals(t *testing.T) {
	data := strings.Replace(fixture(t, "opt-125m.config.json"), `"word_embed_proj_dim": 768`, `"word_embed_proj_dim": 512`, 1)
	data = strings.Replace(data, `"do_layer_norm_before": true`, `"do_layer_norm_before": false`, 1)
	r, err := hfconfig.Parse(data)
	if err == nil {
		t.Fatal("opt-350m's layout accepted")
	}
	var missing []string
	for _, f := range r.Findings {
		if f.Kind == finding.Missing {
			missing = append(missing, f.Field)
		}
	}
	if !reflect.DeepEqual(missing, []string{"word_embed_proj_dim", "do_layer_norm_before"}) {
		t.Errorf("missing %v, want word_embed_proj_dim and do_layer_norm_before", missing)
	}
}

// A Nemotron-NAS config with more blocks than a link can carry is refused,
// so that every parsed model travels in a link.
func TestTooManyBlocks(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"model_type": "nemotron-nas", "hidden_size": 64, "num_hidden_layers": 1100, "num_attention_heads": 8, "vocab_size": 100, "block_configs": [`)
	for i := range 1100 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"attention": {"n_heads_in_group": 4}, "ffn": {"ffn_mult": 1.0}}`)
	}
	b.WriteString("]}")
	if _, err := hfconfig.Parse(b.String()); err == nil {
		t.Error("1,100 blocks accepted")
	}
}

// A block that replaces attention with a linear cannot be sized: refused.
func TestLinearBlockRefused(t *testing.T) {
	_, err := hfconfig.Parse(`{"model_type": "nemotron-nas", "hidden_size": 64, "num_hidden_layers": 1, "num_attention_heads": 8, "vocab_size": 100, "block_configs": [{"attention": {"replace_with_linear": true}, "ffn": {"ffn_mult": 1.0}}]}`)
	if err == nil || !strings.Contains(err.Error(), "linear") {
		t.Errorf("err %v, want a refusal naming the linear", err)
	}
}
