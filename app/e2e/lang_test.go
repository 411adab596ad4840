//go:build !js

package e2e

import (
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/chromedp/chromedp"
)

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// The page in each language; the switch changes it at once and the choice
// travels in the address. vLLM's own messages stay in English, also inside
// the paste box's findings.
func TestLanguages(t *testing.T) {
	seed, err := os.ReadFile("../../calc/cmdline/testdata/seed-command.sh")
	if err != nil {
		t.Fatal(err)
	}
	s := serveDist(t, nil)
	b := newBrowser(t)
	b.do(t, chromedp.Navigate(s.URL+prefix+"?p=qwen3-vl-2b-910b4-shared-036&lang=zh"))
	b.waitResult(t)
	if h := b.text(t, "verdict"); !hasHan(h) {
		t.Errorf("?lang=zh verdict has no Chinese: %q", h)
	}
	if msg := b.text(t, "vllm-message"); hasHan(msg) || !strings.Contains(msg, "No available memory") {
		t.Errorf("vLLM's message must stay as vLLM prints it: %q", msg)
	}
	figures := b.text(t, "kv-tokens")
	b.eval(t, `(() => { document.getElementById('paste').open = true; return "" })()`)
	b.setField(t, "paste-input", string(seed))
	if res := b.text(t, "paste-result"); !strings.Contains(res, "(not valid JSON)；是不是想写 '{\"max_pixels\": 2073600}'？") ||
		!strings.Contains(res, "只选择用哪些卡") {
		t.Errorf("the findings are not in Chinese (with vLLM's words kept):\n%s", res)
	}
	b.click(t, "lang-en")
	if res := b.text(t, "paste-result"); hasHan(res) || !strings.Contains(res, "; did you mean '{\"max_pixels\": 2073600}'?") {
		t.Errorf("after switching to English the findings read:\n%s", res)
	}
	if h := b.text(t, "verdict"); hasHan(h) {
		t.Errorf("after switching to English the verdict is %q", h)
	}
	if a := b.address(t); !strings.Contains(a, "lang=en") {
		t.Errorf("chosen language not in the address: %s", a)
	}
	if got := b.text(t, "kv-tokens"); digits(got) != digits(figures) {
		t.Errorf("numbers format differently by language: %q vs %q", got, figures)
	}
}

// digits keeps the numbers of s (digits, separators, decimal points), so
// the two languages' wording can differ while the figures must not.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if (r >= '0' && r <= '9') || r == ',' || r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteRune(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
