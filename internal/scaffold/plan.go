package scaffold

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/model"
)

// strategy writes centers/<id>/strategy-<from>-<to>.md for the current
// term: from 1 January of the year the term starts to 31 December of the
// year it ends, unless --period says otherwise.
func (g *gen) strategy() error {
	c, err := g.findCenter()
	if err != nil {
		return err
	}
	var from, to int
	if g.req.Period != "" {
		m := strategyRe.FindStringSubmatch(g.req.Period)
		if m != nil {
			from, _ = strconv.Atoi(m[1])
			to, _ = strconv.Atoi(m[2])
		}
		if m == nil || to < from {
			return refuse(
				diag.M("scaffold.gen-strategy.message", g.req.Period),
				diag.M("scaffold.gen-strategy.hint", g.req.AsOf.Year(), g.req.AsOf.Year()+3))
		}
	} else if term, _ := currentTerm(c, g.req.AsOf); term != nil && term.End.Valid() {
		from, to = term.Start.Year(), term.End.Year()
	} else {
		years := 3
		if c.MandateRef != nil && c.MandateRef.TermYears.V > 0 {
			years = c.MandateRef.TermYears.V
		}
		from, to = g.req.AsOf.Year(), g.req.AsOf.Year()+years-1
	}
	g.path = fmt.Sprintf("centers/%s/strategy-%04d-%04d.md", c.Doc.Center, from, to)
	w := &g.w
	w.frontMatter(g.path, doc.Strategy, "Senterets strategi. Mandatet, oppgave 4: «Utarbeide strategi og konkrete handlingsplaner for utvikling av sine respektive fagområder.»")
	name := c.ShortName.V
	if name == "" {
		name = c.Name.V
	}
	title := g.req.Title
	if title == "" {
		title = fmt.Sprintf("Strategi %d–%d for %s", from, to, name)
	}
	w.field(0, "title", quote(title), "Strategiens tittel.")
	w.comment(0, "Perioden strategien gjelder, fra første til siste dag. Årene må være de samme som i filnavnet.")
	w.raw("period:")
	w.field(2, "start", fmt.Sprintf("%04d-01-01", from), "")
	w.field(2, "end", fmt.Sprintf("%04d-12-31", to), "")
	w.comment(0, "Vedtaket i PM-utvalget som godkjente strategien, f.eks. approved_by: PMU-2024-01. Fjern # foran linjen når vedtaket finnes; strategien regnes ikke som gjeldende før den er godkjent.")
	w.raw("# approved_by: " + nextDecisionID(g.repo, g.req.AsOf.Year()))
	g.note(diag.M("scaffold.gen-strategy.message-2"))
	w.comment(0, "Strategiske mål. Mandatet: sentrene har fokusområdene forskning, strategiutvikling, innsatskoordinering og klinisk implementering, og målene må til sammen dekke alle fire. Hvert mål har en id (G1, G2, …), en tittel og fokusområdene det bidrar til.")
	w.raw("goals:")
	areas := []string{"research", "strategy", "coordination", "implementation"}
	if c.MandateRef != nil && len(c.MandateRef.FocusAreas) > 0 {
		areas = c.MandateRef.FocusAreas.Values()
	}
	for i, a := range areas {
		// The focus area's term is the catalogue's, as the rules and the
		// site name it; the file itself is written in Norwegian.
		word, _ := diag.Term("focus", a)
		w.item(2, "id", fmt.Sprintf("G%d", i+1))
		w.field(4, "title", placeholder("mål for "+word.NB), "")
		w.todo("title", diag.M("scaffold.gen-strategy.message-3", word))
		w.field(4, "focus_areas", flow([]string{a}), "")
	}
	w.body()
	w.raw("")
	g.bodySection("Bakgrunn", "hvor senteret står i dag", "where the center stands today")
	g.bodySection("Mål og satsninger", "hva senteret vil oppnå i perioden, og hvordan", "what the center will achieve in the period, and how")
	return nil
}

