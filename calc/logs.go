package calc

import (
	"fmt"
	"strings"
)

// LogLine is one line this release prints, with the file that prints it.
type LogLine struct {
	Text   string
	Source string // the file of vLLM or vllm-ascend that prints it ("vllm/v1/worker/gpu_worker.py")
}

// logLines are the startup lines of the first rank role (calc/README.md
// "Log lines"), in the order the release prints them, with the
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
	fail := func(ids ...string) bool {
		if e.Failure == nil {
			return false
		}
		for _, id := range ids {
			if e.Failure.ID == id {
				out = append(out, LogLine{Text: e.Failure.Message, Source: failureSource(r, id)})
				return true
			}
		}
		return false
	}

	if r.Origins["use-v1"].Why.Key == OriginModelV0 {
		// arg_utils.py _is_v1_supported_oracle (_raise_or_fallback), 0.8–0.10.
		add("vllm/engine/arg_utils.py", "['MllamaForConditionalGeneration'] is not supported by the V1 Engine. Falling back to V0.")
	}
	mambaLines(r, add)
	if g := r.Engine.Graphs; g.StreamCap > 0 && len(k.Graphs.Sizes) > 0 {
		// update_aclgraph_sizes, at config time (platform.py check_and_update_config).
		add("vllm_ascend/utils.py", "Calculated maximum supported batch sizes for ACL graph: %d", aclMaxSizes(r, g.StreamCap))
	}
	weightsLine(r, k, add)
	if it := k.Peak.Item; it.Budget > 0 && r.V1 {
		add(runnerFile(r), "Encoder cache will be initialized with a budget of %d tokens, and profiled with %d %s items of the maximum feature size.", it.Budget, it.Count, it.Modality)
	}
	if r.Model.Vision != nil && visionKind(&r.Model) == vitMllama {
		// EncoderDecoderModelRunner.profile_run, when the model has multimodal tokens.
		add("vllm/worker/enc_dec_model_runner.py", "Starting profile run for multi-modal models.")
	}
	if fail(GateFreeMemory, GateWeights, GateProfileOOM) {
		return out
	}
	profileLines(r, k, add)
	if r.MMIPC > 0 && k.KV > 0 {
		add("vllm/multimodal/gpu_ipc_memory.py", "%s", r.reserveLine(k.KV))
	}
	if e.AutoFit.Text != "" {
		out = append(out, e.AutoFit)
	}
	if fail(GateNoKV, GateMaxLen) {
		return out
	}
	blocksLines(r, e, add)
	if fail(GateKVInit) {
		return out
	}
	graphLines(r, k, add)
	if t.LedgerLog != "" {
		add(workerFile(r), "%s", ledgerText(r, &k))
	}
	fail(GateGraphs)
	return out
}

// profileLines are the release's lines for the profile run's budget.
func profileLines(r *Resolved, k RankEstimate, add func(src, f string, a ...any)) {
	kv := max(k.KV, 0)
	switch t := r.Engine.Texts; t.ProfileLog {
	case "v0-block":
		src := "vllm/worker/worker.py"
		add(src, "Memory profiling takes … seconds")
		add(src, "the current vLLM instance can use total_gpu_memory (%.2fGiB) x gpu_memory_utilization (%.2f) = %.2fGiB", k.Total.GiB(), r.Utilization, k.Budget.GiB())
		add(src, "model weights take %.2fGiB; non_torch_memory takes %.2fGiB; PyTorch activation peak memory takes %.2fGiB; the rest of the memory reserved for KV Cache is %.2fGiB.", k.Weights.Total.GiB(), k.NonTorch.GiB(), k.Activation.GiB(), k.KV.GiB())
	case "v0-results", "v0-results-typo":
		// worker.py @v0.6.4 (#9352): one line; 0.6.4 prints "Gib" once.
		unit := "GiB"
		if t.ProfileLog == "v0-results-typo" {
			unit = "Gib"
		}
		w := k.Weights.Total
		add("vllm/worker/worker.py", "Memory profiling results: total_gpu_memory=%.2fGiB initial_memory_usage=%.2fGiB peak_torch_memory=%.2fGiB memory_usage_post_profile=%.2f"+unit+" non_torch_memory=%.2fGiB kv_cache_size=%.2fGiB gpu_memory_utilization=%.2f",
			k.Total.GiB(), (k.Others + k.Context + k.Comm + w).GiB(), (w + k.Activation).GiB(), (w + k.NonTorch).GiB(), k.NonTorch.GiB(), k.KV.GiB(), r.Utilization)
	case "v1-available":
		// Printed before reserve_mm_ipc_gpu_memory takes its share.
		add("vllm/v1/worker/gpu_worker.py", "Available KV cache memory: %.2f GiB", (k.KV + r.MMIPC).GiB())
	case "v1-available-round":
		add("vllm/v1/worker/gpu_worker.py", "Available KV cache memory: %s GiB", pyGiB(k.KV+r.MMIPC))
	case "ascend-available":
		add("vllm_ascend/worker/worker.py", "Available KV cache memory: %.2f GiB", k.KV.GiB())
	case "ascend-raw":
		add("vllm_ascend/worker/worker_v1.py", "Available memory: %d, total memory: %d", int64(kv), int64(k.Total))
	case "ascend-raw-float":
		// The unclamped float (worker_v1.py @v0.8.5rc1).
		add("vllm_ascend/worker/worker_v1.py", "Available memory: %s, total memory: %d", pyFloat(float64(k.Ledger.KVRaw)), int64(k.Total))
	}
}

