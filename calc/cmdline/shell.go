package cmdline

import "strings"

// statements splits shell text into commands of words, the way a POSIX shell
// would for the text people paste: quotes ('...' and "..."), backslash
// escapes and line continuations, comments, and the separators newline, ';',
// '&&', '||' and '|'. It never fails; an unterminated quote ends at the end
// of the text and is reported.
func statements(text string) (stmts [][]string, unterminated bool) {
	var (
		words []string
		cur   strings.Builder
		inW   bool // a word has started (even an empty quoted one)
	)
	endWord := func() {
		if inW {
			words = append(words, cur.String())
			cur.Reset()
			inW = false
		}
	}
	endStmt := func() {
		endWord()
		if len(words) > 0 {
			stmts = append(stmts, words)
			words = nil
		}
	}
	r := []rune(text)
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case c == '\\':
			if i+1 < len(r) {
				i++
				if r[i] == '\r' && i+1 < len(r) && r[i+1] == '\n' {
					i++
				}
				if r[i] == '\n' || r[i] == '\r' {
					continue // line continuation
				}
				cur.WriteRune(r[i])
				inW = true
			}
		case c == '\'':
			inW = true
			j := i + 1
			for j < len(r) && r[j] != '\'' {
				j++
			}
			cur.WriteString(string(r[i+1 : min(j, len(r))]))
			if j >= len(r) {
				unterminated = true
			}
			i = j
		case c == '"':
			inW = true
			j := i + 1
			for ; j < len(r) && r[j] != '"'; j++ {
				if r[j] == '\\' && j+1 < len(r) && strings.ContainsRune("\"\\$`\n", r[j+1]) {
					j++
					if r[j] == '\n' {
						continue
					}
				}
				cur.WriteRune(r[j])
			}
			if j >= len(r) {
				unterminated = true
			}
			i = j
		case c == '#' && !inW:
			for i < len(r) && r[i] != '\n' {
				i++
			}
			endStmt()
		case c == '\n' || c == ';':
			endStmt()
		case c == '&' || c == '|':
			endStmt()
			if i+1 < len(r) && r[i+1] == c {
				i++
			}
		case c == ' ' || c == '\t' || c == '\r':
			endWord()
		default:
			cur.WriteRune(c)
			inW = true
		}
	}
	endStmt()
	return stmts, unterminated
}
