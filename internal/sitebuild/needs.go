package sitebuild

import (
	"cmp"
	"slices"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/rules"
)

// needsView is "what needs a decision": by center, every open error, every
// error the forecast holds, and what the committee is to decide on
// (proposed centers, internal organisations and strategies awaiting
// approval, action plans proposed for a year not yet begun, waivers that
// expire, evaluations falling due), then the committee's own deadlines.
type needsView struct {
	// Until is the horizon's last day (YYYY-MM-DD) and Days its length;
	// Meeting is the next meeting's date when the horizon runs to it.
	Until   string
	Days    int
	Meeting string
	// Computed is false when the build was given no forecast.
	Computed bool
	Groups   []needGroup
	Count    int
	// Coming are every finding, errors and warnings, the horizon holds,
	// in the order they start, and FollowUps the decisions' deadlines.
	Coming    []forecast.Finding
	FollowUps []forecast.FollowUp
}

// needGroup is one center's items: ID is the center's id ("" for the
// committee's own items) and Center the center (nil for the committee's,
// or a center the data names but the repository lacks).
type needGroup struct {
	ID     string
	Center *model.Center
	// Page is the page of a center whose center.yaml cannot be read.
	Page  string
	Items []needItem
}

// needItem is one thing the committee is to know or decide.
type needItem struct {
	// Kind is open, forecast, proposed, organisation, strategy, plan,
	// waiver, evaluation or follow-up (a label of group "need").
	Kind string
	// Words say it in the committee's words; Rule, when set, is the rule
	// it follows from, and Summary that rule in plain words.
	Words   diag.Text
	Rule    string
	Summary diag.Text
	// Start is the day a forecast finding starts (YYYY-MM-DD).
	Start string
}

// needKinds orders the items of a group.
var needKinds = []string{"open", "forecast", "evaluation", "proposed", "organisation", "strategy", "plan", "waiver", "follow-up"}

// needs builds the view from the validation and the forecast.
func (g *generator) needs() *needsView {
	v := &needsView{}
	f := g.forecast
	until := g.asOf.AddDate(0, 0, forecast.DefaultDays)
	if f != nil {
		v.Computed = true
		until = f.Until
		v.Days = f.Days
		if f.Meeting != nil {
			v.Meeting = f.Meeting.Date.String()
		}
		v.Coming = f.Findings
		v.FollowUps = f.FollowUps
	}
	v.Until = until.Format(time.DateOnly)
	byCenter := map[string][]needItem{}
	add := func(center string, it needItem) { byCenter[center] = append(byCenter[center], it) }
	ruled := func(kind string, d diag.Diagnostic, words diag.Text, start string) needItem {
		it := needItem{Kind: kind, Words: words, Rule: d.Rule, Start: start}
		if r := rules.ByID(d.Rule); r != nil {
			it.Summary = r.Summary
		}
		return it
	}
	for _, d := range g.res.Diags {
		switch {
		case d.Severity == diag.Error:
			add(d.Center, ruled("open", d, forecast.Words(d), ""))
		case d.Severity == diag.Warning && d.Rule == "evaluation-due":
			add(d.Center, ruled("evaluation", d, forecast.Words(d), ""))
		}
	}
	if f != nil {
		for _, x := range f.Findings {
			switch {
			case x.Severity == diag.Error:
				add(x.Center, ruled("forecast", x.Diagnostic, x.Words, x.Start.Format(time.DateOnly)))
			case x.Rule == "evaluation-due":
				add(x.Center, ruled("evaluation", x.Diagnostic, x.Words, x.Start.Format(time.DateOnly)))
			}
		}
	}
	for _, s := range g.standings {
		c := s.Center
		if c.Status.V == "proposed" {
			add(c.ID.V, needItem{Kind: "proposed", Words: diag.M("site.needs.proposed-center", c.ID.V)})
		}
		if c.Status.V == "closed" {
			continue
		}
		// An internal organisation whose approving decision is not yet in
		// force: a proposed center's (a missing decision is information
		// there) or one that names a decision dated after the as-of day. A
		// missing decision of an active center is an open error already.
		if org := c.Organisation; c.Has("organisation") {
			d := g.repo.Decision(org.Decision.V)
			pending := (!org.Decision.Set() && c.Status.V == "proposed") || (d != nil && d.Date.Valid() && d.Date.After(g.asOf))
			if pending {
				add(c.ID.V, needItem{Kind: "organisation", Rule: "internal-organisation", Summary: ruleSummary("internal-organisation"),
					Words: diag.M("site.needs.organisation-pending", c.ID.V)})
			}
		}
		for _, st := range c.Strategies {
			if st.Period.End.Valid() && st.Period.End.Before(g.asOf) {
				continue
			}
			if d := g.repo.Decision(st.ApprovedBy.V); d != nil && d.Date.Valid() && !d.Date.After(g.asOf) {
				continue
			}
			add(c.ID.V, needItem{Kind: "strategy", Rule: "strategy-current", Summary: ruleSummary("strategy-current"),
				Words: diag.M("site.needs.strategy-awaits", c.ID.V, st.Doc.PathID)})
		}
	}
	// Action plans carry no approval of their own (the mandate's O4 leaves
	// them to the centers, within an approved strategy); a plan for a year
	// that has not begun is the center's proposal, which the committee
	// takes up before the year starts.
	for _, s := range g.standings {
		c := s.Center
		if c.Status.V == "closed" {
			continue
		}
		for _, p := range c.ActionPlans {
			if !p.Year.OK || p.Year.V <= g.asOf.Year() {
				continue
			}
			add(c.ID.V, needItem{Kind: "plan", Rule: "action-plan-current", Summary: ruleSummary("action-plan-current"),
				Words: diag.M("site.needs.plan-coming", c.ID.V, p.Year.V)})
		}
	}
	for _, d := range g.repo.Decisions {
		for _, w := range d.Waivers {
			if !w.Until.Valid() || w.Until.Before(g.asOf) || w.Until.After(until) {
				continue
			}
			add(w.Center.V, needItem{Kind: "waiver", Rule: w.Rule.V, Summary: ruleSummary(w.Rule.V),
				Words: diag.M("site.needs.waiver-ends", w.Center.V, w.Rule.V, d.ID.V, diag.Day(w.Until.Time))})
		}
	}
	for _, u := range v.FollowUps {
		add("", needItem{Kind: "follow-up", Words: u.Words})
	}
	// Centers in the dashboard's order, then any center id the data names
	// but the repository lacks, then the committee's own items.
	var ids []string
	for _, s := range g.standings {
		ids = append(ids, s.Center.ID.V)
	}
	var rest []string
	for id := range byCenter {
		if id != "" && !slices.Contains(ids, id) {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	for _, id := range append(append(ids, rest...), "") {
		items := byCenter[id]
		if len(items) == 0 {
			continue
		}
		slices.SortStableFunc(items, func(a, b needItem) int {
			return cmp.Or(cmp.Compare(slices.Index(needKinds, a.Kind), slices.Index(needKinds, b.Kind)), cmp.Compare(a.Start, b.Start))
		})
		grp := needGroup{ID: id, Center: g.repo.CenterByID[id], Items: items}
		if grp.Center == nil && slices.Contains(g.repo.Unreadable, id) {
			grp.Page = "centers/" + pathSafe(id) + ".html"
		}
		v.Groups = append(v.Groups, grp)
		v.Count += len(items)
	}
	return v
}

// ruleSummary is a rule's summary, or nothing for an unknown id.
func ruleSummary(id string) diag.Text {
	if r := rules.ByID(id); r != nil {
		return r.Summary
	}
	return diag.Text{}
}
