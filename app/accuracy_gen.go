//go:build !wasm

package main

import (
	"fmt"
	"os"
	"strings"

	json "github.com/goccy/go-json"

	"vram/calc/replay"
)

// accuracyFile is the replay report the accuracy page reads (?view=accuracy),
// next to app.wasm; ui.AccuracyPath names the same file.
const accuracyFile = "accuracy.json"

// writeAccuracy replays the cases and writes the report: the accuracy
// page is generated from the replay at build time, never typed.
func writeAccuracy(path string, files []string) error {
	var cases []replay.Case
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("generate: accuracy: %w", err)
		}
		cs, err := replay.Read(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("generate: accuracy: %s: %w", name, err)
		}
		for i := range cs {
			cs[i].Pending = strings.HasSuffix(name, "pending.jsonl")
		}
		cases = append(cases, cs...)
	}
	results := replay.Run(cases)
	b, err := json.Marshal(replay.NewReport(results, replay.Summarize(results)))
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
