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

func TestEngineForVersion(t *testing.T) {
	for _, tc := range []struct{ project, version, want string }{
		{"vllm", "0.7.2", "vllm-0.7"},
		{"vllm", "v0.7.3", "vllm-0.7"},
		{"vllm", "0.8.3", "vllm-0.8.0"},
		{"vllm", "0.8.5.post1", "vllm-0.8.4"},
		{"vllm", "0.9.0.1", "vllm-0.8.4"},
		{"vllm", "0.10.2", "vllm-0.9.1"},
		{"vllm", "0.11.0", "vllm-0.11"},
		{"vllm", "0.19.0", "vllm-0.11"},
		{"vllm", "0.29.1rc1.dev17+gd2d649e67", "vllm-0.21"},
		{"vllm-ascend", "0.9.1rc1", "ascend-0.9"},
		{"vllm-ascend", "0.11.0rc0", "ascend-0.9"},
		{"vllm-ascend", "0.13.0", "ascend-0.13"},
		{"vllm-ascend", "0.15.0rc1", "ascend-0.15"},
		{"vllm", "0.6.4", ""},
		{"vllm-ascend", "0.7.4.dev51+g5a2ba16f", ""},
		{"vllm", "garbage", ""},
	} {
		e, ok := EngineForVersion(tc.project, tc.version)
		if got := map[bool]string{true: e.ID}[ok]; got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.project, tc.version, got, tc.want)
		}
	}
}
