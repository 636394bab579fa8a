package validate_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/validate"
)

// TestAtIsARunOnThatDay holds Result.At, which the forecast judges later
// days with, to what validate finds on that day: At(day) of a run as of one
// date gives the findings of a run as of day, in the same order, strict or
// not. It judges the default content, a synthetic repository and the base
// with each rule fixture's files, each on days before, at and after its
// own date, so that every rule's findings move.
func TestAtIsARunOnThatDay(t *testing.T) {
	repos := testRepos(t)
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
