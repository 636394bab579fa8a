package sitebuild

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/internal/validate"
)

// waiverHorizon is how far ahead the report looks for waivers that expire:
// a waiver running out within it needs the committee's attention now.
const waiverHorizon = 90

// reportView is the committee report: what the committee must know and
// decide before its next meeting.
type reportView struct {
	AsOf       string
	Summary    diag.Summary
	NoticeDays int
	// Needs is what needs a decision, with the forecast.
	Needs *needsView
	// Details of the decisions needed.
	Evaluations []evalDue
	Waivers     []waiverDue
	Missing     []diag.Diagnostic
	// Overdue actions of every center, the most overdue first.
	Overdue []Overdue
	Effort  []effortRow
	Centers []centerState
	// Printed are the centers in the order the page shows them.
	Printed []centerState
	// Unreadable are the centers whose center.yaml cannot be read.
	Unreadable []unreadableCard
	// Charts with their tables (only in the site's page).
	Timeline, Effortchart template.HTML
	// Since is what changed since the earlier state (always set: without
	// history it says why there is nothing to show).
	Since *sinceView
	// Last is the latest change of any file (nil without history).
	Last *changeView
}

// sinceView is "what changed since …", grouped by center.
type sinceView struct {
	What        diag.Text
	Commit      string
	Date        string
	Unavailable diag.Text
	Groups      []sinceGroup
	Count       int
}

// sinceGroup is the changes of one center, or (Center "") of the
// committee and the shared data.
type sinceGroup struct {
	Center string
	Items  []diag.Text
}

// unavailableSince is said when a build was given no history at all.
var unavailableSince = diag.M("site.since.unavailable")

// sinceView prepares the build's "what changed since" for the pages.
func (g *generator) sinceView() *sinceView {
	if g.history == nil || g.history.Since == nil {
		return &sinceView{What: diag.M("site.since.previous-meeting"), Unavailable: unavailableSince}
	}
	s := g.history.Since
	v := &sinceView{What: s.What, Commit: short(s.Commit), Unavailable: s.Unavailable, Count: len(s.Changes)}
	if !s.Date.IsZero() {
		v.Date = s.Date.Format(time.DateOnly)
	}
	// Diff orders by center, committee-wide changes ("") first.
	for _, c := range s.Changes {
		if n := len(v.Groups); n == 0 || v.Groups[n-1].Center != c.Center {
			v.Groups = append(v.Groups, sinceGroup{Center: c.Center})
		}
		grp := &v.Groups[len(v.Groups)-1]
		grp.Items = append(grp.Items, c.Text)
	}
	return v
}

// evalDue is a term whose evaluation is due or overdue.
type evalDue struct {
	Center *model.Center
	TermNo int
	End    model.Date
	// Days until the term ends; negative once it has ended.
	Days int
}

// waiverDue is a waiver that expires within waiverHorizon days.
type waiverDue struct {
	Decision *model.Decision
	Waiver   *model.Waiver
	Days     int
}

// centerState is one center measured against its mandate.
type centerState struct {
	S *Standing
	// Governed is false for centers no mandate governs (such as technology
	// centers); they have no rule checks.
	Governed bool
	Checks   []ruleCheck
	// Open are the checks with findings, Met those without, in the
	// order of Checks.
	Open, Met []ruleCheck
}

// ruleCheck is one mandate rule's verdict on a center.
type ruleCheck struct {
	Rule                     *rules.Rule
	Errors, Warnings, Waived int
	// First is the first open finding's message, to say what is wrong.
	First *diag.Diagnostic
}

// Verdict is "error", "warning", "waived" or "ok".
func (r ruleCheck) Verdict() string {
	switch {
	case r.Errors > 0:
		return "error"
	case r.Warnings > 0:
		return "warning"
	case r.Waived > 0:
		return "waived"
	}
	return "ok"
}

