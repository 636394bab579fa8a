package sitebuild

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/rules"
)

// pages lists every HTML page of one language.
func (g *generator) pages(l diag.Lang) []*page {
	tr := g.tr[l]
	pre := g.prefix(l)
	var out []*page
	// last names the files (or, for aggregate pages, the center) whose
	// last change the page shows.
	add := func(kind, path, title string, data any, center string, files ...string) {
		p := &page{g: g, tr: tr, Lang: l, prefix: pre, Path: path, Kind: kind, Title: title, Data: data,
			Last: g.lastFor(kind, center, files...)}
		if d, ok := data.(*docView); ok && d.Center != nil {
			d.CenterHref, d.CenterName = p.CenterURL(d.Center), nameOf(d.Center)
		}
		out = append(out, p)
	}
	add("dashboard", "index.html", tr.T("dashboard.title"), g.dashboard(l), "")
	for _, s := range g.standings {
		c := s.Center
		id := centerID(c)
		add("center", "centers/"+id+".html", nameOf(c), g.centerView(s, l), id)
		for _, st := range c.Strategies {
			add("document", docPath(st.Doc), tr.T("strategy.title")+" "+st.Doc.PathID+" – "+nameOf(c),
				&docView{Center: c, Strategy: st, Body: g.html[st.Doc], Source: st.Doc.Path}, id, st.Doc.Path)
		}
		for _, r := range c.Reports {
			add("document", docPath(r.Doc), tr.T("report.title")+" "+r.Doc.PathID+" – "+nameOf(c),
				&docView{Center: c, Report: r, Body: g.html[r.Doc], Source: r.Doc.Path}, id, r.Doc.Path)
		}
		for _, a := range c.Advice {
			add("document", docPath(a.Doc), a.Title.V+" – "+nameOf(c),
				&docView{Center: c, Advice: a, Body: g.html[a.Doc], Source: a.Doc.Path}, id, a.Doc.Path)
		}
		for _, e := range c.Evaluations {
			add("document", docPath(e.Doc), tr.T("evaluation.title")+" "+e.Doc.PathID+" – "+nameOf(c),
				&docView{Center: c, Evaluation: e, Body: g.html[e.Doc], Source: e.Doc.Path}, id, e.Doc.Path)
		}
	}
	for _, u := range g.unreadableCards() {
		add("unreadable", u.Path, fmt.Sprintf(tr.T("unreadable.title"), u.ID), u, "", u.File)
	}
	add("committee", "committee.html", tr.T("committee.title"), g.committeeView(), "")
	for _, d := range g.repo.Decisions {
		add("document", docPath(d.Doc), d.Doc.PathID+" "+d.Title.V, &docView{Decision: d, Body: g.html[d.Doc], Source: d.Doc.Path}, "", d.Doc.Path)
	}
	for _, m := range g.repo.Meetings {
		add("document", docPath(m.Doc), m.Title.V+" "+m.Doc.PathID, &docView{Meeting: m, Body: g.html[m.Doc], Source: m.Doc.Path}, "", m.Doc.Path)
	}
	g.peoplePages(l, func(kind, path, title string, data any) { add(kind, path, title, data, "") })
	add("matrix", "matrix.html", tr.T("matrix.title"), g.matrixView(), "")
	for _, m := range g.repo.Mandates {
		title := m.Title.V
		if title == "" {
			title = tr.T("mandate.title")
		}
		files := []string{m.Doc.Path}
		if m.Text != nil {
			files = append(files, m.Text.Path)
		}
		add("mandate", docPath(m.Doc), title, g.mandateView(m), "", files...)
	}
	add("validation", "validation.html", tr.T("validation.title"), g.validationView(), "")
	add("rules", "rules.html", tr.T("rules.title"), g.rulesView(), "")
	add("report", "report.html", tr.T("report.page-title"), g.committeeReport(l), "")
	add("agenda", "agenda.html", tr.T("agenda.page-title"), g.agenda(g.meeting), "")
	return out
}

