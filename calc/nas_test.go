package calc

import "testing"

func TestNASIntermediate(t *testing.T) {
	for _, c := range []struct {
		mult   float64
		hidden int
		want   int
	}{
		{5.25, 8192, 28672},    // 2·5.25·8192/3 = 28,672 exactly
		{2.625, 8192, 14336},   // 14,336 exactly
		{3.28125, 8192, 17920}, // 17,920 exactly
		{1.3125, 8192, 7168},   // 7,168 exactly
		{1.0, 8192, 5632},      // int(5461.3) = 5461 → 22 × 256
		{0.5, 8192, 2816},      // int(2730.7) = 2730 → 11 × 256
	} {
		if got := NASIntermediate(c.mult, c.hidden); got != c.want {
			t.Errorf("ffn_mult %v at %d: %d, want %d", c.mult, c.hidden, got, c.want)
		}
	}
}

// A two-layer decoder, hidden 1024, 8 heads of 128: layer 0 attends with
// 2 KV heads and has an MLP of 2048; layer 1's attention is a no-op and
// its MLP 1024 wide.
func TestBlocks(t *testing.T) {
	m := &Model{Text: TextConfig{Hidden: 1024, Layers: 2, Heads: 8, KVHeads: 2, HeadDim: 128, Vocab: 1000, TieEmbeddings: true,
		Blocks: []Block{{KVHeads: 2, Intermediate: 2048}, {KVHeads: 0, Intermediate: 1024}}}}
	// Layer 0: q and o 2 × 1024 × 1024, k and v 2 × 1024 × 256, MLP
	// 3 × 1024 × 2048, two norms: 2,097,152 + 524,288 + 6,291,456 + 2,048.
	// Layer 1: MLP 3 × 1024 × 1024 and one norm: 3,145,728 + 1,024.
	// Embedding 1,000 × 1,024 (tied) and the final norm 1,024.
	want := int64(2097152+524288+6291456+2048) + 3145728 + 1024 + 1024000 + 1024
	if got := ModelParams(m); got != want {
		t.Errorf("%d parameters, want %d", got, want)
	}
	if got := m.Text.attentionLayers(0, 2); got != 1 {
		t.Errorf("%d layers attend, want 1", got)
	}
	if got := m.Text.mlpWidth(); got != 2048 {
		t.Errorf("widest MLP %d, want 2048", got)
	}
	bad := *m
	bad.Text.Blocks = bad.Text.Blocks[:1]
	if validBlocks(bad.Text) == nil {
		t.Error("one block for two layers accepted")
	}
	bad.Text.Blocks = []Block{{}, {}}
	if validBlocks(bad.Text) == nil {
		t.Error("no attending layer accepted")
	}
}
