package rules_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/rules"
)

// masked is how a finding shows a number: the date part, the separator the
// text used (if any), and five stars.
var masked = regexp.MustCompile(`\d{6}[ .-]?\*{5}`)

// personalParts are the individual numbers and control digits of the
// numbers in testdata/personal-id; no message or hint may repeat one.
var personalParts = []string{"49097", "49080", "49150", "49144", "49003"}

// TestPersonalID runs the personal-id cases: numbers in Markdown text and in
// YAML comments are found where they stand, look-alikes are not, and no
// message or hint repeats a full number.
func TestPersonalID(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "personal-id", "*.txtar"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no cases in testdata/personal-id (%v)", err)
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(c), ".txtar"), func(t *testing.T) {
			f := loadFixture(t, c)
			res := f.run()
			checkWants(t, f, res)
			for _, d := range res.Diags {
				if d.Rule != "personal-id" {
					continue
				}
				if d.Center != "" {
					t.Errorf("%s: a personal-id finding names center %q, so a waiver could silence it", d.Pos, d.Center)
				}
				if d.Severity != diag.Error {
					t.Errorf("%s: severity %s, want error", d.Pos, d.Severity)
				}
				for _, s := range []string{d.Message.NB, d.Message.EN, d.Hint.NB, d.Hint.EN} {
					for _, p := range personalParts {
						if strings.Contains(s, p) {
							t.Errorf("%s: the full number is repeated: %s", d.Pos, s)
						}
					}
				}
				if !masked.MatchString(d.Message.NB) || !masked.MatchString(d.Message.EN) {
					t.Errorf("%s: the message does not show the masked number: %s", d.Pos, d.Message.NB)
				}
			}
		})
	}
}

// TestPersonalIDFrom2032 holds the date switch: a number only the rule for
// numbers issued from 2032 accepts is not reported on 2031-12-31 and is on
// 2032-01-01, with no setting in governance.yaml, and the finding says which
// rule made it a number.
func TestPersonalIDFrom2032(t *testing.T) {
	f := loadFixture(t, filepath.Join("testdata", "personal-id", "personal-id-ok-not-identity-numbers.txtar"))
	rule := rules.ByID("personal-id")
	for _, c := range []struct {
		asOf string
		want []string
	}{
		{"2031-12-31", nil},
		{"2032-01-01", []string{"centers/kre/strategy-2024-2027.md:12:50"}},
		{"2040-06-01", []string{"centers/kre/strategy-2024-2027.md:12:50"}},
	} {
		asOf, _ := time.Parse(time.DateOnly, c.asOf)
		f.asOf = asOf
		res := f.run()
		_, ds := rules.Run(rule, res.Repo, rules.Options{AsOf: asOf})
		var got []string
		for _, d := range ds {
			got = append(got, d.Pos.String())
			if !strings.Contains(d.Message.NB, "etter regelen for numre fra 2032") || !strings.Contains(d.Message.EN, "by the rule for numbers issued from 2032") {
				t.Errorf("as of %s: %s: the message does not name the 2032 rule: %s", c.asOf, d.Pos, d.Message.NB)
			}
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("as of %s: personal-id found %q, want %q", c.asOf, got, c.want)
		}
	}
}
