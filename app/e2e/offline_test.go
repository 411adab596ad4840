//go:build !js

package e2e

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"

	"vram/app/staticserve"
)

// A shared link (with a query) reloads offline from the service worker.
func TestOfflineQueryReload(t *testing.T) {
	dist := os.Getenv("VRAM_DIST")
	if dist == "" {
		t.Skip("VRAM_DIST not set")
	}
	var offline atomic.Bool
	files := staticserve.Handler(dist, prefix)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if offline.Load() {
			if hj, ok := w.(http.Hijacker); ok {
				if c, _, err := hj.Hijack(); err == nil {
					c.Close()
					return
				}
			}
			http.Error(w, "offline", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Cache-Control", "no-store") // only the service worker may answer offline
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()

	b := newBrowser(t)
	b.do(t, chromedp.Navigate(srv.URL+prefix))
	b.waitResult(t)
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](
		`navigator.serviceWorker.ready.then(() => true)`, awaitPromise)); err != nil {
		t.Fatalf("service worker never became ready: %v", err)
	}
	link := srv.URL + prefix + "?p=qwen2.5-vl-7b-a100-v083&u=0.8"
	offline.Store(true)
	b.do(t, chromedp.Navigate(link))
	b.waitResult(t)
	if v := b.text(t, "verdict"); v == "" {
		t.Fatal("offline reload of a shared link shows no verdict")
	}
	if !strings.Contains(b.eval(t, `location.search`), "u=0.8") {
		t.Error("offline page lost its query")
	}
	if u := b.eval(t, `document.getElementById('gpu-memory-utilization').value`); u != "0.8" {
		t.Errorf("offline page did not read the link: utilization field %q", u)
	}
}
