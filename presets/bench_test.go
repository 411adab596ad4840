package presets

import (
	"testing"

	"vram/calc"
)

// BenchmarkCatalogDecode measures the start-up cost of decoding the whole
// embedded catalog (models, devices, engines, scenarios).
func BenchmarkCatalogDecode(b *testing.B) {
	for i := 0; i < b.N; i++ {
		var m []ModelEntry
		var d []DeviceEntry
		var e []calc.Engine
		var p []Preset
		if decodeStrict("m", modelsJSON, &m) != nil || decodeStrict("d", devicesJSON, &d) != nil ||
			decodeStrict("e", enginesJSON, &e) != nil || decodeStrict("p", scenariosJSON, &p) != nil {
			b.Fatal("decode failed")
		}
	}
}
