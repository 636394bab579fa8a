package rules_test

import (
	"testing"

	"github.com/ous-pm/pmgov/internal/diag"

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

// The mandate's words set each rule's force: a binding verb gives an
// error, an advisory one a warning, unless the rule says why not.
func TestVerbSetsSeverity(t *testing.T) {
	for _, r := range rules.All {
		if r.Clause == "" {
			if r.Verb != "" {
				t.Errorf("%s cites no clause but has the verb %q", r.ID, r.Verb)
			}
			continue
		}
		if r.Verb == "" {
			t.Errorf("%s (clause %s) does not say the clause's verb", r.ID, r.Clause)
			continue
		}
		if r.Force != (diag.Text{}) {
			continue
		}
		advisory := rules.Advisory(r.Verb)
		if advisory && r.Severity != diag.Warning || !advisory && r.Severity != diag.Error {
			t.Errorf("%s: the clause says %q, but the default severity is %s and no Force says why", r.ID, r.Verb, r.Severity)
		}
	}
}
