package view

import "vram/calc"

// PasteAvailable says whether this build has the paste parsers (config.json,
// command line, startup log). Without them the page hides the paste box.
const PasteAvailable = false

// ParsePaste reads a paste with the parser its kind needs.
func ParsePaste(text string, sc calc.Scenario, est calc.Estimate) Pasted {
	return Pasted{Kind: DetectKind(text)}
}
