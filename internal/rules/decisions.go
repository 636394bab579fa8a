package rules

import (
	"slices"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
)

// decisionRules judge the committee's decisions as the data cites them: the
// mandate gives the PM committee the authority, so a decision cited for
// something must be a decision about that.
var decisionRules = []*Rule{decisionRef}

// decisionTypeOrder is the order the schema's enum and help list the
// decision types in; decisionTypes says in words what each does, for
// messages that name what a cited decision is actually about.
var decisionTypeOrder = []string{"adopt-mandate", "establish-center", "approve-organisation", "approve-strategy",
	"matrix-alignment", "evaluation", "extend-term", "appoint-leader", "change-board", "change-anchor",
	"waiver", "change-theme", "close-center", "other"}

var decisionTypes = map[string]diag.Text{
	"adopt-mandate":        diag.M("rules.decision-types.adopt-mandate"),
	"establish-center":     diag.M("rules.decision-types.establish-center"),
	"approve-organisation": diag.M("rules.decision-types.approve-organisation"),
	"approve-strategy":     diag.M("rules.decision-types.approve-strategy"),
	"matrix-alignment":     diag.M("rules.decision-types.matrix-alignment"),
	"evaluation":           diag.M("rules.decision-types.evaluation"),
	"extend-term":          diag.M("rules.decision-types.extend-term"),
	"appoint-leader":       diag.M("rules.decision-types.appoint-leader"),
	"change-board":         diag.M("rules.decision-types.change-board"),
	"change-anchor":        diag.M("rules.decision-types.change-anchor"),
	"waiver":               diag.M("rules.decision-types.waiver"),
	"change-theme":         diag.M("rules.decision-types.change-theme"),
	"close-center":         diag.M("rules.decision-types.close-center"),
	"other":                diag.M("rules.decision-types.other"),
}

// DecisionTypes lists the decision types of the data model in the order
// the schema gives them; `pmgov new decision` and its help read it.
func DecisionTypes() []string { return slices.Clone(decisionTypeOrder) }

// DecisionTypeWords says what a decision of type t does ("etablerer et
// senter"), and false for a type the data model does not have.
func DecisionTypeWords(t string) (diag.Text, bool) {
	w, ok := decisionTypes[t]
	return w, ok
}

// citation is one place the data cites a decision for something.
type citation struct {
	center *model.Center // the citing center; nil for the mandate
	ref    model.String
	// what the decision is cited for, as a noun phrase.
	what diag.Text
	// types fit the citation; centers must all be among the decision's.
	types   []string
	centers []string
	// notAfter, when valid, is the date of what the decision authorises (a
	// term's start): it cannot have been decided later. notBefore, when
	// valid, is a date it cannot predate (the start of the term an
	// evaluation judges).
	notAfter, notBefore         model.Date
	notAfterWhat, notBeforeWhat diag.Text
	// asOfJudged says that another rule already judges a decision taken
	// after the as-of date for this citation (strategy-current), so that
	// one mistake gives one finding.
	asOfJudged bool
}

