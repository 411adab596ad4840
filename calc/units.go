package calc

import "fmt"

// Bytes is an amount of device memory in bytes.
type Bytes int64

// Common sizes.
const (
	KiB Bytes = 1 << 10
	MiB Bytes = 1 << 20
	GiB Bytes = 1 << 30
)

// GiB returns b in GiB (2^30 bytes), the unit vLLM's logs print.
func (b Bytes) GiB() float64 { return float64(b) / float64(GiB) }

// String formats b as GiB with two decimals, as vLLM's "%.2f GiB" does.
func (b Bytes) String() string { return fmt.Sprintf("%.2f GiB", b.GiB()) }

// FromGiB converts GiB to Bytes, rounding to the nearest byte.
func FromGiB(g float64) Bytes { return Bytes(g*float64(GiB) + 0.5) }
