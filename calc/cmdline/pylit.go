package cmdline

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// pyParser reads the subset of Python that people write in LLM(...) calls and
// in hand-written JSON: literals (str, int, float, True/False/None, dict,
// list, tuple, dict(k=v)) and integer arithmetic such as 1280*28*28.
// Values come out as JSON would decode them: string, float64, bool, nil,
// map[string]any and []any.
type pyParser struct {
	r     []rune
	i     int
	depth int
	// lenient keeps reading a dict whose value is not a literal (vLLM's
	// "non-default args" print config objects such as KVTransferConfig(...)):
	// the value becomes a nonLiteral holding its text.
	lenient bool
}

// nonLiteral is a dict value a lenient parser could not evaluate.
type nonLiteral string

var errNotLiteral = errors.New("not a literal")

const maxDepth = 64

func (p *pyParser) space() {
	for p.i < len(p.r) {
		switch c := p.r[p.i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.i++
		case c == '\\' && p.i+1 < len(p.r) && p.r[p.i+1] == '\n':
			p.i += 2
		case c == '#':
			for p.i < len(p.r) && p.r[p.i] != '\n' {
				p.i++
			}
		default:
			return
		}
	}
}

func (p *pyParser) peek() rune {
	p.space()
	if p.i < len(p.r) {
		return p.r[p.i]
	}
	return 0
}

func (p *pyParser) eat(s string) bool {
	p.space()
	if strings.HasPrefix(string(p.r[p.i:min(p.i+len(s), len(p.r))]), s) {
		p.i += len([]rune(s))
		return true
	}
	return false
}

// expr := term (('+' | '-') term)*
func (p *pyParser) expr() (any, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, errors.New("nested too deeply")
	}
	v, err := p.term()
	for err == nil {
		var op rune
		switch p.peek() {
		case '+', '-':
			op = p.r[p.i]
			p.i++
		default:
			return v, nil
		}
		var w any
		if w, err = p.term(); err == nil {
			v, err = arith(v, w, op)
		}
	}
	return nil, err
}

// term := unary (('*' | '/' | '//' | '**') unary)*
func (p *pyParser) term() (any, error) {
	v, err := p.unary()
	for err == nil {
		var op rune
		switch {
		case p.eat("**"):
			op = '^'
		case p.eat("//"):
			op = '\\'
		case p.eat("*"):
			op = '*'
		case p.eat("/"):
			op = '/'
		default:
			return v, nil
		}
		var w any
		if w, err = p.unary(); err == nil {
			v, err = arith(v, w, op)
		}
	}
	return nil, err
}

func (p *pyParser) unary() (any, error) {
	if p.eat("-") {
		v, err := p.unary()
		if err != nil {
			return nil, err
		}
		return arith(0.0, v, '-')
	}
	if p.eat("+") {
		return p.unary()
	}
	return p.atom()
}

func arith(a, b any, op rune) (any, error) {
	x, ok1 := a.(float64)
	y, ok2 := b.(float64)
	if !ok1 || !ok2 {
		if s, ok := a.(string); ok && op == '+' {
			if t, ok := b.(string); ok {
				return s + t, nil
			}
		}
		return nil, errNotLiteral
	}
	var z float64
	switch op {
	case '+':
		z = x + y
	case '-':
		z = x - y
	case '*':
		z = x * y
	case '/', '\\':
		if y == 0 {
			return nil, errors.New("division by zero")
		}
		z = x / y
		if op == '\\' {
			z = math.Floor(z)
		}
	case '^':
		z = math.Pow(x, y)
	}
	if math.IsInf(z, 0) || math.IsNaN(z) {
		return nil, errors.New("number out of range")
	}
	return z, nil
}

func (p *pyParser) atom() (any, error) {
	c := p.peek()
	switch {
	case c == 0:
		return nil, errors.New("unexpected end")
	case c == '(':
		p.i++
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		if p.eat(")") {
			return v, nil
		}
		if p.eat(",") { // a tuple: read as a list
			l := []any{v}
			rest, err := p.items(")")
			return append(l, rest...), err
		}
		return nil, errors.New("missing )")
	case c == '{':
		p.i++
		return p.dict()
	case c == '[':
		p.i++
		return p.items("]")
	case c == '\'' || c == '"':
		return p.str()
	case c >= '0' && c <= '9' || c == '.':
		return p.number()
	case isIdentStart(c):
		id := p.ident()
		switch id {
		case "True", "true":
			return true, nil
		case "False", "false":
			return false, nil
		case "None", "null":
			return nil, nil
		case "dict":
			if p.eat("(") {
				return p.kwargDict()
			}
		case "r", "b", "f", "rb", "br", "u", "R", "B", "F", "U":
			if q := p.peekRaw(); q == '\'' || q == '"' {
				return p.str()
			}
		}
		return nil, fmt.Errorf("%s: %w", id, errNotLiteral)
	}
	return nil, fmt.Errorf("unexpected %q", c)
}

func (p *pyParser) peekRaw() rune {
	if p.i < len(p.r) {
		return p.r[p.i]
	}
	return 0
}

