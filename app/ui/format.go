package ui

import (
	"strconv"

	"vram/calc"
)

func formatFloat(f float64, prec int) string { return strconv.FormatFloat(f, 'f', prec, 64) }

// formatInt groups thousands with commas, as vLLM's logs do ("16,384").
func formatInt(n int) string { return calc.Commas(n) }
