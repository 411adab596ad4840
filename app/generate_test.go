//go:build !wasm

package main

import "testing"

func TestWithoutDomainlessMeta(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<meta property="og:url" content="https:///."><meta property="og:title" content="T">`,
			`<meta property="og:title" content="T">`},
		{`a<meta name="twitter:image" content="https:///./web/i.png">b`, `ab`},
		{`<meta property="og:image" content="https://example.com/i.png">`,
			`<meta property="og:image" content="https://example.com/i.png">`},
		{`<meta broken`, `<meta broken`},
		{``, ``},
	} {
		if got := withoutDomainlessMeta(c.in); got != c.want {
			t.Errorf("withoutDomainlessMeta(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
