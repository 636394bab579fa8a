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
		return diag.T("%d dag", "%d day", n)
	}
	return diag.T("%d dager", "%d days", n)
}

// inDays says when something n days ahead happens: today, tomorrow or in n
// days.
func inDays(n int) diag.Text {
	switch n {
	case 0:
		return diag.T("i dag", "today")
	case 1:
		return diag.T("i morgen", "tomorrow")
	}
	return join(diag.T("om ", "in "), nDays(n))
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
		return diag.Text{NB: "kvartal", EN: "quarter"}
	case period.Semiannual:
		return diag.Text{NB: "halvår", EN: "half-year"}
	case period.Annual:
		return diag.Text{NB: "år", EN: "year"}
	}
	return diag.Text{NB: "tertial", EN: "tertial"}
}

var termRule = &Rule{
	ID: "term", Verb: "skal", Clause: "A", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("første løpetid varer nøyaktig mandatets løpetid (3 år); en senere løpetid er startet av et vedtak i PM-utvalget og varer så lenge vedtaket sier",
		"the first term lasts exactly the mandate's term (3 years); a later term was started by a committee decision and lasts as long as that decision says"),
	Doc: diag.T("Mandatet: «Sentrene skal ha en første løpetid på 3 år hvoretter ordningen evalueres.» Senterets første løpetid i `terms` varer nøyaktig mandatets `term_years`: den slutter dagen før samme dato så mange år senere (2021-09-01 gir end: 2024-08-31; en løpetid som begynner 29. februar, slutter 28. februar). Hver senere løpetid viser til PM-utvalgets vedtak som startet den (`decision`, type evaluation eller extend-term) og slutter den dagen vedtaket sier (`term_end` i vedtaket): lengden på senere løpetider bestemmer utvalget, ikke senteret. Løpetid 2 bygger på evalueringen av første løpetid (`after_evaluation: term-1`), og en senere løpetid gjør det samme når den ble startet av en evaluering; evalueringen er datert senest den dagen den nye løpetiden begynner og konkluderte ikke med å avslutte senteret, og løpetidene overlapper ikke. Et vedtak som er oppgitt må passe (decision-ref). Et aktivt senter uten løpetider er en feil; et foreslått senter får en opplysning om hva som kreves når det etableres.",
		"The mandate: centers have a first term of 3 years, after which the arrangement is evaluated. The center's first term in `terms` lasts exactly the mandate's `term_years`: it ends the day before the same date that many years later (2021-09-01 gives end: 2024-08-31; a term starting on 29 February ends on 28 February). Every later term cites the committee decision that started it (`decision`, of type evaluation or extend-term) and ends on the day that decision says (`term_end` in the decision): the committee, not the center, decides the length of later terms. Term 2 builds on the evaluation of the first term (`after_evaluation: term-1`), and a later term does the same when an evaluation started it; that evaluation is dated no later than the day the new term starts and did not conclude to close the center, and terms do not overlap. A decision cited must fit (decision-ref). An active center without terms is an error; a proposed center gets an info finding saying what it will need once established."),
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
					diag.T("den første løpetiden varer fra %s til %s; mandatet gir en første løpetid på nøyaktig %d år, altså til og med %s",
						"the first term runs from %s to %s; the mandate sets a first term of exactly %d years, that is up to and including %s",
						first.Start.String(), first.End.String(), years.V, date(want)),
					diag.T("Skriv end: %s (dagen før %s).", "Write end: %s (the day before %s).", date(want), date(want.AddDate(0, 0, 1))))
			}
		}
		for i, t := range c.Terms {
			if t.Start.Valid() && t.End.Valid() && t.End.Before(t.Start.Time) {
				p.Report(t.End.Pos,
					diag.T("løpetid %d slutter %s, før den begynner (%s)", "term %d ends on %s, before it starts (%s)", i+1, t.End.String(), t.Start.String()),
					diag.T("Rett start eller end slik at løpetiden slutter etter at den begynner.", "Correct start or end so the term ends after it starts."))
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
			diag.T("senteret er foreslått og har ingen løpetid ennå (terms); når det etableres, trenger det en første løpetid på nøyaktig %d år",
				"the center is proposed and has no term yet (terms); once established it needs a first term of exactly %d years", n),
			diag.T("Når PM-utvalget har vedtatt etableringen, skriv for eksempel %s.", "Once the committee has decided to establish it, write for example %s.", example))
		return
	}
	p.Report(c.KeyPos("terms"),
		diag.T("senteret har ingen løpetid (terms); mandatet gir sentrene en første løpetid på %d år", "the center has no term (terms); the mandate gives centers a first term of %d years", n),
		diag.T("Skriv løpetiden fra etableringen, for eksempel %s.", "Write the term from the establishment, for example %s.", example))
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
		hint := diag.T("Skriv decision: med id-en til PM-utvalgets vedtak som startet løpetiden (type evaluation eller extend-term); finnes det ikke, be utvalget om det (pmgov new decision --type extend-term --center %s).",
			"Write decision: with the id of the committee decision that started the term (type evaluation or extend-term); if there is none, ask the committee for it (pmgov new decision --type extend-term --center %s).", c.ID.V)
		if d := decisionFor(p, "evaluation", c.ID.V); d != nil {
			hint = diag.T("PM-utvalget evaluerte %s i %s (%s); startet det løpetid %d, skriv decision: %s.", "The committee evaluated %s in %s (%s); if it started term %d, write decision: %s.", c.ID.V, d.ID.V, d.Title.V, n, d.ID.V)
		}
		p.Report(t.KeyPos("decision"),
			diag.T("løpetid %d (fra %s) viser ikke til vedtaket som startet den (decision); etter første løpetid bestemmer PM-utvalget om og hvor lenge senteret fortsetter",
				"term %d (from %s) cites no decision that started it (decision); after the first term the committee decides whether and for how long the center continues", n, t.Start.String()),
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
			diag.T("vedtaket %s som startet løpetid %d, sier ikke hvor lenge den varer (term_end)", "the decision %s that started term %d does not say how long it runs (term_end)", d.ID.V, n),
			diag.T("Sekretariatet skriver term_end: <siste dag> i %s, slik PM-utvalget vedtok.", "The secretariat writes term_end: <last day> in %s, as the committee decided.", d.File()))
	case t.End.Valid() && !t.End.Equal(d.TermEnd.Time):
		p.Report(t.End.Pos,
			diag.T("løpetid %d slutter %s, men vedtaket %s som startet den, sier at den varer til og med %s (term_end)", "term %d ends on %s, but the decision %s that started it says it runs up to and including %s (term_end)", n, t.End.String(), d.ID.V, d.TermEnd.String()),
			diag.T("Skriv end: %s; en lengre løpetid krever et nytt vedtak i PM-utvalget (pmgov new decision --type extend-term --center %s).", "Write end: %s; a longer term needs a new committee decision (pmgov new decision --type extend-term --center %s).", d.TermEnd.String(), c.ID.V))
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
			diag.T("løpetid %d begynner %s, mens løpetid %d varer til og med %s", "term %d starts on %s, while term %d runs up to and including %s", n, t.Start.String(), i, prev.End.String()),
			diag.T("La løpetid %d begynne dagen etter at løpetid %d slutter: start: %s.", "Let term %d start the day after term %d ends: start: %s.", n, i, date(prev.End.AddDate(0, 0, 1))))
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
			diag.T("løpetid %d (fra %s) bygger ikke på en evaluering av løpetid %d (after_evaluation mangler); mandatet sier ordningen evalueres etter løpetiden før den fortsetter",
				"term %d (from %s) does not build on an evaluation of term %d (after_evaluation is missing); the mandate says the arrangement is evaluated after its term before it continues",
				n, t.Start.String(), i),
			diag.T("Skriv after_evaluation: %s i løpetid %d, og legg evalueringen i centers/%s/evaluations/%s.md (pmgov new evaluation --center %s --term %d).",
				"Write after_evaluation: %s in term %d, and put the evaluation in centers/%s/evaluations/%s.md (pmgov new evaluation --center %s --term %d).",
				want, n, dir(c), want, c.ID.V, i))
		return
	case t.AfterEvaluation.V != want:
		p.Report(t.AfterEvaluation.Pos,
			diag.T("løpetid %d bygger på %s, men skal bygge på evalueringen av løpetiden før, %s", "term %d builds on %s, but must build on the evaluation of the term before, %s", n, t.AfterEvaluation.V, want),
			diag.T("Skriv after_evaluation: %s.", "Write after_evaluation: %s.", want))
		return
	}
	ev := c.Evaluation(want)
	if ev == nil {
		return // ref reports an evaluation that does not exist
	}
	if ev.Date.Valid() && t.Start.Valid() && ev.Date.After(t.Start.Time) {
		p.Report(t.AfterEvaluation.Pos,
			diag.T("evalueringen av løpetid %d er datert %s, etter at løpetid %d begynte (%s); en ny løpetid begynner først etter evalueringen",
				"the evaluation of term %d is dated %s, after term %d started (%s); a new term starts only after the evaluation", i, ev.Date.String(), n, t.Start.String()),
			diag.T("Rett datoen i %s hvis evalueringen var tidligere, ellers la løpetid %d begynne etter den.", "Correct the date in %s if the evaluation was earlier; otherwise let term %d start after it.", ev.File(), n))
	}
	if ev.Outcome.V == "close" {
		p.Report(t.AfterEvaluation.Pos,
			diag.T("evalueringen av løpetid %d konkluderte med å avslutte senteret (outcome: close), men løpetid %d finnes", "the evaluation of term %d concluded to close the center (outcome: close), yet term %d exists", i, n),
			diag.T("Fjern løpetid %d og avslutt senteret (status: closed, closed_by), eller rett outcome i %s hvis vedtaket var continue eller adjust.", "Remove term %d and close the center (status: closed, closed_by), or correct outcome in %s if the decision was continue or adjust.", n, ev.File()))
	}
}

