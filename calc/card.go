package calc

import "errors"

// One card, several tenants (calc/README.md "One card, several tenants").
//
// Residents start one after another on the same device. Each finds the
// memory the ones before it hold after their startup (npu-smi / nvidia-smi
// "used"), and its own release decides what that memory does to it: the
// free-memory check, and whether it counts against gpu_memory_utilization
// (global semantics) or only limits what is free (per instance). An
// instance that fails exits and holds nothing; a program holds its
// footprint from the start.

// Resident is one tenant of a card: a program with a fixed footprint, or a
// vLLM instance (its scenario's device is the card; only its first rank
// lives on it).
type Resident struct {
	Name     string
	Program  Bytes     // a program's footprint; 0 for an instance
	Instance *Scenario // nil for a program
}

// CardStep is one resident's startup in an order.
type CardStep struct {
	Resident int      // index into the residents
	Others   Bytes    // what the residents before it hold when it starts
	Estimate Estimate // an instance's startup with Others on the card
	Starts   bool
	Holds    Bytes // what it holds after startup (0 for an instance that failed)
	Free     Bytes // the card's free memory after it (of the runtime total)
}

// CardRun is one order of the residents.
type CardRun struct {
	Order    []int
	Steps    []CardStep
	AllStart bool
}

// MaxResidents bounds a card: every order of them is tried.
const MaxResidents = 6

// ErrCard is returned for a card calc cannot play.
var ErrCard = errors.New("card: between 1 and 6 residents, each a program with a positive footprint or an instance on the card's device")

// PlayCard starts the residents on a card of the given device in order,
// with each failing instance's fixes computed on the card.
func PlayCard(d Device, rs []Resident, order []int) (CardRun, error) {
	return playCard(d, rs, order, Compute)
}

// playCard is PlayCard with the estimate function: Compute for fixes,
// Evaluate where only the outcome matters (every order, the utilization
// search).
func playCard(d Device, rs []Resident, order []int, estimate func(Scenario) (Estimate, error)) (CardRun, error) {
	if err := checkCard(d, rs); err != nil {
		return CardRun{}, err
	}
	run := CardRun{Order: append([]int(nil), order...), AllStart: true}
	var held Bytes
	for _, i := range order {
		if i < 0 || i >= len(rs) {
			return CardRun{}, ErrCard
		}
		st := CardStep{Resident: i, Others: held}
		r := rs[i]
		if r.Instance == nil {
			st.Starts, st.Holds = true, r.Program
		} else {
			s := *r.Instance
			s.Device, s.OtherProcesses = d, held
			e, err := estimate(s)
			if err != nil {
				return CardRun{}, err
			}
			st.Estimate, st.Starts = e, e.Starts
			if e.Starts && len(e.Ranks) > 0 {
				st.Holds = e.Ranks[0].Ledger.Footprint
			}
		}
		held += st.Holds
		st.Free = d.Total - held
		run.AllStart = run.AllStart && st.Starts
		run.Steps = append(run.Steps, st)
	}
	return run, nil
}

func checkCard(d Device, rs []Resident) error {
	if len(rs) == 0 || len(rs) > MaxResidents || d.Total <= 0 {
		return ErrCard
	}
	for _, r := range rs {
		if r.Instance == nil && r.Program <= 0 || r.Instance != nil && r.Program != 0 {
			return ErrCard
		}
	}
	return nil
}

// CardOrders plays every order of the residents, the given order first.
func CardOrders(d Device, rs []Resident, first []int) ([]CardRun, error) {
	base, err := PlayCard(d, rs, first)
	if err != nil {
		return nil, err
	}
	out := []CardRun{base}
	for _, p := range permutations(len(rs)) {
		if equalInts(p, first) {
			continue
		}
		r, err := playCard(d, rs, p, Evaluate)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// MaxCardUtilization is, for the resident at position pos of the order,
// the largest gpu_memory_utilization (in hundredths) with which it and
// every resident after it still start, the others as they are; 0 when
// none does.
func MaxCardUtilization(d Device, rs []Resident, order []int, pos int) float64 {
	if pos < 0 || pos >= len(order) || rs[order[pos]].Instance == nil {
		return 0
	}
	best := 0.0
	for i := 1; i <= 100; i++ {
		u := float64(i) / 100
		c := append([]Resident(nil), rs...)
		s := *c[order[pos]].Instance
		s.Options = s.Options.With(Options{GPUMemoryUtilization: &u})
		c[order[pos]].Instance = &s
		run, err := playCard(d, c, order, Evaluate)
		if err != nil {
			return 0
		}
		ok := true
		for _, st := range run.Steps[pos:] {
			ok = ok && st.Starts
		}
		if ok {
			best = u
		}
	}
	return best
}

// permutations lists every order of 0..n-1 (n ≤ MaxResidents: 720).
func permutations(n int) [][]int {
	var out [][]int
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	var gen func(k int)
	gen = func(k int) {
		if k == n {
			out = append(out, append([]int(nil), p...))
			return
		}
		for i := k; i < n; i++ {
			p[k], p[i] = p[i], p[k]
			gen(k + 1)
			p[k], p[i] = p[i], p[k]
		}
	}
	gen(0)
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
