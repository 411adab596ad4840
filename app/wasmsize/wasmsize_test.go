package wasmsize

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

func leb(n int) []byte {
	var out []byte
	for {
		c := byte(n & 0x7f)
		n >>= 7
		if n != 0 {
			c |= 0x80
		}
		out = append(out, c)
		if n == 0 {
			return out
		}
	}
}

func section(id byte, body []byte) []byte {
	return append(append([]byte{id}, leb(len(body))...), body...)
}

func str(s string) []byte { return append(leb(len(s)), s...) }

// tiny is a module with one imported function and two bodies (3 and 5
// bytes with their size prefix) named vram/calc.A and runtime.b.
func tiny() []byte {
	b := []byte("\x00asm\x01\x00\x00\x00")
	imp := append(leb(1), str("go")...)
	imp = append(imp, str("debug")...)
	imp = append(imp, 0, 0) // func, type 0
	b = append(b, section(2, imp)...)
	code := append(leb(2), append(leb(2), 0, 0x0b)...)
	code = append(code, append(leb(4), 0, 1, 2, 0x0b)...)
	b = append(b, section(10, code)...)
	names := leb(3)
	for i, n := range []string{"go.debug", "vram/calc.A", "runtime.b"} {
		names = append(names, leb(i)...)
		names = append(names, str(n)...)
	}
	custom := append(str("name"), append([]byte{1}, append(leb(len(names)), names...)...)...)
	return append(b, section(0, custom)...)
}

func TestParseTiny(t *testing.T) {
	r, err := Parse(tiny())
	if err != nil {
		t.Fatal(err)
	}
	if r.Packages["vram/calc"] != 3 || r.Packages["runtime"] != 5 || len(r.Packages) != 2 {
		t.Errorf("packages %v", r.Packages)
	}
	if r.Sections["code"] != r.Code || r.Sections["import"] == 0 || r.Sections["custom:name"] == 0 {
		t.Errorf("sections %v", r.Sections)
	}
	if g := r.Groups(); g["vram/calc"] != 3 || g["runtime+std"] != 5 {
		t.Errorf("groups %v", g)
	}
	if g := Group("github.com_goccy_go_json_internal_encoder"); g != "goccy/go-json" {
		t.Errorf("group %q", g)
	}
	if g := Group("vram_calc_cmdline"); g != "vram/calc/cmdline" {
		t.Errorf("groups %v", g)
	}
}

func TestPackage(t *testing.T) {
	for fn, want := range map[string]string{
		"vram/calc.Compute": "vram/calc",
		"github.com/goccy/go-json/internal/encoder.(*Foo).Bar": "github.com/goccy/go-json/internal/encoder",
		"runtime.mallocgc":                 "runtime",
		"type:.eq.[2]interface {}":         "type:",
		"internal/runtime/maps.(*Map).Get": "internal/runtime/maps",
		"main.main":                        "main",
		"vram/app/ui.(*Page).Render.func1": "vram/app/ui",
		"github.com_goccy_go_json_internal_decoder.__arrayDecoder_.Decode":   "github.com_goccy_go_json_internal_decoder",
		"github.com_maxence_charriere_go_app_v10_pkg_app.__text_.parent":     "github.com_maxence_charriere_go_app_v10_pkg_app",
		"internal_sync.__HashTrieMap_go.shape._internal_abi.Type_go.shape.x": "internal_sync",
		"vram_app_ui.__Page_.commit":                                         "vram_app_ui",
		"slices.pdqsortCmpFunc_go.shape.int":                                 "slices",
		"encoding_json.appendString_go.shape.string":                         "encoding_json",
	} {
		if got := Package(fn); got != want {
			t.Errorf("Package(%q) = %q, want %q", fn, got, want)
		}
	}
}

func TestRejects(t *testing.T) {
	full := tiny()
	for n := 0; n < len(full); n++ {
		if _, err := Parse(full[:n]); err == nil && n < 8 {
			t.Errorf("a %d-byte prefix parsed", n)
		}
	}
}

// TestRealBuild breaks down a real (small) Go wasm build, names kept.
func TestRealBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a wasm binary")
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hi\") }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "hi.wasm")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", out, src)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=-mod=mod")
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot build wasm here: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, n := range r.Packages {
		sum += n
	}
	if r.Packages["fmt"] == 0 || r.Packages["runtime"] == 0 || sum > r.Code || sum < r.Code*9/10 {
		t.Errorf("code %d, attributed %d, fmt %d, runtime %d", r.Code, sum, r.Packages["fmt"], r.Packages["runtime"])
	}
}

func FuzzParse(f *testing.F) {
	f.Add(tiny())
	f.Add([]byte("\x00asm\x01\x00\x00\x00\x00\xff\xff\xff\xff\x0f"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := Parse(b)
		if err != nil {
			return
		}
		sum := 0
		for _, n := range r.Sections {
			sum += n
		}
		if sum > len(b) {
			t.Fatalf("sections add up to %d of %d bytes", sum, len(b))
		}
	})
}
