package scaffold

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/period"
)

// cadenceWords names a cadence's periods in Norwegian, for messages.
var cadenceWords = map[string]string{
	"tertial":    "tertial (T1 januar–april, T2 mai–august, T3 september–desember)",
	"quarterly":  "kvartal (Q1–Q4)",
	"semiannual": "halvår (H1–H2)",
	"annual":     "helår (Y)",
}

// report writes centers/<id>/reports/<period>.md.
func (g *gen) report() error {
	c, err := g.findCenter()
	if err != nil {
		return err
	}
	cad := g.cadence()
	var p period.Period
	if g.req.Period != "" {
		var ok bool
		if p, ok = period.Parse(g.req.Period); !ok || p.Cadence() != cad {
			cur, _ := period.Containing(cad, g.req.AsOf)
			return refuse(
				diag.M("scaffold.gen-report.message", g.req.Period, cad),
				diag.M("scaffold.gen-report.hint", cur.Name, diag.Text{NB: cadenceWords[cad], EN: string(cad)}))
		}
	} else {
		p = reportPeriod(c, cad, g.req.AsOf)
		if r := c.Report(p.Name); r != nil {
			cur, _ := period.Containing(cad, g.req.AsOf)
			return &Error{
				Exists: true,
				Msg:    diag.M("scaffold.gen-report.msg", r.File()),
				Hint:   diag.M("scaffold.gen-report.hint-2", r.File(), cur.Name),
			}
		}
	}
	if p.End.After(g.req.AsOf) || p.End.Equal(g.req.AsOf) {
		g.note(diag.M("scaffold.gen-report.message-2", p.Name, day(p.End)))
	}
	author := g.req.Author
	if author != "" {
		if err := g.person("author", author); err != nil {
			return err
		}
	} else {
		author = c.Leader.V
	}
	year := p.Start.Year()
	plan := c.ActionPlan(year)
	g.path = fmt.Sprintf("centers/%s/reports/%s.md", c.Doc.Center, p.Name)

	w := &g.w
	w.frontMatter(g.path, doc.Report, "Statusrapport til PM-utvalget. Mandatet: «Senterleder vil rapportere om status og fremdrift i sitt senter til PM-utvalget.»")
	w.field(0, "period", p.Name, fmt.Sprintf("Perioden rapporten gjelder, %s–%s. Den må være lik filnavnet. Rapporteringsrytmen er %s.", day(p.Start), day(p.End), cadenceWords[cad]))
	w.field(0, "submitted", day(g.req.AsOf), "Datoen rapporten leveres til PM-utvalget (ÅÅÅÅ-MM-DD).")
	if author != "" {
		w.field(0, "author", id(author), "Hvem som skrev rapporten, normalt senterlederen (en person-id fra org/people.yaml).")
	} else {
		w.field(0, "author", "fyll.inn", "Hvem som skrev rapporten, normalt senterlederen (en person-id fra org/people.yaml).")
		w.todo("author", diag.M("scaffold.gen-report.message-3"))
	}
	w.field(0, "action_plan", strconv.Itoa(year), fmt.Sprintf("Året for handlingsplanen rapporten følger opp (centers/%s/action-plans/%d.yaml).", c.Doc.Center, year))
	if plan == nil {
		g.note(diag.M("scaffold.gen-report.message-4", year, c.ID.V, year))
	}
	actionsComment := "Status for hvert tiltak i handlingsplanen ved periodens slutt: planned (planlagt), in-progress (pågår), done (gjennomført), delayed (forsinket) eller cancelled (avlyst). Legg gjerne til en linje comment: \"…\" under status."
	if plan == nil || len(plan.Actions) == 0 {
		w.field(0, "actions", "[]", actionsComment)
	} else {
		w.comment(0, actionsComment+" Statusene under er kopiert fra handlingsplanen; oppdater dem.")
		w.raw("actions:")
		for _, a := range plan.Actions {
			if a.Title.Set() && !strings.HasPrefix(a.Title.V, Placeholder) {
				w.comment(2, a.Title.V)
			}
			w.item(2, "action", id(a.ID.V))
			status := a.Status.V
			if status == "" {
				status = "planned"
			}
			w.field(4, "status", id(status), "")
		}
		g.note(diag.M("scaffold.gen-report.message-5", year))
	}
	w.comment(0, "Innsatsen fordelt på senterets sykdomsgrupper. Mandatet, prinsipp 8: «Sentrene plikter å dimensjonere innsatsen innen de ulike sykdomsgruppene på en rettferdig og transparent måte til pasientens beste.» Andelene i prosent skal til sammen bli 100, og hver andel trenger en begrunnelse.")
	w.raw("effort:")
	w.field(2, "unit", "percent", "Hvordan innsatsen måles: percent (prosent), fte (årsverk) eller nok (kroner).")
	w.comment(2, "Én linje per sykdomsgruppe (disease_groups i center.yaml). Andelene er foreslått like store; sett de faktiske.")
	w.raw("  allocation:")
	groups := c.DiseaseGroups
	if len(groups) == 0 {
		w.item(4, "group", "fyll-inn")
		w.todo("group", diag.M("scaffold.gen-report.message-6"))
		w.field(6, "share", "100", "")
		w.field(6, "rationale", placeholder("begrunnelse for andelen"), "")
		w.todo("rationale", diag.M("scaffold.gen-report.message-7"))
	} else {
		shares := equalShares(len(groups))
		for i, dg := range groups {
			if dg.Name.Set() {
				w.comment(4, dg.Name.V)
			}
			w.item(4, "group", id(dg.ID.V))
			w.field(6, "share", strconv.Itoa(shares[i]), "")
			w.field(6, "rationale", placeholder("hvorfor denne andelen, til pasientens beste"), "")
			w.todo("rationale", diag.M("scaffold.gen-report.message-8", dg.ID.V))
		}
		g.note(diag.M("scaffold.gen-report.message-9", joinInts(shares)))
	}
	w.body()
	w.raw("")
	g.bodySection("Høydepunkter", "hva senteret har oppnådd i perioden", "what the center achieved in the period")
	g.bodySection("Risikoer", "hva som kan hindre fremdriften, og hva senteret gjør med det", "what may hold progress back, and what the center does about it")
	g.bodySection("Behov", "hva senteret trenger fra PM-utvalget eller linjen", "what the center needs from the committee or the line")
	return nil
}

// bodySection writes a Markdown heading and a placeholder paragraph.
func (g *gen) bodySection(heading, nb, en string) {
	g.w.raw("## " + heading)
	g.w.raw("")
	g.w.raw(Placeholder + ": " + nb + ".")
	g.w.todo("", diag.M("scaffold.body-section.todo", diag.Text{NB: nb, EN: en}))
	g.w.raw("")
}

func joinInts(xs []int) string {
	s := ""
	for i, x := range xs {
		if i > 0 {
			s += "/"
		}
		s += strconv.Itoa(x)
	}
	return s
}
