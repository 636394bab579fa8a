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
var proposedNote = diag.M("rules.proposed-note.proposed-note")

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

// The mandate's words for its parameters come from the catalogue's
// vocabulary (diag.Term, "term.<group>.<value>"), the same words the site
// and the command line show, so that a finding names a task as the site
// does («investeringsråd») rather than by its id. An id a mandate uses that
// has no term is shown as it is written: a second mandate with other tasks
// works without a change to Go.

// taskBokmal holds the Norwegian words an author is likely to write for a
// task instead of its id, beside the task's term.
var taskBokmal = map[string]string{
	"research":          "forskning",
	"coordination":      "koordinering",
	"implementation":    "implementering",
	"strategy":          "strategi",
	"investment-advice": "investeringsråd",
	"national-liaison":  "nasjonalt samarbeid",
}

// fromBokmal returns the id among known whose Norwegian term in group (or,
// given aliases, whose alias) is got (an author who wrote «kreft» meant
// cancer), or "".
func fromBokmal(group string, aliases map[string]string, got string, known []string) string {
	g := strings.ToLower(strings.TrimSpace(got))
	for _, id := range known {
		if w, ok := diag.Term(group, id); ok && strings.ToLower(w.NB) == g {
			return id
		}
		if a, ok := aliases[id]; ok && strings.ToLower(a) == g {
			return id
		}
	}
	return ""
}

// word names id in the mandate's words, quoted, with the id after it.
func word(group, id string) diag.Text {
	w, ok := diag.Term(group, id)
	if !ok {
		return diag.M("rules.word.text", id)
	}
	t := diag.M("rules.word.t", w, id)
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
	w, _ := diag.Term("task", id)
	return diag.M("rules.task-word.text", w, taskClause(m, id))
}

// joinText joins texts into one list per language: "a, b og c".
func joinText(ts []diag.Text) diag.Text {
	nb, en := make([]string, len(ts)), make([]string, len(ts))
	for i, t := range ts {
		nb[i], en[i] = t.NB, t.EN
	}
	and := diag.M("word.and")
	return diag.Text{NB: joinWords(nb, and.NB), EN: joinWords(en, and.EN)}
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
func words(group string, ids []string) diag.Text {
	ts := make([]diag.Text, len(ids))
	for i, id := range ids {
		ts[i] = word(group, id)
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
	Summary: diag.M("rule.initial-centers.summary"),
	Doc:     diag.M("rule.initial-centers.doc"),
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
		if !p.in(m.Themes, c.Theme.V) && c.Status.V != "closed" && c.AnchorRef != nil && within(c.AnchorRef, ic.AnchorUnit.V) {
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
	th := word("theme", ic.Theme.V)
	switch {
	case match != nil && match.Status.V == "proposed":
		p.ReportCenterSeverity(match, diag.Info, ic.Pos,
			diag.M("rules.check-initial-center.message", th, ic.AnchorUnit.V, match.File()),
			diag.M("rules.check-initial-center.hint", match.File()))
	case match != nil:
		return
	case elsewhere != nil:
		p.ReportCenter(elsewhere, ic.Pos,
			diag.M("rules.check-initial-center.message-2", th, ic.AnchorUnit.V, elsewhere.ID.V, orDefault(elsewhere.AnchorUnit.V, "-")),
			diag.M("rules.check-initial-center.hint-2", ic.AnchorUnit.V, elsewhere.File()))
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
			diag.M("rules.check-initial-center.message-3", th, ic.AnchorUnit.V, strings.Join(files, ", ")),
			diag.M("rules.check-initial-center.hint-3", strings.Join(files, ", ")))
	default:
		p.Report(ic.Pos,
			diag.M("rules.check-initial-center.message-4", th, ic.AnchorUnit.V, m.ID.V),
			diag.M("rules.check-initial-center.hint-4", m.ID.V, ic.Theme.V, ic.AnchorUnit.V))
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
		return diag.M("rules.established-words.text", c.ID.V, d.ID.V, t.Format(time.DateOnly))
	}
	return diag.Text{}
}

var theme = &Rule{
	ID: "theme", Verb: "skal", Clause: "A", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.M("rule.theme.summary"),
	Doc:     diag.M("rule.theme.doc"),
	Example: "theme: oncology\n",
	Fix:     "theme: cancer\n",
	Check: func(p *Pass) {
		c, m := p.Center, p.Mandate
		if len(m.Themes) == 0 {
			return // a mandate without themes asks for none
		}
		themes := "" // named in the findings only: the list may be long
		if !c.Theme.Set() || !p.in(m.Themes, c.Theme.V) {
			themes = strings.Join(m.Themes.Values(), ", ")
		}
		if !c.Theme.Set() {
			p.Report(c.KeyPos("theme"),
				diag.M("rule.theme.message", m.ID.V, themes),
				diag.M("rule.theme.hint", themes))
			return
		}
		if !p.in(m.Themes, c.Theme.V) {
			hint := diag.M("rule.theme.hint-2", themes)
			if id := fromBokmal("theme", nil, c.Theme.V, m.Themes.Values()); id != "" {
				hint = diag.M("rule.theme.hint-3", id, themes)
			} else if near := spelling.Nearest(c.Theme.V, m.Themes.Values()); near != "" {
				hint = diag.M("rule.theme.hint-4", near, themes)
			}
			p.Report(c.Theme.Pos,
				diag.M("rule.theme.message-2", c.Theme.V, m.ID.V, themes),
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
					diag.M("rule.theme.message-3", c.Theme.V, o.ID.V),
					diag.M("rule.theme.hint-5", o.ID.V))
				return
			}
			p.Report(c.Theme.Pos, join(
				diag.M("rule.theme.message-4", c.Theme.V, o.ID.V, o.File()),
				establishedWords(p.Repo, c),
				diag.M("rule.theme.hint-6")),
				diag.M("rule.theme.message-5"))
			return
		}
	},
}

var focusAreas = &Rule{
	ID: "focus-areas", Verb: "har", Clause: "F", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.M("rule.focus-areas.summary"),
	Doc:     diag.M("rule.focus-areas.doc"),
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
		list := words("focus", missing)
		p.lack(s.KeyPos("goals"),
			diag.M("rule.focus-areas.message", plural(len(missing), diag.M("rule.focus-areas.one"), diag.M("rule.focus-areas.many")), list, words("focus", p.Mandate.FocusAreas.Values())),
			diag.M("rule.focus-areas.hint", strings.Join(missing, ", "), s.File(), len(s.Goals)+1, strings.Join(missing, ", ")))
	},
}

