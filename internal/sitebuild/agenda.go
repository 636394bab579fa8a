package sitebuild

import (
	"bytes"
	"fmt"
	"time"

	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/validate"
)

// agendaView is the draft agenda of the next meeting: the opening items,
// one item per decision needed, the centers' reports since the last
// meeting, the follow-ups of earlier decisions that fall due, and any
// other business.
type agendaView struct {
	// Meeting is the meeting's date (YYYY-MM-DD), "" when no meeting is
	// planned; Title its title when committee/meetings/ has it.
	Meeting string
	Title   string
	// Previous is the last meeting before it ("" when none).
	Previous string
	AsOf     string
	Needs    *needsView
	// Items are the agenda's decision items, numbered after the opening
	// ones.
	Items []agendaItem
	// ReportsNo, FollowUpsNo and OtherNo number the later items.
	ReportsNo, FollowUpsNo, OtherNo int
	Reports                         []agendaReport
	FollowUps                       []forecast.FollowUp
}

// agendaItem is one item: a decision needed about a center (Center, or
// CenterID when the repository lacks it) or about the committee's own
// business.
type agendaItem struct {
	No       int
	Center   *model.Center
	CenterID string
	Need     needItem
}

// agendaReport is a status report submitted since the last meeting.
type agendaReport struct {
	Center *model.Center
	Report *model.Report
}

// agendaOpening counts the opening items: the agenda and the last
// meeting's minutes are approved first.
const agendaOpening = 2

// agenda builds the draft agenda for the meeting on day (zero: the next
// meeting the forecast runs to, if any).
func (g *generator) agenda(day time.Time) *agendaView {
	v := &agendaView{AsOf: g.asOfText, Needs: g.needs()}
	if day.IsZero() && g.forecast != nil && g.forecast.Meeting != nil {
		day = g.forecast.Meeting.Date.Time
	}
	end := g.asOf
	if !day.IsZero() {
		v.Meeting = day.Format(time.DateOnly)
		if m := g.repo.MeetingByDate[v.Meeting]; m != nil {
			v.Title = m.Title.V
		}
		end = day
	}
	// The last meeting before this one; with none planned, the last held
	// by the as-of date.
	before := g.asOf.AddDate(0, 0, 1)
	if !day.IsZero() {
		before = day
	}
	if prev := forecast.PreviousMeeting(g.repo, before); prev != nil {
		v.Previous = prev.Date.String()
	}
	no := agendaOpening
	for _, grp := range v.Needs.Groups {
		for _, it := range grp.Items {
			if it.Kind == "follow-up" {
				continue // the follow-ups have an item of their own
			}
			no++
			v.Items = append(v.Items, agendaItem{No: no, Center: grp.Center, CenterID: grp.ID, Need: it})
		}
	}
	v.ReportsNo, v.FollowUpsNo, v.OtherNo = no+1, no+2, no+3
	var since time.Time
	if v.Previous != "" {
		since, _ = model.ParseDate(v.Previous)
	}
	for _, s := range g.standings {
		for _, r := range s.Center.Reports {
			// A report dated after the as-of date did not exist then.
			if !r.Submitted.Valid() || r.Submitted.After(g.asOf) || !since.IsZero() && !r.Submitted.After(since) {
				continue
			}
			v.Reports = append(v.Reports, agendaReport{Center: s.Center, Report: r})
		}
	}
	// The follow-ups that fall due since the last meeting, up to this one
	// (or the horizon's end when none is planned).
	until := end
	if day.IsZero() {
		until, _ = model.ParseDate(v.Needs.Until)
	}
	v.FollowUps = forecast.FollowUps(g.repo, since, until, g.asOf)
	return v
}

