package calc

// Budget arithmetic of one rank (calc/README.md "The budget"), kept apart
// from the costs so it can be checked with hand-built W, A, N and G. It
// builds the rank's Ledger: every byte the budget subtracts or the device
// holds is one Part, so the chart, the table and the verdict draw the same
// accounting.

// budgetIn are the inputs of one rank's budget.
type budgetIn struct {
	Total     Bytes   // T: what mem_get_info reports
	Nameplate Bytes   // what smi reports as the device's memory (≥ T)
	U         float64 // gpu_memory_utilization
	// CeilRequest: requested = ceil(u·T) (request_memory, ≈v0.14+), else int(u·T).
	CeilRequest bool
	W, A        Bytes // weights; activation peak the budget subtracts
	NT          NonTorch
	G           Bytes  // graph memory captured after the KV cache
	GEst        Bytes  // the graph estimate subtracted from the budget (v0.21): G, or G without the encoder graphs; 0 when not
	Warmup      Bytes  // held after the post-capture sampler warm-up (V1 full sampler)
	Clamp       bool   // KV clamped at 0 (vllm-ascend ≤0.14)
	Halve       bool   // KV = (requested − consumed) // 2 (the 310P worker)
	KVOverride  *Bytes // --kv-cache-memory-bytes
	CommOut     bool   // NCCL created before the baseline snapshot (v0.11+): outside free_at_init
	MMIPC       Bytes  // --mm-ipc-gpu-memory-gb: taken from the KV cache after profiling
}

// budgetOut is the result of one rank's budget.
type budgetOut struct {
	Requested Bytes // u·T
	Free      Bytes // free memory at the startup snapshot
	Physical  Bytes // memory this instance can ever touch: T − others − context − comm
	KV        Bytes // KV-cache bytes (may be negative before a clamp)
	Held      Bytes // the half the 310P worker holds back from the KV cache
	MMIPC     Bytes // what the API server keeps for GPU media decoding
	Left      Bytes // free device memory after the KV cache is allocated
	Ledger    Ledger
}

// budget sizes the KV cache of one rank:
//
//	requested = u·T
//	KV        = requested − (W + A + N) [− G]      (memory_profiling)
//	            [// 2 on the 310P worker, the other half held back]
//	free      = T − others − context [− comm]      (snapshot at init_device)
//	left      = T − (others + context + comm + W + N_self + KV)
//
// N holds other programs and the own context only where the release folds
// them in (NonTorch.OthersIn); they are counted once either way.
func budget(in budgetIn) budgetOut {
	var o budgetOut
	o.Requested = Bytes(float64(in.Total) * in.U)
	if in.CeilRequest {
		o.Requested = Bytes(ceilFloat(float64(in.Total) * in.U))
	}
	o.Free = in.Total - in.NT.Others - in.NT.Context
	if in.CommOut {
		o.Free -= in.NT.Comm
	}
	o.Physical = in.Total - in.NT.Others - in.NT.Context - in.NT.Comm
	consumed := in.W + in.A + in.NT.InBudget
	consumed += in.GEst
	raw := o.Requested - consumed
	switch {
	case in.KVOverride != nil:
		o.KV = *in.KVOverride
		raw = o.KV
	default:
		o.KV = raw
		if in.Halve {
			o.KV = floorDiv(raw, 2) // Python's // floors
			o.Held = max(raw-o.KV, 0)
		}
		if in.Clamp && o.KV < 0 {
			o.KV = 0
		}
	}
	if in.MMIPC > 0 {
		// reserve_mm_ipc_gpu_memory: on both the profiled and the
		// --kv-cache-memory-bytes paths, after the "Available" line.
		o.MMIPC = min(in.MMIPC, max(o.KV, 0))
		o.KV -= in.MMIPC
	}
	used := in.NT.Others + in.NT.Context + in.NT.Comm + in.W + in.NT.Self + max(o.KV, 0)
	o.Left = in.Total - used
	o.Ledger = ledger(in, o.Requested, consumed, raw, max(o.KV, 0), o.Held, o.MMIPC)
	return o
}
