package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/period"
)

// timeRules judge a center against the calendar: its terms and their
// evaluations (A), a current strategy and action plan (O4), overdue actions
// (O4, R), status reports per reporting period (R), investment advice (O5)
// and the effort allocation each report gives (P8). Every date is compared
// with Pass.AsOf, never the clock, so any past state can be replayed.
var timeRules = []*Rule{termRule, evaluationDue, strategyCurrent, actionPlanCurrent, actionOverdue,
	investmentAdvice, effortAllocation, statusReport, reportActions}

// Defaults for settings governance.yaml may leave out; they are the
// defaults its schema documents.
const (
	defaultGraceDays  = 30
	defaultNoticeDays = 180
)

func proposed(c *model.Center) bool { return c.Status.V == "proposed" }

// dir is the center's folder name, as files are created under centers/.
func dir(c *model.Center) string {
	if c.Doc != nil && c.Doc.Center != "" {
		return c.Doc.Center
	}
	return c.ID.V
}

// join concatenates texts in both languages.
func join(parts ...diag.Text) diag.Text {
	var out diag.Text
	for _, t := range parts {
		out.NB += t.NB
		out.EN += t.EN
	}
	return out
}

func date(t time.Time) string { return t.Format(time.DateOnly) }

// days counts the calendar days from a to b.
func days(a, b time.Time) int { return int(math.Round(b.Sub(a).Hours() / 24)) }

// nDays is "1 day" or "n days" in both languages.
func nDays(n int) diag.Text {
	if n == 1 || n == -1 {
		return diag.M("rules.n-days.text", n)
	}
	return diag.M("rules.n-days.text-2", n)
}

// inDays says when something n days ahead happens: today, tomorrow or in n
// days.
func inDays(n int) diag.Text {
	switch n {
	case 0:
		return diag.M("rules.in-days.text")
	case 1:
		return diag.M("rules.in-days.text-2")
	}
	return join(diag.M("rules.in-days.message"), nDays(n))
}

// currentTerm is the term that holds the as-of date or, when none does, the
// latest term that has started. It is nil when no term with a valid start
// has started.
func currentTerm(c *model.Center, asOf time.Time) *model.Term {
	var t *model.Term
	for i := range c.Terms {
		ti := &c.Terms[i]
		if !ti.Start.Valid() || ti.Start.After(asOf) {
			continue
		}
		if ti.End.Valid() && !asOf.After(ti.End.Time) {
			return ti
		}
		if t == nil || ti.Start.After(t.Start.Time) {
			t = ti
		}
	}
	return t
}

func governance(r *model.Repository) (cadence string, grace, notice int) {
	grace, notice = defaultGraceDays, defaultNoticeDays
	g := r.Governance
	if g == nil {
		return "", grace, notice
	}
	if g.Reporting.GraceDays.OK {
		grace = g.Reporting.GraceDays.V
	}
	if g.EvaluationNoticeDays.OK {
		notice = g.EvaluationNoticeDays.V
	}
	return g.Reporting.Cadence.V, grace, notice
}

// cadenceWords names a cadence's period in both languages.
func cadenceWords(cadence string) diag.Text {
	switch cadence {
	case period.Quarterly:
		return diag.M("rules.cadence-words.text")
	case period.Semiannual:
		return diag.M("rules.cadence-words.text-2")
	case period.Annual:
		return diag.M("rules.cadence-words.text-3")
	}
	return diag.M("rules.cadence-words.text-4")
}