var evaluationDue = &Rule{
	ID: "evaluation-due", Verb: "skal",
	Force: diag.T("Gradert: mens evalueringen nærmer seg fristen, er den en advarsel; når fristen er passert, er den en feil.",
		"Graded: while the evaluation falls due it is a warning; once the deadline has passed it is an error."), Clause: "A", Severity: diag.Warning, Scope: PerCenter,
	Summary: diag.T("en evaluering som forfaller innen evaluation_notice_days er en advarsel, en som er forfalt en feil: første løpetid ved slutten, senere når et vedtak ber om det",
		"an evaluation falling due within evaluation_notice_days is a warning, one overdue an error: the first term's at its end, later ones when a decision asks"),
	Doc: diag.T("Mandatet: etter løpetiden «evalueres» ordningen. Første løpetid har en evaluering i centers/<id>/evaluations/term-1.md innen den slutter; en senere løpetid n har en i term-<n>.md når vedtaket som startet den, ber om det (`evaluation_due` i vedtaket), innen den datoen. Fra `evaluation_notice_days` (governance.yaml, 180 om den mangler) dager før fristen, til og med fristen, er en manglende evaluering en advarsel; dagen etter er den en feil. En evaluering datert etter datoen det sjekkes mot, fantes ikke da og teller ikke. Et senter uten løpetider meldes av regelen term.",
		"The mandate: after the term the arrangement is evaluated. The first term has an evaluation in centers/<id>/evaluations/term-1.md by the day it ends; a later term n has one in term-<n>.md when the decision that started it asks for it (`evaluation_due` in the decision), by that date. From `evaluation_notice_days` (governance.yaml; 180 when absent) days before the deadline up to and including it a missing evaluation is a warning; the day after, it is an error. An evaluation dated after the as-of date did not exist then and does not count. A center without terms is reported by the term rule."),
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
				late = diag.T("; evalueringen der er datert %s, etter %s", "; the evaluation there is dated %s, after %s", ev.Date.String(), p.Today())
			}
			if !p.AsOf.After(due.Time) && p.AsOf.Before(due.AddDate(0, 0, -notice)) {
				continue // not due for notice yet
			}
			name := fmt.Sprintf("centers/%s/evaluations/term-%d.md", dir(c), n)
			absent := diag.T("%s finnes ikke", "%s does not exist", name)
			fix := diag.Text{}
			if _, read := p.Repo.Sources[name]; read && c.EvaluationOfTerm(n) == nil {
				absent = diag.T("%s er der, men kan ikke leses", "%s is there but cannot be read", name)
				fix = diag.T("Rett feilen som er meldt i %s.", "Correct the error reported in %s.", name)
			}
			hint := diag.T("Skriv evalueringen med pmgov new evaluation --center %s --term %d --decision <vedtaks-id>, og fyll inn dato (date), utfall (outcome: continue, adjust eller close) og PM-utvalgets vedtak (decision).",
				"Write the evaluation with pmgov new evaluation --center %s --term %d --decision <decision id>, and fill in the date (date), the outcome (outcome: continue, adjust or close) and the committee's decision (decision).", c.ID.V, n)
			if fix.NB != "" {
				hint = fix
			}
			why := diag.T("; mandatet sier ordningen evalueres etter første løpetid", "; the mandate says the arrangement is evaluated after its first term")
			if asked != nil {
				why = diag.T("; PM-utvalget ba i vedtak %s om evaluering innen %s (evaluation_due)", "; the committee asked in decision %s for an evaluation by %s (evaluation_due)", asked.ID.V, due.String())
			}
			switch {
			case p.AsOf.After(due.Time):
				p.ReportBrief(diag.Error, t.End.Pos,
					diag.T("%s: evalueringen av løpetid %d er forfalt (frist %s)", "%s: the evaluation of term %d is overdue (due %s)", c.ID.V, n, due.String()),
					join(
						tt("løpetid %d (terms) skulle vært evaluert innen %s, men er ikke det (%s)", "term %d (terms) was to be evaluated by %s, and is not (%s)", n, due.String(), absent),
						late, why),
					hint)
			case !p.AsOf.Before(due.AddDate(0, 0, -notice)):
				p.ReportBrief(diag.Warning, t.End.Pos,
					diag.T("%s: løpetid %d skal være evaluert innen %s", "%s: term %d is to be evaluated by %s", c.ID.V, n, due.String()),
					join(
						diag.T("løpetid %d (terms) skal være evaluert innen %s, ", "term %d (terms) is to be evaluated by %s, ", n, due.String()),
						inDays(days(p.AsOf, due.Time)),
						tt(", og er ennå ikke evaluert (%s)", ", and is not evaluated yet (%s)", absent),
						late,
						why,
						diag.T(" (varsel fra %d dager før, evaluation_notice_days)", " (notice from %d days before, evaluation_notice_days)", notice)),
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
	Summary: diag.T("en godkjent strategi (den viser til et godkjenningsvedtak) dekker datoen det sjekkes mot",
		"an approved strategy (it cites an approving decision) covers the as-of date"),
	Doc: diag.T("Mandatet: sentrene skal «utarbeide strategi og konkrete handlingsplaner». Minst én strategi centers/<id>/strategy-<fra>-<til>.md har en `period` som dekker datoen det sjekkes mot, og `approved_by` viser til et vedtak i PM-utvalget som finnes og er fattet senest den datoen. Er vedtaket av en annen type enn approve-strategy, teller strategien som godkjent, men det meldes som en advarsel. Et aktivt senter uten strategi får en feil ved center.yaml; et foreslått senter får en opplysning om hva som kreves når det etableres.",
		"The mandate: centers draw up a strategy and concrete action plans. At least one strategy centers/<id>/strategy-<from>-<to>.md has a `period` covering the as-of date, and its `approved_by` cites a committee decision that exists and was made on or before that date. A decision of another type than approve-strategy still approves the strategy, but is reported as a warning. An active center without a strategy gets an error at center.yaml; a proposed center gets an info finding saying what it will need once established."),
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
			create := diag.T("Skriv en ny strategi med pmgov new strategy --center %s --period %d-%d (filen centers/%s/strategy-%d-%d.md), med mål (goals) og approved_by: vedtaket i PM-utvalget som godkjente den.",
				"Write a new strategy with pmgov new strategy --center %s --period %d-%d (the file centers/%s/strategy-%d-%d.md), with goals (goals) and approved_by: the committee decision that approved it.", c.ID.V, from, from+3, dir(c), from, from+3)
			if proposed(c) {
				p.ReportSeverity(sev, c.Pos,
					diag.T("senteret er foreslått; når det etableres, trenger det en strategi godkjent av PM-utvalget som dekker dagens dato", "the center is proposed; once established it needs a strategy approved by the committee covering the current date"),
					create)
				return
			}
			if len(c.Strategies) == 0 {
				p.ReportBrief(p.rule.Severity, c.Pos,
					diag.T("%s har ingen strategi", "%s has no strategy", c.ID.V),
					diag.T("senteret har ingen strategi; mandatet krever at sentrene utarbeider en strategi, og en godkjent strategi skal dekke %s", "the center has no strategy; the mandate requires centers to draw up a strategy, and an approved one must cover %s", p.Today()),
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
				diag.T("%s har ingen gjeldende strategi (den siste gikk ut %s)", "%s has no strategy in force (the latest ended on %s)", c.ID.V, last.Period.End.String()),
				diag.T("ingen strategi gjelder %s: den siste, %s, gikk ut %s (period: %s–%s); mandatet krever at senteret har en strategi godkjent av PM-utvalget", "no strategy is in force on %s: the latest, %s, ended on %s (period: %s to %s); the mandate requires the center to have a strategy approved by the committee", p.Today(), last.File(), last.Period.End.String(), last.Period.Start.String(), last.Period.End.String()),
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
				diag.T("strategien %s dekker %s, men er ikke godkjent (approved_by mangler); mandatet krever en strategi forankret i PM-utvalget", "the strategy %s covers %s but is not approved (approved_by is missing); the mandate requires a strategy anchored in the committee", s.File(), p.Today()),
				approvalHint(p))
		case d == nil:
			p.ReportSeverity(sev, s.ApprovedBy.Pos,
				diag.T("strategien %s viser til vedtaket %s, som ikke finnes, så ingen godkjent strategi dekker %s", "the strategy %s cites the decision %s, which does not exist, so no approved strategy covers %s", s.File(), s.ApprovedBy.V, p.Today()),
				diag.T("Rett approved_by til vedtaket som godkjente strategien, eller legg vedtaket inn i committee/decisions/%s.md (pmgov new decision).", "Correct approved_by to the decision that approved the strategy, or add the decision as committee/decisions/%s.md (pmgov new decision).", s.ApprovedBy.V))
		default:
			p.ReportSeverity(sev, s.ApprovedBy.Pos,
				diag.T("strategien %s ble godkjent %s (%s), etter %s; på den datoen dekket ingen godkjent strategi", "the strategy %s was approved on %s (%s), after %s; on that date no approved strategy covered it", s.File(), d.Date.String(), d.ID.V, p.Today()),
				diag.T("Sjekk datoen det sjekkes mot (--as-of) og datoen i %s.", "Check the as-of date (--as-of) and the date in %s.", d.File()))
		}
	},
}

