package calc

// The ledger of one rank (calc/README.md "The ledger"): the device's memory
// at the end of startup, one Part per piece, in the order they are laid
// out. Two identities hold for every ledger, and the tests check them over
// every preset and release:
//
//	Σ parts in the budget      = Budget + Overdrawn   (what u·T holds)
//	Σ parts on the device      = Total                (free included)
//
// What a startup needs beyond the device is kept as pieces marked Beyond,
// after every part on the device: the physical shortfall (Short, which
// stops the launch at graph capture) and the activation reserve the budget
// counts on but the device lacks.

// Part keys, in layout order. The chart stacks them in this order; every
// list of parts in the project uses these names.
const (
	PartOthers       = "others"            // memory other programs hold on the device
	PartContext      = "context"           // this process's CUDA/ACL context
	PartComm         = "comm"              // NCCL/HCCL communicator buffers
	PartWeights      = "weights"           // "Model loading took X GiB"
	PartNonTorch     = "nontorch"          // non-torch memory this process grows while profiling
	PartWarmup       = "warmup"            // the post-capture sampler warm-up the allocator keeps
	PartActivation   = "activation"        // the rest of the profile-run peak the budget reserves
	PartGraphsInRes  = "graphs-in-reserve" // graph memory captured inside the activation reserve
	PartKV           = "kv"                // the KV cache
	PartKVHeld       = "kv-held"           // the half of the KV budget the 310P worker holds back
	PartMMIPC        = "mm-ipc"            // kept for the API server's GPU media decoding (--mm-ipc-gpu-memory-gb)
	PartReserveShort = "reserve-short"     // activation reserve the device does not have (not physical)
	PartGraphs       = "graphs"            // graph memory outside the budget
	PartFree         = "free"              // free at the end of startup
)

// PartKeys lists every part key in layout order.
var PartKeys = []string{PartOthers, PartContext, PartComm, PartWeights, PartNonTorch, PartWarmup,
	PartActivation, PartGraphsInRes, PartKV, PartKVHeld, PartMMIPC, PartGraphs, PartFree}

// Part is one piece of a rank's memory.
type Part struct {
	Key      string
	Bytes    Bytes // never negative
	InBudget bool  // counted inside u·T by this release
	Own      bool  // held by this vLLM process: in its nvidia-smi / npu-smi figure
	// Beyond: a piece the device does not have room for, drawn after the
	// total (the part's key repeats for its piece on the device).
	Beyond bool
	// Mechanism names the section of calc/README.md whose rule sets the
	// part's size and its place inside or outside the budget.
	Mechanism string
}

// Ledger is one rank's memory at the end of startup.
type Ledger struct {
	Parts         []Part
	Total         Bytes // T, what the runtime reports
	Budget        Bytes // u·T, requested
	BudgetApplies bool  // false with --kv-cache-memory-bytes, which skips the budget
	// BudgetStart is where the budget begins on the device: the parts
	// outside it that the startup snapshot already holds (per-instance
	// releases), 0 where the release counts everything against u·T.
	BudgetStart Bytes
	Consumed    Bytes // what the budget subtracts before the KV cache: W + A + N [+ G]
	KVRaw       Bytes // Budget − Consumed, before any clamp (the KV override when set)
	Overdrawn   Bytes // how far the parts in the budget exceed it (KVRaw < 0)
	Short       Bytes // how far the memory the startup allocates exceeds the device
	Lacking     Bytes // activation reserve the budget counts on that the device lacks
	Reserved    Bytes // nameplate − T: below the runtime; smi counts it as used
	Footprint   Bytes // Σ own parts: the process's smi figure after startup
}

// Mechanism section names in calc/README.md.
const (
	mechOthersGlobal   = "budget-global"       // others and context inside non_torch_memory
	mechOthersInstance = "budget-per-instance" // others and context in the baseline
	mechContext        = "non-torch"
	mechCommIn         = "non-torch"
	mechCommOut        = "nccl-after-snapshot"
	mechWeights        = "weights"
	mechNonTorch       = "non-torch"
	mechWarmup         = "sampler-warmup"
	mechActivation     = "profile-run"
	mechGraphs         = "graphs"
	mechGraphsBudget   = "graph-estimate"
	mechKVHeld         = "worker-310p"
	mechMMIPC          = "mm-ipc"
	mechKV             = "kv-cache"
	mechFree           = "the-ledger"
)

// Part returns the bytes of the parts with this key (0 when absent).
func (l Ledger) Part(key string) Bytes {
	var n Bytes
	for _, p := range l.Parts {
		if p.Key == key {
			n += p.Bytes
		}
	}
	return n
}

