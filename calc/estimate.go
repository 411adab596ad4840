package calc

// Estimate is what vLLM does with each device's memory at startup.
type Estimate struct {
	Resolved Resolved
	Ranks    []RankEstimate // one per distinct rank role (PP stage), with how many devices it covers
	Gates    []Gate         // in vLLM's order; the first failing one stops the launch
	Starts   bool
	Failure  *Gate // first failing gate, nil when it starts
	Fixes    []Fix // ranked; empty when it starts
	Log      []LogLine
	Notes    []Reason // what explains the estimate beyond its gates
	AutoFit  LogLine  // --max-model-len auto: the fit vLLM logs (empty otherwise)
	// Blocks, Tokens and Concurrency are the engine-wide figures: the
	// minimum block count over all workers (unify_kv_cache_configs; V0
	// ExecutorBase.determine_num_available_blocks).
	Blocks      int
	Tokens      int
	Concurrency float64
}

// RankEstimate is one rank role's memory.
type RankEstimate struct {
	Stage, Devices int
	Total          Bytes // T, what the runtime reports
	Budget         Bytes // u·T
	Others         Bytes // other programs on the device
	Context        Bytes // own CUDA/ACL context
	Comm           Bytes // NCCL/HCCL buffers
	NonTorch       Bytes // N as the budget subtracts it ("non_torch_memory")
	Weights        Weights
	Peak           Peak
	Activation     Bytes // A the budget subtracts (Peak.Total or the calibrated figure)
	Graphs         Graphs
	Warmup         Bytes // what the post-capture sampler warm-up allocates again
	KV             Bytes // KV-cache bytes (negative when the budget is overdrawn and not clamped)
	Blocks, Tokens int
	Concurrency    float64
	BytesPerToken  Bytes // KV bytes per token on this rank, all its layers
	KVGroups       int   // the KV cache groups the tokens are counted over (kvlayout.go): 1 without hybrid groups
	RequestBytes   Bytes // KV one max_model_len request needs on this rank
	MaxLen         int   // estimated maximum model length that fits in KV
	Free           Bytes // free memory at the startup snapshot
	Physical       Bytes // T − others − context − comm: all this instance can use
	Left           Bytes // free device memory after the KV cache is allocated
	// Ledger is the rank's memory at the end of startup, part by part:
	// the one accounting every figure on the page is drawn from.
	Ledger Ledger
}

// Compute estimates scenario s: resolve, cost, budget, gates, log lines
// and (when it does not start) the ranked fixes. The error names the bad
// field, e.g. `gpu_memory_utilization: must be in (0, 1], got 1.5`.
func Compute(s Scenario) (e Estimate, err error) {
	e, err = computeOnce(s)
	if err != nil || e.Starts {
		return e, err
	}
	e.Fixes = fixes(s, e)
	return e, nil
}

// Evaluate is Compute without the search for fixes: what vLLM does at
// startup, for callers that run many scenarios.
func Evaluate(s Scenario) (Estimate, error) { return computeOnce(s) }

// computeOnce is Compute without the fixes (fixes call it repeatedly).
func computeOnce(s Scenario) (e Estimate, err error) {
	defer func() {
		// Last line of defence: a cost function meeting input validate did
		// not foresee must not take the page down.
		if p := recover(); p != nil {
			e, err = Estimate{}, refuse("model: cannot be estimated (%v)", p)
		}
	}()
	r, err := Resolve(s)
	if err != nil {
		return Estimate{}, err
	}
	return estimate(r), nil
}

func estimate(r Resolved) Estimate {
	e := Estimate{Resolved: r}
	nt := nonTorch(&r)
	g := ComputeGraphs(&r)
	if r.EnforceEager {
		g = Graphs{}
	}
	for stage := 0; stage < r.PP; stage++ {
		w := ComputeWeights(&r, stage)
		p := ComputePeak(&r, stage)
		a := p.Total
		if c := r.Calibration; c != nil && c.Activation != nil {
			a = *c.Activation
		}
		var over *Bytes
		if r.Options.KVCacheMemoryBytes != nil && r.Engine.KVCacheMemoryBytes {
			over = r.Options.KVCacheMemoryBytes
		}
		warm := warmupBytes(&r, p)
		b := budget(budgetIn{
			Total: r.Device.Total, Nameplate: r.Device.Nameplate, U: r.Utilization,
			CeilRequest: r.Engine.CeilRequest,
			W:           w.Total, A: a, NT: nt,
			G: g.Bytes, GEst: appliedGraphEstimate(&r, g), Warmup: warm,
			Clamp: r.Engine.ClampAvailable, Halve: r.HalveKV, KVOverride: over,
			CommOut: !r.Engine.CommInBudget, MMIPC: r.MMIPC,
		})
		blocks := kvBlocks(&r, stage, b.KV)
		re := RankEstimate{
			Stage: stage, Devices: r.TP, Total: r.Device.Total, Budget: b.Requested,
			Others: nt.Others, Context: nt.Context, Comm: nt.Comm, NonTorch: nt.InBudget,
			Weights: w, Peak: p, Activation: a, Graphs: g, Warmup: warm, KV: b.KV,
			Blocks: blocks, Tokens: kvTokens(&r, stage, blocks), Concurrency: concurrency(&r, stage, blocks),
			BytesPerToken: BytesPerToken(&r, stage), KVGroups: len(layoutOf(&r, stage).windows), RequestBytes: requestBytes(&r, stage, r.MaxModelLen),
			MaxLen: estimateMaxLen(&r, stage, b.KV),
			Free:   b.Free, Physical: b.Physical, Left: b.Left, Ledger: b.Ledger,
		}
		e.Ranks = append(e.Ranks, re)
	}
	if r.AutoMaxModelLen {
		e.AutoFit = autoFit(&r, e.Ranks)
		e.Resolved = r
	}
	e.Blocks, e.Tokens, e.Concurrency = e.Ranks[0].Blocks, e.Ranks[0].Tokens, e.Ranks[0].Concurrency
	for _, rk := range e.Ranks[1:] {
		if rk.Blocks < e.Blocks {
			e.Blocks, e.Tokens, e.Concurrency = rk.Blocks, rk.Tokens, rk.Concurrency
		}
	}
	e.Gates = gates(&r, e.Ranks)
	e.Starts = true
	for i := range e.Gates {
		if !e.Gates[i].Pass {
			g := e.Gates[i]
			e.Failure, e.Starts = &g, false
			break
		}
	}
	e.Log = logLines(&r, &e)
	e.Notes = notes(&r, &e)
	for i := range e.Gates {
		if e.Failure != nil && i > gateIndex(e.Gates, e.Failure.ID) {
			e.Gates[i].Why = Reason{Key: WhyNotReached, Args: args("gate", e.Failure.ID)}
		}
	}
	return e
}

// KV is the smallest KV cache over all ranks (what the engine uses).
func (e Estimate) KV() Bytes {
	if len(e.Ranks) == 0 {
		return 0
	}
	kv := e.Ranks[0].KV
	for _, r := range e.Ranks[1:] {
		kv = min(kv, r.KV)
	}
	return kv
}
