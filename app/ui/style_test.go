package ui

import (
	"os"
	"regexp"
	"testing"

	"vram/calc"
)

// TestPartColours: every part the chart draws has a colour class, and
// every CSS variable the stylesheet uses is defined (an undefined one
// leaves a segment without colour).
func TestPartColours(t *testing.T) {
	css, err := os.ReadFile("../../web/style.css")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range calc.PartKeys {
		if !regexp.MustCompile(`\.seg-` + regexp.QuoteMeta(k) + `[{,]`).Match(css) {
			t.Errorf("part %s has no .seg-%s rule", k, k)
		}
	}
	defined := map[string]bool{}
	for _, m := range regexp.MustCompile(`(--[a-z-]+):`).FindAllSubmatch(css, -1) {
		defined[string(m[1])] = true
	}
	for _, m := range regexp.MustCompile(`var\((--[a-z-]+)\)`).FindAllSubmatch(css, -1) {
		if !defined[string(m[1])] {
			t.Errorf("var(%s) is used but never defined", m[1])
		}
	}
}
