package presets

import "testing"

// BenchmarkCatalogDecode measures the start-up cost of decoding the whole
// embedded catalog (models, devices, the release table, scenarios).
func BenchmarkCatalogDecode(b *testing.B) {
	for i := 0; i < b.N; i++ {
		var m []ModelEntry
		var d []DeviceEntry
		var t releaseTable
		var p []Preset
		if decodeStrict("m", modelsJSON, &m) != nil || decodeStrict("d", devicesJSON, &d) != nil ||
			decodeStrict("r", releasesJSON, &t) != nil || decodeStrict("p", scenariosJSON, &p) != nil {
			b.Fatal("decode failed")
		}
	}
}

// BenchmarkEngineBuild measures building one release's engine from the
// table (done once per release and cached).
func BenchmarkEngineBuild(b *testing.B) {
	t := mustTable()
	r := t.Releases[len(t.Releases)/2]
	for i := 0; i < b.N; i++ {
		if _, err := buildEngine(t, r); err != nil {
			b.Fatal(err)
		}
	}
}
