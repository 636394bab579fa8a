package load

import (
	"strings"
	"testing"
)

// TestParseErrorsExplained feeds the parser's most common complaints and
// checks the user reads them in words, with a hint that says what to write.
func TestParseErrorsExplained(t *testing.T) {
	for _, tc := range []struct{ src, msg, hint string }{
		{"github: @kari\n", "a value cannot start with the character '@' unless it is quoted", "written without the @"},
		{"title: \"Fase 2\nid: x\n", "the quotation mark (\") that opens the text is never closed", "End the text with \""},
		{"units: [KRE, KLM\nid: x\n", "the list in [ ] is not closed", "close the list with ]"},
		{"a: {id: G1, title: x\nb: 1\n", "the fields in { } are not closed", "close with }"},
	} {
		_, p := parseYAML([]byte(tc.src), 0)
		if p == nil {
			t.Errorf("%q: no problem reported", tc.src)
			continue
		}
		if !strings.Contains(p.msg.EN, tc.msg) || !strings.Contains(strings.ToLower(p.hint.EN), strings.ToLower(tc.hint)) {
			t.Errorf("%q: got %q / %q, want %q / %q", tc.src, p.msg.EN, p.hint.EN, tc.msg, tc.hint)
		}
		if strings.Contains(p.msg.NB, "reserved") || strings.Contains(p.msg.NB, "must be specified") {
			t.Errorf("%q: the Norwegian message carries the parser's English: %q", tc.src, p.msg.NB)
		}
	}
}
