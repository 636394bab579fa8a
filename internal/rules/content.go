package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/spelling"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
)

// contentRules check what a center has and does: its theme, its strategy's
// focus areas, the tasks its action plan covers, research, patient pathways,
// education, national links, internal organisation, its pairing with
// technology centers, and what happens when a center closes (clause A, F,
// O1–O8, P3, P5, P7, P9, R, B).
var contentRules = []*Rule{initialCenters, theme, focusAreas, tasks, actionOwner, research, patientPathways,
	education, nationalLiaison, internalOrganisation, matrix, closedCenter}

// proposedNote is added to findings about a proposed center: it has not had
// the chance to do the work yet, so it is told what will be required.
var proposedNote = diag.T(" (senteret er foreslått; dette kreves når det etableres)",
	" (the center is proposed; this will be required once it is established)")

// lack reports something an established center must have and this one does
// not. A proposed center gets the same finding as info, saying it will be
// required once the committee establishes the center; an active one gets
// the rule's severity.
func (p *Pass) lack(pos diag.Pos, msg, hint diag.Text) {
	if p.Center != nil && p.Center.Status.V == "proposed" {
		msg.NB += proposedNote.NB
		msg.EN += proposedNote.EN
		p.ReportSeverity(diag.Info, pos, msg, hint)
		return
	}
	p.Report(pos, msg, hint)
}

// The mandate's words for its parameters, so that a finding names a task as
// the mandate does («gi råd om investeringer») rather than by its id. An id
// a mandate uses that is not listed here is shown as it is written: a
// second mandate with other tasks works without a change to Go.
var (
	taskWords = map[string]diag.Text{
		"research":             diag.T("bidra til, initiere og lede forskning", "contribute to, initiate and lead research"),
		"coordination":         diag.T("koordinere sykehusets innsats på tvers av linjen", "coordinate the hospital's effort across the line"),
		"implementation":       diag.T("fremme implementering i pasientforløp", "promote implementation in patient pathways"),
		"strategy":             diag.T("utarbeide strategi og handlingsplaner", "draw up strategy and action plans"),
		"investment-advice":    diag.T("gi råd om investeringer", "advise the line on investments"),
		"education-clinicians": diag.T("utdanningsprogrammer for klinikere", "education programmes for clinicians"),
		"education-staff":      diag.T("utdanningsprogrammer for helsepersonell og ikke-helsepersonell", "education programmes for health and non-health personnel"),
		"national-liaison":     diag.T("være bindeledd mot nasjonale aktiviteter", "liaise with national activities"),
	}
	focusWords = map[string]diag.Text{
		"research":       diag.T("forskning", "research"),
		"strategy":       diag.T("strategiutvikling", "strategy development"),
		"coordination":   diag.T("innsatskoordinering", "coordination of effort"),
		"implementation": diag.T("klinisk implementering", "clinical implementation"),
	}
	audienceWords = map[string]diag.Text{
		"clinicians":           diag.T("klinikere", "clinicians"),
		"health-personnel":     diag.T("helsepersonell", "health personnel"),
		"non-health-personnel": diag.T("ikke-helsepersonell", "non-health personnel"),
	}
	themeWords = map[string]diag.Text{
		"cancer":              diag.T("kreft", "cancer"),
		"infectious-diseases": diag.T("infeksjonssykdommer", "infectious diseases"),
		"rare-diseases":       diag.T("sjeldne sykdommer", "rare diseases"),
	}
)

// taskBokmal holds the Norwegian words an author is likely to write for a
// task instead of its id.
var taskBokmal = map[string]diag.Text{
	"research":          diag.T("forskning", ""),
	"coordination":      diag.T("koordinering", ""),
	"implementation":    diag.T("implementering", ""),
	"strategy":          diag.T("strategi", ""),
	"investment-advice": diag.T("investeringsråd", ""),
	"national-liaison":  diag.T("nasjonalt samarbeid", ""),
}

// fromBokmal returns the id among known whose Norwegian word is got (an
// author who wrote «kreft» meant cancer), or "".
func fromBokmal(words map[string]diag.Text, got string, known []string) string {
	g := strings.ToLower(strings.TrimSpace(got))
	for _, id := range known {
		if w, ok := words[id]; ok && strings.ToLower(w.NB) == g {
			return id
		}
	}
	return ""
}

// word names id in the mandate's words, quoted, with the id after it.
func word(words map[string]diag.Text, id string) diag.Text {
	w, ok := words[id]
	if !ok {
		return diag.T("«%s»", "%s", id)
	}
	t := diag.Text{NB: fmt.Sprintf("«%s» (%s)", w.NB, id), EN: fmt.Sprintf("%s (%s)", w.EN, id)}
	if w.EN == id {
		t.EN = id // the English word is the id itself
	}
	return t
}

// taskClause is the clause of a task of mandate m: O1 for the mandate's
// first task, and so on.
func taskClause(m *model.Mandate, id string) string {
	for i, t := range m.Tasks {
		if t.V == id {
			return fmt.Sprintf("O%d", i+1)
		}
	}
	return "O"
}

// taskWord names a task of mandate m with its clause: «gi råd om
// investeringer (O5)».
func taskWord(m *model.Mandate, id string) diag.Text {
	w, ok := taskWords[id]
	if !ok {
		w = diag.Text{NB: id, EN: id}
	}
	return tt("«%s (%s)»", "\"%s (%s)\"", w, taskClause(m, id))
}

// joinText joins texts into one list per language: "a, b og c".
func joinText(ts []diag.Text) diag.Text {
	nb, en := make([]string, len(ts)), make([]string, len(ts))
	for i, t := range ts {
		nb[i], en[i] = t.NB, t.EN
	}
	return diag.Text{NB: joinWords(nb, "og"), EN: joinWords(en, "and")}
}

func joinWords(ws []string, and string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " " + and + " " + ws[len(ws)-1]
}

// plural picks one or many by n.
func plural(n int, one, many diag.Text) diag.Text {
	if n == 1 {
		return one
	}
	return many
}

// words names each id with words.
func words(dict map[string]diag.Text, ids []string) diag.Text {
	ts := make([]diag.Text, len(ids))
	for i, id := range ids {
		ts[i] = word(dict, id)
	}
	return joinText(ts)
}

// missingFrom returns the entries of want that are not in have, in want's
// order.
func missingFrom(want model.Strings, have map[string]bool) []string {
	var out []string
	for _, w := range want {
		if w.Set() && !have[w.V] {
			out = append(out, w.V)
		}
	}
	return out
}

// strategyAt returns the strategy whose period covers t (the last one by
// file name when periods overlap), or nil.
func strategyAt(c *model.Center, t time.Time) *model.Strategy {
	var cur *model.Strategy
	for _, s := range c.Strategies {
		pd := s.Period
		if pd.Start.Valid() && pd.End.Valid() && !t.Before(pd.Start.Time) && !t.After(pd.End.Time) {
			cur = s
		}
	}
	return cur
}

// actionOpen reports whether an action still has work left: not done and not
// cancelled (an action without a status counts as open).
func actionOpen(a model.Action) bool { return a.Status.V != "done" && a.Status.V != "cancelled" }

// tasksOf adds the tasks of the plan's actions that are not cancelled: a
// cancelled action takes care of nothing.
func tasksOf(plan *model.ActionPlan) map[string]bool {
	have := map[string]bool{}
	for _, a := range plan.Actions {
		if a.Status.V == "cancelled" {
			continue
		}
		for _, t := range a.Tasks {
			have[t.V] = true
		}
	}
	return have
}

