package calc

import "testing"

// gpt-oss-20b (config.json): 24 layers, hidden 2880, 64 heads and 8 KV heads
// of 64, 32 experts of 2880, vocab 201088, untied, YaRN to 131072.
func gptOSS(layers, experts int) Model {
	return Model{ID: "openai/gpt-oss", Family: "gpt_oss", Dtype: "bfloat16", Quant: &Quantization{Method: "mxfp4", Bits: 4},
		Text: TextConfig{Hidden: 2880, Layers: layers, Heads: 64, KVHeads: 8, HeadDim: 64, Experts: experts, ExpertsPerToken: 4,
			MoEIntermediate: 2880, Vocab: 201088, MaxPositions: 131072, AttentionBias: true}}
}

// The bytes each backend holds, worked by hand (calc/mxfp4.go):
//
//	non-expert: embedding and head 2 · 201088 · 2880 · 2 = 2,316,533,760;
//	per layer qkv (5120 · 2880 + 5120) · 2 = 29,501,440, o (2880 · 4096 +
//	2880) · 2 = 23,598,720, sinks 64 · 2, norms 2 · 2880 · 2 = 11,520,
//	router (32 · 2880 + 32) · 2 = 184,384: 53,296,192, × 24 = 1,279,108,608;
//	final norm 5,760; rope 131072 · 64 · 4 = 33,554,432: 3,629,202,560.
//	Marlin (A100): I' = 2944, H' = 3072: 2·2944·3072/2 + 3072·2944/2 =
//	13,565,952; scales (2·2944·3072 + 3072·2944)/32 = 847,872; bf16 biases
//	2 · (2·2944 + 3072) = 17,920: 14,431,744 an expert, × 32 × 24 =
//	11,083,579,392; with the rest 14,712,781,952 B = 13.70 GiB (a 20b on an
//	A100 logs 13.72 GiB).
//	Triton (H100): I' = H' = 2880: 12,441,600 + 777,600 + fp32 biases
//	4 · 8640 = 34,560 + the swizzled scales kept beside the originals
//	5888 · 90 + 3072 · 90 = 806,400: 14,060,160 an expert, × 768 =
//	10,798,202,880 (13.44 GiB in all; llm-d's H100 log says 13.47).
func TestMXFP4Weights(t *testing.T) {
	m := gptOSS(24, 32)
	for _, c := range []struct {
		name    string
		cc      float64
		experts Bytes
	}{
		{"A100 (Marlin)", 8.0, 11083579392},
		{"H100 (Triton)", 9.0, 10798202880},
		{"B200 (TRT-LLM)", 10.0, 11579424768},
	} {
		backend, err := mxfp4Backend(Device{Name: c.name, Platform: CUDA, ComputeCapability: c.cc}, "triton")
		if err != nil {
			t.Fatal(err)
		}
		if got := 24 * mxfp4ExpertBytes(&m, rankSplit{tp: 1, moe: 1}, backend); got != c.experts {
			t.Errorf("%s: experts %d, want %d", c.name, got, c.experts)
		}
	}
	r := &Resolved{Scenario: Scenario{Model: m, Device: Device{Platform: CUDA, ComputeCapability: 8.0}}, TP: 1, PP: 1, Dtype: "bfloat16"}
	if w := ComputeWeights(r, 0); w.Total != 3629202560+11083579392 {
		t.Errorf("20b on an A100: %d B (%.3f GiB)", w.Total, w.Total.GiB())
	}
	// vLLM 0.10.1 on an H100: Marlin (its torch 2.7 has no triton_kernels).
	if b, _ := mxfp4Backend(Device{Name: "H100", Platform: CUDA, ComputeCapability: 9.0}, "marlin"); b != "marlin" {
		t.Errorf("0.10.1 on an H100: %s, want marlin", b)
	}
	if _, err := mxfp4Backend(Device{Name: "V100", Platform: CUDA, ComputeCapability: 7.0}, "triton"); err == nil {
		t.Error("MXFP4 on a V100 should be refused")
	}
}
