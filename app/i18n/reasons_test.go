package i18n

import (
	"strings"
	"testing"

	"vram/calc"
	"vram/presets"
)

// Every reason calc can write has words in both languages, no template
// names an argument calc does not give, and no template is left for a key
// calc no longer writes. The reasons are collected from every preset under
// every release of its platform, with a few variations.
func TestReasonsCovered(t *testing.T) {
	known := map[string]bool{}
	for _, k := range append(append([]string{}, calc.ReasonKeys...), calc.OriginKeys...) {
		known[k] = true
		for _, l := range []Lang{EN, ZH} {
			if _, ok := tables[l]["why."+k]; !ok {
				t.Errorf("%s: no words for reason %s", l, k)
			}
		}
	}
	for k := range originsEN {
		if strings.HasPrefix(k, "why.") && !known[strings.TrimPrefix(k, "why.")] {
			t.Errorf("words for %s, which calc never writes", k)
		}
	}
	for k := range reasonsEN {
		if strings.HasPrefix(k, "why.") && !known[strings.TrimPrefix(k, "why.")] {
			t.Errorf("words for %s, which calc never writes", k)
		}
	}
	seen := map[string]bool{}
	check := func(r calc.Reason) {
		seen[r.Key] = true
		for _, l := range []Lang{EN, ZH} {
			if s := Reason(l, r.Key, r.Args); strings.Contains(s, "{") && !strings.Contains(s, "\"{") {
				t.Errorf("%s %s: unfilled %q (args %v)", l, r.Key, s, r.Args)
			}
		}
	}
	for _, p := range presets.Presets() {
		base, err := p.Scenario()
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range presets.Engines() {
			if (base.Device.Platform == calc.Ascend) != (e.Project == "vllm-ascend") {
				continue
			}
			for _, u := range []float64{0.3, 0.9, 1} {
				s := base
				s.Engine = e
				s.Options = s.Options.With(calc.Options{GPUMemoryUtilization: &u})
				est, err := calc.Evaluate(s)
				if err != nil {
					continue
				}
				for _, g := range est.Gates {
					check(g.Why)
				}
				for _, n := range est.Notes {
					check(n)
				}
				for _, o := range est.Resolved.Origins {
					if !o.Set {
						check(o.Why)
					}
				}
			}
		}
	}
	for _, k := range calc.ReasonKeys {
		if !seen[k] {
			t.Logf("reason %s not produced by the presets sweep", k)
		}
	}
}

func TestFill(t *testing.T) {
	f := map[string]string{"kv_gib": "4.66", "verdict": "fails", "gate": "no-kv-memory", "item_modality": "video"}
	v := map[string]string{"verdict": "starts"}
	if got := Fill(ZH, "{kv_gib} {verdict} {gate} {item_modality} {v.verdict} {nope} '{\"max_pixels\": 1}'", f, v); got != "4.66 失败 "+zh["gate.no-kv-memory.name"]+" 视频 成功 {nope} '{\"max_pixels\": 1}'" {
		t.Errorf("Fill: %q", got)
	}
}
