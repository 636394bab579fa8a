package rules

import (
	"slices"
	"strings"

	"github.com/ous-pm/pmgov/internal/spelling"
)

// All is the catalogue in the order of rules.md. Ids are a contract: CI
// configuration, waivers and people's habits depend on them. Each rule
// family is one file declaring a slice; this list joins them.
var All = catalogue(
	structureRules,
	changeRules,
	decisionRules,
	organisationRules,
	contentRules,
	personalIDRules,
	timeRules,
)

func catalogue(families ...[]*Rule) []*Rule {
	all := slices.Concat(families...)
	slices.SortStableFunc(all, func(a, b *Rule) int {
		return slices.Index(order, a.ID) - slices.Index(order, b.ID)
	})
	return all
}

// order is the catalogue order of rules.md, used to sort All.
var order = []string{
	"syntax", "schema", "unknown-file", "id-mismatch", "duplicate-id", "ref", "decision-ref", "limits", "personal-id",
	"initial-centers", "anchor-level", "cross-clinic", "leader", "leader-in-line", "board-competence",
	"term", "evaluation-due", "theme", "focus-areas", "strategy-current", "action-plan-current", "tasks",
	"action-owner", "action-overdue", "research", "patient-pathways", "investment-advice", "education",
	"national-liaison", "internal-organisation", "funding", "matrix", "effort-allocation",
	"committee-member", "status-report", "report-actions", "closed-center",
	"ownership", "codeowners", "change-decision", "waiver",
}

// ByID returns the rule with id, or nil.
func ByID(id string) *Rule {
	for _, r := range All {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// IDs lists every rule id in catalogue order.
func IDs() []string {
	out := make([]string, len(All))
	for i, r := range All {
		out[i] = r.ID
	}
	return out
}

// Suggest returns the ids nearest to an unknown id: a close spelling first,
// then ids sharing a word with it.
func Suggest(id string) []string {
	var out []string
	if n := spelling.Nearest(id, IDs()); n != "" {
		out = append(out, n)
	}
	for _, r := range All {
		if slices.Contains(out, r.ID) {
			continue
		}
		for _, w := range strings.Split(id, "-") {
			if len(w) >= 4 && strings.Contains(r.ID, w) {
				out = append(out, r.ID)
				break
			}
		}
	}
	if len(out) > 5 {
		out = out[:5]
	}
	return out
}