var termRule = &Rule{
	ID: "term", Verb: "skal", Clause: "A", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.M("rule.term.summary"),
	Doc:     diag.M("rule.term.doc"),
	Example: "terms:\n  - {start: 2021-09-01, end: 2024-09-01}\n  - {start: 2024-09-02, end: 2027-08-31}\n",
	Fix:     "terms:\n  - {start: 2021-09-01, end: 2024-08-31}\n  - {start: 2024-09-01, end: 2027-08-31, after_evaluation: term-1, decision: PMU-2024-05}\n",
	Check: func(p *Pass) {
		c, years := p.Center, p.Mandate.TermYears
		if len(c.Terms) == 0 {
			missingTerms(p, years)
			return
		}
		first := c.Terms[0]
		if first.Start.Valid() && first.End.Valid() && years.OK && years.V > 0 {
			want := period.TermEnd(first.Start.Time, years.V)
			if !first.End.Equal(want) {
				p.Report(first.End.Pos,
					diag.M("rule.term.message",
						first.Start.String(), first.End.String(), years.V, date(want)),
					diag.M("rule.term.hint", date(want), date(want.AddDate(0, 0, 1))))
			}
		}
		for i, t := range c.Terms {
			if t.Start.Valid() && t.End.Valid() && t.End.Before(t.Start.Time) {
				p.Report(t.End.Pos,
					diag.M("rule.term.message-2", i+1, t.End.String(), t.Start.String()),
					diag.M("rule.term.hint-2"))
			}
			if i > 0 {
				laterTerm(p, i)
			}
		}
	},
}

func missingTerms(p *Pass, years model.Int) {
	c := p.Center
	n := 3
	if years.OK && years.V > 0 {
		n = years.V
	}
	start := p.AsOf
	if d := p.Repo.Decision(c.EstablishedBy.V); d != nil && d.Date.Valid() {
		start = d.Date.Time
	}
	example := fmt.Sprintf("terms: [{start: %s, end: %s}]", date(start), date(period.TermEnd(start, n)))
	if proposed(c) {
		p.ReportSeverity(diag.Info, c.KeyPos("terms"),
			diag.M("rules.missing-terms.message", n),
			diag.M("rules.missing-terms.hint", example))
		return
	}
	p.Report(c.KeyPos("terms"),
		diag.M("rules.missing-terms.message-2", n),
		diag.M("rules.missing-terms.hint-2", example))
}

// termDecision checks that term i (0-based, i > 0) cites the committee
// decision that started it and ends when that decision says, and returns
// the decision (nil when it cites none that exists). Whether the decision
// fits (type, center, date) is decision-ref's finding.
func termDecision(p *Pass, i int) *model.Decision {
	c := p.Center
	t := c.Terms[i]
	n := i + 1
	if !t.Decision.Set() {
		hint := diag.M("rules.term-decision.hint", c.ID.V)
		if d := decisionFor(p, "evaluation", c.ID.V); d != nil {
			hint = diag.M("rules.term-decision.hint-2", c.ID.V, d.ID.V, d.Title.V, n, d.ID.V)
		}
		p.Report(t.KeyPos("decision"),
			diag.M("rules.term-decision.message", n, t.Start.String()),
			hint)
		return nil
	}
	d := p.Repo.Decision(t.Decision.V)
	if d == nil {
		return nil // ref reports a decision that does not exist
	}
	switch {
	case !d.TermEnd.Valid():
		p.Report(t.Decision.Pos,
			diag.M("rules.term-decision.message-2", d.ID.V, n),
			diag.M("rules.term-decision.hint-3", d.File()))
	case t.End.Valid() && !t.End.Equal(d.TermEnd.Time):
		p.Report(t.End.Pos,
			diag.M("rules.term-decision.message-3", n, t.End.String(), d.ID.V, d.TermEnd.String()),
			diag.M("rules.term-decision.hint-4", d.TermEnd.String(), c.ID.V))
	}
	return d
}

// evaluationDueDate gives the day by which term i (0-based) is to be
// evaluated: the first term's end, as the mandate asks, and for a later
// term the evaluation_due of the decision that started it, with that
// decision; an invalid date when nobody asks for an evaluation.
func evaluationDueDate(p *Pass, i int) (model.Date, *model.Decision) {
	t := p.Center.Terms[i]
	if i == 0 {
		return t.End, nil
	}
	if d := p.Repo.Decision(t.Decision.V); d != nil && d.EvaluationDue.Valid() {
		return d.EvaluationDue, d
	}
	return model.Date{}, nil
}