// nameOf is a center's display name: its name, else its id.
func nameOf(c *model.Center) string {
	if c.Name.V != "" {
		return c.Name.V
	}
	return centerID(c)
}

// dashboardView is the front page.
type dashboardView struct {
	Cards []*Standing
	// Unreadable are the centers whose center.yaml cannot be read: each
	// still has its card, saying so with the finding.
	Unreadable []unreadableCard
	Summary    diag.Summary
	Timeline   template.HTML
	Actions    template.HTML
	Effort     template.HTML
	Terms      []termRow
	Counts     []actionCount
	Shares     []effortRow
	// Since links to the report's "what changed since" (nil without it).
	Since *sinceView
	// Needs is what needs a decision.
	Needs *needsView
}

// unreadableCard is a center whose center.yaml cannot be read: its folder,
// its file, and the findings at that file.
type unreadableCard struct {
	// Path is the center's page, relative to the site's root.
	ID, File, Path string
	Diags          []diag.Diagnostic
	// Files are the other files in the center's folder, which the site
	// shows again once the center file can be read.
	Files []string
}

// unreadableCards lists the centers the model knows only as unreadable.
func (g *generator) unreadableCards() []unreadableCard {
	var out []unreadableCard
	for _, id := range g.repo.Unreadable {
		c := unreadableCard{ID: id, File: "centers/" + id + "/center.yaml", Path: "centers/" + pathSafe(id) + ".html"}
		for _, d := range g.res.Diags {
			if d.Pos.File == c.File && d.Severity == diag.Error {
				c.Diags = append(c.Diags, d)
			}
		}
		for p := range g.repo.Sources {
			if rest, ok := strings.CutPrefix(p, "centers/"+id+"/"); ok && rest != "center.yaml" {
				c.Files = append(c.Files, p)
			}
		}
		slices.Sort(c.Files)
		out = append(out, c)
	}
	return out
}

func (g *generator) dashboard(l diag.Lang) *dashboardView {
	tr := g.tr[l]
	v := &dashboardView{Cards: g.standings, Summary: diag.Summarize(g.res.Files, g.res.Diags), Unreadable: g.unreadableCards()}
	v.Terms = g.termRows()
	v.Counts = g.actionCounts()
	v.Shares = g.effortRows()
	v.Timeline = timelineSVG(tr, g.standings, v.Terms, g.asOf)
	v.Actions = actionsSVG(tr, v.Counts)
	v.Effort = effortSVG(tr, v.Shares)
	v.Since = g.sinceView()
	v.Needs = g.needs()
	return v
}

// termRow is one term of one center, for the timeline and its table.
type termRow struct {
	Center    *model.Center
	No        int
	Term      *model.Term
	Evaluated *model.Evaluation
	Current   bool
}

func (g *generator) termRows() []termRow {
	var out []termRow
	for _, s := range g.standings {
		out = appendTermRows(out, s)
	}
	return out
}

// appendTermRows appends the rows of s's center's terms. A center page asks
// for its own alone: building every center's on each of them made the site
// cost the square of the number of centers.
func appendTermRows(out []termRow, s *Standing) []termRow {
	for i := range s.Center.Terms {
		t := &s.Center.Terms[i]
		out = append(out, termRow{Center: s.Center, No: i + 1, Term: t,
			Evaluated: s.Center.EvaluationOfTerm(i + 1), Current: s.Term == t})
	}
	return out
}

// actionCount is the number of actions per status in a center's current
// action plan.
type actionCount struct {
	Center *model.Center
	Year   string
	Counts []int // by actionStatuses
	Total  int
}

func (g *generator) actionCounts() []actionCount {
	var out []actionCount
	for _, s := range g.standings {
		p := currentPlan(s.Center, g.asOf)
		if p == nil {
			continue
		}
		ac := actionCount{Center: s.Center, Year: p.Doc.PathID, Counts: make([]int, len(actionStatuses))}
		for _, a := range p.Actions {
			if i := slices.Index(actionStatuses, a.Status.V); i >= 0 {
				ac.Counts[i]++
				ac.Total++
			}
		}
		out = append(out, ac)
	}
	return out
}

