package calc_test

import (
	"strings"
	"testing"

	"vram/calc"
	"vram/presets"
)

// Qwen2-VL at vLLM 0.6.5: the capped 1225-token image in 32768 // 2450 =
// 13 dummy sequences; with both limits 0, max_mm_tokens is 0 and the 256
// sequences of 128 tokens are shorter than the one-frame video the
// dummy data still checks (1227), so the launch stops.
func TestLegacyQwen2VL(t *testing.T) {
	m, _ := presets.ModelByID("Qwen/Qwen2-VL-7B-Instruct")
	e := engine(t, "vllm-0.6.5")
	est := mustCompute(t, calc.Scenario{Model: m, Device: a100(80), Engine: e})
	it := est.Ranks[0].Peak.Item
	if it.Seqs != 13 || it.Count != 13 || it.Tokens != 1225 || it.Patches != 4900 {
		t.Errorf("0.6.5 dummy: %+v", it)
	}
	zero, seqs := 0, 256
	_, err := calc.Evaluate(calc.Scenario{Model: m, Device: a100(80), Engine: e,
		Options: calc.Options{LimitImages: &zero, LimitVideos: &zero, MaxNumSeqs: &seqs}})
	if err == nil || !strings.Contains(err.Error(), "cannot process 0 videos") {
		t.Errorf("image=0, video=0 at 0.6.5: %v", err)
	}
	// 0.6.6: the processor's 3584² image, one sequence.
	it = mustCompute(t, calc.Scenario{Model: m, Device: a100(80), Engine: engine(t, "vllm-0.6.6")}).Ranks[0].Peak.Item
	if it.Seqs != 1 || it.Tokens != 16384 || it.Patches != 65536 {
		t.Errorf("0.6.6 dummy: %+v", it)
	}
}
