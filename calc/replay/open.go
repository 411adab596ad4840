package replay

import (
	"vram/calc"
)

// A case that does not state gpu_memory_utilization or max_model_len
// leaves them open. Its verdict is still compared when it does not depend
// on them: the scenario is evaluated at both ends of every open setting
// (utilization 0.1 and 0.99; max_model_len 2,048 and the model's length)
// and every end must start, or fail at the same check. A profile that
// runs out of device memory fails whatever the budget, so such failures
// are compared; a start that a low utilization would stop is not. Only a
// case that names its release exactly is tried so: an approximate release
// is a third unknown.
var (
	openUtilization = []float64{0.1, 0.99}
	openMaxLen      = 2048
)

// stated reports which of the two settings the case fixes: set in its
// settings, or left at vLLM's default by a whole quoted command.
func stated(c Case) (util, maxLen bool) {
	return c.Settings.Utilization != nil || c.CommandComplete, c.Settings.MaxModelLen != nil || c.CommandComplete
}

// openVerdict evaluates s at the ends of the open settings: same says
// every end agrees with the estimate at the defaults (starts, failing check).
func openVerdict(c Case, s calc.Scenario, at calc.Estimate) (same bool) {
	util, maxLen := stated(c)
	utils := []*float64{s.Options.GPUMemoryUtilization}
	if !util {
		utils = []*float64{&openUtilization[0], &openUtilization[1]}
	}
	lens := []*int{s.Options.MaxModelLen}
	if !maxLen {
		short := min(openMaxLen, at.Resolved.MaxModelLen)
		lens = []*int{&short, nil}
	}
	for _, u := range utils {
		for _, l := range lens {
			v := s
			v.Options.GPUMemoryUtilization, v.Options.MaxModelLen = u, l
			e, err := calc.Evaluate(v)
			if err != nil || e.Starts != at.Starts || failing(e) != failing(at) {
				return false
			}
		}
	}
	return true
}

func failing(e calc.Estimate) string {
	if e.Failure == nil {
		return ""
	}
	return e.Failure.ID
}
