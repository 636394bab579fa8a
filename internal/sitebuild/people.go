package sitebuild

import (
	"cmp"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/model"
)

// personPath is the site path (within a language folder) of a person's
// page.
func personPath(id string) string { return "people/" + pathSafe(id) + ".html" }

// roleKinds order a person's roles (each a label of group "person-role").
var roleKinds = []string{"committee", "secretariat", "leader", "board", "editor", "owner", "author", "responsible", "attendee", "maintainer"}

// personRole is one role a person holds: Kind says which; Center, Detail
// (a label of group DetailGroup), Decisions, Meetings and Reports say
// where.
type personRole struct {
	Kind        string
	Center      *model.Center
	DetailGroup string
	Detail      string
	Decisions   []*model.Decision
	Meetings    []*model.Meeting
	Reports     []*model.Report
}

// ownedAction is an action a person owns, with its plan and center.
type ownedAction struct {
	Center *model.Center
	Plan   *model.ActionPlan
	Action *model.Action
	// Overdue is the days past due on the as-of date (0: not overdue).
	Overdue int
	// Open says it is neither done nor cancelled.
	Open bool
}

// dueItem is something that falls due for a person within the horizon.
type dueItem struct {
	Day  string
	Text string
	// Kind is a label of group "calendar", unless Forecast says it is a
	// finding the forecast holds.
	Kind     string
	Forecast bool
	// Center is the center it concerns (nil for the committee's own).
	Center *model.Center
}

// personView is a person's page: who they are (never how to reach them:
// no e-mail address or telephone number is on the site), their roles, the
// actions they own and what falls due for them within the horizon.
type personView struct {
	Person *model.Person
	// Lead is the person's title and line unit ("Overlege, Avdeling for
	// kreftbehandling (KRE-AOF)").
	Lead    string
	Roles   []personRole
	Actions []ownedAction
	Due     []dueItem
	// Until is the horizon's last day; Computed says the forecast was
	// given (without it, the forecast findings are left out).
	Until    string
	Computed bool
}

// peopleRow is a person in the list of people.
type peopleRow struct {
	Person *model.Person
	Kinds  []string
}

// peopleView is the list of people.
type peopleView struct {
	Rows []peopleRow
}

// people lists the persons with a page: each id of org/people.yaml once
// (a second entry with the same id is the duplicate-id rule's to report).
func (g *generator) people() []*model.Person {
	var out []*model.Person
	seen := map[string]bool{}
	for _, p := range g.repo.People {
		if p.ID.V == "" || seen[pathSafe(p.ID.V)] || g.repo.PersonByID[p.ID.V] != p {
			continue
		}
		seen[pathSafe(p.ID.V)] = true
		out = append(out, p)
	}
	return out
}

// personIndex is every person's roles and actions, gathered in one pass
// over the data (language-independent).
type personIndex struct {
	roles   map[string][]personRole
	actions map[string][]ownedAction
	// centers are the centers whose dates fall due for a person: those
	// they lead or edit; committee are the committee's members and
	// secretariat, whose are its meetings and deadlines.
	centers   map[string][]*model.Center
	committee map[string]bool
	// paged are the ids with a page (people): a second id that names the
	// same file links nowhere rather than to someone else's page.
	paged map[string]bool
}

