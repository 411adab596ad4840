package calc

import (
	"slices"
	"strconv"
)

// Fix is one change to the launch, computed by re-running the estimate
// with it (never guessed).
type Fix struct {
	ID      string
	Options Options // the full Options after the fix
	TP      int     // tensor-parallel size after the fix; 0 = unchanged
	Value   string  // the new value, e.g. "0.52"
	KVAfter Bytes   // KV cache after the fix (smallest rank)
	Starts  bool
	Note    string // the gate that still fails, if any
}

// Fix IDs.
const (
	FixUtilization    = "utilization"
	FixMaxModelLen    = "max-model-len"
	FixMaxPixels      = "max-pixels"
	FixLimitVideo     = "limit-video"
	FixMaxNumSeqs     = "max-num-seqs"
	FixEnforceEager   = "enforce-eager"
	FixKVFP8          = "kv-fp8"
	FixTensorParallel = "tensor-parallel"
)

// fixes computes the ranked fixes for a scenario that does not start:
// fixes that start first, then by the KV cache they leave.
func fixes(s Scenario, base Estimate) []Fix {
	r := base.Resolved
	var out []Fix
	try := func(id string, sc Scenario, value string, tp int) {
		e, err := computeOnce(sc)
		if err != nil {
			return
		}
		f := Fix{ID: id, Options: sc.Options, TP: tp, Value: value, KVAfter: e.KV(), Starts: e.Starts}
		if e.Failure != nil {
			f.Note = e.Failure.ID
		}
		if f.Starts || helps(base, e) {
			out = append(out, f)
		}
	}
	with := func(o Options) Scenario { c := s; c.Options = s.Options.With(o); return c }
	starts := func(sc Scenario) bool { e, err := computeOnce(sc); return err == nil && e.Starts }

	// gpu_memory_utilization: the lowest 0.01 step that starts, or, when
	// the failure comes from asking too much, the highest that starts.
	lowest, highest := UtilizationRange(s)
	if lowest > 0 {
		u := lowest
		if r.Utilization > highest {
			u = highest
		}
		try(FixUtilization, with(Options{GPUMemoryUtilization: &u}), strconv.FormatFloat(u, 'f', 2, 64), 0)
	}

	// Largest value of an int option below the current one that starts.
	largest := func(cur int, set func(int) Options) int {
		lo, hi := 0, cur-1
		for lo < hi {
			mid := lo + (hi-lo+1)/2
			if starts(with(set(mid))) {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		if lo > 0 && starts(with(set(lo))) {
			return lo
		}
		return 0
	}
	if l := largest(r.MaxModelLen, func(v int) Options { return Options{MaxModelLen: &v} }); l > 0 {
		try(FixMaxModelLen, with(Options{MaxModelLen: &l}), strconv.Itoa(l), 0)
	}
	if r.Model.Vision != nil && r.MaxPixels > r.MinPixels {
		if p := largest(r.MaxPixels, func(v int) Options { v = max(v, r.MinPixels); return Options{MaxPixels: &v} }); p >= r.MinPixels && p > 0 {
			try(FixMaxPixels, with(Options{MaxPixels: &p}), strconv.Itoa(p), 0)
		}
	}
	if r.Model.Vision != nil && r.LimitVideos > 0 {
		z := 0
		try(FixLimitVideo, with(Options{LimitVideos: &z}), "0", 0)
	}
	if n := largest(r.MaxNumSeqs, func(v int) Options { return Options{MaxNumSeqs: &v} }); n > 0 {
		try(FixMaxNumSeqs, with(Options{MaxNumSeqs: &n}), strconv.Itoa(n), 0)
	}
	if !r.EnforceEager {
		t := true
		try(FixEnforceEager, with(Options{EnforceEager: &t}), "true", 0)
	}
	if r.KVBytes > 1 {
		try(FixKVFP8, with(Options{KVCacheDtype: "fp8"}), "fp8", 0)
	}
	for tp := r.TP * 2; tp <= 8; tp *= 2 {
		if r.Model.Text.Heads%tp != 0 {
			continue
		}
		c := s
		c.TensorParallel = tp
		if c.DeviceCount > 0 {
			c.DeviceCount = max(c.DeviceCount, tp*r.PP)
		}
		e, err := computeOnce(c)
		if err == nil && e.Starts {
			try(FixTensorParallel, c, strconv.Itoa(tp), tp)
			break
		}
	}
	slices.SortStableFunc(out, func(a, b Fix) int {
		if a.Starts != b.Starts {
			if a.Starts {
				return -1
			}
			return 1
		}
		switch {
		case a.KVAfter > b.KVAfter:
			return -1
		case a.KVAfter < b.KVAfter:
			return 1
		}
		return 0
	})
	return out
}

// helps reports whether after gets further than base: its first failing
// gate comes later in vLLM's order, or the same gate fails by less.
func helps(base, after Estimate) bool {
	if base.Failure == nil || after.Failure == nil {
		return after.Failure == nil
	}
	bi, ai := gateIndex(base.Gates, base.Failure.ID), gateIndex(after.Gates, after.Failure.ID)
	if ai != bi {
		return ai > bi
	}
	return after.Failure.Margin > base.Failure.Margin
}

func gateIndex(gs []Gate, id string) int {
	for i, g := range gs {
		if g.ID == id {
			return i
		}
	}
	return -1
}

// UtilizationRange is the lowest and the highest gpu_memory_utilization, in
// steps of 0.01, at which s starts (0, 0 when none does).
func UtilizationRange(s Scenario) (lowest, highest float64) {
	for i := 1; i <= 100; i++ {
		u := float64(i) / 100
		c := s
		c.Options = s.Options.With(Options{GPUMemoryUtilization: &u})
		if e, err := computeOnce(c); err == nil && e.Starts {
			if lowest == 0 {
				lowest = u
			}
			highest = u
		}
	}
	return lowest, highest
}
