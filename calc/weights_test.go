package calc

import (
	"math"
	"testing"
)

// Model dims from /work/shared/docs/catalog.json (config.json facts with sources).
var (
	qwen3VL2B = Model{ID: "Qwen/Qwen3-VL-2B-Instruct", Family: "qwen3_vl",
		Text:   TextConfig{Hidden: 2048, Layers: 28, Heads: 16, KVHeads: 8, HeadDim: 128, Intermediate: 6144, Vocab: 151936, TieEmbeddings: true, MaxPositions: 262144},
		Vision: &VisionConfig{Depth: 24, Hidden: 1024, Intermediate: 4096, Heads: 16, PatchSize: 16, TemporalPatchSize: 2, SpatialMerge: 2, OutHidden: 2048, Deepstack: []int{5, 11, 17}, PositionEmbedding: 2304},
		Image:  &ImageConfig{MinPixels: 65536, MaxPixels: 16777216, VideoMinPixels: 4096, VideoMaxPixels: 25165824}}
	qwen3VL8B = Model{ID: "Qwen/Qwen3-VL-8B-Instruct", Family: "qwen3_vl",
		Text:   TextConfig{Hidden: 4096, Layers: 36, Heads: 32, KVHeads: 8, HeadDim: 128, Intermediate: 12288, Vocab: 151936, MaxPositions: 262144},
		Vision: &VisionConfig{Depth: 27, Hidden: 1152, Intermediate: 4304, Heads: 16, PatchSize: 16, TemporalPatchSize: 2, SpatialMerge: 2, OutHidden: 4096, Deepstack: []int{8, 16, 24}, PositionEmbedding: 2304},
		Image:  &ImageConfig{MinPixels: 65536, MaxPixels: 16777216, VideoMinPixels: 4096, VideoMaxPixels: 25165824}}
	qwen3VL32B = Model{ID: "Qwen/Qwen3-VL-32B-Instruct", Family: "qwen3_vl",
		Text:   TextConfig{Hidden: 5120, Layers: 64, Heads: 64, KVHeads: 8, HeadDim: 128, Intermediate: 25600, Vocab: 151936, MaxPositions: 262144},
		Vision: &VisionConfig{Depth: 27, Hidden: 1152, Intermediate: 4304, Heads: 16, PatchSize: 16, TemporalPatchSize: 2, SpatialMerge: 2, OutHidden: 5120, Deepstack: []int{8, 16, 24}, PositionEmbedding: 2304},
		Image:  &ImageConfig{MinPixels: 65536, MaxPixels: 16777216, VideoMinPixels: 4096, VideoMaxPixels: 25165824}}
	qwen3VL30BA3B = Model{ID: "Qwen/Qwen3-VL-30B-A3B-Instruct", Family: "qwen3_vl_moe",
		Text:   TextConfig{Hidden: 2048, Layers: 48, Heads: 32, KVHeads: 4, HeadDim: 128, Intermediate: 6144, Experts: 128, ExpertsPerToken: 8, MoEIntermediate: 768, Vocab: 151936, MaxPositions: 262144},
		Vision: &VisionConfig{Depth: 27, Hidden: 1152, Intermediate: 4304, Heads: 16, PatchSize: 16, TemporalPatchSize: 2, SpatialMerge: 2, OutHidden: 2048, Deepstack: []int{8, 16, 24}, PositionEmbedding: 2304},
		Image:  &ImageConfig{MinPixels: 65536, MaxPixels: 16777216, VideoMinPixels: 4096, VideoMaxPixels: 25165824}}
	qwen25VL7B = Model{ID: "Qwen/Qwen2.5-VL-7B-Instruct", Family: "qwen2_5_vl",
		Text:   TextConfig{Hidden: 3584, Layers: 28, Heads: 28, KVHeads: 4, Intermediate: 18944, Vocab: 152064, MaxPositions: 128000},
		Vision: &VisionConfig{Depth: 32, Hidden: 1280, Intermediate: 3420, Heads: 16, PatchSize: 14, TemporalPatchSize: 2, SpatialMerge: 2, OutHidden: 3584, GatedMLP: true},
		Image:  &ImageConfig{MinPixels: 3136, MaxPixels: 12845056}}
	qwen25VL72B = Model{ID: "Qwen/Qwen2.5-VL-72B-Instruct", Family: "qwen2_5_vl",
		Text:   TextConfig{Hidden: 8192, Layers: 80, Heads: 64, KVHeads: 8, Intermediate: 29568, Vocab: 152064, MaxPositions: 128000},
		Vision: &VisionConfig{Depth: 32, Hidden: 1280, Intermediate: 3456, Heads: 16, PatchSize: 14, TemporalPatchSize: 2, SpatialMerge: 2, OutHidden: 8192, GatedMLP: true},
		Image:  &ImageConfig{MinPixels: 3136, MaxPixels: 12845056}}
	qwen2VL7B = Model{ID: "Qwen/Qwen2-VL-7B-Instruct", Family: "qwen2_vl",
		Text:   TextConfig{Hidden: 3584, Layers: 28, Heads: 28, KVHeads: 4, Intermediate: 18944, Vocab: 152064, MaxPositions: 32768},
		Vision: &VisionConfig{Depth: 32, Hidden: 1280, MLPRatio: 4, Heads: 16, PatchSize: 14, TemporalPatchSize: 2, SpatialMerge: 2, OutHidden: 3584},
		Image:  &ImageConfig{MinPixels: 3136, MaxPixels: 12845056}}
	qwen25_7B = Model{ID: "Qwen/Qwen2.5-7B-Instruct", Family: "qwen2",
		Text: TextConfig{Hidden: 3584, Layers: 28, Heads: 28, KVHeads: 4, Intermediate: 18944, Vocab: 152064, MaxPositions: 32768}}
	llama31_8B = Model{ID: "meta-llama/Llama-3.1-8B-Instruct", Family: "llama",
		Text: TextConfig{Hidden: 4096, Layers: 32, Heads: 32, KVHeads: 8, HeadDim: 128, Intermediate: 14336, Vocab: 128256, MaxPositions: 131072}}
)

