package personalid

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"01010750160", "fnr: 15108695088\n", "020161 26007", "Ærlig Øst «11111598403»",
		"https://example.org/01010750160", "KRE-2025-01", "010107501600", "a\r\n23114048690\r\n",
		"x 41010750160 y", "(02010171337).", "010107-50160", "010107.50160 ", "30108299939",
		"01410750160", "41410750160",
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, text []byte, rule2032 bool) {
		o := Options{NewControlDigits: rule2032}
		ls := bytes.Split(text, []byte("\n"))
		for _, m := range Find(text, o) {
			if m.Line < 1 || m.Line > len(ls) {
				t.Fatalf("line %d outside %d lines", m.Line, len(ls))
			}
			line := ls[m.Line-1]
			// Walk to the reported column, a character at a time (a byte
			// that is not UTF-8 counts as one).
			i, col := 0, 1
			for col < m.Col && i < len(line) {
				_, size := utf8.DecodeRune(line[i:])
				i += size
				col++
			}
			if col != m.Col {
				t.Fatalf("column %d beyond line %d", m.Col, m.Line)
			}
			n := 11
			if len(line) > i+6 && separator(line[i+6]) {
				n = 12
			}
			if i+n > len(line) {
				t.Fatalf("%d:%d: the line ends before the number", m.Line, m.Col)
			}
			s := string(line[i : i+n])
			kind, ok := Valid(s, o)
			if !ok || kind != m.Kind {
				t.Fatalf("%d:%d: %q is reported as %s but Valid says %q, %v", m.Line, m.Col, s, m.Kind, kind, ok)
			}
			if m.Masked[:6] != s[:6] || len(m.Masked) != n || bytes.ContainsAny([]byte(m.Masked[6:]), "0123456789") {
				t.Fatalf("mask %q for %q", m.Masked, s)
			}
			// A number only the 2032 rule accepts is never found without it.
			if _, old := Valid(s, Options{}); old == m.Rule2032 {
				t.Fatalf("%q: Rule2032 is %v, but today's rule says %v", s, m.Rule2032, old)
			}
		}
	})
}
