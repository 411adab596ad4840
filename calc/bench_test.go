package calc_test

import (
	"testing"

	"vram/calc"
)

// BenchmarkEstimate: one estimate of a starting scenario (no fixes).
func BenchmarkEstimate(b *testing.B) {
	s := calc.Scenario{Model: qwen25VL7B(), Device: a100(80), Engine: engine(b, "vllm-0.11")}
	for b.Loop() {
		if _, err := calc.Compute(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFixes: a failing scenario, so every fix is searched.
func BenchmarkFixes(b *testing.B) {
	u := 0.36
	s := calc.Scenario{Model: qwen3VL2B(), Device: ascend910B4(), Engine: engine(b, "ascend-0.9"), OtherProcesses: 17e9,
		Options: calc.Options{GPUMemoryUtilization: &u, MaxModelLen: ptr(16384)}}
	for b.Loop() {
		e, err := calc.Compute(s)
		if err != nil || e.Starts {
			b.Fatal("expected a failing scenario", err)
		}
	}
}
