package calc_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The repository's size rules (DEVELOPERS.md "Style to follow"): no Go
// file over 500 lines, no function over 100.
func TestCodeSizes(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name != ".." && (strings.HasPrefix(name, ".") || name == "tmpdbg" || name == "dist" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if n := strings.Count(string(src), "\n"); n > 500 {
			t.Errorf("%s: %d lines, over 500", p, n)
		}
		f, err := parser.ParseFile(fset, p, src, 0)
		if err != nil {
			return nil // not ours to parse (build-tagged stubs parse fine; this is a guard, not a compiler)
		}
		for _, decl := range f.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok {
				if n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1; n > 100 {
					t.Errorf("%s: func %s is %d lines, over 100", p, fd.Name.Name, n)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
