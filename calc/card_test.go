package calc_test

import (
	"testing"

	"vram/calc"
)

// instance is Qwen3-VL-2B at max_model_len 8192 and utilization u on
// release rel, on whatever card it is played.
func instance(t *testing.T, rel string, u float64) *calc.Scenario {
	return &calc.Scenario{Model: qwen3VL2B(), Device: ascend910B4(), Engine: engine(t, rel),
		Options: calc.Options{GPUMemoryUtilization: ptr(u), MaxModelLen: ptr(8192)}}
}

// alone is the instance's startup on an empty card: its figures are the
// W, A, N, G of the hand derivations below.
func alone(t *testing.T, s *calc.Scenario) calc.RankEstimate {
	e := mustCompute(t, *s)
	if !e.Starts {
		t.Fatalf("%s alone does not start: %s", s.Engine.ID, failID(e))
	}
	return e.Ranks[0]
}

func near(a, b calc.Bytes) bool { return a-b < calc.MiB && b-a < calc.MiB }

// Two instances of Qwen3-VL-2B, u = 0.45 each, on one 910B4
// (T = 29.49 GiB, u·T = 13.27 GiB). The first starts on an empty card and
// holds its footprint F₁; the second starts with F₁ held by "others".
func TestCardTwoInstances910B4(t *testing.T) {
	d := ascend910B4()
	T := d.Total
	R := calc.Bytes(float64(T) * 0.45)
	for _, c := range []struct {
		rel string
		// second: the second instance starts; gate: where it stops.
		second bool
		gate   string
	}{
		// vllm-ascend 0.11.0rc1, global semantics, no startup check: the
		// second's KV = R − W − A − ctx − self − F₁ with F₁ ≈ R − A + G
		// (13.2 GiB): about −5.8 GiB, clamped to 0 → "no KV memory".
		{"ascend-0.11.0rc1", false, calc.GateNoKV},
		// 0.15.0rc1 adds the startup check and still subtracts others:
		// free = T − F₁ − ctx ≈ 15.3 GiB ≥ R passes, and the KV budget is
		// the same negative figure as under 0.11, now unclamped.
		{"ascend-0.15.0rc1", false, calc.GateNoKV},
		// 0.18.0rc1 (#7427), per instance: the check passes (15.3 ≥
		// 13.27) and the second's budget is its own: KV = R − W − A − self,
		// the same as the first's, so both start.
		{"ascend-0.18.0rc1", true, ""},
	} {
		a := instance(t, c.rel, 0.45)
		first := alone(t, a)
		rs := []calc.Resident{{Name: "A", Instance: a}, {Name: "B", Instance: instance(t, c.rel, 0.45)}}
		run, err := calc.PlayCard(d, rs, []int{0, 1})
		if err != nil {
			t.Fatal(err)
		}
		s1, s2 := run.Steps[0], run.Steps[1]
		if !s1.Starts || !near(s1.Holds, first.Ledger.Footprint) || s1.Others != 0 {
			t.Errorf("%s: the first on an empty card: %+v", c.rel, s1)
		}
		// The second sees exactly what the first holds.
		if s2.Others != s1.Holds {
			t.Errorf("%s: the second sees %v held, the first holds %v", c.rel, s2.Others, s1.Holds)
		}
		if s2.Starts != c.second || !c.second && s2.Estimate.Failure.ID != c.gate {
			t.Errorf("%s: second starts=%v (%s), want %v (%s)", c.rel, s2.Starts, failID(s2.Estimate), c.second, c.gate)
		}
		if c.second {
			// Per instance: the second's KV is the first's, and the card
			// holds both footprints.
			k2 := s2.Estimate.Ranks[0]
			if !near(k2.KV, first.KV) || !near(s2.Free, T-2*first.Ledger.Footprint) {
				t.Errorf("%s: second KV %v (first %v), free %v", c.rel, k2.KV, first.KV, s2.Free)
			}
		} else if k2 := s2.Estimate.Ranks[0]; c.rel == "ascend-0.11.0rc1" {
			// Global: what the budget subtracts includes the first's
			// footprint: raw KV = R − (W + A + ctx + self + F₁).
			want := R - (k2.Weights.Total + k2.Activation + k2.Context + k2.Ledger.Part(calc.PartNonTorch) + s1.Holds)
			if !near(k2.Ledger.KVRaw, want) {
				t.Errorf("0.11: second's raw KV %v, want %v", k2.Ledger.KVRaw, want)
			}
		}
		if run.AllStart != c.second {
			t.Errorf("%s: AllStart %v", c.rel, run.AllStart)
		}
	}
}

