//go:build !js

package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/chromedp/chromedp"
	"vram/app/staticserve"
)

// changeJS changes the utilization field and resolves with two times: until
// the page's DOM holds the new result (a MutationObserver sees the render
// counter move), and until the browser painted the next frame after that.
const changeJS = `new Promise(resolve => {
  const page = document.getElementById('page');
  const before = page.dataset.renders;
  const el = document.getElementById('gpu-memory-utilization');
  let t0 = 0;
  const mo = new MutationObserver(() => {
    if (page.dataset.renders === before) return;
    mo.disconnect();
    const dom = performance.now() - t0;
    requestAnimationFrame(() => setTimeout(() => resolve([dom, performance.now() - t0]), 0));
  });
  mo.observe(page, {attributes: true, attributeFilter: ['data-renders']});
  t0 = performance.now();
  el.value = (0.5 + Math.random() * 0.45).toFixed(3);
  el.dispatchEvent(new Event('input', {bubbles: true}));
})`

// pasteJS pastes a 1 MiB startup log (its figures, then a long run's
// request lines, as a whole terminal) into the paste box and resolves with
// the milliseconds until the page shows the figures compared.
const pasteJS = `new Promise(resolve => {
  document.getElementById('paste').open = true;
  const head = "INFO 04-15 00:05:30 [llm_engine.py:243] Initializing a V0 LLM engine (v0.8.3) with config: model='Qwen/Qwen2.5-VL-72B-Instruct', max_seq_len=8192, tensor_parallel_size=4, pipeline_parallel_size=1\n" +
    "INFO 04-15 00:05:58 [worker.py:267] the current vLLM instance can use total_gpu_memory (39.38GiB) x gpu_memory_utilization (0.95) = 37.41GiB\n" +
    "INFO 04-15 00:05:58 [worker.py:267] model weights take 34.43GiB; non_torch_memory takes 0.34GiB; PyTorch activation peak memory takes 2.51GiB; the rest of the memory reserved for KV Cache is 0.13GiB.\n";
  const line = "INFO 04-15 00:07:12 [metrics.py:455] Avg prompt throughput: 0.0 tokens/s, Avg generation throughput: 12.3 tokens/s, Running: 1 reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: 3.1%, CPU KV cache usage: 0.0%.\n";
  const text = head + line.repeat(Math.ceil((1 << 20) / line.length));
  const el = document.getElementById('paste-input');
  const t0 = performance.now();
  const done = () => document.getElementById('paste-compare');
  const mo = new MutationObserver(() => {
    if (!done()) return;
    mo.disconnect();
    resolve(performance.now() - t0);
  });
  mo.observe(document.getElementById('page'), {subtree: true, childList: true});
  el.value = text;
  el.dispatchEvent(new Event('input', {bubbles: true}));
})`