var initialCenters = &Rule{
	ID: "initial-centers", Verb: "skal", Clause: "A", Severity: diag.Error, Scope: Repo,
	Summary: diag.T("mandatets første sentre er etablert: kreft ved KRE, infeksjonssykdommer ved MED, sjeldne sykdommer ved BAR (et senter PM-utvalget senere har lagt ned, teller)",
		"the mandate's initial centers were established: cancer at KRE, infectious diseases at MED, rare diseases at BAR (one the committee later closed counts)"),
	Doc: diag.T("Mandatet: «I første omgang skal det etableres tre behandlingsorienterte sentre» — kreft (KRE), infeksjonssykdommer (MED) og sjeldne sykdommer (BAR). For hver oppføring under `initial_centers` i mandatets datafil må det finnes et senter med `mandate` lik mandatet, samme `theme` og en `anchor_unit` som er enheten eller ligger under den (nivået sjekkes av anchor-level). «I første omgang» og en struktur som «må ansees dynamisk» betyr at et slikt senter som senere er lagt ned (`status: closed`), har oppfylt kravet; at nedleggelsen har et vedtak, sjekker closed-center og decision-ref. Funnet står ved oppføringen i mandatfilen. Et senter som bare er foreslått (`status: proposed`) gir et informasjonsfunn: det teller, men er ennå ikke etablert.",
		"The mandate: initially three treatment-oriented centers are to be established — cancer (KRE), infectious diseases (MED) and rare diseases (BAR). For each entry under `initial_centers` in the mandate's data file there must be a center whose `mandate` is the mandate, with the same `theme` and an `anchor_unit` that is the unit or lies under it (the level is anchor-level's concern). \"Initially\", and a structure that \"must be regarded as dynamic\", mean that such a center closed later (`status: closed`) has met the requirement; that the closing has a decision is checked by closed-center and decision-ref. The finding stands at the entry in the mandate file. A center that is only proposed (`status: proposed`) gives an info finding: it counts, but is not established yet."),
	Example: "# committee/mandates/treatment-centers.yaml\ninitial_centers:\n  - {theme: rare-diseases, anchor_unit: BAR}\n# and no center with theme: rare-diseases\n",
	Fix:     "# centers/bar/center.yaml\nid: bar\nkind: treatment\nmandate: treatment-centers\ntheme: rare-diseases\nstatus: active\nanchor_unit: BAR\n",
	Check: func(p *Pass) {
		for _, m := range p.Repo.Mandates {
			for _, ic := range m.InitialCenters {
				checkInitialCenter(p, m, ic)
			}
		}
	},
}

func checkInitialCenter(p *Pass, m *model.Mandate, ic model.InitialCenter) {
	if !ic.Theme.Set() {
		return // the schema reports an entry without a theme
	}
	var match, elsewhere, closed *model.Center
	for _, c := range p.Repo.Centers {
		if c.Mandate.V != m.ID.V {
			continue
		}
		if !m.Themes.Contains(c.Theme.V) && c.Status.V != "closed" && c.AnchorRef != nil && within(c.AnchorRef, ic.AnchorUnit.V) {
			// A center in the right place whose theme is missing or
			// misspelt: theme reports it, and one typo is one finding.
			return
		}
		if c.Theme.V != ic.Theme.V {
			continue
		}
		switch {
		case c.Status.V == "closed":
			closed = c
		case !c.AnchorUnit.Set() || c.AnchorRef == nil:
			// anchor-level reports a missing anchor unit and ref an unknown
			// one; neither is a second finding here.
			return
		case within(c.AnchorRef, ic.AnchorUnit.V):
			if match == nil || match.Status.V == "proposed" {
				match = c
			}
		default:
			elsewhere = c
		}
	}
	th := word(themeWords, ic.Theme.V)
	switch {
	case match != nil && match.Status.V == "proposed":
		p.ReportCenterSeverity(match, diag.Info, ic.Pos,
			tt("senteret for %s ved %s (%s) er bare foreslått; mandatet sier det skal etableres", "the center for %s at %s (%s) is only proposed; the mandate says it is to be established", th, ic.AnchorUnit.V, match.File()),
			diag.T("Når PM-utvalget har vedtatt etableringen: sett status: active og established_by: <vedtaks-id> i %s.", "Once the PM committee has decided to establish it: set status: active and established_by: <decision id> in %s.", match.File()))
	case match != nil:
		return
	case elsewhere != nil:
		p.ReportCenter(elsewhere, ic.Pos,
			tt("mandatet krever et senter for %s forankret i %s, men senteret %s har ankerenhet %s", "the mandate requires a center for %s anchored at %s, but the center %s has anchor unit %s", th, ic.AnchorUnit.V, elsewhere.ID.V, orDefault(elsewhere.AnchorUnit.V, "-")),
			diag.T("Sett anchor_unit: %s i %s, eller be PM-utvalget endre mandatets initial_centers.", "Set anchor_unit: %s in %s, or ask the PM committee to change the mandate's initial_centers.", ic.AnchorUnit.V, elsewhere.File()))
	case closed != nil:
		// The mandate establishes the initial centers «i første omgang» and
		// calls the structure dynamic: one that was established and then
		// closed by the committee has done what the clause asks. Whether the
		// closing was lawful is closed-center's and decision-ref's finding.
		return
	case len(p.Repo.Unreadable) > 0:
		// The center may well be the one whose file cannot be read: tell
		// the committee so, rather than advise creating a new center.
		var files []string
		for _, id := range p.Repo.Unreadable {
			files = append(files, "centers/"+id+"/center.yaml")
		}
		p.ReportSeverity(diag.Info, ic.Pos,
			tt("senteret for %s forankret i %s kan ikke bekreftes: %s kan ikke leses", "the center for %s anchored at %s cannot be confirmed: %s cannot be read", th, ic.AnchorUnit.V, strings.Join(files, ", ")),
			diag.T("Rett feilen som er meldt i %s; da sjekkes dette på nytt.", "Correct the error reported in %s; this is then checked again.", strings.Join(files, ", ")))
	default:
		p.Report(ic.Pos,
			tt("det finnes ikke noe senter for %s forankret i %s under mandatet %s; mandatet sier det skal etableres", "there is no center for %s anchored at %s under the mandate %s; the mandate says it is to be established", th, ic.AnchorUnit.V, m.ID.V),
			diag.T("Opprett senteret med pmgov new center --id <id> --mandate %s --theme %s --anchor-unit %s --leader <person-id>.", "Create the center with pmgov new center --id <id> --mandate %s --theme %s --anchor-unit %s --leader <person id>.", m.ID.V, ic.Theme.V, ic.AnchorUnit.V))
	}
}

// within reports whether unit u is the unit id or lies under it. A center
// anchored in a department of the named clinic is in that clinic; whether
// the level is right is anchor-level's finding.
func within(u *model.Unit, id string) bool {
	for seen := 0; u != nil && seen < 16; seen++ {
		if u.ID.V == id {
			return true
		}
		u = u.ParentUnit
	}
	return false
}

// ReportCenterSeverity records a finding about center c from a
// repository-wide rule with an explicit severity.
func (p *Pass) ReportCenterSeverity(c *model.Center, sev diag.Severity, pos diag.Pos, msg, hint diag.Text) {
	d := diag.Diagnostic{Rule: p.rule.ID, Severity: sev, Pos: pos, Message: msg, Hint: hint, Clause: p.rule.Clause}
	if c != nil {
		d.Center = c.ID.V
	}
	*p.out = append(*p.out, d)
}

