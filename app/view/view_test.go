package view

import (
	"math"
	"testing"

	"vram/calc"
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

// A 32 GiB card reporting 29 GiB, budget 0.9: the in-budget parts end at the
// budget line, the firmware reserve fills the rest of the nameplate.
func TestChartGeometry(t *testing.T) {
	G := calc.GiB
	r := calc.RankEstimate{
		Total: 29 * G, Budget: calc.Bytes(0.9 * float64(29*G)),
		Weights: calc.Weights{Total: 4 * G}, Peak: calc.Peak{Total: 2 * G},
		NonTorch: G / 2, Others: 2 * G, OthersInBudget: false,
		Graphs: calc.Graphs{Bytes: G / 2},
	}
	r.KV = r.Budget - r.Weights.Total - r.Peak.Total - r.NonTorch
	b := Chart(r, 32*G)
	keys := []string{}
	for _, s := range b.Segments {
		keys = append(keys, s.Key)
	}
	want := []string{PartWeights, PartPeak, PartNonTorch, PartKV, PartOthers, PartGraphs, PartFree, PartReserved} // no context given
	if len(keys) != len(want) {
		t.Fatalf("segments %v, want %v", keys, want)
	}
	for i := range want {
		if keys[i] != want[i] {
			t.Fatalf("segments %v, want %v", keys, want)
		}
	}
	kv := b.Segments[3]
	if math.Abs(kv.Start+kv.Width-b.BudgetAt) > 1e-9 {
		t.Errorf("KV ends at %.4f%%, budget line at %.4f%%", kv.Start+kv.Width, b.BudgetAt)
	}
	// 29/32 of the scale is the reported total.
	if math.Abs(b.TotalAt-100*29.0/32) > 1e-9 {
		t.Errorf("total line at %.4f%%, want %.4f%%", b.TotalAt, 100*29.0/32)
	}
	last := b.Segments[len(b.Segments)-1]
	if math.Abs(last.Start+last.Width-100) > 1e-9 {
		t.Errorf("segments end at %.4f%%, want 100", last.Start+last.Width)
	}
	// free = 29 - 0.9*29 - 2 - 0.5 = 0.4 GiB: nothing overflows.
	if b.Overflow {
		t.Error("overflow flagged for parts that fit")
	}
	if free := b.Segments[6]; math.Abs(free.Bytes.GiB()-0.4) > 1e-6 {
		t.Errorf("free %.4f GiB, want 0.4", free.Bytes.GiB())
	}
}
