package calc_test

import (
	"strconv"
	"testing"

	"vram/calc"
	"vram/presets"
)

func fixByID(e calc.Estimate, id string) *calc.Fix {
	for i := range e.Fixes {
		if e.Fixes[i].ID == id {
			return &e.Fixes[i]
		}
	}
	return nil
}

// Qwen3-VL-2B at its default 262,144 tokens on an A100 40GB: one request
// needs 28 GiB of KV cache, more than the budget leaves. The fixes are
// computed and typed the way people type them.
func TestFixesAreTypeable(t *testing.T) {
	for _, rel := range []string{"vllm-0.11.0", "vllm-0.14.0"} {
		u := 0.85 // 0.85 × 39.38 GiB less 6.6 GiB of weights, peak and workspaces < the 28 GiB one request needs
		s := calc.Scenario{Model: qwen3VL2B(), Device: a100(40), Engine: engine(t, rel), Options: calc.Options{GPUMemoryUtilization: &u}}
		e := mustCompute(t, s)
		if failID(e) != calc.GateMaxLen {
			t.Fatalf("%s: want %s, got %q", rel, calc.GateMaxLen, failID(e))
		}
		f := fixByID(e, calc.FixMaxModelLen)
		if f == nil || !f.Starts {
			t.Fatalf("%s: no max-model-len fix: %+v", rel, e.Fixes)
		}
		l, _ := strconv.Atoi(f.Value)
		if l%1024 != 0 || l > e.Ranks[0].MaxLen {
			t.Errorf("%s: max_model_len fix %d: want a multiple of 1,024 at most the estimated %d", rel, l, e.Ranks[0].MaxLen)
		}
		// --max-model-len auto only where the release has it (#29431, 0.14).
		if a := fixByID(e, calc.FixAutoMaxLen); (a != nil) != (rel == "vllm-0.14.0") || (a != nil && (!a.Starts || a.Value != "auto")) {
			t.Errorf("%s: auto fix %+v", rel, a)
		}
		// --kv-cache-memory-bytes exists from 0.10.2; its value is vLLM's
		// "fully utilize" suggestion.
		k := fixByID(e, calc.FixKVCacheMemory)
		if k == nil {
			t.Errorf("%s: no --kv-cache-memory-bytes fix", rel)
			continue
		}
		r := e.Resolved
		_, full := calc.KVSuggestions(&r, &e.Ranks[0])
		if k.Value != strconv.FormatInt(int64(full), 10) {
			t.Errorf("%s: kv-cache-memory %s, want %d", rel, k.Value, full)
		}
	}
	// max_pixels in whole merged patches: a multiple of 32² for Qwen3-VL.
	u := 0.3
	s := calc.Scenario{Model: qwen3VL2B(), Device: a100(40), Engine: engine(t, "vllm-0.11.0"), Options: calc.Options{GPUMemoryUtilization: &u, MaxModelLen: ptr(65536)}}
	e := mustCompute(t, s)
	if f := fixByID(e, calc.FixMaxPixels); f != nil {
		if p, _ := strconv.Atoi(f.Value); p%1024 != 0 {
			t.Errorf("max_pixels fix %d is not whole 32×32 patches", p)
		}
	}
}

// A fix that needs more devices ranks after the fixes on the devices at
// hand: the 32B does not fit one A100 40GB, so TP is the only way.
func TestFixMoreDevicesLast(t *testing.T) {
	s := calc.Scenario{Model: qwen25VL32B(), Device: a100(40), Engine: engine(t, "vllm-0.11.0"), Options: calc.Options{MaxModelLen: ptr(8192), EnforceEager: ptrB(true)}}
	e := mustCompute(t, s)
	if failID(e) != calc.GateWeights {
		t.Fatalf("want %s, got %q", calc.GateWeights, failID(e))
	}
	f := fixByID(e, calc.FixTensorParallel)
	if f == nil || !f.MoreDevices || !f.Starts {
		t.Fatalf("tensor-parallel fix %+v", f)
	}
	seen := false
	for _, x := range e.Fixes {
		if x.MoreDevices {
			seen = true
		} else if seen && x.Starts {
			t.Errorf("%s ranks after a fix that needs more devices", x.ID)
		}
	}
}

func ptrB(b bool) *bool { return &b }

// InternVL3-78B at TP 8 on L40S (44.4 GiB) at 0.6.6.post1 with 16 images a
// prompt: 208 tiles in one ViT pass leave no KV cache at utilization 0.8.
// Fewer tiles an image (mm_processor_kwargs max_dynamic_patch) is offered,
// and the value offered starts.
func TestFixMaxDynamicPatch(t *testing.T) {
	u, l, img := 0.8, 8192, 16
	m, _ := presets.ModelByID("OpenGVLab/InternVL3-78B")
	d, _ := presets.DeviceByID("l40s")
	s := calc.Scenario{Model: m, Device: d, Engine: engine(t, "vllm-0.6.6.post1"), TensorParallel: 8,
		Options: calc.Options{GPUMemoryUtilization: &u, MaxModelLen: &l, LimitImages: &img}}
	e := mustCompute(t, s)
	if e.Starts {
		t.Fatalf("starts at u 0.8: %+v", e.Ranks[0].KV)
	}
	f := fixByID(e, calc.FixMaxTiles)
	if f == nil || !f.Starts {
		t.Fatalf("no max_dynamic_patch fix: %+v", e.Fixes)
	}
	n, _ := strconv.Atoi(f.Value)
	if n < 1 || n >= 12 {
		t.Errorf("max_dynamic_patch %d, want 1-11", n)
	}
	s.Options.MaxDynamicPatch = &n
	if e2 := mustCompute(t, s); !e2.Starts || e2.Resolved.MaxDynamicPatch != n {
		t.Errorf("with max_dynamic_patch %d: starts %v, resolved %d", n, e2.Starts, e2.Resolved.MaxDynamicPatch)
	}
}

// Qwen3-32B on one H100 at 0.11.0 and 32,768 tokens (the llmd run that
// failed): 1,024 sampler rows of 151,936 logits at 38 B take 5.5 GiB of
// the peak. Where FlashInfer is installed the sampler needs 14 B a logit:
// 1,024 × 151,936 × 24 B = 3.48 GiB more KV cache (4.45 → 7.93 GiB), still
// short of the 8 GiB one request needs, so it is offered as a step; at
// 0.8.3 the sort runs whatever is installed, so it is not offered.
func TestFixFlashInferSampler(t *testing.T) {
	m, _ := presets.ModelByID("Qwen/Qwen3-32B")
	d, _ := presets.DeviceByID("h100-80gb")
	l := 32768
	s := calc.Scenario{Model: m, Device: d, Engine: engine(t, "vllm-0.11.0"), Options: calc.Options{MaxModelLen: &l}}
	e := mustCompute(t, s)
	if e.Starts {
		t.Fatalf("starts: KV %v", e.Ranks[0].KV)
	}
	f := fixByID(e, calc.FixFlashInfer)
	if f == nil || f.Value != "1" || f.Options.FlashInferSampler == nil || !*f.Options.FlashInferSampler {
		t.Fatalf("no FlashInfer fix: %+v", e.Fixes)
	}
	if d := (f.KVAfter - e.Ranks[0].KV).GiB(); d < 3.4 || d > 3.6 {
		t.Errorf("FlashInfer frees %.2f GiB of KV, want 3.48", d)
	}
	s.Engine = engine(t, "vllm-0.8.3")
	if old := mustCompute(t, s); fixByID(old, calc.FixFlashInfer) != nil {
		t.Error("FlashInfer offered at 0.8.3, whose V1 sampler sorts anyway")
	}
}
