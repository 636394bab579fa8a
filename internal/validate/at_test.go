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

// TestAtIsARunOnThatDay holds Result.At, which the forecast judges later
// days with, to what validate finds on that day: At(day) of a run as of one
// date gives the findings of a run as of day, in the same order, strict or
// not. It judges the default content, a synthetic repository and the base
// with each rule fixture's files, each on days before, at and after its
// own date, so that every rule's findings move.
func TestAtIsARunOnThatDay(t *testing.T) {
	type repo struct {
		name string
		fsys fs.FS
		asOf time.Time
	}
	repos := []repo{
		{"default content", os.DirFS("../.."), contentDate},
		{"synthetic", synth.MapFS(synth.Spec{Centers: 5, DocsPerCenter: 40}), contentDate},
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
	compared := 0
	for _, r := range repos {
		res := validate.Run(r.fsys, validate.Options{AsOf: r.asOf})
		for _, day := range []time.Time{r.asOf.AddDate(-2, 0, 0), r.asOf, r.asOf.AddDate(0, 7, 0), r.asOf.AddDate(3, 1, 0)} {
			for _, strict := range []bool{false, true} {
				want := validate.Run(r.fsys, validate.Options{AsOf: day, Strict: strict}).Diags
				if got := res.At(day, strict); !reflect.DeepEqual(got, want) {
					t.Errorf("%s: At(%s, strict %v) gives %d findings, a run on that day %d, or others",
						r.name, day.Format(time.DateOnly), strict, len(got), len(want))
				}
				compared += len(want)
			}
		}
	}
	if compared < 10000 {
		t.Errorf("only %d findings compared", compared)
	}
}
