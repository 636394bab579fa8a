package scaffold

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/period"
)

// center writes centers/<id>/center.yaml for a proposed center: the
// mandate that governs its kind, its theme and anchor unit (from the
// mandate's initial centers when it names one), and a first term of the
// mandate's length.
func (g *gen) center() error {
	kind := g.req.CenterKind
	if kind == "" {
		kind = "treatment"
	} else if err := oneOf("kind", kind, "treatment", "technology"); err != nil {
		return err
	}
	mandate, err := g.mandateFor(kind)
	if err != nil {
		return err
	}
	theme := g.req.Theme
	if theme != "" && mandate != nil && len(mandate.Themes) > 0 {
		if err := oneOf("theme", theme, mandate.Themes.Values()...); err != nil {
			return err
		}
	}
	if theme == "" && mandate != nil {
		theme = freeTheme(g.repo, mandate)
	}
	anchor := g.req.AnchorUnit
	if anchor != "" {
		if err := g.unit("anchor-unit", anchor); err != nil {
			return err
		}
	} else if mandate != nil {
		for _, ic := range mandate.InitialCenters {
			if ic.Theme.V == theme && g.repo.Unit(ic.AnchorUnit.V) != nil {
				anchor = ic.AnchorUnit.V
			}
		}
	}
	cid := g.req.ID
	if cid == "" && anchor != "" {
		cid = strings.ToLower(anchor)
	}
	if cid == "" {
		return refuse(diag.M("scaffold.gen-center.message"),
			diag.M("scaffold.gen-center.hint", anchorLevel(mandate)))
	}
	if !slugRe.MatchString(cid) {
		return refuse(diag.M("scaffold.gen-center.message-2", cid),
			diag.M("scaffold.gen-advice.hint-2", slugify(cid)))
	}
	if g.repo.Center(cid) != nil {
		return existsError("centers/" + cid + "/center.yaml")
	}
	if anchor == "" {
		return refuse(diag.M("scaffold.gen-center.message-3"),
			diag.M("scaffold.gen-center.hint-2", anchorLevel(mandate)))
	}
	leader := g.req.Leader
	if leader != "" {
		if err := g.person("leader", leader); err != nil {
			return err
		}
	}
	start, err := g.date("start", g.req.Start)
	if err != nil {
		return err
	}
	years := 3
	if mandate != nil && mandate.TermYears.V > 0 {
		years = mandate.TermYears.V
	}
	end := period.TermEnd(start, years)

	g.path = "centers/" + cid + "/center.yaml"
	w := &g.w
	w.yamlHeader(g.path, doc.Center, "Senteret: navn, forankring i linjen, leder, ledergruppe («styre»), løpetid og hva senteret arbeider med. Senterets øvrige filer (strategi, handlingsplaner, rapporter, råd, evalueringer) ligger i samme mappe.")
	w.field(0, "id", cid, "Senterets id: små bokstaver, lik mappenavnet centers/"+cid+"/.")
	if g.req.Name != "" {
		w.field(0, "name", quote(g.req.Name), "Senterets navn. Mandatet: «Det er opp til hvert senter å spesifisere sitt navn i den grad det ikke affiserer det tematiske innholdet.»")
	} else {
		w.field(0, "name", placeholder("Senter for presisjonsmedisin innen …"), "Senterets navn. Mandatet: «Det er opp til hvert senter å spesifisere sitt navn i den grad det ikke affiserer det tematiske innholdet.»")
		w.todo("name", diag.M("scaffold.gen-center.message-4"))
	}
	if g.req.ShortName != "" {
		w.field(0, "short_name", quote(g.req.ShortName), "Kortnavn, f.eks. SEPREK.")
	} else {
		w.comment(0, "Kortnavn, f.eks. short_name: SEPREK (valgfritt; fjern # for å bruke det).")
		w.raw("# short_name: " + strings.ToUpper(cid))
	}
	w.field(0, "kind", kind, "treatment (behandlingsorientert senter) eller technology (teknologiutviklingsområde). De to aksene utgjør en matrisestruktur som samstemmes gjennom PM-utvalget.")
	if mandate != nil {
		w.field(0, "mandate", id(mandate.ID.V), "Mandatet senteret styres etter (committee/mandates/<id>.yaml).")
	}
	if theme != "" {
		themes := ""
		if mandate != nil {
			themes = " (" + strings.Join(mandate.Themes.Values(), ", ") + ")"
		}
		w.field(0, "theme", id(theme), "Senterets tema, ett av mandatets"+themes+". To aktive sentre kan ikke ha samme tema, og et tema endres bare etter vedtak i PM-utvalget.")
	} else if mandate != nil && len(mandate.Themes) > 0 {
		w.comment(0, "Senterets tema, ett av mandatets ("+strings.Join(mandate.Themes.Values(), ", ")+"). Alle temaene har allerede et aktivt senter; to aktive sentre kan ikke ha samme tema. Fjern # og velg tema når PM-utvalget har avgjort det.")
		w.raw("# theme: " + mandate.Themes[0].V)
		w.todo("theme", diag.M("scaffold.gen-center.message-5"))
	}
	status := g.req.Status
	if status == "" {
		status = "proposed"
	} else if err := oneOf("status", status, "proposed", "active", "closed"); err != nil {
		return err
	}
	w.field(0, "status", status, "proposed (foreslått), active (etablert ved vedtak i PM-utvalget) eller closed (nedlagt). Sett active og established_by når PM-utvalget har etablert senteret.")
	w.field(0, "anchor_unit", id(anchor), fmt.Sprintf("Enheten i linjen senteret er forankret i. Mandatet: «Sentrene bør være knyttet til gjeldende linjeorganisering i OUS på %s nivå.»", anchorLevel(mandate)))
	if leader != "" {
		w.field(0, "leader", id(leader), "Senterlederen (person-id fra org/people.yaml). Mandatet: «Hvert senter bør ha en ansvarlig senterleder fortrinnsvis knyttet til sykehusets linjestruktur.» Senterleder inngår i PM-utvalget.")
	} else {
		w.field(0, "leader", "fyll.inn", "Senterlederen (person-id fra org/people.yaml). Mandatet: «Hvert senter bør ha en ansvarlig senterleder fortrinnsvis knyttet til sykehusets linjestruktur.» Senterleder inngår i PM-utvalget.")
		w.todo("leader", diag.M("scaffold.gen-center.message-6"))
	}
	w.comment(0, "Vedtaket i PM-utvalget som etablerte senteret, f.eks. established_by: PMU-2021-02 (fjern # når vedtaket finnes).")
	w.raw("# established_by: " + nextDecisionID(g.repo, start.Year()))
	w.comment(0, "Løpetidene. Mandatet: «Sentrene skal ha en første løpetid på "+strconv.Itoa(years)+" år hvoretter ordningen evalueres.» En ny løpetid legges til etter evalueringen, med after_evaluation: term-1.")
	w.raw("terms:")
	w.item(2, "start", day(start))
	w.field(4, "end", day(end), "")
	competences := []string{"clinic", "diagnostics", "research"}
	if mandate != nil && len(mandate.BoardCompetences) > 0 {
		competences = mandate.BoardCompetences.Values()
	}
	w.comment(0, "Ledergruppen («styre»). Mandatet: «Sentrene organiseres med en ledergruppe («styre») med representanter med faglig spisskompetanse innen alle relevante områder innen klinikk, diagnostikk og FoU.» Hver person har en rolle (leader, deputy-leader, member, secretary) og kompetanser blant: "+strings.Join(competences, ", ")+". Til sammen må alle kompetansene være dekket, og lederen må være med.")
	w.raw("board:")
	w.item(2, "person", orPlaceholder(leader))
	if leader == "" {
		w.todo("person", diag.M("scaffold.gen-center.message-7"))
	}
	w.field(4, "role", "leader", "")
	w.field(4, "competences", "[]", "")
	w.todo("competences", diag.M("scaffold.gen-center.message-8"))
	w.field(0, "participating_units", flow([]string{anchor}), "Enhetene som deltar (enhets-id-er fra org/units.yaml). Mandatet: sentrene skal være «klinikkovergripende», så enhetene må høre til minst to ulike klinikker.")
	w.todo("participating_units", diag.M("scaffold.gen-center.message-9"))
	if kind == "treatment" {
		w.comment(0, "Sykdomsgruppene senteret dimensjonerer innsatsen mellom (mandatet, prinsipp 8), hver med id og navn, f.eks. - {id: lung-cancer, name: Lungekreft}. Statusrapportene fordeler innsatsen på dem.")
		w.raw("disease_groups: []")
		w.todo("disease_groups", diag.M("scaffold.gen-center.message-10"))
		w.comment(0, "Pasientforløpene senteret koordinerer og fremmer implementering i (mandatet, formål og oppgave 3), f.eks. - {id: pf-lung, name: Pakkeforløp lungekreft}.")
		w.raw("patient_pathways: []")
		w.todo("patient_pathways", diag.M("scaffold.gen-center.message-11"))
		w.comment(0, "Teknologiområdene (teknologisentrene) senteret er samstemt med, og vedtaket som samstemte dem (mandatet, prinsipp 7), f.eks. - {center: gen, decision: PMU-2022-05}.")
		w.raw("technology_areas: []")
	}
	w.comment(0, "Nasjonale aktiviteter innen persontilpasset medisin senteret er bindeledd mot (id-er fra org/national-activities.yaml). Mandatet, oppgave 8: «Fungere som bindeledd mot nasjonale aktiviteter innen persontilpasset medisin.»")
	w.raw("national_activities: []")
	w.comment(0, "Intern organisering. Mandatet, prinsipp 3: «Intern organisering bør tilpasses særskilte forhold men må forankres i PM utvalget.» Legg til decision: med vedtaket som godkjente den.")
	w.raw("organisation:")
	w.field(2, "summary", placeholder("kort beskrivelse av den interne organiseringen"), "")
	w.todo("summary", diag.M("scaffold.gen-center.message-12"))
	w.comment(0, "Finansiering. Mandatet, prinsipp 6: «Finansiering er gjennom ordinære budsjettprosesser i linjestrukturen.» budget_unit er enheten i linjen som har budsjettet.")
	w.raw("funding:")
	w.field(2, "budget_unit", id(anchor), "")
	w.field(0, "editors", "[]", "Andre som kan endre senterets filer, i tillegg til lederen og ledergruppen (person-id-er).")
	w.comment(0, "Forskning senteret leder (leads), initierer (initiates) eller bidrar til (contributes). Mandatet, oppgave 1: «Bidra til og selv initiere og lede forskning innen persontilpasset medisin innen sitt fagfelt.» F.eks. - {title: IMPRESS-Norway, role: contributes, url: https://…}.")
	w.raw("research: []")
	g.note(diag.M("scaffold.gen-center.message-13"))
	if g.req.Start == "" {
		g.note(diag.M("scaffold.gen-center.message-14", day(start), years))
	}
	return nil
}

