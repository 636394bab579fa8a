package sitebuild

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ous-pm/pmgov/internal/changes"
	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/feeds"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/period"
)

// datedEvent is a calendar event before it is written, with the center
// it concerns ("" for the committee's own).
type datedEvent struct {
	center string
	event  feeds.Event
	// kind is the event's kind (a label of group "calendar"); person the
	// one it falls to, when the data names one (an action's owner, a
	// follow-up's responsible).
	kind, person string
}

// datedEntry is a feed entry before it is written.
type datedEntry struct {
	// centers are the centers the entry concerns (none: the whole site's
	// feed only).
	centers []string
	entry   feeds.Entry
}

// feedOutputs are the calendars and news feeds of every language: the
// whole site's (calendar.ics, feed.xml) and each center's
// (centers/<id>/calendar.ics, centers/<id>/feed.xml).
func (g *generator) feedOutputs() ([]output, error) {
	var outs []output
	for _, l := range g.langs {
		pre := g.prefix(l)
		tr := g.tr[l]
		events := g.eventsOf(l)
		entries := g.feedEntries(l)
		// Each center's events and entries, picked out once: picking
		// them per center from the whole list costs centers × events,
		// which grows with the square of the repository.
		eventsOf := map[string][]feeds.Event{}
		entriesOf := map[string][]feeds.Entry{}
		var all []feeds.Entry
		for _, e := range events {
			eventsOf[e.center] = append(eventsOf[e.center], e.event)
		}
		for _, e := range entries {
			all = append(all, e.entry)
			for i, c := range e.centers {
				if !slices.Contains(e.centers[:i], c) {
					entriesOf[c] = append(entriesOf[c], e.entry)
				}
			}
		}
		// write adds the calendar and feed of center (its id and the
		// folder its pages are in), or of the whole site for "". Each is
		// made when its file is written: every center's calendar and feed
		// made at once would be a large part of a large site held until
		// the last file is written.
		write := func(dir, name, center, page string) error {
			calendar := func() feeds.Calendar {
				cal := feeds.Calendar{Name: name, ProdID: "-//pmgov//" + g.site.Title + "//" + strings.ToUpper(string(l)), Stamp: g.asOf}
				add := func(e feeds.Event, uids map[string]bool) {
					if !uids[e.UID] {
						uids[e.UID] = true
						cal.Events = append(cal.Events, e)
					}
				}
				if center == "" {
					uids := make(map[string]bool, len(events))
					cal.Events = make([]feeds.Event, 0, len(events))
					for _, e := range events {
						add(e.event, uids)
					}
					return cal
				}
				evs := eventsOf[center]
				uids := make(map[string]bool, len(evs))
				for _, e := range evs {
					add(e, uids)
				}
				return cal
			}
			feed := func() feeds.Feed {
				ens := entriesOf[center]
				if center == "" {
					ens = all
				}
				f := feeds.Feed{ID: g.tagURI("feed/" + cmp.Or(center, "all")), Title: name, Author: cmp.Or(g.site.Organisation, g.site.Title),
					Self: "feed.xml", Alternate: "index.html", Lang: string(l), Updated: g.asOf}
				up := strings.Repeat("../", strings.Count(dir, "/"))
				if center != "" {
					f.Alternate = "../" + page + ".html"
				}
				for _, x := range ens {
					if x.Link != "" {
						x.Link = up + x.Link
					}
					f.Entries = append(f.Entries, x)
				}
				if len(f.Entries) > 0 {
					f.Updated = f.Entries[0].Updated
				}
				return f
			}
			feedPath := pre + dir + "feed.xml"
			outs = append(outs,
				output{path: pre + dir + "calendar.ics", render: func(b *bytes.Buffer) error {
					feeds.WriteICS(b, calendar())
					return nil
				}},
				output{path: feedPath, render: func(b *bytes.Buffer) error {
					atom, err := feeds.Atom(feed())
					if err != nil {
						return fmt.Errorf("build %s: %w", feedPath, err)
					}
					_, err = b.Write(atom)
					return err
				}})
			return nil
		}
		if err := write("", g.site.Title, "", ""); err != nil {
			return nil, err
		}
		for _, s := range g.standings {
			id := centerID(s.Center)
			if err := write("centers/"+id+"/", nameOf(s.Center)+" – "+tr.T("feed.center-suffix"), s.Center.ID.V, id); err != nil {
				return nil, err
			}
		}
	}
	return outs, nil
}

