package calc

import "fmt"

// Refusal is an error of calc's own words that keeps its format and
// arguments, so the page can show it translated (app/i18n looks the format
// up). Errors that quote vLLM's own message stay plain errors, in English
// as vLLM prints them.
type Refusal struct {
	Format string
	Args   []any
}

func (r Refusal) Error() string { return fmt.Sprintf(r.Format, r.Args...) }

// refuse is fmt.Errorf for calc's own refusals.
func refuse(format string, args ...any) error { return Refusal{Format: format, Args: args} }