// approvalHint names the committee's approve-strategy decision for the
// center when there is one.
func approvalHint(p *Pass) diag.Text {
	if d := decisionFor(p, "approve-strategy", p.Center.ID.V); d != nil {
		return diag.T("PM-utvalget godkjente en strategi for %s i %s (%s); er det denne strategien, skriv «approved_by: %s». Ellers: legg strategien fram for utvalget.",
			"The PM committee approved a strategy for %s in %s (%s); if it is this strategy, write \"approved_by: %s\". Otherwise put the strategy before the committee.", p.Center.ID.V, d.ID.V, d.Title.V, d.ID.V)
	}
	return diag.T("Skriv approved_by: med id-en til PM-utvalgets vedtak som godkjente strategien (type approve-strategy); er den ikke godkjent ennå, legg den fram for utvalget.", "Write approved_by: with the id of the committee decision that approved the strategy (type approve-strategy); if it is not approved yet, put it before the committee.")
}

var actionPlanCurrent = &Rule{
	ID: "action-plan-current", Verb: "skal", Clause: "O4", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("en handlingsplan dekker året det sjekkes mot og viser til strategien den gjennomfører",
		"an action plan covers the as-of year and cites the strategy it implements"),
	Doc: diag.T("Mandatet: sentrene skal «utarbeide strategi og konkrete handlingsplaner». For året det sjekkes mot finnes centers/<id>/action-plans/<år>.yaml, og `strategy` viser til strategien den gjennomfører (strategy-<fra>-<til>), en strategi hvis periode omfatter året. Et aktivt senter uten plan for året får en feil ved center.yaml; et foreslått senter får en opplysning om hva som kreves når det etableres.",
		"The mandate: centers draw up a strategy and concrete action plans. For the as-of year there is centers/<id>/action-plans/<year>.yaml, and its `strategy` cites the strategy it implements (strategy-<from>-<to>), one whose period includes that year. An active center without a plan for the year gets an error at center.yaml; a proposed center gets an info finding saying what it will need once established."),
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
			create := diag.Text{
				NB: fmt.Sprintf("Lag planen med pmgov new action-plan --center %s --year %d (filen centers/%s/action-plans/%d.yaml, med strategy: %s og tiltakene for året).", c.ID.V, year, dir(c), year, strategy),
				EN: fmt.Sprintf("Create the plan with pmgov new action-plan --center %s --year %d (the file centers/%s/action-plans/%d.yaml, with strategy: %s and the year's actions).", c.ID.V, year, dir(c), year, strategyEN),
			}
			if proposed(c) {
				p.ReportSeverity(diag.Info, c.Pos,
					diag.T("senteret er foreslått; når det etableres, trenger det en handlingsplan for hvert år, som viser til strategien den gjennomfører", "the center is proposed; once established it needs an action plan for every year, citing the strategy it implements"),
					create)
				return
			}
			p.ReportBrief(p.rule.Severity, c.Pos,
				diag.T("%s mangler handlingsplan for %d", "%s has no action plan for %d", c.ID.V, year),
				diag.T("senteret har ingen handlingsplan for %d (centers/%s/action-plans/%d.yaml); mandatet krever konkrete handlingsplaner", "the center has no action plan for %d (centers/%s/action-plans/%d.yaml); the mandate requires concrete action plans", year, dir(c), year),
				create)
			return
		}
		switch s := plan.StrategyRef; {
		case !plan.Strategy.Set():
			p.Report(plan.KeyPos("strategy"),
				diag.T("handlingsplanen for %d viser ikke til strategien den gjennomfører (strategy mangler)", "the action plan for %d does not cite the strategy it implements (strategy is missing)", year),
				diag.Text{NB: fmt.Sprintf("Skriv strategy: %s.", strategy), EN: fmt.Sprintf("Write strategy: %s.", strategyEN)})
		case s == nil:
			// ref reports a strategy that does not exist.
		case s.Period.Start.Valid() && s.Period.End.Valid() && (s.Period.Start.Year() > year || s.Period.End.Year() < year):
			p.Report(plan.Strategy.Pos,
				diag.T("handlingsplanen for %d viser til strategien %s (strategy), som gjelder %s–%s og ikke omfatter %d", "the action plan for %d cites the strategy %s (strategy), which runs %s to %s and does not include %d", year, plan.Strategy.V, s.Period.Start.String(), s.Period.End.String(), year),
				diag.Text{NB: fmt.Sprintf("Vis til strategien som gjelder for %d: strategy: %s.", year, strategy), EN: fmt.Sprintf("Cite the strategy in force in %d: strategy: %s.", year, strategyEN)})
		}
	},
}

