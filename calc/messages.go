package calc

import (
	"fmt"
	"math"
	"strconv"
)

// vLLM's own words for each startup check, by release (TextRules). The
// figures are formatted the way each release's Python formats them.

const docsTail = " See https://docs.vllm.ai/en/latest/configuration/conserving_memory/ for more details."

// tail is the docs link the release appends to its KV-cache errors.
func tail(r *Resolved) string {
	if r.Engine.Texts.DocsLinkTail {
		return docsTail
	}
	return ""
}

// freeCheckText is the startup check's ValueError (gpu_worker.py
// init_device v0.9.1–0.13, utils.py request_memory v0.14+ with the device
// name, vllm_ascend worker.py _init_device v0.15+).
func freeCheckText(r *Resolved, k *RankEstimate) string {
	u := pyFloat(r.Utilization)
	dev := ""
	switch r.Engine.Texts.FreeCheck {
	case "":
		return ""
	case "v0.14":
		dev = "cuda:0 "
		if r.Device.Platform == Ascend {
			dev = "npu:0 "
		}
	}
	return fmt.Sprintf("Free memory on device %s(%s/%s GiB) on startup is less than desired GPU memory utilization (%s, %s GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.",
		dev, pyGiB(k.Free), pyGiB(k.Total), u, pyGiB(k.Budget))
}

// noKVText is "No available memory for the cache blocks" (V0
// raise_if_cache_size_invalid, V1 check_enough_kv_cache_memory).
func noKVText(r *Resolved) string {
	if r.Engine.Texts.MaxLenError == "v1-0.23" {
		return "No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine (this flag also controls CPU memory reservation on the CPU backend, despite its name)." + tail(r)
	}
	return "No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine." + tail(r)
}

// mmIPCText is reserve_mm_ipc_gpu_memory's error when the reserve leaves
// no KV cache; from #49753 it also names hw_decoders.
func mmIPCText(r *Resolved, k *RankEstimate) string {
	reduce := "Reduce mm_ipc_gpu_memory_gb, use"
	if r.Engine.VideoDecoders == VideoDecodersHW {
		reduce = "Reduce mm_ipc_gpu_memory_gb or hw_decoders, use"
	}
	return "frontend multimodal GPU decoding reserves " + gib(r.MMIPC) + " GiB (" + gib(r.MMIPCRaw) + " GiB raw-frame budget, " + gib(r.MMIPCDecoder) + " GiB decoder cache budget), but only " +
		gib(max(k.KV+r.MMIPC, 0)) + " GiB is available for the KV cache. " + reduce + " a different video backend, or increase gpu_memory_utilization."
}

// maxLenText is the "one max_model_len request" error of the release.
func maxLenText(r *Resolved, k *RankEstimate) string {
	L := r.MaxModelLen
	switch r.Engine.Texts.MaxLenError {
	case "v0":
		capTokens := v0MaxLenTokens(r, k.Blocks)
		return fmt.Sprintf("The model's max seq len (%d) is larger than the maximum number of tokens that can be stored in KV cache (%d). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.", L, capTokens)
	case "v1-0.7":
		return fmt.Sprintf("To serve at least one request with the models's max seq len (%d), (%.2f GiB KV cache is needed, which is larger than the available KV cache memory (%.2f GiB). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.", L, k.RequestBytes.GiB(), k.KV.GiB())
	}
	need, avail := fmt.Sprintf("%.2f", k.RequestBytes.GiB()), fmt.Sprintf("%.2f", k.KV.GiB())
	model, cpu := "models's", ""
	switch r.Engine.Texts.MaxLenError {
	case "v1-0.14":
		need, avail = pyGiB(k.RequestBytes), pyGiB(k.KV)
	case "v1-0.23":
		need, avail = pyGiB(k.RequestBytes), pyGiB(k.KV)
		model, cpu = "model's", " (which also controls CPU memory on the CPU backend)"
	}
	est := ""
	if k.MaxLen > 0 {
		est = fmt.Sprintf("Based on the available memory, the estimated maximum model length is %d.", k.MaxLen)
	}
	return fmt.Sprintf("To serve at least one request with the %s max seq len (%d), (%s GiB KV cache is needed, which is larger than the available KV cache memory (%s GiB). %s Try increasing `gpu_memory_utilization`%s or decreasing `max_model_len` when initializing the engine.%s", model, L, need, avail, est, cpu, tail(r))
}

// oomText is the allocator's out-of-memory error (its tail, with the
// sizes, depends on the allocation and is not predicted).
func oomText(r *Resolved) string {
	if r.Device.Platform == Ascend {
		return "RuntimeError: NPU out of memory."
	}
	return "torch.OutOfMemoryError: CUDA out of memory."
}

// samplerOOMText: vllm/v1/worker/gpu_model_runner.py _dummy_sampler_run.
func samplerOOMText(r *Resolved) string {
	return fmt.Sprintf("CUDA out of memory occurred when warming up sampler with %d dummy requests. Please try lowering `max_num_seqs` or `gpu_memory_utilization` when initializing the engine.", min(r.MaxNumSeqs, r.MaxNumBatchedTokens))
}

// gib formats b as GiB with two decimals, for Values.
func gib(b Bytes) string { return strconv.FormatFloat(b.GiB(), 'f', 2, 64) }

// pyGiB is Python's str(round(b / 2**30, 2)) (format_gib, and the
// round(x, 2) the startup check prints): no trailing zeros.
func pyGiB(b Bytes) string { return pyFloat(math.Round(b.GiB()*100) / 100) }

// pyFloat is Python's str(float): shortest repr, at least one decimal.
func pyFloat(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	for _, c := range s {
		if c == '.' {
			return s
		}
	}
	return s + ".0"
}
