package calc_test

import (
	"strings"
	"testing"

	"vram/calc"
	"vram/presets"
)

// From 0.11.0 the dummy video is built at max_model_len: 600 frames of
// 280², 120,000 patches, one video against a 30,000-token budget (the
// GLM-4.5V logs print 30,970, the placeholder's frame and timestamp tokens
// on top). What stops a launch is refused with why: 8 ranks do not divide
// the tower's 12 heads; before #30285 a 1-frame dummy (8,192 tokens hold
// no 2-frame video beside the image's 5,832) stops it.
func TestGlm4vProfile(t *testing.T) {
	m, _ := presets.ModelByID("zai-org/GLM-4.1V-9B-Thinking")
	e, err := calc.Compute(calc.Scenario{Model: m, Device: a100(80), Engine: engine(t, "vllm-0.11.0"), Options: calc.Options{MaxModelLen: ptr(65536)}})
	if err != nil {
		t.Fatal(err)
	}
	it := e.Ranks[0].Peak.Item
	if it.Modality != "video" || it.Count != 1 || it.Frames != 600 || it.Patches != 120000 || it.Tokens != 30000 {
		t.Errorf("profiled %+v, want 1 video of 600 frames, 120,000 patches", it)
	}
	for _, c := range []struct {
		release string
		tp      int
		opts    calc.Options
		want    string
	}{
		{"vllm-0.11.0", 8, calc.Options{MaxModelLen: ptr(65536)}, "does not divide them"},
		{"vllm-0.11.0", 1, calc.Options{MaxModelLen: ptr(8192)}, "with 1 frame (a 1708² frame pair is 3,721 tokens, and the images reserve 5,832)"},
		{"vllm-0.13.0", 1, calc.Options{MaxModelLen: ptr(8192)}, ""},
		{"vllm-0.11.0", 1, calc.Options{MaxModelLen: ptr(8192), LimitVideos: ptr(0)}, ""},
		{"vllm-0.9.0.1", 1, calc.Options{MaxModelLen: ptr(65536)}, "does not serve GLM-4.1V"},
	} {
		_, err := calc.Compute(calc.Scenario{Model: m, Device: a100(80), Engine: engine(t, c.release), TensorParallel: c.tp, DeviceCount: c.tp, Options: c.opts})
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s TP %d: %v, want an estimate", c.release, c.tp, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s TP %d: %v, want a refusal naming %q", c.release, c.tp, err, c.want)
		}
	}
}