// actionPlan writes centers/<id>/action-plans/<year>.yaml, carrying the
// unfinished actions of last year's plan over with new ids.
func (g *gen) actionPlan() error {
	c, err := g.findCenter()
	if err != nil {
		return err
	}
	year := g.req.Year
	if year == 0 {
		year = g.req.AsOf.Year()
	}
	if year < 2000 || year > 2100 {
		return refuse(diag.M("scaffold.gen-action-plan.message", year),
			diag.M("scaffold.gen-action-plan.hint", g.req.AsOf.Year()))
	}
	strategy := g.req.Strategy
	var strat *model.Strategy
	if strategy != "" {
		m := strategyRe.FindStringSubmatch(strategy)
		if m == nil {
			return refuse(diag.M("scaffold.gen-action-plan.message-2", strategy),
				diag.M("scaffold.gen-action-plan.hint-2"))
		}
		strategy = "strategy-" + m[1] + "-" + m[2]
		for _, s := range c.Strategies {
			if s.ID() == strategy {
				strat = s
			}
		}
	} else if strat = strategyFor(c, year); strat != nil {
		strategy = strat.ID()
	}
	prev, carry := carryActions(c, year)
	g.path = fmt.Sprintf("centers/%s/action-plans/%04d.yaml", c.Doc.Center, year)
	w := &g.w
	w.yamlHeader(g.path, doc.ActionPlan, "Senterets handlingsplan for ett år. Mandatet, oppgave 4: «Utarbeide strategi og konkrete handlingsplaner for utvikling av sine respektive fagområder.»")
	w.field(0, "year", strconv.Itoa(year), "Året planen gjelder. Det må være likt filnavnet.")
	if strategy != "" {
		w.field(0, "strategy", strategy, "Strategien planen gjennomfører: filnavnet til strategien uten .md.")
	} else {
		w.comment(0, "Strategien planen gjennomfører: filnavnet til strategien uten .md, f.eks. strategy: strategy-2024-2027. Senteret har ingen strategi for dette året ennå (pmgov new strategy).")
		w.raw("# strategy: strategy-" + strconv.Itoa(year) + "-" + strconv.Itoa(year+2))
		g.note(diag.M("scaffold.gen-action-plan.message-3", year, c.ID.V))
	}
	tasks := []string{"research", "coordination", "implementation", "strategy", "investment-advice", "education-clinicians", "education-staff", "national-liaison"}
	if c.MandateRef != nil && len(c.MandateRef.Tasks) > 0 {
		tasks = c.MandateRef.Tasks.Values()
	}
	w.comment(0, "Tiltakene. Hvert tiltak har en id (forkortelse-år-nummer), en tittel, målet i strategien det hører til (goal), mandatets oppgaver det ivaretar (tasks: "+strings.Join(tasks, ", ")+"), pasientforløpene det gjelder (pathways), en ansvarlig person (owner), en frist (due) og en status: planned (planlagt), in-progress (pågår), done (gjennomført), delayed (forsinket) eller cancelled (avlyst). Planen må til sammen ha minst ett tiltak for hver oppgave.")
	w.raw("actions:")
	due := fmt.Sprintf("%04d-12-31", year)
	if len(carry) == 0 {
		goal := ""
		if strat != nil && len(strat.Goals) > 0 {
			goal = strat.Goals[0].ID.V
		}
		w.item(2, "id", fmt.Sprintf("%s-%04d-01", actionPrefix(c), year))
		w.field(4, "title", placeholder("tiltakets tittel"), "")
		w.todo("title", diag.M("scaffold.gen-action-plan.message-4"))
		if goal != "" {
			w.field(4, "goal", goal, "")
		}
		w.field(4, "tasks", flow(tasks[:1]), "")
		if c.Leader.Set() {
			w.field(4, "owner", id(c.Leader.V), "")
		}
		w.field(4, "due", due, "")
		w.field(4, "status", "planned", "")
		if prev != nil {
			g.note(diag.M("scaffold.gen-action-plan.message-5", prev.File()))
		}
		return nil
	}
	for _, k := range carry {
		a := k.Action
		w.comment(2, "Videreført fra "+k.From+" i "+prev.File()+".")
		w.item(2, "id", k.NewID)
		if a.Title.Set() {
			w.field(4, "title", quote(a.Title.V), "")
		} else {
			w.field(4, "title", placeholder("tiltakets tittel"), "")
			w.todo("title", diag.M("scaffold.gen-action-plan.message-4"))
		}
		if a.Goal.Set() {
			if strat != nil && strat.Goal(a.Goal.V) == nil {
				w.comment(4, "Målet "+a.Goal.V+" finnes ikke i "+strategy+"; velg et mål derfra.")
			}
			w.field(4, "goal", id(a.Goal.V), "")
		}
		if len(a.Tasks) > 0 {
			w.field(4, "tasks", flow(a.Tasks.Values()), "")
		} else {
			w.field(4, "tasks", flow(tasks[:1]), "")
		}
		if len(a.Pathways) > 0 {
			w.field(4, "pathways", flow(a.Pathways.Values()), "")
		}
		if a.Owner.Set() {
			w.field(4, "owner", id(a.Owner.V), "")
		}
		w.field(4, "due", dueIn(a.Due, year), "")
		status := a.Status.V
		if status == "" {
			status = "planned"
		}
		w.field(4, "status", id(status), "")
	}
	g.note(diag.M("scaffold.gen-action-plan.message-6", len(carry), prev.File()))
	return nil
}

// dueIn keeps a carried action's due date when it falls in the new year,
// and otherwise moves it to the year's last day.
func dueIn(d model.Date, year int) string {
	if d.Valid() && d.Year() == year {
		return d.Format(time.DateOnly)
	}
	return fmt.Sprintf("%04d-12-31", year)
}
