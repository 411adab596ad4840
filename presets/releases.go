package presets

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	json "github.com/goccy/go-json"

	"vram/calc"
)

// The release table (releases.json): every release of vLLM and
// vllm-ascend the calculator knows, and per behaviour of calc.Engine the
// first release each value holds for, with its source. An Engine is built
// for one release by reading every behaviour at that release; nothing is
// keyed by a family any more.

//go:embed releases.json
var releasesJSON []byte

// Projects.
const (
	VLLM   = "vllm"
	Ascend = "vllm-ascend"
)

// Release is one published release.
type Release struct {
	Project    string `json:"project"`
	Version    string `json:"version"` // as the project tags it, without "v": "0.8.3", "0.13.0rc1"
	Date       string `json:"date"`    // YYYY-MM-DD; "" when not found
	DateSource string `json:"date_source"`
	VLLM       string `json:"vllm,omitempty"` // vllm-ascend: the vLLM release it targets
}

// ID is the release's link name: "vllm-0.8.3", "ascend-0.13.0rc1".
func (r Release) ID() string {
	if r.Project == Ascend {
		return "ascend-" + r.Version
	}
	return "vllm-" + r.Version
}

// Name is the release as people write it: "vLLM 0.8.3".
func (r Release) Name() string {
	if r.Project == Ascend {
		return "vllm-ascend " + r.Version
	}
	return "vLLM " + r.Version
}

// Behaviour is one row of the table: a calc.Engine field (by its JSON
// path) and, per project and engine core, its values by first release.
type Behaviour struct {
	Name   string                     `json:"name"` // e.g. "profile.item_count"
	About  string                     `json:"about"`
	Values map[string][]BehaviourFrom `json:"values"` // "vllm", "vllm/v1", "vllm-ascend/v0", ...
}

// BehaviourFrom is a value and the first release it holds for.
type BehaviourFrom struct {
	From       string          `json:"from"`
	Value      json.RawMessage `json:"value"`
	Source     string          `json:"source"`
	Confidence string          `json:"confidence"` // confirmed, nearest-confirmed, inferred
}

type releaseTable struct {
	Releases   []Release         `json:"releases"`
	Behaviours []Behaviour       `json:"behaviours"`
	Aliases    map[string]string `json:"aliases"` // old family ids of shared links -> release ids
}

var table = sync.OnceValues(func() (releaseTable, error) {
	var t releaseTable
	if err := decodeStrict("releases.json", releasesJSON, &t); err != nil {
		return t, err
	}
	slices.SortStableFunc(t.Releases, func(a, b Release) int {
		if a.Project != b.Project {
			return strings.Compare(a.Project, b.Project)
		}
		return compareVersions(a.Version, b.Version)
	})
	return t, nil
})

func mustTable() releaseTable {
	t, err := table()
	if err != nil {
		panic(err) // embedded data, proven by the tests
	}
	return t
}

// Releases returns every release, vLLM first, each project in version order.
func Releases() []Release { return slices.Clone(mustTable().Releases) }

// Behaviours returns the behaviour table.
func Behaviours() []Behaviour { return mustTable().Behaviours }

var (
	engineMu    sync.Mutex
	engineCache = map[string]calc.Engine{}
)

// EngineByID returns the engine of a release by its link name
// ("vllm-0.8.3"), or by the family id an older link used ("vllm-0.8.0").
func EngineByID(id string) (calc.Engine, bool) {
	t := mustTable()
	if to, ok := t.Aliases[id]; ok {
		id = to
	}
	for _, r := range t.Releases {
		if r.ID() == id {
			return engineFor(r)
		}
	}
	return calc.Engine{}, false
}

// Engines returns the engine of every release, in Releases order.
func Engines() []calc.Engine {
	var out []calc.Engine
	for _, r := range mustTable().Releases {
		if e, ok := engineFor(r); ok {
			out = append(out, e)
		}
	}
	return out
}

