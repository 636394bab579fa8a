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
	ID: "anchor-level", Verb: "bør", Clause: "A, P1", Severity: diag.Warning, Scope: PerCenter, Dateless: true,
	Summary: diag.M("rule.anchor-level.summary"),
	Doc:     diag.M("rule.anchor-level.doc"),
	Example: "anchor_unit: KRE-AOF   # a department, level N3\n",
	Fix:     "anchor_unit: KRE       # Kreftklinikken, level N2\n",
	Check: func(p *Pass) {
		c, want := p.Center, p.Mandate.AnchorLevel.V
		if !c.AnchorUnit.Set() {
			// Principle 1 binds («Sentre skal driftes etter følgende
			// prinsipper: Forankring i OUS linjestruktur»): no anchor at
			// all is an error; the level is the advisory part.
			p.ReportSeverity(diag.Error, c.KeyPos("anchor_unit"),
				diag.M("rule.anchor-level.message", want),
				missingAnchorHint(p.Mandate, c, want))
			return
		}
		u := c.AnchorRef
		if u == nil || want == "" {
			return // ref reports an unknown unit; a mandate without a level demands none
		}
		if u.Level.V != want {
			p.Report(c.AnchorUnit.Pos,
				diag.M("rule.anchor-level.message-2", u.ID.V, u.Name.V, orDefault(u.Level.V, "-"), want),
				anchorHint(p.Repo, u, want))
		}
	},
}

// missingAnchorHint says what to write, with the mandate's own anchor unit
// for the center's theme when the mandate names one.
func missingAnchorHint(m *model.Mandate, c *model.Center, want string) diag.Text {
	for _, ic := range m.InitialCenters {
		if ic.Theme.V == c.Theme.V && ic.AnchorUnit.Set() {
			return diag.M("rules.missing-anchor-hint.text", ic.AnchorUnit.V, c.Theme.V)
		}
	}
	return diag.M("rules.missing-anchor-hint.text-2", want)
}

// anchorHint suggests the unit at the wanted level above u, if any.
func anchorHint(r *model.Repository, u *model.Unit, want string) diag.Text {
	for a := u.ParentUnit; a != nil; a = a.ParentUnit {
		if a.Level.V == want {
			return diag.M("rules.anchor-hint.text", want, a.ID.V, a.Name.V, u.ID.V)
		}
	}
	return diag.M("rules.anchor-hint.text-2", want)
}

var crossClinic = &Rule{
	ID: "cross-clinic", Verb: "skal", Clause: "P1, O2, B", Severity: diag.Error, Scope: PerCenter, Dateless: true,
	Summary: diag.M("rule.cross-clinic.summary"),
	Doc:     diag.M("rule.cross-clinic.doc"),
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
		msg := diag.M("rule.cross-clinic.message-m")
		if len(names) == 1 {
			msg = diag.M("rule.cross-clinic.message-m-2", names[0])
		}
		var others []string
		for _, u := range p.Repo.Units {
			if u.Level.V == "N2" && !clinics[u.ID.V] && len(others) < 6 {
				others = append(others, u.ID.V)
			}
		}
		p.Report(c.KeyPos("participating_units"), msg,
			diag.M("rule.cross-clinic.message", listOrDash(others)))
	},
}