// laterTerm checks that term i (0-based, i > 0) was started by a decision,
// builds on an evaluation of the term before and does not overlap it.
func laterTerm(p *Pass, i int) {
	c := p.Center
	t, prev := c.Terms[i], c.Terms[i-1]
	n := i + 1 // the number of t; the term before is number i
	if t.Start.Valid() && prev.End.Valid() && !t.Start.After(prev.End.Time) {
		p.Report(t.Start.Pos,
			diag.M("rules.later-term.message", n, t.Start.String(), i, prev.End.String()),
			diag.M("rules.later-term.hint", n, i, date(prev.End.AddDate(0, 0, 1))))
	}
	d := termDecision(p, i)
	// The mandate asks for an evaluation after the first term; a later
	// term builds on one when the committee continued the center after
	// evaluating it, not when it extended the term by a decision of its own.
	if i > 1 && !t.AfterEvaluation.Set() && d != nil && d.Type.V == "extend-term" {
		return
	}
	want := fmt.Sprintf("term-%d", i)
	switch {
	case !t.AfterEvaluation.Set():
		p.Report(t.KeyPos("after_evaluation"),
			diag.M("rules.later-term.message-2",
				n, t.Start.String(), i),
			diag.M("rules.later-term.hint-2",
				want, n, dir(c), want, c.ID.V, i))
		return
	case t.AfterEvaluation.V != want:
		p.Report(t.AfterEvaluation.Pos,
			diag.M("rules.later-term.message-3", n, t.AfterEvaluation.V, want),
			diag.M("rules.later-term.hint-3", want))
		return
	}
	ev := c.Evaluation(want)
	if ev == nil {
		return // ref reports an evaluation that does not exist
	}
	if ev.Date.Valid() && t.Start.Valid() && ev.Date.After(t.Start.Time) {
		p.Report(t.AfterEvaluation.Pos,
			diag.M("rules.later-term.message-4", i, ev.Date.String(), n, t.Start.String()),
			diag.M("rules.later-term.hint-4", ev.File(), n))
	}
	if ev.Outcome.V == "close" {
		p.Report(t.AfterEvaluation.Pos,
			diag.M("rules.later-term.message-5", i, n),
			diag.M("rules.later-term.hint-5", n, ev.File()))
	}
}

var evaluationDue = &Rule{
	ID: "evaluation-due", Verb: "skal",
	Force: diag.M("rule.evaluation-due.force"), Clause: "A", Severity: diag.Warning, Scope: PerCenter,
	Summary: diag.M("rule.evaluation-due.summary"),
	Doc:     diag.M("rule.evaluation-due.doc"),
	Example: "# centers/kre/center.yaml, as of 2024-09-01, no evaluations/term-1.md\nterms:\n  - {start: 2021-09-01, end: 2024-08-31}\n",
	Fix:     "# centers/kre/evaluations/term-1.md\n---\nterm: 1\ndate: 2024-06-20\noutcome: continue\ndecision: PMU-2024-05\n---\n",
	Check: func(p *Pass) {
		c := p.Center
		_, _, notice := governance(p.Repo)
		for i, t := range c.Terms {
			n := i + 1
			due, asked := evaluationDueDate(p, i)
			if !due.Valid() {
				continue
			}
			late := diag.Text{}
			if ev := c.EvaluationOfTerm(n); ev != nil {
				if !ev.Date.Valid() || !ev.Date.After(p.AsOf) {
					continue
				}
				late = diag.M("rule.evaluation-due.late", ev.Date.String(), p.Today())
			}
			if !p.AsOf.After(due.Time) && p.AsOf.Before(due.AddDate(0, 0, -notice)) {
				continue // not due for notice yet
			}
			name := fmt.Sprintf("centers/%s/evaluations/term-%d.md", dir(c), n)
			absent := diag.M("rule.evaluation-due.absent", name)
			fix := diag.Text{}
			if _, read := p.Repo.Sources[name]; read && c.EvaluationOfTerm(n) == nil {
				absent = diag.M("rule.evaluation-due.absent-2", name)
				fix = diag.M("rule.evaluation-due.fix", name)
			}
			hint := diag.M("rule.evaluation-due.hint", c.ID.V, n)
			if fix.NB != "" {
				hint = fix
			}
			why := diag.M("rule.evaluation-due.why")
			if asked != nil {
				why = diag.M("rule.evaluation-due.why-2", asked.ID.V, due.String())
			}
			switch {
			case p.AsOf.After(due.Time):
				p.ReportBrief(diag.Error, t.End.Pos,
					diag.M("rule.evaluation-due.message", c.ID.V, n, due.String()),
					join(
						diag.M("rule.evaluation-due.message-2", n, due.String(), absent),
						late, why),
					hint)
			case !p.AsOf.Before(due.AddDate(0, 0, -notice)):
				p.ReportBrief(diag.Warning, t.End.Pos,
					diag.M("rule.evaluation-due.message-3", c.ID.V, n, due.String()),
					join(
						diag.M("rule.evaluation-due.message-4", n, due.String()),
						inDays(days(p.AsOf, due.Time)),
						diag.M("rule.evaluation-due.hint-2", absent),
						late,
						why,
						diag.M("rule.evaluation-due.brief", notice)),
					hint)
			}
		}
	},
}

