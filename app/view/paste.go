package view

import (
	"strconv"
	"strings"

	"vram/app/urlstate"
	"vram/calc"
)

// Paste kinds.
const (
	PasteConfig  = "config"  // a Hugging Face config.json (plus preprocessor_config.json)
	PasteCommand = "command" // a vllm serve / api_server / LLM(...) command line
	PasteLog     = "log"     // a vLLM or vllm-ascend startup log
)

// Finding is one line of what a parser read, assumed, ignored or rejected.
type Finding struct {
	Field   string
	Message string
	Bad     bool // a problem the user should fix (shown in red)
}

// Comparison is one measured figure of a pasted log against the prediction.
type Comparison struct {
	Figure              string // i18n key of the figure, e.g. "part.weights"
	Measured, Predicted float64
	Unit                string // "GiB", "tokens", "blocks", "x"
}

// Pasted is what the page shows for a paste and how to apply it.
type Pasted struct {
	Kind        string
	Findings    []Finding
	Comparisons []Comparison
	// Apply changes the state to the pasted scenario; nil when there is
	// nothing to apply. Calibrate, for logs, adopts the measured figures.
	Apply     func(st *urlstate.State)
	Calibrate func(st *urlstate.State)
}

// DetectKind tells what a paste is: JSON is a config, a command mentions
// vllm or LLM(, anything else is read as a log.
func DetectKind(text string) string {
	t := strings.TrimSpace(text)
	switch {
	case strings.HasPrefix(t, "{"):
		return PasteConfig
	case looksLikeCommand(t):
		return PasteCommand
	}
	return PasteLog
}

func looksLikeCommand(t string) bool {
	first := t
	if i := strings.IndexByte(t, '\n'); i >= 0 && !strings.HasSuffix(strings.TrimSpace(t[:i]), "\\") && !strings.HasPrefix(t, "export") {
		first = t[:i]
	}
	return strings.Contains(first, "vllm serve") || strings.Contains(first, "vllm.entrypoints") ||
		strings.Contains(first, "LLM(") || strings.HasPrefix(first, "export ") || strings.HasPrefix(first, "VLLM_")
}

// predicted returns the figures of the first rank for comparisons.
func predicted(e calc.Estimate) calc.RankEstimate {
	if len(e.Ranks) == 0 {
		return calc.RankEstimate{}
	}
	return e.Ranks[0]
}

// ErrorPct formats the relative error of a comparison ("+3.1%", "n/a").
func ErrorPct(c Comparison) string {
	if c.Measured == 0 {
		return "n/a"
	}
	pct := 100 * (c.Predicted - c.Measured) / c.Measured
	s := strconv.FormatFloat(pct, 'f', 1, 64) + "%"
	if pct >= 0 {
		s = "+" + s
	}
	return s
}
