//go:build !js

package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// waitResult waits until the wasm runs and the verdict is rendered.
func (b *browser) waitResult(t *testing.T) {
	t.Helper()
	b.waitWasm(t)
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`!!document.getElementById('verdict') && !document.documentElement.classList.contains('stale')`)); err != nil {
		t.Fatalf("no verdict: %v", err)
	}
}

func TestPresetVerdict(t *testing.T) {
	s := serveDist(t, nil)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix+"?p=qwen3-vl-2b-910b4-shared-036"))
	b.waitResult(t)
	if cls := b.eval(t, `document.getElementById('verdict').className`); !strings.Contains(cls, "fail") {
		t.Fatalf("verdict class %q: the 0.36 preset must fail", cls)
	}
	msg := b.text(t, "vllm-message")
	if !strings.Contains(msg, "No available memory for the cache blocks") {
		t.Errorf("vLLM message %q lacks the no-KV-memory text", msg)
	}
	b.assertSameOrigin(t, s.URL)
}

// Changing a field updates the numbers and the address without adding
// history entries; the copied address reproduces the view in a new page.
func TestFieldUpdatesAddressAndLinkReproduces(t *testing.T) {
	s := serveDist(t, nil)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix))
	b.waitResult(t)
	hist := b.eval(t, `String(history.length)`)
	before := b.text(t, "figures")
	b.setField(t, "max-model-len", "8192")
	b.setField(t, "gpu-memory-utilization", "0.5")
	after := b.text(t, "figures")
	if after == before {
		t.Fatal("figures did not change after editing two fields")
	}
	link := b.address(t)
	if h := b.eval(t, `String(history.length)`); h != hist {
		t.Errorf("history.length went from %s to %s: edits must use replaceState", hist, h)
	}
	if !strings.Contains(link, prefix+"?") || !strings.Contains(link, "0.5") || !strings.Contains(link, "8192") {
		t.Fatalf("address %q does not carry the edits under the sub-path", link)
	}
	b.assertSameOrigin(t, s.URL)

	c := newBrowser(t)
	c.do(t, chromedp.Navigate(link))
	c.waitResult(t)
	if got := c.text(t, "figures"); got != after {
		t.Errorf("the link shows different figures:\n got %q\nwant %q", got, after)
	}
	if got, want := c.text(t, "verdict"), b.text(t, "verdict"); got != want {
		t.Errorf("the link shows a different verdict: %q vs %q", got, want)
	}
}

// Before the wasm runs, a shared link must not show another scenario's numbers.
func TestSharedLinkHidesPrerenderedNumbers(t *testing.T) {
	hold := make(chan struct{})
	s := serveDist(t, hold)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix+"?p=qwen2.5-vl-7b-a100-v083"))
	vis := b.eval(t, `getComputedStyle(document.querySelector('.results')).visibility`)
	close(hold)
	if vis != "hidden" {
		t.Fatalf("prerendered default results visible (%s) on a shared link before the wasm ran", vis)
	}
	b.waitResult(t)
	if vis := b.eval(t, `getComputedStyle(document.querySelector('.results')).visibility`); vis != "visible" {
		t.Fatalf("results still hidden (%s) after the wasm ran", vis)
	}
}

func TestInvalidInputKeepsResult(t *testing.T) {
	s := serveDist(t, nil)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix+"?bogus=1&u=abc"))
	b.waitResult(t)
	if n := b.text(t, "notices"); !strings.Contains(n, "bogus") {
		t.Errorf("unknown parameter not reported: %q", n)
	}
	before := b.text(t, "figures")
	b.setField(t, "gpu-memory-utilization", "1.5")
	if msg := b.text(t, "gpu-memory-utilization-msg"); msg == "" || b.eval(t, `document.getElementById('gpu-memory-utilization-msg').className`) != "field-error" {
		t.Errorf("no message beside the field for 1.5: %q", msg)
	}
	if got := b.text(t, "figures"); got != before {
		t.Error("an invalid value replaced the last good result")
	}
}

// The embed view works inside a cross-origin iframe and fits 720x480.
func TestEmbedInCrossOriginIframe(t *testing.T) {
	s := serveDist(t, nil)
	// The wiki lives on another origin: "localhost" vs "127.0.0.1".
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(s.URL, "http://"))
	src := "http://localhost:" + port + prefix + "?embed=1&p=qwen3-vl-2b-910b4-shared"
	wiki := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><title>wiki</title><h1>Team wiki</h1>
<iframe id="calc" width="720" height="480" sandbox="allow-scripts allow-same-origin allow-popups"></iframe>
<script>window.h0 = history.length; document.getElementById("calc").src = "` + src + `";</script>`))
	}))
	defer wiki.Close()
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(wiki.URL))
	var id string
	deadline := time.Now().Add(30 * time.Second)
	for id == "" && time.Now().Before(deadline) {
		infos, err := chromedp.Targets(b.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range infos {
			if in.Type == "iframe" && strings.Contains(in.URL, "embed=1") {
				id = string(in.TargetID)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	if id == "" {
		t.Fatal("the cross-origin iframe target never appeared")
	}
	fctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(targetID(id)))
	defer cancel()
	f := &browser{ctx: fctx}
	f.waitResult(t)
	if _, err := chromedp.Run(fctx, chromedp.Poll[bool](`!!document.getElementById('open-full')`)); err != nil {
		t.Fatal(err)
	}
	if tgt := f.eval(t, `document.getElementById('open-full').target`); tgt != "_blank" {
		t.Errorf("open link target %q, want _blank", tgt)
	}
	if sz := f.eval(t, `document.documentElement.scrollHeight + "x" + document.documentElement.scrollWidth`); !fits(sz, 480, 720) {
		t.Errorf("embed view is %s: it must fit 720x480 without scrolling", sz)
	}
	// Loading and mounting inside the frame must not add entries to the
	// wiki tab's history (go-app's Navigate would; the page uses ReplaceURL).
	if h := b.eval(t, `history.length + " vs " + window.h0`); !sameCount(h) {
		t.Errorf("the wiki tab's history grew: %s", h)
	}
	_ = context.Background
}

func sameCount(s string) bool {
	var a, b int
	_, err := fmt.Sscanf(s, "%d vs %d", &a, &b)
	return err == nil && a == b
}
