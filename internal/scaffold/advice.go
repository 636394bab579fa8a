package scaffold

import (
	"fmt"
	"strconv"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

// advice writes centers/<id>/advice/<date>-<slug>.md.
func (g *gen) advice() error {
	c, err := g.findCenter()
	if err != nil {
		return err
	}
	date, err := g.date("date", g.req.Date)
	if err != nil {
		return err
	}
	slug := g.req.Slug
	if slug == "" {
		slug = slugify(g.req.Title)
	}
	if slug == "" {
		return refuse(diag.M("scaffold.gen-advice.message"),
			diag.M("scaffold.gen-advice.hint"))
	}
	if !slugRe.MatchString(slug) {
		return refuse(diag.M("scaffold.gen-advice.message-2", slug),
			diag.M("scaffold.gen-advice.hint-2", slugify(slug)))
	}
	toUnit := g.req.ToUnit
	if toUnit != "" {
		if err := g.unit("to-unit", toUnit); err != nil {
			return err
		}
	} else {
		toUnit = c.AnchorUnit.V
		if c.Funding.BudgetUnit.Set() {
			toUnit = c.Funding.BudgetUnit.V
		}
	}
	priority := g.req.Priority
	if priority == "" {
		priority = "medium"
	} else if err := oneOf("priority", priority, "high", "medium", "low"); err != nil {
		return err
	}
	status := g.req.Status
	if status == "" {
		status = "proposed"
	} else if err := oneOf("status", status, "proposed", "accepted", "declined"); err != nil {
		return err
	}
	g.path = fmt.Sprintf("centers/%s/advice/%s-%s.md", c.Doc.Center, day(date), slug)
	w := &g.w
	w.frontMatter(g.path, doc.Advice, "Råd fra senteret til linjen. Mandatet, oppgave 5: «Gi råd til linjestrukturen om prioritering av investeringer knyttet til sine respektive fagområder.»")
	w.field(0, "date", day(date), "Datoen rådet ble gitt (ÅÅÅÅ-MM-DD). Filnavnet starter med den.")
	if g.req.Title != "" {
		w.field(0, "title", quote(g.req.Title), "Rådets tittel.")
	} else {
		w.field(0, "title", placeholder("rådets tittel"), "Rådets tittel.")
		w.todo("title", diag.M("scaffold.gen-advice.message-3"))
	}
	if toUnit != "" {
		w.field(0, "to_unit", id(toUnit), "Enheten i linjen rådet gis til (enhets-id fra org/units.yaml).")
		if g.req.ToUnit == "" {
			g.note(diag.M("scaffold.gen-advice.message-4", toUnit))
		}
	} else {
		w.field(0, "to_unit", "FYLL-INN", "Enheten i linjen rådet gis til (enhets-id fra org/units.yaml).")
		w.todo("to_unit", diag.M("scaffold.gen-advice.message-5"))
	}
	w.field(0, "priority", priority, "Hvor viktig senteret mener investeringen er: high (høy), medium (middels) eller low (lav).")
	w.field(0, "status", status, "proposed (foreslått), accepted (tatt til følge) eller declined (ikke tatt til følge). Oppdater når linjen har svart.")
	w.body()
	w.raw("")
	g.bodySection("Råd", "hva senteret anbefaler å investere i, og hvorfor", "what the center recommends investing in, and why")
	return nil
}

// evaluation writes centers/<id>/evaluations/term-<n>.md for the first
// term without an evaluation.
func (g *gen) evaluation() error {
	c, err := g.findCenter()
	if err != nil {
		return err
	}
	term := g.req.Term
	if term == 0 {
		if term = nextEvaluationTerm(c); term == 0 {
			if len(c.Terms) == 0 {
				return refuse(diag.M("scaffold.gen-evaluation.message", c.ID.V),
					diag.M("scaffold.gen-evaluation.hint"))
			}
			return refuse(diag.M("scaffold.gen-evaluation.message-2", c.ID.V),
				diag.M("scaffold.gen-evaluation.hint-2"))
		}
	} else if term < 1 {
		return refuse(diag.M("scaffold.gen-evaluation.message-3", term),
			diag.M("scaffold.gen-evaluation.hint-3"))
	}
	date, err := g.date("date", g.req.Date)
	if err != nil {
		return err
	}
	outcome := g.req.Outcome
	if outcome == "" {
		outcome = "continue"
	} else if err := oneOf("outcome", outcome, "continue", "adjust", "close"); err != nil {
		return err
	}
	decision := g.req.Decision
	if decision != "" && g.repo.Decision(decision) == nil {
		ids := make([]string, 0, len(g.repo.Decisions))
		for _, d := range g.repo.Decisions {
			ids = append(ids, d.ID.V)
		}
		return refuse(diag.M("scaffold.gen-evaluation.message-4", decision),
			suggest(decision, ids, diag.M("scaffold.known.decisions")))
	}
	if decision == "" {
		decision = evaluationDecision(g, c.ID.V)
	}
	g.path = fmt.Sprintf("centers/%s/evaluations/term-%d.md", c.Doc.Center, term)
	w := &g.w
	when := ""
	if term <= len(c.Terms) {
		t := c.Terms[term-1]
		when = fmt.Sprintf(" (%s–%s)", t.Start, t.End)
	}
	w.frontMatter(g.path, doc.Evaluation, "Evalueringen ved slutten av en løpetid. Mandatet: «Sentrene skal ha en første løpetid på 3 år hvoretter ordningen evalueres.»")
	w.field(0, "term", strconv.Itoa(term), "Løpetiden som evalueres"+when+", talt fra 1 i rekkefølgen under terms i center.yaml. Den må være lik filnavnet.")
	w.field(0, "date", day(date), "Datoen evalueringen ble avsluttet (ÅÅÅÅ-MM-DD).")
	w.field(0, "outcome", outcome, "Utfallet: continue (videreføres), adjust (videreføres med endringer) eller close (legges ned).")
	g.note(diag.M("scaffold.gen-evaluation.message-5", outcome))
	if decision != "" {
		w.field(0, "decision", id(decision), "Vedtaket i PM-utvalget som behandlet evalueringen.")
	} else {
		w.comment(0, "Vedtaket i PM-utvalget som behandlet evalueringen, f.eks. decision: PMU-2024-05 (fjern # når vedtaket finnes).")
		w.raw("# decision: " + nextDecisionID(g.repo, date.Year()))
	}
	w.body()
	w.raw("")
	g.bodySection("Evaluering", "hva senteret har oppnådd i løpetiden, og hva som bør endres", "what the center achieved in the term, and what should change")
	return nil
}

// evaluationDecision is the latest evaluation decision about center that
// no evaluation cites yet; "" when there is none.
func evaluationDecision(g *gen, center string) string {
	cited := map[string]bool{}
	if c := g.repo.Center(center); c != nil {
		for _, e := range c.Evaluations {
			cited[e.Decision.V] = true
		}
	}
	best := ""
	for _, d := range g.repo.Decisions {
		if d.Type.V == "evaluation" && d.Centers.Contains(center) && !cited[d.ID.V] && d.ID.V > best {
			best = d.ID.V
		}
	}
	return best
}
