package calc

import "testing"

func TestBudget(t *testing.T) {
	g := GiB
	for _, c := range []struct {
		name          string
		in            budgetIn
		kv, free, phy Bytes
	}{
		// Per-instance (V1 0.9.1–0.10): KV = 0.9·40 − (15 + 3 + 0.5 + 0.25 comm) = 17.25 GiB;
		// free = 40 − 10 − 0.5 = 29.5 GiB; physical also minus 0.25 comm.
		{"per-instance", budgetIn{Total: 40 * g, U: 0.9, W: 15 * g, A: 3 * g,
			NT: NonTorch{Context: g / 2, Self: g / 2, Comm: g / 4, Others: 10 * g, CommIn: true, InBudget: g/2 + g/4}},
			69 * g / 4, 59 * g / 2, 117 * g / 4},
		// Global (V1 ≤0.9.0): N also holds others and the context:
		// KV = 36 − (15 + 3 + 0.5 + 10 + 0.5) = 7 GiB.
		{"global", budgetIn{Total: 40 * g, U: 0.9, W: 15 * g, A: 3 * g,
			NT: NonTorch{Context: g / 2, Self: g / 2, Others: 10 * g, OthersIn: true, InBudget: 11 * g}},
			7 * g, 59 * g / 2, 59 * g / 2},
		// Clamped (vllm-ascend ≤0.14): 0.36·40 − 29 < 0 → 0.
		{"clamped", budgetIn{Total: 40 * g, U: 0.36, W: 15 * g, A: 3 * g, Clamp: true,
			NT: NonTorch{Context: g / 2, Self: g / 2, Others: 10 * g, OthersIn: true, InBudget: 11 * g}},
			0, 59 * g / 2, 59 * g / 2},
		// Graphs in the budget (v0.21): KV = 0.92·40 − 18.5 − 1 = 17.3 GiB.
		{"graphs", budgetIn{Total: 40 * g, U: 0.92, W: 15 * g, A: 3 * g, G: g, GEst: g,
			NT: NonTorch{InBudget: g / 2, Self: g / 2}},
			Bytes(float64(40*g)*0.92) - 37*g/2 - g, 40 * g, 40 * g},
		// --mm-ipc-gpu-memory-gb 2 (v0.29): the 17.3 GiB above less 2 GiB
		// (reserve_mm_ipc_gpu_memory) = 15.3 GiB.
		{"mm-ipc", budgetIn{Total: 40 * g, U: 0.92, W: 15 * g, A: 3 * g, G: g, GEst: g, MMIPC: 2 * g,
			NT: NonTorch{InBudget: g / 2, Self: g / 2}},
			Bytes(float64(40*g)*0.92) - 37*g/2 - g - 2*g, 40 * g, 40 * g},
	} {
		o := budget(c.in)
		if o.KV != c.kv || o.Free != c.free || o.Physical != c.phy {
			t.Errorf("%s: kv %v free %v physical %v; want %v %v %v", c.name, o.KV, o.Free, o.Physical, c.kv, c.free, c.phy)
		}
		// The reserve is its own part, inside the budget, and the budget adds up.
		l := o.Ledger
		if got := l.Part(PartMMIPC); got != c.in.MMIPC {
			t.Errorf("%s: mm-ipc part %v, want %v", c.name, got, c.in.MMIPC)
		}
		var in Bytes
		for _, p := range l.Parts {
			if p.InBudget {
				in += p.Bytes
			}
		}
		if in != l.Budget+l.Overdrawn {
			t.Errorf("%s: parts in the budget %v, budget %v + overdrawn %v", c.name, in, l.Budget, l.Overdrawn)
		}
	}
}

