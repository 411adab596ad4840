package calc_test

import (
	"strings"
	"testing"

	"vram/calc"
	"vram/presets"
)

// InternVL takes videos from #18499 (0.9.1) when its LLM has a video
// token (InternVL3's Qwen2.5). The video is not modelled, so such a launch
// is refused with the way out, a video limit of 0; 0.9.0.1, or an InternVL
// whose LLM has no video token, is sized on its images as before.
func TestInternVLVideoRefused(t *testing.T) {
	m, _ := presets.ModelByID("OpenGVLab/InternVL3-8B")
	if m.Vision == nil || !m.Vision.VideoLLM {
		t.Fatal("InternVL3-8B's catalog entry has no video token")
	}
	zero := 0
	noToken := m
	v := *m.Vision
	v.VideoLLM = false
	noToken.Vision = &v
	for _, c := range []struct {
		name    string
		m       calc.Model
		release string
		limit   *int
		refused bool
	}{
		{"0.11.0, default limits", m, "vllm-0.11.0", nil, true},
		{"0.11.0, video 0", m, "vllm-0.11.0", &zero, false},
		{"0.9.0.1", m, "vllm-0.9.0.1", nil, false},
		{"0.11.0, no video token", noToken, "vllm-0.11.0", nil, false},
	} {
		s := calc.Scenario{Model: c.m, Device: a100(80), Engine: engine(t, c.release), Options: calc.Options{LimitVideos: c.limit}}
		_, err := calc.Evaluate(s)
		if got := err != nil && strings.Contains(err.Error(), "#18499"); got != c.refused {
			t.Errorf("%s: refused %v (%v), want %v", c.name, got, err, c.refused)
		}
	}
}
