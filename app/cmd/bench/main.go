//go:build !js

// Command bench measures how small and how fast the calculator is and prints
// one table (`make bench`): wasm sizes against a go-app hello world built the
// same way, load and input latency in headless Chromium, and the Go
// benchmarks of calc and presets. It reports; it fails only when it cannot run.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"vram/app/wasmsize"
)

func main() {
	dist := flag.String("dist", "dist", "built site")
	runs := flag.Int("runs", 5, "repetitions of each load measurement")
	changes := flag.Int("changes", 60, "field changes for the latency percentiles")
	profile := flag.Int("profile", 0, "instead of the table: profile this many field changes and print where the time goes")
	wasmFlags := flag.String("wasmflags", "-trimpath -ldflags=-s\\ -w", "go build flags of app.wasm (the Makefile's WASM_FLAGS): the hello world is built with them")
	flag.Parse()
	log.SetFlags(0)
	if *profile > 0 {
		if err := profileChanges(*dist, *profile); err != nil {
			log.Fatalf("bench: profile: %v", err)
		}
		return
	}

	tmp, _ := os.MkdirTemp("", "hello")
	defer os.RemoveAll(tmp)
	hello := filepath.Join(tmp, "hello.wasm")
	cmd := exec.Command("go", append(append([]string{"build"}, splitFlags(*wasmFlags)...), "-o", hello, "./app/bench/hello")...)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := cmd.CombinedOutput(); err != nil {
		log.Fatalf("bench: hello build: %v\n%s", err, out)
	}

	fmt.Println("== size (bytes) ==")
	sizes(*dist, hello)
	fmt.Println("\n== what the wasm holds (bytes, an unstripped build of the same code) ==")
	breakdown()
	fmt.Println("\n== browser (ms, medians) ==")
	if err := browser(*dist, hello, *runs, *changes); err != nil {
		log.Fatalf("bench: browser: %v", err)
	}
	fmt.Println("\n== go benchmarks ==")
	goBench()
	if b, err := os.ReadFile(".make-test-seconds"); err == nil {
		fmt.Printf("\nmake test took %s s (its last run in this checkout)\n", strings.TrimSpace(string(b)))
	} else {
		fmt.Println("\nmake test: not timed yet (run make test)")
	}
}