// establishedOn gives the date of the decision that established c, if it
// has one that exists and is dated.
func establishedOn(r *model.Repository, c *model.Center) (time.Time, *model.Decision) {
	if d := r.Decision(c.EstablishedBy.V); d != nil && d.Date.Valid() {
		return d.Date.Time, d
	}
	return time.Time{}, nil
}

// establishedAfter reports whether c was established after o, the center
// at index oi of the repository: by the dates of their establishment
// decisions, and where those do not tell, by file order.
func establishedAfter(r *model.Repository, c, o *model.Center, oi int) bool {
	ct, cd := establishedOn(r, c)
	ot, od := establishedOn(r, o)
	if cd != nil && od != nil && !ct.Equal(ot) {
		return ct.After(ot)
	}
	return oi < slices.Index(r.Centers, c)
}

// establishedWords says which decision established c, for a finding at it.
func establishedWords(r *model.Repository, c *model.Center) diag.Text {
	if t, d := establishedOn(r, c); d != nil {
		return diag.T(", og %s ble etablert senere, ved vedtak %s (%s)", ", and %s was established later, by decision %s (%s)", c.ID.V, d.ID.V, t.Format(time.DateOnly))
	}
	return diag.Text{}
}

var theme = &Rule{
	ID: "theme", Verb: "skal", Clause: "A", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("temaet er ett av mandatets temaer, og ingen to aktive sentre har samme tema",
		"the theme is one of the mandate's themes and no two active centers share it"),
	Doc: diag.T("Mandatet: sentrene er tematisk spisset, og «det er opp til hvert senter å spesifisere sitt navn i den grad det ikke affiserer det tematiske innholdet». `theme` må derfor være ett av mandatets `themes`, og to aktive sentre under samme mandat kan ikke ha samme tema (funnet står ved det som ble etablert sist (etter datoene i etableringsvedtakene, ellers i filrekkefølge), med vedtaket). Et aktivt og et nedlagt senter med samme tema er i orden. Et foreslått senter med et tema som et aktivt senter allerede har, gir et informasjonsfunn. At en pull request som endrer temaet må ha et vedtak, sjekker change-decision.",
		"The mandate: centers are thematically focused, and each center may choose its own name as long as that does not change its theme. `theme` must be one of the mandate's `themes`, and two active centers under the same mandate cannot share a theme (the finding stands at the one established later (by the dates of their establishment decisions, else in file order), naming the decision). An active and a closed center on one theme are fine. A proposed center on a theme an active center already has gives an info finding. That a pull request changing the theme needs a decision is change-decision's check."),
	Example: "theme: oncology\n",
	Fix:     "theme: cancer\n",
	Check: func(p *Pass) {
		c, m := p.Center, p.Mandate
		if len(m.Themes) == 0 {
			return // a mandate without themes asks for none
		}
		themes := "" // named in the findings only: the list may be long
		if !c.Theme.Set() || !m.Themes.Contains(c.Theme.V) {
			themes = strings.Join(m.Themes.Values(), ", ")
		}
		if !c.Theme.Set() {
			p.Report(c.KeyPos("theme"),
				diag.T("senteret har ikke noe tema (theme); mandatet %s krever ett av: %s", "the center has no theme (theme); the mandate %s requires one of: %s", m.ID.V, themes),
				diag.T("Skriv theme: med ett av mandatets temaer (%s).", "Write theme: with one of the mandate's themes (%s).", themes))
			return
		}
		if !m.Themes.Contains(c.Theme.V) {
			hint := diag.T("Bruk ett av mandatets temaer: %s.", "Use one of the mandate's themes: %s.", themes)
			if id := fromBokmal(themeWords, c.Theme.V, m.Themes.Values()); id != "" {
				hint = diag.T("Temaet skrives med mandatets id, ikke på norsk: «theme: %s». Mandatets temaer er %s.", "The theme is written with the mandate's id, not in Norwegian: \"theme: %s\". The mandate's themes are %s.", id, themes)
			} else if near := spelling.Nearest(c.Theme.V, m.Themes.Values()); near != "" {
				hint = diag.T("Mente du «theme: %s»? Mandatets temaer er %s.", "Did you mean \"theme: %s\"? The mandate's themes are %s.", near, themes)
			}
			p.Report(c.Theme.Pos,
				diag.T("temaet (theme) «%s» er ikke ett av temaene i mandatet %s (%s)", "the theme (theme) %q is not one of the themes of the mandate %s (%s)", c.Theme.V, m.ID.V, themes),
				hint)
			return
		}
		for _, i := range p.activeOnTheme(c.Mandate.V, c.Theme.V) {
			o := p.Repo.Centers[i]
			if o == c {
				continue
			}
			if c.Status.V == "active" && !establishedAfter(p.Repo, c, o, i) {
				continue // the finding stands at the center established later
			}
			if c.Status.V == "proposed" {
				p.ReportSeverity(diag.Info, c.Theme.Pos,
					diag.T("temaet %s har allerede det aktive senteret %s; to aktive sentre kan ikke ha samme tema, så dette senteret kan ikke etableres slik", "the theme %s already has the active center %s; two active centers cannot share a theme, so this center cannot be established as it is", c.Theme.V, o.ID.V),
					diag.T("Velg et annet tema, eller be PM-utvalget legge ned %s før dette senteret etableres.", "Choose another theme, or ask the PM committee to close %s before this center is established.", o.ID.V))
				return
			}
			p.Report(c.Theme.Pos, join(
				diag.T("temaet %s har allerede det aktive senteret %s (%s)", "the theme %s already has the active center %s (%s)", c.Theme.V, o.ID.V, o.File()),
				establishedWords(p.Repo, c),
				diag.T("; mandatet gir hvert tema ett senter", "; the mandate gives each theme one center")),
				diag.T("Velg et annet av mandatets temaer, eller slå sentrene sammen (ett av dem får status: closed og closed_by: <vedtaks-id>).", "Choose another of the mandate's themes, or merge the centers (one gets status: closed and closed_by: <decision id>)."))
			return
		}
	},
}

