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

// Shared arithmetic: every mechanism sizes with these.

// dtypeBytes is the size of one activation/weight element of dtype.
func dtypeBytes(dtype string) int {
	switch dtype {
	case "float32", "fp32":
		return 4
	}
	return 2
}

// divCeil is ⌈a/b⌉ for positive b (0 otherwise); divCeil64 the same in
// int64, roundUp64 n rounded up to a multiple of m.
func divCeil(a, b int) int {
	if b <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

func divCeil64(a, b int64) int64 {
	if b <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

func roundUp64(n, m int64) int64 { return divCeil64(n, m) * m }

// ceilFloat is ⌈x⌉ for x ≥ 0 (math.Ceil without its import in hot paths).
func ceilFloat(x float64) float64 {
	i := float64(int64(x))
	if i < x {
		return i + 1
	}
	return i
}

// floorDiv is a // b rounded toward −∞, as Python's // (b > 0).
func floorDiv(a, b Bytes) Bytes {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}
