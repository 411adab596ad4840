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
	Value   string  // the new value as a person types it, e.g. "0.52", "16384", "auto"
	KVAfter Bytes   // KV cache after the fix (smallest rank)
	Starts  bool
	Fails   string // the gate that still fails, if any
	// MoreDevices: the fix needs devices the scenario does not have.
	MoreDevices bool
}

// Fix IDs.
const (
	FixUtilization    = "utilization"
	FixMaxModelLen    = "max-model-len"
	FixAutoMaxLen     = "max-model-len-auto"
	FixMaxPixels      = "max-pixels"
	FixMaxTiles       = "max-dynamic-patch"
	FixLimitVideo     = "limit-video"
	FixMaxNumSeqs     = "max-num-seqs"
	FixEnforceEager   = "enforce-eager"
	FixKVFP8          = "kv-fp8"
	FixKVCacheMemory  = "kv-cache-memory"
	FixTensorParallel = "tensor-parallel"
	FixFlashInfer     = "flashinfer-sampler"
	FixEncoderGraphs  = "encoder-graphs-off"
	FixVideoCPU       = "video-backend-cpu"
)

// FixIDs lists the fixes calc computes.
var FixIDs = []string{FixUtilization, FixMaxModelLen, FixAutoMaxLen, FixMaxPixels, FixMaxTiles, FixLimitVideo, FixMaxNumSeqs,
	FixEnforceEager, FixKVFP8, FixKVCacheMemory, FixTensorParallel, FixFlashInfer, FixEncoderGraphs, FixVideoCPU}

// fixer collects the fixes of one failing scenario.
type fixer struct {
	s    Scenario
	base Estimate
	out  []Fix
}

func (f *fixer) with(o Options) Scenario {
	c := f.s
	c.Options = f.s.Options.With(o)
	return c
}

func (f *fixer) starts(sc Scenario) bool {
	e, err := computeOnce(sc)
	return err == nil && e.Starts
}

// try keeps the change if it starts, or gets further than the base.
func (f *fixer) try(id string, sc Scenario, value string, tp int) {
	e, err := computeOnce(sc)
	if err != nil {
		return
	}
	x := Fix{ID: id, Options: sc.Options, TP: tp, Value: value, KVAfter: e.KV(), Starts: e.Starts, MoreDevices: tp > 0}
	if e.Failure != nil {
		x.Fails = e.Failure.ID
	}
	if x.Starts || helps(f.base, e) {
		f.out = append(f.out, x)
	}
}

