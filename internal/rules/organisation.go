package rules

import (
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
)

// organisationRules check how a center is anchored and led (clause A, P1,
// P6, R).
var organisationRules = []*Rule{anchorLevel, crossClinic, leader, leaderInLine, boardCompetence, committeeMember, funding}

var anchorLevel = &Rule{
	ID: "anchor-level", Verb: "bør", Clause: "A, P1", Severity: diag.Warning, Scope: PerCenter,
	Summary: diag.T("senterets ankerenhet finnes i linjen og ligger på mandatets nivå (N2)",
		"the center's anchor unit exists in the line structure and sits at the mandate's level (N2)"),
	Doc: diag.T("Mandatet: «Sentrene bør være knyttet til gjeldende linjeorganisering i OUS på N2 nivå» og skal ha «forankring i OUS linjestruktur». Ankerenheten (`anchor_unit`) er en enhet i org/units.yaml. Er den på et annet nivå enn mandatet angir (`anchor_level`), er det en advarsel, for mandatet sier «bør»; mangler den, er det en feil, for prinsipp 1 sier at sentrene «skal» driftes med forankring i linjen.",
		"The mandate: centers should be tied to the hospital's line organisation at level N2, and shall be run anchored in its line structure. The anchor unit (`anchor_unit`) is a unit in org/units.yaml. One at another level than the mandate sets (`anchor_level`) is a warning, since the mandate says \"should\"; a missing one is an error, since principle 1 says the centers \"shall\" be run anchored in the line."),
	Example: "anchor_unit: KRE-AOF   # a department, level N3\n",
	Fix:     "anchor_unit: KRE       # Kreftklinikken, level N2\n",
	Check: func(p *Pass) {
		c, want := p.Center, p.Mandate.AnchorLevel.V
		if !c.AnchorUnit.Set() {
			// Principle 1 binds («Sentre skal driftes etter følgende
			// prinsipper: Forankring i OUS linjestruktur»): no anchor at
			// all is an error; the level is the advisory part.
			p.ReportSeverity(diag.Error, c.KeyPos("anchor_unit"),
				diag.T("senteret har ingen ankerenhet (anchor_unit); mandatet sier sentrene skal driftes med «forankring i OUS linjestruktur» og bør være knyttet til linjen på nivå %s", "the center has no anchor unit (anchor_unit); the mandate says centers shall be run with anchoring in the hospital's line structure and should be tied to the line at level %s", want),
				missingAnchorHint(p.Mandate, c, want))
			return
		}
		u := c.AnchorRef
		if u == nil || want == "" {
			return // ref reports an unknown unit; a mandate without a level demands none
		}
		if u.Level.V != want {
			p.Report(c.AnchorUnit.Pos,
				diag.T("ankerenheten (anchor_unit) %s (%s) er på nivå %s; mandatet sier sentrene «bør være knyttet til gjeldende linjeorganisering i OUS på %s nivå»", "the anchor unit (anchor_unit) %s (%s) is at level %s; the mandate says the centers should be tied to the hospital's line organisation at level %s", u.ID.V, u.Name.V, orDefault(u.Level.V, "-"), want),
				anchorHint(p.Repo, u, want))
		}
	},
}

// missingAnchorHint says what to write, with the mandate's own anchor unit
// for the center's theme when the mandate names one.
func missingAnchorHint(m *model.Mandate, c *model.Center, want string) diag.Text {
	for _, ic := range m.InitialCenters {
		if ic.Theme.V == c.Theme.V && ic.AnchorUnit.Set() {
			return diag.T("Skriv «anchor_unit: %s»: mandatet forankrer senteret for %s der.", "Write \"anchor_unit: %s\": the mandate anchors the center for %s there.", ic.AnchorUnit.V, c.Theme.V)
		}
	}
	return diag.T("Skriv «anchor_unit: <enhets-id>» med enheten på nivå %s i org/units.yaml som senteret er forankret i.", "Write \"anchor_unit: <unit id>\" with the unit at level %s in org/units.yaml the center is anchored in.", want)
}

