package validate_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/synth"
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
	type repo struct {
		name string
		fsys fs.FS
		asOf time.Time
	}
	repos := []repo{
		{"default content", os.DirFS("../.."), contentDate},
		{"synthetic", synth.MapFS(synth.Spec{Centers: 5, DocsPerCenter: 40}), contentDate},
		{"unreadable center.yaml", fixture.BaseWith(map[string]string{"centers/kre/center.yaml": "id: kre\nname: \"Kreft\n"}), fixture.BaseAsOf},
	}
	cases, _ := filepath.Glob("../rules/testdata/cases/*.txtar")
	if len(cases) < 100 {
		t.Fatalf("only %d rule fixtures in ../rules/testdata/cases", len(cases))
	}
	for _, c := range cases {
		a, err := txtar.ParseFile(c)
		if err != nil {
			t.Fatal(err)
		}
		fsys := fixture.BaseWith(nil)
		for _, f := range a.Files {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		}
		repos = append(repos, repo{filepath.Base(c), fsys, fixture.BaseAsOf})
	}
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