var actionOverdue = &Rule{
	ID: "action-overdue", Verb: "skal",
	Force: diag.T("Mandatet krever konkrete handlingsplaner (O4, skal), ikke at hvert tiltak er ferdig til fristen: et forsinket tiltak er en sak for oppfølgingen, en advarsel.",
		"The mandate requires concrete action plans (O4, shall), not that every action is done by its date: a delayed action is a matter for follow-up, a warning."), Clause: "O4, R", Severity: diag.Warning, Scope: PerCenter,
	Summary: diag.T("et tiltak som har passert fristen og verken er gjennomført eller avlyst", "an action past its due date that is not done or cancelled"),
	Doc: diag.T("Mandatet: senterleder rapporterer «status og fremdrift» til PM-utvalget, og handlingsplanene skal være konkrete. Et tiltak i en av senterets handlingsplaner med `due` før datoen det sjekkes mot, og med annen status enn done eller cancelled, meldes som en advarsel (et tiltak uten status meldes av action-owner). På fristdagen er tiltaket ikke forsinket ennå; dagen etter er det.",
		"The mandate: the center leader reports status and progress to the committee, and action plans are to be concrete. An action in any of the center's action plans whose `due` is before the as-of date and whose status is neither done nor cancelled is reported as a warning (an action without a status is reported by action-owner). On the due date itself the action is not overdue yet; the day after, it is."),
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
					diag.T("%s: tiltaket %s («%s») er forsinket (frist %s)", "%s: the action %s (“%s”) is overdue (due %s)", p.Center.ID.V, a.ID.V, a.Title.V, a.Due.String()),
					join(
						diag.T("tiltaket %s («%s») hadde frist (due) %s og har fortsatt status %s, ", "the action %s (\"%s\") was due (due) on %s and still has status %s, ", a.ID.V, a.Title.V, a.Due.String(), status),
						nDays(days(a.Due.Time, p.AsOf)),
						diag.T(" over fristen", " overdue")),
					diag.T("Er tiltaket gjennomført, skriv «status: done». Er det forsinket, skriv «status: delayed» og en ny frist, f.eks. «due: %s». Er det oppgitt, skriv «status: cancelled».", "If the action is done, write \"status: done\". If it is late, write \"status: delayed\" and a new due date, for example \"due: %s\". If it was dropped, write \"status: cancelled\".", date(p.AsOf.AddDate(0, 3, 0))))
			}
		}
	},
}

