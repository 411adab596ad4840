package calc_test

import (
	"fmt"
	"testing"

	"vram/calc"
	"vram/presets"
)

// ledgerScenarios is every preset under every engine release, calibrated
// and not, alone on its device and with TP and PP variations.
func ledgerScenarios(t *testing.T) map[string]calc.Scenario {
	t.Helper()
	out := map[string]calc.Scenario{}
	act, nt, gr := 3*calc.GiB/2, calc.GiB/3, calc.GiB/2
	for _, p := range presets.Presets() {
		base, err := p.Scenario()
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		for _, e := range presets.Engines() {
			for _, cal := range []bool{false, true} {
				for _, par := range [][2]int{{0, 0}, {2, 1}, {1, 3}} {
					s := base
					s.Engine = e
					if (s.Device.Platform == calc.Ascend) != (e.Project == "vllm-ascend") {
						continue
					}
					if par[0] > 0 {
						s.TensorParallel, s.PipelineParallel, s.DeviceCount = par[0], par[1], 0
					}
					if cal {
						s.Calibration = &calc.Calibration{Activation: &act, NonTorch: &nt, Graphs: &gr}
					}
					out[fmt.Sprintf("%s/%s/cal=%v/tp%d-pp%d", p.Name, e.ID, cal, par[0], par[1])] = s
				}
			}
		}
	}
	return out
}

// Every ledger adds up: the parts in the budget make the budget plus what
// is overdrawn; the physical parts and what stays free make the total; the
// process's footprint is its own parts; the gates read the same figures.
func TestPropertyLedgerAddsUp(t *testing.T) {
	n := 0
	for name, s := range ledgerScenarios(t) {
		e, err := calc.Evaluate(s)
		if err != nil {
			continue // e.g. TP that does not divide the heads: rejected with a message, tested elsewhere
		}
		n++
		for _, k := range e.Ranks {
			l := k.Ledger
			var in, on, beyond, own calc.Bytes
			for _, p := range l.Parts {
				if p.Bytes <= 0 {
					t.Errorf("%s: part %s = %v", name, p.Key, p.Bytes)
				}
				if p.Mechanism == "" {
					t.Errorf("%s: part %s names no mechanism", name, p.Key)
				}
				if p.InBudget {
					in += p.Bytes
				}
				if p.Beyond {
					beyond += p.Bytes
				} else {
					on += p.Bytes
				}
				if p.Own && !p.Beyond {
					own += p.Bytes
				}
			}
			if l.BudgetApplies && in != l.Budget+l.Overdrawn {
				t.Errorf("%s: in-budget parts %v ≠ budget %v + overdrawn %v", name, in, l.Budget, l.Overdrawn)
			}
			if l.BudgetApplies && l.Consumed+max(k.KV, 0) != l.Budget+l.Overdrawn {
				t.Errorf("%s: consumed %v + KV %v ≠ budget %v + overdrawn %v", name, l.Consumed, k.KV, l.Budget, l.Overdrawn)
			}
			if on != l.Total || beyond != l.Short+l.Lacking {
				t.Errorf("%s: on the device %v ≠ total %v, or beyond %v ≠ short %v + lacking %v", name, on, l.Total, beyond, l.Short, l.Lacking)
			}
			if own != l.Footprint {
				t.Errorf("%s: own parts %v ≠ footprint %v", name, own, l.Footprint)
			}
			if got := l.Part(calc.PartKV); got != max(k.KV, 0) {
				t.Errorf("%s: KV part %v ≠ KV %v", name, got, k.KV)
			}
			if got := l.Part(calc.PartWeights); got != k.Weights.Total {
				t.Errorf("%s: weights part %v ≠ weights %v", name, got, k.Weights.Total)
			}
			act := l.Part(calc.PartWarmup) + l.Part(calc.PartActivation) + l.Part(calc.PartGraphsInRes)
			if act != k.Activation {
				t.Errorf("%s: activation parts %v ≠ activation %v", name, act, k.Activation)
			}
			if k.Graphs.Bytes != l.Part(calc.PartGraphs)+l.Part(calc.PartGraphsInRes) {
				t.Errorf("%s: graph parts %v + %v ≠ graphs %v", name, l.Part(calc.PartGraphs), l.Part(calc.PartGraphsInRes), k.Graphs.Bytes)
			}
		}
		for _, g := range e.Gates {
			if g.ID == calc.GateGraphs && g.Applies && g.Pass != (worstShort(e) == 0) {
				t.Errorf("%s: graphs gate pass=%v but a rank is short %v", name, g.Pass, worstShort(e))
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d scenarios estimated", n)
	}
	t.Logf("%d scenarios", n)
}

func worstShort(e calc.Estimate) calc.Bytes {
	var m calc.Bytes
	for _, k := range e.Ranks {
		m = max(m, k.Ledger.Short)
	}
	return m
}
