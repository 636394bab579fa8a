package validate_test

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
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

// TestDefaultContentCitesFittingDecisions proves that every decision the
// default content cites fits what it is cited for (decision-ref), and that
// the check is not vacuous there: citing the wrong decision in one place is
// found at that place.
func TestDefaultContentCitesFittingDecisions(t *testing.T) {
	mem := fstest.MapFS{}
	root := os.DirFS("../..")
	for _, top := range []string{"governance.yaml", "org", "committee", "centers"} {
		err := fs.WalkDir(root, top, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(root, p)
			mem[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	ref := rules.ByID("decision-ref")
	res := validate.Run(mem, validate.Options{AsOf: contentDate})
	if _, ds := rules.Run(ref, res.Repo, rules.Options{AsOf: contentDate}); len(ds) > 0 {
		for _, d := range ds {
			t.Errorf("%s: %s", d.Pos, d.Message.EN)
		}
	}
	cited := 0
	for _, c := range res.Repo.Centers {
		for _, s := range []bool{c.EstablishedBy.Set(), c.Organisation.Decision.Set()} {
			if s {
				cited++
			}
		}
		cited += len(c.TechnologyAreas) + len(c.Strategies) + len(c.Evaluations) + max(len(c.Terms)-1, 0)
	}
	if cited < 20 {
		t.Errorf("the default content cites %d decisions; expected the centers' establishment, organisation, matrix, strategies, evaluations and terms", cited)
	}

	// kre established by the decision that established infectious diseases.
	kre := mem["centers/kre/center.yaml"]
	kre.Data = []byte(strings.Replace(string(kre.Data), "established_by: PMU-2021-02", "established_by: PMU-2021-03", 1))
	res = validate.Run(mem, validate.Options{AsOf: contentDate})
	_, ds := rules.Run(ref, res.Repo, rules.Options{AsOf: contentDate})
	if len(ds) != 1 || ds[0].Pos.File != "centers/kre/center.yaml" || !strings.Contains(ds[0].Message.EN, "does not name kre under centers") {
		t.Errorf("a wrong citation in the default content: %+v", ds)
	}
}
