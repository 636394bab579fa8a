package rules_test

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/internal/synth"
)

// TestCheckIsEveryRuleRun holds Check, which runs the per-center rules
// center by center, and CheckDated to what running each rule on its own
// gives (Run, rule by rule): the same findings, in the same order once
// sorted, ties included. It runs every fixture case, the base and a small
// synthetic repository, each on its own date and on later ones, where the
// date rules find the most.
func TestCheckIsEveryRuleRun(t *testing.T) {
	repos := modelRepos(t)
	checked, found := 0, 0
	for _, rp := range repos {
		for _, asOf := range []time.Time{rp.asOf, rp.asOf.AddDate(1, 2, 3), rp.asOf.AddDate(4, 0, 0)} {
			opt := rules.Options{AsOf: asOf}
			var all, dated []diag.Diagnostic
			for _, r := range rules.All {
				_, ds := rules.Run(r, rp.repo, opt)
				all = append(all, ds...)
				if rules.ReadsDate(r) {
					dated = append(dated, ds...)
				}
			}
			for _, c := range []struct {
				name      string
				got, want []diag.Diagnostic
			}{
				{"Check", rules.Check(rp.repo, opt), all},
				{"CheckDated", rules.CheckDated(rp.repo, opt), dated},
			} {
				diag.Sort(c.got)
				diag.Sort(c.want)
				if !reflect.DeepEqual(c.got, c.want) {
					t.Errorf("%s as of %s: %s gives %d findings, the rules one by one %d, or in another order",
						rp.name, asOf.Format(time.DateOnly), c.name, len(c.got), len(c.want))
				}
			}
			checked++
			found += len(all)
		}
	}
	// The comparison means something only if the rules found much.
	if found < 1000 {
		t.Errorf("%d runs found only %d findings", checked, found)
	}
}

// modelRepo is a repository's model and the date its case judges it on.
type modelRepo struct {
	name string
	repo *model.Repository
	asOf time.Time
}

// modelRepos are the models of the base, of every fixture case and of a
// small synthetic repository: between them every rule finds something.
func modelRepos(t *testing.T) []modelRepo {
	t.Helper()
	cases, err := filepath.Glob(filepath.Join("testdata", "cases", "*.txtar"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var repos []modelRepo
	for _, c := range append([]string{""}, cases...) {
		f := loadFixture(t, c)
		lr := load.Load(f.fsys)
		r, _ := model.Build(lr.Docs, lr.Sources, lr.Files)
		repos = append(repos, modelRepo{orDefault(c, "base"), r, f.asOf})
	}
	lr := load.Load(synth.MapFS(synth.Spec{Centers: 7, DocsPerCenter: 30}))
	r, _ := model.Build(lr.Docs, lr.Sources, lr.Files)
	return append(repos, modelRepo{"synthetic", r, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