// EngineForVersion returns the engine of project ("vllm", "vllm-ascend")
// for version as a log or an image tag prints it ("0.8.3", "v0.9.1rc1",
// "0.29.1rc1.dev17+gd2d649e67"). A version the table does not list gets
// the latest listed release before it, and exact is false.
func EngineForVersion(project, version string) (e calc.Engine, exact, ok bool) {
	version = strings.TrimPrefix(strings.TrimSpace(version), "v")
	if _, ok := parseRelease(version); !ok {
		return calc.Engine{}, false, false
	}
	if base, _, pre := strings.Cut(version, "rc"); pre && project == VLLM {
		// vLLM's rc tags are cut on the way to the release they name and
		// carry its code (none is published as a release of its own):
		// "0.8.0rc3.dev5+g5eeabc2a" runs as 0.8.0.
		for _, r := range mustTable().Releases {
			if r.Project == project && r.Version == base {
				e, ok := engineFor(r)
				return e, false, ok
			}
		}
	}
	var best *Release
	for _, r := range mustTable().Releases {
		if r.Project != project || compareVersions(r.Version, version) > 0 {
			continue
		}
		r := r
		best = &r
	}
	if best == nil {
		return calc.Engine{}, false, false
	}
	e, ok = engineFor(*best)
	return e, best.Version == version, ok
}

// LatestEngine is the engine of the newest release for a platform:
// vllm-ascend's on Ascend, vLLM's otherwise.
func LatestEngine(p calc.Platform) calc.Engine {
	project := VLLM
	if p == calc.Ascend {
		project = Ascend
	}
	var e calc.Engine
	for _, r := range mustTable().Releases {
		if r.Project == project {
			e, _ = engineFor(r)
		}
	}
	return e
}

// engineFor builds (once) the engine of release r: its default core with
// the other core as Alt where VLLM_USE_V1 can select it.
func engineFor(r Release) (calc.Engine, bool) {
	engineMu.Lock()
	defer engineMu.Unlock()
	if e, ok := engineCache[r.ID()]; ok {
		return e, true
	}
	e, err := buildEngine(mustTable(), r)
	if err != nil {
		return calc.Engine{}, false
	}
	engineCache[r.ID()] = e
	return e, true
}

func buildEngine(t releaseTable, r Release) (calc.Engine, error) {
	v1, err := valueAt[bool](t, r, "", "v1")
	if err != nil {
		return calc.Engine{}, err
	}
	alt, err := valueAt[bool](t, r, "", "alt_core")
	if err != nil {
		return calc.Engine{}, err
	}
	core, other := "v0", "v1"
	if v1 {
		core, other = "v1", "v0"
	}
	e, err := buildCore(t, r, core)
	if err != nil {
		return calc.Engine{}, err
	}
	if alt {
		a, err := buildCore(t, r, other)
		if err != nil {
			return calc.Engine{}, err
		}
		a.V1 = v1
		a.Name += " (" + strings.ToUpper(other) + " engine)"
		e.Alt = &a
	}
	e.Versions = sameBehaviour(t, r)
	if e.Alt != nil {
		e.Alt.Versions = e.Versions
	}
	return e, nil
}

// buildCore reads every behaviour at release r for one core into an Engine.
func buildCore(t releaseTable, r Release, core string) (calc.Engine, error) {
	return buildCoreWith(t, r, core, nil)
}

// buildCoreWith is buildCore with some behaviours replaced by value (the
// tests change one behaviour at a time to see that it matters).
func buildCoreWith(t releaseTable, r Release, core string, over map[string]json.RawMessage) (calc.Engine, error) {
	tree := map[string]any{}
	sources, holds := map[string]string{}, map[string]string{}
	for _, b := range t.Behaviours {
		at, until, err := entryAt(t, b, r, core)
		if err != nil {
			return calc.Engine{}, err
		}
		holds[b.Name] = valueHolds(t, b, r, core)
		if v, ok := over[b.Name]; ok {
			at.Value = v
		}
		if b.Name != "alt_core" { // decides Alt, not a field of the core
			setPath(tree, b.Name, at.Value)
		}
		sources[b.Name] = fmt.Sprintf("%s (%s; holds for %s)", at.Source, at.Confidence, until)
	}
	raw, err := json.Marshal(tree)
	if err != nil {
		return calc.Engine{}, err
	}
	var e calc.Engine
	if err := decodeStrict("releases.json "+r.ID(), raw, &e); err != nil {
		return calc.Engine{}, err
	}
	e.ID, e.Name, e.Project, e.Version, e.Core = r.ID(), r.Name(), r.Project, r.Version, core
	e.Sources, e.Holds = sources, holds
	return e, nil
}

