// Package replay checks the memory model against real startups: each case
// of a ground-truth file (calc/testdata/README.md for the schema) is
// rebuilt as a Scenario from the catalog and its stated settings, and every
// measured figure is set against the estimate twice: predictive, taking
// nothing from the case's own log, and calibrated, adopting the log's
// activation, non-torch and graph figures (and its device total).
package replay

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"

	json "github.com/goccy/go-json"

	"vram/calc"
	"vram/presets"
)

// Case is one real startup with its source.
type Case struct {
	ID string `json:"id"`
	// Pending: the case waits for a mechanism (calc/testdata/pending.jsonl):
	// reported, never asserted. Set by whoever reads that file.
	Pending bool `json:"-"`
	Source  struct {
		Type  string  `json:"type"`
		URL   *string `json:"url"`
		Quote string  `json:"quote"`
	} `json:"source"`
	Version      *string `json:"vllm_version"`
	VersionHint  *string `json:"version_hint"`
	Engine       *string `json:"engine"`
	Model        string  `json:"model"`
	Quantization *string `json:"quantization"`
	TP           *int    `json:"tensor_parallel_size"`
	Device       *string `json:"device"`
	TotalGiB     any     `json:"total_device_memory_gib"` // a number, or one per rank
	Settings     struct {
		Utilization  *float64       `json:"gpu_memory_utilization"`
		MaxModelLen  *int           `json:"max_model_len"`
		MaxNumSeqs   *int           `json:"max_num_seqs"`
		MaxTokens    *int           `json:"max_num_batched_tokens"`
		EnforceEager *bool          `json:"enforce_eager"`
		KVCacheDtype *string        `json:"kv_cache_dtype"`
		BlockSize    *int           `json:"block_size"`
		LimitMM      map[string]any `json:"limit_mm_per_prompt"`
		MMKwargs     map[string]any `json:"mm_processor_kwargs"`
		// DataParallel and ExpertParallel: --data-parallel-size and
		// --enable-expert-parallel, where the launch sets them.
		DataParallel   *int  `json:"data_parallel_size,omitempty"`
		ExpertParallel *bool `json:"enable_expert_parallel,omitempty"`
	} `json:"settings"`
	Measured map[string]any `json:"measured"`
	// CommandComplete: the quote holds the whole launch command, so the
	// options it does not set took vLLM's defaults (open.go).
	CommandComplete bool `json:"command_complete,omitempty"`
	// Revision holds config.json fields in which the checkpoint the case
	// ran differs from the catalog's later revision, with the source in
	// the case's notes; only max_position_embeddings is read.
	Revision struct {
		MaxPositions *int `json:"max_position_embeddings"`
	} `json:"config_revision"`
}

// URL is the case's source address, or its locator.
func (c Case) URL() string {
	if c.Source.URL != nil {
		return *c.Source.URL
	}
	return ""
}

// MaxCases bounds a file: a replay reads at most this many cases.
const MaxCases = 10000

// Read reads cases, one JSON object per line.
func Read(r io.Reader) ([]Case, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var out []Case
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(line, &c); err != nil {
			return out, fmt.Errorf("line %d: %w", n, err)
		}
		if c.ID == "" {
			return out, fmt.Errorf("line %d: no id", n)
		}
		out = append(out, c)
		if len(out) > MaxCases {
			return out, fmt.Errorf("more than %d cases", MaxCases)
		}
	}
	return out, sc.Err()
}

// Figure names, in report order.
const (
	FigWeights     = "weights"
	FigActivation  = "activation"
	FigNonTorch    = "non-torch"
	FigGraphs      = "graphs"
	FigKV          = "kv"
	FigTokens      = "kv-tokens"
	FigBlocks      = "kv-blocks" // V0's "# GPU blocks" (or "# npu blocks")
	FigConcurrency = "concurrency"
)

// FigureNames lists the compared figures.
var FigureNames = []string{FigWeights, FigActivation, FigNonTorch, FigGraphs, FigKV, FigTokens, FigBlocks, FigConcurrency}