// uidDomain ends every event's UID: the organisation's short name, so that
// two hospitals' calendars never share one.
func (g *generator) uidDomain() string {
	short := "pmgov"
	if gov := g.repo.Governance; gov != nil && gov.ShortName.V != "" {
		short = strings.ToLower(pathSafe(gov.ShortName.V)) + ".pmgov"
	}
	return short
}

// tagURI is an entry's or a feed's permanent id (RFC 4151).
func (g *generator) tagURI(specific string) string {
	return "tag:" + g.uidDomain() + ",2020:" + specific
}

// uid is an event's UID from what it is about.
func (g *generator) uid(parts ...string) string {
	return strings.Join(parts, "/") + "@" + g.uidDomain()
}

// langEvents is one language's calendar, computed on first use.
type langEvents struct {
	once   sync.Once
	events []datedEvent
}

// eventsOf is language l's calendar (calendarEvents), computed once.
func (g *generator) eventsOf(l diag.Lang) []datedEvent {
	e := g.events[l]
	e.once.Do(func() { e.events = g.calendarEvents(l) })
	return e.events
}

// calendarEvents are the dates the committee and the centers keep:
// meetings, report deadlines, term ends, evaluations due, waiver
// expiries, action due dates and the decisions' follow-up deadlines.
func (g *generator) calendarEvents(l diag.Lang) []datedEvent {
	tr := g.tr[l]
	var out []datedEvent
	var person string // the person the next events fall to ("": none)
	add := func(center string, day time.Time, kind string, summary diag.Text, uid ...string) {
		out = append(out, datedEvent{center: center, kind: kind, person: person, event: feeds.Event{
			UID: g.uid(uid...), Day: day, Summary: summary.In(l), Categories: tr.label("calendar", kind)}})
	}
	for _, m := range g.repo.Meetings {
		if m.Date.Valid() {
			title := diag.M("site.calendar.meeting")
			if m.Title.V != "" {
				title = diag.Text{NB: m.Title.V, EN: m.Title.V}
			}
			add("", m.Date.Time, "meeting", title, "meeting", m.Date.String())
		}
	}
	cadence, grace := "", 30
	if gov := g.repo.Governance; gov != nil {
		cadence = gov.Reporting.Cadence.V
		if gov.Reporting.GraceDays.OK {
			grace = gov.Reporting.GraceDays.V
		}
	}
	for _, s := range g.standings {
		c := s.Center
		id := c.ID.V
		if c.Status.V == "closed" {
			continue
		}
		for i, t := range c.Terms {
			n := i + 1
			if t.End.Valid() {
				add(id, t.End.Time, "term-end", diag.M("site.calendar.term-ends", id, n), "term-end", id, fmt.Sprint(n))
			}
			if due := g.evaluationDue(c, i); !due.IsZero() {
				add(id, due, "evaluation-due", diag.M("site.calendar.evaluation-due", id, n), "evaluation-due", id, fmt.Sprint(n))
			}
			if !t.Start.Valid() || !t.End.Valid() || c.Status.V != "active" {
				continue
			}
			// The reports due in the term, as the status-report rule counts
			// them.
			for _, pr := range period.Between(cadence, t.Start.Time, t.End.Time) {
				add(id, period.Due(pr, grace), "report-due", diag.M("site.calendar.report-due", id, pr.Name), "report-due", id, pr.Name)
			}
		}
		for _, p := range c.ActionPlans {
			for _, a := range p.Actions {
				if a.Due.Valid() && a.ID.V != "" {
					person = a.Owner.V
					add(id, a.Due.Time, "action-due", diag.M("site.calendar.action-due", id, a.ID.V, a.Title.V), "action-due", id, a.ID.V)
					person = ""
				}
			}
		}
	}
	for _, d := range g.repo.Decisions {
		for _, w := range d.Waivers {
			if w.Until.Valid() {
				add(w.Center.V, w.Until.Time, "waiver-expires", diag.M("site.calendar.waiver-expires", w.Center.V, w.Rule.V, d.ID.V),
					"waiver", d.ID.V, w.Rule.V, w.Center.V)
			}
		}
		for i, f := range d.FollowUp {
			if !f.Due.Valid() {
				continue
			}
			summary := diag.M("site.calendar.follow-up", d.ID.V, strings.TrimSpace(f.Text.V))
			// The decision's centers see its deadlines too.
			centers := d.Centers.Values()
			if len(centers) == 0 {
				centers = []string{""}
			}
			person = f.Responsible.V
			for j, c := range centers {
				if j > 0 && c == "" {
					continue
				}
				add(c, f.Due.Time, "follow-up", summary, "follow-up", d.ID.V, fmt.Sprint(i+1))
			}
			person = ""
		}
	}
	// A follow-up for several centers is one event in the whole
	// calendar.
	seen := map[string]bool{}
	var events []datedEvent
	slices.SortStableFunc(out, func(a, b datedEvent) int {
		return cmp.Or(a.event.Day.Compare(b.event.Day), cmp.Compare(a.event.UID, b.event.UID), cmp.Compare(a.center, b.center))
	})
	for _, e := range out {
		k := e.center + "\x00" + e.event.UID
		if !seen[k] {
			seen[k] = true
			events = append(events, e)
		}
	}
	return events
}

