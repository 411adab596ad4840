// Package i18n holds the interface's strings in English and Simplified
// Chinese, one table per language, and picks the language. vLLM's own
// messages and log lines are never translated: they are not in these tables.
package i18n

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"vram/calc"
)

// Lang is an interface language.
type Lang string

// Languages.
const (
	EN Lang = "en"
	ZH Lang = "zh"
)

var tables = map[Lang]map[string]string{EN: en, ZH: zh}

// Parse reads a language tag ("zh", "zh-CN", "zh-Hans", "en-US").
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "zh" || strings.HasPrefix(s, "zh-") || strings.HasPrefix(s, "zh_"):
		return ZH, true
	case s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_"):
		return EN, true
	}
	return "", false
}

// Detect picks the language: ?lang= wins, else the first browser language
// we support, else English.
func Detect(query string, navigatorLanguages []string) Lang {
	if l, ok := Parse(query); ok {
		return l
	}
	for _, n := range navigatorLanguages {
		if l, ok := Parse(n); ok {
			return l
		}
	}
	return EN
}

// T returns the text of key; a missing key returns the key (tests forbid it).
func T(l Lang, key string) string {
	if s, ok := tables[l][key]; ok {
		return s
	}
	if s, ok := en[key]; ok {
		return s
	}
	return key
}

// F is T with {name} placeholders replaced from vars.
func F(l Lang, key string, vars map[string]string) string {
	s := T(l, key)
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// Keys returns every key of the English table, sorted.
func Keys() []string {
	out := make([]string, 0, len(en))
	for k := range en {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// FormatGiB formats GiB the same way in both languages: "12.34 GiB".
func FormatGiB(b float64) string { return strconv.FormatFloat(b, 'f', 2, 64) + " GiB" }

// Detail is a paste finding's detail (or a parser's refusal) in l: the
// translation of format filled with args, or english where there is none.
// A refusal such as "cannot size this model: hidden_size" is translated by
// its part up to ": ", the rest (field names) kept.
func Detail(l Lang, format string, args []any, english string) string {
	if l != ZH {
		return english
	}
	if zh, ok := zhDetails[format]; ok {
		if len(args) == 0 {
			return zh
		}
		// A string argument that is itself a translated detail (a
		// refusal's reason) is translated too.
		tr := make([]any, len(args))
		for i, a := range args {
			tr[i] = a
			if s, ok := a.(string); ok {
				if z, ok := zhDetails[s]; ok {
					tr[i] = z
				}
			}
		}
		return fmt.Sprintf(zh, tr...)
	}
	if len(args) == 0 {
		if i := strings.Index(english, ": "); i > 0 {
			if zh, ok := zhDetails[english[:i+2]]; ok {
				return zh + english[i+2:]
			}
		}
	}
	return english
}

// pairs builds a table from key, value pairs: a string slice literal is
// static data in the binary, where a map literal compiles to code that
// inserts every entry (48 KB of wasm for these tables).
func pairs(kv []string) map[string]string {
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// add merges a part's tables into the page's.
func add(enPart, zhPart map[string]string) {
	for k, v := range enPart {
		en[k] = v
	}
	for k, v := range zhPart {
		zh[k] = v
	}
}

// Source words a catalog source line in l: its kind ("logged:",
// "assumption:", …) translated, the quotes and addresses as they are.
func Source(l Lang, s string) string {
	if l != ZH {
		return s
	}
	for _, k := range []string{"logged (family)", "logged", "assumption", "proxy"} {
		if rest, ok := strings.CutPrefix(s, k+":"); ok {
			return T(l, "source."+strings.Fields(k)[0]+map[bool]string{true: "-family", false: ""}[strings.Contains(k, "family")]) + "：" + strings.TrimSpace(rest)
		}
	}
	return s
}

// Err is an error's text in l: a calc.Refusal's format translated and
// filled, any other error (vLLM's own words) as it is.
func Err(l Lang, err error) string {
	if err == nil {
		return ""
	}
	// A type assertion, not errors.As: calc returns its refusals unwrapped,
	// and errors.As's reflection costs the wasm 11 KB (gzip).
	if r, ok := err.(calc.Refusal); ok {
		return Detail(l, r.Format, r.Args, err.Error())
	}
	return err.Error()
}