var focusAreas = &Rule{
	ID: "focus-areas", Verb: "har", Clause: "F", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("den gjeldende strategiens mål dekker til sammen alle fokusområdene: forskning, strategiutvikling, innsatskoordinering, klinisk implementering",
		"the current strategy's goals together cover all focus areas: research, strategy development, coordination, clinical implementation"),
	Doc: diag.T("Mandatet: «Sentre har følgende fokusområder: forskning, strategiutvikling, innsatskoordinering, klinisk implementering.» Målene (`goals[].focus_areas`) i strategien som gjelder på datoen (perioden dekker --as-of) må til sammen dekke mandatets `focus_areas`. Finnes det ingen gjeldende strategi, sier regelen strategy-current fra om det, så denne regelen tier. For et foreslått senter er funnet informasjon om hva som kreves når det etableres.",
		"The mandate: centers have four focus areas — research, strategy development, coordination of effort, clinical implementation. The goals (`goals[].focus_areas`) of the strategy in force on the date (its period covers --as-of) must together cover the mandate's `focus_areas`. When there is no current strategy, the rule strategy-current says so, and this rule stays silent. For a proposed center the finding is information about what will be required once it is established."),
	Example: "goals:\n  - {id: G1, title: Forskning, focus_areas: [research]}\n",
	Fix:     "goals:\n  - {id: G1, title: Forskning og strategi, focus_areas: [research, strategy]}\n  - {id: G2, title: Koordinering og implementering, focus_areas: [coordination, implementation]}\n",
	Check: func(p *Pass) {
		s := strategyAt(p.Center, p.AsOf)
		if s == nil {
			return // strategy-current reports that no strategy covers the date
		}
		have := map[string]bool{}
		for _, g := range s.Goals {
			for _, f := range g.FocusAreas {
				have[f.V] = true
			}
		}
		missing := missingFrom(p.Mandate.FocusAreas, have)
		if len(missing) == 0 {
			return
		}
		list := words(focusWords, missing)
		p.lack(s.KeyPos("goals"),
			tt("strategiens mål dekker ikke %s %s; mandatet krever at strategien dekker %s", "the strategy's goals do not cover the %s %s; the mandate requires the strategy to cover %s", plural(len(missing), diag.T("fokusområdet", "focus area"), diag.T("fokusområdene", "focus areas")), list, words(focusWords, p.Mandate.FocusAreas.Values())),
			diag.T("Legg %s til under focus_areas for et mål i %s, eller legg til et mål: «- {id: G%d, title: …, focus_areas: [%s]}».", "Add %s under focus_areas of a goal in %s, or add a goal: \"- {id: G%d, title: …, focus_areas: [%s]}\".", strings.Join(missing, ", "), s.File(), len(s.Goals)+1, strings.Join(missing, ", ")))
	},
}

var tasks = &Rule{
	ID: "tasks", Verb: "skal", Clause: "O1–O8", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("årets handlingsplan har minst ett tiltak for hver av mandatets oppgaver",
		"the current action plan has at least one action for each of the mandate's tasks"),
	Doc: diag.T("Mandatet lister åtte oppgaver sentrene skal ivareta (O1–O8): forskning, koordinering, implementering i pasientforløp, strategi og handlingsplaner, investeringsråd, utdanning for klinikere, utdanning for helsepersonell og ikke-helsepersonell, og bindeledd mot nasjonale aktiviteter. Handlingsplanen for året i --as-of må ha minst ett tiltak som ikke er avlyst (`status: cancelled`) for hver oppgave i mandatets `tasks`, merket med oppgavens id under `tasks`. Et tiltak med en oppgave mandatet ikke kjenner, rapporteres der det står. Finnes ingen plan for året, sier regelen action-plan-current fra om det. For et foreslått senter er funnet informasjon.",
		"The mandate lists eight tasks the centers carry out (O1–O8): research, coordination, implementation in patient pathways, strategy and action plans, investment advice, education for clinicians, education for health and non-health personnel, and liaison with national activities. The action plan for the year of --as-of must have at least one action that is not cancelled (`status: cancelled`) for each task in the mandate's `tasks`, tagged with the task's id under `tasks`. An action naming a task the mandate does not know is reported where it stands. When there is no plan for the year, the rule action-plan-current says so. For a proposed center the finding is information."),
	Example: "actions:\n  - {id: KRE-2025-01, title: Forskning, tasks: [research], owner: kari.nordmann, due: 2025-12-31, status: planned}\n",
	Fix:     "actions:\n  - {id: KRE-2025-01, title: Forskning, tasks: [research], owner: kari.nordmann, due: 2025-12-31, status: planned}\n  - {id: KRE-2025-02, title: Investeringsråd, tasks: [investment-advice], owner: kari.nordmann, due: 2025-12-31, status: planned}\n  # … one action for each task of the mandate\n",
	Check: func(p *Pass) {
		c, m := p.Center, p.Mandate
		if len(m.Tasks) == 0 {
			return // a mandate without tasks asks for no actions
		}
		known := m.Tasks.Values()
		for _, plan := range c.ActionPlans {
			for _, a := range plan.Actions {
				for _, t := range a.Tasks {
					if !t.Set() || m.Tasks.Contains(t.V) {
						continue
					}
					hint := diag.T("Bruk oppgavene i mandatet: %s.", "Use the mandate's tasks: %s.", strings.Join(known, ", "))
					if id := fromBokmal(taskBokmal, t.V, known); id != "" {
						hint = diag.T("Oppgaven skrives med mandatets id, ikke på norsk: «%s» (%s). Mandatets oppgaver er %s.", "The task is written with the mandate's id, not in Norwegian: %q (%s). The mandate's tasks are %s.", id, taskClause(m, id), strings.Join(known, ", "))
					} else if near := spelling.Nearest(t.V, known); near != "" {
						hint = diag.T("Mente du «%s»? Mandatets oppgaver er %s.", "Did you mean %q? The mandate's tasks are %s.", near, strings.Join(known, ", "))
					}
					p.Report(t.Pos,
						diag.T("oppgaven «%s» (tasks) finnes ikke i mandatet %s", "the task %q is not in the mandate %s", t.V, m.ID.V),
						hint)
				}
			}
		}
		plan := c.ActionPlan(p.AsOf.Year())
		if plan == nil {
			return // action-plan-current reports the missing plan
		}
		missing := missingFrom(m.Tasks, tasksOf(plan))
		if len(missing) == 0 {
			return
		}
		ts := make([]diag.Text, len(missing))
		for i, t := range missing {
			ts[i] = taskWord(m, t)
		}
		list := joinText(ts)
		p.lack(plan.KeyPos("actions"),
			tt("handlingsplanen for %d har ingen tiltak for %s %s; mandatet krever minst ett tiltak for hver av sine %d oppgaver", "the action plan for %d has no action for the %s %s; the mandate requires at least one action for each of its %d tasks", plan.Year.V, plural(len(missing), diag.T("oppgaven", "task"), diag.T("oppgavene", "tasks")), list, len(m.Tasks)),
			diag.T("Legg til et tiltak med tasks: [%s] i %s, eller merk et tiltak som ivaretar oppgaven med den.", "Add an action with tasks: [%s] to %s, or tag an action that carries out the task with it.", strings.Join(missing, ", "), plan.File()))
	},
}

