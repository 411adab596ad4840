package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"vram/calc/hfconfig"
)

// detailSources are the packages whose findings the paste box shows, and
// calc, whose refusals the fields show.
var detailSources = []string{"../../calc", "../../calc/cmdline", "../../calc/hfconfig", "../../calc/startlog", "../view"}

// stringLit is the value of a string literal expression.
func stringLit(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}

// detailFormats reads, from the Go source, every detail text a finding can
// carry: the literal detail of finding.List.Add, the format of Addf, the
// reasons passed to the def/bad helpers and the unmodelledWhy table. A
// detail built any other way (concatenation, Sprintf) is reported as bad:
// it could not be translated.
func detailFormats(t *testing.T) (formats map[string]string, literals map[string]bool, bad []string) {
	formats, literals = map[string]string{}, map[string]bool{}
	fset := token.NewFileSet()
	lit := stringLit
	for _, dir := range detailSources {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BasicLit:
					if s, ok := lit(n); ok {
						literals[s] = true
					}
				case *ast.ValueSpec:
					if len(n.Names) != 1 || n.Names[0].Name != "unmodelledWhy" || len(n.Values) != 1 {
						return true
					}
					table, ok := n.Values[0].(*ast.CompositeLit)
					if !ok {
						t.Fatalf("%s: unmodelledWhy is no longer a map literal", fset.Position(n.Pos()))
					}
					for _, el := range table.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							if s, ok := lit(kv.Value); ok {
								formats[s] = fset.Position(el.Pos()).String()
							}
						}
					}
				case *ast.CallExpr:
					pos := fset.Position(n.Pos()).String()
					if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "refuse" && len(n.Args) > 0 {
						// calc's own refusals (calc.Refusal).
						if s, ok := lit(n.Args[0]); ok {
							formats[s] = pos
						} else {
							bad = append(bad, pos)
						}
						return true
					}
					if id, ok := n.Fun.(*ast.Ident); ok && (id.Name == "def" || id.Name == "bad") && len(n.Args) > 0 {
						if s, ok := lit(n.Args[len(n.Args)-1]); ok {
							formats[s] = pos
						}
						return true
					}
					sel, ok := n.Fun.(*ast.SelectorExpr)
					if !ok || (sel.Sel.Name != "Add" && sel.Sel.Name != "Addf") || len(n.Args) < 4 {
						return true
					}
					if k, ok := n.Args[2].(*ast.SelectorExpr); !ok {
						return true
					} else if pkg, ok := k.X.(*ast.Ident); !ok || pkg.Name != "finding" {
						return true
					}
					d := n.Args[3]
					if s, ok := lit(d); ok {
						if s != "" && s != "%s" {
							formats[s] = pos
						}
						return true
					}
					if sel.Sel.Name == "Add" {
						// Allowed: a helper's parameter, the unmodelledWhy table,
						// and an error's own text (vLLM's or the parser's words).
						switch d := d.(type) {
						case *ast.Ident:
							if d.Name == "detail" || d.Name == "why" {
								return true
							}
						case *ast.IndexExpr:
							if id, ok := d.X.(*ast.Ident); ok && id.Name == "unmodelledWhy" {
								return true
							}
						case *ast.CallExpr:
							if s, ok := d.Fun.(*ast.SelectorExpr); ok && s.Sel.Name == "Error" {
								return true
							}
						}
					}
					bad = append(bad, pos)
				}
				return true
			})
		}
	}
	return formats, literals, bad
}

// TestDetailTranslations: every detail a finding can carry has a Chinese
// text with the same verbs, and every Chinese entry still has its English.
func TestDetailTranslations(t *testing.T) {
	formats, literals, bad := detailFormats(t)
	for _, pos := range bad {
		t.Errorf("%s: a finding's detail is built in place; use Add with fixed text or Addf with a format", pos)
	}
	if len(formats) < 40 {
		t.Fatalf("found only %d detail texts: is the scan still reading the parsers?", len(formats))
	}
	var missing []string
	for f, pos := range formats {
		if _, ok := zhDetails[f]; !ok {
			missing = append(missing, pos+": "+strconv.Quote(f))
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("no Chinese for %s", m)
	}
	for en, zh := range zhDetails {
		if !literals[en] {
			t.Errorf("zhDetails[%q]: no parser writes this text any more", en)
		}
		if verbs(en) != verbs(zh) {
			t.Errorf("zhDetails[%q] = %q: verbs %q, want %q", en, zh, verbs(zh), verbs(en))
		}
	}
}

// verbs lists a format's fmt verbs in order ("%s %d").
func verbs(f string) string {
	var out []string
	for i := 0; i < len(f)-1; i++ {
		if f[i] == '%' {
			out = append(out, f[i:i+2])
			i++
		}
	}
	return strings.Join(out, " ")
}

// Every reason calc/hfconfig gives for refusing a model type reads in
// Chinese, inside its refusal.
func TestRefusalReasonsTranslated(t *testing.T) {
	for _, why := range hfconfig.UnmodelledReasons() {
		if _, ok := zhDetails[why]; !ok {
			t.Errorf("no Chinese for refusal reason %q", why)
		}
	}
	got := Detail(ZH, "model_type %q: %s", []any{"nemotron_h", "hybrid Mamba layers are not modelled"}, "")
	if !strings.Contains(got, "Mamba") || !strings.Contains(got, "nemotron_h") || got == "model_type \"nemotron_h\": hybrid Mamba layers are not modelled" {
		t.Errorf("refusal reads %q", got)
	}
}
