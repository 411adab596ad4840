package cmdline

import (
	"strings"
	"testing"

	"vram/calc"
)

func TestFormatOnlySetOptions(t *testing.T) {
	u, l, px, vid := 0.36, 16384, 2073600, 0
	s := calc.Scenario{Model: calc.Model{ID: "Qwen/Qwen3-VL-2B-Instruct"}, TensorParallel: 2,
		Options: calc.Options{GPUMemoryUtilization: &u, MaxModelLen: &l, MaxPixels: &px, LimitVideos: &vid}}
	got := Format(s)
	for _, want := range []string{"vllm serve Qwen/Qwen3-VL-2B-Instruct", "--tensor-parallel-size 2", "--gpu-memory-utilization 0.36",
		"--max-model-len 16384", `--mm-processor-kwargs '{"max_pixels": 2073600}'`, `--limit-mm-per-prompt '{"video": 0}'`} {
		if !strings.Contains(got, want) {
			t.Errorf("command lacks %s:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{"--max-num-seqs", "--enforce-eager", "--kv-cache-dtype"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("unset option %s in the command", unwanted)
		}
	}
}

// InternVL's max_dynamic_patch travels through --mm-processor-kwargs and
// back; a tile count out of range is reported, not taken.
func TestMaxDynamicPatchRoundTrip(t *testing.T) {
	n := 6
	s := calc.Scenario{Model: calc.Model{ID: "OpenGVLab/InternVL3-8B"}, Options: calc.Options{MaxDynamicPatch: &n}}
	line := Format(s)
	if !strings.Contains(line, `--mm-processor-kwargs '{"max_dynamic_patch": 6}'`) {
		t.Fatalf("command: %s", line)
	}
	c, _ := Parse(line)
	if c.Options.MaxDynamicPatch == nil || *c.Options.MaxDynamicPatch != 6 {
		t.Errorf("parsed back %v", c.Options.MaxDynamicPatch)
	}
	bad, _ := Parse(`vllm serve OpenGVLab/InternVL3-8B --mm-processor-kwargs '{"max_dynamic_patch": 0}'`)
	if bad.Options.MaxDynamicPatch != nil {
		t.Errorf("max_dynamic_patch 0 taken: %d", *bad.Options.MaxDynamicPatch)
	}
}

// The LoRA flags are read and written back.
func TestLoRAFlagsRoundTrip(t *testing.T) {
	c, _ := Parse(`vllm serve Qwen/Qwen2.5-7B-Instruct --enable-lora --max-loras 4 --max-lora-rank 64 --max-cpu-loras 8`)
	o := c.Options
	if o.EnableLoRA == nil || !*o.EnableLoRA || o.MaxLoRAs == nil || *o.MaxLoRAs != 4 || o.MaxLoRARank == nil || *o.MaxLoRARank != 64 {
		t.Fatalf("parsed %+v", o)
	}
	line := Format(calc.Scenario{Model: calc.Model{ID: "Qwen/Qwen2.5-7B-Instruct"}, Options: o})
	for _, want := range []string{"--enable-lora", "--max-loras 4", "--max-lora-rank 64"} {
		if !strings.Contains(line, want) {
			t.Errorf("command lacks %s: %s", want, line)
		}
	}
}