var actionOwner = &Rule{
	ID: "action-owner", Verb: "skal", Clause: "O4", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("hvert tiltak har en ansvarlig (en kjent person), en frist og en status",
		"every action has an owner (a known person), a due date and a status"),
	Doc: diag.T("Mandatet: sentrene skal utarbeide «konkrete handlingsplaner». Et tiltak er konkret når noen eier det, det har en frist og en status. Hvert tiltak i hver handlingsplan har derfor `owner` (en person i org/people.yaml; en ukjent person rapporteres av regelen ref), `due` og `status`. Hvert manglende felt rapporteres ved tiltaket. Gjelder også foreslåtte sentre: en plan som er skrevet, må være fullstendig.",
		"The mandate: centers draw up concrete action plans. An action is concrete when someone owns it and it has a due date and a status. Every action in every action plan therefore has `owner` (a person in org/people.yaml; an unknown person is reported by the rule ref), `due` and `status`. Each missing field is reported at the action. This applies to proposed centers too: a plan that is written must be complete."),
	Example: "  - {id: KRE-2025-01, title: Genpanel, tasks: [implementation]}\n",
	Fix:     "  - {id: KRE-2025-01, title: Genpanel, tasks: [implementation], owner: ola.nordmann, due: 2025-12-31, status: planned}\n",
	Check: func(p *Pass) {
		for _, plan := range p.Center.ActionPlans {
			for _, a := range plan.Actions {
				name := orDefault(a.ID.V, a.Title.V)
				if !a.Owner.Set() {
					p.Report(a.KeyPos("owner"),
						diag.T("tiltaket %s har ingen ansvarlig (owner); mandatet krever konkrete handlingsplaner", "the action %s has no owner (owner); the mandate requires concrete action plans", name),
						diag.T("Skriv «owner: <person-id>» med id-en fra org/people.yaml til den som er ansvarlig for tiltaket, f.eks. «owner: %s».", "Write \"owner: <person id>\" with the id from org/people.yaml of whoever is responsible for the action, for example \"owner: %s\".", orDefault(p.Center.Leader.V, "kari.nordmann")))
				}
				if a.Due.Raw == "" {
					p.Report(a.KeyPos("due"),
						diag.T("tiltaket %s har ingen frist (due); mandatet krever konkrete handlingsplaner", "the action %s has no due date (due); the mandate requires concrete action plans", name),
						diag.T("Skriv due: med fristen som ÅÅÅÅ-MM-DD, f.eks. due: %d-12-31.", "Write due: with the due date as YYYY-MM-DD, for example due: %d-12-31.", plan.Year.V))
				}
				if !a.Status.Set() {
					p.Report(a.KeyPos("status"),
						diag.T("tiltaket %s har ingen status (status); mandatet krever konkrete handlingsplaner", "the action %s has no status (status); the mandate requires concrete action plans", name),
						diag.T("Skriv «status: planned» (eller in-progress, done, delayed, cancelled) på tiltaket.", "Write \"status: planned\" (or in-progress, done, delayed, cancelled) on the action."))
				}
			}
		}
	},
}

var research = &Rule{
	ID: "research", Verb: "skal", Clause: "O1", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("senteret oppgir minst én forskningsaktivitet det leder, initierer eller bidrar til",
		"the center lists at least one research activity it leads, initiates or contributes to"),
	Doc: diag.T("Mandatet: sentrene skal «bidra til og selv initiere og lede forskning innen persontilpasset medisin innen sitt fagfelt». Senteret lister forskningen under `research` med rollen leads, initiates eller contributes. Regelen gjelder når mandatets `tasks` har oppgaven research. For et foreslått senter er funnet informasjon.",
		"The mandate: centers contribute to, initiate and lead research in precision medicine in their field. The center lists that research under `research` with role leads, initiates or contributes. The rule applies when the mandate's `tasks` include research. For a proposed center the finding is information."),
	Example: "research: []\n",
	Fix:     "research:\n  - {title: IMPRESS-Norway, role: contributes, url: https://www.impress-norway.no}\n",
	Check: func(p *Pass) {
		if !p.Mandate.Tasks.Contains("research") {
			return
		}
		c := p.Center
		for _, r := range c.Research {
			if r.Title.Set() {
				return
			}
		}
		p.lack(c.KeyPos("research"),
			diag.T("senteret oppgir ingen forskningsaktivitet (research); mandatet sier sentrene skal bidra til, initiere og lede forskning (%s)", "the center lists no research activity (research); the mandate says centers contribute to, initiate and lead research (%s)", taskClause(p.Mandate, "research")),
			diag.T("Legg til research: med «- {title: …, role: leads|initiates|contributes, url: …}» for hver forskningsaktivitet.", "Add research: with \"- {title: …, role: leads|initiates|contributes, url: …}\" for each research activity."))
	},
}

var patientPathways = &Rule{
	ID: "patient-pathways", Verb: "skal", Clause: "F, O3", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("senteret navngir pasientforløpene det koordinerer, og minst ett tiltak fremmer implementering i ett av dem",
		"the center names the patient pathways it coordinates, and at least one action promotes implementation in one of them"),
	Doc: diag.T("Mandatet: sentrene har «et koordinerings- og samordningsansvar innen pasientforløpene» og skal «fremme implementering av persontilpasset medisin i relevante pasientforløp». Senteret lister forløpene under `patient_pathways`, og handlingsplanen for året i --as-of har minst ett tiltak (ikke avlyst) med oppgaven implementation som nevner et forløp under `pathways`. Regelen gjelder når mandatets `tasks` har oppgaven implementation. Uten plan for året sier action-plan-current fra. For et foreslått senter er funnet informasjon.",
		"The mandate: centers coordinate within the patient pathways of their field and promote the implementation of precision medicine in relevant patient pathways. The center lists the pathways under `patient_pathways`, and the action plan for the year of --as-of has at least one action (not cancelled) with task implementation that names a pathway under `pathways`. The rule applies when the mandate's `tasks` include implementation. Without a plan for the year, action-plan-current says so. For a proposed center the finding is information."),
	Example: "  - {id: KRE-2025-03, title: Genpanel, tasks: [implementation], owner: ola.nordmann, due: 2025-12-31, status: planned}\n",
	Fix:     "  - {id: KRE-2025-03, title: Genpanel, tasks: [implementation], pathways: [pf-lung], owner: ola.nordmann, due: 2025-12-31, status: planned}\n",
	Check: func(p *Pass) {
		c := p.Center
		if !p.Mandate.Tasks.Contains("implementation") {
			return
		}
		if len(c.PatientPathways) == 0 {
			p.lack(c.KeyPos("patient_pathways"),
				diag.T("senteret navngir ingen pasientforløp (patient_pathways); mandatet gir sentrene ansvar for å koordinere og fremme implementering i pasientforløpene", "the center names no patient pathways (patient_pathways); the mandate makes centers coordinate and promote implementation in the patient pathways"),
				diag.T("Legg til patient_pathways: med «- {id: pf-…, name: …}» for hvert forløp senteret koordinerer.", "Add patient_pathways: with \"- {id: pf-…, name: …}\" for each pathway the center coordinates."))
			return
		}
		plan := c.ActionPlan(p.AsOf.Year())
		if plan == nil {
			return // action-plan-current reports the missing plan
		}
		for _, a := range plan.Actions {
			if a.Status.V == "cancelled" || !a.Tasks.Contains("implementation") {
				continue
			}
			for _, pw := range a.Pathways {
				if c.Pathway(pw.V) != nil {
					return
				}
			}
		}
		p.lack(plan.KeyPos("actions"),
			diag.T("ingen tiltak i handlingsplanen for %d fremmer implementering i et av senterets pasientforløp (%s); mandatet krever det (%s)", "no action in the action plan for %d promotes implementation in one of the center's patient pathways (%s); the mandate requires it (%s)", plan.Year.V, pathwayIDs(c), taskClause(p.Mandate, "implementation")),
			diag.T("Gi et tiltak tasks: [implementation] og pathways: [%s], eller legg til et slikt tiltak.", "Give an action tasks: [implementation] and pathways: [%s], or add such an action.", c.PatientPathways[0].ID.V))
	},
}

func pathwayIDs(c *model.Center) string {
	ids := make([]string, 0, len(c.PatientPathways))
	for _, pw := range c.PatientPathways {
		ids = append(ids, pw.ID.V)
	}
	return strings.Join(ids, ", ")
}

