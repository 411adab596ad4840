package presets

import (
	_ "embed"
	"fmt"
	"sync"

	json "github.com/goccy/go-json"

	"vram/calc"
)

// DefaultPreset is the page's default scenario.
const DefaultPreset = "qwen3-vl-2b-910b4"

// Preset is a named, complete scenario with the story it tells. Its story
// and notes are templates filled from the estimate (calc.Figures), so the
// words cannot drift from the numbers.
type Preset struct {
	Name              string            `json:"name"` // link name: ?p=NAME
	Title             map[string]string `json:"title"`
	Story             map[string]string `json:"story"` // template: {figure} names from calc.Figures
	Model             string            `json:"model"`
	Device            string            `json:"device"`
	Engine            string            `json:"engine"`
	DeviceCount       int               `json:"device_count,omitempty"`
	TensorParallel    int               `json:"tensor_parallel_size,omitempty"`
	PipelineParallel  int               `json:"pipeline_parallel_size,omitempty"`
	Options           calc.Options      `json:"options"`
	OtherProcessesGiB float64           `json:"other_processes_gib,omitempty"` // memory other programs hold per device
	// OthersFrom derives what other programs hold from a footprint a report
	// observed (see calc.OthersForFootprint), instead of a typed amount.
	OthersFrom *Observed `json:"others_from_footprint,omitempty"`
	Notes      []Note    `json:"notes,omitempty"`
	Expect     Expect    `json:"expect"`
	Source     []string  `json:"source"`
}

// Observed is what a report saw of the vLLM process: its footprint in
// nvidia-smi / npu-smi under a release.
type Observed struct {
	FootprintGiB float64      `json:"footprint_gib"`
	Engine       string       `json:"engine"`  // the release the report ran
	Options      calc.Options `json:"options"` // the launch the report observed
	Source       string       `json:"source"`
}

// Note is one variant of the preset the page evaluates beside it: a claim
// of a report (with what the reporter saw) or an assumption with its
// consequence. Text is a template: {name} from the preset's figures,
// {v.name} from the variant's.
type Note struct {
	Text   map[string]string `json:"text"`
	Claim  bool              `json:"claim,omitempty"`  // Text quotes or retells a report
	Expect string            `json:"expect,omitempty"` // "starts" or "fails": what the report saw
	// Reproduced is the preset's expectation: whether the calculator
	// shows what the report saw (tested; the page computes it).
	Reproduced *bool        `json:"reproduced,omitempty"`
	Engine     string       `json:"engine,omitempty"`
	Device     string       `json:"device,omitempty"`
	Model      string       `json:"model,omitempty"`
	TP         int          `json:"tensor_parallel_size,omitempty"`
	Options    calc.Options `json:"options"`
	Unset      []string     `json:"unset,omitempty"` // options to reset to their default, by JSON name
	Source     string       `json:"source,omitempty"`
}

// Expect is what the story says the calculator shows: a test holds the
// estimate to it.
type Expect struct {
	Starts bool   `json:"starts"`
	Gate   string `json:"gate,omitempty"` // the failing gate when it does not start
}

//go:embed scenarios.json
var scenariosJSON []byte

var presets = sync.OnceValues(func() ([]Preset, error) {
	var p []Preset
	err := decodeStrict("scenarios.json", scenariosJSON, &p)
	return p, err
})

// Presets returns the named scenarios in display order.
func Presets() []Preset {
	p, err := presets()
	if err != nil {
		panic(err) // embedded data, proven by the tests
	}
	return p
}

// PresetByName returns the preset with this link name.
func PresetByName(name string) (Preset, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}