// anchorHint suggests the unit at the wanted level above u, if any.
func anchorHint(r *model.Repository, u *model.Unit, want string) diag.Text {
	for a := u.ParentUnit; a != nil; a = a.ParentUnit {
		if a.Level.V == want {
			return diag.T("Bruk enheten på nivå %s over den: skriv «anchor_unit: %s» (%s). %s kan stå under participating_units.", "Use the level %s unit above it: write \"anchor_unit: %s\" (%s). %s may be listed under participating_units.", want, a.ID.V, a.Name.V, u.ID.V)
		}
	}
	return diag.T("Skriv anchor_unit: med id-en til en enhet på nivå %s fra org/units.yaml.", "Write anchor_unit: with the id of a unit at level %s from org/units.yaml.", want)
}

var crossClinic = &Rule{
	ID: "cross-clinic", Verb: "skal", Clause: "P1, O2, B", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("deltakende enheter spenner over minst to ulike klinikker (N2): senteret er klinikkovergripende",
		"the participating units span at least two different N2 clinics (cross-clinic)"),
	Doc: diag.T("Mandatet: sentrene skal ha «forankring i OUS linjestruktur, men skal være klinikkovergripende» og koordinere innsatsen «på tvers av gjeldende linjeorganisering». Enhetene i `participating_units` må til sammen høre til minst to ulike klinikker på N2-nivå (en avdeling teller for sin klinikk).",
		"The mandate: centers are anchored in the line structure but cross clinics, coordinating effort across the line organisation. The units in `participating_units` must together belong to at least two different N2 clinics (a department counts for its clinic)."),
	Example: "participating_units: [KRE, KRE-AOF]\n",
	Fix:     "participating_units: [KRE, KLM-AMG, MED]\n",
	Check: func(p *Pass) {
		c := p.Center
		clinics := map[string]bool{}
		var names []string
		for _, s := range c.ParticipatingUnits {
			u := p.Repo.Unit(s.V)
			if u == nil {
				continue
			}
			if k := u.Clinic(); k != nil && !clinics[k.ID.V] {
				clinics[k.ID.V] = true
				names = append(names, k.ID.V)
			}
		}
		if len(clinics) >= 2 {
			return
		}
		msg := diag.T("de deltakende enhetene (participating_units) hører ikke til noen klinikk på nivå N2; mandatet krever at senteret er klinikkovergripende, med enheter fra minst to klinikker",
			"the participating units (participating_units) belong to no N2 clinic; the mandate requires the center to cross clinics, with units from at least two clinics")
		if len(names) == 1 {
			msg = diag.T("alle de deltakende enhetene (participating_units) hører til én klinikk, %s; mandatet krever at senteret er klinikkovergripende, med enheter fra minst to klinikker",
				"all the participating units (participating_units) belong to one clinic, %s; the mandate requires the center to cross clinics, with units from at least two clinics", names[0])
		}
		var others []string
		for _, u := range p.Repo.Units {
			if u.Level.V == "N2" && !clinics[u.ID.V] && len(others) < 6 {
				others = append(others, u.ID.V)
			}
		}
		p.Report(c.KeyPos("participating_units"), msg,
			diag.T("Legg til under participating_units de enhetene fra andre klinikker som deltar i senteret, f.eks. avdelingen som leverer diagnostikken (andre klinikker: %s).",
				"Add under participating_units the units from other clinics that take part in the center, such as the department that provides the diagnostics (other clinics: %s).", listOrDash(others)))
	},
}

