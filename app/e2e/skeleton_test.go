//go:build !js

package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestPrerenderThenLive: the prerendered numbers are on the page before the
// wasm arrives; once it runs, changing the utilization updates them; no
// request leaves the origin.
func TestPrerenderThenLive(t *testing.T) {
	hold := make(chan struct{})
	s := serveDist(t, hold)
	b := newBrowser(t)

	b.do(t, chromedp.Navigate(s.URL+prefix))
	before := b.text(t, "budget")
	if !strings.HasSuffix(before, "GiB") {
		t.Fatalf("prerendered budget %q has no number", before)
	}
	if b.eval(t, `document.getElementById('app-wasm-loader') ? "loading" : "gone"`) != "loading" {
		t.Fatal("the wasm was not held back: the check above proves nothing")
	}
	close(hold)
	b.waitWasm(t)
	if got := b.text(t, "budget"); got != before {
		t.Fatalf("after mount the budget changed from %q to %q without input", before, got)
	}
	b.setField(t, "gpu-memory-utilization", "0.5")
	after := b.text(t, "budget")
	if after == before {
		t.Fatalf("budget did not change after setting utilization 0.5: %q", after)
	}
	if a := b.address(t); !strings.Contains(a, "u=0.5") {
		t.Errorf("address not updated: %s", a)
	}
	b.assertSameOrigin(t, s.URL)
}

// What is typed while the wasm still loads is kept: the page says it is
// starting, and once the wasm runs the typed value is applied.
func TestEditsBeforeTheWasmAreKept(t *testing.T) {
	hold := make(chan struct{})
	s := serveDist(t, hold)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix))
	if vis := b.eval(t, `getComputedStyle(document.getElementById('starting')).display`); vis == "none" {
		t.Error("the loading page does not say it is starting")
	}
	before := b.text(t, "budget")
	b.eval(t, `(() => { const el = document.getElementById('gpu-memory-utilization'); el.value = '0.5'; el.dispatchEvent(new Event('input', {bubbles: true})); return "" })()`)
	close(hold)
	b.waitWasm(t)
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`(document.getElementById('budget') || {textContent: ""}).textContent.endsWith('GiB') && document.getElementById('budget').textContent !== `+"`"+before+"`")); err != nil {
		t.Fatalf("the early edit was dropped: budget still %q (%v, edits %s)", before, err, b.eval(t, `JSON.stringify(window.__vramEdits)`))
	}
	if vis := b.eval(t, `getComputedStyle(document.getElementById('starting')).display`); vis != "none" {
		t.Error("the starting notice stays after the wasm runs")
	}
	if got := b.eval(t, `document.getElementById('gpu-memory-utilization').value`); got != "0.5" {
		t.Errorf("the field shows %q after mount", got)
	}
}
