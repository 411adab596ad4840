package calc_test

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	json "github.com/goccy/go-json"

	"vram/calc"
	"vram/presets"
)

// The replay: every case of testdata/dev.jsonl (real startup figures with
// their sources; see testdata/README.md) plus the files listed in
// VRAM_REPLAY_CASES, whose model and device the catalog knows, is rebuilt
// as a Scenario and its measured figures compared with the estimate.
// Only figures whose inputs the source states are compared.

type gtCase struct {
	ID     string `json:"id"`
	Source struct {
		URL   *string `json:"url"`
		Quote string  `json:"quote"`
	} `json:"source"`
	Version      *string  `json:"vllm_version"`
	VersionHint  *string  `json:"version_hint"`
	Engine       *string  `json:"engine"`
	Model        string   `json:"model"`
	Quantization *string  `json:"quantization"`
	TP           *int     `json:"tensor_parallel_size"`
	Device       *string  `json:"device"`
	TotalGiB     *float64 `json:"total_device_memory_gib"`
	Settings     struct {
		Utilization  *float64       `json:"gpu_memory_utilization"`
		MaxModelLen  *int           `json:"max_model_len"`
		MaxNumSeqs   *int           `json:"max_num_seqs"`
		MaxTokens    *int           `json:"max_num_batched_tokens"`
		EnforceEager *bool          `json:"enforce_eager"`
		KVCacheDtype *string        `json:"kv_cache_dtype"`
		BlockSize    *int           `json:"block_size"`
		LimitMM      map[string]int `json:"limit_mm_per_prompt"`
		MMKwargs     map[string]any `json:"mm_processor_kwargs"`
	} `json:"settings"`
	Measured map[string]any `json:"measured"`
}

// loadCatalog is the project's catalog (presets), by id.
func loadCatalog(t *testing.T) (map[string]calc.Model, map[string]calc.Device) {
	models := map[string]calc.Model{}
	for _, m := range presets.Models() {
		models[m.ID] = m.Model
	}
	devices := map[string]calc.Device{}
	for _, d := range presets.Devices() {
		devices[d.ID] = d.Device
	}
	return models, devices
}

// deviceID maps a log's device string to a catalog id ("" if unknown).
func deviceID(s string) string {
	l := strings.ToLower(s)
	switch {
	case strings.Contains(l, "a100") && strings.Contains(l, "40gb"):
		return "a100-40gb"
	case strings.Contains(l, "a100") && strings.Contains(l, "80gb"):
		return "a100-80gb"
	case strings.Contains(l, "rtx 3090"):
		return "rtx-3090"
	case regexp.MustCompile(`\ba10\b`).MatchString(l):
		return "a10"
	case strings.Contains(l, "910b4") && !strings.Contains(l, "64"):
		return "ascend-910b4"
	case strings.Contains(l, "ascend") && strings.Contains(l, "64 gb"):
		return "ascend-910b3"
	}
	return ""
}

// family picks the engine family from the stated version and engine.
func family(c gtCase, dev calc.Device) (string, string) {
	if dev.Platform == calc.Ascend {
		if _, ok := c.Measured["available_memory_bytes"]; ok {
			if _, enc := c.Measured["encoder_profile_items"]; enc {
				return "ascend-0.13", "log format 'Available memory: X, total memory' (≤0.14) with the encoder profiled (≥0.13)"
			}
			return "ascend-0.9", "log format 'Available memory: X, total memory' (≤0.14)"
		}
		return "", "vllm-ascend version not stated"
	}
	if c.Engine != nil && strings.HasPrefix(*c.Engine, "V0") {
		return "vllm-0.7", "V0 engine (replayed with the V0 family)"
	}
	v := ""
	if c.Version != nil {
		v = *c.Version
	}
	if v == "" {
		return "", "version not stated"
	}
	var major, minor, patch int
	fmt.Sscanf(v, "%d.%d.%d", &major, &minor, &patch)
	switch n := minor*100 + patch; {
	case major != 0:
		return "", "version " + v + " outside the families"
	case n >= 2100:
		return "vllm-0.21", v
	case n >= 1100:
		return "vllm-0.11", v
	case n >= 901:
		return "vllm-0.9.1", v
	case n >= 804:
		return "vllm-0.8.4", v
	case n >= 800:
		return "vllm-0.8.0", v
	}
	return "", "version " + v + " before the families"
}

