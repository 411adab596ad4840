//go:build !js

package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"

	"vram/app/staticserve"
	"vram/app/wasmsize"
)

// profileChanges answers "where do the milliseconds of a field change go?":
// it serves a copy of dist whose app.wasm keeps its function names, runs the
// change probe n times under V8's sampling profiler, and prints the time per
// Go package, on top of the stack (self) and anywhere on it (inclusive).
func profileChanges(dist string, n int) error {
	site, err := os.MkdirTemp("", "profile-site")
	if err != nil {
		return err
	}
	defer os.RemoveAll(site)
	if err := exec.Command("cp", "-r", dist+"/.", site).Run(); err != nil {
		return fmt.Errorf("copy dist: %v", err)
	}
	wasm := filepath.Join(site, "web", "app.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-o", wasm, "./app")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("unstripped build: %v\n%s", err, out)
	}
	// The precompressed copies would be served instead of the named build.
	os.Remove(wasm + ".gz")
	os.Remove(wasm + ".br")

	srv := httptest.NewServer(staticserve.Handler(site, "/"))
	defer srv.Close()
	dir, _ := os.MkdirTemp("", "bench-profile")
	defer os.RemoveAll(dir)
	ctx, cancel, err := newBrowser(dir)
	if err != nil {
		return err
	}
	defer cancel()
	if _, _, err := measureLoad(ctx, srv.URL+"/"); err != nil {
		return err
	}
	// Warm up first, as a user's second keystroke would be.
	if _, _, err := measureChanges(ctx, 5); err != nil {
		return err
	}
	call := func(ctx context.Context, t *chromedp.Target) (*profiler.Profile, error) {
		if _, err := cdp.Call(ctx, t, profiler.Enable, cdp.Empty{}); err != nil {
			return nil, err
		}
		if _, err := cdp.Call(ctx, t, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 100}); err != nil {
			return nil, err
		}
		if _, err := cdp.Call(ctx, t, profiler.Start, cdp.Empty{}); err != nil {
			return nil, err
		}
		var dom []float64
		for j := 0; j < n; j++ {
			ms, err := chromedp.Evaluate[[]float64](changeJS, chromedp.EvalAwaitPromise)(ctx, t)
			if err != nil || len(ms) != 2 {
				return nil, fmt.Errorf("field change: %v", err)
			}
			dom = append(dom, ms[0])
		}
		res, err := cdp.Call(ctx, t, profiler.Stop, cdp.Empty{})
		if err != nil {
			return nil, err
		}
		fmt.Printf("%d changes under the profiler: DOM p50 %.1f ms, p95 %.1f ms\n", n, pct(dom, 0.5), pct(dom, 0.95))
		return res.Profile, nil
	}
	prof, err := chromedp.Run(ctx, chromedp.Action[*profiler.Profile](call))
	if err != nil {
		return err
	}
	printProfile(prof, n)
	return nil
}

// printProfile sums the samples per Go package (wasm functions) or per
// category (JavaScript, the browser's own work) and prints ms per change.
func printProfile(p *profiler.Profile, n int) {
	parent := map[int64]int64{}
	byID := map[int64]*profiler.ProfileNode{}
	for _, node := range p.Nodes {
		byID[node.ID] = node
		for _, c := range node.Children {
			parent[c] = node.ID
		}
	}
	self, incl, funcs := map[string]float64{}, map[string]float64{}, map[string]float64{}
	var total float64
	for i, id := range p.Samples {
		if i >= len(p.TimeDeltas) {
			break
		}
		ms := float64(p.TimeDeltas[i]) / 1000
		top := category(byID[id])
		if top == "(idle)" || top == "(program)" {
			continue
		}
		total += ms
		self[top] += ms
		if f := byID[id].CallFrame; f != nil {
			funcs[category(byID[id])+" "+f.FunctionName] += ms
		}
		seen := map[string]bool{}
		for cur, ok := id, true; ok; cur, ok = parent[cur] {
			c := category(byID[cur])
			if !seen[c] {
				seen[c] = true
				incl[c] += ms
			}
		}
	}
	fmt.Printf("busy %.1f ms per change (samples not idle)\n", total/float64(n))
	show := func(title string, m map[string]float64) {
		fmt.Println(title)
		type kv struct {
			k string
			v float64
		}
		var s []kv
		for k, v := range m {
			s = append(s, kv{k, v})
		}
		sort.Slice(s, func(i, j int) bool { return s[i].v > s[j].v })
		for i, e := range s {
			if i == 14 {
				break
			}
			fmt.Printf("  %-58s %6.2f ms %5.1f%%\n", e.k, e.v/float64(n), 100*e.v/total)
		}
	}
	show("self time per change:", self)
	show("inclusive time per change:", incl)
	show("self time per function:", funcs)
}

// category names a profile node: the Go package of a wasm function, the
// function of JavaScript (wasm_exec.js's syscall/js glue, go-app's
// helpers), or V8's own labels ("(garbage collector)").
func category(n *profiler.ProfileNode) string {
	if n == nil || n.CallFrame == nil {
		return "?"
	}
	f, u := n.CallFrame.FunctionName, n.CallFrame.URL
	switch {
	case strings.HasPrefix(u, "wasm:") || strings.HasSuffix(u, ".wasm"):
		return wasmsize.Package(f)
	case u == "":
		return f
	}
	return "js " + path.Base(u) + " " + f
}
