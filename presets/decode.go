// Package presets is the embedded catalog: models, devices, engine version
// families and the named scenarios we ship. Every entry carries its source.
package presets

import (
	"bytes"
	"fmt"

	json "github.com/goccy/go-json"
)

// decodeStrict decodes JSON into v and fails on a field v does not declare,
// so a typo in the catalog cannot silently drop a fact.
func decodeStrict(name string, data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("presets: %s: %w", name, err)
	}
	return nil
}
