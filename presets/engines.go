package presets

import (
	_ "embed"
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
