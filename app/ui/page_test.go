//go:build !js

package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vram/app/i18n"
	"vram/app/urlstate"
	"vram/calc"
	"vram/presets"
)

// newPage builds the page for a state the way OnNav does, without a browser.
func newPage(t *testing.T, st urlstate.State) (*Page, string) {
	t.Helper()
	p := &Page{st: st, lang: i18n.EN, errs: map[string]string{}, raw: map[string]string{}}
	p.recompute()
	e := app.NewTestEngine()
	if err := e.Load(p); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return p, app.HTMLString(p)
}

func TestPresetRendersVerdictAndMessage(t *testing.T) {
	p, html := newPage(t, urlstate.State{Preset: "qwen3-vl-2b-910b4-shared-036"})
	if p.est.Starts || p.est.Failure == nil {
		t.Fatal("the 0.36 preset must not start")
	}
	for _, want := range []string{`id="verdict"`, "No available memory for the cache blocks", `id="figures"`, `id="gates"`, `id="fix-utilization"`, `id="command"`} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

func TestStartingPresetHasNoFixes(t *testing.T) {
	p, html := newPage(t, urlstate.State{Preset: "qwen3-vl-2b-910b4-shared"})
	if !p.est.Starts {
		t.Fatalf("the shared preset starts in its story; failed at %v", p.est.Failure)
	}
	if strings.Contains(html, `id="fixes"`) {
		t.Error("fixes shown for a scenario that starts")
	}
}

// An invalid value leaves the last good estimate and puts a message beside
// the field; a value calc rejects names its field.
func TestInvalidFieldKeepsLastResult(t *testing.T) {
	p, _ := newPage(t, urlstate.State{})
	good := p.est.Ranks[0].KV
	f := optionFields[0] // gpu-memory-utilization
	if err := f.set(&p.st, "1.5"); err == nil {
		t.Fatal("1.5 accepted for gpu_memory_utilization")
	}
	if err := f.set(&p.st, "abc"); err == nil {
		t.Fatal("abc accepted")
	}
	if p.est.Ranks[0].KV != good {
		t.Error("estimate changed on invalid input")
	}
	tp := 3 // 16 heads are not divisible by 3
	p.st.TP = tp
	p.recompute()
	if p.calcErr[0] != "tensor-parallel-size" || p.est.Ranks[0].KV != good {
		t.Errorf("calc error not tied to its field (%q) or result replaced", p.calcErr)
	}
}

func TestEmbedIsCompact(t *testing.T) {
	_, html := newPage(t, urlstate.State{Preset: "qwen3-vl-2b-910b4-shared", Embed: true})
	if !strings.Contains(html, `target="_blank"`) || strings.Contains(html, `id="inputs"`) {
		t.Error("embed view must link out in a new tab and leave out the inputs")
	}
}

func TestFormatInt(t *testing.T) {
	for in, want := range map[int]string{0: "0", 999: "999", 16384: "16,384", 1234567: "1,234,567", -4096: "-4,096"} {
		if got := formatInt(in); got != want {
			t.Errorf("formatInt(%d) = %q, want %q", in, got, want)
		}
	}
}

// Every string the page shows comes from the tables: no raw key may leak
// into the markup, in either language, for any preset or view.
func TestNoRawKeys(t *testing.T) {
	raw := regexp.MustCompile(`[>" ](ui|part|gate|fix|field|verdict)\.[a-z0-9_-]+(\.[a-z_]+)?[<" ]`)
	for _, lang := range []i18n.Lang{i18n.EN, i18n.ZH} {
		for _, pr := range presets.Presets() {
			for _, embed := range []bool{false, true} {
				p := &Page{st: urlstate.State{Preset: pr.Name, Embed: embed}, lang: lang, errs: map[string]string{}, raw: map[string]string{}}
				p.recompute()
				p.detail = "kv"
				e := app.NewTestEngine()
				if err := e.Load(p); err != nil {
					t.Fatal(err)
				}
				e.ConsumeAll()
				if m := raw.FindString(app.HTMLString(p)); m != "" {
					t.Errorf("%s %s embed=%v: raw key %s", lang, pr.Name, embed, m)
				}
			}
		}
	}
}

// TestNoFalseBooleanAttributes: the prerendered page must not write a
// boolean attribute as ="false" (browsers read its presence as true).
func TestNoFalseBooleanAttributes(t *testing.T) {
	_, html := newPage(t, urlstate.State{})
	if m := regexp.MustCompile(`(selected|open|checked|disabled|hidden|required)="false"`).FindString(html); m != "" {
		t.Errorf("prerendered HTML has %s", m)
	}
}

// Field labels show only settings vLLM takes: every "--flag" the form
// prints is one of vLLM's flags (max_pixels lives in
// --mm-processor-kwargs, the limits in --limit-mm-per-prompt).
func TestOnlyRealFlags(t *testing.T) {
	_, html := newPage(t, urlstate.State{Preset: "qwen2.5-vl-7b-a100-v083"})
	for _, fake := range []string{"--max-pixels", "--min-pixels", "--limit-mm-per-prompt-video", "--limit-mm-per-prompt-image", "--offline", "--other-processes"} {
		if strings.Contains(html, fake+"<") || strings.Contains(html, fake+" ") {
			t.Errorf("the form shows %s, which vLLM has no flag for", fake)
		}
	}
	if !strings.Contains(html, `--mm-processor-kwargs &#39;{&#34;max_pixels&#34;: …}&#39;`) && !strings.Contains(html, `--mm-processor-kwargs '{"max_pixels": …}'`) {
		t.Error("max_pixels is not spelled as vLLM takes it")
	}
}

// Compared figures print as counts, concurrency as ×, bytes in GiB:
// never "163568.00 tokens" or "39.93 x".
func TestFigureFormats(t *testing.T) {
	for _, c := range []struct {
		v    float64
		unit string
		want string
	}{{163568, "tokens", "163,568 tokens"}, {39.934, "x", "39.93×"}, {16934, "blocks", "16,934 blocks"}, {34.431, "GiB", "34.43 GiB"}} {
		if got := figure(c.v, c.unit); got != c.want {
			t.Errorf("figure(%v, %q) = %q, want %q", c.v, c.unit, got, c.want)
		}
	}
}

// With pipeline stages of unequal memory, vLLM gives every worker the
// fewest blocks any has: the verdict and the tokens row show the engine's
// count, not the first stage's.
func TestTokensAreTheEngines(t *testing.T) {
	u, l := 0.9, 128000
	st := urlstate.State{Model: "mistralai/Mistral-Nemo-Instruct-2407", Device: "l4", Engine: "vllm-0.5.5", PP: 2, DeviceCount: 2, OwnOptions: true}
	st.Options.GPUMemoryUtilization, st.Options.MaxModelLen, st.Options.Quantization = &u, &l, "fp8"
	p, html := newPage(t, st)
	if !p.est.Starts || len(p.est.Ranks) < 2 || p.est.Ranks[0].Blocks == p.est.Ranks[1].Blocks {
		t.Fatalf("want two stages of different blocks that start, got %+v", p.est.Ranks)
	}
	want := formatInt(p.est.Tokens)
	if first := formatInt(p.est.Ranks[0].Tokens); first == want || strings.Contains(html, first+" tokens") {
		t.Errorf("the first stage's %s tokens are shown; the engine has %s", first, want)
	}
	if !strings.Contains(html, want+" tokens") {
		t.Errorf("the page does not show the engine's %s tokens", want)
	}
}

// An advanced option the link sets opens the advanced section, so the
// user sees the value that changed the numbers; none set leaves it shut.
func TestAdvancedOpensWhenSet(t *testing.T) {
	on := true
	_, set := newPage(t, urlstate.State{Model: "Qwen/Qwen3-8B", Device: "h100-80gb", Options: calc.Options{FlashInferSampler: &on}})
	if !regexp.MustCompile(`<details[^>]*id="advanced"[^>]*open`).MatchString(set) && !regexp.MustCompile(`<details[^>]*open[^>]*id="advanced"`).MatchString(set) {
		t.Error("the advanced section stays shut with VLLM_USE_FLASHINFER_SAMPLER set")
	}
	_, unset := newPage(t, urlstate.State{Model: "Qwen/Qwen3-8B", Device: "h100-80gb"})
	if regexp.MustCompile(`<details[^>]*id="advanced"[^>]*open`).MatchString(unset) {
		t.Error("the advanced section opens with nothing set")
	}
}

// A refused launch says why at the top, with a link to the field the
// refusal belongs to (InternVL3's video at the latest release).
func TestRefusalAtTheTop(t *testing.T) {
	_, html := newPage(t, urlstate.State{Model: "OpenGVLab/InternVL3-8B", Device: "a100-80gb"})
	if !strings.Contains(html, `id="verdict-refusal"`) || !strings.Contains(html, `href="#limit-mm-per-prompt-video"`) || !strings.Contains(html, "#18499") {
		t.Errorf("the verdict does not carry the refusal and its field")
	}
}

// A value the preset sets says so; one the reader set (in the state) says
// "set by you". The default preset sets --max-num-seqs 64.
func TestOriginPresetOrReader(t *testing.T) {
	p, html := newPage(t, urlstate.State{Model: "Qwen/Qwen2.5-VL-7B-Instruct", Device: "a100-80gb"})
	if !strings.Contains(html, "64 from the preset") {
		t.Error("the preset's --max-num-seqs is not said to come from the preset")
	}
	if got := p.origin("max-num-seqs", "64", true); got != "set by you" {
		t.Errorf("a value in the state reads %q", got)
	}
}
