package lsp

import (
	"bytes"
	"strings"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// text is a document's lines, for turning pmgov's positions (1-based lines,
// 1-based columns counted in characters) into the protocol's (0-based
// lines, 0-based columns counted in UTF-16 code units, the default every
// client supports) and back. A Norwegian letter is one unit either way; a
// character outside the Basic Multilingual Plane (an emoji) is two.
type text struct {
	lines []string
}

func newText(src []byte) text {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	ls := strings.Split(string(src), "\n")
	for i, l := range ls {
		ls[i] = strings.TrimSuffix(l, "\r")
	}
	return text{lines: ls}
}

// line is the text of line n (1-based), "" past the end.
func (t text) line(n int) string {
	if n < 1 || n > len(t.lines) {
		return ""
	}
	return t.lines[n-1]
}

// utf16Units counts the UTF-16 code units of s.
func utf16Units(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// runeOffset is the byte offset of the col-th character (1-based) of l, or
// len(l) past its end.
func runeOffset(l string, col int) int {
	i := 0
	for c := 1; c < col && i < len(l); c++ {
		_, n := utf8.DecodeRuneInString(l[i:])
		i += n
	}
	return i
}

// position is the protocol position of line, col (pmgov's, 1-based).
func (t text) position(line, col int) protocol.Position {
	if line < 1 {
		return protocol.Position{}
	}
	l := t.line(line)
	return protocol.Position{Line: uint32(line - 1), Character: uint32(utf16Units(l[:runeOffset(l, col)]))}
}

// lineCol is pmgov's line and column (1-based, in characters) of a
// protocol position.
func (t text) lineCol(p protocol.Position) (line, col int) {
	line = int(p.Line) + 1
	l := t.line(line)
	units, col := 0, 1
	for _, r := range l {
		if units >= int(p.Character) {
			break
		}
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		col++
	}
	return line, col
}

// offset is the byte offset in l of a protocol column.
func offsetOfUnits(l string, units int) int {
	u := 0
	for i, r := range l {
		if u >= units {
			return i
		}
		if r >= 0x10000 {
			u += 2
		} else {
			u++
		}
	}
	return len(l)
}

// tokenRange is the range a finding at line, col underlines: the key, value
// or word that starts there, at least one character where the line has
// one. A finding about a whole file (line 0) underlines the start of the
// first line.
func (t text) tokenRange(line, col int) protocol.Range {
	if line < 1 {
		return protocol.Range{}
	}
	start := t.position(line, col)
	l := t.line(line)
	b := runeOffset(l, col)
	e := b + tokenLen(l, b)
	return protocol.Range{Start: start, End: protocol.Position{Line: start.Line, Character: uint32(utf16Units(l[:e]))}}
}

// tokenLen is the length in bytes of the YAML token at byte b of l: a
// quoted string to its closing quote, else a plain word up to ": ", " #",
// the end of the line, or in a flow collection a comma or a closing
// bracket.
func tokenLen(l string, b int) int {
	rest := l[b:]
	if rest == "" {
		return 0
	}
	if q := rest[0]; q == '"' || q == '\'' {
		for i := 1; i < len(rest); i++ {
			if rest[i] == '\\' && q == '"' {
				i++
				continue
			}
			if rest[i] == q {
				if q == '\'' && i+1 < len(rest) && rest[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(rest)
	}
	inFlow := strings.ContainsAny(l[:b], "{[")
	end := len(rest)
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if c == ':' && (i+1 == len(rest) || rest[i+1] == ' ') && i > 0 {
			end = i
			break
		}
		if c == '#' && i > 0 && rest[i-1] == ' ' {
			end = i
			break
		}
		if inFlow && (c == ',' || c == '}' || c == ']') && i > 0 {
			end = i
			break
		}
	}
	n := len(strings.TrimRight(rest[:end], " \t"))
	if n == 0 {
		_, n = utf8.DecodeRuneInString(rest)
	}
	return n
}
