package calc

import "testing"

// swaFixture is a decoder of `layers` layers, 1 KV head of 256 (Gemma 3 1B:
// 26 layers, sliding_window 512, every 6th layer full), so a page of 16
// tokens is 2 × 16 × 1 × 256 × 2 B = 16,384 B.
func swaFixture(layers, pattern, window int, hybrid, byGroups bool) *Resolved {
	t := TextConfig{Hidden: 1152, Layers: layers, Heads: 4, KVHeads: 1, HeadDim: 256, SlidingWindow: window}
	for i := range layers {
		kind := FullAttention
		if pattern > 0 && (i+1)%pattern != 0 {
			kind = SlidingAttention
		}
		t.LayerTypes = append(t.LayerTypes, kind)
	}
	r := &Resolved{
		Scenario: Scenario{Model: Model{Text: t}},
		TP:       1, PP: 1, BlockSize: 16, KVBytes: 2, MaxModelLen: 32768, MaxNumBatchedTokens: 2048, V1: true,
	}
	r.Engine.KV = KVRules{Hybrid: hybrid, NeedByGroups: byGroups}
	return r
}

func TestKVLayout(t *testing.T) {
	const kv = Bytes(1 << 30)
	for _, c := range []struct {
		name                   string
		r                      *Resolved
		groupSize, groups, pad int
		blocks, tokens         int
		perRequest, needPages  int
	}{
		// Without the hybrid manager: one group of 26 full layers.
		// 2^30 / (16,384 · 26) = 2520 blocks = 40,320 tokens; a 32768-token
		// request needs 2048 blocks, 26 · 2048 = 53,248 pages.
		{"gemma3-1b unified", swaFixture(26, 6, 512, false, false), 26, 1, 0, 2520, 40320, 2048, 53248},
		// Hybrid: 22 sliding + 4 full, groups of 4: 1 full + cdiv(22, 4) = 6
		// sliding groups = 7, padding 28 − 26 = 2. 2^30 / (16,384 · 4) =
		// 16,384 blocks; 16,384 // 7 = 2340 · 16 = 37,440 tokens. A sliding
		// group needs cdiv(min(511 + 2048, 32768), 16) + 1 = 160 + 1 = 161
		// blocks: per request 2048 + 6 · 161 = 3014. Per layer: 4 · 2048 + 22
		// · 161 = 11,734 pages.
		{"gemma3-1b hybrid", swaFixture(26, 6, 512, true, false), 4, 7, 2, 16384, 37440, 3014, 11734},
		// From #36030: group size × the groups' needs: 4 · 3014 = 12,056.
		{"gemma3-1b by groups", swaFixture(26, 6, 512, true, true), 4, 7, 2, 16384, 37440, 3014, 12056},
		// gpt-oss-20b's shape: 24 layers alternating (pattern 2), window 128:
		// two groups of 12; 2^30 / (16,384 · 12) = 5461 blocks; 5461 // 2 =
		// 2730 · 16 = 43,680 tokens (all-full would give 2^30 / (16,384 · 24)
		// = 2730 · 16 too). Sliding: cdiv(127 + 2048, 16) + 1 = 136 + 1 = 137.
		{"alternating", swaFixture(24, 2, 128, true, false), 12, 2, 0, 5461, 43680, 2048 + 137, 12*2048 + 12*137},
		// Every layer sliding (Mistral 7B v0.1's shape, window 4096): one
		// SlidingWindowSpec group; cdiv(4095 + 2048, 16) + 1 = 384 + 1 = 385.
		{"all sliding", swaFixture(24, 0, 4096, true, false), 24, 1, 0, 2730, 43680, 385, 24 * 385},
	} {
		r := c.r
		if c.name == "all sliding" {
			r.Model.Text.LayerTypes = nil
		}
		l := layoutOf(r, 0)
		if l.groupSize != c.groupSize || len(l.windows) != c.groups || l.padding() != c.pad {
			t.Errorf("%s: groups of %d × %d, padding %d; want %d × %d, %d", c.name, l.groupSize, len(l.windows), l.padding(), c.groupSize, c.groups, c.pad)
		}
		b := kvBlocks(r, 0, kv)
		if b != c.blocks || kvTokens(r, 0, b) != c.tokens {
			t.Errorf("%s: %d blocks, %d tokens; want %d, %d", c.name, b, kvTokens(r, 0, b), c.blocks, c.tokens)
		}
		if got := blocksPerRequest(r, 0); got != c.perRequest {
			t.Errorf("%s: %d blocks per request, want %d", c.name, got, c.perRequest)
		}
		if got := requestPages(r, 0, r.MaxModelLen); got != c.needPages {
			t.Errorf("%s: need %d pages, want %d", c.name, got, c.needPages)
		}
		if got, want := concurrency(r, 0, b), float64(c.blocks)/float64(c.perRequest); got != want {
			t.Errorf("%s: concurrency %v, want %v", c.name, got, want)
		}
	}
}

// A real log: gemma-3-4b-it on an A100 (vLLM V1 with the hybrid manager,
// https://github.com/ovg-project/kvcached/issues/215): "Add 1 padding
// layers", "GPU KV cache size: 317,136 tokens", "Maximum concurrency for
// 3,072 tokens per request: 102.78x". 34 layers (29 sliding, window 1024,
// + 5 full), 4 KV heads of 256: page 2 · 16 · 4 · 256 · 2 = 65,536 B; groups
// of 5: 1 + cdiv(29, 5) = 7, padding 35 − 34 = 1. 317,136 tokens = 19,821 ·
// 16, so num_blocks is 19,821 · 7 = 138,747 up to 138,753; take the KV
// that gives 138,750. A request: 192 + 6 · (cdiv(min(1023 + B, 3072), 16)
// + 1) = 192 + 6 · 193 = 1350 blocks; 138,750 / 1350 = 102.78.
func TestKVLayoutMatchesLog(t *testing.T) {
	r := swaFixture(34, 6, 1024, true, false)
	r.Model.Text.Heads, r.Model.Text.KVHeads = 8, 4
	r.MaxModelLen, r.MaxNumBatchedTokens = 3072, 8192
	if p := layoutOf(r, 0).padding(); p != 1 {
		t.Errorf("padding %d, the log says 1", p)
	}
	b := kvBlocks(r, 0, Bytes(138750*5*65536))
	if tok := kvTokens(r, 0, b); tok != 317136 {
		t.Errorf("%d tokens, the log says 317,136", tok)
	}
	if c := concurrency(r, 0, b); c < 102.775 || c >= 102.785 {
		t.Errorf("concurrency %.4f, the log says 102.78", c)
	}
}

// The 310P's NZ conversion (checks.go kvInitExtra): Qwen2.5-7B's shape (28
// layers, 4 KV heads of 128) with 128-token blocks: a page is 2 · 128 · 4 ·
// 128 · 2 = 262,144 B; 1000 blocks are 262,144,000 B a layer and 28 times
// that, 7,340,032,000 B, for the whole cache.
func TestKVInitExtra(t *testing.T) {
	r := kvFixture(1, 1, 128, 2, 8192)
	r.Device.SoC = "310P"
	k := &RankEstimate{Blocks: 1000}
	for rule, want := range map[string]Bytes{"": 0, "layer": 262144000, "tensor": 131072000, "all": 7340032000} {
		r.Engine.KVInitCopy = rule
		if got := kvInitExtra(r, k); got != want {
			t.Errorf("%q: %d, want %d", rule, got, want)
		}
	}
	r.Device.SoC = ""
	if got := kvInitExtra(r, k); got != 0 {
		t.Errorf("not a 310P: %d, want 0", got)
	}
}
