package presets

import (
	"testing"

	"vram/calc"
)

// Llama-3.3-Nemotron-Super-49B-v1's block_configs: the embedding and the
// untied head 2 × 128,256 × 8192, the final norm, 49 attending layers of
// 64 query and 8 KV heads (2 × 8192 × 8192 + 2 × 8192 × 1024 + 8192 each)
// and 80 FFNs of widths summing to 1,642,496 (3 × 8192 × width + 8192
// each): 49,867,145,216 parameters, the published 49.9B.
func TestNemotronSuperParams(t *testing.T) {
	m, ok := ModelByID("nvidia/Llama-3_3-Nemotron-Super-49B-v1")
	if !ok {
		t.Fatal("not in the catalog")
	}
	if got, want := calc.ModelParams(&m), int64(49867145216); got != want {
		t.Errorf("%d parameters, want %d", got, want)
	}
}