// effortRow is the effort allocation of a center's latest status report.
type effortRow struct {
	Center *model.Center
	Report *model.Report
	Shares []shareRow
	Unit   string
	Total  float64
}

// shareRow is one disease group's share, with the group's name resolved.
type shareRow struct {
	Group     string
	Name      string
	Share     float64
	Raw       string
	Rationale string
}

func (g *generator) effortRows() []effortRow {
	var out []effortRow
	for _, s := range g.standings {
		r := s.LastReport
		if r == nil || len(r.Effort.Allocation) == 0 {
			continue
		}
		row := effortRow{Center: s.Center, Report: r, Unit: r.Effort.Unit.V}
		for _, sh := range r.Effort.Allocation {
			name := sh.Group.V
			if dg := s.Center.DiseaseGroup(sh.Group.V); dg != nil && dg.Name.V != "" {
				name = dg.Name.V
			}
			raw := sh.Share.Raw
			if raw == "" {
				raw = formatNumber(sh.Share.V)
			}
			row.Shares = append(row.Shares, shareRow{Group: sh.Group.V, Name: name, Share: sh.Share.V, Raw: raw, Rationale: sh.Rationale.V})
			if sh.Share.V > 0 {
				row.Total += sh.Share.V
			}
		}
		out = append(out, row)
	}
	return out
}

// centerView is one center's page.
type centerView struct {
	S           *Standing
	C           *model.Center
	ID          string
	Plans       []*model.ActionPlan
	CurrentPlan *model.ActionPlan
	// PairedWith are the treatment centers that link this technology center.
	PairedWith []*model.Center
	Overdue    map[string]int
	Timeline   template.HTML
	Terms      []termRow
	// Recent are the latest changes of the center's folder, newest first.
	Recent []*changeView
}

func (g *generator) centerView(s *Standing, l diag.Lang) *centerView {
	c := s.Center
	v := &centerView{S: s, C: c, ID: centerID(c), CurrentPlan: currentPlan(c, g.asOf), Overdue: map[string]int{}}
	if g.last != nil {
		v.Recent = g.last.recent[v.ID]
	}
	v.Plans = slices.Clone(c.ActionPlans)
	slices.SortStableFunc(v.Plans, func(a, b *model.ActionPlan) int { return cmp.Compare(b.Doc.PathID, a.Doc.PathID) })
	for _, o := range s.Overdue {
		v.Overdue[o.Action.ID.V] = o.Days
	}
	for _, other := range g.repo.Centers {
		for _, ta := range other.TechnologyAreas {
			if ta.Center.V == c.ID.V && other != c {
				v.PairedWith = append(v.PairedWith, other)
				break
			}
		}
	}
	v.Terms = appendTermRows(nil, s)
	if len(v.Terms) > 0 {
		v.Timeline = timelineSVG(g.tr[l], []*Standing{s}, v.Terms, g.asOf)
	}
	return v
}

// docView is a page rendering one Markdown document with its front matter.
type docView struct {
	Center     *model.Center
	Strategy   *model.Strategy
	Report     *model.Report
	Advice     *model.Advice
	Evaluation *model.Evaluation
	Decision   *model.Decision
	Meeting    *model.Meeting
	Body       template.HTML
	Source     string
	// CenterHref and CenterName link to the center (when there is one):
	// fields, because a template reads a field for a fraction of what a
	// method call costs it, and most of the site's pages are documents.
	CenterHref string
	CenterName string
}

// committeeView is the committee page.
type committeeView struct {
	Committee *model.Committee
	Meetings  []*model.Meeting
	Decisions []*model.Decision
}

