package calc

import (
	"fmt"
	"math"
	"strconv"
)

// Gate is one startup check, in the order vLLM runs them.
type Gate struct {
	ID      string
	Pass    bool
	Applies bool  // false: this version does not run the check (Pass is then true)
	Margin  Bytes // room left (negative: the shortfall), worst rank
	// Message is vLLM's exact text for this version when the gate fails.
	Message string
	// Values are the numbers behind it, for the UI (GiB with two
	// decimals, or plain integers).
	Values map[string]string
}

// Gate IDs, in vLLM's order.
const (
	GateFreeMemory = "free-memory"  // init_device startup check (#18974, vllm-ascend #6625)
	GateWeights    = "weights-fit"  // load_model
	GateProfileOOM = "profile-oom"  // profile_run exceeds physical memory
	GateNoKV       = "no-kv-memory" // "No available memory for the cache blocks"
	GateMaxLen     = "max-len-fits" // one max_model_len request fits
	GateGraphs     = "graphs-fit"   // graph capture and sampler warm-up after the KV allocation
)

const docsTail = " See https://docs.vllm.ai/en/latest/configuration/conserving_memory/ for more details."

// gates evaluates the startup checks on every rank and keeps the worst.
func gates(r *Resolved, ranks []RankEstimate) []Gate {
	worst := func(f func(rk *RankEstimate) Bytes) (Bytes, *RankEstimate) {
		var m Bytes
		var at *RankEstimate
		for i := range ranks {
			if v := f(&ranks[i]); at == nil || v < m {
				m, at = v, &ranks[i]
			}
		}
		return m, at
	}
	e := r.Engine
	tail := ""
	if e.Texts.DocsLinkTail {
		tail = docsTail
	}
	var gs []Gate

	// 1. Startup free-memory check (spec §1.4).
	m, rk := worst(func(k *RankEstimate) Bytes { return k.Free - k.Budget })
	g := Gate{ID: GateFreeMemory, Applies: e.StartupFreeCheck && r.V1, Margin: m,
		Values: map[string]string{"free_gib": gib(rk.Free), "total_gib": gib(rk.Total), "utilization": pyFloat(r.Utilization), "requested_gib": gib(rk.Budget)}}
	g.Pass = !g.Applies || m >= 0
	g.Message = freeCheckText(r, rk)
	gs = append(gs, g)

	// 2. Weights fit in what this instance can touch.
	m, rk = worst(func(k *RankEstimate) Bytes { return k.Physical - k.Weights.Total })
	gs = append(gs, Gate{ID: GateWeights, Applies: true, Pass: m >= 0, Margin: m, Message: oomText(r),
		Values: map[string]string{"weights_gib": gib(rk.Weights.Total), "physical_gib": gib(rk.Physical)}})

	// 3. The profile peak fits physically: W + A + the own non-torch growth.
	m, rk = worst(func(k *RankEstimate) Bytes {
		return k.Physical - k.Weights.Total - k.Activation - k.Ledger.Part(PartNonTorch)
	})
	msg := oomText(r)
	if r.V1 && e.Profile.Sampler == "full" && rk.Peak.Dominant == "sampler" {
		msg = samplerOOMText(r)
	}
	gs = append(gs, Gate{ID: GateProfileOOM, Applies: true, Pass: m >= 0, Margin: m, Message: msg,
		Values: map[string]string{"weights_gib": gib(rk.Weights.Total), "activation_gib": gib(rk.Activation), "physical_gib": gib(rk.Physical), "dominant": rk.Peak.Dominant}})

	// 4. No memory for the cache blocks (V1 check_enough_kv_cache_memory:
	// available <= 0; V0 raise_if_cache_size_invalid: num_gpu_blocks <= 0).
	override := r.Options.KVCacheMemoryBytes != nil && e.KVCacheMemoryBytes
	m, rk = worst(func(k *RankEstimate) Bytes { return k.KV })
	pass := m > 0
	if !r.V1 {
		_, rb := worst(func(k *RankEstimate) Bytes { return Bytes(k.Blocks) })
		pass = rb.Blocks > 0
	}
	gs = append(gs, Gate{ID: GateNoKV, Applies: !override, Pass: pass, Margin: m,
		Message: "No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine." + tail,
		Values:  map[string]string{"kv_gib": gib(rk.KV), "budget_gib": gib(rk.Budget)}})

	// 5. One max_model_len request fits (spec §2.8).
	m, rk = worst(func(k *RankEstimate) Bytes { return k.KV - k.RequestBytes })
	g = Gate{ID: GateMaxLen, Applies: true, Margin: m,
		Values: map[string]string{"max_model_len": strconv.Itoa(r.MaxModelLen), "needed_gib": gib(rk.RequestBytes), "kv_gib": gib(rk.KV), "estimated_max_len": strconv.Itoa(rk.MaxLen)}}
	if r.V1 {
		g.Pass = m >= 0
	} else {
		minBlocks := rk.Blocks
		for _, k := range ranks {
			minBlocks = min(minBlocks, k.Blocks)
		}
		capTokens := r.BlockSize * (minBlocks / max(r.PP, 1))
		g.Pass = capTokens >= r.MaxModelLen
		g.Values["kv_tokens"] = strconv.Itoa(capTokens)
	}
	g.Message = maxLenText(r, rk, tail)
	gs = append(gs, g)

	// 6. Graph capture and the sampler warm-up after the KV allocation fit
	// the memory left (spec §1.5 item 3, §1.6 item 5).
	m, rk = worst(captureMargin)
	msg = oomText(r)
	if r.V1 && e.Profile.Sampler == "full" && (r.EnforceEager || rk.Graphs.Bytes == 0) {
		msg = samplerOOMText(r)
	}
	gs = append(gs, Gate{ID: GateGraphs, Applies: true, Pass: m >= 0, Margin: m, Message: msg,
		Values: map[string]string{"graphs_gib": gib(rk.Graphs.Bytes), "sampler_gib": gib(rk.Warmup), "left_gib": gib(rk.Left), "graphs": strconv.Itoa(rk.Graphs.Count)}})

	for i := range gs {
		if !gs[i].Applies {
			gs[i].Pass = true
		}
	}
	return gs
}

