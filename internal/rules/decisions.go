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
	"adopt-mandate":        diag.T("vedtar et mandat", "adopts a mandate"),
	"establish-center":     diag.T("etablerer et senter", "establishes a center"),
	"approve-organisation": diag.T("godkjenner en intern organisering", "approves an internal organisation"),
	"approve-strategy":     diag.T("godkjenner en strategi", "approves a strategy"),
	"matrix-alignment":     diag.T("samstemmer behandlings- og teknologiaksen", "aligns the treatment and technology axes"),
	"evaluation":           diag.T("evaluerer en løpetid", "evaluates a term"),
	"extend-term":          diag.T("forlenger eller endrer en løpetid", "extends or changes a term"),
	"appoint-leader":       diag.T("utnevner en senterleder", "appoints a center leader"),
	"change-board":         diag.T("endrer en ledergruppe", "changes a board"),
	"change-anchor":        diag.T("endrer forankringen eller organiseringen i linjen", "changes the anchoring or organisation in the line"),
	"waiver":               diag.T("gir unntak fra en regel", "waives a rule"),
	"change-theme":         diag.T("endrer et tema", "changes a theme"),
	"close-center":         diag.T("legger ned et senter", "closes a center"),
	"other":                diag.T("gjelder noe annet", "is about something else"),
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
		out = append(out, citation{ref: m.AdoptedBy, what: diag.T("vedtaket av mandatet %s", "the adoption of the mandate %s", m.ID.V), types: []string{"adopt-mandate"}})
	}
	for _, c := range r.Centers {
		id := c.ID.V
		est := citation{center: c, ref: c.EstablishedBy, what: diag.T("etableringen av %s", "the establishment of %s", id), types: []string{"establish-center"}, centers: []string{id}}
		if len(c.Terms) > 0 {
			est.notAfter, est.notAfterWhat = c.Terms[0].Start, diag.T("starten på første løpetid", "the start of the first term")
		}
		out = append(out, est,
			citation{center: c, ref: c.ClosedBy, what: diag.T("nedleggelsen av %s", "the closing of %s", id), types: []string{"close-center"}, centers: []string{id}},
			citation{center: c, ref: c.Organisation.Decision, what: diag.T("den interne organiseringen av %s", "the internal organisation of %s", id), types: []string{"approve-organisation"}, centers: []string{id}})
		for _, t := range c.TechnologyAreas {
			out = append(out, citation{center: c, ref: t.Decision, what: diag.T("koblingen mellom %s og %s", "the pairing of %s with %s", id, t.Center.V), types: []string{"matrix-alignment"}, centers: []string{id, t.Center.V}})
		}
		for i, t := range c.Terms {
			if i == 0 {
				continue
			}
			out = append(out, citation{center: c, ref: t.Decision, what: diag.T("løpetid %d for %s", "term %d of %s", i+1, id),
				types: []string{"evaluation", "extend-term"}, centers: []string{id},
				notAfter: t.Start, notAfterWhat: diag.T("starten på løpetid %d", "the start of term %d", i+1)})
		}
		for _, s := range c.Strategies {
			out = append(out, citation{center: c, ref: s.ApprovedBy, what: diag.T("strategien %s", "the strategy %s", s.File()), types: []string{"approve-strategy"}, centers: []string{id},
				notAfter: s.Period.End, notAfterWhat: diag.T("slutten på strategiperioden", "the end of the strategy's period"), asOfJudged: true})
		}
		for _, e := range c.Evaluations {
			ci := citation{center: c, ref: e.Decision, what: diag.T("evalueringen av løpetid %d for %s", "the evaluation of term %d of %s", e.Term.V, id), types: []string{"evaluation"}, centers: []string{id}}
			if n := e.Term.V; e.Term.OK && n >= 1 && n <= len(c.Terms) {
				ci.notBefore, ci.notBeforeWhat = c.Terms[n-1].Start, diag.T("starten på løpetid %d, som den evaluerer", "the start of term %d, which it evaluates", n)
			}
			out = append(out, ci)
		}
	}
	return out
}

