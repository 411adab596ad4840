package calc

import "testing"

// TestLogsAgainstRealLines rebuilds lines of real logs from their own
// figures: vLLM #16570 (V0, A100-40GB, u 0.95) and #10517 (V0, RTX 3090,
// 1952 blocks at max_model_len 20000).
func TestLogsAgainstRealLines(t *testing.T) {
	v0 := Engine{ID: "v0", Texts: TextRules{WeightsLog: "loading-gb", ProfileLog: "v0-block", BlocksLog: "v0-cuda", MaxLenError: "v0"}}
	r := &Resolved{Scenario: Scenario{Engine: v0, Device: Device{Platform: CUDA}}, Utilization: 0.95, MaxModelLen: 20000, BlockSize: 16, KVBytes: 2, TP: 1, PP: 1}
	r.Model.Text = TextConfig{Layers: 32, KVHeads: 8, HeadDim: 128, Heads: 32, Hidden: 4096}
	// 39.38 GiB × 0.95 = 37.411 GiB; KV = 37.411 − 34.43 − 0.34 − 2.51 = 0.131 GiB.
	total := FromGiB(39.38)
	k := RankEstimate{Total: total, Budget: Bytes(float64(total) * 0.95), Weights: Weights{Total: FromGiB(34.43)},
		NonTorch: FromGiB(0.34), Activation: FromGiB(2.51)}
	k.KV = k.Budget - k.Weights.Total - k.NonTorch - k.Activation
	// 1952 blocks × 16 / 20000 = 1.5616 → "1.56x".
	e := &Estimate{Ranks: []RankEstimate{k}, Starts: true, Blocks: 1952, Tokens: 1952 * 16, Concurrency: concurrency(r, 0, 1952)}
	got := map[string]bool{}
	for _, l := range logLines(r, e) {
		got[l.Text] = true
	}
	for _, want := range []string{
		"the current vLLM instance can use total_gpu_memory (39.38GiB) x gpu_memory_utilization (0.95) = 37.41GiB",
		"model weights take 34.43GiB; non_torch_memory takes 0.34GiB; PyTorch activation peak memory takes 2.51GiB; the rest of the memory reserved for KV Cache is 0.13GiB.",
		"Maximum concurrency for 20000 tokens per request: 1.56x",
	} {
		if !got[want] {
			t.Errorf("missing %q in %v", want, got)
		}
	}
}

// TestMessages checks the error texts against the spec's quoted wording.
func TestMessages(t *testing.T) {
	r := &Resolved{Scenario: Scenario{Engine: Engine{Texts: TextRules{FreeCheck: "v0.14"}}, Device: Device{Platform: CUDA}}, Utilization: 0.9}
	// calc/README.md "The startup check" real example: "Free memory on device cuda:0 (18.78/23.5 GiB) on startup is
	// less than desired GPU memory utilization (0.9, 21.15 GiB)." 23.5 × 0.9 = 21.15.
	k := &RankEstimate{Free: FromGiB(18.78), Total: FromGiB(23.5), Budget: FromGiB(21.15)}
	want := "Free memory on device cuda:0 (18.78/23.5 GiB) on startup is less than desired GPU memory utilization (0.9, 21.15 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes."
	if got := freeCheckText(r, k); got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	// V1 0.8.4–0.13 layout without an estimate: a double space (calc/README.md "The KV cache").
	r = &Resolved{Scenario: Scenario{Engine: Engine{Texts: TextRules{MaxLenError: "v1-0.8.4"}}}, MaxModelLen: 4096, V1: true}
	k = &RankEstimate{RequestBytes: FromGiB(0.5), KV: FromGiB(0.25)}
	want = "To serve at least one request with the models's max seq len (4096), (0.50 GiB KV cache is needed, which is larger than the available KV cache memory (0.25 GiB).  Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine."
	if got := maxLenText(r, k); got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	// v0.23+ (#42479), quoted from a 2026-06 log: "model's", the CPU-backend
	// note and the docs link; format_gib figures.
	r.Engine.Texts = TextRules{MaxLenError: "v1-0.23", DocsLinkTail: true}
	r.MaxModelLen = 40960
	k = &RankEstimate{RequestBytes: FromGiB(4.38), KV: FromGiB(1.31), MaxLen: 12288}
	want = "To serve at least one request with the model's max seq len (40960), (4.38 GiB KV cache is needed, which is larger than the available KV cache memory (1.31 GiB). Based on the available memory, the estimated maximum model length is 12288. Try increasing `gpu_memory_utilization` (which also controls CPU memory on the CPU backend) or decreasing `max_model_len` when initializing the engine. See https://docs.vllm.ai/en/latest/configuration/conserving_memory/ for more details."
	if got := maxLenText(r, k); got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
	// v0.9.1 (vllm#20305): "Free memory on device (31.44/47.38 GiB) on startup
	// is less than desired GPU memory utilization (0.95, 45.01 GiB)."
	r = &Resolved{Scenario: Scenario{Engine: Engine{Texts: TextRules{FreeCheck: "v0.9.1"}}, Device: Device{Platform: CUDA}}, Utilization: 0.95}
	k = &RankEstimate{Free: FromGiB(31.44), Total: FromGiB(47.38), Budget: FromGiB(45.01)}
	want = "Free memory on device (31.44/47.38 GiB) on startup is less than desired GPU memory utilization (0.95, 45.01 GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes."
	if got := freeCheckText(r, k); got != want {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}