var leader = &Rule{
	ID: "leader", Verb: "bør",
	Force: diag.T("Senterleder «inngår i PM-utvalget» og «skal sikre interaksjon og samarbeid med regionale og nasjonale aktiviteter» (R); de pliktene forutsetter at senteret har én leder, så regelen er en feil.",
		"The center leader \"sits on the PM committee\" and \"shall ensure interaction and cooperation with regional and national activities\" (R); those duties presuppose that the center has one leader, so the rule is an error."), Clause: "A", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("nøyaktig én senterleder, en kjent person, som også sitter i senterets styre",
		"exactly one center leader, a known person, who is also on the center's board"),
	Doc: diag.T("Mandatet: «Hvert senter bør ha en ansvarlig senterleder». `leader` peker på en person i org/people.yaml, og i `board` har nøyaktig én person rollen leader — den samme personen.",
		"The mandate: each center is to have one responsible center leader. `leader` names a person in org/people.yaml, and exactly one board member has role leader — the same person."),
	Example: "leader: kari.nordmann\nboard:\n  - {person: ola.nordmann, role: leader, competences: [clinic]}\n",
	Fix:     "leader: kari.nordmann\nboard:\n  - {person: kari.nordmann, role: leader, competences: [clinic]}\n",
	Check: func(p *Pass) {
		c := p.Center
		if !c.Leader.Set() {
			p.Report(c.KeyPos("leader"),
				diag.T("senteret har ingen senterleder (leader); mandatet sier «hvert senter bør ha en ansvarlig senterleder», og senterlederen «inngår i PM-utvalget» og «skal sikre» samarbeidet med regionale og nasjonale aktiviteter", "the center has no center leader (leader); the mandate says each center should have one responsible center leader, who sits on the PM committee and shall ensure cooperation with regional and national activities"),
				diag.T("Skriv «leader: <person-id>» med senterlederens id fra org/people.yaml, f.eks. «leader: kari.nordmann», og gi samme person role: leader i board.", "Write \"leader: <person id>\" with the center leader's id from org/people.yaml, for example \"leader: kari.nordmann\", and give the same person role: leader in board."))
			return
		}
		var leaders []model.BoardMember
		for _, m := range c.Board {
			if m.Role.V == "leader" {
				leaders = append(leaders, m)
			}
		}
		switch {
		case len(leaders) > 1:
			p.Report(leaders[1].Role.Pos,
				diag.T("%d i styret (board) har rollen leader; et senter har nøyaktig én senterleder", "%d board members (board) have role leader; a center has exactly one center leader", len(leaders)),
				diag.T("Senterlederen er %s (leader); skriv role: member for de andre.", "The center leader is %s (leader); write role: member for the others.", c.Leader.V))
		case p.Repo.Person(c.Leader.V) == nil:
			// ref reports the unknown person; "not on the board" would
			// only repeat the misspelling.
		case !c.OnBoard(c.Leader.V):
			p.Report(c.Leader.Pos,
				diag.T("senterlederen (leader) %s sitter ikke i senterets styre (board)", "the center leader (leader) %s is not on the center's board (board)", c.Leader.V),
				diag.T("Legg til «- {person: %s, role: leader, competences: [clinic]}» under board, med kompetansene personen har (clinic, diagnostics, research).", "Add \"- {person: %s, role: leader, competences: [clinic]}\" under board, with the competences the person has (clinic, diagnostics, research).", c.Leader.V))
		case len(leaders) == 0:
			p.Report(c.KeyPos("board"),
				diag.T("ingen i styret (board) har rollen leader; senterlederen %s skal ha den", "nobody on the board (board) has role leader; the center leader %s should", c.Leader.V),
				diag.T("Skriv role: leader på linjen for %s under board.", "Write role: leader on the line for %s under board.", c.Leader.V))
		case leaders[0].Person.V != c.Leader.V:
			p.Report(leaders[0].Person.Pos,
				diag.T("i styret (board) har %s rollen leader, men senterlederen (leader) er %s", "on the board (board) %s has role leader, but the center leader (leader) is %s", leaders[0].Person.V, c.Leader.V),
				diag.T("Gjør de to like: er %s senterleder, skriv «leader: %s»; ellers gi %s role: leader og %s role: member under board.", "Make them agree: if %s is the center leader, write \"leader: %s\"; otherwise give %s role: leader and %s role: member under board.", leaders[0].Person.V, leaders[0].Person.V, c.Leader.V, leaders[0].Person.V))
		}
	},
}