var statusReport = &Rule{
	ID: "status-report", Verb: "vil", Clause: "R", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("det finnes en statusrapport for hver rapporteringsperiode i løpetiden senteret er inne i, når fristen er ute; en sen rapport er en advarsel",
		"a status report exists for every reporting period since the term began, once the period's grace days have passed; a late one is a warning"),
	Doc: diag.T("Mandatet: «Senterleder vil rapportere om status og fremdrift i sitt senter til PM-utvalget.» Rapporteringsperiodene følger `reporting.cadence` i governance.yaml (tertial: T1 januar–april, T2 mai–august, T3 september–desember; quarterly: Q1–Q4; semiannual: H1–H2; annual: Y). Fristen for en rapport er `grace_days` dager etter periodens siste dag (2025-T1 med 30 dager: 2025-05-30). For hver periode som overlapper senterets gjeldende løpetid (den som omfatter datoen det sjekkes mot, ellers den siste som har begynt) og har passert fristen, må centers/<id>/reports/<periode>.md finnes. Mangler den, er det en feil ved løpetiden i `terms`; er den levert (`submitted`) etter fristen, er det en advarsel; er den levert før periodens siste dag, er det en feil ved `submitted`, for en rapport om perioden kan ikke skrives før den er over. En rapport datert etter datoen det sjekkes mot, fantes ikke da. Et foreslått senter får en opplysning om hva som kreves når det etableres; et senter uten løpetider meldes av regelen term.",
		"The mandate: the center leader reports status and progress to the PM committee. Reporting periods follow `reporting.cadence` in governance.yaml (tertial: T1 January–April, T2 May–August, T3 September–December; quarterly: Q1–Q4; semiannual: H1–H2; annual: Y). A report is due `grace_days` days after its period's last day (2025-T1 with 30 days: 2025-05-30). For every period that overlaps the center's current term (the one holding the as-of date, else the latest that has started) and whose deadline has passed, centers/<id>/reports/<period>.md must exist. A missing one is an error at the term in `terms`; one submitted (`submitted`) after the deadline is a warning; one submitted before the period's last day is an error at `submitted`, since a report on the period cannot be written before it is over. A report dated after the as-of date did not exist then. A proposed center gets an info finding saying what it will need once established; a center without terms is reported by the term rule."),
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
				diag.T("senteret er foreslått; når det etableres, skal det levere en statusrapport for hvert %s, senest %d dager etter at perioden er slutt", "the center is proposed; once established it must submit a status report for every %s, at most %d days after the period ends", every.NB, grace),
				diag.T("Skriv hver rapport med pmgov new report --center %s --period <periode> (filen centers/%s/reports/<periode>.md).", "Write each report with pmgov new report --center %s --period <period> (the file centers/%s/reports/<period>.md).", c.ID.V, dir(c)))
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
				diag.T("statusrapporten for %s er levert %s, før perioden var slutt (%s); en rapport om status og fremdrift i perioden leveres etter periodens siste dag", "the status report for %s was submitted on %s, before the period ended (%s); a report on the period's status and progress is submitted after its last day", pr.Name, rp.Submitted.String(), date(pr.End)),
				diag.T("Rett submitted til datoen rapporten ble levert (senest %s), eller rett period hvis rapporten gjelder en tidligere periode.", "Correct submitted to the date the report was submitted (by %s), or correct period if the report is about an earlier period.", date(period.Due(pr, grace))))
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
						diag.T("statusrapporten for rapporteringsperioden %s er der, men kan ikke leses; fristen var %s", "the status report for the reporting period %s is there but cannot be read; it was due on %s", pr.Name, date(due)),
						diag.T("Rett feilen som er meldt i %s.", "Correct the error reported in %s.", file))
					continue
				}
				p.ReportBrief(p.rule.Severity, t.Pos,
					diag.T("%s mangler statusrapporten for %s (frist %s)", "%s lacks the status report for %s (due %s)", c.ID.V, pr.Name, date(due)),
					diag.T("statusrapporten for rapporteringsperioden %s (%s–%s) mangler: %s finnes ikke, og fristen var %s (%d dager etter periodens slutt, grace_days); mandatet sier senterleder rapporterer status og fremdrift til PM-utvalget",
						"the status report for the reporting period %s (%s to %s) is missing: %s does not exist, and it was due on %s (%d days after the period ended, grace_days); the mandate says the center leader reports status and progress to the committee",
						pr.Name, date(pr.Start), date(pr.End), file, date(due), grace),
					diag.T("Skriv rapporten med pmgov new report --center %s --period %s; den lager %s med tiltakene fra handlingsplanen.", "Write the report with pmgov new report --center %s --period %s; it creates %s with the actions of the action plan.", c.ID.V, pr.Name, file))
			case !rp.Submitted.Valid():
				// the schema reports a missing or invalid submission date
			case rp.Submitted.After(p.AsOf):
				p.Report(rp.Submitted.Pos,
					diag.T("statusrapporten for %s er levert %s, etter %s; på den datoen manglet den (fristen var %s)", "the status report for %s was submitted on %s, after %s; on that date it was missing (it was due on %s)", pr.Name, rp.Submitted.String(), p.Today(), date(due)),
					diag.T("Sjekk datoen det sjekkes mot (--as-of) og submitted i %s.", "Check the as-of date (--as-of) and submitted in %s.", rp.File()))
			case rp.Submitted.After(due):
				next, _ := period.Containing(cadence, pr.End.AddDate(0, 0, 1))
				p.ReportSeverity(diag.Warning, rp.Submitted.Pos, join(
					diag.T("statusrapporten for %s ble levert %s, ", "the status report for %s was submitted on %s, ", pr.Name, rp.Submitted.String()),
					nDays(days(due, rp.Submitted.Time)),
					diag.T(" etter fristen %s (%d dager etter periodens slutt)", " after its deadline %s (%d days after the period ended)", date(due), grace)),
					diag.T("Rapporten er levert, så det er ingenting å rette her; lever neste rapport (%s) senest %s.", "The report is in, so there is nothing to correct here; submit the next report (%s) by %s.", next.Name, date(period.Due(next, grace))))
			}
		}
	},
}

