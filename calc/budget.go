package calc

// Budget arithmetic of one rank (spec §1.2, §10 steps 2 and 7), kept apart
// from the costs so it can be checked with hand-built W, A, N and G.

// budgetIn are the inputs of one rank's budget.
type budgetIn struct {
	Total      Bytes   // T: what mem_get_info reports
	U          float64 // gpu_memory_utilization
	W, A       Bytes   // weights; activation peak
	NT         NonTorch
	G          Bytes  // graph memory
	GInBudget  bool   // G is estimated and subtracted (v0.21)
	Clamp      bool   // KV clamped at 0 (vllm-ascend ≤0.14)
	KVOverride *Bytes // --kv-cache-memory-bytes
	CommOut    bool   // NCCL created before the baseline snapshot (v0.11+): outside free_at_init
}

// budgetOut is the result of one rank's budget.
type budgetOut struct {
	Requested Bytes // u·T
	Free      Bytes // free memory at the startup snapshot
	Physical  Bytes // memory this instance can ever touch: T − others − context − comm
	KV        Bytes // KV-cache bytes (may be negative before a clamp)
	Left      Bytes // free device memory after the KV cache is allocated
}

// budget sizes the KV cache of one rank:
//
//	requested = u·T
//	KV        = requested − (W + A + N) [− G]      (memory_profiling; §1.2)
//	free      = T − others − context [− comm]      (snapshot at init_device)
//	left      = T − (others + context + comm + W + N_self + KV)
//
// N_self is N without the other programs and context that "global"
// families fold into it, since those are already counted once.
func budget(in budgetIn) budgetOut {
	var o budgetOut
	o.Requested = Bytes(float64(in.Total) * in.U)
	o.Free = in.Total - in.NT.Others - in.NT.Context
	if in.CommOut {
		o.Free -= in.NT.Comm
	}
	o.Physical = in.Total - in.NT.Others - in.NT.Context - in.NT.Comm
	switch {
	case in.KVOverride != nil:
		o.KV = *in.KVOverride
	default:
		o.KV = o.Requested - (in.W + in.A + in.NT.InBudget)
		if in.GInBudget {
			o.KV -= in.G
		}
		if in.Clamp && o.KV < 0 {
			o.KV = 0
		}
	}
	used := in.NT.Others + in.NT.Context + in.NT.Comm + in.W + in.NT.Self + max(o.KV, 0)
	o.Left = in.Total - used
	return o
}
