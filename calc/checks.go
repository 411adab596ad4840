package calc

// Gate is one startup check, in the order vLLM runs them.
type Gate struct {
	ID      string
	Pass    bool
	Applies bool  // false: this release does not run the check (Pass is then true)
	Margin  Bytes // room left (negative: the shortfall), worst rank
	// Message is vLLM's exact text for this release when the gate fails.
	Message string
	// Why explains the outcome with this scenario's figures under this
	// release's rule (see explain.go).
	Why Reason
}

// Gate IDs, in vLLM's order.
const (
	GateFreeMemory = "free-memory"  // init_device startup check (#18974, vllm-ascend #6625)
	GateWeights    = "weights-fit"  // load_model
	GateProfileOOM = "profile-oom"  // profile_run exceeds physical memory
	GateNoKV       = "no-kv-memory" // "No available memory for the cache blocks"
	GateMaxLen     = "max-len-fits" // one max_model_len request fits
	GateKVInit     = "kv-init-fits" // allocating the KV tensors (the 310P's NZ conversion) fits
	GateGraphs     = "graphs-fit"   // graph capture and sampler warm-up after the KV allocation
)

// GateIDs lists the gates in vLLM's order.
var GateIDs = []string{GateFreeMemory, GateWeights, GateProfileOOM, GateNoKV, GateMaxLen, GateKVInit, GateGraphs}

// gates evaluates the startup checks on every rank, each on its worst rank.
func gates(r *Resolved, ranks []RankEstimate) []Gate {
	worst := func(f func(k *RankEstimate) Bytes) (Bytes, *RankEstimate) {
		var m Bytes
		var at *RankEstimate
		for i := range ranks {
			if v := f(&ranks[i]); at == nil || v < m {
				m, at = v, &ranks[i]
			}
		}
		return m, at
	}
	gs := []Gate{
		freeGate(r, worst), weightsGate(r, worst), profileGate(r, worst),
		noKVGate(r, ranks, worst), maxLenGate(r, ranks, worst), kvInitGate(r, worst), graphsGate(r, worst),
	}
	for i := range gs {
		if !gs[i].Applies {
			gs[i].Pass = true
		}
	}
	return gs
}

type worstFunc func(f func(k *RankEstimate) Bytes) (Bytes, *RankEstimate)

// freeGate: init_device's startup check (gpu_worker.py #18974, utils.py
// request_memory, vllm_ascend worker.py #6625).
func freeGate(r *Resolved, worst worstFunc) Gate {
	m, k := worst(func(k *RankEstimate) Bytes { return k.Free - k.Budget })
	g := Gate{ID: GateFreeMemory, Applies: r.Engine.StartupFreeCheck, Margin: m}
	g.Pass = !g.Applies || m >= 0
	g.Message = freeCheckText(r, k)
	g.Why = whyFree(r, k, g)
	return g
}

// weightsGate: load_model puts every weight of the rank on the device.
func weightsGate(r *Resolved, worst worstFunc) Gate {
	m, k := worst(func(k *RankEstimate) Bytes { return k.Physical - k.Weights.Total })
	g := Gate{ID: GateWeights, Applies: true, Pass: m >= 0, Margin: m, Message: oomText(r)}
	g.Why = whyWeights(r, k, g)
	return g
}

// profileGate: the profile run's peak (weights, activations, the non-torch
// growth) fits in what the process can touch.
func profileGate(r *Resolved, worst worstFunc) Gate {
	m, k := worst(func(k *RankEstimate) Bytes {
		return k.Physical - k.Weights.Total - k.Activation - k.Ledger.Part(PartNonTorch)
	})
	g := Gate{ID: GateProfileOOM, Applies: true, Pass: m >= 0, Margin: m, Message: oomText(r)}
	if v1Sampler(r) && k.Peak.Dominant == "sampler" {
		g.Message = samplerOOMText(r)
	}
	g.Why = whyProfile(r, k, g)
	return g
}

// noKVGate: "No available memory for the cache blocks" (V1
// check_enough_kv_cache_memory: available <= 0; V0
// raise_if_cache_size_invalid: num_gpu_blocks <= 0).
func noKVGate(r *Resolved, ranks []RankEstimate, worst worstFunc) Gate {
	override := r.Options.KVCacheMemoryBytes != nil && r.Engine.KVCacheMemoryBytes
	m, k := worst(func(k *RankEstimate) Bytes { return k.KV })
	pass := m > 0
	if !r.V1 {
		_, kb := worst(func(k *RankEstimate) Bytes { return Bytes(k.Blocks) })
		pass = kb.Blocks > 0
	}
	g := Gate{ID: GateNoKV, Applies: !override || r.MMIPC > 0, Pass: pass, Margin: m, Message: noKVText(r)}
	if r.MMIPC > 0 && k != nil && k.KV+r.MMIPC > 0 {
		// The reserve, not the profile, leaves nothing.
		g.Message = mmIPCText(r, k)
	}
	g.Why = whyNoKV(r, k, g, override)
	return g
}