// measurePaste times the 1 MiB paste n times (fresh text each time).
func measurePaste(ctx context.Context, n int) ([]float64, error) {
	var out []float64
	for j := 0; j < n; j++ {
		if j > 0 {
			// Clear the box so the next paste renders the comparison anew.
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const el = document.getElementById('paste-input'); el.value = ''; el.dispatchEvent(new Event('input', {bubbles: true})); return true })()`)); err != nil {
				return nil, err
			}
			time.Sleep(200 * time.Millisecond)
		}
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](pasteJS, chromedp.EvalAwaitPromise))
		if err != nil {
			return nil, fmt.Errorf("paste: %v", err)
		}
		out = append(out, ms)
	}
	return out, nil
}

// measureChanges runs the change probe n times and returns the latencies to
// the DOM and to the next painted frame.
func measureChanges(ctx context.Context, n int) (dom, painted []float64, err error) {
	for j := 0; j < n; j++ {
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](changeJS, chromedp.EvalAwaitPromise))
		if err != nil || len(ms) != 2 {
			return nil, nil, fmt.Errorf("field change: %v", err)
		}
		dom, painted = append(dom, ms[0]), append(painted, ms[1])
	}
	return dom, painted, nil
}

func browser(dist, hello string, runs, changes int) error {
	// The floor for "interactive": the same site with go-app's hello world
	// as its wasm (precompressed the same way).
	helloDist, err := helloSite(dist, hello)
	if err != nil {
		return err
	}
	defer os.RemoveAll(helloDist)
	mux := http.NewServeMux()
	mux.Handle("/", staticserve.Handler(dist, "/tools/vram/"))
	mux.Handle("/hello/", http.StripPrefix("/hello", staticserve.Handler(helloDist, "/")))
	// The floor for "painted": a fresh browser painting one line of text
	// from the same server.
	mux.HandleFunc("/floor.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><title>floor</title><p>floor</p>")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	url := srv.URL + "/tools/vram/"
	m := &measures{}
	if err := m.floors(srv.URL, runs, changes); err != nil {
		return err
	}
	if err := m.app(url, runs, changes); err != nil {
		return err
	}
	m.print()
	return nil
}

// print writes the browser table.
func (m *measures) print() {
	coldP, coldI, warmP, warmI, dom, lat, floor := m.coldP, m.coldI, m.warmP, m.warmI, m.dom, m.lat, m.floor
	helloI, helloWarm, helloDom, helloLat, paste := m.helloI, m.helloWarm, m.helloDom, m.helloLat, m.paste
	fmt.Printf("%-34s %8s %8s\n", "", "median", "goal")
	fmt.Printf("%-34s %8.0f %8s   (a one-line page, fresh browser: %.0f)\n", "prerendered result painted, cold", median(coldP), "200", median(floor))
	fmt.Printf("%-34s %8.0f %8s   (the same site with go-app's hello world: %.0f)\n", "interactive (wasm running), cold", median(coldI), "1500", median(helloI))
	fmt.Printf("%-34s %8.0f %8s\n", "prerendered result painted, cache", median(warmP), "200")
	fmt.Printf("%-34s %8.0f %8s   (hello world: %.0f)\n", "interactive, service-worker cache", median(warmI), "500", median(helloWarm))
	fmt.Printf("%-34s %8.1f %8s   (p50 %.1f over %d changes; hello world p95 %.1f, p50 %.1f)\n", "field change in the DOM, p95", pct(dom, 0.95), "", pct(dom, 0.5), len(dom), pct(helloDom, 0.95), pct(helloDom, 0.5))
	fmt.Printf("%-34s %8.1f %8s   (p50 %.1f; hello world p95 %.1f, p50 %.1f)\n", "field change painted, p95", pct(lat, 0.95), "16", pct(lat, 0.5), pct(helloLat, 0.95), pct(helloLat, 0.5))
	fmt.Printf("%-34s %8.0f %8s   (a 1 MiB terminal with its startup figures, parsed and compared; %d pastes)\n", "paste of a 1 MiB log, shown", median(paste), "100", len(paste))
}

// measures are the browser timings, in milliseconds.
type measures struct {
	coldP, coldI, warmP, warmI, dom, lat, paste  []float64
	floor, helloI, helloWarm, helloDom, helloLat []float64
}

// floors times what ours is held against: a one-line page, and the same
// site with go-app's hello world as its wasm.
func (m *measures) floors(base string, runs, changes int) error {
	for i := 0; i < runs; i++ {
		dir, _ := os.MkdirTemp("", "bench-m.floor")
		ctx, cancel, err := newBrowser(dir)
		if err != nil {
			return err
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/m.floor.html")); err != nil {
			cancel()
			return err
		}
		v, err := chromedp.Run(ctx, chromedp.Poll[float64](`(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime`))
		cancel()
		os.RemoveAll(dir)
		if err != nil {
			return fmt.Errorf("m.floor page: %v", err)
		}
		m.floor = append(m.floor, v)

		dir, _ = os.MkdirTemp("", "bench-hello")
		ctx, cancel, err = newBrowser(dir)
		if err != nil {
			return err
		}
		_, in, err := measureLoad(ctx, base+"/hello/")
		if err == nil {
			if _, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err == nil {
				var warm float64
				if _, warm, err = measureLoad(ctx, base+"/hello/"); err == nil {
					m.helloWarm = append(m.helloWarm, warm)
				}
			}
		}
		if err == nil && i == 0 {
			// The m.floor for a field change: go-app re-rendering one echoed
			// input, timed by the same probe.
			m.helloDom, m.helloLat, err = measureChanges(ctx, changes)
		}
		cancel()
		os.RemoveAll(dir)
		if err != nil {
			return fmt.Errorf("hello site: %v", err)
		}
		m.helloI = append(m.helloI, in)
	}
	return nil
}

// app times the calculator: loads cold and from the service worker, field
// changes, and the 1 MiB paste.
func (m *measures) app(url string, runs, changes int) error {
	for i := 0; i < runs; i++ {
		dir, _ := os.MkdirTemp("", "bench-chromium")
		ctx, cancel, err := newBrowser(dir)
		if err != nil {
			return err
		}
		p, in, err := measureLoad(ctx, url)
		if err != nil {
			cancel()
			return err
		}
		m.coldP, m.coldI = append(m.coldP, p), append(m.coldI, in)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
			cancel()
			return err
		}
		p, in, err = measureLoad(ctx, url)
		if err != nil {
			cancel()
			return err
		}
		m.warmP, m.warmI = append(m.warmP, p), append(m.warmI, in)
		if i == 0 {
			if m.dom, m.lat, err = measureChanges(ctx, changes); err != nil {
				cancel()
				return err
			}
			if m.paste, err = measurePaste(ctx, 5); err != nil {
				cancel()
				return err
			}
		}
		cancel()
		os.RemoveAll(dir)
	}
	return nil
}