var reportActions = &Rule{
	ID: "report-actions", Verb: "vil",
	Force: diag.T("Rapporten finnes (status-report); en manglende linje for ett tiltak er et hull i en levert rapport, en advarsel.",
		"The report exists (status-report); a missing line for one action is a gap in a report that was submitted, a warning."), Clause: "R", Severity: diag.Warning, Scope: PerCenter,
	Summary: diag.T("en statusrapport gir status for hvert tiltak i handlingsplanen den rapporterer på", "a status report gives a status for every action of the action plan it reports on"),
	Doc: diag.T("Mandatet: senterleder rapporterer «status og fremdrift». Hver rapport viser med `action_plan` til planen den rapporterer på, og har under `actions` en linje med status for hvert av planens tiltak. En rapport uten action_plan meldes også, siden den da ikke rapporterer på noe tiltak.",
		"The mandate: the center leader reports status and progress. Every report cites the plan it reports on in `action_plan` and has, under `actions`, a line with the status of each of the plan's actions. A report without action_plan is reported too, since it then reports on no action."),
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
					diag.T("statusrapporten for %s sier ikke hvilken handlingsplan den rapporterer på (action_plan mangler)", "the status report for %s does not say which action plan it reports on (action_plan is missing)", rp.Period.V),
					diag.T("Skriv action_plan: %s og en linje under actions for hvert tiltak i planen.", "Write action_plan: %s and a line under actions for each action of the plan.", year))
				continue
			}
			plan := rp.PlanRef
			if plan == nil {
				continue // ref reports a plan that does not exist
			}
			var missing []string
			for _, a := range plan.Actions {
				if !a.ID.Set() {
					continue
				}
				found := false
				for _, as := range rp.Actions {
					found = found || as.Action.V == a.ID.V
				}
				if !found {
					missing = append(missing, a.ID.V)
				}
			}
			if len(missing) == 0 {
				continue
			}
			p.Report(rp.KeyPos("actions"),
				tt("statusrapporten for %s gir ikke status (actions) for %s %s i handlingsplanen %s", "the status report for %s gives no status (actions) for the %s %s of the action plan %s", rp.Period.V, plural(len(missing), diag.T("tiltaket", "action"), diag.T("tiltakene", "actions")), strings.Join(missing, ", "), plan.File()),
				diag.T("Legg til «- {action: %s, status: in-progress}» under actions, med tiltakets status ved periodens slutt (planned, in-progress, done, delayed eller cancelled); én linje per tiltak.", "Add \"- {action: %s, status: in-progress}\" under actions, with the action's status at the end of the period (planned, in-progress, done, delayed or cancelled); one line per action.", missing[0]))
		}
	},
}