var decisionRef = &Rule{
	ID: "decision-ref", Verb: "må", Clause: "R", Severity: diag.Error, Scope: Repo,
	Summary: diag.T("hvert vedtak det vises til, gjelder det det vises til for: riktig type, riktig senter og en dato som passer",
		"every decision cited is about what it is cited for: the right type, the right center and a date that fits"),
	Doc: diag.T("Mandatet: PM-utvalget er «styringsgruppe for samtlige sentre», og sentrene etableres, organiseres, samstemmes, evalueres og legges ned ved vedtak der. Det er ikke nok at et vedtak finnes: et vedtak det vises til, må være av en type som passer (establish-center for established_by, close-center for closed_by, approve-organisation for organisation.decision, matrix-alignment for technology_areas, approve-strategy for en strategis approved_by, evaluation for en evaluering, evaluation eller extend-term for en senere løpetid, adopt-mandate for et mandats adopted_by); vedtaket må nevne senteret under centers (for en kobling i matrisen begge sentrene); og det må være fattet på eller før datoen det sjekkes mot (--as-of) og før det det gir hjemmel for: etableringen før første løpetid begynner, vedtaket om en løpetid før den begynner, godkjenningen av en strategi før perioden er over. En evaluering kan ikke vise til et vedtak fattet før løpetiden den evaluerer begynte. Et unntak (waivers) kan bare gjelde et senter vedtaket nevner, og et møte kan bare liste vedtak fattet i det møtet. At en strategi er godkjent etter --as-of, sier strategy-current.",
		"The mandate: the PM committee is the steering group for all centers, and centers are established, organised, aligned, evaluated and closed by its decisions. A decision existing is not enough: a decision cited must be of a fitting type (establish-center for established_by, close-center for closed_by, approve-organisation for organisation.decision, matrix-alignment for technology_areas, approve-strategy for a strategy's approved_by, evaluation for an evaluation, evaluation or extend-term for a later term, adopt-mandate for a mandate's adopted_by); it must name the center under centers (for a matrix link both centers); and it must have been taken on or before the as-of date and before what it authorises: the establishment before the first term starts, the decision on a term before it starts, the approval of a strategy before its period is over. An evaluation cannot cite a decision taken before the term it evaluates began. A waiver can only be for a center the decision names, and a meeting can list only decisions taken at that meeting. That a strategy was approved after --as-of is strategy-current's finding."),
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
		report(join(tt("%s viser til vedtaket %s, men det ", "%s cites the decision %s, but it ", capitalised(ci.what), d.ID.V), describe(d),
			tt("; det trengs et vedtak som %s", "; it needs a decision that %s", typeWords(ci.types))),
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
		report(join(tt("%s viser til vedtaket %s, men det ", "%s cites the decision %s, but it ", capitalised(ci.what), d.ID.V), describe(d),
			diag.T(" og nevner ikke %s under centers", " and does not name %s under centers", strings.Join(missing, ", "))),
			fitting(p, ci))
		return
	}
	if !d.Date.Valid() {
		return // the schema reports the date
	}
	switch {
	case d.Date.After(p.AsOf) && !ci.asOfJudged:
		report(tt("%s viser til vedtaket %s, som er datert %s, etter %s: vedtaket er ikke fattet ennå", "%s cites the decision %s, dated %s, after %s: the decision has not been taken yet", capitalised(ci.what), d.ID.V, d.Date.String(), p.Today()),
			diag.T("Rett datoen i %s hvis den er feil; ellers vent med henvisningen til PM-utvalget har fattet vedtaket.", "Correct the date in %s if it is wrong; otherwise wait with the citation until the committee has decided.", d.File()))
	case ci.notAfter.Valid() && d.Date.After(ci.notAfter.Time):
		report(tt("%s viser til vedtaket %s, datert %s, men %s er %s: vedtaket kan ikke komme etter det det gir hjemmel for", "%s cites the decision %s, dated %s, but %s is %s: the decision cannot come after what it authorises", capitalised(ci.what), d.ID.V, d.Date.String(), ci.notAfterWhat, ci.notAfter.String()),
			fitting(p, ci))
	case ci.notBefore.Valid() && d.Date.Before(ci.notBefore.Time):
		report(tt("%s viser til vedtaket %s, datert %s, før %s (%s)", "%s cites the decision %s, dated %s, before %s (%s)", capitalised(ci.what), d.ID.V, d.Date.String(), ci.notBeforeWhat, ci.notBefore.String()),
			fitting(p, ci))
	}
}

// describe says what a decision is about: its type in words, its centers
// and its title.
func describe(d *model.Decision) diag.Text {
	t, ok := decisionTypes[d.Type.V]
	if !ok {
		t = diag.T("er av typen %s", "is of type %s", orDefault(d.Type.V, "-"))
	}
	return tt("%s (%s, centers: %s: «%s»)", "%s (%s, centers: %s: %q)", t, d.Type.V, listOrDash(d.Centers.Values()), d.Title.V)
}

// typeWords joins the fitting types' words with "or".
func typeWords(types []string) diag.Text {
	var nb, en []string
	for _, t := range types {
		w := decisionTypes[t]
		nb = append(nb, w.NB+" ("+t+")")
		en = append(en, w.EN+" ("+t+")")
	}
	return diag.Text{NB: strings.Join(nb, " eller "), EN: strings.Join(en, " or ")}
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
		return diag.T("Vedtak som passer: %s. Skriv id-en til det som gjelder.", "Decisions that fit: %s. Write the id of the one that applies.", strings.Join(ids, ", "))
	}
	cmd := "pmgov new decision --type " + ci.types[0]
	for _, c := range ci.centers {
		if c != "" {
			cmd += " --center " + c
		}
	}
	return diag.T("Ingen vedtak passer. Be PM-utvalget om vedtaket (sekretariatet skriver det med %s).", "No decision fits. Ask the PM committee for the decision (the secretariat writes it with %s).", cmd)
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
				diag.T("unntaket gjelder %s, men vedtaket %s nevner ikke %s under centers (centers: %s)", "the waiver is for %s, but the decision %s does not name %s under centers (centers: %s)", w.Center.V, d.ID.V, w.Center.V, listOrDash(d.Centers.Values())),
				diag.T("Legg %s til under centers hvis PM-utvalget vedtok unntaket for det senteret; ellers fjern unntaket.", "Add %s under centers if the committee waived the rule for that center; otherwise remove the waiver.", w.Center.V))
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
			msg := diag.T("møtet %s lister vedtaket %s, men vedtaket ble fattet i møtet %s (meeting)", "the meeting of %s lists the decision %s, but the decision was taken at the meeting of %s (meeting)", m.Date.String(), d.ID.V, orDefault(d.Meeting.V, "-"))
			if !d.Meeting.Set() {
				msg = diag.T("møtet %s lister vedtaket %s, men vedtaket sier ikke at det ble fattet i et møte (meeting mangler)", "the meeting of %s lists the decision %s, but the decision does not say it was taken at a meeting (meeting is missing)", m.Date.String(), d.ID.V)
			}
			p.Report(ref.Pos, msg,
				diag.T("Skriv meeting: %s i %s hvis vedtaket ble fattet her; ellers fjern det fra listen.", "Write meeting: %s in %s if the decision was taken here; otherwise remove it from the list.", m.Date.String(), d.File()))
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
