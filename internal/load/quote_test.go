package load

import (
	"strconv"
	"strings"
	"testing"
)

// TestTextAfterClosingQuote: a "#" glued to a closing quote is refused where
// it stands (goccy would drop the text); a comment after a space, or on a
// line of its own, is a comment.
func TestTextAfterClosingQuote(t *testing.T) {
	for _, c := range []struct {
		src  string
		want string // "" when it loads; else line:col
	}{
		{"a: \"value\"# note\n", "1:11"},
		{"a: 'v'# note\n", "1:7"},
		{"a: [\"v\"# note\n  ]\n", "1:8"},
		{"a: \"x\n  y\"# note\n", "2:5"},
		{"a: \"value\" # note\n", ""},
		{"a: \"value\"\n# note\n", ""},
		{"a: 'v'\n  # note\nb: 1\n", ""},
		{"a: \"#\"\n", ""},
	} {
		_, p := parseYAML([]byte(c.src), 0)
		switch {
		case c.want == "" && p != nil:
			t.Errorf("%q: refused at %d:%d: %s", c.src, p.line, p.col, p.msg.EN)
		case c.want != "" && p == nil:
			t.Errorf("%q: loads; want a finding at %s", c.src, c.want)
		case c.want != "":
			if got := strconv.Itoa(p.line) + ":" + strconv.Itoa(p.col); got != c.want || !strings.Contains(p.msg.NB, "anførselstegnet") || !strings.Contains(p.hint.EN, "space before") {
				t.Errorf("%q: %s %s | %s", c.src, got, p.msg.NB, p.hint.EN)
			}
		}
	}
}
