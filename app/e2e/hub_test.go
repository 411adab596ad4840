//go:build !js

package e2e

import (
	"encoding/binary"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// mockHub serves model repositories the way the hubs do, on its own origin
// with CORS headers: Hugging Face's layout under /hf/ and ModelScope's
// under /ms/. org/indexed has model.safetensors.index.json; org/single one
// model.safetensors, read with Range requests; org/gated wants a token;
// org/slow answers after 2 s; anything else is 404.
type mockHub struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
	auth     []string
}

// The single file's header: two BF16 tensors, 12 and 8 bytes.
const singleHeader = `{"__metadata__":{"format":"pt"},"a":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,12]},"b":{"dtype":"BF16","shape":[4],"data_offsets":[12,20]}}`

func newMockHub(t *testing.T, config string) *mockHub {
	h := &mockHub{}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.requests = append(h.requests, r.URL.String())
		h.auth = append(h.auth, r.Header.Get("Authorization"))
		h.mu.Unlock()
		if strings.Contains(r.URL.Path, "org/nocors") {
			// A host that forbids browser requests: no CORS headers.
			w.Write([]byte("{}"))
			return
		}
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "Authorization, Range")
		w.Header().Set("Access-Control-Expose-Headers", "Content-Length, Content-Range")
		if r.Method == http.MethodOptions {
			return
		}
		repo, file := "", ""
		switch {
		case strings.HasPrefix(r.URL.Path, "/hf/"):
			rest := strings.TrimPrefix(r.URL.Path, "/hf/")
			i := strings.Index(rest, "/resolve/main/")
			if i < 0 {
				http.NotFound(w, r)
				return
			}
			repo, file = rest[:i], rest[i+len("/resolve/main/"):]
		case strings.HasPrefix(r.URL.Path, "/ms/api/v1/models/") && strings.HasSuffix(r.URL.Path, "/repo"):
			repo = strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/ms/api/v1/models/"), "/repo")
			file = r.URL.Query().Get("FilePath")
		}
		switch repo {
		case "org/gated":
			if r.Header.Get("Authorization") != "Bearer secret-token" {
				http.Error(w, "gated", http.StatusUnauthorized)
				return
			}
		case "org/slow":
			time.Sleep(2 * time.Second)
		case "org/indexed", "org/single":
		default:
			http.NotFound(w, r)
			return
		}
		switch {
		case file == "config.json":
			w.Write([]byte(config))
		case file == "model.safetensors.index.json" && repo != "org/single":
			w.Write([]byte(`{"metadata": {"total_size": 15231233024}, "weight_map": {}}`))
		case file == "model.safetensors" && repo == "org/single":
			var body []byte
			var n [8]byte
			binary.LittleEndian.PutUint64(n[:], uint64(len(singleHeader)))
			body = append(append(body, n[:]...), singleHeader...)
			body = append(body, make([]byte, 20)...)
			http.ServeContent(w, r, "model.safetensors", time.Time{}, strings.NewReader(string(body)))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *mockHub) seen() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.requests...)
}

// A model the catalog lacks is fetched from the hub the user picks, only
// on the click, and only from that host: its config read as a paste is,
// the weights the files' bytes (an index's total_size, or a single file's
// header through Range requests), a gated repository answered with a token
// kept out of the link, a 404 and a slow hub said so beside the field.
func TestHubFetch(t *testing.T) {
	config, err := os.ReadFile("../../calc/hfconfig/testdata/qwen2.5-vl-7b.config.json")
	if err != nil {
		t.Fatal(err)
	}
	hub := newMockHub(t, string(config))
	s := serveDist(t, nil)
	b := newBrowser(t)
	open := func(q string) {
		b.do(t, chromedp.Navigate(s.URL+prefix+q))
		b.waitResult(t)
	}
	fetch := func(repo string) {
		n0 := len(hub.seen())
		b.setField(t, "model", repo)
		if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`!!document.getElementById('hub-fetch-button')`)); err != nil {
			t.Fatalf("no fetch button for %s", repo)
		}
		if n := len(hub.seen()); n != n0 {
			t.Fatalf("%d requests to the hub before the click", n-n0)
		}
		if label := b.text(t, "hub-fetch-button"); !strings.Contains(label, strings.TrimPrefix(hub.URL, "http://")) {
			t.Errorf("the button does not name the host: %q", label)
		}
		b.click(t, "hub-fetch-button")
	}
	wait := func(js string) {
		if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("waiting for %s: %v", js, err)
		}
	}
	base := "?hub=custom&hubb=" + hub.URL + "/hf&hubl=hf"
	open(base)
	fetch("org/indexed")
	wait(`location.search.includes('cm=')`)
	if a := b.address(t); !strings.Contains(a, "cb.15231233024") || strings.Contains(a, "token") {
		t.Errorf("the custom model in the link lacks the index's bytes: %s", a)
	}

	// A single safetensors file: its header's tensor bytes, by Range.
	fetch("org/single")
	wait(`decodeURIComponent(location.search).includes('cb.20')`)

	// The same through ModelScope's layout.
	open("?hub=custom&hubb=" + hub.URL + "/ms&hubl=modelscope")
	fetch("org/indexed")
	wait(`decodeURIComponent(location.search).includes('cb.15231233024')`)

	// Gated: 401 asks for a token; with it the fetch succeeds and the
	// token is in no address.
	open(base)
	fetch("org/gated")
	wait(`!!document.getElementById('hub-token')`)
	if e := b.text(t, "hub-error"); !strings.Contains(e, "401") {
		t.Errorf("gated: %q", e)
	}
	b.setField(t, "hub-token", "secret-token")
	b.click(t, "hub-fetch-button")
	wait(`decodeURIComponent(location.search).includes('id.org/gated')`)
	if strings.Contains(b.address(t), "secret") {
		t.Error("the token is in the link")
	}

	// 404, a host that forbids browser requests, and a slow hub.
	open(base)
	fetch("org/absent")
	wait(`(document.getElementById('hub-error') || {}).textContent.includes('404')`)
	fetch("org/nocors")
	wait(`(document.getElementById('hub-error') || {}).textContent.includes('CORS')`)
	fetch("org/slow")
	if label := b.text(t, "hub-fetch-button"); !strings.Contains(label, "…") {
		t.Errorf("a slow fetch does not say it is fetching: %q", label)
	}
	wait(`decodeURIComponent(location.search).includes('id.org/slow')`)

	// Requests went to the page's origin and the chosen hub only.
	b.mu.Lock()
	for _, r := range b.requests {
		if !strings.HasPrefix(r, s.URL) && !strings.HasPrefix(r, hub.URL) && !strings.HasPrefix(r, "data:") {
			t.Errorf("a request went elsewhere: %s", r)
		}
	}
	b.mu.Unlock()
	t.Logf("%d hub requests", len(hub.seen()))
}

// The embed and the prerendered page request nothing from other origins.
func TestNoHubRequestsUnasked(t *testing.T) {
	s := serveDist(t, nil)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix+"?embed=1&hub=hf-mirror"))
	b.waitResult(t)
	b.do(t, chromedp.Navigate(s.URL+prefix+"?hub=modelscope"))
	b.waitResult(t)
	b.setField(t, "model", "someorg/somemodel")
	b.assertSameOrigin(t, s.URL)
}