// ledger lays out one rank. consumed is what the budget subtracts before
// the KV cache, raw the KV figure before any clamp, kv what is allocated.
func ledger(in budgetIn, requested, consumed, raw, kv, held, ipc Bytes) Ledger {
	l := Ledger{Total: in.Total, Budget: requested, BudgetApplies: in.KVOverride == nil,
		Consumed: consumed, KVRaw: raw, Reserved: max(in.Nameplate-in.Total, 0)}
	nt := in.NT
	inOthers := nt.OthersIn && l.BudgetApplies
	inComm := nt.CommIn && l.BudgetApplies
	in2 := l.BudgetApplies // everything vLLM sizes itself is in the budget when it applies
	mechO := mechOthersInstance
	if nt.OthersIn {
		mechO = mechOthersGlobal
	}
	mechC := mechCommIn
	if !nt.CommIn {
		mechC = mechCommOut
	}
	var parts []Part
	add := func(p Part) {
		if p.Bytes > 0 {
			parts = append(parts, p)
		}
	}
	// Outside the budget first: what the startup snapshot already holds.
	base := []Part{
		{Key: PartOthers, Bytes: nt.Others, InBudget: inOthers, Mechanism: mechO},
		{Key: PartContext, Bytes: nt.Context, InBudget: inOthers, Own: true, Mechanism: mechO},
		{Key: PartComm, Bytes: nt.Comm, InBudget: inComm, Own: true, Mechanism: mechC},
	}
	for _, p := range base {
		if !p.InBudget {
			add(p)
			l.BudgetStart += p.Bytes
		}
	}
	for _, p := range base {
		if p.InBudget {
			add(p)
		}
	}
	// The graph estimate the budget took sits inside it; the rest of the
	// capture (all of it without the estimate) comes after the KV cache.
	var gEst Bytes
	if l.BudgetApplies {
		gEst = min(in.GEst, in.G)
	}
	gOut := in.G - gEst
	warm := min(in.Warmup, in.A)
	add(Part{Key: PartWeights, Bytes: in.W, InBudget: in2, Own: true, Mechanism: mechWeights})
	add(Part{Key: PartNonTorch, Bytes: nt.Self, InBudget: in2, Own: true, Mechanism: mechNonTorch})
	add(Part{Key: PartWarmup, Bytes: warm, InBudget: in2, Own: true, Mechanism: mechWarmup})

	// Everything physical except the activation room: what is left of the
	// device decides how much of the reserve is still free.
	physical := nt.Others + nt.Context + nt.Comm + in.W + nt.Self + warm + kv + in.G
	freeEnd := in.Total - physical
	reserve := max(in.A-warm, 0)
	room := min(max(freeEnd, 0), reserve)
	rest := reserve - room
	gInRes := min(rest, gOut)
	add(Part{Key: PartActivation, Bytes: room, InBudget: in2, Mechanism: mechActivation})
	add(Part{Key: PartGraphsInRes, Bytes: gInRes, InBudget: in2, Own: true, Mechanism: mechGraphs})
	add(Part{Key: PartGraphs, Bytes: gEst, InBudget: true, Own: true, Mechanism: mechGraphsBudget})
	add(Part{Key: PartKV, Bytes: kv, InBudget: in2, Own: true, Mechanism: mechKV})
	// The half the 310P worker holds back stays free, inside the budget.
	held = min(held, max(freeEnd-room, 0))
	add(Part{Key: PartKVHeld, Bytes: held, InBudget: in2, Mechanism: mechKVHeld})
	// What the API server keeps for decoding media stays free at startup.
	ipc = min(ipc, max(freeEnd-room-held, 0))
	add(Part{Key: PartMMIPC, Bytes: ipc, InBudget: in2, Mechanism: mechMMIPC})
	lacking := rest - gInRes
	add(Part{Key: PartGraphs, Bytes: gOut - gInRes, Own: true, Mechanism: mechGraphs})
	add(Part{Key: PartFree, Bytes: freeEnd - room - held - ipc, Mechanism: mechFree})
	l.Parts = splitAtTotal(parts, in.Total)
	if lacking > 0 {
		l.Parts = append(l.Parts, Part{Key: PartActivation, Bytes: lacking, InBudget: in2, Beyond: true, Mechanism: mechActivation})
	}
	l.Short = max(-freeEnd, 0)
	l.Lacking = lacking
	if l.BudgetApplies {
		l.Overdrawn = max(consumed+kv+ipc-requested, 0)
	}
	for _, p := range l.Parts {
		if p.Own && !p.Beyond {
			l.Footprint += p.Bytes
		}
	}
	return l
}

// splitAtTotal cuts the parts at the device total: a part that crosses it
// keeps its piece on the device, and what lies beyond becomes a Beyond
// piece of the same key, after every part on the device (in order, so the
// parts in the budget stay side by side).
func splitAtTotal(parts []Part, total Bytes) []Part {
	var on, beyond []Part
	room := total
	for _, p := range parts {
		if p.Bytes <= room {
			on = append(on, p)
			room -= p.Bytes
			continue
		}
		if room > 0 {
			q := p
			q.Bytes = room
			on = append(on, q)
		}
		p.Bytes -= room
		p.Beyond = true
		room = 0
		beyond = append(beyond, p)
	}
	return append(on, beyond...)
}
