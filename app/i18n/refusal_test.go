package i18n

import (
	"strings"
	"testing"

	"vram/calc"
	"vram/presets"
)

// A refusal calc gives reads in Chinese on the Chinese page, with its
// field prefix kept for the page to place it, and unchanged in English.
func TestErrTranslatesCalcRefusals(t *testing.T) {
	m, _ := presets.ModelByID("Qwen/Qwen3-VL-8B-Instruct")
	d, _ := presets.DeviceByID("a100-80gb")
	e, ok := presets.EngineByID("vllm-0.10.2")
	if !ok {
		t.Fatal("no vllm-0.10.2")
	}
	_, err := calc.Evaluate(calc.Scenario{Model: m, Device: d, Engine: e})
	if err == nil {
		t.Fatal("Qwen3-VL on vLLM 0.10.2 was not refused")
	}
	if got := Err(EN, err); got != err.Error() {
		t.Errorf("English: %q, want %q", got, err.Error())
	}
	zh := Err(ZH, err)
	if !strings.HasPrefix(zh, "engine: ") || !strings.Contains(zh, "不支持 Qwen3-VL") || !strings.Contains(zh, "0.10.2") {
		t.Errorf("Chinese: %q", zh)
	}
}
