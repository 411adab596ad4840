package calc

import (
	"fmt"
	"strconv"
)

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

// Commas formats n with thousands separators, as Python's "{:,}" does in
// vLLM's log lines ("16,384").
func Commas(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
