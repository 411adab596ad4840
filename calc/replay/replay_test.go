package replay_test

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	json "github.com/goccy/go-json"

	"vram/calc/replay"
)

var update = flag.Bool("update", false, "rewrite testdata/replay-baseline.json from this replay")

// The committed sets: real startup figures with their sources
// (calc/testdata/README.md, NOTES.md).
var committed = []string{"../testdata/dev.jsonl", "../testdata/harvest.jsonl"}

const baselineFile = "../testdata/replay-baseline.json"

// weightsBar bounds every weights figure: weights are counted from the
// model's config, nothing is fitted, and the log prints two decimals.
const weightsBar = 2.0 // percent

// Regression margins against the baseline: a figure's error may not grow
// by more than both of these.
const (
	marginPct = 2.0  // percentage points
	marginGiB = 0.05 // GiB (or tokens, for token figures: then pct alone)
)

// baseline is the last accepted replay: per case, the predictive error of
// each compared figure (percent) and whether the verdict was right.
type baseline struct {
	Summary string                        `json:"summary"`
	Cases   map[string]map[string]float64 `json:"cases"`
	Right   map[string]bool               `json:"verdict_right"`
}

func read(t *testing.T, names []string) []replay.Case {
	t.Helper()
	var cases []replay.Case
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := replay.Read(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cases = append(cases, cs...)
	}
	return cases
}

func current(results []replay.Result) baseline {
	b := baseline{Cases: map[string]map[string]float64{}, Right: map[string]bool{}}
	for _, r := range results {
		if r.Skipped != "" {
			continue
		}
		figs := map[string]float64{}
		for _, f := range r.Predictive {
			if f.Compared {
				figs[f.Name] = math.Round(f.ErrPct()*10) / 10
			}
		}
		for _, f := range r.Calibrated {
			if f.Compared {
				figs[f.Name+" (cal)"] = math.Round(f.ErrPct()*10) / 10
			}
		}
		b.Cases[r.Case.ID] = figs
		if r.Verdict.Compared {
			b.Right[r.Case.ID] = r.Verdict.Got == r.Verdict.Want
		}
	}
	b.Summary = replay.Summarize(results).Line()
	return b
}