func isIdentStart(c rune) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func (p *pyParser) ident() string {
	p.space()
	j := p.i
	for j < len(p.r) && (isIdentStart(p.r[j]) || p.r[j] >= '0' && p.r[j] <= '9' || p.r[j] == '.') {
		j++
	}
	s := string(p.r[p.i:j])
	p.i = j
	return s
}

func (p *pyParser) number() (any, error) {
	j := p.i
	for j < len(p.r) && (p.r[j] >= '0' && p.r[j] <= '9' || strings.ContainsRune("._eExXabcdefABCDEF", p.r[j]) ||
		(p.r[j] == '+' || p.r[j] == '-') && j > p.i && (p.r[j-1] == 'e' || p.r[j-1] == 'E')) {
		j++
	}
	s := strings.ReplaceAll(string(p.r[p.i:j]), "_", "")
	p.i = j
	if n, err := strconv.ParseInt(s, 0, 64); err == nil {
		return float64(n), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, fmt.Errorf("bad number %q", s)
	}
	return f, nil
}

func (p *pyParser) str() (any, error) {
	var b strings.Builder
	for {
		q := p.peek()
		if q != '\'' && q != '"' {
			break
		}
		p.i++
		for {
			if p.i >= len(p.r) {
				return nil, errors.New("unterminated string")
			}
			c := p.r[p.i]
			p.i++
			if c == q {
				break
			}
			if c == '\\' && p.i < len(p.r) {
				c = p.r[p.i]
				p.i++
				switch c {
				case 'n':
					c = '\n'
				case 't':
					c = '\t'
				}
			}
			b.WriteRune(c)
		}
	}
	return b.String(), nil
}

func (p *pyParser) dict() (any, error) {
	m := map[string]any{}
	for {
		if p.eat("}") {
			return m, nil
		}
		k, err := p.expr()
		if err != nil {
			return nil, err
		}
		ks, ok := k.(string)
		if !ok {
			ks = fmt.Sprint(k)
		}
		if !p.eat(":") {
			return nil, errors.New("missing : in dict")
		}
		start := p.i
		v, err := p.expr()
		if err != nil && p.lenient && p.depth <= 1 {
			p.i = start
			p.skipArg()
			v, err = nonLiteral(strings.TrimSpace(string(p.r[start:p.i]))), nil
		}
		if err != nil {
			return nil, err
		}
		m[ks] = v
		if !p.eat(",") {
			if p.eat("}") {
				return m, nil
			}
			return nil, errors.New("missing , or } in dict")
		}
	}
}

func (p *pyParser) items(end string) ([]any, error) {
	var l []any
	for {
		if p.eat(end) {
			return l, nil
		}
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		l = append(l, v)
		if !p.eat(",") {
			if p.eat(end) {
				return l, nil
			}
			return nil, errors.New("missing , or " + end)
		}
	}
}

// kwargDict reads dict(image=2, video=0) after "dict(".
func (p *pyParser) kwargDict() (any, error) {
	m := map[string]any{}
	for {
		if p.eat(")") {
			return m, nil
		}
		k := p.ident()
		if k == "" || !p.eat("=") {
			return nil, errors.New("dict(): expected key=value")
		}
		v, err := p.expr()
		if err != nil {
			return nil, err
		}
		m[k] = v
		if !p.eat(",") {
			if p.eat(")") {
				return m, nil
			}
			return nil, errors.New("dict(): missing , or )")
		}
	}
}

// skipArg moves past one call argument whose value is not a literal: to the
// next comma or closing parenthesis at nesting depth zero.
func (p *pyParser) skipArg() {
	depth := 0
	for p.i < len(p.r) {
		switch c := p.r[p.i]; c {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth == 0 {
				return
			}
			depth--
		case ',':
			if depth == 0 {
				return
			}
		case '\'', '"':
			if _, err := p.str(); err != nil {
				p.i = len(p.r)
			}
			continue
		}
		p.i++
	}
}

// pyArg is one argument of a call: Name is "" for a positional one. Err is
// set when the value is not a literal (a variable, a function call).
type pyArg struct {
	Name string
	Val  any
	Raw  string
	Err  error
}

// call reads the arguments of a call after its "(".
func (p *pyParser) call() (args []pyArg, closed bool) {
	for len(args) < 1000 {
		if p.eat(")") {
			return args, true
		}
		if p.peek() == 0 {
			return args, false
		}
		var a pyArg
		save := p.i
		if id := p.ident(); id != "" && p.peek() == '=' && !p.eat("==") {
			p.eat("=")
			a.Name = id
		} else {
			p.i = save
		}
		start := p.i
		a.Val, a.Err = p.expr()
		if a.Err != nil {
			p.i = start
			p.skipArg()
		}
		a.Raw = strings.TrimSpace(string(p.r[start:p.i]))
		args = append(args, a)
		if !p.eat(",") {
			return args, p.eat(")")
		}
	}
	return args, false
}

// pyLiteral evaluates one whole Python literal expression.
func pyLiteral(s string) (any, error) {
	p := &pyParser{r: []rune(s)}
	v, err := p.expr()
	if err == nil && p.peek() != 0 {
		err = fmt.Errorf("unexpected %q", p.peek())
	}
	return v, err
}
