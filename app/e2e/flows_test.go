//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Every state change writes the address: a fix applied, then a reload of
// that address, shows the fixed scenario; a pinned comparison is in the
// link and comes back with it.
func TestFixAndPinInTheLink(t *testing.T) {
	s := serveDist(t, nil)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix+"?p=qwen2.5-vl-7b-2080ti-v083"))
	b.waitResult(t)
	b.click(t, "pin")
	id := b.eval(t, `(document.querySelector('#fixes button.apply') || {}).id || ""`)
	if id == "" {
		t.Fatal("the failing preset offers no fix")
	}
	b.click(t, id)
	time.Sleep(400 * time.Millisecond) // the address is written once typing pauses
	addr := b.address(t)
	if !strings.Contains(addr, "pin=") {
		t.Errorf("the pin is not in the link: %s", addr)
	}
	want := b.text(t, "verdict")
	c := newBrowser(t)
	c.do(t, chromedp.Navigate(addr))
	c.waitResult(t)
	if got := c.text(t, "verdict"); got != want {
		t.Errorf("the fixed address shows %q, the page showed %q", got, want)
	}
	if n := c.eval(t, `String(document.querySelectorAll('#compare-table tr.diff').length)`); n == "0" {
		t.Error("the reloaded link lost the comparison")
	}
	// The same comparison in an embed.
	c.do(t, chromedp.Navigate(addr+"&embed=1"))
	c.waitResult(t)
	if n := c.eval(t, `String(document.querySelectorAll('#compare-table').length)`); n != "1" {
		t.Error("the embed does not show the comparison")
	}
}

// The embed of a failing preset shows its top fix; a phone shows the
// scenario in one line first, with a jump to the form.
func TestEmbedFixAndPhoneSummary(t *testing.T) {
	s := serveDist(t, nil)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix+"?p=qwen2.5-vl-7b-2080ti-v083&embed=1"))
	b.waitResult(t)
	if f := b.text(t, "embed-fix"); !strings.Contains(f, "→") {
		t.Errorf("embed fix %q", f)
	}
	p := newBrowser(t)
	p.do(t, chromedp.EmulateViewport(360, 800), chromedp.Navigate(s.URL+prefix+"?p=qwen2.5-vl-7b-2080ti-v083"))
	p.waitResult(t)
	top := p.eval(t, `(() => { const s = document.getElementById('summary').getBoundingClientRect(); const v = document.getElementById('verdict').getBoundingClientRect(); return String(s.height > 0 && s.top < v.top) })()`)
	if top != "true" {
		t.Error("on a phone the scenario summary does not come before the verdict")
	}
	if d := b.eval(t, `getComputedStyle(document.getElementById('summary') || document.body).display`); d != "none" && d != "block" {
		// desktop embed: no summary needed
	}
}

// Opening a failed check keeps the page within the window (vLLM's message
// wraps), on desktop and on a phone; the Copy button does not cover the
// message's first line.
func TestFailedCheckStaysInTheWindow(t *testing.T) {
	s := serveDist(t, nil)
	for _, w := range []int64{1280, 360} {
		b := newBrowser(t)
		b.do(t, chromedp.EmulateViewport(w, 900), chromedp.Navigate(s.URL+prefix+"?p=qwen2.5-vl-7b-2080ti-v083"))
		b.waitResult(t)
		b.eval(t, `(() => { document.querySelectorAll('#gates details').forEach(d => d.open = true); return "" })()`)
		if got := b.eval(t, `String(document.documentElement.scrollWidth <= innerWidth + 1)`); got != "true" {
			t.Errorf("width %d: the open checks widen the page to %s px", w, b.eval(t, `String(document.documentElement.scrollWidth)`))
		}
		covered := b.eval(t, `(() => { const pre = document.getElementById('vllm-message'); const btn = document.getElementById('copy-message');
			if (!pre || !btn) return "missing"; const p = pre.getBoundingClientRect(), c = btn.getBoundingClientRect();
			const firstLine = p.top + parseFloat(getComputedStyle(pre).paddingTop);
			return String(c.bottom > firstLine + 2 && c.left < p.right) })()`)
		if covered != "false" {
			t.Errorf("width %d: the Copy button covers the message's first line (%s)", w, covered)
		}
	}
}

// A value calc refuses stays beside its field and out of the link.
func TestRefusedValueStaysOutOfTheLink(t *testing.T) {
	s := serveDist(t, nil)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix+"?p=qwen2.5-vl-7b-a100-v083"))
	b.waitResult(t)
	b.setField(t, "max-model-len", "900000")
	time.Sleep(400 * time.Millisecond)
	if a := b.address(t); strings.Contains(a, "900000") {
		t.Errorf("the refused max_model_len is in the link: %s", a)
	}
	if msg := b.eval(t, `(document.querySelector('.field-error') || {}).textContent || ""`); !strings.Contains(msg, "greater than the derived") {
		t.Errorf("no message beside the field: %q", msg)
	}
}
