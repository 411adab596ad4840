package calc_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"vram/calc"
	"vram/presets"
)

// Every citation of calc/README.md in the code and the catalog names one of
// its sections, and every ledger part's mechanism is one of its anchors, so
// a reader can follow any figure to its explanation.
func TestCitationsResolve(t *testing.T) {
	doc, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	headings := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^## (.+)$`).FindAllStringSubmatch(string(doc), -1) {
		headings[m[1]] = true
	}
	anchors := map[string]bool{}
	for _, m := range regexp.MustCompile(`<a id="([a-z-]+)"></a>`).FindAllStringSubmatch(string(doc), -1) {
		anchors[m[1]] = true
	}
	cite := regexp.MustCompile(`calc/README\.md "([^"\\]+)"`)
	n := 0
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (d.Name() == ".git" || d.Name() == "dist" || d.Name() == "testdata") {
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return err
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".json") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range cite.FindAllStringSubmatch(string(b), -1) {
			n++
			if !headings[m[1]] {
				t.Errorf("%s cites calc/README.md %q, which has no such section", path, m[1])
			}
		}
		if old := "spec " + "\u00a7"; strings.Contains(string(b), old) {
			t.Errorf("%s cites the old spec document: cite calc/README.md sections", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Errorf("only %d citations found", n)
	}
	for _, p := range presets.Presets() {
		s, err := p.Scenario()
		if err != nil {
			t.Fatal(err)
		}
		e, err := calc.Evaluate(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, part := range e.Ranks[0].Ledger.Parts {
			if !anchors[part.Mechanism] {
				t.Errorf("%s: part %s cites mechanism %q, not an anchor of calc/README.md", p.Name, part.Key, part.Mechanism)
			}
		}
	}
}
