package startlog

import (
	"os"
	"reflect"
	"strings"
	"testing"

	json "github.com/goccy/go-json"
)

// bigLog is about n bytes of a real startup log: the figures once, then
// the lines a long run keeps printing (request logs, metrics), as a user
// pastes a whole terminal.
func bigLog(n int) string {
	head := `INFO 04-15 00:05:30 [llm_engine.py:243] Initializing a V0 LLM engine (v0.8.3) with config: model='Qwen/Qwen2.5-VL-72B-Instruct', max_seq_len=8192, tensor_parallel_size=4, pipeline_parallel_size=1, enforce_eager=False
INFO 04-15 00:05:58 [worker.py:267] the current vLLM instance can use total_gpu_memory (39.38GiB) x gpu_memory_utilization (0.95) = 37.41GiB
INFO 04-15 00:05:58 [worker.py:267] model weights take 34.43GiB; non_torch_memory takes 0.34GiB; PyTorch activation peak memory takes 2.51GiB; the rest of the memory reserved for KV Cache is 0.13GiB.
`
	line := `INFO 04-15 00:07:12 [metrics.py:455] Avg prompt throughput: 0.0 tokens/s, Avg generation throughput: 12.3 tokens/s, Running: 1 reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: 3.1%, CPU KV cache usage: 0.0%.
`
	var b strings.Builder
	b.WriteString(head)
	for b.Len() < n {
		b.WriteString(line)
	}
	return b.String()
}

// BenchmarkParse1MB is the paste of a 1 MB terminal (make bench reports
// the page's own figure).
func BenchmarkParse1MB(b *testing.B) {
	text := bigLog(1 << 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Parse(text); err != nil {
			b.Fatal(err)
		}
	}
}

// Padding a log with a long run's request lines changes nothing it reads:
// the line filter that makes big pastes fast keeps every line a pattern
// can match. Checked on every quote of the committed ground truth.
func TestNoiseChangesNothing(t *testing.T) {
	noise := bigLog(200 << 10)
	noise = noise[strings.Index(noise, "INFO 04-15 00:07"):] // the request lines only
	for _, name := range []string{"../testdata/dev.jsonl", "../testdata/harvest.jsonl"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			var c struct {
				ID     string `json:"id"`
				Source struct {
					Quote string `json:"quote"`
				} `json:"source"`
			}
			if json.Unmarshal([]byte(line), &c) != nil || c.Source.Quote == "" {
				continue
			}
			// The quotes join lines with " | ": one line each again.
			quote := strings.ReplaceAll(c.Source.Quote, " | ", "\n")
			want, err1 := Parse(quote)
			got, err2 := Parse(noise + quote + "\n" + noise)
			if (err1 == nil) != (err2 == nil) {
				t.Errorf("%s: error %v, padded %v", c.ID, err1, err2)
				continue
			}
			if !reflect.DeepEqual(want.Figures, got.Figures) || want.Version != got.Version || want.Model != got.Model ||
				want.Engine != got.Engine || want.Platform != got.Platform || want.Error != got.Error {
				t.Errorf("%s: padding changed what is read:\n%+v\n%+v", c.ID, want, got)
			}
		}
	}
}