// TestModelParams checks the whole-model parameter counts against the
// catalog's published cross-checks (presets/models.json params_published; OpenExplorer tensor
// counts for Qwen3-VL-2B/8B and Qwen2.5-VL-7B) to 4 significant digits, and
// the vision tower alone against the catalog's derived count.
func TestModelParams(t *testing.T) {
	for _, c := range []struct {
		m             Model
		total, vision float64
	}{
		{qwen3VL2B, 2.128e9, 407.0e6},     // OpenExplorer: 2.128B / ViT 407.0M / LM 1.721B
		{qwen3VL8B, 8.767e9, 576.4e6},     // OpenExplorer: 8.767B / 576.4M
		{qwen25VL7B, 8.292e9, 676.6e6},    // OpenExplorer: 8.292B / 676.6M
		{qwen3VL32B, 33.36e9, 595.3e6},    // catalog derived 33,357,390,064 / 595,266,800
		{qwen3VL30BA3B, 31.07e9, 538.6e6}, // catalog derived 31,070,754,032 / 538,631,408
		{qwen25VL72B, 73.41e9, 704.6e6},   // catalog derived 73,410,777,344 / 704,573,696
		{qwen2VL7B, 8.291e9, 675.8e6},     // HF 8.29B; catalog 8,291,375,616 / 675,759,104
		{llama31_8B, 8.030e9, 0},          // catalog derived 8,030,261,248
		{qwen25_7B, 7.616e9, 0},           // HF 7.62B; catalog 7,615,616,512
	} {
		got := ModelParams(&c.m)
		if !sig4(float64(got), c.total) {
			t.Errorf("%s: params %d, want %.4g", c.m.ID, got, c.total)
		}
		v := visionParams(&c.m, 1)
		if c.vision == 0 && v != 0 || c.vision != 0 && !sig4(float64(v), c.vision) {
			t.Errorf("%s: vision params %d, want %.4g", c.m.ID, v, c.vision)
		}
	}
	// LM alone for Qwen3-VL-2B: 1.721B (OpenExplorer).
	if lm := ModelParams(&qwen3VL2B) - visionParams(&qwen3VL2B, 1); !sig4(float64(lm), 1.721e9) {
		t.Errorf("Qwen3-VL-2B LM params %d, want 1.721e9", lm)
	}
}

func sig4(got, want float64) bool {
	return math.Abs(got-want) <= 0.5*math.Pow(10, math.Floor(math.Log10(want))-3)
}

func resolvedFor(m Model, tp, pp int) *Resolved {
	r := &Resolved{TP: tp, PP: pp, Dtype: "bfloat16", MaxNumSeqs: 256, MaxNumBatchedTokens: 8192, MaxModelLen: 8192}
	r.Model = m
	return r
}