func (g *generator) indexPeople() *personIndex {
	x := &personIndex{roles: map[string][]personRole{}, actions: map[string][]ownedAction{},
		centers: map[string][]*model.Center{}, committee: map[string]bool{}, paged: map[string]bool{}}
	for _, p := range g.people() {
		x.paged[p.ID.V] = true
	}
	add := func(id string, r personRole) {
		if id == "" {
			return
		}
		rs := x.roles[id]
		// One row per kind and center: a person attending many meetings
		// or writing many reports has one row listing them.
		for i := range rs {
			if rs[i].Kind == r.Kind && rs[i].Center == r.Center && rs[i].Detail == r.Detail {
				rs[i].Decisions = append(rs[i].Decisions, r.Decisions...)
				rs[i].Meetings = append(rs[i].Meetings, r.Meetings...)
				rs[i].Reports = append(rs[i].Reports, r.Reports...)
				return
			}
		}
		x.roles[id] = append(rs, r)
	}
	center := func(id string, c *model.Center) {
		if id != "" && !slices.Contains(x.centers[id], c) {
			x.centers[id] = append(x.centers[id], c)
		}
	}
	if cm := g.repo.Committee; cm != nil {
		for _, m := range cm.Members {
			add(m.Person.V, personRole{Kind: "committee", DetailGroup: "committee-role", Detail: m.Role.V})
			x.committee[m.Person.V] = true
		}
		for _, s := range cm.Secretariat {
			add(s.V, personRole{Kind: "secretariat"})
			x.committee[s.V] = true
		}
	}
	for _, s := range g.standings {
		c := s.Center
		add(c.Leader.V, personRole{Kind: "leader", Center: c})
		center(c.Leader.V, c)
		for _, b := range c.Board {
			add(b.Person.V, personRole{Kind: "board", Center: c, DetailGroup: "role", Detail: b.Role.V})
		}
		for _, e := range c.Editors {
			add(e.V, personRole{Kind: "editor", Center: c})
			center(e.V, c)
		}
		for _, p := range c.ActionPlans {
			for i := range p.Actions {
				a := &p.Actions[i]
				if a.Owner.V == "" {
					continue
				}
				add(a.Owner.V, personRole{Kind: "owner", Center: c})
				oa := ownedAction{Center: c, Plan: p, Action: a, Open: a.Status.V != "done" && a.Status.V != "cancelled"}
				if oa.Open && a.Due.Valid() && a.Due.Before(g.asOf) {
					oa.Overdue = days(a.Due.Time, g.asOf)
				}
				x.actions[a.Owner.V] = append(x.actions[a.Owner.V], oa)
			}
		}
		for _, r := range c.Reports {
			add(r.Author.V, personRole{Kind: "author", Center: c, Reports: []*model.Report{r}})
		}
	}
	for _, d := range g.repo.Decisions {
		for _, f := range d.FollowUp {
			if rs := x.roles[f.Responsible.V]; f.Responsible.V != "" && slices.ContainsFunc(rs, func(r personRole) bool {
				return r.Kind == "responsible" && slices.Contains(r.Decisions, d)
			}) {
				continue
			}
			add(f.Responsible.V, personRole{Kind: "responsible", Decisions: []*model.Decision{d}})
		}
	}
	meetings := slices.Clone(g.repo.Meetings)
	slices.SortStableFunc(meetings, func(a, b *model.Meeting) int { return cmp.Compare(b.Doc.PathID, a.Doc.PathID) })
	for _, m := range meetings {
		for _, a := range m.Attendees {
			add(a.V, personRole{Kind: "attendee", Meetings: []*model.Meeting{m}})
		}
	}
	if gov := g.repo.Governance; gov != nil {
		for _, m := range gov.Maintainers {
			add(m.V, personRole{Kind: "maintainer"})
		}
	}
	for id, rs := range x.roles {
		slices.SortStableFunc(rs, func(a, b personRole) int {
			return cmp.Compare(slices.Index(roleKinds, a.Kind), slices.Index(roleKinds, b.Kind))
		})
		x.roles[id] = rs
	}
	for id, as := range x.actions {
		// Open actions first, soonest due first; then the rest, latest first.
		slices.SortStableFunc(as, func(a, b ownedAction) int {
			if a.Open != b.Open {
				if a.Open {
					return -1
				}
				return 1
			}
			if a.Open {
				return cmp.Compare(a.Action.Due.String(), b.Action.Due.String())
			}
			return cmp.Compare(b.Action.Due.String(), a.Action.Due.String())
		})
		x.actions[id] = as
	}
	return x
}

// horizon is the last day the forecast runs to (without a forecast, the
// default number of days after the as-of date).
func (g *generator) horizon() time.Time {
	if g.forecast != nil {
		return g.forecast.Until
	}
	return g.asOf.AddDate(0, 0, forecast.DefaultDays)
}

// peoplePages are the list of people and a page per person, in language l.
func (g *generator) peoplePages(l diag.Lang, add func(kind, path, title string, data any)) {
	people := g.people()
	x := g.persons
	list := &peopleView{}
	for _, p := range people {
		row := peopleRow{Person: p}
		for _, r := range x.roles[p.ID.V] {
			if !slices.Contains(row.Kinds, r.Kind) {
				row.Kinds = append(row.Kinds, r.Kind)
			}
		}
		list.Rows = append(list.Rows, row)
	}
	slices.SortStableFunc(list.Rows, func(a, b peopleRow) int { return cmp.Compare(a.Person.Name.V, b.Person.Name.V) })
	add("people", "people.html", g.tr[l].T("people.title"), list)
	due := g.dueByPerson(l)
	until := g.horizon()
	for _, p := range people {
		v := &personView{Person: p, Lead: g.personLead(p), Roles: x.roles[p.ID.V], Actions: x.actions[p.ID.V], Due: due[p.ID.V],
			Until: until.Format(time.DateOnly), Computed: g.forecast != nil}
		add("person", personPath(p.ID.V), cmp.Or(p.Name.V, p.ID.V), v)
	}
}