var leader = &Rule{
	ID: "leader", Verb: "bør",
	Force: diag.M("rule.leader.force"), Clause: "A", Severity: diag.Error, Scope: PerCenter, Dateless: true,
	Summary: diag.M("rule.leader.summary"),
	Doc:     diag.M("rule.leader.doc"),
	Example: "leader: kari.nordmann\nboard:\n  - {person: ola.nordmann, role: leader, competences: [clinic]}\n",
	Fix:     "leader: kari.nordmann\nboard:\n  - {person: kari.nordmann, role: leader, competences: [clinic]}\n",
	Check: func(p *Pass) {
		c := p.Center
		if !c.Leader.Set() {
			p.Report(c.KeyPos("leader"),
				diag.M("rule.leader.message"),
				diag.M("rule.leader.hint"))
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
				diag.M("rule.leader.message-2", len(leaders)),
				diag.M("rule.leader.hint-2", c.Leader.V))
		case p.Repo.Person(c.Leader.V) == nil:
			// ref reports the unknown person; "not on the board" would
			// only repeat the misspelling.
		case !c.OnBoard(c.Leader.V):
			p.Report(c.Leader.Pos,
				diag.M("rule.leader.message-3", c.Leader.V),
				diag.M("rule.leader.hint-3", c.Leader.V))
		case len(leaders) == 0:
			p.Report(c.KeyPos("board"),
				diag.M("rule.leader.message-4", c.Leader.V),
				diag.M("rule.leader.hint-4", c.Leader.V))
		case leaders[0].Person.V != c.Leader.V:
			p.Report(leaders[0].Person.Pos,
				diag.M("rule.leader.message-5", leaders[0].Person.V, c.Leader.V),
				diag.M("rule.leader.hint-5", leaders[0].Person.V, leaders[0].Person.V, c.Leader.V, leaders[0].Person.V))
		}
	},
}

var leaderInLine = &Rule{
	ID: "leader-in-line", Verb: "fortrinnsvis", Clause: "A", Severity: diag.Warning, Scope: PerCenter, Dateless: true,
	Summary: diag.M("rule.leader-in-line.summary"),
	Doc:     diag.M("rule.leader-in-line.doc"),
	Example: "- id: kari.nordmann\n  name: Kari Nordmann\n",
	Fix:     "- id: kari.nordmann\n  name: Kari Nordmann\n  unit: KRE\n",
	Check: func(p *Pass) {
		l := p.Center.LeaderRef
		if l == nil || l.Unit.Set() {
			return
		}
		p.Report(l.KeyPos("unit"),
			diag.M("rule.leader-in-line.message", p.Center.ID.V, l.Name.V, l.ID.V),
			diag.M("rule.leader-in-line.hint", l.Name.V, orDefault(p.Center.AnchorUnit.V, "KRE")))
	},
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
		diag.M("rules.check-board-size.message", len(people)),
		diag.M("rules.check-board-size.hint"))
}

var boardCompetence = &Rule{
	ID: "board-competence", Verb: "organiseres", Clause: "A", Severity: diag.Error, Scope: PerCenter, Dateless: true,
	Summary: diag.M("rule.board-competence.summary"),
	Doc:     diag.M("rule.board-competence.doc"),
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
			diag.M("rule.board-competence.message", words("competence", missing), words("competence", p.Mandate.BoardCompetences.Values())),
			diag.M("rule.board-competence.hint", list, list))
	},
}

var committeeMember = &Rule{
	ID: "committee-member", Verb: "inngår", Clause: "R", Severity: diag.Error, Scope: PerCenter, Dateless: true,
	Summary: diag.M("rule.committee-member.summary"),
	Doc:     diag.M("rule.committee-member.doc"),
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
			diag.M("rule.committee-member.message", c.Leader.V),
			diag.M("rule.committee-member.hint", c.Leader.V))
	},
}

var funding = &Rule{
	ID: "funding", Verb: "er", Clause: "P6", Severity: diag.Error, Scope: PerCenter, Dateless: true,
	Summary: diag.M("rule.funding.summary"),
	Doc:     diag.M("rule.funding.doc"),
	Example: "funding: {}\n",
	Fix:     "funding: {budget_unit: KRE}\n",
	Check: func(p *Pass) {
		c := p.Center
		if c.Funding.BudgetUnit.Set() {
			return // ref reports a unit that does not exist
		}
		p.Report(c.KeyPos("funding"),
			diag.M("rule.funding.message"),
			diag.M("rule.funding.hint", orDefault(c.AnchorUnit.V, "KRE")))
	},
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
