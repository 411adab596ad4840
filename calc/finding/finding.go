// Package finding is what a parser of pasted text reports about each field it
// met: read and applied, assumed, ignored, or rejected.
package finding

import "fmt"

// Kind says what happened to a field.
type Kind string

const (
	Read       Kind = "read"       // read and applied to the scenario
	Assumed    Kind = "assumed"    // not in the text; a stated default is used
	Ignored    Kind = "ignored"    // does not change device memory
	Unmodelled Kind = "unmodelled" // changes memory, but the calculator does not model it
	Invalid    Kind = "invalid"    // vLLM (or the format) would reject it
	Unknown    Kind = "unknown"    // not recognised
	Missing    Kind = "missing"    // needed, not found
)

// Finding is one field of a paste and what became of it.
type Finding struct {
	Field  string `json:"field"`            // flag, JSON path or log figure, e.g. "--max-num-seqs"
	Value  string `json:"value,omitempty"`  // as written, trimmed
	Kind   Kind   `json:"kind"`             //
	Detail string `json:"detail,omitempty"` // why, in English; vLLM's own words where it has them
	// Format and Args make Detail (fmt.Sprintf(Format, Args...), or Format
	// alone without Args): a translation looks Format up and fills in Args.
	Format string `json:"-"`
	Args   []any  `json:"-"`
}

// Bad reports whether the finding needs the user's attention.
func (f Finding) Bad() bool { return f.Kind == Invalid || f.Kind == Missing }

// List collects findings.
type List []Finding

// Add appends a finding whose detail is fixed text (its own Format).
func (l *List) Add(field, value string, k Kind, detail string) {
	*l = append(*l, Finding{Field: field, Value: value, Kind: k, Detail: detail, Format: detail})
}

// Addf appends a finding whose detail is fmt.Sprintf(format, args...).
func (l *List) Addf(field, value string, k Kind, format string, args ...any) {
	*l = append(*l, Finding{Field: field, Value: value, Kind: k, Detail: fmt.Sprintf(format, args...), Format: format, Args: args})
}
