package view

import (
	"strconv"
	"strings"

	"vram/app/urlstate"
	"vram/calc"
	"vram/calc/finding"
)

// Paste kinds.
const (
	PasteConfig  = "config"  // a Hugging Face config.json (plus preprocessor_config.json)
	PasteCommand = "command" // a vllm serve / api_server / LLM(...) command line
	PasteLog     = "log"     // a vLLM or vllm-ascend startup log
)

// Finding is one line of what a parser read, assumed, ignored or rejected;
// the page shows its Kind as i18n key "finding.<kind>" and its detail
// through i18n.Detail.
type Finding = finding.Finding

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
	// ApplySuggested applies a command with the values vLLM would reject
	// replaced by what was meant (1920*1080 -> 2073600); nil when none.
	ApplySuggested func(st *urlstate.State)
	// Exits holds vLLM's argument-parser errors for a command it would
	// refuse before loading anything (Apply is nil then).
	Exits []string
	// Kept names what the paste does not say and the page keeps.
	Kept []Kept
}

// Kept is one setting a paste leaves as the page has it: What is "model",
// "device", "engine" or "platform" (the pasted release runs on another
// platform than the page's device), Value the page's setting.
type Kept struct {
	What, Value string
}

// DetectKind tells what a paste is: JSON is a config; text with the marks
// of a log (levels, source files, vLLM's startup lines) is a log, even when
// it quotes the command; text naming a vLLM launch is a command; anything
// else is read as a log, whose parser then says what it expected.
func DetectKind(text string) string {
	t := strings.TrimSpace(text)
	switch {
	case strings.HasPrefix(t, "{"):
		return PasteConfig
	case looksLikeLog(t):
		return PasteLog
	case looksLikeCommand(t):
		return PasteCommand
	}
	return PasteLog
}

var logMarks = []string{"INFO ", "WARNING ", "ERROR ", "DEBUG ", ".py:", "Initializing a V", "GiB", "KV cache", "non-default args"}

func looksLikeLog(t string) bool {
	for _, m := range logMarks {
		if strings.Contains(t, m) {
			return true
		}
	}
	return false
}

func looksLikeCommand(t string) bool {
	return strings.Contains(t, "vllm serve") || strings.Contains(t, "vllm.entrypoints") ||
		strings.Contains(t, "LLM(") || strings.Contains(t, "vllm/vllm-openai") || strings.Contains(t, "vllm-ascend:")
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
