//go:build !js

package e2e

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// cardLink is the card view with two Qwen3-VL-2B instances at u = 0.45 on
// a 910B4 under one release.
func cardLink(rel string) string {
	in := url.Values{"p": {"qwen3-vl-2b-910b4"}, "e": {rel}, "u": {"0.45"}, "len": {"8192"}}.Encode()
	return "?" + url.Values{"view": {"card"}, "d": {"ascend-910b4"}, "r": {"i:" + in, "i:" + in}}.Encode()
}

// The card view plays its residents in order under each one's release:
// two instances at 0.45 on a 910B4 both start under vllm-ascend 0.18.0rc1
// and the second does not under 0.11.0rc1 (calc's TestCardTwoInstances910B4
// derives why); the link carries the card, the embed shows it, and a
// scenario and a program are added from the page.
func TestCardView(t *testing.T) {
	s := serveDist(t, nil)
	b := newBrowser(t)
	wait := func(b *browser) {
		b.waitWasm(t)
		if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`!!document.getElementById('card-summary')`)); err != nil {
			t.Fatal(err)
		}
	}
	b.do(t, chromedp.Navigate(s.URL+prefix+cardLink("ascend-0.18.0rc1")))
	wait(b)
	if sum := b.text(t, "card-summary"); !strings.Contains(sum, "all 2 start") {
		t.Errorf("0.18: %q", sum)
	}
	b.do(t, chromedp.Navigate(s.URL+prefix+cardLink("ascend-0.11.0rc1")))
	wait(b)
	if sum := b.text(t, "card-summary"); !strings.Contains(sum, "number 2") || !strings.Contains(sum, "no memory left for the KV cache") {
		t.Errorf("0.11: %q", sum)
	}
	if steps := b.text(t, "card-steps"); !strings.Contains(steps, "No available memory for the cache blocks") {
		t.Errorf("the failing instance does not show vLLM's message:\n%s", steps)
	}
	// Embedded: the card without its forms.
	b.do(t, chromedp.Navigate(s.URL+prefix+cardLink("ascend-0.11.0rc1")+"&embed=1"))
	wait(b)
	if n := b.eval(t, `String(document.querySelectorAll('#card-add').length)`); n != "0" {
		t.Error("the embed shows the forms")
	}
	// From the calculator: add its scenario, then a program, and the
	// address holds both.
	b.do(t, chromedp.Navigate(s.URL+prefix+"?p=qwen3-vl-2b-910b4-shared-036"))
	b.waitResult(t)
	b.click(t, "add-to-card")
	wait(b)
	b.setField(t, "card-program", "8")
	b.click(t, "card-add-program")
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.querySelectorAll('#card-steps > li').length === 2`)); err != nil {
		t.Fatal("the program was not added")
	}
	addr := b.address(t)
	c := newBrowser(t)
	c.do(t, chromedp.Navigate(addr))
	wait(c)
	if got, want := c.text(t, "card-steps"), b.text(t, "card-steps"); got != want {
		t.Errorf("the card's link shows another card:\n got %q\nwant %q", got, want)
	}
	// Two pasted commands, a blank line apart, are two more instances.
	b.setField(t, "card-paste", "vllm serve Qwen/Qwen3-VL-2B-Instruct --gpu-memory-utilization 0.3 --max-model-len 8192\n\nvllm serve Qwen/Qwen2.5-VL-3B-Instruct --gpu-memory-utilization 0.2 --max-model-len 4096")
	b.click(t, "card-add-paste")
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.querySelectorAll('#card-steps > li').length === 4`)); err != nil {
		t.Fatalf("pasted commands not added: %s", b.text(t, "card-msg"))
	}
	b.assertSameOrigin(t, s.URL)
}
