package model

import (
	"sort"
	"strings"

	"github.com/ous-pm/pmgov/internal/spelling"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

// refKind names what a reference points at, in both languages, where such
// things are defined, and how a new one is added there.
type refKind struct {
	// what is the catalogue's key of the thing's name ("personen",
	// "person"); where is the file or folder that defines such things.
	what, where string
	// add is the key of how to add the missing id, with the id as its
	// argument when addID is set.
	add   string
	addID bool
	// file is the file that would define id.
	file func(id string) string
	// perID is set when each id has a file of its own (decisions,
	// meetings, centers, mandates).
	perID bool
}

func fixed(path string) func(string) string { return func(string) string { return path } }

var (
	refPerson = refKind{"model.ref.person", "org/people.yaml", "model.ref.person-add", false,
		fixed("org/people.yaml"), false}
	refUnit = refKind{"model.ref.unit", "org/units.yaml", "model.ref.unit-add", false,
		fixed("org/units.yaml"), false}
	refDecision = refKind{"model.ref.decision", "committee/decisions/", "model.ref.decision-add", true,
		func(id string) string { return "committee/decisions/" + id + ".md" }, true}
	refMeeting = refKind{"model.ref.meeting", "committee/meetings/", "model.ref.meeting-add", true,
		func(id string) string { return "committee/meetings/" + id + ".md" }, true}
	refCenter = refKind{"model.ref.center", "centers/", "model.ref.center-add", true,
		func(id string) string { return "centers/" + id + "/center.yaml" }, true}
	refActivity = refKind{"model.ref.activity", "org/national-activities.yaml", "model.ref.activity-add", false,
		fixed("org/national-activities.yaml"), false}
	refMandate = refKind{"model.ref.mandate", "committee/mandates/", "model.ref.mandate-add", false,
		func(id string) string { return "committee/mandates/" + id + ".yaml" }, true}
)

// missing reports a reference that does not resolve, suggesting the nearest
// known id: a misspelt id is far more common than a missing person.
func (b *builder) missing(k refKind, s String, center string, known []string) {
	if f := k.file(s.V); b.unreadable(f) {
		// The file that would define the id is there but could not be
		// read; its syntax finding says why, and "does not exist" for
		// every reference into it would bury that one finding.
		return
	} else if _, read := b.r.Sources[f]; read && k.perID {
		// The file named by the id is there with another id inside:
		// id-mismatch reports that one line, which is the one to fix.
		return
	}
	add := diag.M(k.add)
	if k.addID {
		add = diag.M(k.add, s.V)
	}
	hint := diag.M("model.builder-missing.hint", k.where, s.V, add)
	if near := spelling.Nearest(s.V, known); near != "" {
		hint = diag.M("model.builder-missing.hint-2", near, s.V, add)
	}
	b.add("ref", s.Pos, center, diag.M("model.builder-missing.message", diag.M(k.what), s.V, k.where), hint)
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
					diag.M("model.builder-resolve-org.message", u.ID.V),
					diag.M("model.builder-resolve-org.hint", u.ID.V))
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
		for _, f := range d.FollowUp {
			b.person(f.Responsible, "")
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
		b.decision(t.Decision, id)
		if t.AfterEvaluation.Set() && c.Evaluation(t.AfterEvaluation.V) == nil &&
			!b.unreadable("centers/"+c.Doc.Center+"/evaluations/"+t.AfterEvaluation.V+".md") {
			b.add("ref", t.AfterEvaluation.Pos, id,
				diag.M("model.builder-resolve-center.message", t.AfterEvaluation.V, c.Doc.Center, t.AfterEvaluation.V),
				diag.M("model.builder-resolve-center.hint", c.Doc.Center, strings.TrimPrefix(t.AfterEvaluation.V, "term-")))
		}
	}
	for _, m := range c.Board {
		b.person(m.Person, id)
	}
	for _, u := range c.ParticipatingUnits {
		b.unit(u, id)
	}
	b.uniqueNamed(c.DiseaseGroups, id, diag.M("model.builder-resolve-center.message-2"))
	b.uniqueNamed(c.PatientPathways, id, diag.M("model.builder-resolve-center.message-3"))
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
					diag.M("model.builder-resolve-center.message-4", g.ID.V),
					diag.M("model.builder-resolve-center.hint-2"))
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
					diag.M("model.builder-resolve-center.message-5", p.ID.V),
					diag.M("model.builder-resolve-center.hint-3"))
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
			b.add("duplicate-id", n.ID.Pos, center, diag.M("model.builder-unique-named.message", what, n.ID.V), diag.M("model.builder-unique-named.message-2"))
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
				diag.M("model.builder-resolve-plan.message", p.Strategy.V, c.Doc.Center, p.Strategy.V),
				diag.M("model.builder-resolve-plan.hint", listOrNone(known)))
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
				diag.M("model.builder-resolve-plan.message-2", a.Goal.V, p.StrategyRef.File()),
				diag.M("model.builder-resolve-plan.hint-2", listOrNone(known)))
		}
		for _, pw := range a.Pathways {
			if pw.Set() && c.Pathway(pw.V) == nil {
				b.add("ref", pw.Pos, id,
					diag.M("model.builder-resolve-plan.message-3", pw.V, c.File()),
					diag.M("model.builder-resolve-plan.hint-3", namedIDs(c.PatientPathways), pw.V))
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
				diag.M("model.builder-resolve-report.message", rp.ActionPlan.V, c.Doc.Center, rp.ActionPlan.V),
				diag.M("model.builder-resolve-report.hint", c.Doc.Center, rp.ActionPlan.V))
		}
	}
	for _, as := range rp.Actions {
		if as.Action.Set() && rp.PlanRef != nil && rp.PlanRef.Action(as.Action.V) == nil {
			b.add("ref", as.Action.Pos, id,
				diag.M("model.builder-resolve-report.message-2", as.Action.V, rp.PlanRef.File()),
				actionHint(as.Action.V, rp.PlanRef))
		}
	}
	for _, s := range rp.Effort.Allocation {
		if s.Group.Set() && c.DiseaseGroup(s.Group.V) == nil {
			b.add("ref", s.Group.Pos, id,
				diag.M("model.builder-resolve-report.message-3", s.Group.V, c.File()),
				groupHint(s.Group.V, c))
		}
	}
}

