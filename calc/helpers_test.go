package calc_test

import (
	"testing"

	"vram/calc"
	"vram/presets"
)

// Models and devices built from /work/shared/docs/catalog.json facts
// (config.json / preprocessor_config.json values), so these tests do not
// depend on the catalog loader.

func qwen3VL2B() calc.Model {
	return calc.Model{ID: "Qwen/Qwen3-VL-2B-Instruct", Family: "qwen3_vl", Dtype: "bfloat16",
		Text: calc.TextConfig{Hidden: 2048, Layers: 28, Heads: 16, KVHeads: 8, HeadDim: 128, Intermediate: 6144,
			Vocab: 151936, TieEmbeddings: true, MaxPositions: 262144, RopeScaling: &calc.RopeScaling{Type: "default"}},
		Vision: &calc.VisionConfig{Depth: 24, Hidden: 1024, Intermediate: 4096, Heads: 16, PatchSize: 16, TemporalPatchSize: 2,
			SpatialMerge: 2, OutHidden: 2048, Deepstack: []int{5, 11, 17}, PositionEmbedding: 2304},
		Image: &calc.ImageConfig{MinPixels: 65536, MaxPixels: 16777216, VideoMinPixels: 4096, VideoMaxPixels: 25165824},
	}
}

func qwen25VL(hidden, layers, heads, kv, inter, visInter int) calc.Model {
	return calc.Model{Family: "qwen2_5_vl", Dtype: "bfloat16",
		Text: calc.TextConfig{Hidden: hidden, Layers: layers, Heads: heads, KVHeads: kv, HeadDim: 128, Intermediate: inter,
			Vocab: 152064, MaxPositions: 128000, AttentionBias: true, RopeScaling: &calc.RopeScaling{Type: "default"}},
		Vision: &calc.VisionConfig{Depth: 32, Hidden: 1280, Intermediate: visInter, Heads: 16, PatchSize: 14, TemporalPatchSize: 2,
			SpatialMerge: 2, OutHidden: hidden, GatedMLP: true},
		Image: &calc.ImageConfig{MinPixels: 3136, MaxPixels: 12845056},
	}
}

func qwen25VL7B() calc.Model {
	m := qwen25VL(3584, 28, 28, 4, 18944, 3420)
	m.ID = "Qwen/Qwen2.5-VL-7B-Instruct"
	return m
}

func qwen25VL32B() calc.Model {
	m := qwen25VL(5120, 64, 40, 8, 27648, 3456)
	m.ID = "Qwen/Qwen2.5-VL-32B-Instruct"
	return m
}

// ascend910B4: nameplate 32 GiB (npu-smi 32768 MB); the runtime logs
// "total memory: 31662800896" (vllm-ascend #5044, #2473).
func ascend910B4() calc.Device {
	return calc.Device{ID: "ascend-910b4", Name: "Ascend 910B4", Platform: calc.Ascend, Nameplate: 32 * calc.GiB,
		Total: 31662800896, TotalSource: "logged: vllm-ascend #5044, #2473", BF16: true}
}

// a100: total from logs (39.38 GiB, vLLM #16570; 79.25 GiB, catalog).
func a100(gb int) calc.Device {
	d := calc.Device{ID: "nvidia-a100-40gb", Name: "NVIDIA A100-SXM4-40GB", Platform: calc.CUDA, Nameplate: 40 * calc.GiB, Total: calc.FromGiB(39.38), BF16: true}
	if gb == 80 {
		d = calc.Device{ID: "nvidia-a100-80gb", Name: "NVIDIA A100-SXM4-80GB", Platform: calc.CUDA, Nameplate: 80 * calc.GiB, Total: calc.FromGiB(79.25), BF16: true}
	}
	return d
}

func engine(t testing.TB, id string) calc.Engine {
	t.Helper()
	e, ok := presets.EngineByID(id)
	if !ok {
		t.Fatalf("engine %q not in presets", id)
	}
	return e
}

func ptr[T any](v T) *T { return &v }
