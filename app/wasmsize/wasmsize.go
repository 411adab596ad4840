// Package wasmsize explains what takes space in a WebAssembly binary: bytes
// per section and, from the "name" section of an unstripped Go build, code
// bytes per Go package. make bench prints it beside the size table.
package wasmsize

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Report is the breakdown of one binary.
type Report struct {
	Total    int
	Sections map[string]int // section name ("code", "data", "custom:name", ...) -> bytes
	Code     int            // code section bytes
	Packages map[string]int // Go package -> bytes of its function bodies; nil without a name section
	Funcs    map[string]int // function -> bytes of its body; nil without a name section
}

var sectionNames = []string{"custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"}

// reader walks the binary; every read is bounds-checked.
type reader struct {
	b   []byte
	pos int
}

var errTruncated = errors.New("wasm: truncated")

func (r *reader) byte() (byte, error) {
	if r.pos >= len(r.b) {
		return 0, errTruncated
	}
	c := r.b[r.pos]
	r.pos++
	return c, nil
}

// uleb reads an unsigned LEB128 number (at most 32 bits, as sizes are).
func (r *reader) uleb() (int, error) {
	var v uint64
	for shift := 0; shift < 35; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			if v > 1<<31 {
				return 0, errors.New("wasm: size out of range")
			}
			return int(v), nil
		}
	}
	return 0, errors.New("wasm: LEB128 too long")
}

func (r *reader) bytes(n int) ([]byte, error) {
	if n < 0 || r.pos+n > len(r.b) {
		return nil, errTruncated
	}
	s := r.b[r.pos : r.pos+n]
	r.pos += n
	return s, nil
}

func (r *reader) name() (string, error) {
	n, err := r.uleb()
	if err != nil {
		return "", err
	}
	s, err := r.bytes(n)
	return string(s), err
}

// Parse reads a wasm binary.
func Parse(b []byte) (Report, error) {
	rep := Report{Total: len(b), Sections: map[string]int{}}
	if len(b) < 8 || string(b[:4]) != "\x00asm" {
		return rep, errors.New("wasm: not a WebAssembly binary")
	}
	r := &reader{b: b, pos: 8}
	var imports int
	var bodies []int
	names := map[int]string{}
	for r.pos < len(b) {
		id, err := r.byte()
		if err != nil {
			return rep, err
		}
		size, err := r.uleb()
		if err != nil {
			return rep, err
		}
		body, err := r.bytes(size)
		if err != nil {
			return rep, err
		}
		name := fmt.Sprintf("unknown(%d)", id)
		if int(id) < len(sectionNames) {
			name = sectionNames[id]
		}
		s := &reader{b: body}
		switch name {
		case "custom":
			cn, err := s.name()
			if err != nil {
				return rep, err
			}
			name = "custom:" + cn
			if cn == "name" {
				if err := functionNames(s, names); err != nil {
					return rep, err
				}
			}
		case "import":
			if imports, err = countFuncImports(s); err != nil {
				return rep, err
			}
		case "code":
			rep.Code = size
			if bodies, err = bodySizes(s); err != nil {
				return rep, err
			}
		}
		rep.Sections[name] += size
	}
	if len(names) > 0 {
		rep.Packages, rep.Funcs = map[string]int{}, map[string]int{}
		for i, n := range bodies {
			rep.Packages[Package(names[imports+i])] += n
			rep.Funcs[names[imports+i]] += n
		}
	}
	return rep, nil
}

// countFuncImports counts imported functions: they come first in the
// function index space, before the code section's bodies.
func countFuncImports(s *reader) (int, error) {
	n, err := s.uleb()
	if err != nil {
		return 0, err
	}
	funcs := 0
	for i := 0; i < n; i++ {
		if _, err := s.name(); err != nil {
			return 0, err
		}
		if _, err := s.name(); err != nil {
			return 0, err
		}
		kind, err := s.byte()
		if err != nil {
			return 0, err
		}
		switch kind {
		case 0: // func: type index
			funcs++
			_, err = s.uleb()
		case 1: // table: elem type, limits
			if _, err = s.byte(); err == nil {
				err = limits(s)
			}
		case 2: // memory: limits
			err = limits(s)
		case 3: // global: value type, mutability
			_, err = s.bytes(2)
		default:
			err = fmt.Errorf("wasm: import kind %d", kind)
		}
		if err != nil {
			return 0, err
		}
	}
	return funcs, nil
}

