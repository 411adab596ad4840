package calc_test

import (
	"math"
	"strings"
	"testing"

	"vram/calc"
	"vram/presets"
)

func propertyScenarios(t *testing.T) []calc.Scenario {
	var out []calc.Scenario
	for _, fam := range []string{"vllm-0.7", "vllm-0.8.0", "vllm-0.9.1", "vllm-0.11", "vllm-0.21", "ascend-0.9", "ascend-0.15"} {
		for _, m := range []calc.Model{qwen3VL2B(), qwen25VL7B()} {
			s := calc.Scenario{Model: m, Device: a100(80), Engine: engine(t, fam), Options: calc.Options{MaxModelLen: ptr(8192)}}
			if s.Engine.Project == "vllm-ascend" {
				s.Device = ascend910B4()
				s.OtherProcesses = 2 * calc.GiB
			}
			if _, err := calc.Evaluate(s); err != nil && strings.Contains(err.Error(), "does not serve") {
				continue // Qwen3-VL before 0.11.0
			}
			out = append(out, s)
		}
	}
	return out
}

// More utilization never gives less KV cache.
func TestPropertyUtilizationMonotone(t *testing.T) {
	for _, s := range propertyScenarios(t) {
		prev := calc.Bytes(math.MinInt64)
		for i := 5; i <= 100; i += 5 {
			u := float64(i) / 100
			s.Options.GPUMemoryUtilization = &u
			e := mustCompute(t, s)
			if kv := e.KV(); kv < prev {
				t.Errorf("%s %s: KV fell from %v to %v at u=%v", s.Engine.ID, s.Model.ID, prev, kv, u)
			} else {
				prev = kv
			}
		}
	}
}

// A larger max_num_seqs never gives a smaller peak.
func TestPropertySeqsMonotone(t *testing.T) {
	for _, s := range propertyScenarios(t) {
		prev := calc.Bytes(-1)
		for _, n := range []int{1, 2, 8, 64, 256, 1024, 4096} {
			s.Options.MaxNumSeqs = &n
			e := mustCompute(t, s)
			if a := e.Ranks[0].Activation; a < prev {
				t.Errorf("%s %s: peak fell from %v to %v at max_num_seqs %d", s.Engine.ID, s.Model.ID, prev, a, n)
			} else {
				prev = a
			}
		}
	}
}

// GiB, tokens and bytes per token reconcile.
func TestPropertyReconcile(t *testing.T) {
	for _, s := range propertyScenarios(t) {
		for _, u := range []float64{0.3, 0.6, 0.9} {
			s.Options.GPUMemoryUtilization = &u
			e := mustCompute(t, s)
			for _, k := range e.Ranks {
				bs := calc.Bytes(e.Resolved.BlockSize)
				block := k.BytesPerToken * bs
				if k.Tokens != k.Blocks*e.Resolved.BlockSize {
					t.Errorf("tokens %d ≠ blocks %d × %d", k.Tokens, k.Blocks, bs)
				}
				if k.KV > 0 && (calc.Bytes(k.Blocks)*block > k.KV || calc.Bytes(k.Blocks+1)*block <= k.KV) {
					t.Errorf("%s: blocks %d × %d B do not floor KV %d", s.Engine.ID, k.Blocks, block, k.KV)
				}
				if k.KV <= 0 && k.Blocks != 0 {
					t.Errorf("blocks %d with KV %d", k.Blocks, k.KV)
				}
				L := e.Resolved.MaxModelLen
				need := calc.Bytes((L+int(bs)-1)/int(bs)) * block
				if k.RequestBytes != need {
					t.Errorf("request bytes %d, want ceil(L/bs)·block = %d", k.RequestBytes, need)
				}
			}
		}
	}
}

func FuzzCompute(f *testing.F) {
	f.Add(28, 2048, 16, 8, 128, 151936, 1, 0.9, 16384, 256, 8192, 16, int64(17e9), 1)
	f.Add(0, 0, 0, 0, 0, 0, 3, math.NaN(), -1, 0, 0, 0, int64(-1), 0)
	f.Add(1, 1, 1, 1, 1, 1, 1, 1.5, 1, 1, 1, 1, int64(1<<62), 2)
	for fam := 8; fam < 64; fam += 9 { // each other tower layout, on a vLLM or Ascend release
		f.Add(48, 2048, 32, 4, 128, 152064, 2, 0.9, 32768, 64, 8192, 16, int64(0), fam)
	}
	f.Fuzz(func(t *testing.T, layers, hidden, heads, kv, headDim, vocab, tp int, u float64, maxLen, seqs, tokens, block int, others int64, fam int) {
		ids := []string{"vllm-0.7", "vllm-0.8.0", "vllm-0.9.1", "vllm-0.11", "vllm-0.21", "vllm-0.28.0", "ascend-0.9", "ascend-0.15"}
		// fam also picks the model: Qwen3-VL-2B or a catalog model of each
		// other vision tower layout, its decoder's dimensions fuzzed.
		models := []string{"", "Qwen/Qwen3-Omni-30B-A3B-Instruct", "llava-hf/llava-onevision-qwen2-7b-ov-hf", "zai-org/GLM-4.1V-9B-Thinking",
			"openbmb/MiniCPM-V-2_6", "OpenGVLab/InternVL2_5-2B", "google/gemma-3-4b-it", "mistralai/Mistral-Small-3.1-24B-Instruct-2503"}
		k := ((fam % len(ids)) + len(ids)) % len(ids)
		m := qwen3VL2B()
		if id := models[((fam/len(ids))%len(models)+len(models))%len(models)]; id != "" {
			m, _ = presets.ModelByID(id)
		}
		m.Text.Layers, m.Text.Hidden, m.Text.Heads, m.Text.KVHeads, m.Text.HeadDim, m.Text.Vocab = layers, hidden, heads, kv, headDim, vocab
		dev := ascend910B4()
		if strings.HasPrefix(ids[k], "vllm") {
			dev = a100(80)
		}
		s := calc.Scenario{Model: m, Device: dev, Engine: engine(t, ids[k]), TensorParallel: tp, OtherProcesses: calc.Bytes(others)}
		s.Options = calc.Options{GPUMemoryUtilization: &u, MaxModelLen: &maxLen, MaxNumSeqs: &seqs, MaxNumBatchedTokens: &tokens, BlockSize: &block}
		e, err := calc.Compute(s)
		if err != nil && strings.HasPrefix(err.Error(), "model: cannot be estimated") {
			t.Fatalf("a cost function panicked: %v", err)
		}
		if err == nil && len(e.Ranks) == 0 {
			t.Fatal("no ranks and no error")
		}
	})
}
