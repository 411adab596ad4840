package presets

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	json "github.com/goccy/go-json"

	"vram/calc"
)

// Every release builds an engine for each of its cores, and every value of
// the table is reachable: its first release is a listed release of its
// project, it differs from the value before it (or says why it repeats),
// and it names a source with a confidence.
func TestReleaseTable(t *testing.T) {
	tb := mustTable()
	listed := map[string]bool{}
	for _, r := range tb.Releases {
		if listed[r.ID()] {
			t.Errorf("release %s listed twice", r.ID())
		}
		listed[r.ID()] = true
		e, err := buildEngine(tb, r)
		if err != nil {
			t.Errorf("%s: %v", r.ID(), err)
			continue
		}
		if e.Alt != nil && e.Alt.Core == e.Core {
			t.Errorf("%s: both cores are %s", r.ID(), e.Core)
		}
	}
	for _, b := range tb.Behaviours {
		for key, list := range b.Values {
			project, _, _ := strings.Cut(key, "/")
			for i, v := range list {
				id := Release{Project: project, Version: v.From}.ID()
				if !listed[id] {
					t.Errorf("%s %s: first release %s is not listed", b.Name, key, v.From)
				}
				if v.Source == "" || v.Confidence == "" {
					t.Errorf("%s %s from %s: no source or confidence", b.Name, key, v.From)
				}
				if i > 0 {
					if compareVersions(list[i-1].From, v.From) >= 0 {
						t.Errorf("%s %s: %s does not follow %s", b.Name, key, v.From, list[i-1].From)
					}
					if string(list[i-1].Value) == string(v.Value) && list[i-1].Source == v.Source {
						t.Errorf("%s %s: %s repeats the value before it with the same source", b.Name, key, v.From)
					}
				}
			}
		}
	}
	for old, id := range tb.Aliases {
		if !listed[id] {
			t.Errorf("alias %s points at unlisted %s", old, id)
		}
	}
}

// Every field of calc.Engine that describes a behaviour is set by a row of
// the table, so a field added to calc cannot silently stay zero.
func TestEveryEngineFieldHasABehaviour(t *testing.T) {
	names := map[string]bool{}
	for _, b := range Behaviours() {
		names[b.Name] = true
	}
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if tag == "" || tag == "-" {
				continue
			}
			switch tag {
			case "id", "name", "project", "version", "versions", "core", "sources", "holds":
				continue // set by presets from the release
			}
			name := prefix + tag
			if f.Type.Kind() == reflect.Struct && !names[name] {
				walk(name+".", f.Type)
				continue
			}
			if !names[name] {
				t.Errorf("calc.Engine field %s has no row in releases.json", name)
			}
		}
	}
	walk("", reflect.TypeOf(calc.Engine{}))
}

func TestEngineForVersion(t *testing.T) {
	for _, tc := range []struct {
		project, version, want string
		exact                  bool
	}{
		{VLLM, "0.7.2", "vllm-0.7.2", true},
		{VLLM, "v0.7.3", "vllm-0.7.3", true},
		{VLLM, "0.8.5.post1", "vllm-0.8.5.post1", true},
		{VLLM, "0.9.0.1", "vllm-0.9.0.1", true},
		{VLLM, "0.29.1rc1.dev17+gd2d649e67", "vllm-0.29.0", false},
		{VLLM, "0.27.0", "vllm-0.26.0", false}, // never seen released
		{Ascend, "0.9.1rc1", "ascend-0.9.1rc1", true},
		{Ascend, "v0.11.0rc0", "ascend-0.11.0rc0", true},
		{Ascend, "0.7.4.dev51+g5a2ba16f", "ascend-0.7.3.post1", false},
		{VLLM, "0.5.3", "vllm-0.5.3", true},
		{VLLM, "0.8.0rc3.dev5+g5eeabc2a", "vllm-0.8.0", false}, // an rc runs as its release
		{VLLM, "0.2.7", "", false},
		{VLLM, "garbage", "", false},
	} {
		e, exact, ok := EngineForVersion(tc.project, tc.version)
		if got := map[bool]string{true: e.ID}[ok]; got != tc.want || (ok && exact != tc.exact) {
			t.Errorf("%s %s: %q exact=%v, want %q exact=%v", tc.project, tc.version, got, exact, tc.want, tc.exact)
		}
	}
}

