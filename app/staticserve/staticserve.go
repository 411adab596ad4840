// Package staticserve serves a built site folder the way a well-configured
// static server would: the right wasm type, precompressed variants, and
// validators so the service worker's second fetch of app.wasm is a 304.
package staticserve

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Handler serves the files of dir at the URL path prefix (e.g. "/" or
// "/tools/vram/"). Requests for prefix without its trailing slash redirect
// to it, as static servers do for directories.
func Handler(dir, prefix string) http.Handler {
	if !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return &server{dir: dir, prefix: prefix}
}

type server struct {
	dir    string
	prefix string
	etags  sync.Map // file path -> ETag of its content
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path+"/" == s.prefix {
		u := *r.URL
		u.Path = s.prefix
		http.Redirect(w, r, u.String(), http.StatusMovedPermanently)
		return
	}
	rel, ok := strings.CutPrefix(r.URL.Path, s.prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	rel = path.Clean("/" + rel)
	if strings.HasSuffix(rel, "/") || rel == "/" {
		rel += "index.html"
	}
	name := filepath.Join(s.dir, filepath.FromSlash(rel))
	if fi, err := os.Stat(name); err != nil || fi.IsDir() {
		if err == nil {
			name = filepath.Join(name, "index.html")
		} else {
			http.NotFound(w, r)
			return
		}
	}

	h := w.Header()
	ctype := mime.TypeByExtension(filepath.Ext(name))
	if strings.HasSuffix(name, ".wasm") {
		ctype = "application/wasm" // instantiateStreaming requires it
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h.Set("Content-Type", ctype)
	// Fixed file names (app.wasm, app.js): revalidate every time, cheaply.
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Accept-Encoding")

	serve := name
	if enc := pickEncoding(r.Header.Get("Accept-Encoding"), name); enc != "" {
		serve = name + map[string]string{"br": ".br", "gzip": ".gz"}[enc]
		h.Set("Content-Encoding", enc)
	}
	f, err := os.Open(serve)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		http.Error(w, "stat failed", http.StatusInternalServerError)
		return
	}
	tag, err := s.etag(serve, fi, f)
	if err != nil {
		http.Error(w, "read failed", http.StatusInternalServerError)
		return
	}
	h.Set("ETag", tag)
	// ServeContent handles If-None-Match / If-Modified-Since and ranges.
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

// pickEncoding returns "br" or "gzip" when the client accepts it and a
// precompressed sibling of name exists.
func pickEncoding(accept, name string) string {
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !acceptsToken(accept, enc.token) {
			continue
		}
		if _, err := os.Stat(name + enc.ext); err == nil {
			return enc.token
		}
	}
	return ""
}

func acceptsToken(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(fields[0]), token) {
			continue
		}
		for _, p := range fields[1:] {
			if q := strings.ReplaceAll(p, " ", ""); q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
				return false
			}
		}
		return true
	}
	return false
}

// etag is a strong validator from the content hash, cached by path, size
// and modification time.
func (s *server) etag(name string, fi os.FileInfo, f *os.File) (string, error) {
	key := fmt.Sprintf("%s|%d|%d", name, fi.ModTime().UnixNano(), fi.Size())
	if v, ok := s.etags.Load(key); ok {
		return v.(string), nil
	}
	hash := sha256.New()
	if _, err := io.Copy(hash, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	tag := `"` + hex.EncodeToString(hash.Sum(nil))[:20] + `"`
	s.etags.Store(key, tag)
	return tag, nil
}
