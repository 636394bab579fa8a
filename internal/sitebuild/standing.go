package sitebuild

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/internal/validate"
)

// Standing is how one center stands on the as-of date: what a dashboard
// card and the committee report show about it.
type Standing struct {
	Center *model.Center
	// Health is "error", "warning" or "ok": the worst open diagnostic.
	Health string
	// Term is the term covering the as-of date, else the last one begun;
	// TermNo is its 1-based number (0 when the center has no term).
	Term   *model.Term
	TermNo int
	// Evaluated reports whether the term's evaluation exists.
	Evaluated bool
	// EvalDays is the number of days from the as-of date to the end of the
	// term, when the evaluation is due (negative once it has ended).
	EvalDays int
	// LastReport is the latest status report, by period.
	LastReport *model.Report
	// MissingReports counts open status-report errors (a period whose
	// report is missing after its grace days).
	MissingReports int
	// Overdue are the actions past their due date and not done or cancelled.
	Overdue []Overdue
	// Diags are the diagnostics that concern the center, sorted.
	Diags                    []diag.Diagnostic
	Errors, Warnings, Waived int
	// Governed says a mandate governs the center (rules.Governed): only then
	// do terms, evaluations and status reports apply to it, and a card of a
	// technology center leaves them out rather than saying "none".
	Governed bool
	// Problems names in words what is wrong: the center's open errors and
	// warnings, the errors first, at most maxProblems of them (the card
	// says how many more).
	Problems     []diag.Diagnostic
	MoreProblems int
}

// maxProblems is how many findings a dashboard card names.
const maxProblems = 3

// Overdue is an action past its due date.
type Overdue struct {
	Center *model.Center
	Plan   *model.ActionPlan
	Action *model.Action
	// Days is how many days past due it is on the as-of date.
	Days int
}

// centerID is the center's id as its folder names it: safe for paths.
func centerID(c *model.Center) string {
	if c.Doc != nil && c.Doc.Center != "" {
		return c.Doc.Center
	}
	return pathSafe(c.ID.V)
}

// pathSafe keeps the characters a file name in the site may use.
func pathSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), ".")
	if out == "" {
		return "-"
	}
	return out
}

// concerns reports whether d is about center id: it names the center, or
// points into the center's folder.
func concerns(d diag.Diagnostic, id string) bool {
	return d.Center == id || strings.HasPrefix(d.Pos.File, "centers/"+id+"/")
}

// days is the whole number of days from a to b.
func days(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

// standings computes every center's standing: the treatment centers the
// mandate governs first (they are what the committee steers), then the
// technology centers, each in the repository's order.
func standings(res *validate.Result, asOf time.Time) []*Standing {
	out := make([]*Standing, 0, len(res.Repo.Centers))
	for _, c := range res.Repo.Centers {
		out = append(out, standingOf(res, c, asOf))
	}
	slices.SortStableFunc(out, func(a, b *Standing) int {
		return cmp.Compare(kindRank(a.Center), kindRank(b.Center))
	})
	return out
}

func kindRank(c *model.Center) int {
	if c.Kind.V == "treatment" {
		return 0
	}
	return 1
}

func standingOf(res *validate.Result, c *model.Center, asOf time.Time) *Standing {
	id := centerID(c)
	s := &Standing{Center: c, Health: "ok"}
	for _, d := range res.Diags {
		if !concerns(d, id) {
			continue
		}
		s.Diags = append(s.Diags, d)
		switch d.Severity {
		case diag.Error:
			s.Errors++
			if d.Rule == "status-report" {
				s.MissingReports++
			}
		case diag.Warning:
			s.Warnings++
		case diag.Waived:
			s.Waived++
		}
	}
	switch {
	case s.Errors > 0:
		s.Health = "error"
	case s.Warnings > 0:
		s.Health = "warning"
	}
	_, s.Governed = rules.Governed(c)
	for _, sev := range []diag.Severity{diag.Error, diag.Warning} {
		for _, d := range s.Diags {
			if d.Severity != sev {
				continue
			}
			if len(s.Problems) < maxProblems {
				s.Problems = append(s.Problems, d)
			} else {
				s.MoreProblems++
			}
		}
	}
	for i := range c.Terms {
		t := &c.Terms[i]
		if !t.Start.Valid() || t.Start.After(asOf) {
			continue
		}
		s.Term, s.TermNo = t, i+1
		if t.End.Valid() && !t.End.Before(asOf) {
			break
		}
	}
	if s.Term != nil {
		s.Evaluated = c.EvaluationOfTerm(s.TermNo) != nil
		if s.Term.End.Valid() {
			s.EvalDays = days(asOf, s.Term.End.Time)
		}
	}
	for _, r := range c.Reports {
		if s.LastReport == nil || r.Doc.PathID > s.LastReport.Doc.PathID {
			s.LastReport = r
		}
	}
	s.Overdue = overdueActions(c, asOf)
	return s
}

// overdueActions lists the center's actions past due on asOf and neither
// done nor cancelled, the most overdue first.
func overdueActions(c *model.Center, asOf time.Time) []Overdue {
	var out []Overdue
	for _, p := range c.ActionPlans {
		for i := range p.Actions {
			a := &p.Actions[i]
			if !a.Due.Valid() || !a.Due.Before(asOf) || a.Status.V == "done" || a.Status.V == "cancelled" {
				continue
			}
			out = append(out, Overdue{Center: c, Plan: p, Action: a, Days: days(a.Due.Time, asOf)})
		}
	}
	slices.SortStableFunc(out, func(a, b Overdue) int {
		return cmp.Or(cmp.Compare(b.Days, a.Days), cmp.Compare(a.Action.ID.V, b.Action.ID.V))
	})
	return out
}

// currentPlan is the action plan for the as-of year, else the latest one.
func currentPlan(c *model.Center, asOf time.Time) *model.ActionPlan {
	if p := c.ActionPlan(asOf.Year()); p != nil {
		return p
	}
	var last *model.ActionPlan
	for _, p := range c.ActionPlans {
		if last == nil || p.Doc.PathID > last.Doc.PathID {
			last = p
		}
	}
	return last
}

// actionStatuses are the statuses of an action, in the order charts and
// tables show them.
var actionStatuses = []string{"planned", "in-progress", "delayed", "done", "cancelled"}
