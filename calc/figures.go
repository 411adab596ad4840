package calc

import "strconv"

// Figures are an estimate's key numbers by name, formatted as the page
// shows them (GiB with two decimals, counts with commas): what a preset's
// story template refers to, so its words cannot drift from its numbers.
// The first rank stands for the deployment; KV tokens and concurrency are
// the engine-wide figures.
func Figures(s Scenario, e Estimate) map[string]string {
	f := map[string]string{}
	if len(e.Ranks) == 0 {
		return f
	}
	r := e.Resolved
	k := e.Ranks[0]
	l := k.Ledger
	g := func(b Bytes) string { return gib(b) }
	f["release"] = r.Engine.Name
	f["core"] = map[bool]string{true: "V1", false: "V0"}[r.V1]
	f["verdict"] = map[bool]string{true: "starts", false: "fails"}[e.Starts]
	if e.Failure != nil {
		f["gate"] = e.Failure.ID
	}
	f["device"] = s.Device.Name
	f["total_gib"], f["nameplate_gib"] = g(k.Total), g(max(s.Device.Nameplate, k.Total))
	f["reserved_gib"] = g(l.Reserved)
	f["u"] = strconv.FormatFloat(r.Utilization, 'f', -1, 64)
	f["budget_gib"], f["free_gib"] = g(k.Budget), g(k.Free)
	f["others_gib"], f["context_gib"] = g(k.Others), g(k.Context)
	f["footprint_gib"] = g(l.Footprint)
	f["footprint_share"] = strconv.FormatFloat(100*float64(l.Footprint)/float64(max(s.Device.Nameplate, k.Total)), 'f', 1, 64)
	f["weights_gib"], f["activation_gib"] = g(k.Weights.Total), g(k.Activation)
	f["nontorch_gib"], f["graphs_gib"] = g(k.NonTorch), g(k.Graphs.Bytes)
	f["consumed_gib"], f["overdrawn_gib"], f["short_gib"] = g(l.Consumed), g(l.Overdrawn), g(l.Short)
	f["kv_gib"] = g(max(e.KV(), 0))
	f["kv_tokens"] = Commas(e.Tokens)
	f["concurrency"] = strconv.FormatFloat(e.Concurrency, 'f', 2, 64)
	f["max_model_len"] = Commas(r.MaxModelLen)
	f["default_max_model_len"] = Commas(derivedMaxLen(r.Model.Text))
	f["max_num_seqs"], f["max_num_batched_tokens"] = Commas(r.MaxNumSeqs), Commas(r.MaxNumBatchedTokens)
	f["request_gib"], f["est_max_len"] = g(k.RequestBytes), Commas(k.MaxLen)
	it := k.Peak.Item
	f["item_modality"], f["item_count"] = it.Modality, strconv.Itoa(it.Count)
	f["item_tokens"], f["item_max_tokens"] = Commas(it.Tokens), Commas(it.MaxTokens)
	f["dominant"] = k.Peak.Dominant
	f["others_rule"] = rule(&r, "others_in_budget")
	f["lowest_u"] = LowestUtilization(s)
	f["encoder_gib"], f["sampler_gib"], f["decoder_gib"] = g(k.Peak.Encoder), g(k.Peak.Sampler), g(k.Peak.Decoder)
	return f
}

// LowestUtilization is the lowest gpu_memory_utilization (0.01 steps) at
// which s starts, as the page writes it ("0.79"), or "none".
func LowestUtilization(s Scenario) string {
	lo, _ := UtilizationRange(s)
	if lo == 0 {
		return "none"
	}
	return strconv.FormatFloat(lo, 'f', 2, 64)
}

// OthersForFootprint is the memory other programs must hold for this
// process to show footprint in nvidia-smi / npu-smi after startup: where
// the release counts other programs against u·T, the process gets what
// they leave of the budget, so a smaller footprint means more held by
// others. It returns false when no amount in [0, total] gives it (a
// per-instance release's footprint does not depend on others).
func OthersForFootprint(s Scenario, footprint Bytes) (Bytes, bool) {
	at := func(o Bytes) (Bytes, bool) {
		c := s
		c.OtherProcesses = o
		e, err := computeOnce(c)
		if err != nil || len(e.Ranks) == 0 {
			return 0, false
		}
		return e.Ranks[0].Ledger.Footprint, true
	}
	lo, hi := Bytes(0), s.Device.Total
	fLo, ok1 := at(lo)
	fHi, ok2 := at(hi)
	if !ok1 || !ok2 || footprint > fLo || footprint < fHi || fLo == fHi {
		return 0, false
	}
	for hi-lo > MiB/16 {
		mid := lo + (hi-lo)/2
		f, ok := at(mid)
		if !ok {
			return 0, false
		}
		if f > footprint {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2, true
}
