package staticserve

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "web"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "index.html"), []byte("<html>index</html>"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "web", "app.wasm"), []byte("\x00asm raw"), 0o644))
	f, err := os.Create(filepath.Join(dir, "web", "app.wasm.gz"))
	must(err)
	zw := gzip.NewWriter(f)
	_, err = zw.Write([]byte("\x00asm raw"))
	must(err)
	must(zw.Close())
	must(f.Close())
	return dir
}

func TestServe(t *testing.T) {
	dir := site(t)
	srv := httptest.NewServer(Handler(dir, "/tools/vram/"))
	defer srv.Close()
	tr := &http.Transport{DisableCompression: true}
	client := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	cases := []struct {
		name, path, accept string
		status             int
		ctype, encoding    string
	}{
		{"index at sub-path", "/tools/vram/", "", 200, "text/html; charset=utf-8", ""},
		{"redirect to trailing slash", "/tools/vram", "", 301, "", ""},
		{"wasm raw", "/tools/vram/web/app.wasm", "", 200, "application/wasm", ""},
		{"wasm gzip", "/tools/vram/web/app.wasm", "gzip, deflate", 200, "application/wasm", "gzip"},
		{"br refused falls back to gzip", "/tools/vram/web/app.wasm", "br;q=0, gzip", 200, "application/wasm", "gzip"},
		{"no br file", "/tools/vram/web/app.wasm", "br", 200, "application/wasm", ""},
		{"outside prefix", "/elsewhere/index.html", "", 404, "", ""},
		{"missing", "/tools/vram/nope.js", "", 404, "", ""},
		{"traversal", "/tools/vram/../../etc/passwd", "", 404, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", srv.URL+c.path, nil)
			if c.accept != "" {
				req.Header.Set("Accept-Encoding", c.accept)
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != c.status {
				t.Fatalf("status %d, want %d", res.StatusCode, c.status)
			}
			if c.ctype != "" && res.Header.Get("Content-Type") != c.ctype {
				t.Errorf("Content-Type %q, want %q", res.Header.Get("Content-Type"), c.ctype)
			}
			if got := res.Header.Get("Content-Encoding"); got != c.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, c.encoding)
			}
			if c.status == 200 && res.Header.Get("ETag") == "" {
				t.Error("no ETag")
			}
		})
	}
}

func TestConditionalGet(t *testing.T) {
	srv := httptest.NewServer(Handler(site(t), "/"))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/web/app.wasm")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/web/app.wasm", nil)
	req.Header.Set("If-None-Match", res.Header.Get("ETag"))
	res2, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != http.StatusNotModified {
		t.Fatalf("revalidation gave %d, want 304", res2.StatusCode)
	}
}
