package diag

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
)

// TestSortIsStable holds Sort to a stable sort by the same keys: random
// findings with many ties on every key (and findings that differ only in
// what Sort does not compare) come out in the same order from both.
func TestSortIsStable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 10, 100, 1000, 5000} {
		ds := make([]Diagnostic, n)
		for i := range ds {
			ds[i] = Diagnostic{
				Rule:     "r" + strconv.Itoa(r.IntN(3)),
				Severity: Severity(r.IntN(3)),
				Pos:      Pos{File: "f" + strconv.Itoa(r.IntN(4)), Line: r.IntN(3), Col: r.IntN(2)},
				Message:  Text{EN: "m" + strconv.Itoa(r.IntN(2))},
				Hint:     Text{EN: strconv.Itoa(i)}, // tells equal findings apart
			}
		}
		want := slices.Clone(ds)
		slices.SortStableFunc(want, func(a, b Diagnostic) int { return compare(&a, &b) })
		Sort(ds)
		if !slices.Equal(ds, want) {
			t.Fatalf("%d findings: Sort's order differs from a stable sort's", n)
		}
	}
}
