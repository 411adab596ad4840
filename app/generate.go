//go:build !wasm

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// generate writes the static site into -out. It expects -out/web to hold
// app.wasm and the assets of web/ already (the Makefile puts them there).
func generate() {
	out := flag.String("out", "dist", "site folder; its web/ must already hold app.wasm and the assets")
	cases := flag.String("cases", "calc/testdata/dev.jsonl,calc/testdata/harvest.jsonl,calc/testdata/pending.jsonl", "replay cases for the accuracy page (comma-separated)")
	flag.Parse()
	if err := generateSite(*out, strings.Split(*cases, ",")); err != nil {
		log.Fatal(err)
	}
}

func generateSite(out string, cases []string) error {
	wasm, err := os.Stat(filepath.Join(out, "web", "app.wasm"))
	if err != nil {
		return fmt.Errorf("generate: %w (build the wasm first)", err)
	}
	if err := writeAccuracy(filepath.Join(out, "web", accuracyFile), cases); err != nil {
		return err
	}
	version, err := hashDir(filepath.Join(out, "web"))
	if err != nil {
		return err
	}
	h, err := handler(version, wasm.Size())
	if err != nil {
		return err
	}
	if err := app.GenerateStaticWebsite(out, h); err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	if err := dropDomainlessMeta(filepath.Join(out, "index.html")); err != nil {
		return err
	}
	fmt.Printf("generated %s (version %s, app.wasm %d bytes)\n", out, version, wasm.Size())
	return nil
}

// handler is the site's configuration. Everything is relative
// (PrefixedLocation(".")), so one build works at any path.
func handler(version string, wasmSize int64) (*app.Handler, error) {
	sw, err := offlineWorker()
	if err != nil {
		return nil, err
	}
	return &app.Handler{
		Name:            "vLLM memory calculator",
		ShortName:       "VRAM calc",
		Title:           "vLLM memory calculator for vision-language models",
		Description:     "Predicts how vLLM and vllm-ascend size GPU/NPU memory at startup: weights, profile peak, KV cache, and whether it starts.",
		Lang:            "en",
		Image:           "/web/icon-512.png",
		Resources:       app.PrefixedLocation("."),
		BackgroundColor: "#ffffff",
		ThemeColor:      "#1f3a5f",
		LoadingLabel:    "Loading {progress}%",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-maskable.png",
			SVG:      "/web/icon.svg",
		},
		Styles:                []string{"/web/style.css"},
		RawHeaders:            []string{staleGuard, earlyEdits},
		CacheableResources:    []string{"/web/icon.svg", "/web/" + accuracyFile},
		Version:               version,
		WasmContentLength:     fmt.Sprint(wasmSize),
		ServiceWorkerTemplate: sw,
	}, nil
}

// staleGuard marks the document before it renders when the address carries a
// query: the prerendered numbers belong to the default scenario, so the page
// hides them until the wasm has read the address (OnMount removes .stale).
const staleGuard = `<script>if(location.search.length>1)document.documentElement.classList.add("stale")</script>`

// earlyEdits keeps what people type before the wasm runs: the prerendered
// form looks live while app.wasm loads (seconds on a slow link), so every
// input and change lands in window.__vramEdits by element id until the page
// mounts and applies them (ui.Page.OnMount).
const earlyEdits = `<script>document.documentElement.classList.add("booting");window.__vramEdits={};["input","change"].forEach(function(t){document.addEventListener(t,function(e){var x=e.target;if(!window.__vramLive&&x&&x.id&&"value"in x)window.__vramEdits[x.id]=x.value},true)})</script>`

// dropDomainlessMeta removes the Open Graph tags go-app writes as
// "https:///…": they need an absolute address (Handler.Domain), which a build
// that works at any host and sub-path cannot know, and a broken og:url is
// worse for a link preview than none.
func dropDomainlessMeta(page string) error {
	b, err := os.ReadFile(page)
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	return os.WriteFile(page, []byte(withoutDomainlessMeta(string(b))), 0o644)
}

func withoutDomainlessMeta(html string) string {
	var out strings.Builder
	for rest := html; ; {
		i := strings.Index(rest, "<meta ")
		if i < 0 {
			out.WriteString(rest)
			return out.String()
		}
		j := strings.IndexByte(rest[i:], '>')
		if j < 0 {
			out.WriteString(rest)
			return out.String()
		}
		tag := rest[i : i+j+1]
		out.WriteString(rest[:i])
		if !strings.Contains(tag, `content="https:///`) {
			out.WriteString(tag)
		}
		rest = rest[i+j+1:]
	}
}

// offlineWorker patches go-app's service worker so that navigations with a
// query string (every shared link) are answered from the cache offline: the
// stock worker matches the query exactly and misses.
func offlineWorker() (string, error) {
	const orig = "await caches.match(request)"
	sw := strings.Replace(app.DefaultAppWorkerJS, orig,
		`await caches.match(request, { ignoreSearch: request.mode === "navigate" })`, 1)
	if sw == app.DefaultAppWorkerJS {
		return "", fmt.Errorf("generate: go-app's app-worker.js changed; re-check the offline patch")
	}
	return sw, nil
}

// hashDir is a content hash of every file under dir: the site's Version, so
// clients update exactly when something changed.
func hashDir(dir string) (string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !strings.HasSuffix(p, ".gz") && !strings.HasSuffix(p, ".br") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(dir, f)
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