func limits(s *reader) error {
	flag, err := s.byte()
	if err != nil {
		return err
	}
	if _, err = s.uleb(); err == nil && flag&1 == 1 {
		_, err = s.uleb()
	}
	return err
}

func bodySizes(s *reader) ([]int, error) {
	n, err := s.uleb()
	if err != nil {
		return nil, err
	}
	out := make([]int, 0, min(n, len(s.b)))
	for i := 0; i < n; i++ {
		start := s.pos
		size, err := s.uleb()
		if err != nil {
			return nil, err
		}
		if _, err := s.bytes(size); err != nil {
			return nil, err
		}
		out = append(out, s.pos-start)
	}
	return out, nil
}

// functionNames reads subsection 1 of the name section: index -> name.
func functionNames(s *reader, names map[int]string) error {
	for s.pos < len(s.b) {
		id, err := s.byte()
		if err != nil {
			return err
		}
		size, err := s.uleb()
		if err != nil {
			return err
		}
		sub, err := s.bytes(size)
		if err != nil {
			return err
		}
		if id != 1 {
			continue
		}
		ss := &reader{b: sub}
		n, err := ss.uleb()
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			idx, err := ss.uleb()
			if err != nil {
				return err
			}
			name, err := ss.name()
			if err != nil {
				return err
			}
			names[idx] = name
		}
	}
	return nil
}

// Package is the Go package of a function name as the Go linker writes it.
// Go 1.26 writes the path with "/" and "." turned into "_" except the
// first element's dot: "github.com_goccy_go_json_internal_encoder.(*T).M",
// "vram_calc.Compute", "runtime.mallocgc". Older linkers kept the path:
// "vram/calc.Compute". Names without a package ("type:.eq.T") give their
// prefix.
func Package(fn string) string {
	if i := strings.IndexByte(fn, ':'); i > 0 && !strings.Contains(fn[:i], ".") {
		return fn[:i] + ":"
	}
	if slash := strings.LastIndexByte(fn, '/'); slash >= 0 {
		if dot := strings.IndexByte(fn[slash+1:], '.'); dot >= 0 {
			return fn[:slash+1+dot]
		}
		return fn
	}
	dot := strings.IndexByte(fn, '.')
	if dot < 0 {
		return fn
	}
	// A domain first element ("github.com_..."): the package ends at the
	// next dot.
	rest := fn[dot+1:]
	if u := strings.IndexByte(rest, '_'); u > 0 && u <= 6 && isLower(rest[:u]) && !strings.Contains(fn[:dot], "_") {
		if next := strings.IndexByte(rest, '.'); next > u {
			return fn[:dot+1+next]
		}
	}
	return fn[:dot]
}

func isLower(s string) bool {
	for _, c := range s {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// Group rolls a package up to what a reader decides on: the standard
// library and runtime, go-app, goccy/go-json, each of this module's
// packages, or another module.
func Group(pkg string) string {
	first, _, _ := strings.Cut(pkg, "/")
	switch {
	case strings.HasPrefix(pkg, "github.com/maxence-charriere/go-app"), strings.HasPrefix(pkg, "github.com_maxence_charriere_go_app"):
		return "go-app"
	case strings.HasPrefix(pkg, "github.com/goccy/go-json"), strings.HasPrefix(pkg, "github.com_goccy_go_json"):
		return "goccy/go-json"
	case strings.HasPrefix(pkg, "vram/"), strings.HasPrefix(pkg, "vram_"), pkg == "vram", pkg == "main":
		return strings.ReplaceAll(pkg, "_", "/")
	case strings.HasSuffix(pkg, ":"):
		return "runtime+std"
	case !strings.Contains(first, "."):
		return "runtime+std"
	}
	return pkg
}

// Entry is one row of a ranking.
type Entry struct {
	Name  string
	Bytes int
}

// Top ranks m by bytes, largest first, keeping n rows (all when n <= 0).
func Top(m map[string]int, n int) []Entry {
	out := make([]Entry, 0, len(m))
	for k, v := range m {
		out = append(out, Entry{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Bytes != out[j].Bytes {
			return out[i].Bytes > out[j].Bytes
		}
		return out[i].Name < out[j].Name
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Groups sums the packages by Group.
func (r Report) Groups() map[string]int {
	g := map[string]int{}
	for p, n := range r.Packages {
		g[Group(p)] += n
	}
	return g
}