// graphLines are the graph capture's lines (and, where the budget took
// the graph estimate, the pool line beside it).
func graphLines(r *Resolved, k RankEstimate, add func(src, f string, a ...any)) {
	if !r.EnforceEager && k.Graphs.Bytes > 0 {
		if r.Engine.Texts.GraphLog == "secs" {
			// model_runner.py up to 0.6.3.post1: no memory figure (#10027).
			add(runnerFile(r), "Graph capturing finished in … secs.")
		} else {
			add(runnerFile(r), "Graph capturing finished in … secs, took %.2f GiB", k.Graphs.Bytes.GiB())
		}
		if r.GraphsInBudget && r.Engine.Project == "vllm" {
			// After capture, beside the estimate the budget subtracted (#30515):
			// 100 · |actual − estimated| / max(actual, 1). The model's estimate
			// is its capture.
			act, est := k.Graphs.Bytes, appliedGraphEstimate(r, k.Graphs)
			d := act - est
			if d < 0 {
				d = -d
			}
			add("vllm/v1/worker/gpu_model_runner.py", "CUDA graph pool memory: %s GiB (actual), %s GiB (estimated), difference: %s GiB (%.1f%%).",
				pyGiB(act), pyGiB(est), pyGiB(d), 100*float64(d)/float64(max(act, 1)))
		}
	}
}

// weightsLine is "Model loading took …" in the release's wording.
func weightsLine(r *Resolved, k RankEstimate, add func(src, f string, a ...any)) {
	w := k.Weights.Total.GiB()
	switch r.Engine.Texts.WeightsLog {
	case "loading-gb":
		add(runnerFile(r), "Loading model weights took %.4f GB", w)
	case "model-loading-gb":
		add(runnerFile(r), "Model loading took %.4f GB and … seconds", w)
	case "model-loading-gib":
		add(runnerFile(r), "Model loading took %.4f GiB and … seconds", w)
	case "model-loading-gib-memory":
		add(runnerFile(r), "Model loading took %.4f GiB memory and … seconds", w)
	case "model-loading-gib-round":
		add(runnerFile(r), "Model loading took %s GiB memory and … seconds", pyGiB(k.Weights.Total))
	}
}

// blocksLines are the KV-capacity lines.
func blocksLines(r *Resolved, e *Estimate, add func(src, f string, a ...any)) {
	switch r.Engine.Texts.BlocksLog {
	case "v0-cuda", "v0-npu", "v0-gpu", "v0-gpu-noconc":
		dev := "cuda"
		if r.Device.Platform == Ascend {
			dev = "npu"
		}
		src := "vllm/executor/executor_base.py"
		if strings.HasPrefix(r.Engine.Texts.BlocksLog, "v0-gpu") {
			// gpu_executor.py / distributed_gpu_executor.py up to 0.6.6.post1.
			dev, src = "GPU", "vllm/executor/gpu_executor.py"
		}
		// CPU blocks: swap_space (4 GiB) / block bytes (CacheEngine).
		cpu := 0
		if bb := blockBytes(r, 0); bb > 0 {
			cpu = int(4 * GiB / bb)
		}
		add(src, "# %s blocks: %d, # CPU blocks: %d", dev, e.Blocks, cpu)
		if r.Engine.Texts.BlocksLog != "v0-gpu-noconc" {
			// From 0.6.3 (#8831).
			add(src, "Maximum concurrency for %d tokens per request: %.2fx", r.MaxModelLen, e.Concurrency)
		}
	case "v1-combined":
		// _report_kv_cache_config: tokens = int(max_concurrency × max_model_len).
		tokens := int(e.Concurrency * float64(r.MaxModelLen))
		add("vllm/v1/core/kv_cache_utils.py", "GPU KV cache size: %s tokens, Maximum concurrency for %s tokens per request: %.2fx", Commas(tokens), Commas(r.MaxModelLen), e.Concurrency)
	default:
		add("vllm/v1/core/kv_cache_utils.py", "GPU KV cache size: %s tokens", Commas(e.Tokens))
		add("vllm/v1/core/kv_cache_utils.py", "Maximum concurrency for %s tokens per request: %.2fx", Commas(r.MaxModelLen), e.Concurrency)
	}
}