// citations lists every citation of a decision in the repository.
func citations(r *model.Repository) []citation {
	var out []citation
	for _, m := range r.Mandates {
		out = append(out, citation{ref: m.AdoptedBy, what: diag.M("rules.citations.what", m.ID.V), types: []string{"adopt-mandate"}})
	}
	for _, c := range r.Centers {
		id := c.ID.V
		est := citation{center: c, ref: c.EstablishedBy, what: diag.M("rules.citations.what-2", id), types: []string{"establish-center"}, centers: []string{id}}
		if len(c.Terms) > 0 {
			est.notAfter, est.notAfterWhat = c.Terms[0].Start, diag.M("rules.citations.text")
		}
		out = append(out, est,
			citation{center: c, ref: c.ClosedBy, what: diag.M("rules.citations.what-3", id), types: []string{"close-center"}, centers: []string{id}},
			citation{center: c, ref: c.Organisation.Decision, what: diag.M("rules.citations.what-4", id), types: []string{"approve-organisation"}, centers: []string{id}})
		for _, t := range c.TechnologyAreas {
			out = append(out, citation{center: c, ref: t.Decision, what: diag.M("rules.citations.what-5", id, t.Center.V), types: []string{"matrix-alignment"}, centers: []string{id, t.Center.V}})
		}
		for i, t := range c.Terms {
			if i == 0 {
				continue
			}
			out = append(out, citation{center: c, ref: t.Decision, what: diag.M("rules.citations.what-6", i+1, id),
				types: []string{"evaluation", "extend-term"}, centers: []string{id},
				notAfter: t.Start, notAfterWhat: diag.M("rules.citations.not-after-what", i+1)})
		}
		for _, s := range c.Strategies {
			out = append(out, citation{center: c, ref: s.ApprovedBy, what: diag.M("rules.citations.what-7", s.File()), types: []string{"approve-strategy"}, centers: []string{id},
				notAfter: s.Period.End, notAfterWhat: diag.M("rules.citations.not-after-what-2"), asOfJudged: true})
		}
		for _, e := range c.Evaluations {
			ci := citation{center: c, ref: e.Decision, what: diag.M("rules.citations.what-8", e.Term.V, id), types: []string{"evaluation"}, centers: []string{id}}
			if n := e.Term.V; e.Term.OK && n >= 1 && n <= len(c.Terms) {
				ci.notBefore, ci.notBeforeWhat = c.Terms[n-1].Start, diag.M("rules.citations.text-2", n)
			}
			out = append(out, ci)
		}
	}
	return out
}

var decisionRef = &Rule{
	ID: "decision-ref", Verb: "må", Clause: "R", Severity: diag.Error, Scope: Repo,
	Summary: diag.M("rule.decision-ref.summary"),
	Doc:     diag.M("rule.decision-ref.doc"),
	Example: "# centers/kre/center.yaml\nestablished_by: PMU-2021-05   # approves bar's organisation\n",
	Fix:     "# centers/kre/center.yaml\nestablished_by: PMU-2021-02   # type: establish-center, centers: [kre]\n",
	Check: func(p *Pass) {
		for _, ci := range citations(p.Repo) {
			checkCitation(p, ci)
		}
		checkWaiverCenters(p)
		checkMeetingDecisions(p)
	},
}