// warmupBytes is what the post-capture sampler warm-up allocates again
// and the allocator keeps (compile_or_warm_up_model, V1 with the full
// sampler: the same shape as the profile run's sampler).
func warmupBytes(r *Resolved, p Peak) Bytes {
	if r.V1 && r.Engine.Profile.Sampler == "full" {
		return p.Sampler
	}
	return 0
}

// captureMargin is the device memory left once graph capture and the
// sampler warm-up have run after the KV allocation (negative: the
// shortfall). The activation reserve is free at that moment, so capture
// may use it.
func captureMargin(k *RankEstimate) Bytes {
	l := &k.Ledger
	return l.Part(PartFree) + l.Part(PartActivation) - l.Short
}

func freeCheckText(r *Resolved, k *RankEstimate) string {
	u := pyFloat(r.Utilization)
	switch r.Engine.Texts.FreeCheck {
	case "v0.13":
		dev := "cuda:0"
		if r.Device.Platform == Ascend {
			dev = "npu:0"
		}
		return fmt.Sprintf("Free memory on device %s (%s/%s GiB) on startup is less than desired GPU memory utilization (%s, %s GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.",
			dev, pyGiB(k.Free), pyGiB(k.Total), u, pyGiB(k.Budget))
	case "":
		return ""
	}
	// vllm/v1/worker/gpu_worker.py init_device @v0.9.1; vllm_ascend worker.py _init_device (#6625).
	return fmt.Sprintf("Free memory on device (%s/%s GiB) on startup is less than desired GPU memory utilization (%s, %s GiB). Decrease GPU memory utilization or reduce GPU memory used by other processes.",
		pyGiB(k.Free), pyGiB(k.Total), u, pyGiB(k.Budget))
}

func maxLenText(r *Resolved, k *RankEstimate, tail string) string {
	L := r.MaxModelLen
	variant := r.Engine.Texts.MaxLenError
	if !r.V1 {
		variant = "v0" // VLLM_USE_V1=0 on a V1 family runs V0's worker.py
	}
	switch variant {
	case "v0":
		capTokens := r.BlockSize * (k.Blocks / max(r.PP, 1))
		return fmt.Sprintf("The model's max seq len (%d) is larger than the maximum number of tokens that can be stored in KV cache (%d). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.", L, capTokens)
	case "v1-0.7":
		return fmt.Sprintf("To serve at least one request with the models's max seq len (%d), (%.2f GiB KV cache is needed, which is larger than the available KV cache memory (%.2f GiB). Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.", L, k.RequestBytes.GiB(), k.KV.GiB())
	}
	need, avail := fmt.Sprintf("%.2f", k.RequestBytes.GiB()), fmt.Sprintf("%.2f", k.KV.GiB())
	if r.Engine.Texts.MaxLenError == "v1-0.14" {
		need, avail = pyGiB(k.RequestBytes), pyGiB(k.KV)
	}
	est := ""
	if k.MaxLen > 0 {
		est = fmt.Sprintf("Based on the available memory, the estimated maximum model length is %d.", k.MaxLen)
	}
	return fmt.Sprintf("To serve at least one request with the models's max seq len (%d), (%s GiB KV cache is needed, which is larger than the available KV cache memory (%s GiB). %s Try increasing `gpu_memory_utilization` or decreasing `max_model_len` when initializing the engine.%s", L, need, avail, est, tail)
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