// dueByPerson is what falls due for each person from the as-of date to the
// horizon: the calendar's dates of the centers they lead or edit (reports,
// term ends, evaluations, waivers), the committee's meetings and deadlines
// for its members and secretariat, the deadlines a decision gives them, the
// open actions they own, and the findings the forecast holds for the
// centers they lead or edit. The dates are the calendar's (calendarEvents),
// the findings the forecast's: nothing is judged twice.
func (g *generator) dueByPerson(l diag.Lang) map[string][]dueItem {
	x := g.persons
	until := g.horizon()
	within := func(t time.Time) bool { return !t.Before(g.asOf) && !t.After(until) }
	byCenter := map[string][]dueItem{}
	var committee []dueItem
	byPerson := map[string][]dueItem{}
	seen := map[string]bool{}
	// open are the actions still to be done, by center, owner and the
	// calendar's id of their due date: a done action falls due for no one.
	open := map[string]bool{}
	for id, as := range x.actions {
		for _, a := range as {
			if a.Open {
				open[a.Center.ID.V+"\x00"+id+"\x00"+g.uid("action-due", a.Center.ID.V, a.Action.ID.V)] = true
			}
		}
	}
	for _, e := range g.eventsOf(l) {
		if !within(e.event.Day) || e.kind == "action-due" && !open[e.center+"\x00"+e.person+"\x00"+e.event.UID] {
			continue
		}
		it := dueItem{Day: e.event.Day.Format(time.DateOnly), Text: e.event.Summary, Kind: e.kind,
			Center: g.repo.CenterByID[e.center]}
		if e.person != "" {
			if !seen[e.person+"\x00"+e.event.UID] {
				seen[e.person+"\x00"+e.event.UID] = true
				byPerson[e.person] = append(byPerson[e.person], it)
			}
			continue
		}
		switch {
		case e.kind == "meeting" || e.kind == "follow-up":
			if !seen["\x00"+e.event.UID] {
				seen["\x00"+e.event.UID] = true
				committee = append(committee, it)
			}
		case e.center != "":
			byCenter[e.center] = append(byCenter[e.center], it)
		}
	}
	if f := g.forecast; f != nil {
		for _, fx := range f.Findings {
			if fx.Center != "" && within(fx.Start) {
				byCenter[fx.Center] = append(byCenter[fx.Center], dueItem{Day: fx.Start.Format(time.DateOnly), Text: fx.Words.In(l),
					Forecast: true, Center: g.repo.CenterByID[fx.Center]})
			}
		}
	}
	out := map[string][]dueItem{}
	for _, p := range g.people() {
		id := p.ID.V
		items := slices.Clone(byPerson[id])
		if x.committee[id] {
			items = append(items, committee...)
		}
		for _, c := range x.centers[id] {
			items = append(items, byCenter[c.ID.V]...)
		}
		slices.SortStableFunc(items, func(a, b dueItem) int { return cmp.Compare(a.Day, b.Day) })
		if len(items) > 0 {
			out[id] = items
		}
	}
	return out
}

// personLead is a person's title and line unit, as their page says it.
func (g *generator) personLead(p *model.Person) string {
	unit := p.Unit.V
	if u := g.repo.UnitByID[unit]; u != nil && u.Name.V != "" {
		unit = u.Name.V + " (" + unit + ")"
	}
	switch {
	case p.Title.V != "" && unit != "":
		return p.Title.V + ", " + unit
	case p.Title.V != "":
		return p.Title.V
	}
	return unit
}

// PersonHref links to a person's page, or "" when the person is unknown
// or the page is standalone.
func (p *page) PersonHref(id string) string {
	if p.Standalone || !p.g.persons.paged[id] {
		return ""
	}
	return p.Href(personPath(id))
}

// PersonLink is a person's name linked to their page, or the name (else
// the id) alone when there is no page to link to.
func (p *page) PersonLink(id string) template.HTML {
	name := template.HTMLEscapeString(p.PersonName(id))
	href := p.PersonHref(id)
	if href == "" {
		return template.HTML(name)
	}
	return template.HTML(`<a href="` + template.HTMLEscapeString(href) + `">` + name + `</a>`)
}

// RoleLabel is a role's name in the page's language.
func (p *page) RoleLabel(kind string) string { return p.L("person-role", kind) }

// RoleLabels is the labels of kinds, comma separated.
func (p *page) RoleLabels(kinds []string) string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = p.RoleLabel(k)
	}
	return strings.Join(out, ", ")
}
