package validate_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/validate"
)

// TestOnceIsTheSame holds a run with Options.Once, which checks and decodes
// each document on the loader's workers and drops its tree at once, to a
// run that keeps the trees: the same findings, the same findings on later
// days (what the forecast reads), and the same model, value for value.
// The repositories are the default content, a synthetic one, and the
// base with each rule fixture's files, among them files that do not parse,
// an unreadable center.yaml and mandate texts.
func TestOnceIsTheSame(t *testing.T) {
	repos := testRepos(t)
	for _, r := range repos {
		kept := validate.Run(r.fsys, validate.Options{AsOf: r.asOf})
		once := validate.Run(r.fsys, validate.Options{AsOf: r.asOf, Once: true})
		if !reflect.DeepEqual(once.Diags, kept.Diags) {
			t.Errorf("%s: Once gives %d findings, keeping the trees %d, or others", r.name, len(once.Diags), len(kept.Diags))
			continue
		}
		for _, day := range []time.Time{r.asOf.AddDate(0, 7, 0), r.asOf.AddDate(3, 0, 0)} {
			if !reflect.DeepEqual(once.At(day, false), kept.At(day, false)) {
				t.Errorf("%s: as of %s Once gives other findings", r.name, day.Format(time.DateOnly))
			}
		}
		for _, d := range once.Repo.Docs {
			if d.Root != nil {
				t.Fatalf("%s: %s keeps its tree after a run with Once", r.name, d.Path)
			}
		}
		kept.Release() // the trees are all the two models may differ by
		if !reflect.DeepEqual(once.Repo.Centers, kept.Repo.Centers) || !reflect.DeepEqual(once.Repo.Decisions, kept.Repo.Decisions) ||
			!reflect.DeepEqual(once.Repo.Governance, kept.Repo.Governance) || !reflect.DeepEqual(once.Repo.People, kept.Repo.People) ||
			!reflect.DeepEqual(once.Repo.Mandates, kept.Repo.Mandates) || !reflect.DeepEqual(once.Repo.Unreadable, kept.Repo.Unreadable) {
			t.Errorf("%s: Once builds another model", r.name)
		}
	}
}
