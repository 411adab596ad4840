package cmdline

// This file reads flag values as vLLM's argument parser types them.

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	json "github.com/goccy/go-json"
	"vram/calc/finding"
)

// literalText writes a parsed value as JSON, the way a person would type it
// back: integers without a fraction, maps with sorted keys, and a value the
// parser could not evaluate as it was written.
func literalText(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case string:
		return strconv.Quote(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case nonLiteral:
		return string(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = literalText(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := sortedKeys(x)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = strconv.Quote(k) + ": " + literalText(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

// intValue reads an integer option. vLLM 0.10 and later accept suffixes on
// max_model_len ("32k", "1M"); older versions reject them, so they are read
// with a note.
func intValue(name, raw string, lit any, py bool) (int, error) {
	var f float64
	if py {
		v, ok := lit.(float64)
		if !ok {
			return 0, fmt.Errorf("expected an integer")
		}
		f = v
	} else {
		s := strings.TrimSpace(raw)
		mult := 1.0
		if name == "max_model_len" && len(s) > 1 {
			switch s[len(s)-1] {
			case 'k':
				mult, s = 1000, s[:len(s)-1]
			case 'K':
				mult, s = 1024, s[:len(s)-1]
			case 'm':
				mult, s = 1e6, s[:len(s)-1]
			case 'M':
				mult, s = 1<<20, s[:len(s)-1]
			}
		}
		n, err := strconv.ParseFloat(s, 64)
		if err != nil || (mult == 1 && strings.ContainsAny(s, ".eE")) {
			return 0, fmt.Errorf("invalid int value: '%s'", raw)
		}
		f = n * mult
	}
	if f != math.Trunc(f) || f < 1 || f > 1<<30 {
		return 0, fmt.Errorf("expected a positive integer, got %s", raw)
	}
	return int(f), nil
}

func floatValue(raw string, lit any, py bool) (float64, error) {
	if py {
		if f, ok := lit.(float64); ok {
			return f, nil
		}
		return 0, errors.New("expected a number")
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("invalid float value: '%s'", raw)
	}
	return f, nil
}

// jsonArg decodes a JSON-valued flag as vLLM does (json.loads). When that
// fails but the text is a Python expression, the evaluated value is returned
// as the suggestion with the error.
func jsonArg(raw string) (v map[string]any, suggestion map[string]any, err error) {
	if e := json.Unmarshal([]byte(raw), &v); e == nil && v != nil {
		return v, nil, nil
	}
	err = fmt.Errorf("invalid loads value: '%s' (not valid JSON)", raw)
	if lit, e := pyLiteral(raw); e == nil {
		if m, ok := lit.(map[string]any); ok {
			return nil, m, err
		}
	}
	return nil, nil, err
}

// invalidJSON reports a JSON argument vLLM would reject (in its own words)
// and, where the value could be repaired, the repair.
func (c *Command) invalidJSON(shown, raw string, err error, sugg map[string]any) {
	if strings.HasPrefix(shown, "-") {
		c.Rejected = append(c.Rejected, "argument "+shown+": "+strings.TrimSuffix(err.Error(), " (not valid JSON)"))
	}
	if sugg == nil {
		c.Findings.Add(shown, raw, finding.Invalid, err.Error())
		return
	}
	c.Findings.Addf(shown, raw, finding.Invalid, "%s; did you mean '%s'?", err.Error(), literalText(sugg))
}

func sortedKeys(m map[string]any) []string {
	k := make([]string, 0, len(m))
	for s := range m {
		k = append(k, s)
	}
	sort.Strings(k)
	return k
}
