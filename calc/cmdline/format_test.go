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