// Scenario resolves the preset's catalog ids into a calc.Scenario.
func (p Preset) Scenario() (calc.Scenario, error) {
	m, ok := ModelByID(p.Model)
	if !ok {
		return calc.Scenario{}, fmt.Errorf("preset %s: unknown model %q", p.Name, p.Model)
	}
	d, ok := DeviceByID(p.Device)
	if !ok {
		return calc.Scenario{}, fmt.Errorf("preset %s: unknown device %q", p.Name, p.Device)
	}
	e, ok := EngineByID(p.Engine)
	if !ok {
		return calc.Scenario{}, fmt.Errorf("preset %s: unknown engine %q", p.Name, p.Engine)
	}
	s := calc.Scenario{
		Model: m, Device: d, Engine: e,
		DeviceCount: p.DeviceCount, TensorParallel: p.TensorParallel, PipelineParallel: p.PipelineParallel,
		Options:        p.Options.With(calc.Options{}),
		OtherProcesses: calc.FromGiB(p.OtherProcessesGiB),
	}
	if o := p.OthersFrom; o != nil {
		seen := s
		seen.Options = o.Options.With(calc.Options{})
		if seen.Engine, ok = EngineByID(o.Engine); !ok {
			return calc.Scenario{}, fmt.Errorf("preset %s: unknown engine %q", p.Name, o.Engine)
		}
		others, ok := calc.OthersForFootprint(seen, calc.FromGiB(o.FootprintGiB))
		if !ok {
			return calc.Scenario{}, fmt.Errorf("preset %s: no amount of other programs gives a %.2f GiB footprint under %s", p.Name, o.FootprintGiB, o.Engine)
		}
		s.OtherProcesses = others
	}
	return s, nil
}

// NoteScenario is base with note n's changes applied.
func (n Note) NoteScenario(base calc.Scenario) (calc.Scenario, error) {
	s := base
	if n.Engine != "" {
		e, ok := EngineByID(n.Engine)
		if !ok {
			return s, fmt.Errorf("note: unknown engine %q", n.Engine)
		}
		s.Engine = e
	}
	if n.Model != "" {
		m, ok := ModelByID(n.Model)
		if !ok {
			return s, fmt.Errorf("note: unknown model %q", n.Model)
		}
		s.Model = m
	}
	if n.TP > 0 {
		s.TensorParallel = n.TP
	}
	if n.Device != "" {
		d, ok := DeviceByID(n.Device)
		if !ok {
			return s, fmt.Errorf("note: unknown device %q", n.Device)
		}
		s.Device = d
	}
	o, err := unsetOptions(s.Options, n.Unset)
	if err != nil {
		return s, err
	}
	s.Options = o.With(n.Options)
	return s, nil
}

// unsetOptions resets the named options (JSON names) to unset.
func unsetOptions(o calc.Options, names []string) (calc.Options, error) {
	if len(names) == 0 {
		return o, nil
	}
	raw, err := json.Marshal(o)
	if err != nil {
		return o, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return o, err
	}
	for _, n := range names {
		if _, ok := m[n]; !ok {
			return o, fmt.Errorf("note: option %q is not set", n)
		}
		delete(m, n)
	}
	raw, _ = json.Marshal(m)
	var out calc.Options
	err = json.Unmarshal(raw, &out)
	return out, err
}

// NoteResult is a note evaluated on its preset: the variant's estimate and
// figures, and whether the calculator shows what the report saw.
type NoteResult struct {
	Note       Note
	Scenario   calc.Scenario
	Estimate   calc.Estimate
	Figures    map[string]string
	Err        error
	Reproduced *bool // nil when the note states no expectation
}

// EvaluateNotes evaluates the preset's notes on base, its scenario.
func (p Preset) EvaluateNotes(base calc.Scenario) []NoteResult {
	out := make([]NoteResult, 0, len(p.Notes))
	for _, n := range p.Notes {
		r := NoteResult{Note: n}
		r.Scenario, r.Err = n.NoteScenario(base)
		if r.Err == nil {
			r.Estimate, r.Err = calc.Evaluate(r.Scenario)
		}
		if r.Err == nil {
			r.Figures = calc.Figures(r.Scenario, r.Estimate)
			if n.Expect != "" {
				ok := r.Estimate.Starts == (n.Expect == "starts")
				r.Reproduced = &ok
			}
		}
		out = append(out, r)
	}
	return out
}