func (g *generator) committeeReport(l diag.Lang) *reportView {
	v := &reportView{AsOf: g.asOfText, Summary: diag.Summarize(g.res.Files, g.res.Diags), NoticeDays: 180, Since: g.sinceView(), Needs: g.needs(), Unreadable: g.unreadableCards()}
	if g.last != nil {
		v.Last = g.last.all
	}
	if gov := g.repo.Governance; gov != nil && gov.EvaluationNoticeDays.OK {
		v.NoticeDays = gov.EvaluationNoticeDays.V
	}
	for _, s := range g.standings {
		c := s.Center
		if c.Status.V == "closed" {
			continue
		}
		for i := range c.Terms {
			t := &c.Terms[i]
			if !t.End.Valid() || c.EvaluationOfTerm(i+1) != nil {
				continue
			}
			if d := days(g.asOf, t.End.Time); d <= v.NoticeDays && (t.Start.Valid() && !t.Start.After(g.asOf)) {
				v.Evaluations = append(v.Evaluations, evalDue{Center: c, TermNo: i + 1, End: t.End, Days: d})
			}
		}
	}
	slices.SortStableFunc(v.Evaluations, func(a, b evalDue) int { return cmp.Compare(a.Days, b.Days) })
	for _, d := range g.repo.Decisions {
		for i := range d.Waivers {
			w := &d.Waivers[i]
			if !w.Until.Valid() {
				continue
			}
			if n := days(g.asOf, w.Until.Time); n >= 0 && n <= waiverHorizon {
				v.Waivers = append(v.Waivers, waiverDue{Decision: d, Waiver: w, Days: n})
			}
		}
	}
	slices.SortStableFunc(v.Waivers, func(a, b waiverDue) int {
		return cmp.Or(cmp.Compare(a.Days, b.Days), cmp.Compare(a.Decision.ID.V, b.Decision.ID.V))
	})
	for _, d := range g.res.Diags {
		if d.Rule == "status-report" && d.Severity == diag.Error {
			v.Missing = append(v.Missing, d)
		}
	}
	for _, s := range g.standings {
		if s.Center.Status.V != "closed" {
			v.Overdue = append(v.Overdue, s.Overdue...)
		}
	}
	slices.SortStableFunc(v.Overdue, func(a, b Overdue) int {
		return cmp.Or(cmp.Compare(b.Days, a.Days), cmp.Compare(centerID(a.Center), centerID(b.Center)), cmp.Compare(a.Action.ID.V, b.Action.ID.V))
	})
	v.Effort = g.effortRows()
	v.Effortchart = effortSVG(g.tr[l], v.Effort)
	v.Timeline = timelineSVG(g.tr[l], g.standings, g.termRows(), g.asOf)
	for _, s := range g.standings {
		st := centerState{S: s}
		if _, ok := rules.Governed(s.Center); ok {
			st.Governed = true
			// The mandate's per-center rules, then any other rule with a
			// finding about the center (a broken reference, a schema error).
			var list []*rules.Rule
			for _, r := range rules.All {
				if r.Scope == rules.PerCenter {
					list = append(list, r)
				}
			}
			for _, d := range s.Diags {
				if !slices.ContainsFunc(list, func(r *rules.Rule) bool { return r.ID == d.Rule }) {
					r := rules.ByID(d.Rule)
					if r == nil {
						r = &rules.Rule{ID: d.Rule, Clause: d.Clause}
					}
					list = append(list, r)
				}
			}
			for _, r := range list {
				rc := ruleCheck{Rule: r}
				for i := range s.Diags {
					d := &s.Diags[i]
					if d.Rule != r.ID {
						continue
					}
					switch d.Severity {
					case diag.Error:
						rc.Errors++
					case diag.Warning:
						rc.Warnings++
					case diag.Waived:
						rc.Waived++
					}
					if rc.First == nil && d.Severity >= diag.Warning {
						rc.First = d
					}
				}
				st.Checks = append(st.Checks, rc)
				if rc.Verdict() == "ok" {
					st.Met = append(st.Met, rc)
				} else {
					st.Open = append(st.Open, rc)
				}
			}
		}
		v.Centers = append(v.Centers, st)
	}
	// On the site's page (Printed) the centers no mandate governs come
	// first: they have a few lines each and share the summary's last page, so that in print every
	// governed center starts a page of its own and no page is left to the
	// few lines that would follow the last one.
	v.Printed = slices.Clone(v.Centers)
	slices.SortStableFunc(v.Printed, func(a, b centerState) int {
		switch {
		case a.Governed == b.Governed:
			return 0
		case !a.Governed:
			return -1
		}
		return 1
	})
	return v
}