func (g *generator) committeeView() *committeeView {
	v := &committeeView{Committee: g.repo.Committee}
	v.Meetings = slices.Clone(g.repo.Meetings)
	slices.SortStableFunc(v.Meetings, func(a, b *model.Meeting) int { return cmp.Compare(b.Doc.PathID, a.Doc.PathID) })
	v.Decisions = slices.Clone(g.repo.Decisions)
	slices.SortStableFunc(v.Decisions, func(a, b *model.Decision) int {
		return cmp.Or(cmp.Compare(b.Date.String(), a.Date.String()), cmp.Compare(b.Doc.PathID, a.Doc.PathID))
	})
	return v
}

// matrixView is treatment centers × technology areas.
type matrixView struct {
	Rows []*model.Center // treatment centers
	Cols []*model.Center // technology centers
	// Cells[i][j] is the aligning decision id ("" when unpaired; "-" when
	// paired without a decision).
	Cells [][]string
}

func (g *generator) matrixView() *matrixView {
	v := &matrixView{}
	for _, c := range g.repo.Centers {
		switch c.Kind.V {
		case "treatment":
			v.Rows = append(v.Rows, c)
		case "technology":
			v.Cols = append(v.Cols, c)
		}
	}
	for _, r := range v.Rows {
		row := make([]string, len(v.Cols))
		for _, ta := range r.TechnologyAreas {
			for j, col := range v.Cols {
				if ta.Center.V == col.ID.V {
					row[j] = cmp.Or(ta.Decision.V, "-")
				}
			}
		}
		v.Cells = append(v.Cells, row)
	}
	return v
}

// mandateView is a mandate with its text and, for each clause, the rules
// enforcing it.
type mandateView struct {
	Mandate *model.Mandate
	Text    template.HTML
	Clauses []clauseRow
}

// clauseRow is one clause of the mandate with its rules.
type clauseRow struct {
	Clause rules.Clause
	Rules  []*rules.Rule
	// Open counts the open diagnostics of those rules.
	Open int
}

func (g *generator) mandateView(m *model.Mandate) *mandateView {
	v := &mandateView{Mandate: m}
	if m.Text != nil {
		v.Text = g.html[m.Text]
	}
	for _, c := range rules.Clauses {
		row := clauseRow{Clause: c, Rules: rules.RulesForClause(c.ID)}
		for _, d := range g.res.Diags {
			if d.Severity >= diag.Warning && slices.Contains(rules.ClauseIDs(d.Clause), c.ID) {
				row.Open++
			}
		}
		v.Clauses = append(v.Clauses, row)
	}
	return v
}

// validationView is every diagnostic: first for the committee, by center
// and by mandate clause in plain words, then for the editors by rule with
// file:line and hints.
type validationView struct {
	Summary  diag.Summary
	ByCenter []centerFindings
	ByClause []clauseFindings
	Groups   []diagGroup
}

// centerFindings are one center's findings: Center is nil for a center
// the repository knows only by id (Page set when its file cannot be read)
// and for the findings of no center (ID "").
type centerFindings struct {
	ID     string
	Center *model.Center
	Page   string
	Items  []plainFinding
}

// clauseFindings are the findings of the rules enforcing one clause (or a
// range of clauses, as a rule cites it); Clause is "" for the rules of the
// files themselves, which enforce no clause.
type clauseFindings struct {
	Clause, First string
	Title         diag.Text
	Items         []plainFinding
}

// plainFinding is a finding with its rule's plain title.
type plainFinding struct {
	D     diag.Diagnostic
	Title diag.Text
}

