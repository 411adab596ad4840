//go:build !js

package e2e

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPasteImports pastes the three kinds of text into the page: the seed's
// command (invalid JSON flagged, the suggested value applied), a startup
// log (compared and calibrated), and a config.json (a custom model that
// travels in the link).
func TestPasteImports(t *testing.T) {
	seed, err := os.ReadFile("../../calc/cmdline/testdata/seed-command.sh")
	if err != nil {
		t.Fatal(err)
	}
	config, err := os.ReadFile("../../calc/hfconfig/testdata/qwen2.5-vl-7b.config.json")
	if err != nil {
		t.Fatal(err)
	}
	s := serveDist(t, nil)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix))
	b.waitResult(t)
	b.eval(t, `(() => { document.getElementById('paste').open = true; return "" })()`)

	query := func() url.Values {
		u, err := url.Parse(b.address(t))
		if err != nil {
			t.Fatal(err)
		}
		return u.Query()
	}

	b.setField(t, "paste-input", string(seed))
	res := b.text(t, "paste-result")
	if !strings.Contains(res, "not valid JSON") || !strings.Contains(res, "2073600") {
		t.Fatalf("the seed's --mm_processor_kwargs is not flagged with its fix:\n%s", res)
	}
	// As written, vLLM's argument parser exits: no "Use it", vLLM's words.
	if ex := b.text(t, "paste-exits"); !strings.Contains(ex, "vllm serve: error: argument --mm_processor_kwargs: invalid loads value") {
		t.Errorf("the exit at argument parsing reads %q", ex)
	}
	if n := b.eval(t, `String(document.querySelectorAll('#paste-apply').length)`); n != "0" {
		t.Error("a command vLLM refuses can be used as written")
	}
	if kept := b.text(t, "paste-kept"); !strings.Contains(kept, "device") {
		t.Errorf("the paste does not say it keeps the page's device: %q", kept)
	}
	b.click(t, "paste-apply-suggested")
	q := query()
	if q.Get("m") != "Qwen/Qwen2.5-VL-7B-Instruct" || q.Get("maxpx") != "2073600" || q.Get("seqs") != "256" || q.Get("own") != "1" {
		t.Errorf("after applying the command the address holds %v", q)
	}

	log := startupLog
	b.setField(t, "paste-input", log)
	if cmp := b.text(t, "paste-compare"); !strings.Contains(cmp, "34.43") {
		t.Fatalf("the measured weights are not compared:\n%s", cmp)
	}
	b.click(t, "paste-apply")
	b.click(t, "paste-calibrate")
	q = query()
	if q.Get("m") != "Qwen/Qwen2.5-VL-72B-Instruct" || q.Get("tp") != "4" || q.Get("d") != "a100-40gb" || q.Get("ca") == "" {
		t.Errorf("after applying and calibrating the log the address holds %v", q)
	}
	if cal := b.text(t, "calibrated"); !strings.Contains(cal, "2.51") {
		t.Errorf("the verdict does not say the scenario is calibrated: %q", cal)
	}
	// The page scrolls the verdict into view smoothly: wait for the scroll
	// to end (a longer form makes it take longer), then ask.
	inView := `(() => { const r = document.getElementById('verdict').getBoundingClientRect(); return r.bottom > 40 && r.top < innerHeight - 40 })()`
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](inView, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("the verdict is not in view after calibrating: %s", b.eval(t, `(() => { const r = document.getElementById('verdict').getBoundingClientRect(); return JSON.stringify({top: r.top, bottom: r.bottom, h: innerHeight, y: scrollY, doc: document.documentElement.scrollHeight}) })()`))
	}
	cmp := b.text(t, "paste-compare")
	if !strings.Contains(cmp, "2.51 GiB\t2.51 GiB") && !strings.Contains(cmp, "+0.0%") {
		t.Errorf("the calibrated activation does not match the log:\n%s", cmp)
	}

	b.setField(t, "paste-input", string(config))
	// Every field of the pasted config is listed (the file has 70 and more).
	if n := b.eval(t, `String(document.querySelectorAll('#paste-result li.finding').length)`); len(n) < 2 || n < "60" && len(n) == 2 {
		t.Errorf("the pasted config lists %s fields", n)
	}
	b.click(t, "paste-apply")
	q = query()
	if !strings.Contains(q.Get("cm"), "f.qwen2_5_vl") || q.Get("m") != "" {
		t.Errorf("after applying the config the address holds %v", q)
	}
	link := b.address(t)
	want := b.text(t, "figures")
	c := newBrowser(t)
	c.do(t, chromedp.Navigate(link))
	c.waitResult(t)
	if got := c.text(t, "figures"); got != want {
		t.Errorf("the custom model's link shows different figures:\n got %q\nwant %q", got, want)
	}
	b.assertSameOrigin(t, s.URL)
}