// checkCitation reports the first way the cited decision does not fit.
func checkCitation(p *Pass, ci citation) {
	if !ci.ref.Set() {
		return
	}
	d := p.Repo.Decision(ci.ref.V)
	if d == nil {
		return // ref reports a decision that does not exist
	}
	report := func(msg, hint diag.Text) {
		switch {
		case ci.center != nil && proposed(ci.center):
			// A proposed center is told what it will need, as by lack.
			p.emit(diag.Diagnostic{Severity: diag.Info, Pos: ci.ref.Pos, Center: ci.center.ID.V, Message: join(msg, proposedNote), Hint: hint})
		case ci.center != nil:
			p.ReportCenter(ci.center, ci.ref.Pos, msg, hint)
		default:
			p.Report(ci.ref.Pos, msg, hint)
		}
	}
	// describe(d) only when reporting: it lists the decision's centers,
	// and one decision may name every center of the repository.
	if !slices.Contains(ci.types, d.Type.V) {
		report(join(diag.M("rules.check-citation.message", capitalised(ci.what), d.ID.V), describe(d),
			diag.M("rules.check-citation.hint", typeWords(ci.types))),
			fitting(p, ci))
		return
	}
	var missing []string
	for _, c := range ci.centers {
		if c != "" && !p.names(d, c) {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		report(join(diag.M("rules.check-citation.message", capitalised(ci.what), d.ID.V), describe(d),
			diag.M("rules.check-citation.hint-2", strings.Join(missing, ", "))),
			fitting(p, ci))
		return
	}
	if !d.Date.Valid() {
		return // the schema reports the date
	}
	switch {
	case d.Date.After(p.AsOf) && !ci.asOfJudged:
		report(diag.M("rules.check-citation.message-2", capitalised(ci.what), d.ID.V, d.Date.String(), p.Today()),
			diag.M("rules.check-citation.hint-3", d.File()))
	case ci.notAfter.Valid() && d.Date.After(ci.notAfter.Time):
		report(diag.M("rules.check-citation.message-3", capitalised(ci.what), d.ID.V, d.Date.String(), ci.notAfterWhat, ci.notAfter.String()),
			fitting(p, ci))
	case ci.notBefore.Valid() && d.Date.Before(ci.notBefore.Time):
		report(diag.M("rules.check-citation.message-4", capitalised(ci.what), d.ID.V, d.Date.String(), ci.notBeforeWhat, ci.notBefore.String()),
			fitting(p, ci))
	}
}

// describe says what a decision is about: its type in words, its centers
// and its title.
func describe(d *model.Decision) diag.Text {
	t, ok := decisionTypes[d.Type.V]
	if !ok {
		t = diag.M("rules.describe.t", orDefault(d.Type.V, "-"))
	}
	return diag.M("rules.describe.text", t, d.Type.V, listOrDash(d.Centers.Values()), d.Title.V)
}

// typeWords joins the fitting types' words with "or".
func typeWords(types []string) diag.Text {
	var nb, en []string
	for _, t := range types {
		w := decisionTypes[t]
		nb = append(nb, w.NB+" ("+t+")")
		en = append(en, w.EN+" ("+t+")")
	}
	return diag.JoinWith("word.or", nb, en)
}

// fitting names the decisions that would fit the citation, or says how to
// write one.
func fitting(p *Pass, ci citation) diag.Text {
	var ids []string
	for _, d := range p.Repo.Decisions {
		if !slices.Contains(ci.types, d.Type.V) || !d.Date.Valid() || d.Date.After(p.AsOf) || d.ID.V == ci.ref.V {
			continue
		}
		if ci.notAfter.Valid() && d.Date.After(ci.notAfter.Time) || ci.notBefore.Valid() && d.Date.Before(ci.notBefore.Time) {
			continue
		}
		all := true
		for _, c := range ci.centers {
			all = all && (c == "" || p.names(d, c))
		}
		if all {
			ids = append(ids, d.ID.V)
		}
	}
	if len(ids) > 0 {
		return diag.M("rules.fitting.text", strings.Join(ids, ", "))
	}
	cmd := "pmgov new decision --type " + ci.types[0]
	for _, c := range ci.centers {
		if c != "" {
			cmd += " --center " + c
		}
	}
	return diag.M("rules.fitting.text-2", cmd)
}

// checkWaiverCenters reports a waiver for a center its decision does not
// name: the committee waived nothing for that center.
func checkWaiverCenters(p *Pass) {
	for _, d := range p.Repo.Decisions {
		for _, w := range d.Waivers {
			if !w.Center.Set() || p.names(d, w.Center.V) {
				continue
			}
			p.ReportCenter(p.Repo.Center(w.Center.V), w.Center.Pos,
				diag.M("rules.check-waiver-centers.message", w.Center.V, d.ID.V, w.Center.V, listOrDash(d.Centers.Values())),
				diag.M("rules.check-waiver-centers.hint", w.Center.V))
		}
	}
}

// checkMeetingDecisions reports a meeting that lists a decision taken at
// another meeting, or at none.
func checkMeetingDecisions(p *Pass) {
	for _, m := range p.Repo.Meetings {
		for _, ref := range m.Decisions {
			d := p.Repo.Decision(ref.V)
			if d == nil || !m.Date.Valid() || d.Meeting.V == m.Date.String() {
				continue
			}
			msg := diag.M("rules.check-meeting-decisions.message-m", m.Date.String(), d.ID.V, orDefault(d.Meeting.V, "-"))
			if !d.Meeting.Set() {
				msg = diag.M("rules.check-meeting-decisions.message-m-2", m.Date.String(), d.ID.V)
			}
			p.Report(ref.Pos, msg,
				diag.M("rules.check-meeting-decisions.message", m.Date.String(), d.File()))
		}
	}
}

// capitalised gives the text with its first letter in upper case, for a
// phrase that starts a message.
func capitalised(t diag.Text) diag.Text {
	up := func(s string) string {
		for i, r := range s {
			return strings.ToUpper(string(r)) + s[i+len(string(r)):]
		}
		return s
	}
	return diag.Text{NB: up(t.NB), EN: up(t.EN)}
}
