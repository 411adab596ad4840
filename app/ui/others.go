package ui

import (
	"strconv"

	"vram/app/urlstate"
)

// othersGet and othersSet read and write the memory other programs hold on
// each device (GiB) in the state; "" means "as the preset says".
func othersGet(st *urlstate.State) string {
	if !st.OthersSet() {
		return ""
	}
	return strconv.FormatFloat(st.OthersGB(), 'f', -1, 64)
}

func othersSet(st *urlstate.State, v string) error {
	var f *float64
	if err := floatPtr(&f, v, -1e-9, 1e6); err != nil {
		return err
	}
	st.SetOthers(f)
	return nil
}
