package presets

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"vram/calc"
)

func TestEveryEntryHasASource(t *testing.T) {
	for _, m := range Models() {
		if len(m.Source) == 0 || strings.TrimSpace(m.Source[0]) == "" {
			t.Errorf("model %s has no source", m.ID)
		}
	}
	for _, d := range Devices() {
		if len(d.Source) == 0 || d.TotalSource == "" {
			t.Errorf("device %s lacks a source or the source of its total", d.ID)
		}
	}
	for _, p := range Presets() {
		if len(p.Source) == 0 {
			t.Errorf("preset %s has no source", p.Name)
		}
	}
	for _, e := range Engines() {
		for _, b := range Behaviours() {
			if strings.TrimSpace(e.Sources[b.Name]) == "" {
				t.Errorf("engine %s: behaviour %s has no source", e.ID, b.Name)
			}
		}
	}
}

func TestUnknownFieldRejected(t *testing.T) {
	var m []ModelEntry
	err := decodeStrict("bad.json", []byte(`[{"id":"x","text_config":{"hidden_size":1,"hiden_layers":2}}]`), &m)
	if err == nil || !strings.Contains(err.Error(), "hiden_layers") {
		t.Fatalf("a misspelt field was accepted: %v", err)
	}
}

func TestModelsConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, m := range Models() {
		if seen[m.ID] {
			t.Errorf("duplicate model %s", m.ID)
		}
		seen[m.ID] = true
		tc := m.Text
		if tc.KVHeads <= 0 || tc.Heads%tc.KVHeads != 0 {
			t.Errorf("%s: %d heads not divisible by %d KV heads", m.ID, tc.Heads, tc.KVHeads)
		}
		if m.Family == "" {
			t.Errorf("%s: no family (it decides biases, norms and the vision layout)", m.ID)
		}
		// A fixed-size tower (SigLIP's image_size) has no pixel bounds.
		if (m.Vision == nil) != (m.Image == nil) && (m.Vision == nil || m.Vision.ImageSize == 0 || m.Image != nil) {
			t.Errorf("%s: vision tower and image processor must come together", m.ID)
		}
	}
}

// The parameter count derived from the dimensions matches the count
// published for the checkpoint, to the precision it was published with.
func TestParamsMatchPublished(t *testing.T) {
	n := 0
	for _, m := range Models() {
		if m.Published == nil {
			continue
		}
		n++
		got := calc.ModelParams(&m.Model)
		if m.Published.Unit <= 0 {
			t.Errorf("%s: published count without its precision", m.ID)
			continue
		}
		if diff := math.Abs(float64(got - m.Published.Total)); diff > float64(m.Published.Unit)/2 {
			t.Errorf("%s: %d parameters derived, %d published (± %d)", m.ID, got, m.Published.Total, m.Published.Unit/2)
		}
	}
	if n == 0 {
		t.Fatal("no published count checked")
	}
}

func TestPresetsResolveAndTellTheirStory(t *testing.T) {
	names := map[string]bool{}
	for _, p := range Presets() {
		if names[p.Name] {
			t.Errorf("duplicate preset %s", p.Name)
		}
		names[p.Name] = true
		for _, l := range []string{"en", "zh"} {
			if strings.TrimSpace(p.Title[l]) == "" || strings.TrimSpace(p.Story[l]) == "" {
				t.Errorf("%s: empty %s title or story", p.Name, l)
			}
		}
		s, err := p.Scenario()
		if err != nil {
			t.Error(err)
			continue
		}
		e, err := calc.Compute(s)
		if err != nil {
			t.Errorf("%s: %v", p.Name, err)
			continue
		}
		if e.Starts != p.Expect.Starts {
			t.Errorf("%s: story says starts=%v, estimate says %v (%v)", p.Name, p.Expect.Starts, e.Starts, e.Failure)
			continue
		}
		if !e.Starts && e.Failure.ID != p.Expect.Gate {
			t.Errorf("%s: story says it fails at %s, estimate at %s", p.Name, p.Expect.Gate, e.Failure.ID)
		}
	}
	if _, ok := PresetByName(DefaultPreset); !ok {
		t.Errorf("default preset %s missing", DefaultPreset)
	}
}

// Story and note templates name only figures calc computes, and every
// note with an expectation reproduces (or not) what the preset says: these
// are the conclusions the presets' stories draw about the two reports.
func TestPresetTemplatesAndNotes(t *testing.T) {
	placeholder := regexp.MustCompile(`\{(v\.)?([a-z_]+)\}`)
	for _, p := range Presets() {
		s, err := p.Scenario()
		if err != nil {
			t.Fatal(err)
		}
		e, err := calc.Evaluate(s)
		if err != nil {
			t.Fatal(err)
		}
		f := calc.Figures(s, e)
		check := func(where, text string, v map[string]string) {
			for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
				src := f
				if m[1] != "" {
					src = v
				}
				if _, ok := src[m[2]]; !ok {
					t.Errorf("%s %s: {%s%s} is not a figure", p.Name, where, m[1], m[2])
				}
			}
			if strings.Count(text, "{") != len(placeholder.FindAllString(text, -1)) && !strings.Contains(text, "max_pixels") {
				t.Errorf("%s %s: a brace that is not a placeholder: %q", p.Name, where, text)
			}
		}
		for _, l := range []string{"en", "zh"} {
			check("story."+l, p.Story[l], nil)
		}
		for i, r := range p.EvaluateNotes(s) {
			if r.Err != nil {
				t.Errorf("%s note %d: %v", p.Name, i, r.Err)
				continue
			}
			for _, l := range []string{"en", "zh"} {
				if strings.TrimSpace(r.Note.Text[l]) == "" {
					t.Errorf("%s note %d: no %s text", p.Name, i, l)
				}
				check(fmt.Sprintf("note %d.%s", i, l), r.Note.Text[l], r.Figures)
			}
			switch {
			case (r.Note.Expect == "") != (r.Note.Reproduced == nil):
				t.Errorf("%s note %d: an expectation needs a reproduced flag and back", p.Name, i)
			case r.Reproduced != nil && *r.Reproduced != *r.Note.Reproduced:
				t.Errorf("%s note %d (%s): reproduced=%v, the preset says %v (%s %s)", p.Name, i, r.Note.Text["en"], *r.Reproduced, *r.Note.Reproduced, r.Figures["verdict"], r.Figures["gate"])
			}
		}
	}
}

func TestPresetsListed(t *testing.T) {
	if _, ok := PresetByName(DefaultPreset); !ok {
		t.Errorf("default preset %s missing", DefaultPreset)
	}
}