var leaderInLine = &Rule{
	ID: "leader-in-line", Verb: "fortrinnsvis", Clause: "A", Severity: diag.Warning, Scope: PerCenter,
	Summary: diag.T("senterlederen har en stilling i linjestrukturen (fortrinnsvis)", "the leader holds a position in the line structure (preferably)"),
	Doc: diag.T("Mandatet: «Hvert senter bør ha en ansvarlig senterleder fortrinnsvis knyttet til sykehusets linjestruktur». Personen har derfor `unit` satt i org/people.yaml. Fordi mandatet sier «fortrinnsvis», er dette bare en advarsel.",
		"The mandate: the center leader is preferably tied to the hospital's line structure, so the person has `unit` set in org/people.yaml. Since the mandate says \"preferably\", this is only a warning."),
	Example: "- id: kari.nordmann\n  name: Kari Nordmann\n",
	Fix:     "- id: kari.nordmann\n  name: Kari Nordmann\n  unit: KRE\n",
	Check: func(p *Pass) {
		l := p.Center.LeaderRef
		if l == nil || l.Unit.Set() {
			return
		}
		p.Report(l.KeyPos("unit"),
			diag.T("senterlederen for %s, %s (%s), har ingen stilling i linjen (unit mangler i org/people.yaml); mandatet sier senterlederen «fortrinnsvis» er «knyttet til sykehusets linjestruktur»", "the center leader of %s, %s (%s), holds no line position (unit is missing in org/people.yaml); the mandate prefers a center leader tied to the hospital's line structure", p.Center.ID.V, l.Name.V, l.ID.V),
			diag.T("Har %s en stilling i linjen, skriv «unit: <enhets-id>» for personen i org/people.yaml, f.eks. «unit: %s» (PM-utvalgets sekretariat gjør endringen).", "If %s holds a line position, write \"unit: <unit id>\" for the person in org/people.yaml, for example \"unit: %s\" (the committee secretariat makes the change).", l.Name.V, orDefault(p.Center.AnchorUnit.V, "KRE")))
	},
}

// competenceWords are the mandate's words for the board's competences
// («klinikk, diagnostikk og FoU»).
var competenceWords = map[string]diag.Text{
	"clinic":      diag.T("klinikk", "clinic"),
	"diagnostics": diag.T("diagnostikk", "diagnostics"),
	"research":    diag.T("FoU", "R&D"),
}

// checkBoardSize reports a board of fewer than two people: the mandate's
// ledergruppe has «representanter».
func checkBoardSize(p *Pass) {
	people := map[string]bool{}
	for _, m := range p.Center.Board {
		if m.Person.Set() {
			people[m.Person.V] = true
		}
	}
	if len(people) >= 2 {
		return
	}
	p.lack(p.Center.KeyPos("board"),
		diag.T("styret (board) har %d person; mandatet sier ledergruppen har representanter (flertall) for klinikk, diagnostikk og FoU", "the board (board) has %d person; the mandate says the leadership group has representatives (plural) of clinic, diagnostics and R&D", len(people)),
		diag.T("Ta inn minst ett medlem til: «- {person: <person-id>, role: member, competences: [...]}» (en endring av styret trenger et vedtak av typen change-board).", "Add at least one more member: \"- {person: <person id>, role: member, competences: [...]}\" (a change of the board needs a decision of type change-board)."))
}

