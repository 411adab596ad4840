package calc_test

import (
	"strings"
	"testing"

	"vram/calc"
	"vram/presets"
)

// The audio tower on one rank. TP 1: 4,800 (conv2d1) + 2 × 2,074,080
// (conv2d2, conv2d3) + 9,830,400 (conv_out, 480 × 16 mel → 1,280) + 32 ×
// 19,677,440 + 2,560 (ln_post) + 1,639,680 (proj1) + 2,623,488 (proj2) =
// 647,927,168. TP 2 from #32167: a layer is 4·1,280 (LayerNorms) +
// 3·(1,280² + 1,280)/2 + 1,280²/2 + 1,280 + (1,280·5,120 + 5,120)/2 +
// 5,120·1,280/2 + 1,280 = 9,842,560, so 13,983,360 + 32 × 9,842,560 +
// 4,265,728 = 333,211,008; before #32167, or at TP 3 (20 heads do not
// divide), the whole tower. The buffer adds 1,500 × 1,280 × 4 B.
func TestOmniAudioWeights(t *testing.T) {
	m, _ := presets.ModelByID("Qwen/Qwen3-Omni-30B-A3B-Instruct")
	noAudio := m
	noAudio.Audio = nil
	vision := func(m calc.Model, release string, tp int) calc.Bytes {
		s := calc.Scenario{Model: m, Device: a100(80), Engine: engine(t, release), TensorParallel: tp,
			Options: calc.Options{MaxModelLen: ptr(8192)}}
		e, err := calc.Compute(s)
		if err != nil {
			t.Fatalf("%s TP %d: %v", release, tp, err)
		}
		return e.Ranks[0].Weights.Vision
	}
	const buffer = 1500 * 1280 * 4
	for _, c := range []struct {
		release string
		tp      int
		params  int64
	}{
		{"vllm-0.13.0", 1, 647927168},
		{"vllm-0.13.0", 2, 647927168},
		{"vllm-0.15.0", 2, 333211008},
		{"vllm-0.15.0", 4, 13983360 + 32*(5120+3*1639680/4+1638400/4+1280+6558720/4+6553600/4+1280) + 4265728},
		// TP 8 does not divide 20 heads: whole before #32167 and from #50858.
		{"vllm-0.13.0", 8, 647927168},
		{"vllm-0.28.0", 8, 647927168},
	} {
		got := vision(m, c.release, c.tp) - vision(noAudio, c.release, c.tp)
		if want := calc.Bytes(c.params*2 + buffer); got != want {
			t.Errorf("%s TP %d: audio tower %d B, want %d", c.release, c.tp, got, want)
		}
	}
}

// The profile's dummy video: frames are counted at the image processor's
// 3584² (12,544 tokens a pair), 10 frames at max_model_len 65,536, so the
// budget is 62,720 tokens and one video, as vllm-omni #240 logs ("budget
// of 62720 tokens, and profiled with 1 video items"); the HF processor
// then resizes each frame to at most 768 · 32² pixels: 864² (smart_resize
// floors 886.8 to 27 · 32), 5 × 27² = 3,645 tokens, 14,580 patches.
func TestOmniProfiledVideo(t *testing.T) {
	m, _ := presets.ModelByID("Qwen/Qwen3-Omni-30B-A3B-Instruct")
	s := calc.Scenario{Model: m, Device: a100(80), Engine: engine(t, "vllm-0.13.0"), TensorParallel: 2,
		Options: calc.Options{MaxModelLen: ptr(65536)}}
	e, err := calc.Compute(s)
	if err != nil {
		t.Fatal(err)
	}
	it := e.Ranks[0].Peak.Item
	if it.Modality != "video" || it.MaxTokens != 62720 || it.Budget != 62720 || it.Count != 1 ||
		it.Width != 864 || it.Frames != 10 || it.Tokens != 3645 || it.Patches != 14580 {
		t.Errorf("profiled %+v, want 1 video of 10 frames at 864², 3,645 tokens, budget 62,720", it)
	}
	if got := calc.EncoderCacheLog(it); !strings.Contains(got, "budget of 62720 tokens, and profiled with 1 video items") {
		t.Errorf("log %q", got)
	}
	var why *calc.Reason
	for i := range e.Notes {
		if e.Notes[i].Key == calc.WhyEncoderResized {
			why = &e.Notes[i]
		}
	}
	if why == nil || why.Args["tokens"] != "3,645" || why.Args["max_tokens"] != "62,720" || why.Args["side"] != "864" {
		t.Errorf("the explanation %+v does not tell the resized video (3,645 of 62,720 tokens, 864²)", why)
	}
}

// Releases before the thinker, and images and videos both off (the
// profile would encode the audio dummy), are refused with why.
func TestOmniRefusals(t *testing.T) {
	m, _ := presets.ModelByID("Qwen/Qwen3-Omni-30B-A3B-Instruct")
	for _, c := range []struct {
		release string
		opts    calc.Options
		want    string
	}{
		{"vllm-0.10.2", calc.Options{}, "does not serve Qwen3-Omni"},
		{"vllm-0.13.0", calc.Options{LimitImages: ptr(0), LimitVideos: ptr(0)}, "audio-tower pass is not modelled"},
		// From #32167 the audio tower's 20 heads must divide by TP.
		{"vllm-0.15.0", calc.Options{}, "do not divide its 20 heads"},
	} {
		c.opts.MaxModelLen = ptr(8192)
		_, err := calc.Compute(calc.Scenario{Model: m, Device: a100(80), Engine: engine(t, c.release), Options: c.opts,
			TensorParallel: map[bool]int{true: 8, false: 1}[c.release == "vllm-0.15.0"]})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a refusal naming %q", c.release, err, c.want)
		}
	}
}