// TestReplay replays the committed cases. It fails when a weights figure
// misses by more than weightsBar, when a verdict is wrong, and when,
// against the committed baseline, a case no longer replays, a verdict
// turns wrong or a figure's error grows beyond the margins. An improvement
// is accepted with `go test ./calc/replay -update` (make replay-baseline),
// whose diff shows every case that moved.
func TestReplay(t *testing.T) {
	results := replay.Run(read(t, committed))
	var out bytes.Buffer
	replay.Write(&out, results, replay.Summarize(results))
	if testing.Verbose() {
		t.Log("\n" + out.String())
	}
	now := current(results)
	t.Log(now.Summary)
	for _, r := range results {
		for _, f := range r.Predictive {
			if f.Compared && f.Name == replay.FigWeights && math.Abs(f.ErrPct()) > weightsBar {
				t.Errorf("%s: weights %.2f GiB predicted, %.2f logged (%.1f%%, bar %.0f%%)", r.Case.ID, f.Predicted, f.Measured, f.ErrPct(), weightsBar)
			}
		}
		if r.Verdict.Compared && r.Verdict.Got != r.Verdict.Want {
			t.Errorf("%s: predicted starts=%v (%s), the log: %s", r.Case.ID, r.Verdict.Got, r.Verdict.Gate, r.Verdict.Outcome)
		}
	}
	if *update {
		data, err := json.MarshalIndent(now, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(baselineFile, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(baselineFile)
	if err != nil {
		t.Fatalf("%v (make replay-baseline writes it)", err)
	}
	var was baseline
	if err := json.Unmarshal(data, &was); err != nil {
		t.Fatal(err)
	}
	for _, msg := range regressions(was, now, results) {
		t.Error(msg)
	}
}

// regressions lists what got worse from was to now.
func regressions(was, now baseline, results []replay.Result) []string {
	measured := map[string]map[string]float64{}
	for _, r := range results {
		m := map[string]float64{}
		for _, f := range append(r.Predictive, r.Calibrated...) {
			m[f.Name] = f.Measured
		}
		measured[r.Case.ID] = m
	}
	var out []string
	ids := make([]string, 0, len(was.Cases))
	for id := range was.Cases {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		figs, ok := now.Cases[id]
		if !ok {
			out = append(out, fmt.Sprintf("%s: replayed in the baseline, skipped now", id))
			continue
		}
		if was.Right[id] && !now.Right[id] {
			out = append(out, fmt.Sprintf("%s: verdict right in the baseline, wrong now", id))
		}
		for name, old := range was.Cases[id] {
			cur, ok := figs[name]
			if !ok {
				out = append(out, fmt.Sprintf("%s %s: compared in the baseline, not now", id, name))
				continue
			}
			grew := math.Abs(cur) - math.Abs(old)
			unit := math.Abs(measured[id][strings.TrimSuffix(name, " (cal)")]) * grew / 100
			tokens := strings.HasPrefix(name, replay.FigTokens) || strings.HasPrefix(name, replay.FigConcurrency)
			if grew > marginPct && (tokens || unit > marginGiB) {
				out = append(out, fmt.Sprintf("%s %s: error %+.1f%% (baseline %+.1f%%)", id, name, cur, old))
			}
		}
	}
	return out
}

// TestExtraCases replays the files named in VRAM_REPLAY_CASES
// (comma-separated, the schema of calc/testdata/README.md) and reports
// their errors without failing: sets kept outside the repository.
func TestExtraCases(t *testing.T) {
	env := os.Getenv("VRAM_REPLAY_CASES")
	if env == "" {
		t.Skip("VRAM_REPLAY_CASES not set")
	}
	var names []string
	for _, n := range strings.Split(env, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, filepath.Clean(n))
		}
	}
	results := replay.Run(read(t, names))
	var out bytes.Buffer
	replay.Write(&out, results, replay.Summarize(results))
	t.Log("\n" + out.String())
}

// Pending cases (calc/testdata/pending.jsonl) are replayed and reported,
// never asserted: each names the mechanism it waits for. The test fails
// only when one can no longer be read, or when it has come right (its
// verdict right and its weights within weightsBar: what TestReplay holds
// the committed cases to), so that it moves to harvest.jsonl.
func TestReplayPending(t *testing.T) {
	results := replay.Run(read(t, []string{"../testdata/pending.jsonl"}))
	for _, r := range results {
		var misses []string
		if r.Verdict.Compared && r.Verdict.Got != r.Verdict.Want {
			misses = append(misses, fmt.Sprintf("predicted starts=%v (%s), the log: %s", r.Verdict.Got, r.Verdict.Gate, r.Verdict.Outcome))
		}
		for _, f := range r.Predictive {
			if f.Compared && f.Name == replay.FigWeights && math.Abs(f.ErrPct()) > weightsBar {
				misses = append(misses, fmt.Sprintf("weights %.1f%% off", f.ErrPct()))
			}
		}
		if len(misses) == 0 {
			t.Errorf("%s: right now: move the case to harvest.jsonl", r.Case.ID)
			continue
		}
		t.Logf("%s: still wrong: %s", r.Case.ID, strings.Join(misses, "; "))
	}
}

// A case on an NPU whose version names vLLM first and vllm-ascend beside it
// replays as the vllm-ascend release; the same text on a GPU as vLLM's.
func TestReleaseBesideVLLM(t *testing.T) {
	v := "0.9.1 (vllm-ascend v0.9.1rc1)"
	for _, c := range []struct{ device, want string }{
		{"Ascend 310P3", "ascend-0.9.1rc1"},
		{"NVIDIA A100-SXM4-80GB", "vllm-0.9.1"},
	} {
		dev := c.device
		line := fmt.Sprintf(`{"id": "t", "source": {"quote": ""}, "vllm_version": %q, "model": "Qwen/Qwen2.5-3B-Instruct", "device": %q, "tensor_parallel_size": 1, "settings": {}, "measured": {}}`, v, dev)
		var k replay.Case
		if err := json.Unmarshal([]byte(line), &k); err != nil {
			t.Fatal(err)
		}
		res := replay.Run([]replay.Case{k})
		if len(res) != 1 || res[0].Release != c.want {
			got := ""
			if len(res) == 1 {
				got = res[0].Release + " " + res[0].Skipped
			}
			t.Errorf("%s: %q, want %s", c.device, got, c.want)
		}
	}
}

// A case that names its platform but not its device compares its weights
// alone, and only where the device cannot change them: Qwen2.5-7B's
// 14.19 GiB (7,615,616,512 parameters in bfloat16, 152,064 × 3584 rows of
// embedding and head) are the same on every GPU, gpt-oss-20b's MXFP4
// experts are padded for the kernel each GPU generation runs (mxfp4.go).
func TestUnnamedDevice(t *testing.T) {
	for _, c := range []struct {
		model, device     string
		compared, verdict bool
	}{
		// 15.2 GB of weights do not fit an 8 GB card at 0.9: NVIDIA's
		// candidates disagree on the start, every Ascend NPU (32 GB and up)
		// and every 80 GB card starts.
		{"Qwen/Qwen2.5-7B-Instruct", "NVIDIA GPU (model not stated)", true, false},
		{"Qwen/Qwen2.5-7B-Instruct", "Ascend NPU (chip not stated)", true, true},
		{"Qwen/Qwen2.5-7B-Instruct", "not stated (an 80 GB-class GPU)", true, true},
		{"openai/gpt-oss-20b", "NVIDIA GPU (model not stated)", false, false},
		{"Qwen/Qwen2.5-7B-Instruct", "a card (not stated)", false, false},
	} {
		line := fmt.Sprintf(`{"id": "t", "source": {"quote": ""}, "vllm_version": "0.10.1.1", "model": %q, "device": %q, "tensor_parallel_size": 1, "settings": {"gpu_memory_utilization": 0.9, "max_model_len": 4096}, "measured": {"weights_gib": 14.19, "kv_cache_gib": 50, "outcome_class": "pass"}}`, c.model, c.device)
		var k replay.Case
		if err := json.Unmarshal([]byte(line), &k); err != nil {
			t.Fatal(err)
		}
		r := replay.Run([]replay.Case{k})[0]
		if got := r.Skipped == ""; got != c.compared {
			t.Errorf("%s on %s: replayed %v (%s), want %v", c.model, c.device, got, r.Skipped, c.compared)
			continue
		}
		if !c.compared {
			if strings.HasPrefix(c.model, "openai/") && !strings.Contains(r.Skipped, "depend on which device") {
				t.Errorf("%s: skipped for %q", c.model, r.Skipped)
			}
			continue
		}
		for _, f := range r.Predictive {
			if f.Compared != (f.Name == replay.FigWeights) {
				t.Errorf("%s on %s: %s compared %v", c.model, c.device, f.Name, f.Compared)
			}
			if f.Name == replay.FigWeights && math.Abs(f.ErrPct()) > 0.5 {
				t.Errorf("%s on %s: weights %.2f GiB, want 14.19", c.model, c.device, f.Predicted)
			}
		}
		if r.Verdict.Compared != c.verdict || c.verdict && !r.Verdict.Want {
			t.Errorf("%s on %s: verdict compared %v (%s), want %v", c.model, c.device, r.Verdict.Compared, r.Verdict.Why, c.verdict)
		}
	}
}

// On an unnamed device the profile's peak is compared when every candidate
// gives the same one and max_model_len is stated.
func TestUnnamedDevicePeak(t *testing.T) {
	line := `{"id": "t", "source": {"quote": ""}, "vllm_version": "0.10.1.1", "model": "Qwen/Qwen2.5-7B-Instruct", "device": "Ascend NPU (chip not stated)", "tensor_parallel_size": 1, "settings": {"gpu_memory_utilization": 0.9, "max_model_len": 4096, "max_num_seqs": 64, "max_num_batched_tokens": 4096}, "measured": {"weights_gib": 14.19, "activation_peak_gib": 1.0, "outcome_class": "pass"}}`
	var k replay.Case
	if err := json.Unmarshal([]byte(line), &k); err != nil {
		t.Fatal(err)
	}
	r := replay.Run([]replay.Case{k})[0]
	if r.Skipped != "" {
		t.Fatalf("skipped: %s", r.Skipped)
	}
	for _, f := range r.Predictive {
		if f.Name == replay.FigActivation && !f.Compared {
			t.Errorf("activation not compared: %s", f.Why)
		}
		if f.Name == replay.FigKV && f.Compared {
			t.Error("KV compared on an unnamed device")
		}
	}
}
