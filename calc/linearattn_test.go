package calc

import "testing"

// Qwen3-Next-80B-A3B's shape (config.json): 48 layers, every 4th full
// attention (2 KV heads of 256), gated DeltaNet with 16 key and 32 value
// heads of 128, conv kernel 4.
func nextFixture(tp int, rule string, cc float64, block int) *Resolved {
	t := TextConfig{Hidden: 2048, Layers: 48, Heads: 16, KVHeads: 2, HeadDim: 256, Vocab: 151936,
		LinearAttention: &LinearAttention{KeyHeads: 16, ValueHeads: 32, KeyHeadDim: 128, ValueHeadDim: 128, ConvKernel: 4}}
	for i := range 48 {
		kind := LinearLayer
		if (i+1)%4 == 0 {
			kind = FullAttention
		}
		t.LayerTypes = append(t.LayerTypes, kind)
	}
	r := &Resolved{Scenario: Scenario{Model: Model{ID: "next", Text: t}}, TP: tp, PP: 1, BlockSize: block, KVBytes: 2,
		Dtype: "bfloat16", MaxModelLen: 4096, V1: true}
	r.Device.ComputeCapability = cc
	r.Engine.KV = KVRules{Hybrid: true, MambaAlign: rule}
	return r
}

func TestAlignMamba(t *testing.T) {
	for _, c := range []struct {
		name        string
		r           *Resolved
		block       int
		page, state Bytes
	}{
		// conv_dim = 128·16·2 + 128·32 = 8192. TP 4: conv 3 · 2048 · 2 = 12,288 B,
		// ssm 8 · 128 · 128 · 2 = 262,144 B: state 274,432 B. Attention: 1 KV head
		// per rank (2 / 4 replicated to 1): 2 · 1 · 256 · 2 = 1024 B a token.
		// a = 16: B = 16 · ceil(274,432 / 16,384) = 16 · 17 = 272; page 278,528.
		{"vLLM 0.10.2 TP4", nextFixture(4, "16", 9.0, 16), 272, 278528, 274432},
		// SM100 with head 256: a = 32: 32 · ceil(274,432 / 32,768) = 32 · 9 = 288.
		{"B200 TP4", nextFixture(4, "16-sm100", 10.0, 16), 288, 294912, 274432},
		// TP 1: conv 49,152 + ssm 1,048,576 = 1,097,728 B; 2 KV heads: 2048 B a
		// token; 16 · ceil(1,097,728 / 32,768) = 16 · 34 = 544.
		{"vLLM TP1", nextFixture(1, "16", 9.0, 16), 544, 1114112, 1097728},
		// The block size as alignment (0.18.2+): 64 · ceil(274,432 / 65,536) = 320.
		{"backend, --block-size 64", nextFixture(4, "backend", 9.0, 64), 320, 327680, 274432},
		// vllm-ascend 0.11.0rc2–0.15: 128 · ceil(274,432 / 131,072) = 384.
		{"ascend-128 TP4", nextFixture(4, "ascend-128", 0, 128), 384, 393216, 274432},
		// vllm-ascend 0.16+: the ssm part fills the K half: 128 · ceil(262,144 /
		// (128 · 512)) = 512; both pages 512 · 1024 + the conv 12,288 = 536,576.
		{"ascend-ssm TP4", nextFixture(4, "ascend-ssm", 0, 128), 512, 536576, 274432},
	} {
		r := c.r
		if err := r.alignMamba(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r.BlockSize != c.block || pageBytes(r) != c.page || r.MambaState != c.state {
			t.Errorf("%s: block %d page %d state %d; want %d %d %d", c.name, r.BlockSize, pageBytes(r), r.MambaState, c.block, c.page, c.state)
		}
	}
	// Groups: 12 full + 36 linear layers: groups of 12, 1 + 3 = 4, no padding;
	// a request needs ceil(4096 / 384) + 3 = 11 + 3 = 14 blocks. vllm-ascend
	// #5020's log (0.12.0rc1, TP 4, 4096): "282,240 tokens" and "210.07x" are
	// 2941 blocks: 2941 // 4 · 384 = 282,240 and 2941 / 14 = 210.07.
	r := nextFixture(4, "ascend-128", 0, 128)
	if err := r.alignMamba(); err != nil {
		t.Fatal(err)
	}
	l := layoutOf(r, 0)
	if l.groupSize != 12 || len(l.windows) != 4 || l.padding() != 0 {
		t.Errorf("groups of %d × %d, padding %d", l.groupSize, len(l.windows), l.padding())
	}
	if tok := kvTokens(r, 0, 2941); tok != 282240 {
		t.Errorf("%d tokens, the log says 282,240", tok)
	}
	if c := concurrency(r, 0, 2941); c < 210.065 || c >= 210.075 {
		t.Errorf("concurrency %.3f, the log says 210.07", c)
	}
	// A token's share as the token count reports it: 48 layers' worth of
	// 1024 B (4 groups of 12); with vllm-ascend 0.16's padded page,
	// 536,576 / 512 = 1048 B a layer: 50,304 B.
	if got := BytesPerToken(r, 0); got != 48*1024 {
		t.Errorf("bytes per token %d, want %d", got, 48*1024)
	}
	s := nextFixture(4, "ascend-ssm", 0, 128)
	if err := s.alignMamba(); err != nil {
		t.Fatal(err)
	}
	if got := BytesPerToken(s, 0); got != 50304 {
		t.Errorf("bytes per token with the padded page %d, want 50,304", got)
	}
	r.Engine.KV.MambaAlign = ""
	if err := r.alignMamba(); err == nil {
		t.Error("a release without Qwen3-Next ran it")
	}
}
