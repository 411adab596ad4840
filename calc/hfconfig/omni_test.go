package hfconfig_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"vram/calc"
	"vram/calc/hfconfig"
	"vram/presets"
)

// A Qwen3-Omni thinker saved alone (model_type qwen3_omni_moe_thinker, the
// whole config's thinker_config) reads as the catalog's model.
func TestOmniThinkerAlone(t *testing.T) {
	var whole map[string]any
	if err := json.Unmarshal([]byte(fixture(t, "qwen3-omni-30b-a3b.config.json")), &whole); err != nil {
		t.Fatal(err)
	}
	th, _ := json.Marshal(whole["thinker_config"])
	r, err := hfconfig.Parse(string(th))
	if err != nil {
		t.Fatalf("%v\n%+v", err, r.Findings)
	}
	want, _ := presets.ModelByID("Qwen/Qwen3-Omni-30B-A3B-Instruct")
	if calc.ModelParams(&r.Model) != calc.ModelParams(&want) || !reflect.DeepEqual(r.Model.Audio, want.Audio) {
		t.Errorf("thinker alone: %d parameters, audio %+v; want %d, %+v", calc.ModelParams(&r.Model), r.Model.Audio, calc.ModelParams(&want), want.Audio)
	}
}