// TestLedger lays out hand-built ranks and checks every part against the
// arithmetic in its comment.
func TestLedger(t *testing.T) {
	g := GiB
	type want map[string]Bytes
	for _, c := range []struct {
		name                          string
		in                            budgetIn
		parts                         want
		start, over, short, footprint Bytes
	}{
		// Report 1's shape (vllm-ascend ≤0.14, global, clamped) at u = 0.36
		// on a 30 GiB card: budget 10.8 GiB; others 16 + context 1 + self
		// 0.5 + weights 4 + activation 0.5 = 22 GiB in the budget, so KV is
		// clamped to 0 and the budget is overdrawn by 22 − 10.8 = 11.2 GiB.
		// Physically 16 + 1 + 4 + 0.5 + 0.5 (room) = 22 of 30 GiB: 8 free.
		// The process holds context + weights + self = 5.5 GiB.
		{"global-overdrawn", budgetIn{Total: 30 * g, Nameplate: 32 * g, U: 0.36, W: 4 * g, A: g / 2, Clamp: true,
			NT: NonTorch{Context: g, Self: g / 2, Others: 16 * g, OthersIn: true, InBudget: 35 * g / 2}},
			want{PartOthers: 16 * g, PartContext: g, PartWeights: 4 * g, PartNonTorch: g / 2, PartActivation: g / 2, PartFree: 8 * g},
			0, Bytes(22*float64(g)) - Bytes(float64(30*g)*0.36), 0, 11 * g / 2},
		// Per-instance (v0.11+, NCCL outside): others 10, context 0.5 and
		// comm 0.25 sit before the budget (start 10.75). Budget 0.9·40 = 36
		// = W 15 + self 0.5 + A 3 + KV 17.5. Physically, without the
		// activation room: 10.75 + 15 + 0.5 + warm-up 1 + KV 17.5 + graphs 2
		// = 46.75, 6.75 GiB more than the device has: no room is left, the
		// graphs take the 2 GiB of reserve above the warm-up, nothing is free,
		// and the last 6.75 GiB of the KV cache lie beyond the device (the
		// process holds 40 − 10 others = 30 GiB of it).
		{"per-instance-short", budgetIn{Total: 40 * g, U: 0.9, W: 15 * g, A: 3 * g, G: 2 * g, Warmup: g, CommOut: true,
			NT: NonTorch{Context: g / 2, Self: g / 2, Comm: g / 4, Others: 10 * g, InBudget: g / 2}},
			want{PartOthers: 10 * g, PartContext: g / 2, PartComm: g / 4, PartWeights: 15 * g, PartNonTorch: g / 2,
				PartWarmup: g, PartGraphsInRes: 2 * g, PartKV: 35 * g / 2},
			43 * g / 4, 0, 27 * g / 4, 30 * g},
		// Encoder graphs outside the estimate (0.21–0.22 with
		// cudagraph_mm_encoder): of a 3 GiB capture the budget subtracts the
		// 1 GiB decoder estimate, KV = 36 − (15 + 3 + 0.75 + 1) = 16.25.
		// Physical without the room: 0.5 + 0.25 + 15 + 0.5 + 16.25 + 3 =
		// 35.5, so the 3 GiB room fits and 1.5 GiB stay free; 1 GiB of graphs
		// sits in the budget, 2 GiB after it.
		{"encoder-graphs", budgetIn{Total: 40 * g, U: 0.9, W: 15 * g, A: 3 * g, G: 3 * g, GEst: g,
			NT: NonTorch{Context: g / 2, Self: g / 2, Comm: g / 4, CommIn: true, InBudget: g/2 + g/4}},
			want{PartContext: g / 2, PartComm: g / 4, PartWeights: 15 * g, PartNonTorch: g / 2, PartActivation: 3 * g,
				PartKV: 65 * g / 4, PartGraphs: 3 * g, PartFree: 3 * g / 2},
			g / 2, 0, 0, g/2 + g/4 + 15*g + g/2 + 65*g/4 + 3*g},
		// Alone on the card (0.9.1–0.10, comm in N): budget 36 = W 15 +
		// self 0.5 + comm 0.25 + A 3 + KV 17.25. Physical: 0.5 context + 36
		// budget = 36.5 minus the 3 GiB room, so graphs of 1 GiB fit the
		// headroom 40 − 0.5 − 36 = 3.5 and 2.5 GiB stay free.
		{"alone", budgetIn{Total: 40 * g, U: 0.9, W: 15 * g, A: 3 * g, G: g,
			NT: NonTorch{Context: g / 2, Self: g / 2, Comm: g / 4, CommIn: true, InBudget: g/2 + g/4}},
			want{PartContext: g / 2, PartComm: g / 4, PartWeights: 15 * g, PartNonTorch: g / 2, PartActivation: 3 * g,
				PartKV: 69 * g / 4, PartGraphs: g, PartFree: 5 * g / 2},
			g / 2, 0, 0, g/2 + g/4 + 15*g + g/2 + 69*g/4 + g},
	} {
		o := budget(c.in)
		l := o.Ledger
		for _, k := range PartKeys {
			if got := l.Part(k); got != c.parts[k] {
				t.Errorf("%s: %s = %v, want %v", c.name, k, got, c.parts[k])
			}
		}
		if l.BudgetStart != c.start || l.Overdrawn != c.over || l.Short != c.short || l.Footprint != c.footprint {
			t.Errorf("%s: start %v overdrawn %v short %v footprint %v; want %v %v %v %v",
				c.name, l.BudgetStart, l.Overdrawn, l.Short, l.Footprint, c.start, c.over, c.short, c.footprint)
		}
		checkLedger(t, c.name, l)
	}
}

// checkLedger asserts the two identities of every ledger.
func checkLedger(t *testing.T, name string, l Ledger) {
	t.Helper()
	var in, on, beyond Bytes
	for _, p := range l.Parts {
		if p.Bytes <= 0 {
			t.Errorf("%s: part %s has %v", name, p.Key, p.Bytes)
		}
		if p.InBudget {
			in += p.Bytes
		}
		if p.Beyond {
			beyond += p.Bytes
		} else {
			on += p.Bytes
		}
	}
	if l.BudgetApplies && in != l.Budget+l.Overdrawn {
		t.Errorf("%s: parts in the budget %v, budget %v + overdrawn %v", name, in, l.Budget, l.Overdrawn)
	}
	if on != l.Total || beyond != l.Short+l.Lacking {
		t.Errorf("%s: on the device %v (total %v), beyond %v (short %v + lacking %v)", name, on, l.Total, beyond, l.Short, l.Lacking)
	}
}

// TestGraphEstimateSplit: the budget holds the estimate's share of the
// capture, and the rest comes after it (the encoder-graphs case above).
func TestGraphEstimateSplit(t *testing.T) {
	g := GiB
	l := budget(budgetIn{Total: 40 * g, U: 0.9, W: 15 * g, A: 3 * g, G: 3 * g, GEst: g,
		NT: NonTorch{Context: g / 2, Self: g / 2, Comm: g / 4, CommIn: true, InBudget: g/2 + g/4}}).Ledger
	var in, out Bytes
	for _, p := range l.Parts {
		if p.Key == PartGraphs && p.InBudget {
			in += p.Bytes
		} else if p.Key == PartGraphs {
			out += p.Bytes
		}
	}
	if in != g || out != 2*g {
		t.Errorf("graphs %v in the budget and %v after it, want 1 GiB and 2 GiB", in, out)
	}
}