var tasks = &Rule{
	ID: "tasks", Verb: "skal", Clause: "O1–O8", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.M("rule.tasks.summary"),
	Doc:     diag.M("rule.tasks.doc"),
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
					hint := diag.M("rule.tasks.hint", strings.Join(known, ", "))
					if id := fromBokmal("task", taskBokmal, t.V, known); id != "" {
						hint = diag.M("rule.tasks.hint-2", id, taskClause(m, id), strings.Join(known, ", "))
					} else if near := spelling.Nearest(t.V, known); near != "" {
						hint = diag.M("rule.tasks.hint-3", near, strings.Join(known, ", "))
					}
					p.Report(t.Pos,
						diag.M("rule.tasks.message", t.V, m.ID.V),
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
			diag.M("rule.tasks.message-2", plan.Year.V, plural(len(missing), diag.M("rule.tasks.one"), diag.M("rule.tasks.many")), list, len(m.Tasks)),
			diag.M("rule.tasks.hint-4", strings.Join(missing, ", "), plan.File()))
	},
}

var actionOwner = &Rule{
	ID: "action-owner", Verb: "skal", Clause: "O4", Severity: diag.Error, Scope: PerCenter, Dateless: true,
	Summary: diag.M("rule.action-owner.summary"),
	Doc:     diag.M("rule.action-owner.doc"),
	Example: "  - {id: KRE-2025-01, title: Genpanel, tasks: [implementation]}\n",
	Fix:     "  - {id: KRE-2025-01, title: Genpanel, tasks: [implementation], owner: ola.nordmann, due: 2025-12-31, status: planned}\n",
	Check: func(p *Pass) {
		for _, plan := range p.Center.ActionPlans {
			for _, a := range plan.Actions {
				name := orDefault(a.ID.V, a.Title.V)
				if !a.Owner.Set() {
					p.Report(a.KeyPos("owner"),
						diag.M("rule.action-owner.message", name),
						diag.M("rule.action-owner.hint", orDefault(p.Center.Leader.V, "kari.nordmann")))
				}
				if a.Due.Raw == "" {
					p.Report(a.KeyPos("due"),
						diag.M("rule.action-owner.message-2", name),
						diag.M("rule.action-owner.hint-2", plan.Year.V))
				}
				if !a.Status.Set() {
					p.Report(a.KeyPos("status"),
						diag.M("rule.action-owner.message-3", name),
						diag.M("rule.action-owner.hint-3"))
				}
			}
		}
	},
}

