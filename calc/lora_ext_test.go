package calc_test

import (
	"strings"
	"testing"

	"vram/calc"
	"vram/presets"
)

// The LoRA slots are part of the weights vLLM logs; V0 from 0.6.5 to 0.7.3
// leaves them out of the budget (refused), and MoE experts are refused.
func TestLoRAInTheWeights(t *testing.T) {
	m, _ := presets.ModelByID("Qwen/Qwen2.5-7B-Instruct")
	on, rank := true, 64
	base := calc.Scenario{Model: m, Device: a100(80), Engine: engine(t, "vllm-0.8.5")}
	with := base
	with.Options = calc.Options{EnableLoRA: &on, MaxLoRARank: &rank}
	a, b := mustCompute(t, base), mustCompute(t, with)
	// 5,046,272 · 64 B = 322,961,408 (lora.go).
	if d := b.Ranks[0].Weights.Total - a.Ranks[0].Weights.Total; d != 322_961_408 || b.Ranks[0].Weights.LoRA != d {
		t.Errorf("LoRA adds %d B to the weights (LoRA part %d), want 322,961,408", d, b.Ranks[0].Weights.LoRA)
	}
	if b.Ranks[0].KV >= a.Ranks[0].KV {
		t.Errorf("KV %v with LoRA, %v without", b.Ranks[0].KV, a.Ranks[0].KV)
	}
	v0 := false
	old := with
	old.Engine, old.Options.UseV1 = engine(t, "vllm-0.7.3"), &v0
	if _, err := calc.Evaluate(old); err == nil || !strings.Contains(err.Error(), "#14450") {
		t.Errorf("V0 at 0.7.3 with LoRA: %v", err)
	}
	moe, _ := presets.ModelByID("Qwen/Qwen3-30B-A3B")
	withMoE := with
	withMoE.Model = moe
	if _, err := calc.Evaluate(withMoE); err == nil || !strings.Contains(err.Error(), "MoE") {
		t.Errorf("MoE with LoRA: %v", err)
	}
}

// Qwen3 wraps embed_tokens and lm_head from #29816 (0.16.0): one slot of
// rank 16 adds 2 · (151,936 + 4,096) · 16 elements, 9,986,048 B in bf16.
func TestLoRAQwen3Embeddings(t *testing.T) {
	m, _ := presets.ModelByID("Qwen/Qwen3-8B")
	on := true
	lora := func(rel string) calc.Bytes {
		s := calc.Scenario{Model: m, Device: a100(80), Engine: engine(t, rel), Options: calc.Options{EnableLoRA: &on}}
		return mustCompute(t, s).Ranks[0].Weights.LoRA
	}
	if d := lora("vllm-0.16.0") - lora("vllm-0.15.1"); d != 9_986_048 {
		t.Errorf("0.16.0 adds %d B of embedding slots, want 9,986,048", d)
	}
}
