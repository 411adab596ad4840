package calc_test

import (
	"strings"
	"testing"

	"vram/calc"
	"vram/presets"
)

// MiniCPM-V 2.6 at 0.11.0 on an A100 (a 2,048-token batch): a video of 16
// one-slice frames (1,024 embeddings) wins over the 640-embedding image,
// and the budget holds 2 of them, 32 slices of 1,024 patches; the pixel
// fields have no effect (448² slices). Before 0.8.5 the profile is refused.
func TestMiniCPMVProfile(t *testing.T) {
	m, _ := presets.ModelByID("openbmb/MiniCPM-V-2_6")
	e, err := calc.Compute(calc.Scenario{Model: m, Device: a100(80), Engine: engine(t, "vllm-0.11.0")})
	if err != nil {
		t.Fatal(err)
	}
	it := e.Ranks[0].Peak.Item
	if it.Modality != "video" || it.Count != 2 || it.Frames != 16 || it.Tokens != 1024 || it.Patches != 16384 || e.Resolved.MaxNumBatchedTokens != 2048 {
		t.Errorf("profiled %+v at %d batched tokens, want 2 videos of 16 frames", it, e.Resolved.MaxNumBatchedTokens)
	}
	if why := e.Resolved.Origins["max-pixels"].Why; why.Key != calc.OriginFixedImage || why.Args["side"] != "448" {
		t.Errorf("max-pixels origin %+v, want fixed 448² slices", why)
	}
	if _, err := calc.Compute(calc.Scenario{Model: m, Device: a100(80), Engine: engine(t, "vllm-0.8.3")}); err == nil || !strings.Contains(err.Error(), "MiniCPM-V profile") {
		t.Errorf("0.8.3: %v, want the profile refused", err)
	}
}
