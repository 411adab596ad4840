//go:build !js

package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"vram/calc"
	"vram/presets"
)

// othersOf is the other programs' memory calc derives for a preset (worked
// by hand in calc's TestReport1), as the page prints it.
func othersOf(t *testing.T, name string) string {
	t.Helper()
	p, ok := presets.PresetByName(name)
	if !ok {
		t.Fatalf("no preset %s", name)
	}
	s, err := p.Scenario()
	if err != nil {
		t.Fatal(err)
	}
	e, err := calc.Compute(s)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%.2f GiB", e.Ranks[0].Others.GiB())
}

// The first report's page adds up as drawn in Chromium: every chart shape
// lies inside the 0–1000 viewBox, the shares of the table's parts on the
// device add up to 100 %, the footprint line says what npu-smi would
// show, and the story steps aside once a field changes.
func TestReport1PageAddsUp(t *testing.T) {
	s := serveDist(t, nil)
	b := newBrowser(t)
	for _, p := range []string{"qwen3-vl-2b-910b4-shared", "qwen3-vl-2b-910b4-shared-036", "qwen2.5-vl-7b-2080ti-v083"} {
		b.do(t, chromedp.Navigate(s.URL+prefix+"?p="+p))
		b.waitResult(t)
		out := b.eval(t, `(() => {
			const bad = [];
			for (const svg of document.querySelectorAll('svg.bar')) {
				for (const el of svg.querySelectorAll('rect, line')) {
					const xs = el.tagName === 'rect'
						? [+el.getAttribute('x'), +el.getAttribute('x') + +el.getAttribute('width')]
						: [+el.getAttribute('x1'), +el.getAttribute('x2')];
					for (const x of xs) if (!(x >= -0.01 && x <= 1000.01)) bad.push(el.outerHTML.slice(0, 80));
				}
			}
			let sum = 0;
			for (const row of document.querySelectorAll('#figures tbody:first-of-type tr')) {
				const cell = row.children[2].textContent.trim();
				if (cell.endsWith('%')) sum += parseFloat(cell);
			}
			return JSON.stringify({bad, sum});
		})()`)
		if strings.Contains(out, `"bad":["`) {
			t.Errorf("%s: shapes outside the chart: %s", p, out)
		}
		i := strings.Index(out, `"sum":`)
		sum, err := strconv.ParseFloat(strings.TrimSuffix(out[i+6:], "}"), 64)
		if err != nil || sum < 99.8 || sum > 100.2 {
			t.Errorf("%s: the parts' shares add up to %v (%s)", p, sum, out)
		}
		if f := b.text(t, "footprint-0"); !strings.Contains(f, "would show the vLLM process at") {
			t.Errorf("%s: footprint line %q", p, f)
		}
	}
	// Report 1 at the default: 11 GiB, 34.4 % of the 32 GiB card.
	others := othersOf(t, "qwen3-vl-2b-910b4-shared")
	b.do(t, chromedp.Navigate(s.URL+prefix+"?p=qwen3-vl-2b-910b4-shared"))
	b.waitResult(t)
	if f := b.text(t, "footprint-0"); !strings.Contains(f, "11.00 GiB (34.4% of the card)") {
		t.Errorf("footprint %q, want 11.00 GiB (34.4%% of the card)", f)
	}
	if st := b.text(t, "story-text"); !strings.Contains(st, others) || !strings.Contains(st, "11.00 GiB") {
		t.Errorf("story %q lacks the derived others and the footprint", st)
	}
	if n := b.text(t, "notes"); !strings.Contains(n, "reproduced") {
		t.Errorf("notes %q", n)
	}
	b.setField(t, "gpu-memory-utilization", "0.5")
	if st := b.text(t, "story"); !strings.Contains(st, "Changed from the preset") || strings.Contains(st, others) {
		t.Errorf("after an edit the story reads %q", st)
	}
	b.click(t, "story-reset")
	if st := b.text(t, "story-text"); !strings.Contains(st, others) {
		t.Errorf("after the reset the story reads %q", st)
	}
}
