package rules_test

import (
	shared "github.com/ous-pm/pmgov/internal/fixture"

	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

// TestTimeSeverities asserts what the fixture wants cannot: the severity of
// each finding (warning or error by case, info for a proposed center,
// waived under a waiver, error under --strict) and the waiving decision.
func TestTimeSeverities(t *testing.T) {
	for name, want := range map[string]map[string]diag.Severity{
		"action-overdue-day-after":             {"action-overdue": diag.Warning},
		"action-overdue-strict":                {"action-overdue": diag.Error},
		"action-overdue-waived-until-today":    {"action-overdue": diag.Waived},
		"action-overdue-waived-until-tomorrow": {"action-overdue": diag.Waived},
		"action-overdue-waiver-expired":        {"action-overdue": diag.Warning, "waiver": diag.Warning},
		"action-overdue-waiver-unknown-rule":   {"action-overdue": diag.Warning, "schema": diag.Error},
		"status-report-waived":                 {"status-report": diag.Waived, "investment-advice": diag.Error},
		"evaluation-due-notice-opens":          {"evaluation-due": diag.Warning},
		"evaluation-due-ends-today":            {"evaluation-due": diag.Warning},
		"evaluation-due-ended":                 {"evaluation-due": diag.Error},
		"evaluation-due-evaluated-later":       {"evaluation-due": diag.Error},
		"status-report-late":                   {"status-report": diag.Warning},
		"status-report-missing":                {"status-report": diag.Error},
		"status-report-submitted-later":        {"status-report": diag.Error},
		"status-report-proposed": {"term": diag.Info, "strategy-current": diag.Info, "action-plan-current": diag.Info,
			"status-report": diag.Info, "effort-allocation": diag.Info, "decision-ref": diag.Info},
		"strategy-current-missing":                          {"strategy-current": diag.Error, "ref": diag.Error},
		"decision-ref-strategy-current-wrong-decision-type": {"decision-ref": diag.Error},
		"action-plan-current-missing":                       {"action-plan-current": diag.Error, "ref": diag.Error},
		"effort-allocation-sum-99-9":                        {"effort-allocation": diag.Error},
		"investment-advice-none":                            {"investment-advice": diag.Error},
		"report-actions-missing":                            {"report-actions": diag.Warning},
		"term-first-day-too-long":                           {"term": diag.Error},
	} {
		t.Run(name, func(t *testing.T) {
			f := loadFixture(t, filepath.Join("testdata", "cases", name+".txtar"))
			res := f.run()
			seen := map[string]bool{}
			for _, d := range res.Diags {
				sev, ok := want[d.Rule]
				if !ok {
					continue
				}
				seen[d.Rule] = true
				if d.Severity != sev {
					t.Errorf("%s [%s]: severity %s, want %s", d.Pos, d.Rule, d.Severity, sev)
				}
				if (d.Severity == diag.Waived) != (d.WaivedBy == "PMU-2025-02") {
					t.Errorf("%s [%s]: severity %s waived by %q", d.Pos, d.Rule, d.Severity, d.WaivedBy)
				}
			}
			for rule := range want {
				if !seen[rule] {
					t.Errorf("no %s finding", rule)
				}
			}
			if strings.Contains(name, "waived") {
				for _, d := range res.Diags {
					if d.Severity == diag.Error && want[d.Rule] != diag.Error {
						t.Errorf("a waived finding failed the run: %s [%s]", d.Pos, d.Rule)
					}
				}
			}
		})
	}
}

var timeRuleIDs = []string{"term", "evaluation-due", "strategy-current", "action-plan-current", "action-overdue",
	"investment-advice", "effort-allocation", "status-report", "report-actions"}

// TestTimeMessages checks every finding of the date and reporting rules in
// every fixture: a position in a file, the clause, and a message and a hint
// in both languages that differ (so neither is an untranslated copy).
func TestTimeMessages(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "cases", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cases {
		f := loadFixture(t, c)
		for _, d := range f.run().Diags {
			if !contains(timeRuleIDs, d.Rule) {
				continue
			}
			n++
			where := fmt.Sprintf("%s: %s [%s]", filepath.Base(c), d.Pos, d.Rule)
			if d.Pos.File == "" || d.Pos.Line < 1 || d.Pos.Col < 1 {
				t.Errorf("%s: no position", where)
			}
			if d.Clause == "" || d.Center == "" {
				t.Errorf("%s: clause %q, center %q", where, d.Clause, d.Center)
			}
			for _, txt := range []diag.Text{d.Message, d.Hint} {
				if txt.NB == "" || txt.EN == "" || txt.NB == txt.EN || strings.Contains(txt.NB+txt.EN, "%!") {
					t.Errorf("%s: text %+v", where, txt)
				}
			}
		}
	}
	if n < 60 {
		t.Errorf("only %d findings of the date rules in the fixtures", n)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// TestTimeRulesReadAsOfOnly runs the same repository at two dates and
// expects different findings: the rules judge Pass.AsOf, not the clock.
func TestTimeRulesReadAsOfOnly(t *testing.T) {
	repo := buildRepo(t, baseFS(t))
	count := func(asOf time.Time) int {
		n := 0
		for _, d := range rules.Check(repo, rules.Options{AsOf: asOf}) {
			if contains(timeRuleIDs, d.Rule) {
				n++
			}
		}
		return n
	}
	if n := count(DefaultAsOf); n != 0 {
		t.Errorf("as of %s: %d findings, want none", DefaultAsOf.Format(time.DateOnly), n)
	}
	// Four years on: strategy, plan, reports, advice and evaluation are all
	// out of date.
	if n := count(DefaultAsOf.AddDate(4, 0, 0)); n < 5 {
		t.Errorf("as of four years later: %d findings, want at least 5", n)
	}
}

func baseFS(testing.TB) fstest.MapFS { return shared.BaseWith(nil) }

func buildRepo(t testing.TB, fsys fstest.MapFS) *model.Repository {
	lr := load.Load(fsys)
	repo, ds := model.Build(lr.Docs, lr.Sources, lr.Files)
	for _, d := range append(lr.Diags, ds...) {
		t.Fatalf("%s: %s [%s]", d.Pos, d.Message.EN, d.Rule)
	}
	return repo
}

// BenchmarkRules times rules.Check alone over the 10,000-document
// synthetic repository (100 centers of 100 documents), loaded and modelled
// once outside the timer, as of a day it is clean on. Compare with
// BenchmarkValidate10k in internal/validate for the rules' share of a run.
func BenchmarkRules(b *testing.B) {
	fsys := synth.MapFS(synth.Spec{Centers: 100, DocsPerCenter: 99})
	lr := load.Load(fsys)
	repo, _ := model.Build(lr.Docs, lr.Sources, lr.Files)
	asOf := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	if ds := rules.Check(repo, rules.Options{AsOf: asOf}); len(ds) > 0 {
		b.Fatalf("the synthetic repository is not clean: %s: %s [%s]", ds[0].Pos, ds[0].Message.EN, ds[0].Rule)
	}
	b.ReportMetric(float64(len(lr.Docs)), "docs")
	b.ReportAllocs()
	for b.Loop() {
		rules.Check(repo, rules.Options{AsOf: asOf})
	}
}

// FuzzTimeRules feeds odd dates, shares and as-of dates through the whole
// run: whatever the input, the date rules report positioned findings and
// never panic.
func FuzzTimeRules(f *testing.F) {
	f.Add("2021-09-01", "2024-08-31", "55", "45", "percent", "tertial", int64(0))
	f.Add("2024-02-29", "2027-02-28", "0", "0", "fte", "annual", int64(-400))
	f.Add("0001-01-01", "9999-12-31", "1e308", "-1e308", "nok", "quarterly", int64(3000))
	f.Add("2024-09-01", "2021-09-01", "x", "", "percent", "weekly", int64(1))
	f.Fuzz(func(t *testing.T, start, end, a, b, unit, cadence string, shift int64) {
		if shift < -40000 || shift > 40000 {
			return
		}
		fsys := baseFS(t)
		replace := func(name, old, new string) {
			fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys[name].Data), old, new, 1))}
		}
		replace("centers/kre/center.yaml", "{start: 2021-09-01, end: 2024-08-31}", fmt.Sprintf("{start: %q, end: %q}", start, end))
		replace("centers/kre/reports/2025-T1.md", "share: 55,", fmt.Sprintf("share: %s,", a))
		replace("centers/kre/reports/2025-T1.md", "share: 45,", fmt.Sprintf("share: %s,", b))
		replace("centers/kre/reports/2025-T1.md", "unit: percent", fmt.Sprintf("unit: %q", unit))
		replace("governance.yaml", "cadence: tertial", fmt.Sprintf("cadence: %q", cadence))
		asOf := DefaultAsOf.AddDate(0, 0, int(shift))
		for _, d := range validate.Run(fsys, validate.Options{AsOf: asOf}).Diags {
			if contains(timeRuleIDs, d.Rule) && (d.Pos.File == "" || d.Pos.Line < 1) {
				t.Errorf("[%s] %s: no position", d.Rule, d.Message.EN)
			}
		}
	})
}
