package calc

import (
	"fmt"
)

// LogLine is one line this version prints, with the file that prints it.
type LogLine struct {
	Text   string
	Source string
}

// logLines are the startup lines of the first rank role (spec §7), with the
// engine-wide block figures. Times ("... seconds") are not predicted and
// print as "…".
func logLines(r *Resolved, e *Estimate) []LogLine {
	if len(e.Ranks) == 0 {
		return nil
	}
	k := e.Ranks[0]
	t := r.Engine.Texts
	var out []LogLine
	add := func(src, f string, a ...any) { out = append(out, LogLine{Text: fmt.Sprintf(f, a...), Source: src}) }

	w := k.Weights.Total.GiB()
	switch t.WeightsLog {
	case "loading-gb":
		add("vllm/worker/model_runner.py", "Loading model weights took %.4f GB", w)
	case "model-loading-gb":
		add("vllm/v1/worker/gpu_model_runner.py", "Model loading took %.4f GB and … seconds", w)
	case "model-loading-gib", "model-loading-gib-memory":
		add("vllm/v1/worker/gpu_model_runner.py", "Model loading took %.4f GiB and … seconds", w)
	case "model-loading-gib-round":
		add("vllm/v1/worker/gpu_model_runner.py", "Model loading took %s GiB memory and … seconds", pyGiB(k.Weights.Total))
	}
	if it := k.Peak.Item; it.Budget > 0 && r.V1 {
		add("vllm/v1/worker/gpu_model_runner.py", "Encoder cache will be initialized with a budget of %d tokens, and profiled with %d %s items of the maximum feature size.", it.Budget, it.Count, it.Modality)
	}
	if !e.Starts && e.Failure != nil && (e.Failure.ID == GateFreeMemory || e.Failure.ID == GateWeights || e.Failure.ID == GateProfileOOM) {
		out = append(out, LogLine{Text: e.Failure.Message, Source: failureSource(r, e.Failure.ID)})
		return out
	}

	kv := max(k.KV, 0)
	profileLog, blocksLog := t.ProfileLog, t.BlocksLog
	if !r.V1 {
		// VLLM_USE_V1=0 on a V1 family: V0's worker and executor print.
		profileLog, blocksLog = "v0-block", "v0-cuda"
	}
	switch profileLog {
	case "v0-block":
		src := "vllm/worker/worker.py"
		add(src, "Memory profiling takes … seconds")
		add(src, "the current vLLM instance can use total_gpu_memory (%.2fGiB) x gpu_memory_utilization (%.2f) = %.2fGiB", k.Total.GiB(), r.Utilization, k.Budget.GiB())
		add(src, "model weights take %.2fGiB; non_torch_memory takes %.2fGiB; PyTorch activation peak memory takes %.2fGiB; the rest of the memory reserved for KV Cache is %.2fGiB.", w, k.NonTorch.GiB(), k.Activation.GiB(), k.KV.GiB())
	case "v1-available", "ascend-available":
		src := "vllm/v1/worker/gpu_worker.py"
		if t.ProfileLog == "ascend-available" {
			src = "vllm_ascend/worker/worker.py"
		}
		add(src, "Available KV cache memory: %.2f GiB", k.KV.GiB())
	case "ascend-raw":
		add("vllm_ascend/worker/worker_v1.py", "Available memory: %d, total memory: %d", int64(kv), int64(k.Total))
	}
	if e.Failure != nil && (e.Failure.ID == GateNoKV || e.Failure.ID == GateMaxLen) {
		out = append(out, LogLine{Text: e.Failure.Message, Source: failureSource(r, e.Failure.ID)})
		return out
	}

	switch blocksLog {
	case "v0-cuda", "v0-npu":
		dev := "cuda"
		if r.Device.Platform == Ascend {
			dev = "npu"
		}
		// CPU blocks: swap_space (4 GiB) / block bytes (CacheEngine).
		cpu := 0
		if bb := blockBytes(r, 0); bb > 0 {
			cpu = int(4 * GiB / bb)
		}
		add("vllm/executor/executor_base.py", "# %s blocks: %d, # CPU blocks: %d", dev, e.Blocks, cpu)
		add("vllm/executor/executor_base.py", "Maximum concurrency for %d tokens per request: %.2fx", r.MaxModelLen, e.Concurrency)
	default:
		add("vllm/v1/core/kv_cache_utils.py", "GPU KV cache size: %s tokens", Commas(e.Tokens))
		add("vllm/v1/core/kv_cache_utils.py", "Maximum concurrency for %s tokens per request: %.2fx", Commas(r.MaxModelLen), e.Concurrency)
	}
	if !r.EnforceEager && k.Graphs.Bytes > 0 {
		add("vllm/v1/worker/gpu_model_runner.py", "Graph capturing finished in … secs, took %.2f GiB", k.Graphs.Bytes.GiB())
	}
	if e.Failure != nil {
		out = append(out, LogLine{Text: e.Failure.Message, Source: failureSource(r, e.Failure.ID)})
	}
	return out
}

func failureSource(r *Resolved, id string) string {
	switch id {
	case GateFreeMemory:
		if r.Device.Platform == Ascend {
			return "vllm_ascend/worker/worker.py"
		}
		if r.Engine.Texts.FreeCheck == "v0.13" {
			return "vllm/v1/worker/utils.py"
		}
		return "vllm/v1/worker/gpu_worker.py"
	case GateNoKV, GateMaxLen:
		if !r.V1 {
			return "vllm/worker/worker.py"
		}
		return "vllm/v1/core/kv_cache_utils.py"
	}
	return "torch"
}