// AgendaMarkdown drafts the agenda of the meeting on opt.Meeting (zero:
// the next planned) in the first of opt.Langs, as Markdown for the
// secretariat to edit.
func AgendaMarkdown(res *validate.Result, opt Options) ([]byte, error) {
	g, l, err := reportGenerator(res, opt)
	if err != nil {
		return nil, err
	}
	tr := g.tr[l]
	T := tr.T
	v := g.agenda(opt.Meeting)
	var b bytes.Buffer
	f := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	meeting := T("agenda.unplanned")
	if v.Meeting != "" {
		meeting = v.Meeting
	}
	f("# %s\n\n", mdText(fmt.Sprintf(T("agenda.title"), meeting)+" – "+g.site.Title))
	if v.Title != "" {
		f("%s  \n", mdText(v.Title))
	}
	f("%s: %s", T("report.as-of"), v.AsOf)
	if v.Previous != "" {
		f(" · %s: %s", T("agenda.previous"), v.Previous)
	}
	f("\n\n%s\n\n", mdText(T("agenda.draft-note")))
	f("## 1. %s\n\n", T("agenda.approve"))
	f("## 2. %s\n\n", mdText(previousMinutes(tr, v.Previous)))
	for _, it := range v.Items {
		f("## %d. %s\n\n", it.No, mdText(agendaHeading(tr, it)))
		f("- %s: %s\n", mdText(tr.label("need", it.Need.Kind)), mdText(it.Need.Words.In(l)))
		if it.Need.Rule != "" {
			f("- %s: %s", T("needs.rule"), mdText(it.Need.Rule))
			if s := it.Need.Summary.In(l); s != "" {
				f(" (%s)", mdText(s))
			}
			f("\n")
		}
		b.WriteString("\n")
	}
	f("## %d. %s\n\n", v.ReportsNo, mdText(reportsHeading(tr, v.Previous)))
	if len(v.Reports) == 0 {
		f("%s\n\n", T("report.none"))
	}
	for _, r := range v.Reports {
		f("- %s: %s (%s %s)\n", mdText(nameOf(r.Center)), mdText(r.Report.Doc.PathID), T("report.submitted"), r.Report.Submitted.String())
	}
	if len(v.Reports) > 0 {
		b.WriteString("\n")
	}
	f("## %d. %s\n\n", v.FollowUpsNo, T("agenda.follow-ups"))
	if len(v.FollowUps) == 0 {
		f("%s\n\n", T("report.none"))
	}
	for _, u := range v.FollowUps {
		f("- %s", mdText(u.Words.In(l)))
		switch {
		case !u.Done.IsZero():
			f(" (%s %s)", T("agenda.done"), u.Done.Format(time.DateOnly))
		case u.OverdueDays > 0:
			f(" (%s %d %s)", T("action.overdue"), u.OverdueDays, T("card.days"))
		}
		if r := u.Item.Responsible.V; r != "" {
			f(" – %s: %s", T("agenda.responsible"), mdText(g.personName(r)))
		}
		b.WriteString("\n")
	}
	if len(v.FollowUps) > 0 {
		b.WriteString("\n")
	}
	f("## %d. %s\n", v.OtherNo, T("agenda.other"))
	return b.Bytes(), nil
}

// personName is a person's name, or the id when unknown.
func (g *generator) personName(id string) string {
	if p := g.repo.PersonByID[id]; p != nil && p.Name.V != "" {
		return p.Name.V
	}
	return id
}

// agendaHeading is a decision item's heading: the center and what kind of
// decision.
func agendaHeading(tr *translations, it agendaItem) string {
	who := tr.T("needs.committee")
	switch {
	case it.Center != nil:
		who = nameOf(it.Center)
	case it.CenterID != "":
		who = it.CenterID
	}
	return who + ": " + tr.label("agenda-kind", it.Need.Kind)
}

// previousMinutes is the second item: the minutes of the last meeting.
func previousMinutes(tr *translations, prev string) string {
	if prev == "" {
		return tr.T("agenda.minutes-none")
	}
	return fmt.Sprintf(tr.T("agenda.minutes"), prev)
}

// reportsHeading is the reports item's heading.
func reportsHeading(tr *translations, prev string) string {
	if prev == "" {
		return tr.T("agenda.reports-all")
	}
	return fmt.Sprintf(tr.T("agenda.reports"), prev)
}

// Headings the agenda's HTML page shares with its Markdown.
func (p *page) AgendaHeading(it agendaItem) string { return agendaHeading(p.tr, it) }

// PreviousMinutes is the agenda's second item, for the HTML page.
func (p *page) PreviousMinutes(prev string) string { return previousMinutes(p.tr, prev) }

// ReportsHeading is the reports item's heading, for the HTML page.
func (p *page) ReportsHeading(prev string) string { return reportsHeading(p.tr, prev) }
