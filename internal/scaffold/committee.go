package scaffold

import (
	"sort"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/rules"
)

// decisionTypes are the types of committee decision in the data model.
var decisionTypes = rules.DecisionTypes()

// decisionTypeComment explains every type, in Norwegian, above type:.
func decisionTypeComment() string {
	var parts []string
	for _, t := range decisionTypes {
		w, _ := rules.DecisionTypeWords(t)
		parts = append(parts, t+" ("+w.NB+")")
	}
	return "Hva slags vedtak: " + strings.Join(parts[:len(parts)-1], ", ") + " eller " + parts[len(parts)-1] + "."
}

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
		g.note(diag.M("scaffold.gen-decision.message", meeting))
	} else {
		g.note(diag.M("scaffold.gen-decision.message-2", meeting))
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
	var waiver struct {
		rule  string
		until time.Time
	}
	if typ == "waiver" {
		if len(centers) == 0 {
			return refuse(diag.M("scaffold.gen-decision.message-3"),
				diag.M("scaffold.gen-decision.hint"))
		}
		if g.req.Rule == "" {
			return refuse(diag.M("scaffold.gen-decision.message-4"),
				diag.M("scaffold.gen-decision.hint-2"))
		}
		if rules.ByID(g.req.Rule) == nil {
			return refuse(diag.M("scaffold.gen-decision.message-5", g.req.Rule),
				suggest(g.req.Rule, rules.IDs(), diag.M("scaffold.known.rules")))
		}
		waiver.rule = g.req.Rule
		if waiver.until, err = g.date("until", g.req.Until); err != nil {
			return err
		}
		if g.req.Until == "" {
			waiver.until = date.AddDate(1, 0, 0)
		}
	} else if g.req.Rule != "" || g.req.Until != "" {
		return refuse(diag.M("scaffold.gen-decision.message-6"),
			diag.M("scaffold.gen-decision.hint-3"))
	}
	did := g.req.ID
	if did != "" {
		if !decisionIDRe.MatchString(did) {
			return refuse(diag.M("scaffold.gen-decision.message-7", did),
				diag.M("scaffold.gen-decision.hint-4", nextDecisionID(g.repo, date.Year())))
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
		w.todo("title", diag.M("scaffold.gen-decision.message-8"))
	}
	w.field(0, "type", typ, decisionTypeComment())
	w.field(0, "centers", flow(centers), "Sentrene vedtaket gjelder (senter-id-er), f.eks. [kre].")
	if typ == "waiver" {
		w.comment(0, "Unntakene: hvert gir ett senter unntak fra én regel (se `pmgov rules`) til og med datoen until. Etter den datoen gjelder regelen igjen.")
		w.raw("waivers:")
		w.item(2, "rule", waiver.rule)
		w.field(4, "center", id(centers[0]), "")
		w.field(4, "until", day(waiver.until), "")
		if g.req.Until == "" {
			g.note(diag.M("scaffold.gen-decision.message-9", day(waiver.until)))
		}
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
		g.note(diag.M("scaffold.gen-meeting.message"))
	}
	w.field(0, "decisions", flow(decisions), "Vedtakene fattet i møtet (vedtaks-id-er, filene i committee/decisions/).")
	w.body()
	w.raw("")
	g.bodySection("Referat", "hva som ble drøftet og besluttet", "what was discussed and decided")
	return nil
}
