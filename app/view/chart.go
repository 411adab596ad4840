package view

import "vram/calc"

// Part keys, in the order the chart stacks them. The i18n keys are
// "part.<key>" and "part.<key>.help".
const (
	PartWeights  = "weights"
	PartPeak     = "peak"
	PartNonTorch = "nontorch"
	PartOthers   = "others"
	PartContext  = "context" // own CUDA/ACL context and communicator buffers
	PartKV       = "kv"
	PartGraphs   = "graphs"
	PartFree     = "free"
	PartReserved = "reserved" // nameplate minus the reported total (firmware, ECC)
)

// Segment is one stacked piece of a device's memory.
type Segment struct {
	Key      string
	Bytes    calc.Bytes
	InBudget bool    // counted inside gpu_memory_utilization x total in this version
	Start    float64 // offset on the bar, percent of the scale
	Width    float64 // percent of the scale
	Share    float64 // percent of the reported total
}

// Bar is one device's memory laid out on a common scale.
type Bar struct {
	Segments []Segment
	Scale    calc.Bytes // the bar's full width: the nameplate, or the total if larger
	BudgetAt float64    // percent position of the budget line (u x total)
	TotalAt  float64    // percent position of the reported total
	Overflow bool       // the parts exceed the reported total
}

// Chart lays out one rank's memory: first what the budget holds (in vLLM's
// accounting order), then what lives outside it, then what is left free.
func Chart(r calc.RankEstimate, nameplate calc.Bytes) Bar {
	total := r.Total
	scale := total
	if nameplate > scale {
		scale = nameplate
	}
	var in, out []Segment
	add := func(key string, b calc.Bytes, inBudget bool) {
		if b <= 0 {
			return
		}
		s := Segment{Key: key, Bytes: b, InBudget: inBudget}
		if inBudget {
			in = append(in, s)
		} else {
			out = append(out, s)
		}
	}
	add(PartOthers, r.Others, r.OthersInBudget)
	add(PartContext, r.Context, r.OthersInBudget)
	add(PartWeights, r.Weights.Total, true)
	add(PartPeak, r.Peak.Total, true)
	add(PartNonTorch, r.NonTorch, true)
	add(PartKV, r.KV, true)
	add(PartGraphs, r.Graphs.Bytes, r.GraphsInBudget)
	segs := append(in, out...)
	var used calc.Bytes
	for _, s := range segs {
		used += s.Bytes
	}
	if free := total - used; free > 0 {
		segs = append(segs, Segment{Key: PartFree, Bytes: free})
	}
	if reserve := nameplate - total; reserve > 0 {
		segs = append(segs, Segment{Key: PartReserved, Bytes: reserve})
	}
	b := Bar{Scale: scale, Overflow: used > total}
	if used > scale {
		scale = used
		b.Scale = used
	}
	var at float64
	for _, s := range segs {
		s.Start = at
		s.Width = pct(s.Bytes, scale)
		s.Share = pct(s.Bytes, total)
		at += s.Width
		b.Segments = append(b.Segments, s)
	}
	b.BudgetAt = pct(r.Budget, scale)
	b.TotalAt = pct(total, scale)
	return b
}

func pct(b, of calc.Bytes) float64 {
	if of <= 0 {
		return 0
	}
	return 100 * float64(b) / float64(of)
}
