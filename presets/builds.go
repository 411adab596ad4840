package presets

import (
	_ "embed"
	"sort"
	"strings"
	"sync"

	json "github.com/goccy/go-json"

	"vram/calc"
	"vram/calc/hfconfig"
)

// Build is a common quantized build of a catalog model: the suffix its
// publishers add to the base model's name ("-AWQ", "-GPTQ-Int4", "-FP8")
// and the quantization_config such builds publish. A build of a catalog
// model is a checkpoint of that model: the same dimensions, its linear
// weights stored as the block says (calc/README.md "Weights").
type Build struct {
	Name     string   `json:"name"`
	Suffixes []string `json:"suffixes"` // the first is the one shown
	// Owners limits the build to repositories of these publishers
	// ("gaunernst/…"); such a build comes before any owner's build of the
	// same suffix. Empty: any publisher.
	Owners     []string        `json:"owners,omitempty"`
	About      string          `json:"about"`
	Published  json.RawMessage `json:"published"` // the block as published
	TorchDtype string          `json:"torch_dtype,omitempty"`
	Source     string          `json:"source"`
	General    string          `json:"general"`    // how far one block stands for the builds
	Confidence string          `json:"confidence"` // confirmed, derived or assumed

	quant *calc.Quantization // Published, as calc/hfconfig reads it
}

//go:embed builds.json
var buildsJSON []byte

var builds = sync.OnceValues(func() ([]Build, error) {
	var bs []Build
	if err := decodeStrict("builds.json", buildsJSON, &bs); err != nil {
		return nil, err
	}
	for i := range bs {
		q, _, err := hfconfig.ReadQuantization(bs[i].Published)
		if err != nil {
			return nil, err
		}
		bs[i].quant = q
	}
	return bs, nil
})

// Builds returns the quantized builds the catalog knows.
func Builds() []Build {
	bs, err := builds()
	if err != nil {
		panic(err) // embedded data, proven by the tests
	}
	return bs
}

// Quantization is the build's quantization_config as calc reads it.
func (b Build) Quantization() calc.Quantization { return *b.quant }

// splitBuild splits a model name into its base and the build its suffix
// names, trying the longest suffix first ("-unsloth-bnb-4bit" before
// "-bnb-4bit"), a publisher's own build before the general one of the same
// suffix, in any case.
func splitBuild(name string) (base string, b Build, ok bool) {
	type cand struct {
		suffix string
		b      Build
	}
	var cs []cand
	for _, b := range Builds() {
		for _, s := range b.Suffixes {
			cs = append(cs, cand{s, b})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if li, lj := len(cs[i].suffix), len(cs[j].suffix); li != lj {
			return li > lj // "-GPTQ-Int4" before Qwen's bare "-Int4"
		}
		return len(cs[i].b.Owners) > 0 && len(cs[j].b.Owners) == 0 // a publisher's own build first
	})
	low := strings.ToLower(name)
	for _, c := range cs {
		if s := strings.ToLower(c.suffix); strings.HasSuffix(low, s) && len(low) > len(s) && c.b.publishes(low) {
			return name[:len(name)-len(s)], c.b, true
		}
	}
	return "", Build{}, false
}

// publishes reports whether the lower-case repository name low is one of
// the build's publishers'.
func (b Build) publishes(low string) bool {
	if len(b.Owners) == 0 {
		return true
	}
	for _, o := range b.Owners {
		if strings.HasPrefix(low, strings.ToLower(o)+"/") {
			return true
		}
	}
	return false
}

// asBuild is base as the build b, named id: the base's dimensions with the
// build's quantization, and both sources.
func asBuild(base ModelEntry, b Build, id string) ModelEntry {
	q := b.Quantization()
	m := base
	m.Model.ID = id
	m.Model.Quant = &q
	if b.TorchDtype != "" {
		m.Model.Dtype = b.TorchDtype
	}
	m.Name = base.Name + b.Suffixes[0]
	m.Published = nil // the published count is the base checkpoint's
	m.Source = append(append([]string{}, base.Source...), "quantized build ("+b.Name+", "+b.Confidence+"): "+b.Source)
	m.Notes = "a " + b.About + " build of " + base.ID + ": " + b.General
	return m
}

// buildOf finds name as a build of a catalog model that is not quantized
// itself, with match finding the base.
func buildOf(name string, match func(string) (ModelEntry, bool)) (ModelEntry, bool) {
	base, b, ok := splitBuild(name)
	if !ok {
		return ModelEntry{}, false
	}
	m, ok := match(base)
	if !ok || m.Quant != nil {
		return ModelEntry{}, false
	}
	if m.Text.LinearAttention != nil {
		// Which of a gated DeltaNet model's projections a quantized build
		// keeps in 16 bits is not known (a modelslim W8A8 Qwen3.6-35B-A3B
		// logs 18.80 GiB a rank at TP 2 where every linear in int8 gives
		// 17.19): such a build is not guessed.
		return ModelEntry{}, false
	}
	return asBuild(m, b, name), true
}