var investmentAdvice = &Rule{
	ID: "investment-advice", Verb: "skal", Clause: "O5", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("minst ett investeringsråd til linjen de siste 12 månedene (etter senterets første år)", "at least one piece of investment advice to the line in the 12 months before the as-of date (after the center's first year)"),
	Doc: diag.T("Mandatet: sentrene skal «gi råd til linjestrukturen om prioritering av investeringer». Når det har gått mer enn ett år siden første periode begynte, har senteret minst ett råd i centers/<id>/advice/ med `date` fra samme dato ett år før datoen det sjekkes mot, til og med den datoen (per 2025-06-15 teller et råd fra 2024-06-15, ikke fra 2024-06-14). Et foreslått senter og et senter i sitt første år har ingen frist ennå; et senter uten løpetider meldes av regelen term.",
		"The mandate: centers advise the line structure on the priority of investments. Once more than one year has passed since the first term started, the center has at least one piece of advice in centers/<id>/advice/ whose `date` is from the same date one year before the as-of date up to and including the as-of date (as of 2025-06-15, advice from 2024-06-15 counts, from 2024-06-14 not). A proposed center and one in its first year have no deadline yet; a center without terms is reported by the term rule."),
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
		hint := diag.T("Skriv rådet med pmgov new advice --center %s (filen centers/%s/advice/<ÅÅÅÅ-MM-DD>-<emne>.md, med date, title, to_unit, priority og status).",
			"Write the advice with pmgov new advice --center %s (the file centers/%s/advice/<YYYY-MM-DD>-<topic>.md, with date, title, to_unit, priority and status).", c.ID.V, dir(c))
		if latest == nil {
			p.ReportBrief(p.rule.Severity, c.Pos,
				diag.T("%s har ikke gitt linjen investeringsråd de siste 12 månedene", "%s has given the line no investment advice in the last 12 months", c.ID.V),
				diag.T("senteret har ikke gitt linjen noe investeringsråd (centers/%s/advice/); mandatet sier sentrene gir råd om prioritering av investeringer, og minst ett råd skal være fra %s til %s", "the center has given the line no investment advice (centers/%s/advice/); the mandate says centers advise on the priority of investments, and at least one piece must be from %s to %s", dir(c), date(from), p.Today()),
				hint)
			return
		}
		p.ReportBrief(p.rule.Severity, latest.Date.Pos,
			diag.T("%s har ikke gitt linjen investeringsråd de siste 12 månedene", "%s has given the line no investment advice in the last 12 months", c.ID.V),
			diag.T("det siste investeringsrådet er fra %s, mer enn 12 måneder før %s; mandatet sier sentrene gir linjen råd om prioritering av investeringer, og minst ett råd skal være fra %s eller senere", "the latest investment advice is from %s, more than 12 months before %s; the mandate says centers advise the line on the priority of investments, and at least one piece must be from %s or later", latest.Date.String(), p.Today(), date(from)),
			hint)
	},
}

// shareTolerance is how far percent shares may sum from 100: rounding to
// one decimal (33.3 + 33.3 + 33.4) passes; an error of 0.1 does not.
const shareTolerance = 0.05

