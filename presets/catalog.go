package presets

import (
	_ "embed"
	"sync"

	"vram/calc"
)

// ModelEntry is a catalog model: config.json facts plus where they come from.
type ModelEntry struct {
	calc.Model
	Name      string     `json:"name"` // short display name
	Published *Published `json:"params_published,omitempty"`
	Source    []string   `json:"source"`
	Notes     string     `json:"notes"`
}

// Published is a parameter count published by a third party from the
// checkpoint's tensors, to check the count derived from the dimensions.
type Published struct {
	Total  int64  `json:"total"`
	Vision int64  `json:"vision"` // 0: not published
	Text   int64  `json:"text"`   // 0: not published
	Unit   int64  `json:"unit"`   // rounding unit of the published figure (1e6 for "2.128B", 1e7 for "2.21B")
	Source string `json:"source"`
}

// DeviceEntry is a catalog device with its facts and sources.
type DeviceEntry struct {
	calc.Device
	NameZh     string   `json:"name_zh,omitempty"` // the name in Chinese, where it says more than a part number
	Vendor     string   `json:"vendor"`
	MemoryType string   `json:"memory_type"`
	Source     []string `json:"source"`
	Notes      string   `json:"notes"`
	// Aliases are other names people and logs give the part ("Atlas A3"
	// for the 910C), each backed by a source in Source.
	Aliases []string `json:"aliases,omitempty"`
}

var (
	//go:embed models.json
	modelsJSON []byte
	//go:embed devices.json
	devicesJSON []byte
)

var catalog = sync.OnceValues(func() (c struct {
	models  []ModelEntry
	devices []DeviceEntry
}, err error) {
	if err = decodeStrict("models.json", modelsJSON, &c.models); err != nil {
		return c, err
	}
	err = decodeStrict("devices.json", devicesJSON, &c.devices)
	return c, err
})

func mustCatalog() ([]ModelEntry, []DeviceEntry) {
	c, err := catalog()
	if err != nil {
		panic(err) // embedded data, proven by the tests
	}
	return c.models, c.devices
}

// Models returns the catalog's models.
func Models() []ModelEntry { m, _ := mustCatalog(); return m }

// Devices returns the catalog's devices.
func Devices() []DeviceEntry { _, d := mustCatalog(); return d }

// ModelByID returns the model with this Hugging Face id, or a quantized
// build of one ("Qwen/Qwen2.5-7B-Instruct-AWQ"; presets/builds.json).
func ModelByID(id string) (calc.Model, bool) {
	m, ok := modelEntry(id)
	return m.Model, ok
}

func modelEntry(id string) (ModelEntry, bool) {
	for _, m := range Models() {
		if m.ID == id {
			return m, true
		}
	}
	return buildOf(id, func(base string) (ModelEntry, bool) {
		for _, m := range Models() {
			if m.ID == base {
				return m, true
			}
		}
		return ModelEntry{}, false
	})
}

// DeviceName is a device's name in a language ("zh" or "en").
func DeviceName(d calc.Device, lang string) string {
	for _, e := range Devices() {
		if e.ID == d.ID && lang == "zh" && e.NameZh != "" {
			return e.NameZh
		}
	}
	return d.Name
}

// DeviceByID returns the device with this id.
func DeviceByID(id string) (calc.Device, bool) {
	for _, d := range Devices() {
		if d.ID == id {
			return d.Device, true
		}
	}
	return calc.Device{}, false
}
