// Command replay sets the memory model against real startup logs: every
// case of each file (one JSON object per line, the schema of
// calc/testdata/README.md) is replayed predictive and calibrated, and the
// error of every figure is printed per case, per figure and per release.
// It exits 0 for any readable file.
//
//	go run ./calc/cmd/replay calc/testdata/dev.jsonl mine.jsonl
package main

import (
	"fmt"
	"os"

	"vram/calc/replay"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: replay FILE.jsonl...")
		os.Exit(2)
	}
	var cases []replay.Case
	for _, name := range os.Args[1:] {
		f, err := os.Open(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "replay:", err)
			os.Exit(1)
		}
		cs, err := replay.Read(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(os.Stderr, "replay: %s: %v\n", name, err)
			os.Exit(1)
		}
		cases = append(cases, cs...)
	}
	results := replay.Run(cases)
	replay.Write(os.Stdout, results, replay.Summarize(results))
}
