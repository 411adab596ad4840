package calc

import "testing"

func TestBudget(t *testing.T) {
	g := GiB
	for _, c := range []struct {
		name          string
		in            budgetIn
		kv, free, phy Bytes
	}{
		// Per-instance (V1 ≥0.9.1): KV = 0.9·40 − (15 + 3 + 0.5) = 17.5 GiB;
		// free = 40 − 10 − 0.5 = 29.5 GiB; physical also minus 0.25 comm.
		{"per-instance", budgetIn{Total: 40 * g, U: 0.9, W: 15 * g, A: 3 * g,
			NT: NonTorch{Context: g / 2, Workspace: g / 2, Comm: g / 4, Others: 10 * g, InBudget: g / 2, Self: g / 2}},
			35*g/2 + 0, 59 * g / 2, 117 * g / 4},
		// Global (V1 ≤0.9.0): N also holds others and the context:
		// KV = 36 − (15 + 3 + 0.5 + 10 + 0.5) = 7 GiB.
		{"global", budgetIn{Total: 40 * g, U: 0.9, W: 15 * g, A: 3 * g,
			NT: NonTorch{Context: g / 2, Workspace: g / 2, Others: 10 * g, InBudget: 11 * g, Self: g / 2}},
			7 * g, 59 * g / 2, 59 * g / 2},
		// Clamped (vllm-ascend ≤0.14): 0.36·40 − 29 < 0 → 0.
		{"clamped", budgetIn{Total: 40 * g, U: 0.36, W: 15 * g, A: 3 * g, Clamp: true,
			NT: NonTorch{Context: g / 2, Workspace: g / 2, Others: 10 * g, InBudget: 11 * g, Self: g / 2}},
			0, 59 * g / 2, 59 * g / 2},
		// Graphs in the budget (v0.21): KV = 0.92·40 − 18.5 − 1 = 17.3 GiB.
		{"graphs", budgetIn{Total: 40 * g, U: 0.92, W: 15 * g, A: 3 * g, G: g, GInBudget: true,
			NT: NonTorch{InBudget: g / 2, Self: g / 2}},
			Bytes(float64(40*g)*0.92) - 37*g/2 - g, 40 * g, 40 * g},
	} {
		o := budget(c.in)
		if o.KV != c.kv || o.Free != c.free || o.Physical != c.phy {
			t.Errorf("%s: kv %v free %v physical %v; want %v %v %v", c.name, o.KV, o.Free, o.Physical, c.kv, c.free, c.phy)
		}
	}
}

func TestFormatting(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{pyFloat(0.9), "0.9"},
		{pyFloat(1), "1.0"},
		{pyGiB(FromGiB(23.5)), "23.5"},
		{pyGiB(FromGiB(18.784)), "18.78"},
		{Commas(1234567), "1,234,567"},
		{Commas(16384), "16,384"},
		{Commas(512), "512"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