func listOrNone(xs []string) string {
	if len(xs) == 0 {
		return "-"
	}
	return strings.Join(xs, ", ")
}

// namedIDs lists the ids of disease groups or pathways, for a hint.
func namedIDs(ns []Named) string {
	ids := make([]string, 0, len(ns))
	for _, n := range ns {
		if n.ID.Set() {
			ids = append(ids, n.ID.V)
		}
	}
	return listOrNone(ids)
}

// groupHint names the disease group an author probably meant.
func groupHint(got string, c *Center) diag.Text {
	ids := make([]string, 0, len(c.DiseaseGroups))
	for _, n := range c.DiseaseGroups {
		ids = append(ids, n.ID.V)
		if strings.EqualFold(n.Name.V, got) {
			return diag.M("model.group-hint.text", n.ID.V, n.Name.V)
		}
	}
	if near := spelling.Nearest(got, ids); near != "" {
		return diag.M("model.group-hint.text-2", near, near)
	}
	if len(ids) == 0 {
		return diag.M("model.group-hint.text-3", c.File(), got)
	}
	return diag.M("model.group-hint.text-4", listOrNone(ids), c.File())
}

// actionHint names the action an author probably meant.
func actionHint(got string, p *ActionPlan) diag.Text {
	ids := make([]string, 0, len(p.Actions))
	for _, a := range p.Actions {
		ids = append(ids, a.ID.V)
	}
	if near := spelling.Nearest(got, ids); near != "" {
		return diag.M("model.action-hint.text", near, near)
	}
	return diag.M("model.action-hint.text-2", p.File(), listOrNone(ids))
}

// unreadable reports whether path is a file that was read but did not
// parse: the loader has reported it, and nothing in it can be found.
func (b *builder) unreadable(path string) bool {
	if _, read := b.r.Sources[path]; !read {
		return false
	}
	if b.byPath == nil {
		b.byPath = make(map[string]int, len(b.r.Docs))
		for i, d := range b.r.Docs {
			b.byPath[d.Path] = i
		}
	}
	if i, ok := b.byPath[path]; ok {
		return !b.parsed(i) && b.r.Docs[i].Kind != doc.MandateText
	}
	return true
}
