package model

import (
	"fmt"
	"sort"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
)

// refKind names what a reference points at, in both languages, and where
// such things are defined.
type refKind struct {
	nb, en, where string
}

var (
	refPerson   = refKind{"personen", "person", "org/people.yaml"}
	refUnit     = refKind{"enheten", "unit", "org/units.yaml"}
	refDecision = refKind{"vedtaket", "decision", "committee/decisions/"}
	refMeeting  = refKind{"møtet", "meeting", "committee/meetings/"}
	refCenter   = refKind{"senteret", "center", "centers/"}
	refActivity = refKind{"den nasjonale aktiviteten", "national activity", "org/national-activities.yaml"}
	refMandate  = refKind{"mandatet", "mandate", "committee/mandates/"}
)

// missing reports a reference that does not resolve, suggesting the nearest
// known id.
func (b *builder) missing(k refKind, s String, center string, known []string) {
	hint := diag.T("Bruk en id som finnes i %s, eller legg den til der.", "Use an id that exists in %s, or add it there.", k.where)
	if near := Nearest(s.V, known); near != "" {
		hint = diag.T("Mente du %q? Ellers: legg %q til i %s.", "Did you mean %q? Otherwise add %q to %s.", near, s.V, k.where)
	}
	b.add("ref", s.Pos, center, diag.Text{
		NB: fmt.Sprintf("%s %q finnes ikke", capitalize(k.nb), s.V),
		EN: fmt.Sprintf("the %s %q does not exist", k.en, s.V),
	}, hint)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func keys[T any](m map[string]T) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (b *builder) person(s String, center string) *Person {
	if !s.Set() {
		return nil
	}
	p := b.r.PersonByID[s.V]
	if p == nil {
		b.missing(refPerson, s, center, keys(b.r.PersonByID))
	}
	return p
}

func (b *builder) unit(s String, center string) *Unit {
	if !s.Set() {
		return nil
	}
	u := b.r.UnitByID[s.V]
	if u == nil {
		b.missing(refUnit, s, center, keys(b.r.UnitByID))
	}
	return u
}

func (b *builder) decision(s String, center string) *Decision {
	if !s.Set() {
		return nil
	}
	d := b.r.DecisionByID[s.V]
	if d == nil {
		b.missing(refDecision, s, center, keys(b.r.DecisionByID))
	}
	return d
}

func (b *builder) center(s String, center string) *Center {
	if !s.Set() {
		return nil
	}
	c := b.r.CenterByID[s.V]
	if c == nil {
		b.missing(refCenter, s, center, keys(b.r.CenterByID))
	}
	return c
}

func (b *builder) people(ss Strings, center string) {
	for _, s := range ss {
		b.person(s, center)
	}
}

func (b *builder) resolveOrg() {
	r := b.r
	for _, u := range r.Units {
		u.ParentUnit = b.unit(u.Parent, "")
	}
	// A cycle in the parent chain would make every walk up the line loop.
	for _, u := range r.Units {
		seen := map[*Unit]bool{}
		for p := u; p != nil; p = p.ParentUnit {
			if seen[p] {
				b.add("ref", u.Parent.Pos, "",
					diag.T("enheten %s ligger (via overordnede enheter) under seg selv", "the unit %s is (through its parents) its own ancestor", u.ID.V),
					diag.T("Rett «parent» slik at linjen ender i sykehuset (N1).", "Correct \"parent\" so the line ends at the hospital (N1)."))
				u.ParentUnit = nil
				break
			}
			seen[p] = true
		}
	}
	for _, p := range r.People {
		p.LineUnit = b.unit(p.Unit, "")
	}
	for _, m := range r.Mandates {
		b.decision(m.AdoptedBy, "")
		for _, ic := range m.InitialCenters {
			b.unit(ic.AnchorUnit, "")
		}
	}
	if g := r.Governance; g != nil {
		b.people(g.Maintainers, "")
	}
}

func (b *builder) resolveCommittee() {
	r := b.r
	if c := r.Committee; c != nil {
		b.unit(c.Unit, "")
		for _, m := range c.Members {
			b.person(m.Person, "")
		}
		b.people(c.Secretariat, "")
	}
	for _, d := range r.Decisions {
		if d.Meeting.Set() && r.MeetingByDate[d.Meeting.V] == nil {
			b.missing(refMeeting, d.Meeting, "", keys(r.MeetingByDate))
		}
		for _, c := range d.Centers {
			b.center(c, c.V)
		}
		for _, w := range d.Waivers {
			b.center(w.Center, w.Center.V)
		}
	}
	for _, m := range r.Meetings {
		b.people(m.Attendees, "")
		for _, d := range m.Decisions {
			b.decision(d, "")
		}
	}
}

func (b *builder) resolveCenter(c *Center) {
	r, id := b.r, c.ID.V
	for _, list := range [][]*Strategy{c.Strategies} {
		sort.Slice(list, func(i, j int) bool { return list[i].File() < list[j].File() })
	}
	sort.Slice(c.ActionPlans, func(i, j int) bool { return c.ActionPlans[i].File() < c.ActionPlans[j].File() })
	sort.Slice(c.Reports, func(i, j int) bool { return c.Reports[i].File() < c.Reports[j].File() })
	sort.Slice(c.Advice, func(i, j int) bool { return c.Advice[i].File() < c.Advice[j].File() })
	sort.Slice(c.Evaluations, func(i, j int) bool { return c.Evaluations[i].File() < c.Evaluations[j].File() })

	if c.Mandate.Set() {
		c.MandateRef = r.MandateByID[c.Mandate.V]
		if c.MandateRef == nil {
			b.missing(refMandate, c.Mandate, id, keys(r.MandateByID))
		}
	}
	c.AnchorRef = b.unit(c.AnchorUnit, id)
	c.LeaderRef = b.person(c.Leader, id)
	b.decision(c.EstablishedBy, id)
	b.decision(c.ClosedBy, id)
	for _, t := range c.Terms {
		if t.AfterEvaluation.Set() && c.Evaluation(t.AfterEvaluation.V) == nil {
			b.add("ref", t.AfterEvaluation.Pos, id,
				diag.T("evalueringen %q finnes ikke i centers/%s/evaluations/", "the evaluation %q does not exist in centers/%s/evaluations/", t.AfterEvaluation.V, c.Doc.Center),
				diag.T("Legg evalueringen inn som centers/%s/evaluations/%s.md (pmgov new evaluation), eller rett navnet.", "Add the evaluation as centers/%s/evaluations/%s.md (pmgov new evaluation), or correct the name.", c.Doc.Center, t.AfterEvaluation.V))
		}
	}
	for _, m := range c.Board {
		b.person(m.Person, id)
	}
	for _, u := range c.ParticipatingUnits {
		b.unit(u, id)
	}
	b.uniqueNamed(c.DiseaseGroups, id, diag.T("sykdomsgruppe", "disease group"))
	b.uniqueNamed(c.PatientPathways, id, diag.T("pasientforløp", "patient pathway"))
	for _, t := range c.TechnologyAreas {
		b.center(t.Center, id)
		b.decision(t.Decision, id)
	}
	for _, a := range c.NationalActivities {
		if a.Set() && r.ActivityByID[a.V] == nil {
			b.missing(refActivity, a, id, keys(r.ActivityByID))
		}
	}
	b.decision(c.Organisation.Decision, id)
	b.unit(c.Funding.BudgetUnit, id)
	b.people(c.Editors, id)

	for _, s := range c.Strategies {
		b.decision(s.ApprovedBy, id)
		seen := map[string]bool{}
		for _, g := range s.Goals {
			if g.ID.Set() && seen[g.ID.V] {
				b.add("duplicate-id", g.ID.Pos, id,
					diag.T("målet %q står to ganger i strategien", "the goal %q appears twice in the strategy", g.ID.V),
					diag.T("Gi hvert mål en egen id (G1, G2, …).", "Give each goal its own id (G1, G2, …)."))
			}
			seen[g.ID.V] = true
		}
	}
	for _, p := range c.ActionPlans {
		b.resolvePlan(c, p)
	}
	for _, rp := range c.Reports {
		b.resolveReport(c, rp)
	}
	if e := c.Education; e != nil {
		seen := map[string]bool{}
		for _, p := range e.Programmes {
			if p.ID.Set() && seen[p.ID.V] {
				b.add("duplicate-id", p.ID.Pos, id,
					diag.T("programmet %q står to ganger", "the programme %q appears twice", p.ID.V),
					diag.T("Gi hvert utdanningsprogram en egen id.", "Give each education programme its own id."))
			}
			seen[p.ID.V] = true
		}
	}
	for _, a := range c.Advice {
		b.unit(a.ToUnit, id)
	}
	for _, e := range c.Evaluations {
		b.decision(e.Decision, id)
	}
}

func (b *builder) uniqueNamed(ns []Named, center string, what diag.Text) {
	seen := map[string]bool{}
	for _, n := range ns {
		if n.ID.Set() && seen[n.ID.V] {
			b.add("duplicate-id", n.ID.Pos, center, diag.Text{
				NB: fmt.Sprintf("%s-id-en %q står to ganger", what.NB, n.ID.V),
				EN: fmt.Sprintf("the %s id %q appears twice", what.EN, n.ID.V),
			}, diag.T("Gi hver en egen id.", "Give each its own id."))
		}
		seen[n.ID.V] = true
	}
}

func (b *builder) resolvePlan(c *Center, p *ActionPlan) {
	id := c.ID.V
	if p.Strategy.Set() {
		for _, s := range c.Strategies {
			if s.ID() == p.Strategy.V {
				p.StrategyRef = s
			}
		}
		if p.StrategyRef == nil {
			var known []string
			for _, s := range c.Strategies {
				known = append(known, s.ID())
			}
			b.add("ref", p.Strategy.Pos, id,
				diag.T("strategien %q finnes ikke i centers/%s/", "the strategy %q does not exist in centers/%s/", p.Strategy.V, c.Doc.Center),
				diag.T("Skriv navnet på strategifilen uten .md (kjente: %s).", "Write the strategy file's name without .md (known: %s).", listOrNone(known)))
		}
	}
	for _, a := range p.Actions {
		b.person(a.Owner, id)
		if a.Goal.Set() && p.StrategyRef != nil && p.StrategyRef.Goal(a.Goal.V) == nil {
			var known []string
			for _, g := range p.StrategyRef.Goals {
				known = append(known, g.ID.V)
			}
			b.add("ref", a.Goal.Pos, id,
				diag.T("målet %q finnes ikke i %s", "the goal %q does not exist in %s", a.Goal.V, p.StrategyRef.File()),
				diag.T("Bruk et av strategiens mål: %s.", "Use one of the strategy's goals: %s.", listOrNone(known)))
		}
		for _, pw := range a.Pathways {
			if pw.Set() && c.Pathway(pw.V) == nil {
				b.add("ref", pw.Pos, id,
					diag.T("pasientforløpet %q står ikke under patient_pathways i %s", "the patient pathway %q is not listed under patient_pathways in %s", pw.V, c.File()),
					diag.T("Bruk en id fra senterets patient_pathways, eller legg forløpet til der.", "Use an id from the center's patient_pathways, or add the pathway there."))
			}
		}
	}
}

func (b *builder) resolveReport(c *Center, rp *Report) {
	id := c.ID.V
	b.person(rp.Author, id)
	if rp.ActionPlan.OK {
		rp.PlanRef = c.ActionPlan(rp.ActionPlan.V)
		if rp.PlanRef == nil {
			b.add("ref", rp.ActionPlan.Pos, id,
				diag.T("handlingsplanen for %d finnes ikke (centers/%s/action-plans/%d.yaml)", "the action plan for %d does not exist (centers/%s/action-plans/%d.yaml)", rp.ActionPlan.V, c.Doc.Center, rp.ActionPlan.V),
				diag.T("Rett action_plan til året for en plan som finnes, eller opprett planen (pmgov new action-plan).", "Set action_plan to the year of an existing plan, or create the plan (pmgov new action-plan)."))
		}
	}
	for _, as := range rp.Actions {
		if as.Action.Set() && rp.PlanRef != nil && rp.PlanRef.Action(as.Action.V) == nil {
			b.add("ref", as.Action.Pos, id,
				diag.T("tiltaket %q finnes ikke i %s", "the action %q does not exist in %s", as.Action.V, rp.PlanRef.File()),
				diag.T("Bruk en tiltaks-id fra handlingsplanen.", "Use an action id from the action plan."))
		}
	}
	for _, s := range rp.Effort.Allocation {
		if s.Group.Set() && c.DiseaseGroup(s.Group.V) == nil {
			b.add("ref", s.Group.Pos, id,
				diag.T("sykdomsgruppen %q står ikke under disease_groups i %s", "the disease group %q is not listed under disease_groups in %s", s.Group.V, c.File()),
				diag.T("Bruk en id fra senterets disease_groups, eller legg gruppen til der.", "Use an id from the center's disease_groups, or add the group there."))
		}
	}
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "-"
	}
	return strings.Join(xs, ", ")
}