var research = &Rule{
	ID: "research", Verb: "skal", Clause: "O1", Severity: diag.Error, Scope: PerCenter, Dateless: true,
	Summary: diag.M("rule.research.summary"),
	Doc:     diag.M("rule.research.doc"),
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
			diag.M("rule.research.message", taskClause(p.Mandate, "research")),
			diag.M("rule.research.hint"))
	},
}

var patientPathways = &Rule{
	ID: "patient-pathways", Verb: "skal", Clause: "F, O3", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.M("rule.patient-pathways.summary"),
	Doc:     diag.M("rule.patient-pathways.doc"),
	Example: "  - {id: KRE-2025-03, title: Genpanel, tasks: [implementation], owner: ola.nordmann, due: 2025-12-31, status: planned}\n",
	Fix:     "  - {id: KRE-2025-03, title: Genpanel, tasks: [implementation], pathways: [pf-lung], owner: ola.nordmann, due: 2025-12-31, status: planned}\n",
	Check: func(p *Pass) {
		c := p.Center
		if !p.Mandate.Tasks.Contains("implementation") {
			return
		}
		if len(c.PatientPathways) == 0 {
			p.lack(c.KeyPos("patient_pathways"),
				diag.M("rule.patient-pathways.message"),
				diag.M("rule.patient-pathways.hint"))
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
			diag.M("rule.patient-pathways.message-2", plan.Year.V, pathwayIDs(c), taskClause(p.Mandate, "implementation")),
			diag.M("rule.patient-pathways.hint-2", c.PatientPathways[0].ID.V))
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
	Summary: diag.M("rule.education.summary"),
	Doc:     diag.M("rule.education.doc"),
	Example: "programmes:\n  - {id: pm-klinikere, title: PM for klinikere, audiences: [clinicians], status: running, start: 2023-01-01}\n  - {id: pm-alle, title: PM for alle, audiences: [health-personnel, non-health-personnel], status: planned, start: 2031-01-01}\n",
	Fix:     "programmes:\n  - {id: pm-klinikere, title: PM for klinikere, audiences: [clinicians], status: running, start: 2023-01-01}\n  - {id: pm-alle, title: PM for alle, audiences: [health-personnel, non-health-personnel], status: running, start: 2025-01-01}\n",
	Check: func(p *Pass) {
		c, m := p.Center, p.Mandate
		if len(m.EducationAudiences) == 0 {
			return
		}
		all := words("audience", m.EducationAudiences.Values())
		if c.Education == nil {
			p.lack(c.Pos,
				diag.M("rule.education.message", c.Doc.Center, all),
				diag.M("rule.education.hint", c.Doc.Center, strings.Join(m.EducationAudiences.Values(), ", ")))
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
		list := words("audience", missing)
		p.lack(c.Education.KeyPos("programmes"),
			diag.M("rule.education.message-2", list, p.Today(), all),
			diag.M("rule.education.hint-2", strings.Join(missing, ", ")))
	},
}

var nationalLiaison = &Rule{
	ID: "national-liaison", Verb: "skal", Clause: "O8, P9, R", Severity: diag.Error, Scope: PerCenter, Dateless: true,
	Summary: diag.M("rule.national-liaison.summary"),
	Doc:     diag.M("rule.national-liaison.doc"),
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
				diag.M("rule.national-liaison.message", strings.Join(regional, ", "), taskClause(p.Mandate, "national-liaison")),
				diag.M("rule.national-liaison.hint", listOrDash(known)))
			return
		}
		p.lack(c.KeyPos("national_activities"),
			diag.M("rule.national-liaison.message-2", taskClause(p.Mandate, "national-liaison")),
			diag.M("rule.national-liaison.hint-2", firstOr(known, "inpred"), listOrDash(known)))
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
	Summary: diag.M("rule.internal-organisation.summary"),
	Doc:     diag.M("rule.internal-organisation.doc"),
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
				diag.M("rule.internal-organisation.message"),
				orgHint(p, diag.M("rule.internal-organisation.message-2")))
			return
		}
		// That the decision is an approval of this center's organisation is
		// decision-ref's finding.
	},
}