var education = &Rule{
	ID: "education", Verb: "skal", Clause: "O6, O7", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("utdanningsprogrammer som har startet, dekker alle målgruppene i mandatet: klinikere, helsepersonell, ikke-helsepersonell",
		"education programmes that have started cover every audience the mandate lists: clinicians, health personnel, non-health personnel"),
	Doc: diag.T("Mandatet: sentrene skal «etablere kompetansehevende utdanningsprogrammer for klinikere» og «for helsepersonell og for ikke-helsepersonell». Programmene i centers/<id>/education.yaml med status planned eller running, en startdato (`start`) på eller før --as-of og uten sluttdato før den, må til sammen dekke mandatets `education_audiences`: et program er etablert fra det starter, så et som først begynner om flere år, teller ikke ennå, og fullførte programmer teller ikke. Mangler filen, står funnet ved senteret. For et foreslått senter er funnet informasjon.",
		"The mandate: centers establish education programmes for clinicians, and for health and non-health personnel. The programmes in centers/<id>/education.yaml with status planned or running, a start date (`start`) on or before --as-of and no end date before it must together cover the mandate's `education_audiences`: a programme is established from its start, so one that begins years from now does not count yet, and completed programmes do not count. When the file is missing, the finding stands at the center. For a proposed center the finding is information."),
	Example: "programmes:\n  - {id: pm-klinikere, title: PM for klinikere, audiences: [clinicians], status: running, start: 2023-01-01}\n  - {id: pm-alle, title: PM for alle, audiences: [health-personnel, non-health-personnel], status: planned, start: 2031-01-01}\n",
	Fix:     "programmes:\n  - {id: pm-klinikere, title: PM for klinikere, audiences: [clinicians], status: running, start: 2023-01-01}\n  - {id: pm-alle, title: PM for alle, audiences: [health-personnel, non-health-personnel], status: running, start: 2025-01-01}\n",
	Check: func(p *Pass) {
		c, m := p.Center, p.Mandate
		if len(m.EducationAudiences) == 0 {
			return
		}
		all := words(audienceWords, m.EducationAudiences.Values())
		if c.Education == nil {
			p.lack(c.Pos,
				tt("senteret har ingen utdanningsprogrammer (centers/%s/education.yaml finnes ikke); mandatet krever programmer for %s", "the center has no education programmes (centers/%s/education.yaml does not exist); the mandate requires programmes for %s", c.Doc.Center, all),
				diag.T("Opprett centers/%s/education.yaml med programmes: og minst ett planlagt program for audiences: [%s].", "Create centers/%s/education.yaml with programmes: and at least one planned programme for audiences: [%s].", c.Doc.Center, strings.Join(m.EducationAudiences.Values(), ", ")))
			return
		}
		have := map[string]bool{}
		for _, pr := range c.Education.Programmes {
			if pr.Status.V != "planned" && pr.Status.V != "running" {
				continue
			}
			if pr.End.Valid() && pr.End.Before(p.AsOf) {
				continue // it has ended, whatever its status says
			}
			if !pr.Start.Valid() || pr.Start.After(p.AsOf) {
				continue // established from its start: a plan for years ahead is not a programme yet
			}
			for _, a := range pr.Audiences {
				have[a.V] = true
			}
		}
		missing := missingFrom(m.EducationAudiences, have)
		if len(missing) == 0 {
			return
		}
		list := words(audienceWords, missing)
		p.lack(c.Education.KeyPos("programmes"),
			tt("ingen utdanningsprogrammer for %s har startet (start på eller før %s, og ikke avsluttet); mandatet krever at sentrene etablerer programmer for %s", "no education programme for %s has started (a start on or before %s, and not ended); the mandate requires the centers to establish programmes for %s", list, p.Today(), all),
			diag.T("Legg målgruppen til under audiences i et program som har startet, eller legg til et program med startdato: «- {id: <id>, title: …, audiences: [%s], status: running, start: <ÅÅÅÅ-MM-DD>}».", "Add the audience under audiences of a programme that has started, or add a programme with its start date: \"- {id: <id>, title: …, audiences: [%s], status: running, start: <YYYY-MM-DD>}\".", strings.Join(missing, ", ")))
	},
}

var nationalLiaison = &Rule{
	ID: "national-liaison", Verb: "skal", Clause: "O8, P9, R", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("senteret er knyttet til minst én nasjonal aktivitet innen persontilpasset medisin (en regional alene er ikke nok)",
		"the center links to at least one national activity in precision medicine (a regional one alone is not enough)"),
	Doc: diag.T("Mandatet: sentrene skal «fungere som bindeledd mot nasjonale aktiviteter innen persontilpasset medisin», «operere i tråd med regionale og nasjonale satsninger», og senterleder skal sikre samarbeid med dem. `national_activities` lister minst én aktivitet fra org/national-activities.yaml med `level: national` (standard når nivået ikke er oppgitt; ukjente id-er rapporteres av regelen ref). Regionale aktiviteter (`level: regional`) vises og teller for prinsipp 9s «regionale og nasjonale satsninger», men en regional aktivitet alene oppfyller ikke oppgave 8. Regelen gjelder når mandatets `tasks` har oppgaven national-liaison. For et foreslått senter er funnet informasjon.",
		"The mandate: centers liaise with national precision-medicine activities, operate in line with regional and national initiatives, and the center leader ensures cooperation with them. `national_activities` lists at least one activity from org/national-activities.yaml with `level: national` (the default when no level is given; unknown ids are reported by the rule ref). Regional activities (`level: regional`) are shown and count for principle 9's \"regional and national initiatives\", but a regional activity alone does not meet task 8. The rule applies when the mandate's `tasks` include national-liaison. For a proposed center the finding is information."),
	Example: "national_activities: []\n",
	Fix:     "national_activities: [inpred]\n",
	Check: func(p *Pass) {
		if !p.Mandate.Tasks.Contains("national-liaison") {
			return
		}
		c := p.Center
		var regional []string
		for _, a := range c.NationalActivities {
			act := p.Repo.ActivityByID[a.V]
			switch {
			case !a.Set():
			case act == nil || act.Level.V != "regional":
				// ref reports ids that do not resolve; an activity whose
				// level is not given is national, as the schema says.
				return
			default:
				regional = append(regional, a.V)
			}
		}
		known := make([]string, 0, len(p.Repo.Activities))
		for _, a := range p.Repo.Activities {
			if a.Level.V != "regional" {
				known = append(known, a.ID.V)
			}
		}
		if len(regional) > 0 {
			p.lack(c.KeyPos("national_activities"),
				diag.T("senteret er bare knyttet til regionale aktiviteter (%s); de teller for prinsipp 9 («regionale og nasjonale satsninger»), men mandatet sier sentrene skal være bindeledd mot nasjonale aktiviteter (%s)", "the center links only to regional activities (%s); they count for principle 9 (regional and national initiatives), but the mandate says centers liaise with national activities (%s)", strings.Join(regional, ", "), taskClause(p.Mandate, "national-liaison")),
				diag.T("Legg til de nasjonale aktivitetene senteret deltar i under national_activities (nasjonale i org/national-activities.yaml: %s).", "Add the national activities the center takes part in under national_activities (national ones in org/national-activities.yaml: %s).", listOrDash(known)))
			return
		}
		p.lack(c.KeyPos("national_activities"),
			diag.T("senteret er ikke knyttet til noen nasjonal aktivitet (national_activities); mandatet sier sentrene skal være bindeledd mot nasjonale aktiviteter (%s)", "the center links to no national activity (national_activities); the mandate says centers liaise with national activities (%s)", taskClause(p.Mandate, "national-liaison")),
			diag.T("Skriv national_activities: med id-ene fra org/national-activities.yaml for aktivitetene senteret deltar i, f.eks. «national_activities: [%s]» (kjente: %s).", "Write national_activities: with the ids from org/national-activities.yaml of the activities the center takes part in, for example \"national_activities: [%s]\" (known: %s).", firstOr(known, "inpred"), listOrDash(known)))
	},
}

