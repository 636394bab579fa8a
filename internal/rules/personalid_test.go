package rules_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/diag"
)

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
					if strings.Contains(s, "49097") || strings.Contains(s, "49080") {
						t.Errorf("%s: the full number is repeated: %s", d.Pos, s)
					}
				}
				if !strings.Contains(d.Message.NB, "150385*****") && !strings.Contains(d.Message.NB, "550385 *****") {
					t.Errorf("%s: the message does not show the masked number: %s", d.Pos, d.Message.NB)
				}
			}
		})
	}
}
