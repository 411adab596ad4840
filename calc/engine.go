package calc

// Engine is one engine version family: the behaviours that size memory, as
// data. Families are loaded from presets/engines.json; each behaviour carries
// the source (file, PR, release) that established it.
type Engine struct {
	ID      string `json:"id"`      // e.g. "vllm-0.8.0", "ascend-0.9"
	Name    string `json:"name"`    // e.g. "vLLM 0.8.0 – 0.8.3"
	Project string `json:"project"` // "vllm" or "vllm-ascend"
	Version string `json:"version"` // representative version, e.g. "0.8.3"
}