// reportGenerator prepares a generator for the report alone: no Markdown
// bodies are rendered.
func reportGenerator(res *validate.Result, opt Options) (*generator, diag.Lang, error) {
	g, err := newGenerator(res, opt)
	if err != nil {
		return nil, "", err
	}
	return g, g.langs[0], nil
}

// ReportHTML renders the committee report as one standalone HTML page in
// the first of opt.Langs: the stylesheet is inlined (and allowed by its
// hash in the page's Content-Security-Policy), so the file can be mailed or
// printed on its own.
func ReportHTML(res *validate.Result, opt Options) ([]byte, error) {
	g, l, err := reportGenerator(res, opt)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(g.css)
	p := &page{g: g, tr: g.tr[l], Lang: l, Path: "report.html", Kind: "report", Last: g.lastFor("report", ""),
		Title: g.tr[l].T("report.page-title"), Data: g.committeeReport(l), Standalone: true,
		InlineCSS: template.CSS(g.css),
		CSP:       strings.Replace(csp, "style-src 'self'", "style-src 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'", 1)}
	var buf bytes.Buffer
	if err := g.renderPage(&buf, p); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ReportMarkdown renders the committee report as Markdown in the first of
// opt.Langs, for a pull request, an e-mail or the minutes.
func ReportMarkdown(res *validate.Result, opt Options) ([]byte, error) {
	g, l, err := reportGenerator(res, opt)
	if err != nil {
		return nil, err
	}
	tr := g.tr[l]
	v := g.committeeReport(l)
	var b strings.Builder
	T := tr.T
	f := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	name := func(c *model.Center) string { return mdText(nameOf(c)) }
	person := func(id string) string {
		if p := g.repo.PersonByID[id]; p != nil && p.Name.V != "" {
			return mdText(p.Name.V)
		}
		return mdText(id)
	}

	f("# %s\n\n", mdText(T("report.page-title")+" – "+g.site.Title))
	f("%s: %s  \n", T("report.as-of"), v.AsOf)
	if c := v.Last; c != nil {
		f("%s: %s  \n", T("history.last-changed"), mdChange(tr, c))
	}
	f("%s: %d · %s: %d · %s: %d\n\n", T("summary.errors"), v.Summary.Errors, T("summary.warnings"), v.Summary.Warnings, T("summary.waived"), v.Summary.Waived)

	s := v.Since
	f("## %s\n\n", mdText(fmt.Sprintf(T("since.title"), s.What.In(l))))
	switch {
	case s.Unavailable != (diag.Text{}):
		f("%s\n\n", mdText(s.Unavailable.In(l)))
	default:
		if s.Commit != "" {
			f("%s\n\n", mdText(fmt.Sprintf(T("since.compared"), s.Commit, s.Date)))
		}
		if len(s.Groups) == 0 {
			f("%s\n\n", T("since.none"))
		}
		for _, grp := range s.Groups {
			heading := T("since.committee")
			if grp.Center != "" {
				heading = g.centerName(grp.Center)
			}
			f("### %s\n\n", mdText(heading))
			for _, t := range grp.Items {
				f("- %s\n", mdText(t.In(l)))
			}
			b.WriteString("\n")
		}
	}

	f("## %s\n\n", T("report.decisions"))
	n := v.Needs
	if n.Computed {
		f("%s", mdText(fmt.Sprintf(T("needs.horizon"), n.Until, n.Days)))
		if n.Meeting != "" {
			f(" (%s %s)", T("needs.to-meeting"), n.Meeting)
		}
		f("\n\n")
	} else {
		f("%s\n\n", T("needs.not-computed"))
	}
	if len(n.Groups) == 0 {
		f("%s\n\n", T("report.none"))
	}
	for _, grp := range n.Groups {
		f("### %s\n\n", mdText(needHeading(tr, grp)))
		for _, it := range grp.Items {
			f("- **%s**: %s", mdText(tr.label("need", it.Kind)), mdText(it.Words.In(l)))
			if it.Rule != "" {
				f(" (%s", mdText(it.Rule))
				if s := it.Summary.In(l); s != "" {
					f(": %s", mdText(s))
				}
				f(")")
			}
			f("\n")
		}
		b.WriteString("\n")
	}
	if n.Computed {
		f("## %s\n\n", T("needs.coming"))
		f("%s\n\n", mdText(T("needs.coming-lead")))
		if len(n.Coming) == 0 {
			f("%s\n\n", T("needs.none-coming"))
		} else {
			f("| %s | %s | %s | %s |\n|---|---|---|---|\n", T("needs.from"), T("report.center"), T("needs.what"), T("needs.rule"))
			for _, x := range n.Coming {
				f("| %s | %s | %s: %s | %s |\n", x.Start.Format(time.DateOnly), mdText(cmp.Or(x.Center, "–")), mdText(tr.label("severity", x.Severity.String())), mdText(x.Words.In(l)), mdText(titled(x.Rule, l)))
			}
			b.WriteString("\n")
		}
		f("### %s\n\n", T("needs.follow-ups"))
		if len(n.FollowUps) == 0 {
			f("%s\n\n", T("report.none"))
		}
		for _, u := range n.FollowUps {
			f("- %s\n", mdText(u.Words.In(l)))
		}
		if len(n.FollowUps) > 0 {
			b.WriteString("\n")
		}
	}
	f("## %s\n\n", T("report.decisions-detail"))
	f("### %s\n\n", T("report.evaluations-due"))
	if len(v.Evaluations) == 0 {
		f("%s\n\n", T("report.none"))
	} else {
		f("| %s | %s | %s | %s |\n|---|---|---|---|\n", T("report.center"), T("report.term"), T("report.term-ends"), T("report.days-left"))
		for _, e := range v.Evaluations {
			f("| %s | %d | %s | %d |\n", name(e.Center), e.TermNo, e.End.String(), e.Days)
		}
		b.WriteString("\n")
	}
	f("### %s\n\n", fmt.Sprintf(T("report.waivers-expiring"), waiverHorizon))
	if len(v.Waivers) == 0 {
		f("%s\n\n", T("report.none"))
	} else {
		f("| %s | %s | %s | %s | %s |\n|---|---|---|---|---|\n", T("report.decision"), T("report.rule"), T("report.center"), T("report.until"), T("report.days-left"))
		for _, w := range v.Waivers {
			f("| %s | %s | %s | %s | %d |\n", mdText(w.Decision.ID.V), mdText(titled(w.Waiver.Rule.V, l)), mdText(w.Waiver.Center.V), w.Waiver.Until.String(), w.Days)
		}
		b.WriteString("\n")
	}
	f("### %s\n\n", T("report.missing-reports"))
	if len(v.Missing) == 0 {
		f("%s\n\n", T("report.none"))
	} else {
		for _, d := range v.Missing {
			f("- %s: %s\n", mdText(cmp.Or(d.Center, d.Pos.File)), mdText(d.Message.In(l)))
		}
		b.WriteString("\n")
	}

	f("## %s\n\n", T("report.overdue"))
	if len(v.Overdue) == 0 {
		f("%s\n\n", T("report.none"))
	} else {
		f("| %s | %s | %s | %s | %s | %s | %s |\n|---|---|---|---|---|---|---|\n", T("report.center"), T("action.id"), T("action.title"), T("action.owner"), T("action.due"), T("action.status"), T("report.days-overdue"))
		for _, o := range v.Overdue {
			f("| %s | %s | %s | %s | %s | %s | %d |\n", name(o.Center), mdText(o.Action.ID.V), mdText(o.Action.Title.V), person(o.Action.Owner.V), o.Action.Due.String(), mdText(tr.label("action-status", o.Action.Status.V)), o.Days)
		}
		b.WriteString("\n")
	}

	f("## %s\n\n", T("report.effort"))
	if len(v.Effort) == 0 {
		f("%s\n\n", T("report.none"))
	}
	for _, e := range v.Effort {
		f("### %s (%s %s)\n\n", name(e.Center), T("report.from-report"), mdText(e.Report.Doc.PathID))
		f("| %s | %s | %s |\n|---|---|---|\n", T("effort.group"), fmt.Sprintf(T("effort.share"), mdText(tr.label("effort-unit", e.Unit))), T("effort.rationale"))
		for _, s := range e.Shares {
			f("| %s | %s | %s |\n", mdText(s.Name), mdText(s.Raw), mdText(s.Rationale))
		}
		b.WriteString("\n")
	}

	f("## %s\n\n", T("report.centers"))
	for _, st := range v.Centers {
		s := st.S
		c := s.Center
		f("### %s\n\n", name(c))
		f("- %s: %s\n", T("center.status"), mdText(tr.label("status", c.Status.V)))
		f("- %s: %s\n", T("center.health"), mdText(tr.label("health", s.Health)))
		if c.Leader.V != "" {
			f("- %s: %s\n", T("center.leader"), person(c.Leader.V))
		}
		if s.Term != nil {
			f("- %s: %d (%s – %s)\n", T("center.term"), s.TermNo, s.Term.Start.String(), s.Term.End.String())
			ev := T("card.evaluation-missing")
			if s.Evaluated {
				ev = T("card.evaluation-done")
			}
			f("- %s: %s (%s)\n", T("card.evaluation"), s.Term.End.String(), ev)
		}
		if s.LastReport != nil {
			f("- %s: %s\n", T("card.last-report"), mdText(s.LastReport.Doc.PathID))
		} else {
			f("- %s: %s\n", T("card.last-report"), T("card.none"))
		}
		f("- %s: %d · %s: %d · %s: %d · %s: %d\n\n", T("card.missing-reports"), s.MissingReports, T("card.overdue"), len(s.Overdue), T("summary.errors"), s.Errors, T("summary.warnings"), s.Warnings)
		if !st.Governed {
			f("%s\n\n", T("report.not-governed"))
			continue
		}
		f("| %s | %s | %s | %s |\n|---|---|---|---|\n", T("report.rule"), T("report.clause"), T("report.verdict"), T("report.finding"))
		for _, rc := range st.Checks {
			finding := ""
			if rc.First != nil {
				finding = mdText(rc.First.Message.In(l))
			}
			f("| %s | %s | %s | %s |\n", mdText(titled(rc.Rule.ID, l)), mdText(rc.Rule.Clause), mdText(tr.label("verdict", rc.Verdict())), finding)
		}
		b.WriteString("\n")
	}
	for _, u := range v.Unreadable {
		f("### %s\n\n", mdText(u.ID))
		f("%s: %s %s:\n\n", mdText(tr.label("health", "error")), T("unreadable.intro"), mdText(u.File))
		for _, d := range u.Diags {
			line := ""
			if d.Pos.Line > 0 {
				line = fmt.Sprintf(" (%s %d)", T("card.line"), d.Pos.Line)
			}
			f("- %s%s\n", mdText(findingWords(d, l)), line)
		}
		b.WriteString("\n")
	}
	return []byte(b.String()), nil
}

// titled is a rule id with its plain title in l ("id – title"), or the id
// alone for a rule the catalogue does not know.
func titled(id string, l diag.Lang) string {
	if t := ruleSummary(id).In(l); t != "" {
		return id + " – " + t
	}
	return id
}

// findingWords is a finding in the committee's words (Brief) when the rule
// gave them, else its message.
func findingWords(d diag.Diagnostic, l diag.Lang) string {
	if d.Brief != (diag.Text{}) {
		return d.Brief.In(l)
	}
	return d.Message.In(l)
}

// needHeading is a group's heading: the center's name, its id when the
// repository lacks it, or the committee.
func needHeading(tr *translations, grp needGroup) string {
	switch {
	case grp.Center != nil:
		return nameOf(grp.Center)
	case grp.ID != "":
		return grp.ID
	}
	return tr.T("needs.committee")
}

// mdChange is a change as the Markdown report writes it.
func mdChange(tr *translations, c *changeView) string {
	if c.Truncated {
		return mdText(fmt.Sprintf(tr.T("history.cut"), c.Date))
	}
	return mdText(fmt.Sprintf(tr.T("history.change"), c.Date, c.Author, c.Subject, c.Hash))
}

// centerName is a center's name, or the id when unknown.
func (g *generator) centerName(id string) string {
	if c := g.repo.CenterByID[id]; c != nil && c.Name.V != "" {
		return c.Name.V
	}
	return id
}

// mdText escapes text for Markdown: characters that would start markup,
// table cell separators and HTML are escaped, and line breaks become
// spaces, so data can neither break a table nor inject HTML.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range strings.Join(strings.Fields(s), " ") {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '|', '#', '!', '~':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
