package calc

import "testing"

func TestLoRABytes(t *testing.T) {
	qwen := Model{Family: "qwen2", Text: TextConfig{Hidden: 3584, Layers: 28, Heads: 28, KVHeads: 4, Intermediate: 18944, Vocab: 152064}}
	llama := Model{Family: "llama", Text: TextConfig{Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 8, Intermediate: 14336, Vocab: 128256}}
	llamaTied := llama
	llamaTied.Text.TieEmbeddings = true
	for _, tc := range []struct {
		name            string
		m               Model
		tp, loras, rank int
		sharded         bool
		extra           int // Profile.LoRAExtraVocab
		want            Bytes
	}{
		// 90,112 · 16 · 2 B × 28 layers (lora.go's doc).
		{"Qwen2.5-7B, 1 × r16", qwen, 1, 1, 16, false, 0, 80_740_352},
		// × 4 slots × 4 the rank: 1,291,845,632 B (1.20 GiB).
		{"Qwen2.5-7B, 4 × r64", qwen, 1, 4, 64, false, 0, 1_291_845_632},
		// TP 2: qkv 3·3584 + 1792 + 2·256 = 13,056, o 1792 + 3584 = 5,376,
		// gate_up 7,168 + 18,944 = 26,112, down 9,472 + 3,584 = 13,056:
		// 57,600 · 16 · 2 × 28 = 51,609,600.
		{"Qwen2.5-7B at TP 2", qwen, 2, 1, 16, false, 0, 51_609_600},
		// Fully sharded at TP 2: qkv 3·3584/2 + 2304 = 7,680, o 1792 +
		// 1792 = 3,584, gate_up 3,584 + 18,944 = 22,528, down 9,472 +
		// 1,792 = 11,264: 45,056 · 16 · 2 × 28 = 40,370,176.
		{"Qwen2.5-7B at TP 2, fully sharded", qwen, 2, 1, 16, true, 0, 40_370_176},
		// Llama-3.1-8B wraps embed_tokens and lm_head: a layer 3·4096 +
		// 4096 + 2048 = 18,432, 4096 + 4096 = 8,192, 8,192 + 28,672 =
		// 36,864, 14,336 + 4,096 = 18,432: 81,920 × 32 = 2,621,440; embed
		// and head 2 · (128,256 + 4,096) = 264,704; 2,886,144 · 16 · 2 B =
		// 92,356,608.
		{"Llama-3.1-8B with embeddings", llama, 1, 1, 16, false, 0, 92_356_608},
		// Before #28545 the 256 extra rows: embed A (128,256 + 256) · 16 +
		// B 4096 · 16 + their 256 · 4096 = 3,170,304; head A 16 · 4096 + B
		// 128,512 (a multiple of 256) · 16 + 256 · 4096 = 3,170,304;
		// layers 2,621,440 · 16 = 41,943,040; and the model's own tables
		// grow by 256 rows each (128,256 is a multiple of 256 and of 64):
		// 2 · 256 · 4096 = 2,097,152. (41,943,040 + 6,340,608 +
		// 2,097,152) · 2 B = 100,761,600.
		{"Llama-3.1-8B with the extra vocabulary", llama, 1, 1, 16, false, 256, 100_761_600},
		// Tied (Llama 3.2 1B's layout on Llama-3.1-8B's dimensions): the
		// head is the grown embedding table, so only embed_tokens' 256
		// rows are added to the model: 100,761,600 − 256 · 4096 · 2 B =
		// 98,664,448.
		{"tied, with the extra vocabulary", llamaTied, 1, 1, 16, false, 256, 98_664_448},
	} {
		r := &Resolved{Scenario: Scenario{Model: tc.m}, TP: tc.tp, PP: 1, Dtype: "bfloat16",
			LoRA: true, MaxLoRAs: tc.loras, MaxLoRARank: tc.rank, FullyShardedLoRAs: tc.sharded}
		r.Engine.Profile.LoRAExtraVocab = tc.extra
		if got := LoRABytes(r, 0); got != tc.want {
			t.Errorf("%s: %d B, want %d", tc.name, got, tc.want)
		}
	}
}