// The largest utilization the first of two 0.18 instances can take so
// that the second (u = 0.45) still passes its startup check: the second
// needs T − F₁ − ctx ≥ 0.45·T, and per instance the first holds its
// context outside its budget: F₁ = ctx + u₁·T − A + G, so
// u₁ ≤ (0.55·T − 2·ctx + A − G)/T ≈ 0.547.
func TestCardMaxUtilization(t *testing.T) {
	d := ascend910B4()
	a, b := instance(t, "ascend-0.18.0rc1", 0.45), instance(t, "ascend-0.18.0rc1", 0.45)
	rs := []calc.Resident{{Instance: a}, {Instance: b}}
	k := alone(t, a)
	T := float64(d.Total)
	want := (0.55*T - 2*float64(k.Context) + float64(k.Activation) - float64(k.Graphs.Bytes+k.Warmup)) / T
	got := calc.MaxCardUtilization(d, rs, []int{0, 1}, 0)
	if got > want+0.005 || got < want-0.015 {
		t.Errorf("largest u for the first: %.2f, derived %.3f", got, want)
	}
}

// Two instances of Qwen2.5-VL-7B on an A100 80GB at u = 0.45: vLLM 0.8.3
// (V1, global semantics) starts the first only; 0.11.0 (per instance,
// startup check) starts both.
func TestCardTwoInstancesA100(t *testing.T) {
	d := a100(80)
	mk := func(rel string) *calc.Scenario {
		return &calc.Scenario{Model: qwen25VL7B(), Device: d, Engine: engine(t, rel),
			Options: calc.Options{GPUMemoryUtilization: ptr(0.45), MaxModelLen: ptr(16384)}}
	}
	for _, c := range []struct {
		rel  string
		both bool
	}{
		// 0.8.3: u·T = 35.66 GiB less the first's footprint (≈ 35 GiB) leaves
		// nothing once the second's weights (15.5 GiB) are subtracted.
		{"vllm-0.8.3", false},
		// 0.11.0: free 79.25 − F₁ − ctx ≈ 43.8 ≥ 35.66, own budget.
		{"vllm-0.11.0", true},
	} {
		run, err := calc.PlayCard(d, []calc.Resident{{Instance: mk(c.rel)}, {Instance: mk(c.rel)}}, []int{0, 1})
		if err != nil {
			t.Fatal(err)
		}
		if !run.Steps[0].Starts || run.Steps[1].Starts != c.both {
			t.Errorf("%s: starts %v, %v", c.rel, run.Steps[0].Starts, run.Steps[1].Starts)
		}
	}
}

// A program holding 16 GiB and an instance of report 1 at u = 0.36 under
// 0.18: program first, the instance's check sees free = T − 16 − ctx =
// 12.49 GiB ≥ 0.36·T = 10.62 GiB and starts; instance first, the program
// simply takes its 16 GiB of what is left (the calculator does not stop
// programs: it holds its footprint). Every order of four residents (two
// such programs of 6 GiB, two instances at 0.36) is tried, and under 0.18
// those whose instances each find 0.36·T free start everyone.
func TestCardProgramsAndOrders(t *testing.T) {
	d := ascend910B4()
	inst := func() *calc.Scenario { return instance(t, "ascend-0.18.0rc1", 0.36) }
	run, err := calc.PlayCard(d, []calc.Resident{{Program: 16 * calc.GiB}, {Instance: inst()}}, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if !run.AllStart || run.Steps[1].Others != 16*calc.GiB {
		t.Errorf("program then instance: %+v", run.Steps[1])
	}
	rs := []calc.Resident{{Program: 6 * calc.GiB}, {Program: 6 * calc.GiB}, {Instance: inst()}, {Instance: inst()}}
	runs, err := calc.CardOrders(d, rs, []int{0, 1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 24 {
		t.Fatalf("%d orders of four, want 24", len(runs))
	}
	// Hand check: an instance holds F ≈ ctx + W + self + KV + G ≈ 10.9 GiB
	// (0.36·T − A + G + ctx); the second instance finds T − 12 − F − ctx
	// ≈ 5.6 GiB < 10.62 once both programs and the first instance are on
	// the card, but 11.6 GiB ≥ 10.62 with one program after it. So an
	// order starts everyone exactly when at least one program comes after
	// the second instance.
	k := alone(t, inst())
	F := k.Ledger.Footprint
	for _, r := range runs {
		progsBefore := 0
		seen := 0
		for _, i := range r.Order {
			if rs[i].Instance != nil {
				seen++
				if seen == 2 {
					break
				}
			} else {
				progsBefore++
			}
		}
		free := d.Total - calc.Bytes(progsBefore)*6*calc.GiB - F - k.Context
		want := free >= calc.Bytes(float64(d.Total)*0.36)
		if r.AllStart != want {
			t.Errorf("order %v: all start %v, derived %v (free %v)", r.Order, r.AllStart, want, free)
		}
	}
}

func TestCardRejects(t *testing.T) {
	d := ascend910B4()
	if _, err := calc.PlayCard(d, nil, nil); err == nil {
		t.Error("an empty card plays")
	}
	if _, err := calc.PlayCard(d, []calc.Resident{{}}, []int{0}); err == nil {
		t.Error("a resident that is neither plays")
	}
	if _, err := calc.PlayCard(d, []calc.Resident{{Program: calc.GiB}}, []int{3}); err == nil {
		t.Error("an order beyond the residents plays")
	}
}