// covers reports whether the period holds the date (both ends included).
func covers(pr model.Period, t time.Time) bool {
	return pr.Start.Valid() && pr.End.Valid() && !t.Before(pr.Start.Time) && !t.After(pr.End.Time)
}

var strategyCurrent = &Rule{
	ID: "strategy-current", Verb: "skal", Clause: "O4", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.M("rule.strategy-current.summary"),
	Doc:     diag.M("rule.strategy-current.doc"),
	Example: "---\nperiod: {start: 2024-01-01, end: 2027-12-31}\ngoals: [...]\n---\n",
	Fix:     "---\nperiod: {start: 2024-01-01, end: 2027-12-31}\napproved_by: PMU-2024-01\ngoals: [...]\n---\n",
	Check: func(p *Pass) {
		c := p.Center
		var covering []*model.Strategy
		for _, s := range c.Strategies {
			if covers(s.Period, p.AsOf) {
				covering = append(covering, s)
			}
		}
		sev := p.rule.Severity
		if proposed(c) {
			sev = diag.Info
		}
		if len(covering) == 0 {
			from := p.AsOf.Year()
			for _, s := range c.Strategies {
				if s.Period.End.Valid() && s.Period.End.Year() >= from && s.Period.End.Before(p.AsOf) {
					from = s.Period.End.AddDate(0, 0, 1).Year()
				}
			}
			create := diag.M("rule.strategy-current.create", c.ID.V, from, from+3, dir(c), from, from+3)
			if proposed(c) {
				p.ReportSeverity(sev, c.Pos,
					diag.M("rule.strategy-current.message"),
					create)
				return
			}
			if len(c.Strategies) == 0 {
				p.ReportBrief(p.rule.Severity, c.Pos,
					diag.M("rule.strategy-current.message-2", c.ID.V),
					diag.M("rule.strategy-current.hint", p.Today()),
					create)
				return
			}
			last := c.Strategies[0]
			for _, s := range c.Strategies[1:] {
				if s.Period.End.After(last.Period.End.Time) {
					last = s
				}
			}
			p.ReportBrief(p.rule.Severity, last.Period.KeyPos("end"),
				diag.M("rule.strategy-current.message-3", c.ID.V, last.Period.End.String()),
				diag.M("rule.strategy-current.hint-2", p.Today(), last.File(), last.Period.End.String(), last.Period.Start.String(), last.Period.End.String()),
				create)
			return
		}
		for _, s := range covering {
			// That the decision approved this strategy is decision-ref's
			// finding.
			if d := p.Repo.Decision(s.ApprovedBy.V); d != nil && !(d.Date.Valid() && d.Date.After(p.AsOf)) {
				return
			}
		}
		s := covering[0]
		switch d := p.Repo.Decision(s.ApprovedBy.V); {
		case !s.ApprovedBy.Set():
			p.ReportSeverity(sev, s.KeyPos("approved_by"),
				diag.M("rule.strategy-current.message-4", s.File(), p.Today()),
				approvalHint(p))
		case d == nil:
			p.ReportSeverity(sev, s.ApprovedBy.Pos,
				diag.M("rule.strategy-current.message-5", s.File(), s.ApprovedBy.V, p.Today()),
				diag.M("rule.strategy-current.hint-3", s.ApprovedBy.V))
		default:
			p.ReportSeverity(sev, s.ApprovedBy.Pos,
				diag.M("rule.strategy-current.message-6", s.File(), d.Date.String(), d.ID.V, p.Today()),
				diag.M("rule.strategy-current.hint-4", d.File()))
		}
	},
}

