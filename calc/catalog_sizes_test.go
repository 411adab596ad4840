package calc_test

import (
	"math"
	"testing"

	"vram/calc"
	"vram/presets"
)

// The catalog's derived and assembled vision models against what their
// publishers' files state: an exact parameter count where one is
// printed (a module dump, a safetensors index's total_size / 2), else the
// checkpoint files' size as the repository's tree page rounds it (GB to
// two decimals: ± 0.005 GB a file, in 16 bits). The post LayerNorm LLaVA-OneVision
// stores and vLLM does not build is 2 × 1152 parameters.
func TestCatalogSizesAgainstFiles(t *testing.T) {
	for _, c := range []struct {
		id     string
		params int64   // exact, 0 when only the file size is known
		gb     float64 // the files' size in GB (1e9 B), 0 when params are exact
		files  int     // how many rounded file sizes gb adds up
		extra  int64   // parameters the checkpoint holds that vLLM does not build
	}{
		// ai-bot-pro/achatbot PR #196: "thinker 31719.205488 M parameters".
		{"Qwen/Qwen3-Omni-30B-A3B-Instruct", 31719205488, 0, 0, 0},
		// model.safetensors.index.json total_size 16,198,350,304 B.
		{"openbmb/MiniCPM-V-2_6", 8099175152, 0, 0, 0},
		// GLM-4.1V-9B-Base's shards: 5.3 + 5.3 + 5.3 + 4.68 GB.
		{"zai-org/GLM-4.1V-9B-Thinking", 0, 20.58, 4, 0},
		// model.safetensors 4.41 GB.
		{"OpenGVLab/InternVL2_5-2B", 0, 4.41, 1, 0},
		// model.safetensors 1.79 GB; the 7B's four shards 4.91 + 4.99 + 4.93 + 1.23 GB.
		{"llava-hf/llava-onevision-qwen2-0.5b-ov-hf", 0, 1.79, 1, 2304},
		{"llava-hf/llava-onevision-qwen2-7b-ov-hf", 0, 16.06, 4, 2304},
	} {
		m, ok := presets.ModelByID(c.id)
		if !ok {
			t.Errorf("%s is not in the catalog", c.id)
			continue
		}
		got := calc.ModelParams(&m) + c.extra
		switch {
		case c.params > 0 && got != c.params:
			t.Errorf("%s: %d parameters, the publisher's count is %d", c.id, got, c.params)
		case c.gb > 0 && math.Abs(float64(got)*2/1e9-c.gb) > 0.005*float64(c.files):
			t.Errorf("%s: %d parameters = %.3f GB in 16 bits, the files are %.2f GB", c.id, got, float64(got)*2/1e9, c.gb)
		}
	}
}
