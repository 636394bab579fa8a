package rules

import (
	"strconv"
	"testing"

	"github.com/ous-pm/pmgov/internal/model"
)

// TestInIsContains holds Pass.in, which makes a long list a set once per
// run, to the list's own Contains, for lists short and long, asked again
// and again within one run, and for two lists of one run.
func TestInIsContains(t *testing.T) {
	p := &Pass{}
	var lists []model.Strings
	for _, n := range []int{0, 1, 16, 17, 40} {
		var l model.Strings
		for i := range n {
			l = append(l, model.String{V: "t" + strconv.Itoa(i*2)})
		}
		lists = append(lists, l)
	}
	for round := range 2 {
		for _, l := range lists {
			for i := -1; i < 90; i++ {
				v := "t" + strconv.Itoa(i)
				if got, want := p.in(l, v), l.Contains(v); got != want {
					t.Fatalf("round %d, a list of %d: in(%q) = %v, Contains %v", round, len(l), v, got, want)
				}
			}
		}
	}
	// Only the lists longer than 16 (of 17 and 40) are made sets, once.
	if len(p.shared.sets) != 2 {
		t.Errorf("%d lists made sets, want 2", len(p.shared.sets))
	}
}
