package calc

import (
	"math"
	"strings"
	"testing"
)

var (
	profileAscend09 = ProfileRules{EncoderProfiled: false, Sampler: "logits", DefaultMMLimit: 999, ItemCount: "budget", VideoFramesCap: 14}
)

// TestPeakGroundTruth replays the "PyTorch activation peak memory" figures
// of dev.jsonl whose inputs are stated (V0, defaults spelled out).
func TestPeakGroundTruth(t *testing.T) {
	llama3 := llama31_8B
	llama3.Text.Vocab, llama3.Text.MaxPositions = 128256, 8192
	awq := qwen25VL7B
	awq.Quant = &Quantization{Method: "awq", Bits: 4, GroupSize: 128}
	for _, c := range []struct {
		id       string
		r        *Resolved
		want     float64 // GiB
		tol      float64 // relative
		dominant string
	}{
		// vllm-10511: Meta-Llama-3-8B, V0, max_model_len 8192 → tokens
		// max(8192, 2048) = 8192, 256 seqs. Sampler: 256 × 128,256 × 40 B
		// = 1.313e9 + hidden 8192 × 4096 × 2 = 6.7e7 → 1.285 GiB; decoder
		// 8192 × (3·4096 + 3·14336) × 2 = 0.84 GiB.
		{"vllm-10511-llama3-8b-tp1", mmResolved(llama3, profileV0, 8192, 8192, 256, 0, 0), 1.26, 0.05, "sampler"},
		// vllm-13882: Qwen2.5-7B dims, max_model_len 4096 → 4096 tokens,
		// 256 seqs: 256 × 152,064 × 40 + 4096 × 3584 × 2 → 1.477 GiB.
		{"vllm-13882-qwen25-7b-rtx4060-fail", mmResolved(qwen25_7B, profileV0, 4096, 4096, 256, 0, 0), 1.42, 0.05, "sampler"},
		// jetson: Qwen2.5-VL-7B-AWQ V0, max_model_len 4096 → tokens
		// max(4096, 5120) = 5120; one dummy sequence holds an image and a
		// 1-frame video of 16,384 tokens each = 32,768 tokens (not
		// truncated). Decoder 32,768 × (3·3584 + 3·18944 + 3584 held
		// inputs_embeds) × 2 = 4.34 GiB.
		{"jetson-orin-qwen25vl7b-awq-fail", mmResolved(awq, profileV0, 4096, 5120, 256, 1, 1), 4.93, 0.15, "decoder"},
	} {
		p := ComputePeak(c.r, 0)
		got := p.Total.GiB()
		e := (got - c.want) / c.want
		t.Logf("%-36s measured %5.2f GiB predicted %5.2f GiB (%s) error %+5.1f%%", c.id, c.want, got, p.Dominant, 100*e)
		if math.Abs(e) > c.tol || p.Dominant != c.dominant {
			t.Errorf("%s: peak %.3f GiB (%s), want %.2f ±%.0f%% (%s)", c.id, got, p.Dominant, c.want, 100*c.tol, c.dominant)
		}
	}
}

// TestPeakSamplerRows: 0.8.0–0.8.3's 1024 default sequences cost
// (1024 − 256) rows × 152,064 × 38 B (torch.sort's peak at 128 rows or
// more) = 4.44e9 B more than 256.
func TestPeakSamplerRows(t *testing.T) {
	r256 := mmResolved(qwen25VL7B, profile080, 32768, 8192, 256, 1, 1)
	r1024 := mmResolved(qwen25VL7B, profile080, 32768, 8192, 1024, 1, 1)
	p256, p1024 := ComputePeak(r256, 0), ComputePeak(r1024, 0)
	if d, want := p1024.Sampler-p256.Sampler, Bytes(768*152064*38); d != want {
		t.Errorf("sampler difference %d, want %d", d, want)
	}
	if p1024.Total <= p256.Total {
		t.Errorf("peak with 1024 seqs %v not above 256's %v", p1024.Total, p256.Total)
	}
	if p1024.Dominant != "sampler" {
		t.Errorf("1024 seqs: dominant %s, want sampler", p1024.Dominant)
	}
}

