//go:build !js

// Package e2e drives the built site (dist/) in headless Chromium. It needs
// VRAM_DIST (the Makefile's `make test` sets it after `make build`); without
// it the tests skip.
package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"vram/app/staticserve"
)

const prefix = "/tools/vram/"

// site serves dist/ under prefix. hold, when non-nil, delays app.wasm until
// it is closed, so a test can look at the page before the wasm runs.
type site struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string // every path the server saw
}

func serveDist(t *testing.T, hold chan struct{}) *site {
	t.Helper()
	dist := os.Getenv("VRAM_DIST")
	if dist == "" {
		t.Skip("VRAM_DIST not set: run `make test` (it builds dist/ first)")
	}
	files := staticserve.Handler(dist, prefix)
	s := &site{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.URL.Path)
		s.mu.Unlock()
		if hold != nil && strings.HasSuffix(r.URL.Path, "/app.wasm") {
			<-hold
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// browser starts headless Chromium with the flags that keep it off the
// network (go-app v10 needs the background-networking flags off) and records every request the page makes.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	requests []string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium not found: `apt-get install -y chromium` (make test does it, via .ci/deps)")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithErrorf(func(string, ...any) {}))
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	b := &browser{ctx: ctx}
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			b.mu.Lock()
			b.requests = append(b.requests, e.Request.URL)
			b.mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	return b
}

// assertSameOrigin fails on any request the page made outside origin.
func (b *browser) assertSameOrigin(t *testing.T, origin string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.requests) == 0 {
		t.Fatal("no requests recorded: the network listener is broken")
	}
	for _, r := range b.requests {
		u, err := url.Parse(r)
		if err != nil || (u.Scheme != "data" && u.Scheme != "blob" && u.Scheme+"://"+u.Host != origin) {
			t.Errorf("request left the page's origin %s: %s", origin, r)
		}
	}
}

func (b *browser) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func (b *browser) text(t *testing.T, id string) string {
	t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.ID(id)))
	if err != nil {
		t.Fatalf("text of #%s: %v", id, err)
	}
	return strings.TrimSpace(s)
}

func (b *browser) eval(t *testing.T, js string) string {
	t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		t.Fatalf("eval %s: %v", js, err)
	}
	return s
}

// waitWasm waits until go-app removed its loader: the wasm runs.
func (b *browser) waitWasm(t *testing.T) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.getElementById('app-wasm-loader') === null`)); err != nil {
		t.Fatalf("wasm did not start: %v", err)
	}
}

// setField types a value into an input the way a person does (input and
// change events), then waits until go-app has re-rendered: its handlers run
// through the Go scheduler after the event returns, so the DOM changes a
// little later. The page marks every render by bumping data-renders on
// #page; the helper waits for that counter to move and settle.
func (b *browser) setField(t *testing.T, id, value string) {
	t.Helper()
	before := b.eval(t, `String(document.getElementById('page').dataset.renders)`)
	b.eval(t, `(() => { const el = document.getElementById(`+jsString(id)+`);
		el.value = `+jsString(value)+`; el.dispatchEvent(new Event('input', {bubbles: true}));
		el.dispatchEvent(new Event('change', {bubbles: true})); return "" })()`)
	b.waitRender(t, before)
}

// waitRender waits until #page's render counter differs from before, then
// for the page to be idle for two animation frames.
func (b *browser) waitRender(t *testing.T, before string) {
	t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`String(document.getElementById('page').dataset.renders) !== `+jsString(before))); err != nil {
		t.Fatalf("no re-render after the change: %v", err)
	}
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => r(true), 20))))`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// click clicks an element and waits for go-app to re-render.
func (b *browser) click(t *testing.T, id string) {
	t.Helper()
	before := b.eval(t, `String(document.getElementById('page').dataset.renders)`)
	b.do(t, chromedp.Click(chromedp.ID(id)))
	b.waitRender(t, before)
}

// address returns location.href once the page has written it. Edits reach
// the address after a pause in typing (ui.addressDelay, 150 ms), so this
// waits until the address has not moved for 400 ms.
func (b *browser) address(t *testing.T) string {
	t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`new Promise(resolve => {
		let last = location.href, since = performance.now();
		const tick = () => {
			if (location.href !== last) { last = location.href; since = performance.now(); }
			if (performance.now() - since >= 400) resolve(last); else setTimeout(tick, 20);
		};
		tick();
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("address: %v", err)
	}
	return s
}