var boardCompetence = &Rule{
	ID: "board-competence", Verb: "organiseres", Clause: "A", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("styret har minst to personer og dekker til sammen alle kompetanser mandatet krever: klinikk, diagnostikk, FoU",
		"the board has at least two people and together covers every competence the mandate lists: clinic, diagnostics, R&D"),
	Doc: diag.T("Mandatet: sentrene organiseres med en ledergruppe («styre») «med representanter med faglig spisskompetanse innen alle relevante områder innen klinikk, diagnostikk og FoU». Kompetansene i `board[].competences` må til sammen dekke mandatets `board_competences`, og fordi mandatet sier representanter (flertall), består styret av minst to ulike personer, også når én av dem har alle kompetansene.",
		"The mandate: each center is organised with a leadership group (board) \"with representatives of specialist competence in all relevant areas of clinic, diagnostics and R&D\". The board's `competences` together must cover the mandate's `board_competences`, and since the mandate says representatives (plural), the board has at least two different people, even when one of them has every competence."),
	Example: "board:\n  - {person: kari.nordmann, role: leader, competences: [clinic]}\n",
	Fix:     "board:\n  - {person: kari.nordmann, role: leader, competences: [clinic, research]}\n  - {person: ola.nordmann, role: member, competences: [diagnostics]}\n",
	Check: func(p *Pass) {
		have := map[string]bool{}
		for _, m := range p.Center.Board {
			for _, c := range m.Competences {
				have[c.V] = true
			}
		}
		var missing []string
		for _, want := range p.Mandate.BoardCompetences {
			if !have[want.V] {
				missing = append(missing, want.V)
			}
		}
		if len(missing) == 0 {
			checkBoardSize(p)
			return
		}
		list := strings.Join(missing, ", ")
		p.Report(p.Center.KeyPos("board"),
			tt("styret (board) mangler kompetanse innen %s; mandatet krever at styret («ledergruppen») til sammen dekker %s", "the board (board) lacks competence in %s; the mandate requires the board (leadership group) together to cover %s", words(competenceWords, missing), words(competenceWords, p.Mandate.BoardCompetences.Values())),
			diag.T("Skriv %s under competences for et styremedlem som har kompetansen, eller ta inn et nytt medlem: «- {person: <person-id>, role: member, competences: [%s]}».", "Write %s under competences of a board member who has the competence, or add a member: \"- {person: <person id>, role: member, competences: [%s]}\".", list, list))
	},
}

var committeeMember = &Rule{
	ID: "committee-member", Verb: "inngår", Clause: "R", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("senterlederen er medlem av PM-utvalget", "the center leader is a member of the PM committee"),
	Doc: diag.T("Mandatet: «Senterleder inngår i PM-utvalget som er styringsgruppe for samtlige sentre.» Senterlederen må stå under members i committee/committee.yaml.",
		"The mandate: the center leader sits on the PM committee, which steers all centers. The leader must be listed under members in committee/committee.yaml."),
	Example: "members:\n  - {person: per.hansen, role: chair}\n",
	Fix:     "members:\n  - {person: per.hansen, role: chair}\n  - {person: kari.nordmann, role: member}\n",
	Check: func(p *Pass) {
		c := p.Center
		if !c.Leader.Set() || p.Repo.Person(c.Leader.V) == nil {
			return // leader and ref report these
		}
		if p.Repo.Committee.HasMember(c.Leader.V) {
			return
		}
		pos := c.Leader.Pos
		p.Report(pos,
			diag.T("senterlederen %s er ikke medlem av PM-utvalget; mandatet sier senterleder inngår i utvalget", "the center leader %s is not a member of the PM committee; the mandate says the leader sits on it", c.Leader.V),
			diag.T("Legg til «- {person: %s, role: member}» under members i committee/committee.yaml (sekretariatet gjør endringen).", "Add \"- {person: %s, role: member}\" under members in committee/committee.yaml (the secretariat makes the change).", c.Leader.V))
	},
}

var funding = &Rule{
	ID: "funding", Verb: "er", Clause: "P6", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.T("finansieringen går gjennom ordinært budsjett i en linjeenhet", "funding runs through the ordinary budget of a line unit"),
	Doc: diag.T("Mandatet: «Finansiering er gjennom ordinære budsjettprosesser i linjestrukturen.» `funding.budget_unit` er en enhet i org/units.yaml.",
		"The mandate: funding is through the ordinary budget processes of the line structure. `funding.budget_unit` is a unit in org/units.yaml."),
	Example: "funding: {}\n",
	Fix:     "funding: {budget_unit: KRE}\n",
	Check: func(p *Pass) {
		c := p.Center
		if c.Funding.BudgetUnit.Set() {
			return // ref reports a unit that does not exist
		}
		p.Report(c.KeyPos("funding"),
			diag.T("senteret oppgir ingen budsjettenhet (funding.budget_unit); mandatet sier finansiering går gjennom linjens ordinære budsjett", "the center names no budget unit (funding.budget_unit); the mandate says funding runs through the line's ordinary budget"),
			diag.T("Skriv funding: {budget_unit: %s} med enheten hvis budsjett dekker senteret.", "Write funding: {budget_unit: %s} with the unit whose budget covers the center.", orDefault(c.AnchorUnit.V, "KRE")))
	},
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
