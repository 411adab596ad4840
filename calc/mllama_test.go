package calc

import "testing"

// llama32Vision11B is meta-llama/Llama-3.2-11B-Vision-Instruct's config.json.
func llama32Vision11B() Model {
	return Model{Family: "mllama", Dtype: "bfloat16",
		Text: TextConfig{Hidden: 4096, Layers: 40, Heads: 32, KVHeads: 8, Intermediate: 14336, Vocab: 128256,
			MaxPositions: 131072, RopeScaling: &RopeScaling{Type: "llama3", Factor: 8, OriginalMaxPositionEmbeddings: 8192}},
		Vision: &VisionConfig{Depth: 32, GlobalLayers: 8, Hidden: 1280, Intermediate: 5120, Heads: 16, PatchSize: 14,
			ImageSize: 560, MaxTiles: 4, AspectRatios: 8, OutputDim: 7680, IntermediateLayers: 5},
	}
}

func TestMllama(t *testing.T) {
	m := llama32Vision11B()
	// TP 1: patch 588·1280 = 752,640; class 1280; positions 1601·1280 + 1
	// gate = 2,049,281; tile table 9·4·1601·1280 = 73,774,080; pre/post
	// tile embeddings 2·(9·4·1280 + 1) = 92,162; two LayerNorms 5120; a
	// layer: qkv 3·1280² = 4,915,200, o 1,638,400, fc1 1280·5120 + 5120 =
	// 6,558,720, fc2 5120·1280 + 1280 = 6,554,880, LayerNorms 5120:
	// 19,672,320, × 40 = 786,892,800, + 16 gates; projector 7680·4096 +
	// 4096 = 31,461,376. Vision 863,567,379; total 895,028,755.
	if got := visionParams(&m, 1); got != 895028755 {
		t.Errorf("vision params %d, want 895,028,755", got)
	}
	// One tile: 40² + 1 = 1601 tokens; an image 4 tiles, 6,404.
	r := &Resolved{Scenario: Scenario{Model: m}, TP: 1, Dtype: "bfloat16", MaxNumSeqs: 32, LimitImages: 1}
	if it := mllamaItem(r); it.Count != 32 || it.Tokens != 6404 || it.Seqs != 32 {
		t.Errorf("item %+v, want 32 images of 6,404 tokens in 32 sequences", it)
	}
	for _, tc := range []struct {
		images, tp int
		want       Bytes
	}{
		// 256 images at TP 2 (vllm #10034): pixels 1024 tiles · 940,800 ·
		// 8 B = 7,707,033,600; per image the mask 6432² · 2 = 82,741,248,
		// intermediates 3 · 5 · 6432 · 1280 · 2 = 246,988,800, concat 4 ·
		// 1601 · 7680 · 2 = 98,365,440, hidden 16,465,920: 444,561,408;
		// 7,707,033,600 + 256 · 444,561,408 = 121,514,754,048 (the concat
		// exceeds the pixel stage, 13.66 GB).
		{256, 2, 121514754048},
		// 1 image at TP 1: 30,105,600 + 444,561,408 = 474,667,008 (0.44 GiB).
		{1, 1, 474667008},
	} {
		r.TP = tc.tp
		if got := mllamaEncoderBytes(r, tc.images); got != tc.want {
			t.Errorf("%d images at TP %d: %d, want %d", tc.images, tc.tp, got, tc.want)
		}
	}
}
