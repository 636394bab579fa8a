package rules

import (
	"slices"
	"testing"
)

// TestOrderIsTheCatalogue ties order, which sorts All for rules.md, to the
// rule families: every rule is in order exactly once, and order names no
// rule that does not exist. Without it a new rule sorts first, unnoticed.
func TestOrderIsTheCatalogue(t *testing.T) {
	seen := map[string]int{}
	for _, id := range order {
		seen[id]++
		if ByID(id) == nil {
			t.Errorf("order names %q, which is no rule", id)
		}
	}
	for _, r := range All {
		switch seen[r.ID] {
		case 0:
			t.Errorf("rule %s is not in order (catalogue.go)", r.ID)
		case 1:
		default:
			t.Errorf("rule %s is in order %d times", r.ID, seen[r.ID])
		}
	}
	if len(All) != len(order) {
		t.Errorf("All has %d rules, order %d ids", len(All), len(order))
	}
	ids := IDs()
	if !slices.Equal(ids, order) {
		t.Errorf("All is not in order's order:\n%v\n%v", ids, order)
	}
}
