package presets

import "testing"

func TestEnginesDecodeAndSources(t *testing.T) {
	es, err := engines()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"vllm-0.7", "vllm-0.8.0", "vllm-0.8.4", "vllm-0.9.1", "vllm-0.11", "vllm-0.21", "ascend-0.9", "ascend-0.13", "ascend-0.15"}
	seen := map[string]bool{}
	for _, e := range es {
		if seen[e.ID] {
			t.Errorf("duplicate engine id %q", e.ID)
		}
		seen[e.ID] = true
		for _, k := range BehaviourKeys {
			if e.Sources[k] == "" {
				t.Errorf("%s: no source for %q", e.ID, k)
			}
		}
		if e.DefaultUtilization <= 0 || e.DefaultUtilization > 1 || e.BlockSize <= 0 {
			t.Errorf("%s: bad defaults %v %d", e.ID, e.DefaultUtilization, e.BlockSize)
		}
	}
	for _, id := range want {
		if _, ok := EngineByID(id); !ok {
			t.Errorf("missing family %q", id)
		}
	}
	if _, ok := EngineByID("nope"); ok {
		t.Error("EngineByID(nope) found something")
	}
}

// TestEngineFacts pins behaviours the spec states per family.
func TestEngineFacts(t *testing.T) {
	for _, c := range []struct {
		id                    string
		util                  float64
		others, check, commIn bool
		seqs                  int
	}{
		{"vllm-0.7", 0.9, false, false, true, 256},
		{"vllm-0.8.0", 0.9, true, false, true, 1024}, // spec §3.3: 1024 seqs on every device
		{"vllm-0.8.4", 0.9, true, false, true, 256},  // #16158
		{"vllm-0.9.1", 0.9, false, true, true, 256},  // #18974
		{"vllm-0.11", 0.9, false, true, false, 256},  // #25359
		{"vllm-0.21", 0.92, false, true, false, 256}, // #38284
		{"ascend-0.9", 0.9, true, false, true, 256},
		{"ascend-0.13", 0.9, true, false, true, 256},
		{"ascend-0.15", 0.9, false, true, true, 256}, // #6625
	} {
		e, ok := EngineByID(c.id)
		if !ok {
			t.Fatalf("%s missing", c.id)
		}
		if e.DefaultUtilization != c.util || e.OthersInBudget != c.others || e.StartupFreeCheck != c.check || e.CommInBudget != c.commIn || e.Batch.Small.Seqs != c.seqs {
			t.Errorf("%s: got util %v others %v check %v comm %v seqs %d", c.id, e.DefaultUtilization, e.OthersInBudget, e.StartupFreeCheck, e.CommInBudget, e.Batch.Small.Seqs)
		}
	}
}
