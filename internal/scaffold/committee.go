package scaffold

import (
	"fmt"
	"sort"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

// decisionTypes are the types of committee decision in the data model.
var decisionTypes = []string{"establish-center", "approve-organisation", "approve-strategy",
	"matrix-alignment", "evaluation", "waiver", "change-theme", "close-center", "other"}

// decision writes committee/decisions/<ID>.md with the next free number.
func (g *gen) decision() error {
	var dateSet bool
	date, err := g.date("date", g.req.Date)
	if err != nil {
		return err
	}
	dateSet = g.req.Date != ""
	meeting := g.req.Meeting
	if meeting != "" {
		if _, err := g.date("meeting", meeting); err != nil {
			return err
		}
	} else if meeting = meetingFor(g.repo, date); meeting == "" {
		meeting = day(date)
	}
	if !dateSet {
		date, _ = g.date("meeting", meeting)
	}
	if g.repo.MeetingByDate[meeting] == nil {
		g.note(diag.T("Møtet %[1]s finnes ikke ennå; lag det med pmgov new meeting --date %[1]s.", "The meeting %[1]s does not exist yet; create it with pmgov new meeting --date %[1]s.", meeting))
	} else {
		g.note(diag.T("Før vedtaket opp under decisions i committee/meetings/%s.md.", "List the decision under decisions in committee/meetings/%s.md.", meeting))
	}
	typ := g.req.Type
	if typ == "" {
		typ = "other"
	} else if err := oneOf("type", typ, decisionTypes...); err != nil {
		return err
	}
	var centers []string
	if g.req.Center != "" {
		c, err := g.findCenter()
		if err != nil {
			return err
		}
		centers = []string{c.ID.V}
	}
	did := g.req.ID
	if did != "" {
		if !decisionIDRe.MatchString(did) {
			return refuse(diag.T("--id %q er ikke en vedtaks-id", "--id %q is not a decision id", did),
				diag.T("Skriv forkortelse-år-nummer, f.eks. %s.", "Write prefix-year-number, e.g. %s.", nextDecisionID(g.repo, date.Year())))
		}
	} else {
		did = nextDecisionID(g.repo, date.Year())
	}
	g.path = "committee/decisions/" + did + ".md"
	w := &g.w
	w.frontMatter(g.path, doc.Decision, "Et vedtak i PM-utvalget, som er styringsgruppe for samtlige sentre. Vedtak etablerer og legger ned sentre, godkjenner intern organisering og strategier, samstemmer matrisen av sentre og gir dispensasjoner.")
	w.field(0, "id", did, "Vedtakets id: forkortelse-år-løpenummer. Den må være lik filnavnet.")
	w.field(0, "date", day(date), "Datoen vedtaket ble fattet (ÅÅÅÅ-MM-DD).")
	w.field(0, "meeting", meeting, "Datoen for møtet i PM-utvalget der vedtaket ble fattet (filen committee/meetings/<dato>.md).")
	if g.req.Title != "" {
		w.field(0, "title", quote(g.req.Title), "Vedtakets tittel.")
	} else {
		w.field(0, "title", placeholder("vedtakets tittel"), "Vedtakets tittel.")
		w.todo("title", diag.T("skriv vedtakets tittel", "write the decision's title"))
	}
	w.field(0, "type", typ, "Hva slags vedtak: establish-center (etablere senter), approve-organisation (godkjenne intern organisering), approve-strategy (godkjenne strategi), matrix-alignment (samstemme behandlings- og teknologisentre), evaluation (evaluering), waiver (dispensasjon fra en regel), change-theme (endre tema), close-center (legge ned senter) eller other (annet).")
	w.field(0, "centers", flow(centers), "Sentrene vedtaket gjelder (senter-id-er), f.eks. [kre].")
	if typ == "waiver" {
		w.comment(0, "Dispensasjoner: hver gir ett senter fritak fra én regel (se `pmgov rules`) til og med en dato. Fjern # foran linjene og fyll inn.")
		center := "kre"
		if len(centers) > 0 {
			center = centers[0]
		}
		w.raw("# waivers:")
		w.raw("#   - rule: board-competence")
		w.raw("#     center: " + center)
		w.raw(fmt.Sprintf("#     until: %04d-%02d-%02d", date.Year()+1, int(date.Month()), min(date.Day(), 28)))
		g.note(diag.T("Fyll inn regelen, senteret og sluttdatoen under waivers.", "Fill in the rule, the center and the end date under waivers."))
	}
	w.body()
	w.raw("")
	g.bodySection("Vedtak", "vedtaksteksten", "the text of the decision")
	return nil
}

// meeting writes committee/meetings/<date>.md with the committee's members
// as attendees and the decisions already made at it.
func (g *gen) meeting() error {
	date, err := g.date("date", g.req.Date)
	if err != nil {
		return err
	}
	g.path = "committee/meetings/" + day(date) + ".md"
	var attendees []string
	if g.repo.Committee != nil {
		for _, m := range g.repo.Committee.Members {
			if m.Person.Set() {
				attendees = append(attendees, m.Person.V)
			}
		}
	}
	var decisions []string
	for _, d := range g.repo.Decisions {
		if d.Meeting.V == day(date) && d.ID.Set() {
			decisions = append(decisions, d.ID.V)
		}
	}
	sort.Strings(decisions)
	w := &g.w
	w.frontMatter(g.path, doc.Meeting, "Et møte i PM-utvalget: deltakerne, vedtakene og referatet.")
	w.field(0, "date", day(date), "Møtedatoen (ÅÅÅÅ-MM-DD). Den må være lik filnavnet.")
	title := g.req.Title
	if title == "" {
		title = "Møte i PM-utvalget"
	}
	w.field(0, "title", quote(title), "Møtets tittel.")
	w.field(0, "attendees", flow(attendees), "Hvem som deltok (person-id-er fra org/people.yaml). Listen er utvalgets medlemmer; fjern dem som ikke kom.")
	if len(attendees) > 0 {
		g.note(diag.T("Deltakerlisten er alle utvalgets medlemmer; fjern dem som ikke deltok.", "The attendees are all the committee's members; remove those who did not attend."))
	}
	w.field(0, "decisions", flow(decisions), "Vedtakene fattet i møtet (vedtaks-id-er, filene i committee/decisions/).")
	w.body()
	w.raw("")
	g.bodySection("Referat", "hva som ble drøftet og besluttet", "what was discussed and decided")
	return nil
}
