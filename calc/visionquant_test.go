package calc

import "testing"

// vllm-ascend pads Qwen2.5-VL's 80-wide vision heads to 128: the 7B's 32
// blocks of 16 heads at width 1280 become 2048 wide in qkv and proj. Per
// block qkv gains 3 × 768 × 1280 + 3 × 768 = 2,951,424 and proj
// 768 × 1280 = 983,040: 3,934,464, × 32 = 125,902,848 (0.23 GiB at 2 B).
func TestPaddedHeadParams(t *testing.T) {
	m := &Model{Family: "qwen2_5_vl", Vision: &VisionConfig{Depth: 32, Hidden: 1280, Heads: 16, Intermediate: 3420, GatedMLP: true}}
	if got := paddedHeadParams(m, 1); got != 125902848 {
		t.Errorf("TP 1: %d, want 125,902,848", got)
	}
	if got := visionHeadWidth(m, false); got != 1280 {
		t.Errorf("unpadded width %d, want 1280", got)
	}
	// A 64-wide head (SigLIP-like) or a tower of another family is not padded.
	if got := paddedHeadParams(&Model{Family: "qwen2_5_vl", Vision: &VisionConfig{Depth: 2, Hidden: 1024, Heads: 16}}, 1); got != 0 {
		t.Errorf("64-wide heads padded by %d", got)
	}
	if got := paddedHeadParams(&Model{Family: "qwen3_vl", Vision: &VisionConfig{Depth: 2, Hidden: 1152, Heads: 16}}, 1); got != 0 {
		t.Errorf("a Qwen3-VL tower padded by %d", got)
	}
}