// startupLog is issue #16570's V0 profile on four A100 40GB (vLLM 0.8.3),
// with its engine line.
const startupLog = `(VllmWorkerProcess pid=126555) INFO 04-15 00:05:58 [worker.py:267] the current vLLM instance can use total_gpu_memory (39.38GiB) x gpu_memory_utilization (0.95) = 37.41GiB
(VllmWorkerProcess pid=126555) INFO 04-15 00:05:58 [worker.py:267] model weights take 34.43GiB; non_torch_memory takes 0.34GiB; PyTorch activation peak memory takes 2.51GiB; the rest of the memory reserved for KV Cache is 0.13GiB.
INFO 04-15 00:05:30 [llm_engine.py:243] Initializing a V0 LLM engine (v0.8.3) with config: model='Qwen/Qwen2.5-VL-72B-Instruct', max_seq_len=8192, tensor_parallel_size=4, pipeline_parallel_size=1, enforce_eager=False`

// TestPasteFiles brings files instead of text: a model folder's config.json
// and preprocessor_config.json chosen with the file button, and the seed's
// command dropped on the panel as a script. Either way the text lands in
// the paste box and is read as if pasted, and the page stays where it is.
func TestPasteFiles(t *testing.T) {
	config, err := filepath.Abs("../../calc/hfconfig/testdata/qwen2.5-vl-7b.config.json")
	if err != nil {
		t.Fatal(err)
	}
	processor, _ := filepath.Abs("../../calc/hfconfig/testdata/qwen2-vl.preprocessor_config.json")
	seed, err := os.ReadFile("../../calc/cmdline/testdata/seed-command.sh")
	if err != nil {
		t.Fatal(err)
	}
	s := serveDist(t, nil)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix))
	b.waitResult(t)
	b.waitWasm(t)
	b.eval(t, `(() => { document.getElementById('paste').open = true; return "" })()`)

	waitFor := func(what, js string) {
		t.Helper()
		if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}

	b.do(t, chromedp.SetUploadFiles(chromedp.ID("paste-file"), []string{config, processor}))
	waitFor("the chosen files are not read", `(document.getElementById('paste-files-read')||{}).textContent?.includes('preprocessor_config.json') === true`)
	res := b.text(t, "paste-result")
	if !strings.Contains(res, "qwen2_5_vl") || !strings.Contains(res, "max_pixels") {
		t.Errorf("the chosen config and processor are not both read:\n%s", res)
	}

	// dispatchEvent returns false when a handler cancelled the event: the
	// browser would otherwise open the dropped file in place of the page.
	cancelled := b.eval(t, `(() => { const dt = new DataTransfer();
		dt.items.add(new File([`+jsString(string(seed))+`], "serve.sh", {type: "text/plain"}));
		const panel = document.getElementById('paste');
		const over = !panel.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
		const drop = !panel.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
		return over + " " + drop })()`)
	if cancelled != "true true" {
		t.Errorf("dragover and drop cancelled: %s, want true true (else the browser opens the file)", cancelled)
	}
	waitFor("the dropped script is not read", `(document.getElementById('paste-files-read')||{}).textContent?.includes('serve.sh') === true`)
	if res := b.text(t, "paste-result"); !strings.Contains(res, "2073600") {
		t.Errorf("the dropped seed command is not read as a command:\n%s", res)
	}
	if got := b.eval(t, `document.getElementById('paste-input').value`); got != string(seed) {
		t.Errorf("the paste box does not show the dropped file:\n%q", got)
	}
	b.assertSameOrigin(t, s.URL)
}