// committeeGroups groups the findings by center, in the dashboard's order
// (then the unreadable centers, other ids and the findings of no center),
// and by clause, in the mandate's order (then the files' own rules).
func (g *generator) committeeGroups(v *validationView) {
	byCenter := map[string][]plainFinding{}
	byClause := map[string][]plainFinding{}
	for _, d := range g.res.Diags {
		f := plainFinding{D: d, Title: ruleSummary(d.Rule)}
		byCenter[d.Center] = append(byCenter[d.Center], f)
		byClause[d.Clause] = append(byClause[d.Clause], f)
	}
	var ids []string
	for _, s := range g.standings {
		ids = append(ids, s.Center.ID.V)
	}
	ids = append(ids, g.repo.Unreadable...)
	var rest []string
	for id := range byCenter {
		if id != "" && !slices.Contains(ids, id) {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	for _, id := range append(append(ids, rest...), "") {
		if len(byCenter[id]) == 0 {
			continue
		}
		grp := centerFindings{ID: id, Center: g.repo.CenterByID[id], Items: byCenter[id]}
		if grp.Center == nil && slices.Contains(g.repo.Unreadable, id) {
			grp.Page = "centers/" + pathSafe(id) + ".html"
		}
		v.ByCenter = append(v.ByCenter, grp)
	}
	order := func(clause string) int {
		if clause == "" {
			return len(rules.Clauses)
		}
		for _, id := range rules.ClauseIDs(clause) {
			for i, c := range rules.Clauses {
				if c.ID == id {
					return i
				}
			}
		}
		return len(rules.Clauses)
	}
	for clause, items := range byClause {
		grp := clauseFindings{Clause: clause, Items: items}
		var titles []diag.Text
		for _, id := range rules.ClauseIDs(clause) {
			for _, c := range rules.Clauses {
				if c.ID == id {
					titles = append(titles, c.Title)
					grp.First = cmp.Or(grp.First, c.ID)
				}
			}
		}
		switch n := len(titles); {
		case n == 1:
			grp.Title = titles[0]
		case n == 2:
			grp.Title = diag.Text{NB: titles[0].NB + ", " + titles[1].NB, EN: titles[0].EN + ", " + titles[1].EN}
		case n > 2:
			grp.Title = diag.Text{NB: titles[0].NB + " – " + titles[n-1].NB, EN: titles[0].EN + " – " + titles[n-1].EN}
		}
		v.ByClause = append(v.ByClause, grp)
	}
	slices.SortFunc(v.ByClause, func(a, b clauseFindings) int {
		return cmp.Or(cmp.Compare(order(a.Clause), order(b.Clause)), cmp.Compare(a.Clause, b.Clause))
	})
}

// diagGroup is the diagnostics of one rule.
type diagGroup struct {
	Rule  string
	R     *rules.Rule
	Diags []diag.Diagnostic
}

func (g *generator) validationView() *validationView {
	v := &validationView{Summary: diag.Summarize(g.res.Files, g.res.Diags)}
	byRule := map[string]*diagGroup{}
	for _, d := range g.res.Diags {
		grp := byRule[d.Rule]
		if grp == nil {
			grp = &diagGroup{Rule: d.Rule, R: rules.ByID(d.Rule)}
			byRule[d.Rule] = grp
		}
		grp.Diags = append(grp.Diags, d)
	}
	ids := rules.IDs()
	for _, grp := range byRule {
		v.Groups = append(v.Groups, *grp)
	}
	slices.SortFunc(v.Groups, func(a, b diagGroup) int {
		ia, ib := slices.Index(ids, a.Rule), slices.Index(ids, b.Rule)
		if ia < 0 {
			ia = len(ids)
		}
		if ib < 0 {
			ib = len(ids)
		}
		return cmp.Or(cmp.Compare(ia, ib), cmp.Compare(a.Rule, b.Rule))
	})
	g.committeeGroups(v)
	return v
}

// rulesView is the rule catalogue with each rule's open count.
type rulesView struct {
	Rules []ruleRow
}

// ruleRow is one rule of the catalogue.
type ruleRow struct {
	R       *rules.Rule
	Clauses []string
	Open    int
}

func (g *generator) rulesView() *rulesView {
	v := &rulesView{}
	for _, r := range rules.All {
		row := ruleRow{R: r, Clauses: rules.ClauseIDs(r.Clause)}
		for _, d := range g.res.Diags {
			if d.Rule == r.ID && d.Severity >= diag.Warning {
				row.Open++
			}
		}
		v.Rules = append(v.Rules, row)
	}
	return v
}