// approvalHint names the committee's approve-strategy decision for the
// center when there is one.
func approvalHint(p *Pass) diag.Text {
	if d := decisionFor(p, "approve-strategy", p.Center.ID.V); d != nil {
		return diag.M("rules.approval-hint.text", p.Center.ID.V, d.ID.V, d.Title.V, d.ID.V)
	}
	return diag.M("rules.approval-hint.text-2")
}

var actionPlanCurrent = &Rule{
	ID: "action-plan-current", Verb: "skal", Clause: "O4", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.M("rule.action-plan-current.summary"),
	Doc:     diag.M("rule.action-plan-current.doc"),
	Example: "# centers/kre/action-plans/2025.yaml\nyear: 2025\nactions: [...]\n",
	Fix:     "# centers/kre/action-plans/2025.yaml\nyear: 2025\nstrategy: strategy-2024-2027\nactions: [...]\n",
	Check: func(p *Pass) {
		c, year := p.Center, p.AsOf.Year()
		strategy := "strategy-<fra>-<til>"
		strategyEN := "strategy-<from>-<to>"
		for _, s := range c.Strategies {
			if covers(s.Period, p.AsOf) && s.Doc != nil {
				strategy, strategyEN = s.ID(), s.ID()
			}
		}
		plan := c.ActionPlan(year)
		if plan == nil {
			create := diag.M("rule.action-plan-current.create", c.ID.V, year, dir(c), year, diag.Text{NB: strategy, EN: strategyEN})
			if proposed(c) {
				p.ReportSeverity(diag.Info, c.Pos,
					diag.M("rule.action-plan-current.message"),
					create)
				return
			}
			p.ReportBrief(p.rule.Severity, c.Pos,
				diag.M("rule.action-plan-current.message-2", c.ID.V, year),
				diag.M("rule.action-plan-current.hint", year, dir(c), year),
				create)
			return
		}
		switch s := plan.StrategyRef; {
		case !plan.Strategy.Set():
			p.Report(plan.KeyPos("strategy"),
				diag.M("rule.action-plan-current.message-3", year),
				diag.M("rule.action-plan-current.message-5", diag.Text{NB: strategy, EN: strategyEN}))
		case s == nil:
			// ref reports a strategy that does not exist.
		case s.Period.Start.Valid() && s.Period.End.Valid() && (s.Period.Start.Year() > year || s.Period.End.Year() < year):
			p.Report(plan.Strategy.Pos,
				diag.M("rule.action-plan-current.message-4", year, plan.Strategy.V, s.Period.Start.String(), s.Period.End.String(), year),
				diag.M("rule.action-plan-current.message-6", year, diag.Text{NB: strategy, EN: strategyEN}))
		}
	},
}

var actionOverdue = &Rule{
	ID: "action-overdue", Verb: "skal",
	Force: diag.M("rule.action-overdue.force"), Clause: "O4, R", Severity: diag.Warning, Scope: PerCenter,
	Summary: diag.M("rule.action-overdue.summary"),
	Doc:     diag.M("rule.action-overdue.doc"),
	Example: "# as of 2025-07-01\n  - {id: KRE-2025-01, title: Genpanel, owner: ola.nordmann, due: 2025-06-30, status: in-progress}\n",
	Fix:     "  - {id: KRE-2025-01, title: Genpanel, owner: ola.nordmann, due: 2025-09-30, status: delayed}\n",
	Check: func(p *Pass) {
		for _, plan := range p.Center.ActionPlans {
			for _, a := range plan.Actions {
				// An action without a status is action-owner's finding.
				if !a.Due.Valid() || !p.AsOf.After(a.Due.Time) || !a.Status.Set() || a.Status.V == "done" || a.Status.V == "cancelled" {
					continue
				}
				status := a.Status.V
				p.ReportBrief(p.rule.Severity, a.Due.Pos,
					diag.M("rule.action-overdue.message", p.Center.ID.V, a.ID.V, a.Title.V, a.Due.String()),
					join(
						diag.M("rule.action-overdue.message-2", a.ID.V, a.Title.V, a.Due.String(), status),
						nDays(days(a.Due.Time, p.AsOf)),
						diag.M("rule.action-overdue.hint")),
					diag.M("rule.action-overdue.hint-2", date(p.AsOf.AddDate(0, 3, 0))))
			}
		}
	},
}

