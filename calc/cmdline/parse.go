package cmdline

import (
	"errors"
	"path"
	"regexp"
	"strings"
	"sync"

	"vram/calc"
	"vram/calc/finding"
)

// Command is what a pasted command line says about a deployment.
type Command struct {
	Model string // the model argument as written: a Hugging Face id or a local path
	// Form is how vLLM was started: "serve" (vllm serve), "api_server"
	// (python -m vllm.entrypoints.openai.api_server), "docker" (the
	// vllm/vllm-openai image) or "llm" (the offline LLM(...) class).
	Form string
	// Project and Version come from a docker image tag or a pip pin in the
	// text ("vllm" 0.8.3, "vllm-ascend" 0.9.1rc1); empty when it does not say.
	Project, Version string
	TensorParallel   int // 0: not given
	PipelineParallel int // 0: not given
	DataParallel     int // 0: not given
	Options          calc.Options
	// Suggested is Options with each value vLLM would reject replaced by
	// what the user evidently meant (1920*1080 -> 2073600); equal to Options
	// when nothing was rejected.
	Suggested calc.Options
	// Rejected holds, in argparse's words, each argument vLLM's parser
	// would refuse ("argument --mm-processor-kwargs: invalid loads value:
	// …"): with any, vLLM exits before it loads anything.
	Rejected []string
	Findings finding.List
}

// ErrNoCommand is returned for text with no vLLM launch in it.
var ErrNoCommand = errors.New("no vLLM launch found: expected `vllm serve MODEL ...`, `python -m vllm.entrypoints.openai.api_server --model MODEL ...`, a vllm/vllm-openai docker run, or `LLM(model=...)`")

// Compiled on first use, so the page pays for them only when someone pastes.
var (
	pipPin = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`\b(vllm|vllm-ascend|vllm_ascend)==v?([0-9][0-9A-Za-z.+-]*)`)
	})
	imageTag = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?:^|/)(vllm-openai|vllm-ascend)(?::v?([0-9][0-9A-Za-z.+-]*))?$`)
	})
)

// Parse reads a vLLM launch from shell text or Python. It never panics; the
// error is ErrNoCommand when there is nothing to read.
func Parse(text string) (Command, error) {
	var c Command
	if len(text) > 1<<20 {
		return c, errors.New("text too long for a command line (over 1 MiB)")
	}
	if m := pipPin().FindStringSubmatch(text); m != nil {
		c.Project, c.Version = strings.ReplaceAll(m[1], "_", "-"), m[2]
	}
	if i := strings.Index(text, "LLM("); i >= 0 && !strings.Contains(text[:i], "vllm serve") {
		c.Form = "llm"
		c.Options.Offline = true
		c.parseEnvLines(text[:i])
		c.parseCall(text[i+len("LLM("):])
		c.finish()
		return c, nil
	}
	stmts, unterminated := statements(text)
	if unterminated {
		c.Findings.Add("quotes", "", finding.Invalid, "a quote is not closed; the shell would wait for more input")
	}
	found := false
	for _, words := range stmts {
		if c.statement(words) {
			found = true
			break
		}
	}
	if !found {
		return c, ErrNoCommand
	}
	c.finish()
	return c, nil
}

// statement reads one shell command; it reports whether it was a vLLM launch.
// Environment assignments before it (export, K=V prefixes) are read either way.
func (c *Command) statement(w []string) bool {
	if len(w) > 0 && (w[0] == "export" || w[0] == "set") {
		for _, kv := range w[1:] {
			if k, v, ok := strings.Cut(kv, "="); ok {
				c.env(k, v)
			}
		}
		return false
	}
	i := 0
	for i < len(w) && isAssignment(w[i]) {
		k, v, _ := strings.Cut(w[i], "=")
		c.env(k, v)
		i++
	}
	w = w[i:]
	for j := 0; j < len(w); j++ {
		base := path.Base(w[j])
		switch {
		case base == "vllm" && j+1 < len(w) && w[j+1] == "serve":
			c.Form = "serve"
			c.dockerEnv(w[:j])
			args := w[j+2:]
			if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
				c.Model = args[0]
				c.Findings.Add("model", args[0], finding.Read, "")
				args = args[1:]
			}
			c.flags(args)
			return true
		case strings.HasPrefix(w[j], "vllm.entrypoints."):
			c.Form = "api_server"
			c.dockerEnv(w[:j])
			c.flags(w[j+1:])
			return true
		case imageTag().MatchString(w[j]) && j > 0:
			m := imageTag().FindStringSubmatch(w[j])
			c.Project = map[string]string{"vllm-openai": "vllm", "vllm-ascend": "vllm-ascend"}[m[1]]
			if m[2] != "" {
				c.Version = m[2]
			}
			c.dockerEnv(w[:j])
			rest := w[j+1:]
			if c.statement(rest) { // vllm serve ... after the image
				return true
			}
			if m[1] == "vllm-openai" { // the image's entrypoint is the API server
				c.Form = "docker"
				c.flags(rest)
				return true
			}
			return false
		}
	}
	return false
}

const (
	ignoredValue     flagKind = iota // takes a value, no memory effect
	ignoredSwitch                    // takes no value, no memory effect
	unmodelledVal                    // takes a value, changes memory, not modelled
	unmodelledSwitch                 // takes no value, changes memory, not modelled
)

// parseCall reads the arguments of LLM( ... ).
func (c *Command) parseCall(text string) {
	p := &pyParser{r: []rune(text)}
	args, closed := p.call()
	if !closed {
		c.Findings.Add("LLM(", "", finding.Invalid, "the call's closing parenthesis is missing")
	}
	for i, a := range args {
		name := a.Name
		if name == "" {
			if i == 0 {
				name = "model"
			} else {
				c.Findings.Add(a.Raw, "", finding.Unknown, "a positional argument after the model")
				continue
			}
		}
		if a.Err != nil {
			c.Findings.Add(name, a.Raw, finding.Unknown, "not a literal value (a variable or a call); set it on the page")
			continue
		}
		if name == "model" && i == 0 && a.Name == "" {
			c.set("model", "model", "", true, a.Val, true)
			continue
		}
		n := name
		if al, ok := aliases[n]; ok {
			n = al
		}
		c.set(name, n, "", true, a.Val, true)
	}
}

// FromArgs reads the Python dict vLLM logs as "non-default args: {...}"
// (vLLM 0.10 and later): the options given on the command line, by their
// EngineArgs names.
func FromArgs(dict string) (Command, error) {
	c := Command{Form: "args"}
	p := &pyParser{r: []rune(dict), lenient: true}
	if p.peek() != '{' {
		return c, errors.New("expected a {...} dict")
	}
	p.i++
	v, err := p.dict()
	if err != nil {
		return c, err
	}
	m, _ := v.(map[string]any)
	for _, k := range sortedKeys(m) {
		if raw, ok := m[k].(nonLiteral); ok {
			kind, known := otherFlags[k]
			switch {
			case known && (kind == unmodelledVal || kind == unmodelledSwitch):
				c.Findings.Add(k, string(raw), finding.Unmodelled, unmodelledWhy[k])
			default:
				c.Findings.Add(k, string(raw), finding.Ignored, "")
			}
			continue
		}
		n := k
		if al, ok := aliases[n]; ok {
			n = al
		}
		c.set(k, n, "", true, m[k], true)
	}
	c.Suggested = c.Options
	return c, nil
}

// finish fills Suggested from Options where no suggestion was made.
func (c *Command) finish() {
	c.Suggested = c.Options.With(c.Suggested)
	if c.Model == "" {
		c.Findings.Add("model", "", finding.Missing, "the launch names no model")
	}
}
