package presets

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"

	"vram/calc"
)

//go:embed engines.json
var enginesJSON []byte

// BehaviourKeys are the engine behaviours every family must source
// (engines.json "sources"): one entry per JSON field group of calc.Engine.
var BehaviourKeys = []string{
	"v1", "default_utilization", "others_in_budget", "startup_free_check",
	"comm_in_budget", "clamp_available", "graphs_in_budget",
	"kv_cache_memory_bytes", "skip_mm_profiling", "block_size", "batch",
	"profile", "graphs", "texts",
}

var engines = sync.OnceValues(func() ([]calc.Engine, error) {
	var es []calc.Engine
	if err := decodeStrict("engines.json", enginesJSON, &es); err != nil {
		return nil, err
	}
	return es, nil
})

// Engines returns the engine version families, in release order. It
// returns nil if the embedded catalog does not decode (a test guards this).
func Engines() []calc.Engine {
	es, err := engines()
	if err != nil {
		return nil
	}
	out := make([]calc.Engine, len(es))
	copy(out, es)
	return out
}

// EngineByID returns the family with the given id (e.g. "vllm-0.8.0").
func EngineByID(id string) (calc.Engine, bool) {
	es, err := engines()
	if err != nil {
		return calc.Engine{}, false
	}
	for _, e := range es {
		if e.ID == id {
			return e, true
		}
	}
	return calc.Engine{}, false
}

// EngineForVersion returns the family of project ("vllm" or "vllm-ascend")
// whose version range holds version ("0.8.3", "v0.9.1rc1", "0.7.4.dev51+g…").
// Pre-release and build suffixes are ignored: 0.9.1rc1 is read as 0.9.1.
func EngineForVersion(project, version string) (calc.Engine, bool) {
	v, ok := parseVersion(version)
	if !ok {
		return calc.Engine{}, false
	}
	for _, e := range Engines() {
		if e.Project != project {
			continue
		}
		lo, hi, _ := strings.Cut(e.Versions, "–")
		from, ok := parseVersion(lo)
		if !ok || cmpVersion(v, from) < 0 {
			continue
		}
		hi = strings.TrimSpace(hi)
		if hi == "" {
			return e, true
		}
		if strings.HasSuffix(hi, ".x") { // "0.12.x": any patch of 0.12
			to, ok := parseVersion(strings.TrimSuffix(hi, ".x") + ".999999")
			if ok && cmpVersion(v, to) <= 0 {
				return e, true
			}
			continue
		}
		if to, ok := parseVersion(hi); ok && cmpVersion(v, to) <= 0 {
			return e, true
		}
	}
	return calc.Engine{}, false
}

// parseVersion reads major.minor.patch, ignoring a leading v and any suffix.
func parseVersion(s string) ([3]int, bool) {
	var v [3]int
	s = strings.TrimPrefix(strings.TrimSpace(s), "v")
	parts := strings.SplitN(s, ".", 4)
	if len(parts) < 2 {
		return v, false
	}
	for i := 0; i < 3 && i < len(parts); i++ {
		p := parts[i]
		j := 0
		for j < len(p) && p[j] >= '0' && p[j] <= '9' {
			j++
		}
		if j == 0 {
			if i < 2 {
				return v, false
			}
			break // "0.1.dev15312": no patch
		}
		n, err := strconv.Atoi(p[:j])
		if err != nil || n > 1<<20 {
			return v, false
		}
		v[i] = n
		if j < len(p) {
			break // "1rc1", "4dev": the suffix ends the version
		}
	}
	return v, true
}

func cmpVersion(a, b [3]int) int {
	for i := range a {
		if a[i] != b[i] {
			return a[i] - b[i]
		}
	}
	return 0
}