var statusReport = &Rule{
	ID: "status-report", Verb: "vil", Clause: "R", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.M("rule.status-report.summary"),
	Doc:     diag.M("rule.status-report.doc"),
	Example: "# as of 2025-06-15, tertial, grace_days: 30: centers/kre/reports/2025-T1.md is missing\n",
	Fix:     "# pmgov new report --center kre --period 2025-T1\n---\nperiod: 2025-T1\nsubmitted: 2025-05-20\nauthor: kari.nordmann\n---\n",
	Check: func(p *Pass) {
		c := p.Center
		cadence, grace, _ := governance(p.Repo)
		if !period.Known(cadence) {
			return // the schema reports a missing or unknown cadence
		}
		every := cadenceWords(cadence)
		if proposed(c) {
			p.ReportSeverity(diag.Info, c.KeyPos("terms"),
				diag.M("rule.status-report.message", every, grace),
				diag.M("rule.status-report.hint", c.ID.V, dir(c)))
			return
		}
		// A report tells the committee how a period went: it cannot have
		// been submitted before the period's last day.
		for _, rp := range c.Reports {
			pr, ok := period.Parse(rp.Period.V)
			if !ok || !rp.Submitted.Valid() || !rp.Submitted.Before(pr.End) {
				continue
			}
			p.Report(rp.Submitted.Pos,
				diag.M("rule.status-report.message-2", pr.Name, rp.Submitted.String(), date(pr.End)),
				diag.M("rule.status-report.hint-2", date(period.Due(pr, grace))))
		}
		t := currentTerm(c, p.AsOf)
		if t == nil {
			return // no term has started: nothing is due yet
		}
		end := p.AsOf
		if t.End.Valid() && t.End.Before(end) {
			end = t.End.Time
		}
		for _, pr := range period.Between(cadence, t.Start.Time, end) {
			due := period.Due(pr, grace)
			if !p.AsOf.After(due) {
				break // later periods are due later still
			}
			rp := c.Report(pr.Name)
			switch {
			case rp == nil:
				file := fmt.Sprintf("centers/%s/reports/%s.md", dir(c), pr.Name)
				if _, read := p.Repo.Sources[file]; read {
					p.Report(t.Pos,
						diag.M("rule.status-report.message-3", pr.Name, date(due)),
						diag.M("rule.evaluation-due.fix", file))
					continue
				}
				p.ReportBrief(p.rule.Severity, t.Pos,
					diag.M("rule.status-report.message-4", c.ID.V, pr.Name, date(due)),
					diag.M("rule.status-report.hint-3",
						pr.Name, date(pr.Start), date(pr.End), file, date(due), grace),
					diag.M("rule.status-report.brief", c.ID.V, pr.Name, file))
			case !rp.Submitted.Valid():
				// the schema reports a missing or invalid submission date
			case rp.Submitted.After(p.AsOf):
				p.Report(rp.Submitted.Pos,
					diag.M("rule.status-report.message-5", pr.Name, rp.Submitted.String(), p.Today(), date(due)),
					diag.M("rule.status-report.hint-4", rp.File()))
			case rp.Submitted.After(due):
				next, _ := period.Containing(cadence, pr.End.AddDate(0, 0, 1))
				p.ReportSeverity(diag.Warning, rp.Submitted.Pos, join(
					diag.M("rule.status-report.message-6", pr.Name, rp.Submitted.String()),
					nDays(days(due, rp.Submitted.Time)),
					diag.M("rule.status-report.hint-5", date(due), grace)),
					diag.M("rule.status-report.message-7", next.Name, date(period.Due(next, grace))))
			}
		}
	},
}