// evaluationDue is the day term i (0-based) is to be evaluated by: the
// first at its end, as the mandate says; a later one when the decision
// that started it sets evaluation_due.
func (g *generator) evaluationDue(c *model.Center, i int) time.Time {
	t := c.Terms[i]
	if i == 0 {
		if t.End.Valid() {
			return t.End.Time
		}
		return time.Time{}
	}
	if d := g.repo.Decision(t.Decision.V); d != nil && d.EvaluationDue.Valid() {
		return d.EvaluationDue.Time
	}
	return time.Time{}
}

// feedEntries are the news: decisions, meetings, reports submitted and,
// with history, findings opened and resolved since the earlier state;
// the latest first, nothing dated after the as-of date.
func (g *generator) feedEntries(l diag.Lang) []datedEntry {
	tr := g.tr[l]
	var out []datedEntry
	add := func(centers []string, day time.Time, kind, title, link string, id string) {
		if day.After(g.asOf) {
			return // not there yet on the as-of date
		}
		out = append(out, datedEntry{centers: centers, entry: feeds.Entry{ID: g.tagURI(id), Title: title, Updated: day, Link: link, Category: tr.label("feed-kind", kind)}})
	}
	for _, d := range g.repo.Decisions {
		if d.Date.Valid() && d.Doc != nil {
			add(d.Centers.Values(), d.Date.Time, "decision", d.ID.V+": "+d.Title.V, docPath(d.Doc), "decision/"+d.ID.V)
		}
	}
	for _, m := range g.repo.Meetings {
		if !m.Date.Valid() || m.Doc == nil {
			continue
		}
		var centers []string
		for _, id := range m.Decisions {
			if d := g.repo.Decision(id.V); d != nil {
				centers = append(centers, d.Centers.Values()...)
			}
		}
		title := m.Title.V
		if title == "" {
			title = tr.T("feed.meeting") + " " + m.Date.String()
		}
		add(centers, m.Date.Time, "meeting", title, docPath(m.Doc), "meeting/"+m.Date.String())
	}
	for _, s := range g.standings {
		c := s.Center
		for _, r := range c.Reports {
			if r.Submitted.Valid() && r.Doc != nil {
				add([]string{c.ID.V}, r.Submitted.Time, "report", fmt.Sprintf(tr.T("feed.report"), nameOf(c), r.Doc.PathID), docPath(r.Doc), "report/"+c.ID.V+"/"+r.Doc.PathID)
			}
		}
	}
	if h := g.history; h != nil && h.Since != nil {
		day := g.asOf
		for _, ch := range h.Since.Changes {
			if ch.Kind != changes.FindingOpened && ch.Kind != changes.FindingResolved {
				continue
			}
			// The finding's change is news of the day the comparison was
			// made for; its id is what changed and since when.
			sum := sha256.Sum256([]byte(string(ch.Kind) + "\x00" + ch.Center + "\x00" + ch.Text.EN + "\x00" + h.Since.Commit))
			var centers []string
			if ch.Center != "" {
				centers = []string{ch.Center}
			}
			add(centers, day, string(ch.Kind), ch.Text.In(l), "report.html#changes", "finding/"+hex.EncodeToString(sum[:8]))
		}
	}
	slices.SortStableFunc(out, func(a, b datedEntry) int {
		return cmp.Or(b.entry.Updated.Compare(a.entry.Updated), cmp.Compare(a.entry.ID, b.entry.ID))
	})
	return out
}
