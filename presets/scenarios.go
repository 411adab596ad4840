package presets

import (
	_ "embed"
	"fmt"
	"sync"

	"vram/calc"
)

// DefaultPreset is the page's default scenario.
const DefaultPreset = "qwen3-vl-2b-910b4"

// Preset is a named, complete scenario with the story it tells.
type Preset struct {
	Name              string            `json:"name"` // link name: ?p=NAME
	Title             map[string]string `json:"title"`
	Story             map[string]string `json:"story"`
	Model             string            `json:"model"`
	Device            string            `json:"device"`
	Engine            string            `json:"engine"`
	DeviceCount       int               `json:"device_count,omitempty"`
	TensorParallel    int               `json:"tensor_parallel_size,omitempty"`
	PipelineParallel  int               `json:"pipeline_parallel_size,omitempty"`
	Options           calc.Options      `json:"options"`
	OtherProcessesGiB float64           `json:"other_processes_gib,omitempty"` // memory other programs hold per device
	Expect            Expect            `json:"expect"`
	Source            []string          `json:"source"`
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
	return calc.Scenario{
		Model: m, Device: d, Engine: e,
		DeviceCount: p.DeviceCount, TensorParallel: p.TensorParallel, PipelineParallel: p.PipelineParallel,
		Options:        p.Options.With(calc.Options{}),
		OtherProcesses: calc.FromGiB(p.OtherProcessesGiB),
	}, nil
}
