package i18n

import (
	"regexp"
	"sort"
	"strings"
	"testing"
)

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

func placeholders(s string) string {
	p := placeholder.FindAllString(s, -1)
	sort.Strings(p)
	return strings.Join(p, ",")
}

// Every key exists in both tables, no text is empty, and both languages use
// the same placeholders.
func TestTablesComplete(t *testing.T) {
	for l, tab := range tables {
		for k, v := range tab {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s: %s is empty", l, k)
			}
		}
	}
	for k, v := range en {
		z, ok := zh[k]
		if !ok {
			t.Errorf("zh lacks %s", k)
			continue
		}
		if placeholders(v) != placeholders(z) {
			t.Errorf("%s: placeholders differ: en %q, zh %q", k, placeholders(v), placeholders(z))
		}
	}
	for k := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("en lacks %s", k)
		}
	}
}

func TestDetect(t *testing.T) {
	cases := []struct {
		query string
		nav   []string
		want  Lang
	}{
		{"", nil, EN},
		{"zh", []string{"en-US"}, ZH},
		{"en", []string{"zh-CN"}, EN},
		{"", []string{"zh-CN", "en"}, ZH},
		{"", []string{"fr-FR", "zh-Hans"}, ZH},
		{"", []string{"fr-FR"}, EN},
		{"xx", []string{"zh_TW"}, ZH},
	}
	for _, c := range cases {
		if got := Detect(c.query, c.nav); got != c.want {
			t.Errorf("Detect(%q, %v) = %s, want %s", c.query, c.nav, got, c.want)
		}
	}
}

func TestF(t *testing.T) {
	got := F(ZH, "ui.origin_default", map[string]string{"value": "0.9", "engine": "vllm-ascend 0.11"})
	if strings.Contains(got, "{") || !strings.Contains(got, "0.9") || !strings.Contains(got, "vllm-ascend 0.11") {
		t.Errorf("F left placeholders or dropped values: %q", got)
	}
	if T(EN, "no.such.key") != "no.such.key" {
		t.Error("missing key must come back as itself")
	}
	if FormatGiB(12.345) != "12.35 GiB" && FormatGiB(12.345) != "12.34 GiB" {
		t.Errorf("FormatGiB: %s", FormatGiB(12.345))
	}
}

func TestDetail(t *testing.T) {
	for _, c := range []struct {
		lang            Lang
		format, english string
		args            []any
		want            string
	}{
		{EN, "the catalog's %s", "the catalog's a100-40gb", []any{"a100-40gb"}, "the catalog's a100-40gb"},
		{ZH, "the catalog's %s", "the catalog's a100-40gb", []any{"a100-40gb"}, "目录中的 a100-40gb"},
		{ZH, "expected 0 or 1", "expected 0 or 1", nil, "应为 0 或 1"},
		// A refusal translated by its prefix; the field names are kept.
		{ZH, "cannot size this model: hidden_size", "cannot size this model: hidden_size", nil, "无法估算此模型：hidden_size"},
		// vLLM's words have no entry and stay English.
		{ZH, "GPU memory utilization must be less than 1.0. Got 1.2.", "GPU memory utilization must be less than 1.0. Got 1.2.", nil,
			"GPU memory utilization must be less than 1.0. Got 1.2."},
		{ZH, "%s", "vLLM 0.8.0 – 0.8.3 (V1)", []any{"vLLM 0.8.0 – 0.8.3 (V1)"}, "vLLM 0.8.0 – 0.8.3 (V1)"},
	} {
		if got := Detail(c.lang, c.format, c.args, c.english); got != c.want {
			t.Errorf("Detail(%s, %q) = %q, want %q", c.lang, c.format, got, c.want)
		}
	}
}

// A device's source line reads in Chinese by its kind; the quote stays.
func TestSource(t *testing.T) {
	if got := Source(ZH, "logged: vLLM 'total memory: 31662800896'"); got != "日志记录：vLLM 'total memory: 31662800896'" {
		t.Errorf("%q", got)
	}
	if got := Source(EN, "assumption: x"); got != "assumption: x" {
		t.Errorf("%q", got)
	}
}
