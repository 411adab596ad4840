package view

import (
	"math"
	"strings"
	"testing"

	"vram/calc"
	"vram/presets"
)

func TestDiffOptions(t *testing.T) {
	u9, u5, l := 0.9, 0.5, 16384
	base := calc.Options{GPUMemoryUtilization: &u9, MaxModelLen: &l}
	u9b, lb := 0.9, 16384
	got := DiffOptions(calc.Options{GPUMemoryUtilization: &u5, MaxModelLen: &lb, KVCacheDtype: "fp8"}, base)
	if got.GPUMemoryUtilization == nil || *got.GPUMemoryUtilization != 0.5 {
		t.Errorf("changed utilization dropped: %+v", got)
	}
	if got.MaxModelLen != nil {
		t.Errorf("unchanged max_model_len kept: %d", *got.MaxModelLen)
	}
	if got.KVCacheDtype != "fp8" {
		t.Errorf("new kv dtype dropped")
	}
	if same := DiffOptions(calc.Options{GPUMemoryUtilization: &u9b}, base); same.GPUMemoryUtilization != nil {
		t.Errorf("equal value kept")
	}
}

// A hand-built ledger on a 32 GiB card reporting 30: the reserve (2 GiB)
// comes first, the budget begins after the parts outside it, and the
// overdrawn span runs from the budget line to the end of the in-budget parts.
func TestChartGeometry(t *testing.T) {
	G := calc.GiB
	l := calc.Ledger{Total: 30 * G, Budget: 10 * G, BudgetApplies: true, BudgetStart: 0, Overdrawn: 6 * G, Reserved: 2 * G,
		Parts: []calc.Part{
			{Key: calc.PartOthers, Bytes: 12 * G, InBudget: true},
			{Key: calc.PartWeights, Bytes: 4 * G, InBudget: true, Own: true},
			{Key: calc.PartFree, Bytes: 14 * G},
		}}
	b := Chart(l)
	// Scale: max(2 + 30, 2 + 30 parts, 2 + 0 + 10 + 6) = 32 GiB.
	if b.Scale != 32*G {
		t.Fatalf("scale %v, want 32 GiB", b.Scale)
	}
	want := []struct {
		key          string
		start, width float64
	}{{PartReserved, 0, 6.25}, {calc.PartOthers, 6.25, 37.5}, {calc.PartWeights, 43.75, 12.5}, {calc.PartFree, 56.25, 43.75}}
	for i, w := range want {
		s := b.Segments[i]
		if s.Key != w.key || math.Abs(s.Start-w.start) > 1e-9 || math.Abs(s.Width-w.width) > 1e-9 {
			t.Errorf("segment %d = %s %.4f+%.4f, want %s %.4f+%.4f", i, s.Key, s.Start, s.Width, w.key, w.start, w.width)
		}
	}
	// Budget 2..12 GiB of 32 (6.25%..37.5%), overdrawn to 18 GiB (56.25%).
	if math.Abs(b.BudgetFrom-6.25) > 1e-9 || math.Abs(b.BudgetAt-37.5) > 1e-9 || math.Abs(b.OverdrawnTo-56.25) > 1e-9 {
		t.Errorf("budget %.4f..%.4f overdrawn to %.4f", b.BudgetFrom, b.BudgetAt, b.OverdrawnTo)
	}
	if b.TotalAt != 100 {
		t.Errorf("total at %.4f, want 100", b.TotalAt)
	}
	if s := b.Segments[0].Share; s != 0 {
		t.Errorf("reserve share %.2f, want 0 (not in the reported total)", s)
	}
	if s := b.Segments[1].Share; math.Abs(s-40) > 1e-9 {
		t.Errorf("others share %.2f, want 12/30 = 40%%", s)
	}
}

// Every preset under every release: the chart lies inside its area, the
// shares of the parts on the device add up to 100 % of the total, and the budget bracket holds exactly the in-budget parts.
func TestChartInsideItsArea(t *testing.T) {
	for _, pr := range presets.Presets() {
		base, err := pr.Scenario()
		if err != nil {
			t.Fatal(err)
		}
		for _, eng := range presets.Engines() {
			s := base
			s.Engine = eng
			if (s.Device.Platform == calc.Ascend) != (eng.Project == "vllm-ascend") {
				continue
			}
			e, err := calc.Evaluate(s)
			if err != nil && strings.HasPrefix(err.Error(), "engine: ") {
				continue // a release that does not serve the preset's model
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range e.Ranks {
				b := Chart(k.Ledger)
				name := pr.Name + "/" + eng.ID
				var shares float64
				for _, seg := range b.Segments {
					if seg.Start < -1e-9 || seg.Start+seg.Width > 100+1e-9 || seg.Width <= 0 {
						t.Errorf("%s: %s at %.3f+%.3f outside 0–100", name, seg.Key, seg.Start, seg.Width)
					}
					shares += seg.Share
				}
				for _, x := range []float64{b.TotalAt, b.BudgetFrom, b.BudgetAt, b.OverdrawnTo, b.ShortFrom, b.ShortTo} {
					if x < -1e-9 || x > 100+1e-9 {
						t.Errorf("%s: marker at %.3f outside 0–100", name, x)
					}
				}
				if math.Abs(shares-100) > 1e-6 {
					t.Errorf("%s: shares of the parts on the device add up to %.4f%%", name, shares)
				}
				var in float64
				for _, seg := range b.Segments {
					if seg.InBudget {
						in += seg.Width
					}
				}
				if b.Budget && math.Abs(in-(b.OverdrawnTo-b.BudgetFrom)) > 1e-6 {
					t.Errorf("%s: in-budget parts span %.4f%%, bracket %.4f..%.4f", name, in, b.BudgetFrom, b.OverdrawnTo)
				}
			}
		}
	}
}
