package presets

import (
	"reflect"
	"strings"
	"testing"

	"vram/calc"
)

// Every build's published block reads (through calc/hfconfig, as a pasted
// config would) as the format its name says, and no suffix is claimed
// twice.
func TestBuilds(t *testing.T) {
	want := map[string]calc.Quantization{
		"qwen-official-awq-vl":         {Method: "awq", Bits: 4, GroupSize: 128},
		"gaunernst-gemma3-qat-awq":     {Method: "awq", Bits: 4, GroupSize: 32},
		"qwen-official-gptq-int4":      {Method: "gptq", Bits: 4, GroupSize: 128},
		"qwen-official-gptq-int8":      {Method: "gptq", Bits: 8, GroupSize: 128},
		"qwen-official-gptq-int4-bare": {Method: "gptq", Bits: 4, GroupSize: 128},
		"qwen-official-gptq-int8-bare": {Method: "gptq", Bits: 8, GroupSize: 128},
		"qwen-official-fp8-block":      {Method: "fp8", Bits: 8},
		"redhatai-fp8-dynamic":         {Method: "compressed-tensors", Bits: 8},
		"unsloth-dynamic-bnb-4bit":     {Method: "bitsandbytes", Bits: 4},               // the skip list names the tower
		"unsloth-bnb-4bit":             {Method: "bitsandbytes", Bits: 4, Vision: true}, // llm_int8_skip_modules null: the tower is quantized too
		"redhatai-w8a8-int8":           {Method: "compressed-tensors", Bits: 8},
		"redhatai-w8a16":               {Method: "compressed-tensors", Bits: 8},
		"redhatai-w4a16":               {Method: "gptq", Bits: 4, GroupSize: 128}, // int4 pack-quantized stores like GPTQ
		"gptq-4bit-default":            {Method: "gptq", Bits: 4, GroupSize: 128},
	}
	seen := map[string]string{}
	for _, b := range Builds() {
		if got := b.Quantization(); got != want[b.Name] {
			t.Errorf("%s reads as %+v, want %+v", b.Name, got, want[b.Name])
		}
		if b.Source == "" || b.General == "" || len(b.Suffixes) == 0 {
			t.Errorf("%s: source, generality and suffixes are required", b.Name)
		}
		for _, s := range b.Suffixes {
			key := strings.ToLower(strings.Join(b.Owners, ",") + "/" + s)
			if other, dup := seen[key]; dup {
				t.Errorf("suffix %s claimed by %s and %s", s, other, b.Name)
			}
			seen[key] = b.Name
		}
	}
	if len(want) != len(Builds()) {
		t.Errorf("%d builds, %d expected", len(Builds()), len(want))
	}
}

// A publisher's own build comes before the suffix's general one, and only
// for that publisher's repositories.
func TestBuildOwners(t *testing.T) {
	for name, want := range map[string]string{
		"gaunernst/gemma-3-12b-it-int4-awq": "gaunernst-gemma3-qat-awq",
		"GaunerNST/gemma-3-4b-it-int4-awq":  "gaunernst-gemma3-qat-awq",
		"someone/gemma-3-12b-it-int4-awq":   "qwen-official-awq-vl",
		"gemma-3-12b-it-int4-awq":           "qwen-official-awq-vl",
		"Qwen/Qwen1.5-7B-Chat-Int4":         "qwen-official-gptq-int4-bare",
		"Qwen/Qwen1.5-7B-Chat-GPTQ-Int4":    "qwen-official-gptq-int4",
		"someone/Qwen1.5-7B-Chat-GPTQ-Int4": "qwen-official-gptq-int4",
	} {
		if _, b, ok := splitBuild(name); !ok || b.Name != want {
			t.Errorf("%s: build %q, want %q", name, b.Name, want)
		}
	}
	// A bare -int4 of another publisher is not assumed GPTQ: openbmb's
	// MiniCPM-V-2_6-int4 is a bitsandbytes build.
	for _, name := range []string{"openbmb/MiniCPM-V-2_6-int4", "MiniCPM-V-2_6-int4"} {
		if _, b, ok := splitBuild(name); ok {
			t.Errorf("%s: build %q, want none", name, b.Name)
		}
	}
}

// A build keeps its base's dimensions and stores its linear weights at the
// build's bits: a 4-bit AWQ build of a 7B model holds about a third of the
// 16-bit weights (4.25 bits per quantized weight plus the 16-bit
// embedding, head and vision tower).
func TestBuildWeights(t *testing.T) {
	base, ok := ModelByID("Qwen/Qwen2.5-7B-Instruct")
	if !ok {
		t.Fatal("no base")
	}
	awq, ok := ModelByID("Qwen/Qwen2.5-7B-Instruct-AWQ")
	if !ok || awq.Quant == nil || awq.Quant.Bits != 4 || !reflect.DeepEqual(awq.Text, base.Text) {
		t.Fatalf("AWQ build: %+v", awq.Quant)
	}
	d, _ := DeviceByID("a100-80gb")
	e16, err := calc.Compute(calc.Scenario{Model: base, Device: d, Engine: mustEngine(t, "vllm-0.10.1.1")})
	if err != nil {
		t.Fatal(err)
	}
	e4, err := calc.Compute(calc.Scenario{Model: awq, Device: d, Engine: mustEngine(t, "vllm-0.10.1.1")})
	if err != nil {
		t.Fatal(err)
	}
	r := float64(e4.Ranks[0].Weights.Total) / float64(e16.Ranks[0].Weights.Total)
	if r < 0.30 || r > 0.40 {
		t.Errorf("AWQ / bf16 weights = %.3f, want about a third", r)
	}
}

func mustEngine(t *testing.T, id string) calc.Engine {
	t.Helper()
	e, ok := EngineByID(id)
	if !ok {
		t.Fatalf("no engine %s", id)
	}
	return e
}