// num reads a measured figure: a number, or the first of a per-rank list.
func num(m map[string]any, k string) (float64, bool) {
	switch v := m[k].(type) {
	case float64:
		return v, true
	case []any:
		if len(v) > 0 {
			f, ok := v[0].(float64)
			return f, ok
		}
	}
	return 0, false
}

func readCases(t *testing.T) []gtCase {
	files := []string{"testdata/dev.jsonl"}
	for _, f := range strings.Split(os.Getenv("VRAM_REPLAY_CASES"), ",") {
		if f = strings.TrimSpace(f); f != "" {
			files = append(files, f)
		}
	}
	var out []gtCase
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatalf("replay cases: %v", err)
		}
		sc := bufio.NewScanner(bytes.NewReader(raw))
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			line := bytes.TrimSpace(sc.Bytes())
			if len(line) == 0 {
				continue
			}
			var c gtCase
			if err := json.Unmarshal(line, &c); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, c)
		}
	}
	return out
}

func TestReplay(t *testing.T) {
	models, devices := loadCatalog(t)
	var replayed, skipped, right, total int
	var wSum, kvSum, kvGiBSum float64
	var wN, kvN int
	t.Logf("%-42s %-10s %12s %12s %9s", "case", "figure", "measured", "predicted", "error")
	for _, c := range readCases(t) {
		skip := func(why string) { skipped++; t.Logf("%-42s SKIP %s", c.ID, why) }
		name := strings.TrimSpace(strings.SplitN(c.Model, "(", 2)[0])
		m, ok := models[name]
		if !ok {
			m, ok = models["Qwen/"+name]
		}
		if !ok {
			skip("model " + name + " not in the catalog")
			continue
		}
		if c.Quantization != nil {
			skip("quantized checkpoint (" + *c.Quantization + ") not in the catalog")
			continue
		}
		if c.Device == nil || deviceID(*c.Device) == "" {
			skip("device not in the catalog")
			continue
		}
		dev := devices[deviceID(*c.Device)]
		if c.TotalGiB != nil {
			dev.Total = calc.FromGiB(*c.TotalGiB)
		}
		if tb, ok := num(c.Measured, "total_memory_bytes"); ok {
			dev.Total = calc.Bytes(tb)
		}
		if dev.Total <= 0 {
			skip("device total unknown")
			continue
		}
		famID, famWhy := family(c, dev)
		known := famID != ""
		if !known {
			famID = "vllm-0.11"
			if dev.Platform == calc.Ascend {
				famID = "ascend-0.13"
			}
		}
		s := calc.Scenario{Model: m, Device: dev, Engine: engine(t, famID)}
		if c.TP != nil {
			s.TensorParallel = *c.TP
		}
		st := c.Settings
		o := &s.Options
		o.GPUMemoryUtilization, o.MaxModelLen, o.MaxNumSeqs, o.MaxNumBatchedTokens, o.EnforceEager, o.BlockSize =
			st.Utilization, st.MaxModelLen, st.MaxNumSeqs, st.MaxTokens, st.EnforceEager, st.BlockSize
		if st.KVCacheDtype != nil {
			o.KVCacheDtype = *st.KVCacheDtype
		}
		if v, ok := st.LimitMM["image"]; ok {
			o.LimitImages = ptr(v)
		}
		if v, ok := st.LimitMM["video"]; ok {
			o.LimitVideos = ptr(v)
		}
		if v, ok := st.MMKwargs["max_pixels"].(float64); ok {
			o.MaxPixels = ptr(int(v))
		}
		if v, ok := st.MMKwargs["min_pixels"].(float64); ok {
			o.MinPixels = ptr(int(v))
		}
		// Calibrate A and N from the same log where it states them, so the
		// KV comparison tests the budget arithmetic and the weights.
		var cal calc.Calibration
		if a, ok := num(c.Measured, "activation_peak_gib"); ok {
			cal.Activation = ptr(calc.FromGiB(a))
		}
		if n, ok := num(c.Measured, "non_torch_gib"); ok {
			cal.NonTorch = ptr(calc.FromGiB(n))
		}
		if p, ok := num(c.Measured, "peak_torch_memory_gib"); ok {
			if w, ok := num(c.Measured, "weights_gib"); ok {
				cal.Activation = ptr(calc.FromGiB(p - w)) // 0.6.4 format: peak includes the weights
			}
		}
		if cal.Activation != nil || cal.NonTorch != nil {
			s.Calibration = &cal
		}
		e, err := calc.Compute(s)
		if err != nil {
			skip("scenario rejected: " + err.Error())
			continue
		}
		replayed++
		k := e.Ranks[0]
		if w, ok := num(c.Measured, "weights_gib"); ok {
			p := k.Weights.Total.GiB()
			pct := 100 * (p - w) / w
			wSum += math.Abs(pct)
			wN++
			t.Logf("%-42s %-10s %12.2f %12.2f %8.1f%%", c.ID, "weights", w, p, pct)
			if p == 0 {
				t.Errorf("%s: predicted weights are zero (the costs half has not landed?)", c.ID)
			} else if math.Abs(pct) > 3 {
				t.Errorf("%s: weights off by %.1f%% (bar 3%%)", c.ID, pct)
			}
		}
		kvKnown := known && st.Utilization != nil && cal.Activation != nil
		if kv, ok := num(c.Measured, "kv_cache_gib"); ok {
			if !kvKnown {
				t.Logf("%-42s %-10s %12.2f %12s %9s", c.ID, "kv", kv, "-", "inputs not stated")
			} else {
				p := k.KV.GiB()
				pct := 100 * (p - kv) / math.Max(math.Abs(kv), 1e-9)
				kvSum += math.Min(math.Abs(pct), 1000)
				kvGiBSum += math.Abs(p - kv) // a small KV makes the percentage explode
				kvN++
				t.Logf("%-42s %-10s %12.2f %12.2f %8.1f%%", c.ID, "kv", kv, p, pct)
				if math.Abs(p-kv) > 0.5 && math.Abs(pct) > 10 {
					t.Errorf("%s: KV %.2f GiB vs measured %.2f (bar 10%% or 0.5 GiB)", c.ID, p, kv)
				}
			}
		}
		if tok, ok := num(c.Measured, "kv_cache_tokens"); ok {
			note := "inputs not stated"
			if kvKnown {
				note = fmt.Sprintf("%.1f%%", 100*(float64(e.Tokens)-tok)/tok)
			}
			t.Logf("%-42s %-10s %12.0f %12d %9s", c.ID, "kv tokens", tok, e.Tokens, note)
		}
		outcome, _ := c.Measured["outcome_class"].(string)
		switch {
		case known && (st.Utilization == nil || st.MaxModelLen == nil):
			t.Logf("%-42s %-10s %12s %12v %9s", c.ID, "verdict", outcome, e.Starts, "not compared: utilization or max_model_len not stated")
		case !known:
			t.Logf("%-42s %-10s %12s %12v %9s", c.ID, "verdict", outcome, e.Starts, "not compared: "+famWhy)
		case strings.Contains(outcome, "co-tenant"):
			t.Logf("%-42s %-10s %12s %12v %9s", c.ID, "verdict", outcome, e.Starts, "not compared: other programs' memory not stated")
		case strings.HasPrefix(outcome, "pass") || strings.HasPrefix(outcome, "fail_memory"):
			want := strings.HasPrefix(outcome, "pass")
			total++
			verdict := "right"
			if e.Starts == want {
				right++
			} else {
				verdict = "WRONG"
				t.Errorf("%s: predicted starts=%v (fail %s), measured %q", c.ID, e.Starts, failID(e), outcome)
			}
			t.Logf("%-42s %-10s %12v %12v %9s (%s; %s)", c.ID, "verdict", want, e.Starts, verdict, famID, failID(e))
		}
	}
	mean := func(s float64, n int) string {
		if n == 0 {
			return "NaN"
		}
		return strconv.FormatFloat(s/float64(n), 'f', 2, 64)
	}
	fmt.Println(fmt.Sprintf("REPLAY replayed=%d skipped=%d weights_mean_abs_pct=%s kv_mean_abs_pct=%s kv_mean_abs_gib=%s verdict_right=%d verdict_total=%d",
		replayed, skipped, mean(wSum, wN), mean(kvSum, kvN), mean(kvGiBSum, kvN), right, total))
}