// TestWeightsGroundTruth replays the "Model loading took X GiB" figures in
// /work/shared/ground-truth/dev.jsonl: the replay bar is 3%.
func TestWeightsGroundTruth(t *testing.T) {
	awq := qwen25VL7B
	awq.ID = "Qwen/Qwen2.5-VL-7B-Instruct-AWQ"
	awq.Quant = &Quantization{Method: "awq", Bits: 4, GroupSize: 128}
	bnb := qwen25VL72B
	bnb.Quant = &Quantization{Method: "bitsandbytes", Bits: 4}
	for _, c := range []struct {
		id   string
		m    Model
		tp   int
		mnbt int
		want float64 // GiB
	}{
		{"vllm-16570-v0-profile", qwen25VL72B, 4, 128000, 34.43},
		{"ascend-notes-qwen3vl32b-tp2", qwen3VL32B, 2, 2048, 31.4592},
		{"devbuild-qwen3vl8b-util0.85", qwen3VL8B, 1, 8192, 16.78},
		{"vllm-10517-llama31-8b-3090-20k", llama31_8B, 1, 20000, 14.9888},
		{"jetson-orin-qwen25vl7b-awq-fail", awq, 1, 5120, 6.59},
		{"vllm-12991-qwen25vl72b-bnb-a100", bnb, 1, 32767, 38.9697},
	} {
		r := resolvedFor(c.m, c.tp, 1)
		r.MaxNumBatchedTokens = c.mnbt
		w := ComputeWeights(r, 0)
		got := w.Total.GiB()
		errPct := 100 * (got - c.want) / c.want
		t.Logf("%-34s measured %8.4f GiB predicted %8.4f GiB error %+5.2f%%", c.id, c.want, got, errPct)
		if math.Abs(errPct) > 3 {
			t.Errorf("%s: weights %.4f GiB, want %.4f ±3%%", c.id, got, c.want)
		}
		if w.Total != w.Text+w.Vision+w.Embedding+w.LMHead {
			t.Errorf("%s: total %d is not the sum of its parts", c.id, w.Total)
		}
	}
}

// TestWeightsSplit works the TP and PP splits by hand on Llama-3.1-8B.
func TestWeightsSplit(t *testing.T) {
	// Vocab 128256 = 64·2004, already padded. TP 2: 64128 rows × 4096 × 2 B.
	r := resolvedFor(llama31_8B, 2, 1)
	w := ComputeWeights(r, 0)
	if want := Bytes(64128 * 4096 * 2); w.Embedding != want || w.LMHead != want {
		t.Errorf("TP2 embedding %d / head %d, want %d", w.Embedding, w.LMHead, want)
	}
	// TP 16 > 8 KV heads: each rank keeps one KV head (replicated), so a
	// layer's k and v are 4096×128 each, q and o 4096×256 (2 heads).
	// MLP: 3 × 4096 × 14336/16 = 11,010,048; norms 8192.
	r = resolvedFor(llama31_8B, 16, 1)
	r.Model.Text.MaxPositions = 0
	w = ComputeWeights(r, 1)
	perLayer := int64(4096*256*2+4096*128*2) + 3*4096*896 + 8192
	if want := Bytes((32*perLayer + 4096) * 2); w.Text != want {
		t.Errorf("TP16 text %d, want %d", w.Text, want)
	}
	// PP 3 over 32 layers: get_pp_indices gives [11, 11, 10] (remainder 2 to
	// the stages before the last). Embedding on stage 0, head on stage 2.
	for stage, want := range []int{11, 11, 10} {
		if _, n := ppLayers(32, stage, 3); n != want {
			t.Errorf("ppLayers(32, %d, 3) = %d, want %d", stage, n, want)
		}
	}
	r = resolvedFor(llama31_8B, 1, 3)
	w0, w2 := ComputeWeights(r, 0), ComputeWeights(r, 2)
	if w0.LMHead != 0 || w0.Embedding == 0 || w2.Embedding != 0 || w2.LMHead == 0 {
		t.Errorf("PP placement: stage0 %+v stage2 %+v", w0, w2)
	}
}