// largest is the largest value ≤ cur−1 that starts, rounded down to a
// multiple of step where one still starts; 0 for none.
func (f *fixer) largest(cur, step int, set func(int) Options) int {
	lo, hi := 0, cur-1
	for lo < hi {
		mid := lo + (hi-lo+1)/2
		if f.starts(f.with(set(mid))) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo <= 0 || !f.starts(f.with(set(lo))) {
		return 0
	}
	if step > 1 && lo >= step {
		if r := lo / step * step; f.starts(f.with(set(r))) {
			return r
		}
	}
	return lo
}

// fixes computes the ranked fixes for a scenario that does not start:
// fixes that start first, then those on the devices at hand, then by the
// KV cache they leave.
func fixes(s Scenario, base Estimate) []Fix {
	f := &fixer{s: s, base: base}
	r := base.Resolved
	f.utilization(r)
	// max_model_len: a multiple of 1,024 (or of the block size) people type.
	step := 1024
	if r.MaxModelLen < step {
		step = max(r.BlockSize, 1)
	}
	if l := f.largest(r.MaxModelLen, step, func(v int) Options { return Options{MaxModelLen: &v} }); l > 0 {
		f.try(FixMaxModelLen, f.with(Options{MaxModelLen: &l}), strconv.Itoa(l), 0)
	}
	if r.Engine.AutoMaxModelLen && !r.AutoMaxModelLen {
		a := MaxModelLenAuto
		f.try(FixAutoMaxLen, f.with(Options{MaxModelLen: &a}), "auto", 0)
	}
	if v := r.Model.Vision; v != nil && r.MaxPixels > r.MinPixels {
		// Whole merged patches: a multiple of (patch · merge)².
		unit := v.PatchSize * max(v.SpatialMerge, 1)
		if p := f.largest(r.MaxPixels, unit*unit, func(x int) Options { x = max(x, r.MinPixels); return Options{MaxPixels: &x} }); p >= r.MinPixels && p > 0 {
			f.try(FixMaxPixels, f.with(Options{MaxPixels: &p}), strconv.Itoa(p), 0)
		}
	}
	if r.MaxDynamicPatch > 1 {
		// InternVL: fewer tiles make the largest image and its encoder pass smaller.
		if n := f.largest(r.MaxDynamicPatch, 1, func(v int) Options { return Options{MaxDynamicPatch: &v} }); n > 0 {
			f.try(FixMaxTiles, f.with(Options{MaxDynamicPatch: &n}), strconv.Itoa(n), 0)
		}
	}
	if r.Model.Vision != nil && r.LimitVideos > 0 {
		z := 0
		f.try(FixLimitVideo, f.with(Options{LimitVideos: &z}), "0", 0)
	}
	if n := f.largest(r.MaxNumSeqs, 8, func(v int) Options { return Options{MaxNumSeqs: &v} }); n > 0 {
		f.try(FixMaxNumSeqs, f.with(Options{MaxNumSeqs: &n}), strconv.Itoa(n), 0)
	}
	if !r.EnforceEager {
		t := true
		f.try(FixEnforceEager, f.with(Options{EnforceEager: &t}), "true", 0)
	}
	if r.KVBytes > 1 {
		f.try(FixKVFP8, f.with(Options{KVCacheDtype: "fp8"}), "fp8", 0)
	}
	if !r.FlashInferSampler && flashInferPossible(&r) {
		// An install with FlashInfer can run the dummy sampler's
		// top-k/top-p there, without PyTorch's sort.
		t := true
		f.try(FixFlashInfer, f.with(Options{FlashInferSampler: &t}), "1", 0)
	}
	f.offload(r)
	f.kvCacheMemory(r)
	f.tensorParallel(r)
	slices.SortStableFunc(f.out, func(a, b Fix) int {
		switch {
		case a.Starts != b.Starts:
			return map[bool]int{true: -1, false: 1}[a.Starts]
		case a.MoreDevices != b.MoreDevices:
			return map[bool]int{true: 1, false: -1}[a.MoreDevices]
		case a.KVAfter > b.KVAfter:
			return -1
		case a.KVAfter < b.KVAfter:
			return 1
		}
		return 0
	})
	return f.out
}

// utilization offers the lowest 0.01 step that starts or, when the
// failure comes from asking too much, the highest that starts.
func (f *fixer) utilization(r Resolved) {
	lowest, highest := UtilizationRange(f.s)
	if lowest == 0 {
		return
	}
	u := lowest
	if r.Utilization > highest {
		u = highest
	}
	f.try(FixUtilization, f.with(Options{GPUMemoryUtilization: &u}), strconv.FormatFloat(u, 'f', 2, 64), 0)
}

// offload offers to drop what an opt-in keeps on the device: the vision
// encoder's CUDA graphs (vitgraphs.go) and the API servers' GPU video
// decoders (mmipc.go).
func (f *fixer) offload(r Resolved) {
	if r.EncoderGraphs() {
		off := false
		f.try(FixEncoderGraphs, f.with(Options{EncoderGraphs: &off}), "false", 0)
	}
	if r.MMIPCDecoder > 0 {
		c := f.s
		c.Options.VideoBackend, c.Options.HWDecoders = "", nil // With cannot clear a string
		f.try(FixVideoCPU, c, "opencv", 0)
	}
}

// kvCacheMemory offers --kv-cache-memory-bytes at the value the release's
// ledger line would suggest "to fully utilize gpu memory" (free at startup
// less weights, peak, non-torch and graphs, less 150 MiB), where the
// release honours the flag.
func (f *fixer) kvCacheMemory(r Resolved) {
	if !r.Engine.KVCacheMemoryBytes || r.Options.KVCacheMemoryBytes != nil || len(f.base.Ranks) == 0 {
		return
	}
	full := Bytes(1 << 62)
	for i := range f.base.Ranks {
		_, b := KVSuggestions(&r, &f.base.Ranks[i])
		full = min(full, b)
	}
	if full <= 0 {
		return
	}
	f.try(FixKVCacheMemory, f.with(Options{KVCacheMemoryBytes: &full}), strconv.FormatInt(int64(full), 10), 0)
}

// tensorParallel offers the smallest larger power-of-two TP that divides
// the heads and starts; it needs more devices unless the scenario has them.
func (f *fixer) tensorParallel(r Resolved) {
	for tp := r.TP * 2; tp <= 8; tp *= 2 {
		if r.Model.Text.Heads%tp != 0 {
			continue
		}
		c := f.s
		c.TensorParallel = tp
		if c.DeviceCount > 0 {
			c.DeviceCount = max(c.DeviceCount, tp*r.PP)
		}
		if f.starts(c) {
			f.try(FixTensorParallel, c, strconv.Itoa(tp), tp)
			if f.s.DeviceCount >= tp*r.PP {
				f.out[len(f.out)-1].MoreDevices = false
			}
			return
		}
	}
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