func listOrDash(xs []string) string {
	if len(xs) == 0 {
		return "-"
	}
	return strings.Join(xs, ", ")
}

var internalOrganisation = &Rule{
	ID: "internal-organisation", Verb: "må", Clause: "P3", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("senterets interne organisering viser til et vedtak i PM-utvalget som godkjenner den",
		"the center's internal organisation cites a committee decision that approves it"),
	Doc: diag.T("Mandatet: «Intern organisering bør tilpasses særskilte forhold men må forankres i PM utvalget.» `organisation.decision` er et vedtak i committee/decisions/ av typen approve-organisation som har senteret under `centers`. For et foreslått senter er et manglende vedtak informasjon. At vedtaket passer (type, senter, dato), sjekker decision-ref.",
		"The mandate: the internal organisation may be adapted to particular needs but must be anchored in the PM committee. `organisation.decision` is a decision in committee/decisions/ of type approve-organisation that lists the center under `centers`. For a proposed center a missing decision is information. That the decision fits (type, center, date) is decision-ref's check."),
	Example: "organisation: {summary: Styre med klinikk, diagnostikk og forskning.}\n",
	Fix:     "organisation: {decision: PMU-2022-01, summary: Styre med klinikk, diagnostikk og forskning.}\n",
	Check: func(p *Pass) {
		c := p.Center
		ref := c.Organisation.Decision
		if !ref.Set() {
			pos := c.KeyPos("organisation")
			if c.Has("organisation") {
				pos = c.Organisation.KeyPos("decision")
			}
			p.lack(pos,
				diag.T("senterets interne organisering viser ikke til noe vedtak (organisation.decision); mandatet sier den må forankres i PM-utvalget", "the center's internal organisation cites no decision (organisation.decision); the mandate says it must be anchored in the PM committee"),
				orgHint(p, diag.T("Be PM-utvalget godkjenne organiseringen (et vedtak av typen approve-organisation), og skriv organisation: {decision: <vedtaks-id>, summary: …}.", "Ask the PM committee to approve the organisation (a decision of type approve-organisation), and write organisation: {decision: <decision id>, summary: …}.")))
			return
		}
		// That the decision is an approval of this center's organisation is
		// decision-ref's finding.
	},
}

var matrix = &Rule{
	ID: "matrix", Verb: "skal", Clause: "P7", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("et behandlingsorientert senter er knyttet til minst ett teknologiområde, samstemt ved vedtak i PM-utvalget",
		"a treatment center links at least one technology area, and the pairing cites a committee decision that aligned it"),
	Doc: diag.T("Mandatet: «De to ulike akser av sentre, som utgjør en matrisestruktur, dvs. behandlingsmessige satsningsområder og teknologiutviklingsområder, skal samstemmes seg i mellom gjennom PM-utvalget.» Et senter med `kind: treatment` har under `technology_areas` minst én kobling til et senter med `kind: technology` som ikke er nedlagt, og hver kobling viser til et vedtak av typen matrix-alignment. En kobling til et nedlagt senter rapporteres av closed-center. Koblingen skrives på det behandlingsorienterte senteret, så regelen krever ingenting av teknologisentre. For et foreslått senter er manglende koblinger informasjon. At vedtaket passer (type, begge sentrene, dato), sjekker decision-ref.",
		"The mandate: the two axes of centers forming a matrix — treatment areas and technology development areas — are aligned with each other through the PM committee. A center with `kind: treatment` has under `technology_areas` at least one link to a center with `kind: technology` that is not closed, and each link cites a decision of type matrix-alignment. A link to a closed center is reported by closed-center. The link is written on the treatment center, so the rule asks nothing of technology centers. For a proposed center missing links are information. That the decision fits (type, both centers, date) is decision-ref's check."),
	Example: "technology_areas: []\n",
	Fix:     "technology_areas:\n  - {center: gen, decision: PMU-2022-05}\n",
	Check: func(p *Pass) {
		c := p.Center
		if c.Kind.V != "treatment" {
			return
		}
		live := 0
		for _, t := range c.TechnologyAreas {
			if tc := p.Repo.Center(t.Center.V); tc != nil {
				switch {
				case tc.Kind.V != "technology":
					p.Report(t.Center.Pos,
						diag.T("%s er et senter av typen %s, ikke et teknologisenter; matrisen kobler behandlingsorienterte sentre med teknologiområder", "%s is a center of kind %s, not a technology center; the matrix pairs treatment centers with technology areas", tc.ID.V, orDefault(tc.Kind.V, "-")),
						diag.T("Vis til et senter med kind: technology under technology_areas.", "Name a center with kind: technology under technology_areas."))
				case tc.Status.V != "closed":
					live++
				}
			}
			if !t.Decision.Set() {
				p.Report(t.KeyPos("decision"),
					diag.T("koblingen til %s viser ikke til noe vedtak; mandatet sier matrisen samstemmes gjennom PM-utvalget", "the link to %s cites no decision; the mandate says the matrix is aligned through the PM committee", orDefault(t.Center.V, "-")),
					matrixHint(p, t.Center.V, diag.T("Skriv decision: med id-en til vedtaket (type matrix-alignment) som samstemte koblingen.", "Write decision: with the id of the decision (type matrix-alignment) that aligned the pairing.")))
				continue
			}
			// That the decision aligned these two centers is
			// decision-ref's finding.
		}
		if live > 0 || !allResolved(p.Repo, c) {
			return // a link to a center that does not exist is ref's finding
		}
		var techs []string
		for _, o := range p.Repo.Centers {
			if o.Kind.V == "technology" && o.Status.V != "closed" {
				techs = append(techs, o.ID.V)
			}
		}
		msg := diag.T("senteret er ikke knyttet til noe teknologiområde (technology_areas); mandatet sier behandlingsorienterte sentre og teknologiområder samstemmes i en matrise (P7)",
			"the center is not paired with any technology area (technology_areas); the mandate says treatment centers and technology areas are aligned in a matrix (P7)")
		if len(c.TechnologyAreas) > 0 {
			msg = diag.T("senteret er bare knyttet til sentre som er nedlagt eller ikke er teknologisentre (technology_areas); mandatet sier behandlingsorienterte sentre og teknologiområder samstemmes i en matrise (P7)",
				"the center is paired only with centers that are closed or are not technology centers (technology_areas); the mandate says treatment centers and technology areas are aligned in a matrix (P7)")
		}
		p.lack(c.KeyPos("technology_areas"), msg,
			diag.T("Skriv technology_areas: med «- {center: <teknologisenter>, decision: <vedtaks-id>}» (teknologisentre: %s).", "Write technology_areas: with \"- {center: <technology center>, decision: <decision id>}\" (technology centers: %s).", listOrDash(techs)))
	},
}

// allResolved reports whether every technology area of c names a center
// that exists.
func allResolved(r *model.Repository, c *model.Center) bool {
	for _, t := range c.TechnologyAreas {
		if r.Center(t.Center.V) == nil {
			return false
		}
	}
	return true
}