// Figure is one measured figure against its prediction.
type Figure struct {
	Name                string
	Measured, Predicted float64 // GiB for bytes, else the count
	Why                 string  // why not compared, when Predicted is not set
	Compared            bool
}

// ErrPct is the relative error in percent.
func (f Figure) ErrPct() float64 {
	if f.Measured == 0 {
		return 0
	}
	return 100 * (f.Predicted - f.Measured) / abs(f.Measured)
}

// Verdict is the start or failure a case saw against the prediction.
type Verdict struct {
	Compared      bool
	Why           string // why not compared
	Want, Got     bool   // starts
	Gate, Outcome string
	// Open: the case leaves gpu_memory_utilization or max_model_len
	// unstated and the verdict holds at both ends of them (open.go).
	Open bool
}

// Result is one replayed case.
type Result struct {
	Case    Case
	Skipped string // why the case is not replayed; "" when it is
	Release string // the release it is replayed with
	Exact   bool   // the case names that release exactly
	// VersionUnknown: the case states no version; only its weights are
	// compared, on the latest release.
	VersionUnknown bool
	// DeviceUnnamed: the log names no device; only what every candidate
	// device agrees on (weights, verdict) is compared (unnamed.go).
	DeviceUnnamed bool
	Predictive    []Figure
	Calibrated    []Figure
	Verdict       Verdict // predictive
	VerdictCal    Verdict // calibrated
}

var versionRe = regexp.MustCompile(`v?([0-9]+\.[0-9]+\.[0-9]+(?:\.[0-9]+)?(?:rc[0-9]+|\.post[0-9]+)?)`)

// release finds the release a case ran: its stated version, else a version
// in its hint, on the project its device implies.
func release(c Case, platform calc.Platform) (calc.Engine, bool, string) {
	project := presets.VLLM
	texts := []string{}
	if c.Version != nil {
		texts = append(texts, *c.Version)
	}
	if c.VersionHint != nil {
		texts = append(texts, *c.VersionHint)
	}
	if platform == calc.Ascend {
		project = presets.Ascend
	}
	for _, t := range texts {
		if platform == calc.Ascend && !strings.Contains(strings.ToLower(t), "ascend") && strings.Contains(t, "vllm") {
			continue // a vLLM version next to an unnamed vllm-ascend one
		}
		if i := strings.Index(strings.ToLower(t), "ascend"); platform == calc.Ascend && i >= 0 {
			t = t[i:] // "0.9.1 (vllm-ascend v0.9.1rc1)": the vllm-ascend release, not vLLM's
		}
		m := versionRe.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		if e, exact, ok := presets.EngineForVersion(project, m[1]); ok {
			return e, exact, ""
		}
		return calc.Engine{}, false, project + " " + m[1] + " is older than every release the calculator models"
	}
	if v := formatRelease(c.Source.Quote, platform); v != "" {
		if e, _, ok := presets.EngineForVersion(project, v); ok {
			return e, false, ""
		}
	}
	return calc.Engine{}, false, "version not stated"
}

// formatRelease infers a release from the log lines a case quotes when it
// states no version: the formats are the releases' own (calc/README.md
// "Log lines"), so the release picked is one that prints them.
func formatRelease(quote string, platform calc.Platform) string {
	switch {
	case platform == calc.Ascend && strings.Contains(quote, "Available memory:") && strings.Contains(quote, "total memory:"):
		if strings.Contains(quote, "Encoder cache will be initialized") {
			return "0.13.0" // the raw line with the encoder profiled: 0.13.0rc1–0.14.0rc1
		}
		return "0.11.0" // the raw clamped line: 0.9.1rc2–0.14.0rc1
	case platform != calc.Ascend && strings.Contains(quote, "the current vLLM instance can use total_gpu_memory"):
		return "0.7.3" // V0's three-line block (0.6.5–0.10)
	}
	return ""
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