// mandateFor finds the mandate governing centers of kind: --mandate when
// given, else the only mandate that applies to kind. Technology centers
// may have none.
func (g *gen) mandateFor(kind string) (*model.Mandate, error) {
	ids := make([]string, 0, len(g.repo.Mandates))
	for _, m := range g.repo.Mandates {
		ids = append(ids, m.ID.V)
	}
	if g.req.Mandate != "" {
		if m := g.repo.MandateByID[g.req.Mandate]; m != nil {
			return m, nil
		}
		return nil, refuse(diag.M("scaffold.gen-mandate-for.message", g.req.Mandate),
			suggest(g.req.Mandate, ids, diag.M("scaffold.known.mandates")))
	}
	var found []*model.Mandate
	for _, m := range g.repo.Mandates {
		if m.AppliesTo.V == kind {
			found = append(found, m)
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) > 1:
		return nil, refuse(diag.M("scaffold.gen-mandate-for.message-2", kind),
			diag.M("scaffold.gen-mandate-for.hint", strings.Join(ids, ", ")))
	case kind == "treatment":
		return nil, refuse(diag.M("scaffold.gen-mandate-for.message-3"),
			diag.M("scaffold.gen-mandate-for.hint-2"))
	}
	return nil, nil
}

// freeTheme is the first of the mandate's themes no active center has.
func freeTheme(repo *model.Repository, m *model.Mandate) string {
	taken := map[string]bool{}
	for _, c := range repo.ActiveCenters() {
		taken[c.Theme.V] = true
	}
	for _, t := range m.Themes {
		if !taken[t.V] {
			return t.V
		}
	}
	return ""
}

func anchorLevel(m *model.Mandate) string {
	if m != nil && m.AnchorLevel.Set() {
		return m.AnchorLevel.V
	}
	return "N2"
}

func orPlaceholder(person string) string {
	if person == "" {
		return "fyll.inn"
	}
	return id(person)
}
