package cmdline

import (
	"strings"
	"testing"
)

// BenchmarkParseLarge is a command pasted with a long terminal around it:
// the parser's time must stay linear in the text.
func BenchmarkParseLarge(b *testing.B) {
	for _, n := range []int{64 << 10, 256 << 10, 1 << 20} {
		line := "INFO 04-15 00:07:12 [metrics.py:455] Avg prompt throughput: 0.0 tokens/s, Running: 1 reqs, GPU KV cache usage: 3.1%\n"
		text := "vllm serve Qwen/Qwen2.5-VL-7B-Instruct --max-model-len 8192 --gpu-memory-utilization 0.9 \\\n  --mm-processor-kwargs '{\"max_pixels\": 1920*1080}'\n" +
			strings.Repeat(line, n/len(line))
		b.Run(strings.TrimSuffix(strings.TrimSuffix(byteSize(n), "B"), " "), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				Parse(text)
			}
		})
	}
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return "1MiB"
	case n >= 256<<10:
		return "256KiB"
	}
	return "64KiB"
}
