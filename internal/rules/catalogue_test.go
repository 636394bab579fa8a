package rules_test

import (
	"testing"

	"github.com/ous-pm/pmgov/internal/rules"
)

func mandateRuleIDs() []string {
	var ids []string
	for _, r := range rules.All {
		if r.Scope == rules.PerCenter || r.Scope == rules.Repo {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func TestCatalogueComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range rules.All {
		if seen[r.ID] {
			t.Errorf("rule %s registered twice", r.ID)
		}
		seen[r.ID] = true
		if r.Summary.NB == "" || r.Summary.EN == "" || r.Doc.NB == "" || r.Doc.EN == "" {
			t.Errorf("rule %s: summary and doc are needed in both languages", r.ID)
		}
		if r.Example == "" || r.Fix == "" {
			t.Errorf("rule %s: needs an example and its fix", r.ID)
		}
		if (r.Scope == rules.PerCenter || r.Scope == rules.Repo) && (r.Check == nil || r.Clause == "") {
			t.Errorf("rule %s: a mandate rule needs a check and a clause", r.ID)
		}
	}
}