var matrix = &Rule{
	ID: "matrix", Verb: "skal", Clause: "P7", Severity: diag.Error, Scope: PerCenter,
	Summary: diag.M("rule.matrix.summary"),
	Doc:     diag.M("rule.matrix.doc"),
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
						diag.M("rule.matrix.message", tc.ID.V, orDefault(tc.Kind.V, "-")),
						diag.M("rule.matrix.hint"))
				case tc.Status.V != "closed":
					live++
				}
			}
			if !t.Decision.Set() {
				p.Report(t.KeyPos("decision"),
					diag.M("rule.matrix.message-2", orDefault(t.Center.V, "-")),
					matrixHint(p, t.Center.V, diag.M("rule.matrix.message-3")))
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
		msg := diag.M("rule.matrix.message-m")
		if len(c.TechnologyAreas) > 0 {
			msg = diag.M("rule.matrix.message-m-2")
		}
		p.lack(c.KeyPos("technology_areas"), msg,
			diag.M("rule.matrix.message-4", listOrDash(techs)))
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
	Summary: diag.M("rule.closed-center.summary"),
	Doc:     diag.M("rule.closed-center.doc"),
	Example: "status: closed\n",
	Fix:     "status: closed\nclosed_by: PMU-2025-07\n",
	Check: func(p *Pass) {
		for _, c := range p.Repo.Centers {
			if c.Status.V != "closed" {
				if c.ClosedBy.Set() {
					p.ReportCenter(c, c.ClosedBy.Pos,
						diag.M("rule.closed-center.message", c.ClosedBy.V, orDefault(c.Status.V, "-")),
						diag.M("rule.closed-center.hint"))
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
			diag.M("rules.check-closed.message", c.ID.V),
			diag.M("rules.check-closed.hint"))
	}
	// That the decision closed this center is decision-ref's finding.
	for _, o := range p.Repo.Centers {
		if o.Status.V == "closed" {
			continue
		}
		for _, t := range o.TechnologyAreas {
			if t.Center.V == c.ID.V {
				p.ReportCenter(o, t.Center.Pos,
					diag.M("rules.check-closed.message-2", o.ID.V, c.ID.V),
					diag.M("rules.check-closed.hint-2"))
			}
		}
	}
	if plan := c.ActionPlan(p.AsOf.Year()); plan != nil {
		for _, a := range plan.Actions {
			if actionOpen(a) {
				p.ReportCenter(c, a.KeyPos("status"),
					diag.M("rules.check-closed.message-3", orDefault(a.ID.V, a.Title.V), orDefault(a.Status.V, "-"), c.ID.V),
					diag.M("rules.check-closed.hint-3"))
			}
		}
	}
	for _, d := range p.Repo.Decisions {
		for _, w := range d.Waivers {
			if w.Center.V == c.ID.V && (!w.Until.Valid() || !p.AsOf.After(w.Until.Time)) {
				p.ReportCenter(c, w.Center.Pos,
					diag.M("rules.check-closed.message-4", d.ID.V, orDefault(w.Rule.V, "-"), c.ID.V, orDefault(w.Until.String(), "-")),
					diag.M("rules.check-closed.hint-4"))
			}
		}
	}
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
	return diag.M("rules.org-hint.text", p.Center.ID.V, d.ID.V, d.Title.V, d.ID.V)
}

// matrixHint names the committee's matrix-alignment decision for the center
// and technology center when there is one.
func matrixHint(p *Pass, tech string, fallback diag.Text) diag.Text {
	d := decisionFor(p, "matrix-alignment", p.Center.ID.V, tech)
	if d == nil || tech == "" {
		return fallback
	}
	return diag.M("rules.matrix-hint.text", p.Center.ID.V, tech, d.ID.V, d.Title.V, d.ID.V)
}

// firstOr is the first of xs, or def when there is none.
func firstOr(xs []string, def string) string {
	if len(xs) == 0 {
		return def
	}
	return xs[0]
}