func TestVersionOrder(t *testing.T) {
	in := []string{"0.10.1.1", "0.9.0rc1", "0.8.5.post1", "0.9.0", "0.10.1", "0.9.0rc2", "0.8.5", "0.11.0rc0", "0.7.4.dev51", "0.7.3"}
	sort.Slice(in, func(i, j int) bool { return compareVersions(in[i], in[j]) < 0 })
	want := "0.7.3 0.7.4.dev51 0.8.5 0.8.5.post1 0.9.0rc1 0.9.0rc2 0.9.0 0.10.1 0.10.1.1 0.11.0rc0"
	if got := strings.Join(in, " "); got != want {
		t.Errorf("order %s\n want %s", got, want)
	}
}

// Old shared links name a family: they open its representative release.
func TestAliases(t *testing.T) {
	e, ok := EngineByID("vllm-0.8.0")
	if !ok || e.ID != "vllm-0.8.3" {
		t.Errorf("vllm-0.8.0 -> %q %v, want vllm-0.8.3", e.ID, ok)
	}
}

// TestEngineFacts pins behaviours at releases the sources state.
func TestEngineFacts(t *testing.T) {
	for _, c := range []struct {
		id                    string
		core                  string
		util                  float64
		others, check, commIn bool
		seqs                  int
	}{
		{"vllm-0.7.3", "v0", 0.9, false, false, true, 256},
		{"vllm-0.8.3", "v1", 0.9, true, false, true, 1024},      // 1024 seqs on every device
		{"vllm-0.8.4", "v1", 0.9, true, false, true, 256},       // #16158
		{"vllm-0.9.1", "v1", 0.9, false, true, true, 256},       // #18974
		{"vllm-0.11.0", "v1", 0.9, false, true, false, 256},     // #25359
		{"vllm-0.21.0", "v1", 0.92, false, true, false, 256},    // #38284
		{"ascend-0.9.1rc1", "v0", 0.9, false, false, true, 256}, // V0 default to 0.9.1
		{"ascend-0.11.0", "v1", 0.9, true, false, true, 256},
		{"ascend-0.15.0rc1", "v1", 0.9, true, true, true, 256},  // still counts others (P4)
		{"ascend-0.18.0rc1", "v1", 0.9, false, true, true, 256}, // #7427
	} {
		e, ok := EngineByID(c.id)
		if !ok {
			t.Fatalf("%s missing", c.id)
		}
		if e.Core != c.core || e.DefaultUtilization != c.util || e.OthersInBudget != c.others || e.StartupFreeCheck != c.check || e.CommInBudget != c.commIn || e.Batch.Small.Seqs != c.seqs {
			t.Errorf("%s: got core %s util %v others %v check %v comm %v seqs %d", c.id, e.Core, e.DefaultUtilization, e.OthersInBudget, e.StartupFreeCheck, e.CommInBudget, e.Batch.Small.Seqs)
		}
	}
	// 0.8.3 keeps V0 as its other core; 0.11 has none.
	if e, _ := EngineByID("vllm-0.8.3"); e.Alt == nil || e.Alt.Core != "v0" || e.Alt.Profile.V0Oversize != "keep" {
		t.Errorf("vllm-0.8.3 V0 core: %+v", e.Alt)
	}
	if e, _ := EngineByID("vllm-0.8.2"); e.Alt == nil || e.Alt.Profile.V0Oversize != "drop" {
		t.Errorf("vllm-0.8.2 V0 core must drop oversized multimodal dummies")
	}
	if e, _ := EngineByID("vllm-0.11.0"); e.Alt != nil {
		t.Errorf("vllm-0.11.0 has a V0 core")
	}
	raw, _ := json.Marshal(Releases()[0])
	if !strings.Contains(string(raw), `"project":"vllm"`) {
		t.Errorf("first release %s", raw)
	}
}
