package calc_test

import (
	"testing"

	"vram/calc"
	"vram/presets"
)

// A peak the dummy sampler sets is explained with its rows and bytes a
// logit on the path it runs. Qwen2.5-7B on an H100 at 0.11.0 takes 1,024
// rows of 152,064 logits: 38 B on the sort path (5.51 GiB of logits),
// 14 B in FlashInfer (2.03 GiB) with VLLM_USE_FLASHINFER_SAMPLER=1. At
// 0.8.3 the V1 sampler sorts whatever is installed (before #18608), so
// the note offers no FlashInfer figure.
func TestSamplerNote(t *testing.T) {
	m, _ := presets.ModelByID("Qwen/Qwen2.5-7B-Instruct")
	d, _ := presets.DeviceByID("h100-80gb")
	s := calc.Scenario{Model: m, Device: d, Engine: engine(t, "vllm-0.11.0")}
	on := true
	fi := s
	fi.Options.FlashInferSampler = &on
	old := s
	old.Engine = engine(t, "vllm-0.8.3")
	for _, c := range []struct {
		s          calc.Scenario
		key, bytes string
		lo, hi     float64 // the sampler part, GiB
	}{
		{s, calc.WhySamplerSort, "38", 5.5, 5.6},
		{fi, calc.WhySamplerFI, "14", 2.0, 2.1},
		{old, calc.WhySamplerSortOnly, "38", 5.5, 5.6},
	} {
		e := mustCompute(t, c.s)
		if p := e.Ranks[0].Peak; p.Dominant != "sampler" || p.Sampler.GiB() < c.lo || p.Sampler.GiB() > c.hi {
			t.Errorf("%s: peak %s, sampler %.2f GiB, want %.1f–%.1f", c.key, p.Dominant, p.Sampler.GiB(), c.lo, c.hi)
		}
		var found *calc.Reason
		for i := range e.Notes {
			if e.Notes[i].Key == c.key {
				found = &e.Notes[i]
			}
		}
		if found == nil || found.Args["bytes"] != c.bytes || found.Args["rows"] != "1,024" {
			t.Errorf("%s: note %+v", c.key, found)
		}
	}
}
