package view

import "vram/calc"

// PartReserved is the nameplate capacity below the runtime (ECC, firmware):
// a device fact, drawn before the parts calc lays out. The i18n keys are
// "part.<key>" and "part.<key>.help", as for calc's part keys.
const PartReserved = "reserved"

// Segment is one part of a rank's ledger placed on the bar.
type Segment struct {
	calc.Part
	Start, Width float64 // percent of the bar's scale
	Share        float64 // percent of the reported total; 0 for pieces beyond the device and the reserve
}

// Bar is one rank's ledger as geometry. Every position is a percent of
// Scale, and every segment lies in [0, 100].
type Bar struct {
	Segments []Segment
	Scale    calc.Bytes // the nameplate, or more when the parts overflow it
	TotalAt  float64    // end of the reported total (reserve + T)
	// BudgetFrom and BudgetAt bracket u·T; Budget is false when the
	// release skips the budget (--kv-cache-memory-bytes).
	Budget               bool
	BudgetFrom, BudgetAt float64
	// OverdrawnTo is where the parts in the budget end when they exceed it
	// (equal to BudgetAt otherwise); ShortFrom..ShortTo is what the
	// physical parts need beyond the device.
	OverdrawnTo        float64
	ShortFrom, ShortTo float64
}

// Chart places ledger l on a bar whose scale is the device's nameplate
// (the reserve below the runtime first, then the parts in calc's order).
// It only converts bytes to percents: the parts, their order and the
// budget come from calc.
func Chart(l calc.Ledger) Bar {
	var sum calc.Bytes
	for _, p := range l.Parts {
		sum += p.Bytes
	}
	end := l.Reserved + sum
	scale := max(l.Reserved+l.Total, end, l.Reserved+l.BudgetStart+l.Budget+l.Overdrawn)
	b := Bar{Scale: scale, Budget: l.BudgetApplies}
	pos := calc.Bytes(0)
	place := func(p calc.Part) {
		s := Segment{Part: p, Start: pct(pos, scale), Width: pct(p.Bytes, scale)}
		if !p.Beyond {
			s.Share = pct(p.Bytes, l.Total)
		}
		b.Segments = append(b.Segments, s)
		pos += p.Bytes
	}
	if l.Reserved > 0 {
		place(calc.Part{Key: PartReserved, Bytes: l.Reserved, Mechanism: "device-total"})
		b.Segments[0].Share = 0 // not part of the total the runtime reports
	}
	// calc puts the pieces beyond the device last: they start at the total.
	for _, p := range l.Parts {
		place(p)
	}
	b.TotalAt = pct(l.Reserved+l.Total, scale)
	from := l.Reserved + l.BudgetStart
	b.BudgetFrom, b.BudgetAt = pct(from, scale), pct(from+l.Budget, scale)
	b.OverdrawnTo = pct(from+l.Budget+l.Overdrawn, scale)
	if l.Short > 0 {
		b.ShortFrom, b.ShortTo = b.TotalAt, pct(l.Reserved+l.Total+l.Short, scale)
	}
	return b
}

func pct(b, of calc.Bytes) float64 {
	if of <= 0 {
		return 0
	}
	return 100 * float64(b) / float64(of)
}
