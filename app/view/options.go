package view

import (
	"reflect"

	"vram/calc"
)

// DiffOptions returns the options of o that differ from base, so a share
// link carries only what the user changed relative to the preset.
func DiffOptions(o, base calc.Options) calc.Options {
	var out calc.Options
	ov, bv, dv := reflect.ValueOf(o), reflect.ValueOf(base), reflect.ValueOf(&out).Elem()
	for i := 0; i < ov.NumField(); i++ {
		f, b := ov.Field(i), bv.Field(i)
		switch f.Kind() {
		case reflect.Pointer:
			if f.IsNil() || (!b.IsNil() && reflect.DeepEqual(f.Elem().Interface(), b.Elem().Interface())) {
				continue
			}
		default:
			if f.IsZero() || reflect.DeepEqual(f.Interface(), b.Interface()) {
				continue
			}
		}
		dv.Field(i).Set(f)
	}
	return out
}