// TestPeakEncoder works the Qwen2.5-VL-7B video item of 0.11 by hand and
// checks the encoder dominates and is skipped where the rules say so.
func TestPeakEncoder(t *testing.T) {
	r := mmResolved(qwen25VL7B, profile011, 128000, 2048, 256, 999, 999)
	p := ComputePeak(r, 0)
	// The video wins (114,688 tokens at the maximum) but its dummy is built
	// for the 2,048-token batch: one frame pair, 65,536 patches. Pixels ×
	// 1176 × 6 + rotary × 80 × 4 + block max(2·1280 + 10·1280, 3·1280 +
	// 3·3420) = 15,360 × 2 B = 2,496,659,456 B. The sampler (256 × 152,064 ×
	// 32 + 2048 × 3584 × 2 = 1.26e9) and the retained 16,384 tokens stay below.
	P := int64(65536)
	want := Bytes(P*1176*6 + P*80*4 + P*15360*2)
	if p.Encoder != want || p.Dominant != "encoder" {
		t.Errorf("encoder %d (%s), want %d (encoder)", p.Encoder, p.Dominant, want)
	}
	// Retained: 16,384 tokens × 3584 × 2 B.
	if p.Retained != Bytes(16384*3584*2) {
		t.Errorf("retained %d", p.Retained)
	}
	r.SkipMMProfiling = true
	if q := ComputePeak(r, 0); q.Encoder != 0 || q.Retained != 0 || q.Dominant == "encoder" {
		t.Errorf("skip_mm_profiling: %+v", q)
	}
	// vllm-ascend 0.9–0.12: no encoder, logits only: 256 × 152,064 × 2.
	a := mmResolved(qwen25VL7B, profileAscend09, 16384, 2048, 256, 999, 999)
	q := ComputePeak(a, 0)
	if q.Encoder != 0 || q.Sampler != Bytes(2048*3584*2+256*152064*2) || q.Item.Count != 0 || EncoderCacheLog(q.Item) != "" {
		t.Errorf("ascend 0.9: %+v", q)
	}
	// TP 2 halves the MLP and attention terms of the ViT block.
	r.SkipMMProfiling = false
	r.TP = 2
	if q := ComputePeak(r, 0); q.Encoder >= p.Encoder {
		t.Errorf("TP2 encoder %v not below TP1 %v", q.Encoder, p.Encoder)
	}
}

// TestPeakMonotoneSeqs: a larger max_num_seqs never gives a smaller peak.
func TestPeakMonotoneSeqs(t *testing.T) {
	for _, rules := range []ProfileRules{profile080, profile011, profileV0, profileAscend09} {
		prev := Bytes(0)
		for _, s := range []int{1, 2, 8, 64, 256, 1024, 4096} {
			p := ComputePeak(mmResolved(qwen25VL7B, rules, 32768, 8192, s, 1, 1), 0)
			if p.Total < prev {
				t.Errorf("%+v: seqs %d peak %v below %v", rules, s, p.Total, prev)
			}
			prev = p.Total
		}
	}
}

// TestPeakOddInputs: no panic on nonsense.
func TestPeakOddInputs(t *testing.T) {
	rs := []*Resolved{nil, {}, mmResolved(Model{Text: TextConfig{Layers: 1, Hidden: 8, Heads: 3, KVHeads: 7}, Vision: &VisionConfig{}}, profile011, -5, -1, -1, -1, -1)}
	for _, r := range rs {
		_ = ComputePeak(r, 3)
		_ = ComputeGraphs(r)
		_ = ProfiledItem(r)
	}
}

// TestSortPeak: the bytes per logit while torch.sort runs, by the path
// launch_stable_sort_kernel takes (activation.go sortPeak), and the
// sampler that holds the larger of it and its own tensors. Qwen2.5's
// 152,064 logits: one row 38 B (5,778,432 B), 16 rows 50 B (121,651,200
// B), 256 rows 38 B (1,479,278,592 B); V0's 40 B beats the sort's 38 at
// 256 rows (1,557,135,360 B) but not its 50 at 16 (121,651,200 B); the
// count from 0.17.0 ("full") keeps 32 B (1,245,708,288 B at 256 rows).
func TestSortPeak(t *testing.T) {
	for _, c := range []struct {
		sampler string
		rows    int
		want    Bytes
	}{
		{"sort", 1, 5_778_432},
		{"sort", 16, 121_651_200},
		{"sort", 127, 127 * 152064 * 50},
		{"sort", 128, 128 * 152064 * 38},
		{"sort", 256, 1_479_278_592},
		{"v0", 256, 1_557_135_360},
		{"v0", 16, 121_651_200},
		{"full", 256, 1_245_708_288},
		// FlashInfer's path: 14 B a logit on either V1 path,
		// 256 × 152,064 × 14 = 544,997,376 B.
		{"sort+flashinfer", 256, 544_997_376},
		{"full+flashinfer", 256, 544_997_376},
	} {
		r := &Resolved{Scenario: Scenario{Model: qwen25_7B}}
		r.Engine.Profile.Sampler, r.FlashInferSampler = strings.CutSuffix(c.sampler, "+flashinfer")
		if got := samplerBytes(r, c.rows); got != c.want {
			t.Errorf("%s, %d rows: %d B, want %d", c.sampler, c.rows, got, c.want)
		}
	}
}
