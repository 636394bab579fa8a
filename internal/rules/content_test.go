package rules_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/validate"
)

// dateRules judge a center's dates and reporting (terms, evaluations,
// strategies and plans in force, overdue actions, status reports). They have
// fixtures of their own; the scenarios below add whole centers to the base
// and are about what a center has and does, so their findings are left out.
var dateRules = []string{
	"term", "evaluation-due", "strategy-current", "action-plan-current", "action-overdue",
	"status-report", "report-actions", "investment-advice", "effort-allocation",
}

// runScenario runs testdata/scenarios/<name>.txtar and returns its fixture
// and its findings without those of the date rules.
func runScenario(t *testing.T, name string) (*fixture, *validate.Result) {
	t.Helper()
	f := loadFixture(t, filepath.Join("testdata", "scenarios", name+".txtar"))
	return f, withoutDateRules(f.run())
}

func withoutDateRules(res *validate.Result) *validate.Result {
	out := *res
	out.Diags = slices.DeleteFunc(slices.Clone(res.Diags), func(d diag.Diagnostic) bool {
		return slices.Contains(dateRules, d.Rule)
	})
	return &out
}

// TestScenarios runs the cases that need more than one center: each must
// produce exactly the findings its "# want:" comments name.
func TestScenarios(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "scenarios", "*.txtar"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no scenarios in testdata/scenarios (%v)", err)
	}
	for _, c := range cases {
		name := strings.TrimSuffix(filepath.Base(c), ".txtar")
		t.Run(name, func(t *testing.T) {
			f, res := runScenario(t, name)
			checkWants(t, f, res)
		})
	}
}

// find returns the findings of rule.
func find(res *validate.Result, rule string) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range res.Diags {
		if d.Rule == rule {
			out = append(out, d)
		}
	}
	return out
}

func TestThemeTwoActiveIsAnError(t *testing.T) {
	_, res := runScenario(t, "theme-two-active")
	ds := find(res, "theme")
	if len(ds) != 1 || ds[0].Severity != diag.Error || ds[0].Center != "kre2" {
		t.Fatalf("want one theme error for kre2, got %+v", ds)
	}
	if !strings.Contains(ds[0].Message.NB, "temaet cancer har allerede det aktive senteret kre") {
		t.Errorf("message names neither the theme nor the other center: %s", ds[0].Message.NB)
	}
}

// A proposed center is told what will be required, as info: nothing about
// it fails the run.
func TestProposedCenterGetsInfo(t *testing.T) {
	for _, name := range []string{"proposed-center", "theme-proposed-duplicate"} {
		_, res := runScenario(t, name)
		n := 0
		for _, d := range res.Diags {
			if d.Center != "inf" && d.Center != "kre2" {
				continue
			}
			n++
			if d.Severity != diag.Info {
				t.Errorf("%s: %s: %s is %s, want info", name, d.Pos, d.Rule, d.Severity)
			}
			if d.Rule != "theme" && d.Rule != "initial-centers" && !strings.Contains(d.Message.EN, "will be required once it is established") {
				t.Errorf("%s: %s: the message does not say it is required once established: %s", name, d.Rule, d.Message.EN)
			}
		}
		if n == 0 {
			t.Errorf("%s: no findings about the proposed center", name)
		}
		if res.Failed() {
			t.Errorf("%s: a proposed center failed the run", name)
		}
	}
}

// TestSecondMandate proves the rules read their demands from the mandate's
// data: a technology mandate with other parameters makes them demand other
// things of the technology center bound to it, and editing the data alone
// changes the demand, while the treatment center is judged as before.
func TestSecondMandate(t *testing.T) {
	f, res := runScenario(t, "second-mandate")
	checkWants(t, f, res)

	for _, d := range res.Diags {
		if d.Center == "kre" {
			t.Errorf("the treatment center is judged differently: %s: %s [%s]", d.Pos, d.Message.EN, d.Rule)
		}
	}
	wants := map[string][]string{
		"anchor-level":     {"the mandate says the centers should be tied to the hospital's line organisation at level N3"},
		"board-competence": {"lacks competence in technology"},
		"tasks": {
			`no action for the tasks "education of clinicians (O3)" and "national liaison (O4)"`,
			`the task "coordination" is not in the mandate technology-centers`,
		},
		"education": {"clinicians and health personnel (health-personnel)"},
	}
	for rule, msgs := range wants {
		ds := find(res, rule)
		for _, msg := range msgs {
			found := false
			for _, d := range ds {
				found = found || strings.Contains(d.Message.EN, msg)
			}
			if !found {
				t.Errorf("%s: no finding says %q; got %v", rule, msg, messages(ds))
			}
		}
	}

	// The same repository with the mandate's anchor level set to N2: the
	// demand follows the data.
	edited := fstest.MapFS{}
	for k, v := range f.fsys {
		edited[k] = v
	}
	m := string(f.fsys["committee/mandates/technology-centers.yaml"].Data)
	edited["committee/mandates/technology-centers.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(m, "anchor_level: N3", "anchor_level: N2", 1))}
	res2 := validate.Run(edited, validate.Options{AsOf: f.asOf})
	if ds := find(res2, "anchor-level"); len(ds) != 0 {
		t.Errorf("with anchor_level N2 the center anchored at KLM (N2) should pass; got %v", messages(ds))
	}
}

func messages(ds []diag.Diagnostic) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Pos.String() + ": " + d.Message.EN
	}
	return out
}

// A shared theme is reported at the center established later, whichever
// comes first in file order, with the decision that established it.
func TestSharedThemeAtTheLaterCenter(t *testing.T) {
	_, res := runScenario(t, "theme-established-first-in-file-later")
	ds := find(res, "theme")
	if len(ds) != 1 {
		t.Fatalf("theme findings: %+v", ds)
	}
	if d := ds[0]; d.Pos.File != "centers/kre/center.yaml" || !strings.Contains(d.Message.EN, "the theme cancer already has the active center kre2 (centers/kre2/center.yaml), and kre was established later, by decision PMU-2021-02 (2021-06-10)") {
		t.Errorf("the finding: %s %s", d.Pos, d.Message.EN)
	}
}