// TestWeightsDataParallel works the MoE split over TP × DP ranks by hand on
// Qwen3-VL-30B-A3B (128 experts of width 768, hidden 2048, 48 layers, bf16).
// One layer's experts: 128 × 3 × 2048 × 768 × 2 B = 1,207,959,552 B.
func TestWeightsDataParallel(t *testing.T) {
	text := func(tp, dp int, ep bool) Bytes {
		r := resolvedFor(qwen3VL30BA3B, tp, 1)
		r.DP = dp
		r.Options.ExpertParallel = &ep
		return ComputeWeights(r, 0).Text
	}
	// TP 2 → TP 2 × DP 2: experts on 4 ranks instead of 2, attention and
	// the rest unchanged: 48 × 1,207,959,552 / 4 = 14,495,514,624 B less.
	if d := text(2, 1, false) - text(2, 2, false); d != 14_495_514_624 {
		t.Errorf("TP2 → TP2·DP2 experts: %d B less, want 14,495,514,624", d)
	}
	// With expert parallelism the same 4 ranks hold 32 whole experts each:
	// the same bytes.
	if a, b := text(2, 2, false), text(2, 2, true); a != b {
		t.Errorf("TP2·DP2: EP %d B, width split %d B, want equal", b, a)
	}
	// DP 3: EP puts ceil(128/3) = 43 experts on the largest rank,
	// 43 × 3 × 2048 × 768 × 2 = 405,798,912 B a layer; the width split
	// gives ceil(768/3) = 256 columns, 128 × 3 × 2048 × 256 × 2 =
	// 402,653,184 B. 48 layers: 150,994,944 B apart.
	if d := text(1, 3, true) - text(1, 3, false); d != 150_994_944 {
		t.Errorf("DP3 EP − width split: %d B, want 150,994,944", d)
	}
	// A dense model does not change with DP.
	r1, r2 := resolvedFor(llama31_8B, 2, 1), resolvedFor(llama31_8B, 2, 1)
	r2.DP = 4
	if a, b := ComputeWeights(r1, 0), ComputeWeights(r2, 0); a != b {
		t.Errorf("dense model: DP 4 changed the weights: %+v vs %+v", b, a)
	}
}

// TestWeightsTowerSkipped: with limits image=0, video=0 newer families do
// not build the tower; Qwen2.5-VL-7B keeps 676,550,144 × 2 B otherwise.
func TestWeightsTowerSkipped(t *testing.T) {
	r := resolvedFor(qwen25VL7B, 1, 1)
	if w := ComputeWeights(r, 0); w.Vision != Bytes(676550144*2) {
		t.Errorf("vision %d, want %d", w.Vision, 676550144*2)
	}
	r.Engine.Profile.SkipTowerWithoutMM = true
	if w := ComputeWeights(r, 0); w.Vision != 0 {
		t.Errorf("tower skipped: vision %d, want 0", w.Vision)
	}
	r.LimitImages = 1
	if w := ComputeWeights(r, 0); w.Vision == 0 {
		t.Error("image limit 1: tower missing")
	}
}

// TestWeightsOddInputs: no panic, and a note naming the field.
func TestWeightsOddInputs(t *testing.T) {
	for _, r := range []*Resolved{nil, {TP: 0, PP: 0}, resolvedFor(Model{Text: TextConfig{Layers: 4, Hidden: 64, Heads: 3, KVHeads: 5, Vocab: 10}}, 7, 9)} {
		w := ComputeWeights(r, 42)
		if w.Total < 0 {
			t.Errorf("negative weights %+v", w)
		}
	}
	if w := ComputeWeights(&Resolved{}, 0); w.Total != 0 {
		t.Error("zero layers: want no weights")
	}
}

// TestWeightsFromCheckpoint: the files' bytes replace the derived
// parameter bytes. Llama-3.1-8B without its rotary cache (MaxPositions 0)
// has no buffers, so at TP 1 the weights are the files' 16,060,522,496 B
// (the published model.safetensors.index.json total_size); at TP 2 each
// rank holds its derived share of them.
func TestWeightsFromCheckpoint(t *testing.T) {
	const files = 16060522496
	r := resolvedFor(llama31_8B, 1, 1)
	r.Model.Text.MaxPositions = 0
	derived := ComputeWeights(r, 0).Total
	r.Model.CheckpointBytes = files
	if w := ComputeWeights(r, 0); w.Total < files-8 || w.Total > files+8 || !w.FromFiles {
		t.Errorf("TP1 weights %d, the files hold %d", w.Total, files)
	}
	r2 := resolvedFor(llama31_8B, 2, 1)
	r2.Model.Text.MaxPositions = 0
	share := float64(ComputeWeights(r2, 0).Total) / float64(derived)
	r2.Model.CheckpointBytes = files
	if w := ComputeWeights(r2, 0); math.Abs(float64(w.Total)-share*files) > 16 {
		t.Errorf("TP2 rank weights %d, want %.0f", w.Total, share*files)
	}
}
