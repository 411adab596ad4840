//go:build !js

package e2e

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	json "github.com/goccy/go-json"

	"vram/calc/replay"
)

// The accuracy page, reached from the header under a sub-path, shows the
// report the build generated from the replay: the intro's counts and a
// row per replayed case linked to its source, as calc/replay computes them.
func TestAccuracyPage(t *testing.T) {
	s := serveDist(t, nil)
	raw, err := os.ReadFile(filepath.Join(os.Getenv("VRAM_DIST"), "web", "accuracy.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want replay.Report
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix+"?p=qwen3-vl-2b-910b4-shared"))
	b.waitResult(t)
	b.click(t, "accuracy-link")
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.querySelectorAll('#acc-cases tbody tr').length > 0`)); err != nil {
		t.Fatalf("no case rows: %v", err)
	}
	intro := b.text(t, "acc-intro")
	for _, n := range []int{want.Replayed, want.Cases, want.Compared, want.VerdictRight, want.VerdictTotal} {
		if !strings.Contains(intro, strconv.Itoa(n)) {
			t.Errorf("intro %q lacks %d", intro, n)
		}
	}
	rows := b.eval(t, `String(document.querySelectorAll('#acc-cases tbody tr').length)`)
	if rows != strconv.Itoa(len(want.Rows)) {
		t.Errorf("%s case rows, the report has %d", rows, len(want.Rows))
	}
	first := want.Rows[0]
	href := b.eval(t, `document.querySelector('#acc-cases tbody tr a') ? document.querySelector('#acc-cases tbody tr a').href : ""`)
	if first.URL != "" && href != first.URL {
		t.Errorf("first case links to %q, its source is %q", href, first.URL)
	}
	if loc := b.eval(t, `location.pathname + location.search`); !strings.HasPrefix(loc, prefix) || !strings.Contains(loc, "view=accuracy") {
		t.Errorf("address %q", loc)
	}
	b.click(t, "acc-back")
	b.waitResult(t)
}
