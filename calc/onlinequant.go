package calc

import (
	"fmt"
	"strconv"
)

// OnlineQuantizations are the --quantization values calc sizes, "" (the
// checkpoint's own) first.
var OnlineQuantizations = []string{"", "fp8"}

// onlineQuant applies --quantization to the scenario's checkpoint
// (vllm/model_executor/layers/quantization/fp8.py Fp8Config, #4118): a
// 16-bit checkpoint's linear weights are quantized to FP8 as they load,
// 1 B a weight and float32 scales, which is how an FP8 checkpoint stores
// them; embeddings, the LM head and norms stay 16-bit. The release's
// Fp8Config.get_min_capability bounds the CUDA devices it runs on, FP8
// checkpoints included. A checkpoint quantized by another method is
// refused, as ModelConfig._verify_quantization does.
func onlineQuant(s *Scenario) error {
	q := s.Options.Quantization
	fp8 := q == "fp8" || s.Model.Quant != nil && s.Model.Quant.Method == "fp8"
	if fp8 && s.Device.Platform == CUDA {
		need, cc := s.Engine.OnlineFP8MinCapability, s.Device.ComputeCapability
		if need == 0 && q == "fp8" {
			return refuse("quantization: %s has no fp8 quantization (Fp8Config arrives in vLLM 0.4.2)", s.Engine.Name)
		}
		if need > 0 && cc > 0 && cc < need {
			return fmt.Errorf("quantization: The quantization method fp8 is not supported for the current GPU. Minimum capability: %s. Current capability: %s.",
				capability(need), capability(cc))
		}
	}
	switch {
	case q == "":
		return nil
	case q != "fp8":
		return refuse("quantization: online %q is not modelled; the calculator sizes fp8", q)
	case s.Device.Platform == Ascend:
		return refuse("quantization: vllm-ascend has no online fp8; Ascend quantization comes from the checkpoint (modelslim)")
	case s.Model.Quant == nil:
		s.Model.Quant = &Quantization{Method: "fp8", Bits: 8}
	case s.Model.Quant.Method != "fp8":
		return fmt.Errorf("quantization: Quantization method specified in the model config (%s) does not match the quantization method specified in the `quantization` argument (fp8).", s.Model.Quant.Method)
	}
	return nil
}

// capability prints a compute capability as vLLM does: 8.9 is 89.
func capability(cc float64) string { return strconv.Itoa(int(cc*10 + 0.5)) }
