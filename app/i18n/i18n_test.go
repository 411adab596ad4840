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