// entryIndex is behaviour b's list of values for r's project and core,
// and the index of the one in force at r (-1 before the first).
func entryIndex(b Behaviour, r Release, core string) ([]BehaviourFrom, int) {
	list, ok := b.Values[r.Project+"/"+core]
	if !ok {
		list = b.Values[r.Project]
	}
	i := -1
	for j, v := range list {
		if compareVersions(v.From, r.Version) <= 0 {
			i = j
		}
	}
	return list, i
}

// entryAt is behaviour b's value at release r for core, and the releases
// it holds for ("0.8.0 – 0.8.2", "0.21.0 –").
func entryAt(t releaseTable, b Behaviour, r Release, core string) (BehaviourFrom, string, error) {
	list, i := entryIndex(b, r, core)
	if i < 0 {
		return BehaviourFrom{}, "", fmt.Errorf("releases.json: %s has no value for %s (%s core)", b.Name, r.ID(), core)
	}
	last := ""
	if i+1 < len(list) {
		last = releaseBefore(t, r.Project, list[i+1].From)
	}
	return list[i], strings.TrimSpace(list[i].From + " – " + last), nil
}

// valueHolds is the run of releases over which behaviour b keeps the value
// it has at r, whatever entries (sources) the run is made of.
func valueHolds(t releaseTable, b Behaviour, r Release, core string) string {
	list, i := entryIndex(b, r, core)
	if i < 0 {
		return ""
	}
	lo, hi := i, i
	for lo > 0 && string(list[lo-1].Value) == string(list[i].Value) {
		lo--
	}
	for hi+1 < len(list) && string(list[hi+1].Value) == string(list[i].Value) {
		hi++
	}
	last := ""
	if hi+1 < len(list) {
		last = releaseBefore(t, r.Project, list[hi+1].From)
	}
	return strings.TrimSpace(list[lo].From + " – " + last)
}

func valueAt[T any](t releaseTable, r Release, core, name string) (T, error) {
	var v T
	for _, b := range t.Behaviours {
		if b.Name != name {
			continue
		}
		at, _, err := entryAt(t, b, r, core)
		if err != nil {
			return v, err
		}
		err = json.Unmarshal(at.Value, &v)
		return v, err
	}
	return v, fmt.Errorf("releases.json: no behaviour %q", name)
}

// releaseBefore is the last listed release of project before version.
func releaseBefore(t releaseTable, project, version string) string {
	prev := ""
	for _, r := range t.Releases {
		if r.Project == project && compareVersions(r.Version, version) < 0 {
			prev = r.Version
		}
	}
	return prev
}

// sameBehaviour is the run of neighbouring releases whose every behaviour
// (both cores) equals r's, as "first – last".
func sameBehaviour(t releaseTable, r Release) string {
	sig := func(x Release) string {
		var b strings.Builder
		for _, core := range []string{"v0", "v1"} {
			for _, bh := range t.Behaviours {
				at, _, err := entryAt(t, bh, x, core)
				if err == nil {
					b.Write(at.Value)
				}
				b.WriteByte(0)
			}
		}
		return b.String()
	}
	var same []Release
	for _, x := range t.Releases {
		if x.Project == r.Project {
			same = append(same, x)
		}
	}
	at := slices.IndexFunc(same, func(x Release) bool { return x.Version == r.Version })
	me := sig(r)
	lo, hi := at, at
	for lo > 0 && sig(same[lo-1]) == me {
		lo--
	}
	for hi+1 < len(same) && sig(same[hi+1]) == me {
		hi++
	}
	if lo == hi {
		return r.Version
	}
	return same[lo].Version + " – " + same[hi].Version
}

// setPath sets tree[a][b]… = v for the dotted path "a.b".
func setPath(tree map[string]any, path string, v json.RawMessage) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		sub, ok := tree[p].(map[string]any)
		if !ok {
			sub = map[string]any{}
			tree[p] = sub
		}
		tree = sub
	}
	tree[parts[len(parts)-1]] = v
}