// maxLenGate: one max_model_len request fits in the KV cache.
func maxLenGate(r *Resolved, ranks []RankEstimate, worst worstFunc) Gate {
	m, k := worst(func(k *RankEstimate) Bytes { return k.KV - k.RequestBytes })
	g := Gate{ID: GateMaxLen, Applies: true, Margin: m}
	if r.V1 {
		g.Pass = m >= 0
	} else {
		// V0: block_size × (num_gpu_blocks // pp) tokens ≥ max_model_len.
		minBlocks := k.Blocks
		for _, x := range ranks {
			minBlocks = min(minBlocks, x.Blocks)
		}
		g.Pass = v0MaxLenTokens(r, minBlocks) >= r.MaxModelLen
	}
	g.Message = maxLenText(r, k)
	g.Why = whyMaxLen(r, k, g)
	return g
}

// v0MaxLenTokens is the capacity V0's max_model_len check compares:
// block_size × num_gpu_blocks, divided by the stages from 0.8.0.
func v0MaxLenTokens(r *Resolved, blocks int) int {
	if r.Engine.V0MaxLenPerPP {
		blocks /= max(r.PP, 1)
	}
	return r.BlockSize * blocks
}

// kvInitGate: initialize_kv_cache turns the budget into tensors. On the
// 310P some vllm-ascend releases allocate ND buffers and convert them to
// the NZ layout (torch_npu.npu_format_cast allocates the copy while the
// buffer lives), which needs kvInitExtra more than the budget while it
// runs (calc/README.md "The 310P worker").
func kvInitGate(r *Resolved, worst worstFunc) Gate {
	m, k := worst(func(k *RankEstimate) Bytes { return captureMargin(k) - kvInitExtra(r, k) })
	hybrid := r.Engine.KV.HybridInitCopies > 0 && r.Model.Text.LinearAttention != nil
	g := Gate{ID: GateKVInit, Applies: r.Engine.KVInitCopy != "" && r.Device.SoC == "310P" || hybrid,
		Pass: m >= 0, Margin: m, Message: oomText(r)}
	g.Why = whyKVInit(r, k, g)
	return g
}

// kvInitExtra is what the KV initialisation holds beyond the KV tensors at
// its peak, on one rank: one layer's K and V ("layer"), one K or V
// ("tensor"), or every raw buffer at once ("all"; Engine.KVInitCopy).
func kvInitExtra(r *Resolved, k *RankEstimate) Bytes {
	if k == nil {
		return 0
	}
	var extra Bytes
	if n := r.Engine.KV.HybridInitCopies; n > 0 && r.Model.Text.LinearAttention != nil {
		// vllm-ascend gives layers sharing a KV tensor buffers of their own
		// (Engine.KV.HybridInitCopies).
		extra = Bytes(n) * Bytes(k.Blocks) * blockBytes(r, k.Stage)
	}
	if r.Device.SoC != "310P" {
		return extra
	}
	layer := Bytes(k.Blocks) * pageBytes(r)
	switch r.Engine.KVInitCopy {
	case "layer":
		return extra + layer
	case "tensor":
		return extra + layer/2
	case "all":
		return extra + Bytes(k.Blocks)*blockBytes(r, k.Stage)
	}
	return extra
}

// graphsGate: graph capture and the sampler warm-up after the KV
// allocation fit in what is left of the device.
func graphsGate(r *Resolved, worst worstFunc) Gate {
	m, k := worst(captureMargin)
	g := Gate{ID: GateGraphs, Applies: true, Pass: m >= 0, Margin: m, Message: oomText(r)}
	if v1Sampler(r) && (r.EnforceEager || k.Graphs.Bytes == 0) {
		g.Message = samplerOOMText(r)
	}
	g.Why = whyGraphs(r, k, g)
	return g
}

// v1Sampler reports whether the release runs V1's dummy sampler (on the
// sort path or not), which warms up again after capture and names itself
// when it runs out of memory.
func v1Sampler(r *Resolved) bool {
	s := r.Engine.Profile.Sampler
	return s == "full" || s == "sort"
}

// flashInferPossible reports whether the install may run V1's dummy
// sampler in FlashInfer: a CUDA device, V1's sampler, and a release with
// the path (#18608; profile.flashinfer_sampler).
func flashInferPossible(r *Resolved) bool {
	return r.Engine.Profile.FlashInferSampler && r.Device.Platform == CUDA && v1Sampler(r)
}

// warmupBytes is what the post-capture sampler warm-up allocates again
// and the allocator keeps (compile_or_warm_up_model, V1 with the full
// sampler: the same shape as the profile run's sampler).
func warmupBytes(r *Resolved, p Peak) Bytes {
	if v1Sampler(r) {
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
	room := l.Part(PartActivation) - l.Lacking // the reserve's piece on the device
	return l.Part(PartFree) + room - l.Short
}
