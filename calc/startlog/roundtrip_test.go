package startlog_test

import (
	"math"
	"strings"
	"testing"

	"vram/calc"
	"vram/calc/startlog"
	"vram/presets"
)

// The log lines calc predicts read back, through the parser users paste
// their logs into, as the figures the estimate holds: weights, the budget
// figures, KV bytes, tokens, concurrency, graphs and the two suggestions,
// for every preset under every release of its platform (and its other
// core), to the precision each line prints.
func TestPredictedLogReadsBack(t *testing.T) {
	n := 0
	for _, p := range presets.Presets() {
		base, err := p.Scenario()
		if err != nil {
			t.Fatal(err)
		}
		for _, eng := range presets.Engines() {
			if (base.Device.Platform == calc.Ascend) != (eng.Project == "vllm-ascend") {
				continue
			}
			for _, core := range eng.Cores() {
				s := base
				s.Engine = eng
				v1 := core.Core == "v1"
				s.Options.UseV1 = &v1
				e, err := calc.Evaluate(s)
				if err != nil {
					continue
				}
				n++
				checkReadBack(t, p.Name+"/"+core.ID+"/"+core.Core, e)
			}
		}
	}
	t.Logf("%d predicted logs", n)
}

func checkReadBack(t *testing.T, name string, e calc.Estimate) {
	t.Helper()
	var lines []string
	for _, l := range e.Log {
		lines = append(lines, l.Text)
	}
	text := strings.Join(lines, "\n")
	l, err := startlog.Parse(text)
	if err != nil {
		t.Errorf("%s: %v\n%s", name, err, text)
		return
	}
	k := e.Ranks[0]
	f := l.Figures
	near := func(what string, got *calc.Bytes, want calc.Bytes, tol float64) {
		if got == nil {
			t.Errorf("%s: %s not read back\n%s", name, what, text)
			return
		}
		if math.Abs(got.GiB()-want.GiB()) > tol {
			t.Errorf("%s: %s reads %.4f GiB, estimate %.4f", name, what, got.GiB(), want.GiB())
		}
	}
	near("weights", f.Weights, k.Weights.Total, 0.0051)
	r := e.Resolved
	if e.Failure != nil && (e.Failure.ID == calc.GateFreeMemory || e.Failure.ID == calc.GateWeights || e.Failure.ID == calc.GateProfileOOM) {
		if l.Error == "" {
			t.Errorf("%s: the failure is not read back", name)
		}
		return
	}
	switch r.Engine.Texts.ProfileLog {
	case "v0-block":
		near("budget", f.Budget, k.Budget, 0.0051)
		near("activation", f.Activation, k.Activation, 0.0051)
		near("non-torch", startlog.Max(f.NonTorch), k.NonTorch, 0.0051)
		near("KV", startlog.Min(f.KV), k.KV, 0.0051)
	case "v1-available", "v1-available-round", "ascend-available":
		near("KV", startlog.Min(f.KV), k.KV, 0.0051)
	case "ascend-raw":
		near("KV", startlog.Min(f.KV), max(k.KV, 0), 1e-9)
	case "ascend-raw-float":
		near("KV", startlog.Min(f.KV), k.Ledger.KVRaw, 1e-6)
	}
	if e.Failure != nil && (e.Failure.ID == calc.GateNoKV || e.Failure.ID == calc.GateMaxLen) {
		return
	}
	if f.Tokens == nil || (r.Engine.Texts.BlocksLog != "v1-combined" && *f.Tokens != e.Tokens && *f.Tokens != e.Blocks) {
		if f.Blocks == nil || *f.Blocks != e.Blocks {
			t.Errorf("%s: tokens/blocks %v/%v, estimate %d/%d", name, f.Tokens, f.Blocks, e.Tokens, e.Blocks)
		}
	}
	if f.Concurrency == nil || math.Abs(*f.Concurrency-e.Concurrency) > 0.0051 {
		t.Errorf("%s: concurrency %v, estimate %.4f", name, f.Concurrency, e.Concurrency)
	}
	if k.Graphs.Bytes > 0 && !r.EnforceEager {
		near("graphs", f.Graphs, k.Graphs.Bytes, 0.0051)
	}
	if r.MMIPC > 0 && k.KV > 0 {
		near("mm-ipc reserve", f.MMIPC, r.MMIPC, 0.0051)
	}
	if r.MambaBlockSet > 0 && (f.AttnBlock == nil || *f.AttnBlock != r.MambaBlockSet) {
		t.Errorf("%s: attention block %v, estimate %d", name, f.AttnBlock, r.MambaBlockSet)
	}
	if pct := calc.MambaPadPercent(&r); pct > 0 && (f.MambaPad == nil || math.Abs(*f.MambaPad-pct) > 0.0051) {
		t.Errorf("%s: mamba padding %v, estimate %.4f", name, f.MambaPad, pct)
	}
	if r.Engine.Texts.LedgerLog != "" {
		fit, full := calc.KVSuggestions(&r, &k)
		if f.SuggestFit == nil || *f.SuggestFit != fit || f.SuggestFull == nil || *f.SuggestFull != full {
			t.Errorf("%s: suggestions %v %v, estimate %d %d", name, f.SuggestFit, f.SuggestFull, fit, full)
		}
	}
}
