package hfconfig

import "math"

// The accessors of a decoded JSON object (obj).

func (o obj) has(k string) bool { _, ok := o[k]; return ok }

func (o obj) sub(k string) obj {
	m, _ := o[k].(map[string]any)
	return obj(m)
}

// num returns a number field; ok is false when absent or null.
func (o obj) num(k string) (float64, bool) {
	f, ok := o[k].(float64)
	return f, ok && !math.IsInf(f, 0) && !math.IsNaN(f)
}

func (o obj) str(k string) string { s, _ := o[k].(string); return s }

func (o obj) boolean(k string) (bool, bool) { b, ok := o[k].(bool); return b, ok }

func (o obj) ints(k string) []int {
	l, _ := o[k].([]any)
	var out []int
	for _, v := range l {
		if f, ok := v.(float64); ok && f >= 0 && f < 1<<20 && f == math.Trunc(f) {
			out = append(out, int(f))
		}
	}
	return out
}
