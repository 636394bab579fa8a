package schema

import (
	"strings"
	"testing"
)

// TestLeadingZeroRefused: a number with a leading zero is one finding where
// it stands, in a number field and in a text field alike, with the plain
// number as the fix and never a value taken from it; a number the core
// schema reads one way (0o, 0x, an exponent) passes where it fits.
func TestLeadingZeroRefused(t *testing.T) {
	const head = "organisation: OUS HF\nshort_name: OUS\nlanguages: [nb]\n"
	for _, c := range []struct {
		src  string
		want string // "" for no finding; else line:col and the fix
	}{
		{"reporting: {cadence: tertial, grace_days: 030}\n", "4:43 30"},
		{"reporting: {cadence: tertial, grace_days: 0400}\n", "4:43 400"},
		{"reporting: {cadence: tertial, grace_days: 09}\n", "4:43 9"},
		{"reporting: {cadence: tertial}\nevaluation_notice_days: -07\n", "5:25 -7"},
		{"reporting: {cadence: tertial}\nsite: {title: 007}\n", "5:15 7"},
		{"reporting: {cadence: tertial, grace_days: 0o36}\n", ""},
		{"reporting: {cadence: tertial, grace_days: 0x1E}\n", ""},
		{"reporting: {cadence: tertial, grace_days: 3e1}\n", ""},
		{"reporting: {cadence: tertial, grace_days: 30}\n", ""},
	} {
		d := loadOne(t, "governance.yaml", head+c.src)
		ds := Validate(d)
		if c.want == "" {
			if len(ds) != 0 {
				t.Errorf("%q: %s", c.src, lines(ds))
			}
			continue
		}
		pos, fix, _ := strings.Cut(c.want, " ")
		if len(ds) != 1 {
			t.Errorf("%q: want one finding, got %s", c.src, lines(ds))
			continue
		}
		x := ds[0]
		if got := strings.TrimPrefix(x.Pos.String(), "governance.yaml:"); got != pos || x.Rule != Rule {
			t.Errorf("%q: finding at %s [%s], want %s [schema]", c.src, got, x.Rule, pos)
		}
		if !strings.Contains(x.Hint.NB, ": "+fix+".") || !strings.Contains(x.Hint.EN, ": "+fix+".") || !strings.Contains(x.Message.NB, "begynner med 0") {
			t.Errorf("%q: %s / %s", c.src, x.Message.NB, x.Hint.EN)
		}
	}
}
