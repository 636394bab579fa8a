package validate_test

import (
	"os"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/internal/validate"
)

// contentDate is the day the default content was last brought up to date.
// As time passes, reports fall due and the content gets findings; that is
// the product working, so the test pins the date.
var contentDate = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// TestDefaultContent proves the hospital's own data in the repository root
// is clean as of contentDate, with the one documented waiver, and that every
// mandate rule ran on it.
func TestDefaultContent(t *testing.T) {
	fsys := os.DirFS("../..")
	res := validate.Run(fsys, validate.Options{AsOf: contentDate, Strict: true})
	var waived []diag.Diagnostic
	for _, d := range res.Diags {
		switch d.Severity {
		case diag.Waived:
			waived = append(waived, d)
		case diag.Info:
		default:
			t.Errorf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message.EN, d.Rule)
		}
	}
	if len(waived) != 1 || waived[0].Rule != "investment-advice" || waived[0].Center != "inf" || waived[0].WaivedBy != "PMU-2026-01" {
		t.Errorf("want exactly the investment-advice finding for inf waived by PMU-2026-01, got %+v", waived)
	}
	if len(res.Repo.Centers) < 6 {
		t.Errorf("%d centers; the content has three treatment and three technology centers", len(res.Repo.Centers))
	}
	for _, r := range rules.All {
		if r.Check == nil {
			continue
		}
		runs, _ := rules.Run(r, res.Repo, rules.Options{AsOf: contentDate})
		if runs == 0 {
			t.Errorf("rule %s did not run on the default content", r.ID)
		}
	}
}

// TestDefaultContentLater shows the content ageing: once 2026's last
// tertial is past its grace days, the reports are due.
func TestDefaultContentLater(t *testing.T) {
	res := validate.Run(os.DirFS("../.."), validate.Options{AsOf: time.Date(2027, 2, 15, 0, 0, 0, 0, time.UTC)})
	missing := map[string]bool{}
	for _, d := range res.Diags {
		if d.Rule == "status-report" && d.Severity == diag.Error {
			missing[d.Center] = true
		}
	}
	for _, c := range []string{"kre", "inf", "bar"} {
		if !missing[c] {
			t.Errorf("as of 2027-02-15 the 2026-T3 report of %s should be missing", c)
		}
	}
}
