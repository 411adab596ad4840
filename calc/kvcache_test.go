package calc

import "testing"

// Qwen2.5-VL-7B text facts (config.json): 28 layers, 4 KV heads, head_dim 128.
func kvFixture(tp, pp, block, kvBytes, maxLen int) *Resolved {
	return &Resolved{
		Scenario: Scenario{Model: Model{Text: TextConfig{Hidden: 3584, Layers: 28, Heads: 28, KVHeads: 4, HeadDim: 128}}},
		TP:       tp, PP: pp, BlockSize: block, KVBytes: kvBytes, MaxModelLen: maxLen, V1: true,
	}
}

func TestKVArithmetic(t *testing.T) {
	for _, c := range []struct {
		name                  string
		r                     *Resolved
		perToken, block, need Bytes
	}{
		// 2 × 4 × 128 × 2 B × 28 layers = 57,344 B/token (calc/README.md "The KV cache" table);
		// block of 16: 917,504 B; 128000 tokens = 8000 blocks = 7,340,032,000 B (6.84 GiB).
		{"7B bf16 TP1", kvFixture(1, 1, 16, 2, 128000), 57344, 917504, 7340032000},
		// TP 8 > 4 KV heads: replicated, one head per rank: 2 × 1 × 128 × 2 × 28 = 14,336.
		{"7B TP8 replicated", kvFixture(8, 1, 16, 2, 128000), 14336, 229376, 1835008000},
		// fp8: 1 B per element halves it: 28,672 B; Ascend block 128: 3,670,016 B;
		// 16384 tokens = 128 blocks = 469,762,048 B.
		{"7B fp8 block128", kvFixture(1, 1, 128, 1, 16384), 28672, 3670016, 469762048},
	} {
		if got := BytesPerToken(c.r, 0); got != c.perToken {
			t.Errorf("%s: bytes/token %d, want %d", c.name, got, c.perToken)
		}
		if got := blockBytes(c.r, 0); got != c.block {
			t.Errorf("%s: block %d, want %d", c.name, got, c.block)
		}
		if got := requestBytes(c.r, 0, c.r.MaxModelLen); got != c.need {
			t.Errorf("%s: request %d, want %d", c.name, got, c.need)
		}
	}
}

func TestStageLayersAndBlocks(t *testing.T) {
	// 28 layers over 3 stages: get_pp_indices gives 28 // 3 = 9 each and the
	// remainder 1 to partitions[-2]: 9, 10, 9. The weights use the same split.
	for s, want := range []int{9, 10, 9} {
		if got := stageLayers(28, 3, s); got != want {
			t.Errorf("stage %d: %d layers, want %d", s, got, want)
		}
	}
	// 30 over 4: 7 each, the remainder 2 to partitions[-2] and [-3]: 7, 8, 8, 7.
	for s, want := range []int{7, 8, 8, 7} {
		if got := stageLayers(30, 4, s); got != want {
			t.Errorf("30/4 stage %d: %d layers, want %d", s, got, want)
		}
	}
	r := kvFixture(1, 1, 16, 2, 4096)
	// 10.5 blocks of 917,504 B floor to 10 blocks = 160 tokens.
	kv := Bytes(917504*10 + 917504/2)
	if b := kvBlocks(r, 0, kv); b != 10 {
		t.Errorf("blocks %d, want 10", b)
	}
	if l := estimateMaxLen(r, 0, kv); l != 160 {
		t.Errorf("estimated max len %d, want 160", l)
	}
	if l := estimateMaxLen(r, 0, 100); l != 0 {
		t.Errorf("estimated max len %d with 100 B, want 0", l)
	}
	// V1 concurrency: 10 blocks / ceil(4096/16)=256 blocks per request.
	if c := concurrency(r, 0, 10); c != 10.0/256 {
		t.Errorf("concurrency %v", c)
	}
}

func TestDerivedMaxLen(t *testing.T) {
	for _, c := range []struct {
		t    TextConfig
		want int
	}{
		{TextConfig{MaxPositions: 128000, RopeScaling: &RopeScaling{Type: "default"}}, 128000},           // Qwen2.5-VL mrope: no factor
		{TextConfig{MaxPositions: 131072, RopeScaling: &RopeScaling{Type: "llama3", Factor: 8}}, 131072}, // Llama 3.1
		{TextConfig{MaxPositions: 32768, RopeScaling: &RopeScaling{Type: "yarn", Factor: 4, OriginalMaxPositionEmbeddings: 32768}}, 131072},
		{TextConfig{}, 2048},
	} {
		if got := derivedMaxLen(c.t); got != c.want {
			t.Errorf("%+v: %d, want %d", c.t, got, c.want)
		}
	}
}