var reportActions = &Rule{
	ID: "report-actions", Verb: "vil",
	Force: diag.M("rule.report-actions.force"), Clause: "R", Severity: diag.Warning, Scope: PerCenter, Dateless: true,
	Summary: diag.M("rule.report-actions.summary"),
	Doc:     diag.M("rule.report-actions.doc"),
	Example: "action_plan: 2025\nactions:\n  - {action: KRE-2025-01, status: in-progress}\n",
	Fix:     "action_plan: 2025\nactions:\n  - {action: KRE-2025-01, status: in-progress}\n  - {action: KRE-2025-02, status: planned}\n",
	Check: func(p *Pass) {
		for _, rp := range p.Center.Reports {
			if !rp.ActionPlan.OK {
				if rp.Has("action_plan") {
					continue // the schema reports an action_plan that is not a year
				}
				year := rp.Period.V
				if len(year) >= 4 {
					year = year[:4]
				}
				p.Report(rp.KeyPos("action_plan"),
					diag.M("rule.report-actions.message", rp.Period.V),
					diag.M("rule.report-actions.hint", year))
				continue
			}
			plan := rp.PlanRef
			if plan == nil {
				continue // ref reports a plan that does not exist
			}
			// A plan of many actions and a report of many is looked up in a
			// set, not searched for each action.
			var reported map[string]bool
			if len(plan.Actions) > 16 && len(rp.Actions) > 16 {
				reported = make(map[string]bool, len(rp.Actions))
				for _, as := range rp.Actions {
					reported[as.Action.V] = true
				}
			}
			var missing []string
			for _, a := range plan.Actions {
				if !a.ID.Set() {
					continue
				}
				found := reported[a.ID.V]
				if reported == nil {
					for _, as := range rp.Actions {
						if as.Action.V == a.ID.V {
							found = true
							break
						}
					}
				}
				if !found {
					missing = append(missing, a.ID.V)
				}
			}
			if len(missing) == 0 {
				continue
			}
			p.Report(rp.KeyPos("actions"),
				diag.M("rule.report-actions.message-2", rp.Period.V, plural(len(missing), diag.M("rule.report-actions.one"), diag.M("rule.report-actions.many")), strings.Join(missing, ", "), plan.File()),
				diag.M("rule.report-actions.hint-2", missing[0]))
		}
	},
}

var investmentAdvice = &Rule{
	ID: "investment-advice", Verb: "skal", Clause: "O5", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.M("rule.investment-advice.summary"),
	Doc:     diag.M("rule.investment-advice.doc"),
	Example: "# as of 2025-06-15, the latest advice is centers/kre/advice/2024-03-01-sekvensering.md\n",
	Fix:     "# centers/kre/advice/2025-03-01-sekvensering.md\n---\ndate: 2025-03-01\ntitle: Sekvenseringskapasitet\nto_unit: KLM\npriority: high\nstatus: proposed\n---\n",
	Check: func(p *Pass) {
		c := p.Center
		if proposed(c) || len(c.Terms) == 0 || !c.Terms[0].Start.Valid() {
			return
		}
		if !p.AsOf.After(c.Terms[0].Start.AddDate(1, 0, 0)) {
			return // the center's first year
		}
		from := p.AsOf.AddDate(-1, 0, 0)
		var latest *model.Advice
		for _, a := range c.Advice {
			if !a.Date.Valid() || a.Date.After(p.AsOf) {
				continue
			}
			if !a.Date.Before(from) {
				return
			}
			if latest == nil || a.Date.After(latest.Date.Time) {
				latest = a
			}
		}
		hint := diag.M("rule.investment-advice.hint", c.ID.V, dir(c))
		if latest == nil {
			p.ReportBrief(p.rule.Severity, c.Pos,
				diag.M("rule.investment-advice.message", c.ID.V),
				diag.M("rule.investment-advice.hint-2", dir(c), date(from), p.Today()),
				hint)
			return
		}
		p.ReportBrief(p.rule.Severity, latest.Date.Pos,
			diag.M("rule.investment-advice.message", c.ID.V),
			diag.M("rule.investment-advice.hint-3", latest.Date.String(), p.Today(), date(from)),
			hint)
	},
}

// shareTolerance is how far percent shares may sum from 100: rounding to
// one decimal (33.3 + 33.3 + 33.4) passes; an error of 0.1 does not.
const shareTolerance = 0.05