var effortAllocation = &Rule{
	ID: "effort-allocation", Verb: "plikter", Clause: "P8", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.Text{NB: "hver statusrapport fordeler innsatsen på alle senterets sykdomsgrupper, hver andel med begrunnelse, andelene summerer til 100 %",
		EN: "each status report allocates the center's effort across all of its declared disease groups, each share with a rationale, the shares summing to 100 %"},
	Doc: diag.T("Mandatet: «Sentrene plikter å dimensjonere innsatsen innen de ulike sykdomsgruppene på en rettferdig og transparent måte til pasientens beste.» Hver rapport har `effort` med en andel (`share`) og en begrunnelse (`rationale`) for hver av senterets `disease_groups`, hver gruppe én gang og ingen andel negativ. Med `unit: percent` summerer andelene til 100 med en toleranse på ±0,05 for avrunding: fra og med 99,95 til og med 100,05 godtas (33,3 + 33,3 + 33,4), mens 99,9 og 100,1 er feil — avrund slik at summen blir 100. Med `unit: fte` eller `nok` finnes ingen fast sum; summen må være større enn null. Et senter uten sykdomsgrupper har ingenting å fordele på, og det er en feil ved disease_groups (en opplysning for et foreslått senter).",
		"The mandate: centers are bound to dimension their effort across the disease groups fairly and transparently, for the patients' good. Every report has `effort` with a share (`share`) and a rationale (`rationale`) for each of the center's `disease_groups`, each group once and no share negative. With `unit: percent` the shares sum to 100 within ±0.05 for rounding: 99.95 up to and including 100.05 passes (33.3 + 33.3 + 33.4), while 99.9 and 100.1 fail — round so that the sum is 100. With `unit: fte` or `nok` there is no fixed total; the sum must be above zero. A center without disease groups has nothing to allocate across, which is an error at disease_groups (an info finding for a proposed center)."),
	Example: "effort:\n  unit: percent\n  allocation:\n    - {group: lung-cancer, share: 60, rationale: Flest pasienter.}\n",
	Fix:     "effort:\n  unit: percent\n  allocation:\n    - {group: lung-cancer, share: 60, rationale: Flest pasienter.}\n    - {group: breast-cancer, share: 40, rationale: Nytt genpanel.}\n",
	Check: func(p *Pass) {
		c := p.Center
		if len(c.DiseaseGroups) == 0 {
			sev := p.rule.Severity
			if proposed(c) {
				sev = diag.Info
			}
			msg := diag.T("senteret har ingen sykdomsgrupper (disease_groups); mandatet krever at innsatsen dimensjoneres rettferdig og transparent mellom sykdomsgruppene", "the center declares no disease groups (disease_groups); the mandate requires effort to be dimensioned fairly and transparently across the disease groups")
			if proposed(c) {
				msg = diag.T("senteret er foreslått og har ingen sykdomsgrupper ennå (disease_groups); når det etableres, fordeler hver statusrapport innsatsen rettferdig og transparent mellom dem", "the center is proposed and declares no disease groups yet (disease_groups); once established, every status report allocates its effort fairly and transparently across them")
			}
			p.ReportSeverity(sev, c.KeyPos("disease_groups"), msg,
				diag.T("Skriv disease_groups: med gruppene senteret arbeider med, for eksempel «- {id: lung-cancer, name: Lungekreft}».", "Write disease_groups: with the groups the center works with, for example \"- {id: lung-cancer, name: Lungekreft}\"."))
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
			diag.T("statusrapporten for %s sier ikke hvordan innsatsen er fordelt på sykdomsgruppene (effort mangler); mandatet krever en rettferdig og transparent fordeling", "the status report for %s does not say how the effort was divided across the disease groups (effort is missing); the mandate requires a fair and transparent allocation", rp.Period.V),
			diag.T("Skriv effort: med unit: percent og under allocation én linje per gruppe (%s): «- {group: …, share: …, rationale: …}».", "Write effort: with unit: percent and under allocation one line per group (%s): \"- {group: …, share: …, rationale: …}\".", strings.Join(groups, ", ")))
		return
	}
	seen := map[string]bool{}
	sum, sumOK := 0.0, true
	for _, s := range e.Allocation {
		if s.Group.Set() && seen[s.Group.V] {
			p.Report(s.Group.Pos,
				diag.T("sykdomsgruppen %s står to ganger i fordelingen (effort → allocation)", "the disease group %s appears twice in the allocation (effort → allocation)", s.Group.V),
				diag.T("Slå linjene sammen til én andel for %s.", "Merge the lines into one share for %s.", s.Group.V))
		}
		seen[s.Group.V] = true
		if !s.Share.OK {
			sumOK = false // the schema reports a share that is missing or not a number
		} else {
			sum += s.Share.V
			if s.Share.V < 0 {
				p.Report(s.Share.Pos,
					diag.T("andelen (share) for sykdomsgruppen %s er negativ (%s)", "the share (share) of the disease group %s is negative (%s)", s.Group.V, s.Share.Raw),
					diag.T("Skriv en andel på null eller mer.", "Write a share of zero or more."))
			}
		}
		if !s.Rationale.Set() {
			p.Report(s.KeyPos("rationale"),
				diag.T("andelen (share) for sykdomsgruppen %s har ingen begrunnelse (rationale); mandatet krever at innsatsen fordeles rettferdig og transparent", "the share (share) of the disease group %s has no rationale (rationale); the mandate requires the effort to be allocated fairly and transparently", s.Group.V),
				diag.T("Skriv en linje «rationale: …» under group: %s som sier hvorfor gruppen fikk denne andelen, f.eks. pasientvolum, nye behandlingstilbud eller hva som allerede er etablert i linjen.", "Write a line \"rationale: …\" under group: %s saying why the group got this share, for example patient volume, new treatments or what is already established in the line.", s.Group.V))
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
			tt("fordelingen (effort → allocation) i statusrapporten for %s mangler %s %s; mandatet krever at innsatsen fordeles på alle senterets sykdomsgrupper (disease_groups)", "the allocation (effort → allocation) in the status report for %s lacks the %s %s; the mandate requires the effort to be allocated across all the center's disease groups (disease_groups)", rp.Period.V, plural(len(missing), diag.T("sykdomsgruppen", "disease group"), diag.T("sykdomsgruppene", "disease groups")), strings.Join(missing, ", ")),
			diag.T("Legg til «- {group: %s, share: …, rationale: …}» under allocation (også en andel på 0 med begrunnelse).", "Add \"- {group: %s, share: …, rationale: …}\" under allocation (a share of 0 with a rationale is fine).", missing[0]))
	}
	if !sumOK || len(e.Allocation) == 0 {
		return
	}
	switch e.Unit.V {
	case "percent":
		if math.Abs(sum-100) > shareTolerance+1e-9 {
			p.Report(e.KeyPos("allocation"),
				diag.Text{
					NB: fmt.Sprintf("andelene (share) i fordelingen for %s summerer til %s %%; til sammen skal de være 100 %% (±0,05 for avrunding)", rp.Period.V, number(sum, ",")),
					EN: fmt.Sprintf("the shares (share) in the allocation for %s sum to %s %%; together they must make 100 %% (±0.05 for rounding)", rp.Period.V, number(sum, ".")),
				},
				shareHint(sum))
		}
	case "fte", "nok":
		if sum <= 0 {
			p.Report(e.KeyPos("allocation"),
				diag.T("andelene (share) i fordelingen for %s summerer til %s %s; innsatsen må være større enn null", "the shares (share) in the allocation for %s sum to %s %s; the effort must be above zero", rp.Period.V, number(sum, "."), e.Unit.V),
				diag.T("Skriv innsatsen i %s for hver sykdomsgruppe.", "Write the effort in %s for each disease group.", e.Unit.V))
		}
	}
}

// shareHint says how many percentage points are missing or too many.
func shareHint(sum float64) diag.Text {
	if sum < 100 {
		return diag.Text{
			NB: fmt.Sprintf("Det mangler %s prosentpoeng: øk share for en eller flere sykdomsgrupper så summen blir 100, og si i rationale hvorfor.", number(100-sum, ",")),
			EN: fmt.Sprintf("%s percentage points are missing: raise share for one or more disease groups so that the sum is 100, and say why in rationale.", number(100-sum, ".")),
		}
	}
	return diag.Text{
		NB: fmt.Sprintf("Det er %s prosentpoeng for mye: senk share for en eller flere sykdomsgrupper så summen blir 100.", number(sum-100, ",")),
		EN: fmt.Sprintf("There are %s percentage points too many: lower share for one or more disease groups so that the sum is 100.", number(sum-100, ".")),
	}
}

// number formats x with at most three decimals and the decimal mark sep.
func number(x float64, sep string) string {
	s := strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64)
	return strings.Replace(s, ".", sep, 1)
}