// gz is the size `gzip -9` gives (the app.wasm.gz the Makefile serves), or
// Go's level 9 where no gzip binary is installed.
func gz(path string, b []byte) int {
	if out, err := exec.Command("gzip", "-9", "-c", path).Output(); err == nil {
		return len(out)
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func br(path string) int {
	if _, err := exec.LookPath("brotli"); err != nil {
		return 0
	}
	out, err := exec.Command("brotli", "-q", "11", "-c", path).Output()
	if err != nil {
		return 0
	}
	return len(out)
}

func sizes(dist, hello string) {
	app := filepath.Join(dist, "web", "app.wasm")
	a, err := os.ReadFile(app)
	if err != nil {
		log.Fatalf("bench: %v (run make build)", err)
	}
	h, _ := os.ReadFile(hello)
	row := func(name string, x, y int) {
		ratio := "n/a"
		if y > 0 {
			ratio = fmt.Sprintf("%.2fx", float64(x)/float64(y))
		}
		fmt.Printf("%-14s %12d %12d %8s\n", name, x, y, ratio)
	}
	fmt.Printf("%-14s %12s %12s %8s\n", "", "app.wasm", "hello", "ratio")
	row("raw", len(a), len(h))
	row("gzip -9", gz(app, a), gz(hello, h))
	row("brotli -q 11", br(app), br(hello))
}

// splitFlags splits a make variable of flags at spaces, keeping the ones
// escaped with a backslash ("-ldflags=-s\ -w").
func splitFlags(s string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == ' ':
			cur.WriteByte(' ')
			i++
		case s[i] == ' ':
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteByte(s[i])
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// breakdown builds the app with its name section kept and prints the
// code bytes per module and the largest packages.
func breakdown() {
	tmp, _ := os.MkdirTemp("", "names")
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "app.wasm")
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, "./app")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		log.Fatalf("bench: unstripped build: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		log.Fatal(err)
	}
	r, err := wasmsize.Parse(b)
	if err != nil || r.Packages == nil {
		fmt.Printf("no breakdown: %v\n", err)
		return
	}
	fmt.Printf("%-34s %10d\n", "code section", r.Code)
	fmt.Printf("%-34s %10d   (strings, type data, embedded JSON)\n", "data section", r.Sections["data"])
	for _, e := range wasmsize.Top(r.Groups(), 12) {
		fmt.Printf("  %-32s %10d %6.1f%%\n", e.Name, e.Bytes, 100*float64(e.Bytes)/float64(r.Code))
	}
	fmt.Println("largest packages:")
	for _, e := range wasmsize.Top(r.Packages, 10) {
		fmt.Printf("  %-58s %8d\n", e.Name, e.Bytes)
	}
}

// helloSite copies dist with the hello world as its wasm.
func helloSite(dist, hello string) (string, error) {
	dir, err := os.MkdirTemp("", "hello-site")
	if err != nil {
		return "", err
	}
	if out, err := exec.Command("cp", "-r", dist+"/.", dir).CombinedOutput(); err != nil {
		return "", fmt.Errorf("copy %s: %v %s", dist, err, out)
	}
	w := filepath.Join(dir, "web", "app.wasm")
	os.Remove(w + ".br")
	os.Remove(w + ".gz")
	b, err := os.ReadFile(hello)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(w, b, 0o644); err != nil {
		return "", err
	}
	exec.Command("gzip", "-9", "-k", "-f", w).Run()
	exec.Command("brotli", "-q", "11", "-k", "-f", w).Run()
	return dir, nil
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func pct(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	i := int(p * float64(len(s)-1))
	return s[i]
}

func newBrowser(dir string) (context.Context, func(), error) {
	path, err := exec.LookPath("chromium")
	if err != nil {
		return nil, nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dir))
	actx, c1 := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, c2 := chromedp.NewContext(actx, chromedp.WithErrorf(func(string, ...any) {}))
	ctx, c3 := context.WithTimeout(ctx, 3*time.Minute)
	return ctx, func() { c3(); c2(); c1() }, nil
}

const loadJS = `(() => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return [fcp ? fcp.startTime : -1, window.__interactive || -1];
})()`

// measureLoad navigates and returns first contentful paint (the
// prerendered result) and the time the wasm took over (loader gone).
func measureLoad(ctx context.Context, url string) (paint, interactive float64, err error) {
	if err = chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return
	}
	if _, err = chromedp.Run(ctx, chromedp.Poll[bool](`(document.getElementById('app-wasm-loader') === null) && (window.__interactive = window.__interactive || performance.now(), true)`,
		chromedp.WithPollingInterval(5*time.Millisecond))); err != nil {
		return
	}
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](loadJS))
	if err != nil || len(v) != 2 {
		return 0, 0, fmt.Errorf("timings: %v", err)
	}
	return v[0], v[1], nil
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+)\s+\d+\s+([\d.]+) ns/op(?:\s+(\d+) B/op\s+(\d+) allocs/op)?`)

func goBench() {
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", ".", "-benchmem", "-count", "3", "./calc/", "./presets/", "./calc/startlog/")
	out, err := cmd.CombinedOutput()
	if err != nil {
		log.Fatalf("bench: go test -bench: %v\n%s", err, out)
	}
	res := map[string][]float64{}
	allocs := map[string]string{}
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		var ns float64
		fmt.Sscan(m[2], &ns)
		if _, ok := res[m[1]]; !ok {
			names = append(names, m[1])
		}
		res[m[1]] = append(res[m[1]], ns)
		allocs[m[1]] = m[4]
	}
	fmt.Printf("%-34s %14s %10s\n", "", "median", "allocs/op")
	for _, n := range names {
		fmt.Printf("%-34s %11.1f us %10s\n", n, median(res[n])/1000, allocs[n])
	}
	if len(names) == 0 {
		fmt.Println("no benchmarks found")
	}
}