var effortAllocation = &Rule{
	ID: "effort-allocation", Verb: "plikter", Clause: "P8", Severity: diag.Error, Scope: PerCenter, Dateless: true,
	Summary: diag.M("rule.effort-allocation.summary"),
	Doc:     diag.M("rule.effort-allocation.doc"),
	Example: "effort:\n  unit: percent\n  allocation:\n    - {group: lung-cancer, share: 60, rationale: Flest pasienter.}\n",
	Fix:     "effort:\n  unit: percent\n  allocation:\n    - {group: lung-cancer, share: 60, rationale: Flest pasienter.}\n    - {group: breast-cancer, share: 40, rationale: Nytt genpanel.}\n",
	Check: func(p *Pass) {
		c := p.Center
		if len(c.DiseaseGroups) == 0 {
			sev := p.rule.Severity
			if proposed(c) {
				sev = diag.Info
			}
			msg := diag.M("rule.effort-allocation.message-m")
			if proposed(c) {
				msg = diag.M("rule.effort-allocation.message-m-2")
			}
			p.ReportSeverity(sev, c.KeyPos("disease_groups"), msg,
				diag.M("rule.effort-allocation.message"))
			return
		}
		for _, rp := range c.Reports {
			effort(p, rp)
		}
	},
}

// effort checks one report's allocation.
func effort(p *Pass, rp *model.Report) {
	c, e := p.Center, rp.Effort
	groups := make([]string, len(c.DiseaseGroups))
	for i, g := range c.DiseaseGroups {
		groups[i] = g.ID.V
	}
	if !rp.Has("effort") {
		p.Report(rp.KeyPos("effort"),
			diag.M("rules.effort.message", rp.Period.V),
			diag.M("rules.effort.hint", strings.Join(groups, ", ")))
		return
	}
	seen := map[string]bool{}
	sum, sumOK := 0.0, true
	for _, s := range e.Allocation {
		if s.Group.Set() && seen[s.Group.V] {
			p.Report(s.Group.Pos,
				diag.M("rules.effort.message-2", s.Group.V),
				diag.M("rules.effort.hint-2", s.Group.V))
		}
		seen[s.Group.V] = true
		if !s.Share.OK {
			sumOK = false // the schema reports a share that is missing or not a number
		} else {
			sum += s.Share.V
			if s.Share.V < 0 {
				p.Report(s.Share.Pos,
					diag.M("rules.effort.message-3", s.Group.V, s.Share.Raw),
					diag.M("rules.effort.hint-3"))
			}
		}
		if !s.Rationale.Set() {
			p.Report(s.KeyPos("rationale"),
				diag.M("rules.effort.message-4", s.Group.V),
				diag.M("rules.effort.hint-4", s.Group.V))
		}
	}
	var missing []string
	for _, g := range groups {
		if g != "" && !seen[g] {
			missing = append(missing, g)
		}
	}
	if len(missing) > 0 {
		p.Report(e.KeyPos("allocation"),
			diag.M("rules.effort.message-5", rp.Period.V, plural(len(missing), diag.M("rules.effort.one"), diag.M("rules.effort.many")), strings.Join(missing, ", ")),
			diag.M("rules.effort.hint-5", missing[0]))
	}
	if !sumOK || len(e.Allocation) == 0 {
		return
	}
	switch e.Unit.V {
	case "percent":
		if math.Abs(sum-100) > shareTolerance+1e-9 {
			p.Report(e.KeyPos("allocation"),
				diag.M("rules.effort.message-7", rp.Period.V, diag.Text{NB: number(sum, ","), EN: number(sum, ".")}),
				shareHint(sum))
		}
	case "fte", "nok":
		if sum <= 0 {
			p.Report(e.KeyPos("allocation"),
				diag.M("rules.effort.message-6", rp.Period.V, number(sum, "."), e.Unit.V),
				diag.M("rules.effort.hint-6", e.Unit.V))
		}
	}
}

// shareHint says how many percentage points are missing or too many.
func shareHint(sum float64) diag.Text {
	if sum < 100 {
		return diag.M("rules.share-hint.text", diag.Text{NB: number(100-sum, ","), EN: number(100-sum, ".")})
	}
	return diag.M("rules.share-hint.text-2", diag.Text{NB: number(sum-100, ","), EN: number(sum-100, ".")})
}

// number formats x with at most three decimals and the decimal mark sep.
func number(x float64, sep string) string {
	s := strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64)
	return strings.Replace(s, ".", sep, 1)
}
