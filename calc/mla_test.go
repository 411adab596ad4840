package calc

import "testing"

// DeepSeek-V2-Lite (config.json): 27 layers, hidden 2048, 16 heads, no
// q_lora_rank, kv_lora_rank 512, nope 128, rope 64, v 128; 64 routed experts
// of 1408 and 2 shared, the first layer dense (10944); vocab 102400.
func TestMLA(t *testing.T) {
	m := Model{Family: "deepseek_v2", Text: TextConfig{Hidden: 2048, Layers: 27, Heads: 16, KVHeads: 16, HeadDim: 192,
		Intermediate: 10944, Experts: 64, ExpertsPerToken: 6, MoEIntermediate: 1408, SharedExpertSize: 2 * 1408,
		Vocab: 102400, DenseLayers: 1, MLA: &MLA{KVLoraRank: 512, NopeHeadDim: 128, RopeHeadDim: 64, VHeadDim: 128}}}
	// Attention: q_proj 2048·16·192 = 6,291,456; kv_a 2048·576 = 1,179,648;
	// kv_b 512·16·256 = 2,097,152; o 16·128·2048 = 4,194,304: 13,762,560.
	// Norms 2·2048 + 512 = 4608. Dense MLP 3 · 2048 · 10944 = 67,239,936.
	// MoE: router 2048·64 = 131,072; experts 64 · 3 · 2048 · 1408 =
	// 553,648,128; shared 3 · 2048 · 2816 = 17,301,504.
	// Layer 0: 13,762,560 + 4608 + 67,239,936 = 81,007,104; 26 MoE layers:
	// (13,762,560 + 4608 + 131,072 + 553,648,128 + 17,301,504) · 26 =
	// 584,847,872 · 26 = 15,206,044,672; embedding and head 2 · 102400 ·
	// 2048 = 419,430,400, final norm 2048: 15,706,484,224 (the published
	// 15.7 B).
	if got := ModelParams(&m); got != 15706484224 {
		t.Errorf("params %d, want 15,706,484,224", got)
	}
	// KV: (512 + 64) · 2 B a token and layer, whole on every rank: TP 4
	// still 1152 B; 27 layers = 31,104 B a token.
	r := &Resolved{Scenario: Scenario{Model: m}, TP: 4, PP: 1, BlockSize: 16, KVBytes: 2, MaxModelLen: 8192, V1: true}
	r.Engine.KV.MLA = true
	if got := BytesPerToken(r, 0); got != 31104 {
		t.Errorf("bytes per token %d, want 31,104", got)
	}
	// Before MLA: K and V of 192 for 16 / 4 = 4 heads a rank: 2 · 4 · 192 · 2
	// = 3072 B a layer, 82,944 B a token.
	r.Engine.KV.MLA = false
	if got := BytesPerToken(r, 0); got != 82944 {
		t.Errorf("bytes per token before MLA %d, want 82,944", got)
	}
}