// ledgerText is the one INFO line with the whole ledger and the two
// --kv-cache-memory values the release suggests (gpu_worker.py
// compile_or_warm_up_model; vllm_ascend worker.py after capture_model).
func ledgerText(r *Resolved, k *RankEstimate) string {
	fit, full := KVSuggestions(r, k)
	w, a, n, g := pyGiB(k.Weights.Total), pyGiB(k.Activation), pyGiB(k.NonTorch), pyGiB(k.Graphs.Bytes)
	head := fmt.Sprintf("Free memory on device (%s/%s GiB) on startup. Desired GPU memory utilization is (%s, %s GiB). ",
		pyGiB(k.Free), pyGiB(k.Total), pyFloat(r.Utilization), pyGiB(k.Budget))
	kv := max(k.KV, 0)
	switch r.Engine.Texts.LedgerLog {
	case "v0.10.2":
		return head + fmt.Sprintf("Actual usage is %s GiB for weight, %s GiB for peak activation, %s GiB for non-torch memory, and %s GiB for CUDAGraph memory. Replace gpu_memory_utilization config with `--kv-cache-memory=%d` to fit into requested memory, or `--kv-cache-memory=%d` to fully utilize gpu memory. Current kv cache memory in use is %d bytes.",
			w, a, n, g, fit, full, kv)
	case "v0.26":
		return head + fmt.Sprintf("Actual usage is %s GiB for weight, %s GiB for peak activation, %s GiB for non-torch memory, and %s GiB for CUDAGraph memory. Replace gpu_memory_utilization config with `--kv-cache-memory=%d` (%s GiB) to fit into requested memory, or `--kv-cache-memory=%d` (%s GiB) to fully utilize gpu memory. Current kv cache memory in use is %s GiB.",
			w, a, n, g, fit, pyGiB(fit), full, pyGiB(full), pyGiB(kv))
	case "consumed":
		consumed := pyGiB(k.Weights.Total + k.NonTorch)
		return head + fmt.Sprintf("Actual usage is %s GiB for consumed memory (weights + non-torch), %s GiB for peak activation, and %s GiB for CUDAGraph memory. Replace gpu_memory_utilization config with `--kv-cache-memory=%d` (%s GiB) to fit into requested memory, or `--kv-cache-memory=%d` (%s GiB) to fully utilize gpu memory. Current kv cache memory in use is %s GiB.",
			consumed, pyGiB(k.Activation+appliedGraphEstimate(r, k.Graphs)), g, fit, pyGiB(fit), full, pyGiB(full), pyGiB(kv))
	case "ascend":
		return head + fmt.Sprintf("Actual usage: %s GiB for weights, %s GiB for peak activation, %s GiB for non-torch memory, %s GiB for NPU graph memory. Replace gpu_memory_utilization with `--kv-cache-memory=%d` (%s GiB) to fit into requested memory, or `--kv-cache-memory=%d` (%s GiB) to fully utilize NPU free memory. Current KV cache memory: %s GiB.",
			w, a, n, g, fit, pyGiB(fit), full, pyGiB(full), pyGiB(kv))
	}
	return ""
}

// suggestionMargin is the 150 MiB the suggestions keep back.
const suggestionMargin = 150 * MiB

// KVSuggestions are the two --kv-cache-memory values a release's ledger
// line suggests for rank k: fit = requested − non_kv − 150 MiB ("to fit
// into requested memory") and full = free at startup − non_kv − 150 MiB
// ("to fully utilize gpu memory", which leaves nothing for peaks). non_kv
// is weights + activation peak + non-torch + the graph pool; from #49208
// the activation figure also holds the applied graph estimate, so graphs
// count twice (vLLM #57936).
func KVSuggestions(r *Resolved, k *RankEstimate) (fit, full Bytes) {
	nonKV := k.Weights.Total + k.Activation + k.NonTorch + k.Graphs.Bytes
	if r.Engine.Texts.LedgerLog == "consumed" {
		nonKV += appliedGraphEstimate(r, k.Graphs)
	}
	return k.Budget - nonKV - suggestionMargin, k.Free - nonKV - suggestionMargin
}

// appliedGraphEstimate is the graph estimate the budget subtracted.
func appliedGraphEstimate(r *Resolved, g Graphs) Bytes {
	if r.GraphsInBudget && !r.EnforceEager {
		return g.Estimated
	}
	return 0
}

func runnerFile(r *Resolved) string {
	switch {
	case r.Engine.Project == "vllm-ascend" && r.V1:
		return "vllm_ascend/worker/model_runner_v1.py"
	case r.Engine.Project == "vllm-ascend":
		return "vllm_ascend/worker/model_runner.py"
	case r.V1:
		return "vllm/v1/worker/gpu_model_runner.py"
	}
	return "vllm/worker/model_runner.py"
}

func workerFile(r *Resolved) string {
	if r.Engine.Project == "vllm-ascend" {
		return "vllm_ascend/worker/worker.py"
	}
	return "vllm/v1/worker/gpu_worker.py"
}

func failureSource(r *Resolved, id string) string {
	switch id {
	case GateFreeMemory:
		if r.Engine.Project == "vllm-ascend" {
			return "vllm_ascend/worker/worker.py"
		}
		if r.Engine.Texts.FreeCheck == "v0.14" {
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