var closedCenter = &Rule{
	// A repository rule, not a per-center one with Closed set: the centers
	// most often closed are technology centers, which no mandate governs,
	// and what depends on a closed center lives in other centers' files.
	ID: "closed-center", Verb: "må", Clause: "B, P5", Severity: diag.Error, Scope: Repo,
	Summary: diag.T("et nedlagt senter viser til vedtaket som la det ned, og ingen aktive dokumenter er avhengige av det",
		"a closed center cites the decision that closed it, and no active document still depends on it"),
	Doc: diag.T("Mandatet: strukturen er dynamisk, og utviklingen «kan skape behov for justeringer i form av nye sentra eller nedleggelse av gamle»; organiseringen «må være dynamisk». Et senter med `status: closed` har `closed_by` med et vedtak av typen close-center, og et senter som ikke er nedlagt har ingen `closed_by`. Ingenting aktivt kan fortsatt avhenge av et nedlagt senter: et senter som ikke er nedlagt og har det under `technology_areas`, åpne tiltak (ikke done eller cancelled) i det nedlagte senterets handlingsplan for året i --as-of, eller et unntak (waiver) for det som ikke er utløpt. Hver avhengighet rapporteres der den står. Regelen gjelder alle sentre, også teknologisentre uten mandat.",
		"The mandate: the structure is dynamic, and developments may call for new centers or the closing of old ones; the organisation must be dynamic. A center with `status: closed` has `closed_by` naming a decision of type close-center, and a center that is not closed has no `closed_by`. Nothing active may still depend on a closed center: a center that is not closed listing it under `technology_areas`, open actions (not done or cancelled) in the closed center's action plan for the year of --as-of, or a waiver for it that has not expired. Each dependency is reported where it stands. The rule applies to every center, technology centers without a mandate included."),
	Example: "status: closed\n",
	Fix:     "status: closed\nclosed_by: PMU-2025-07\n",
	Check: func(p *Pass) {
		for _, c := range p.Repo.Centers {
			if c.Status.V != "closed" {
				if c.ClosedBy.Set() {
					p.ReportCenter(c, c.ClosedBy.Pos,
						diag.T("senteret har closed_by: %s, men status er %s; bare et nedlagt senter viser til vedtaket som la det ned", "the center has closed_by: %s, but its status is %s; only a closed center cites the decision that closed it", c.ClosedBy.V, orDefault(c.Status.V, "-")),
						diag.T("Sett status: closed hvis senteret er lagt ned; ellers fjern closed_by.", "Set status: closed if the center has been closed; otherwise remove closed_by."))
				}
				continue
			}
			checkClosed(p, c)
		}
	},
}

func checkClosed(p *Pass, c *model.Center) {
	switch {
	case !c.ClosedBy.Set():
		p.ReportCenter(c, c.Status.Pos,
			diag.T("senteret %s er nedlagt, men viser ikke til vedtaket som la det ned (closed_by); mandatet legger nedleggelse til PM-utvalget", "the center %s is closed but cites no decision that closed it (closed_by); the mandate leaves closing to the PM committee", c.ID.V),
			diag.T("Skriv closed_by: med id-en til vedtaket (type close-center) som la ned senteret.", "Write closed_by: with the id of the decision (type close-center) that closed the center."))
	}
	// That the decision closed this center is decision-ref's finding.
	for _, o := range p.Repo.Centers {
		if o.Status.V == "closed" {
			continue
		}
		for _, t := range o.TechnologyAreas {
			if t.Center.V == c.ID.V {
				p.ReportCenter(o, t.Center.Pos,
					diag.T("senteret %s er knyttet til %s, som er nedlagt", "the center %s is linked to %s, which is closed", o.ID.V, c.ID.V),
					diag.T("Fjern koblingen, eller knytt senteret til et annet teknologiområde (ved vedtak av typen matrix-alignment).", "Remove the link, or pair the center with another technology area (by a decision of type matrix-alignment)."))
			}
		}
	}
	if plan := c.ActionPlan(p.AsOf.Year()); plan != nil {
		for _, a := range plan.Actions {
			if actionOpen(a) {
				p.ReportCenter(c, a.KeyPos("status"),
					diag.T("tiltaket %s har status %s, men senteret %s er nedlagt", "the action %s has status %s, but the center %s is closed", orDefault(a.ID.V, a.Title.V), orDefault(a.Status.V, "-"), c.ID.V),
					diag.T("Sett status: done eller cancelled, eller flytt tiltaket til senteret som overtar arbeidet.", "Set status: done or cancelled, or move the action to the center that takes over the work."))
			}
		}
	}
	for _, d := range p.Repo.Decisions {
		for _, w := range d.Waivers {
			if w.Center.V == c.ID.V && (!w.Until.Valid() || !p.AsOf.After(w.Until.Time)) {
				p.ReportCenter(c, w.Center.Pos,
					diag.T("vedtaket %s unntar regelen %s for senteret %s til %s, men senteret er nedlagt", "the decision %s waives rule %s for the center %s until %s, but the center is closed", d.ID.V, orDefault(w.Rule.V, "-"), c.ID.V, orDefault(w.Until.String(), "-")),
					diag.T("Sett until: til datoen senteret ble lagt ned, eller fjern unntaket (sekretariatet).", "Set until: to the date the center was closed, or remove the waiver (the secretariat)."))
			}
		}
	}
}

// tt is diag.T for arguments that are themselves bilingual: a diag.Text
// argument is formatted in the message's own language.
func tt(nb, en string, args ...any) diag.Text {
	nbArgs, enArgs := make([]any, len(args)), make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(diag.Text); ok {
			nbArgs[i], enArgs[i] = t.NB, t.EN
		} else {
			nbArgs[i], enArgs[i] = a, a
		}
	}
	return diag.Text{NB: fmt.Sprintf(nb, nbArgs...), EN: fmt.Sprintf(en, enArgs...)}
}

// decisionFor returns the latest decision of type typ, taken by the as-of
// date, that names every one of centers, or nil: the decision a finding's
// hint can name outright.
func decisionFor(p *Pass, typ string, centers ...string) *model.Decision {
	var best *model.Decision
	for _, d := range p.Repo.Decisions {
		if d.Type.V != typ || !d.Date.Valid() || d.Date.After(p.AsOf) {
			continue
		}
		all := true
		for _, c := range centers {
			all = all && p.names(d, c)
		}
		if all && (best == nil || d.Date.After(best.Date.Time)) {
			best = d
		}
	}
	return best
}

// orgHint names the committee's approve-organisation decision for the
// center when there is one, or falls back to the general hint.
func orgHint(p *Pass, fallback diag.Text) diag.Text {
	d := decisionFor(p, "approve-organisation", p.Center.ID.V)
	if d == nil {
		return fallback
	}
	return diag.T("PM-utvalget godkjente organiseringen av %s i %s (%s); er det dette vedtaket, skriv «decision: %s» under organisation.",
		"The PM committee approved the organisation of %s in %s (%s); if that is the decision, write \"decision: %s\" under organisation.", p.Center.ID.V, d.ID.V, d.Title.V, d.ID.V)
}

// matrixHint names the committee's matrix-alignment decision for the center
// and technology center when there is one.
func matrixHint(p *Pass, tech string, fallback diag.Text) diag.Text {
	d := decisionFor(p, "matrix-alignment", p.Center.ID.V, tech)
	if d == nil || tech == "" {
		return fallback
	}
	return diag.T("PM-utvalget samstemte %s og %s i %s (%s); er det dette vedtaket, skriv «decision: %s» på koblingen.",
		"The PM committee aligned %s and %s in %s (%s); if that is the decision, write \"decision: %s\" on the link.", p.Center.ID.V, tech, d.ID.V, d.Title.V, d.ID.V)
}

// firstOr is the first of xs, or def when there is none.
func firstOr(xs []string, def string) string {
	if len(xs) == 0 {
		return def
	}
	return xs[0]
}
