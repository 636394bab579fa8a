// Package forecast says what is coming: every finding that is not there on
// the as-of date but will be within a horizon, with the day it starts, and
// the deadlines the committee's decisions set. It finds them by judging the
// same repository at later dates with the same rules (validate.Result.At),
// never by date rules of its own; it only chooses the days worth judging,
// the days on which a finding can start: every date in the data and the
// day after it, year starts, reporting periods' ends and deadlines.
package forecast

import (
	"cmp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/period"
	"github.com/ous-pm/pmgov/internal/validate"
)

// DefaultDays is the horizon when no later meeting is planned.
const DefaultDays = 90

// Options control a forecast.
type Options struct {
	// AsOf is today: what is open then is not forecast.
	AsOf time.Time
	// Days is the horizon in days after AsOf; 0 means up to the next
	// meeting in committee/meetings/ after AsOf, else DefaultDays.
	Days int
	// Strict judges warnings as errors, as --strict does.
	Strict bool
}

// Forecast is what the horizon holds.
type Forecast struct {
	// AsOf is today; Until the horizon's last day (included); Days the
	// number of days between them.
	AsOf, Until time.Time
	Days        int
	// Meeting is the next meeting the horizon runs to, when it was chosen
	// by the default.
	Meeting *model.Meeting
	// Findings start within the horizon, in the order they start.
	Findings []Finding
	// FollowUps are the deadlines of decisions' follow-up items within
	// the horizon, by due date.
	FollowUps []FollowUp
}

// Finding is a finding that is not open on the as-of date and will be.
type Finding struct {
	// Start is the first day it holds.
	Start time.Time
	// Diagnostic is the finding as validate gives it on Start.
	diag.Diagnostic
	// Words say it in the committee's words with its day: "kre mangler
	// handlingsplan for 2027 fra 1. januar 2027".
	Words diag.Text
}

// FollowUp is a follow-up item of a decision and its deadline.
type FollowUp struct {
	Due      time.Time
	Decision *model.Decision
	Item     *model.FollowUp
	// Words say it with its deadline.
	Words diag.Text
	// OverdueDays is how many days the deadline has passed on the as-of
	// date with the item not done; 0 when it has not.
	OverdueDays int
	// Done is the day it was done, when that is on or before the as-of
	// date; zero while it is open.
	Done time.Time
}

// Words is a finding in the committee's words: its Brief, else its message.
func Words(d diag.Diagnostic) diag.Text {
	if d.Brief != (diag.Text{}) {
		return d.Brief
	}
	return d.Message
}

// FollowUpWords is a follow-up item with its decision and deadline.
func FollowUpWords(d *model.Decision, f *model.FollowUp) diag.Text {
	day, what := diag.Day(f.Due.Time), strings.TrimSpace(f.Text.V)
	return diag.M("forecast.follow-up", what, d.ID.V, day)
}

// Horizon resolves the horizon for opt: its last day and, when the
// default chose it, the next meeting.
func Horizon(repo *model.Repository, opt Options) (until time.Time, next *model.Meeting) {
	asOf := period.Date(opt.AsOf)
	if opt.Days > 0 {
		return asOf.AddDate(0, 0, opt.Days), nil
	}
	if next = NextMeeting(repo, asOf); next != nil {
		return next.Date.Time, next
	}
	return asOf.AddDate(0, 0, DefaultDays), nil
}

// NextMeeting is the first meeting in committee/meetings/ after day, or nil.
func NextMeeting(repo *model.Repository, day time.Time) *model.Meeting {
	var next *model.Meeting
	if repo == nil {
		return nil
	}
	for _, m := range repo.Meetings {
		if m.Date.Valid() && m.Date.After(day) && (next == nil || m.Date.Before(next.Date.Time)) {
			next = m
		}
	}
	return next
}

// PreviousMeeting is the last meeting in committee/meetings/ before day, or
// nil.
func PreviousMeeting(repo *model.Repository, day time.Time) *model.Meeting {
	var prev *model.Meeting
	if repo == nil {
		return nil
	}
	for _, m := range repo.Meetings {
		if m.Date.Valid() && m.Date.Before(day) && (prev == nil || m.Date.After(prev.Date.Time)) {
			prev = m
		}
	}
	return prev
}

// Judge forecasts res from opt.AsOf to the horizon.
func Judge(res *validate.Result, opt Options) *Forecast {
	asOf := period.Date(opt.AsOf)
	f := &Forecast{AsOf: asOf}
	if res == nil || res.Repo == nil {
		f.Until = asOf.AddDate(0, 0, max(opt.Days, DefaultDays))
		return f
	}
	repo := res.Repo
	f.Until, f.Meeting = Horizon(repo, opt)
	f.Days = int(f.Until.Sub(asOf).Hours() / 24)

	known := newSeen()
	known.step(res.At(asOf, opt.Strict), asOf)
	days := Days(repo, asOf, f.Until)
	judge := func(day time.Time) []diag.Diagnostic { return res.At(day, opt.Strict) }
	judgeAll(days, judge, func(day time.Time, ds []diag.Diagnostic) {
		for _, d := range known.step(ds, day) {
			f.Findings = append(f.Findings, Finding{Start: day, Diagnostic: d, Words: startWords(d, day)})
		}
	})
	slices.SortStableFunc(f.Findings, func(a, b Finding) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.Center, b.Center), cmp.Compare(b.Severity, a.Severity),
			cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line))
	})
	for _, u := range FollowUps(repo, asOf, f.Until, asOf) {
		if u.Done.IsZero() { // what is coming is what is still to be done
			f.FollowUps = append(f.FollowUps, u)
		}
	}
	return f
}

// judgeAll judges every day, on all cores (the rules only read the
// repository, and each day's verdict is its own), and hands each day's
// findings to each in the order of the days. The judges run at most a few
// days ahead of each: a large repository has tens of thousands of findings
// a day, and holding every day's until the last is judged would hold
// hundreds of megabytes that the collector must trace again and again.
func judgeAll(days []time.Time, judge func(time.Time) []diag.Diagnostic, each func(time.Time, []diag.Diagnostic)) {
	workers := max(1, min(runtime.GOMAXPROCS(0), len(days)))
	done := make([]chan []diag.Diagnostic, len(days))
	for i := range done {
		done[i] = make(chan []diag.Diagnostic, 1)
	}
	// ahead holds a token for every day judged or being judged and not
	// yet handed on.
	ahead := make(chan struct{}, 2*workers)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				done[i] <- judge(days[i])
			}
		})
	}
	go func() {
		for i := range days {
			ahead <- struct{}{}
			next <- i
		}
		close(next)
	}()
	for i, day := range days {
		ds := <-done[i]
		<-ahead
		each(day, ds)
	}
	wg.Wait()
}

// FollowUps are the follow-up items of decisions due after from and on or
// before until, with those done by asOf marked Done, and the items due
// earlier that are still not done on asOf (overdue: they stay until the
// decision's follow_up says done). By due date.
func FollowUps(repo *model.Repository, from, until, asOf time.Time) []FollowUp {
	var out []FollowUp
	for _, d := range repo.Decisions {
		for i := range d.FollowUp {
			it := &d.FollowUp[i]
			if !it.Due.Valid() || it.Due.After(until) {
				continue
			}
			done := it.Done.Valid() && !it.Done.After(asOf)
			late := !done && it.Due.Before(asOf)
			if !it.Due.After(from) && !late {
				continue
			}
			u := FollowUp{Due: it.Due.Time, Decision: d, Item: it, Words: FollowUpWords(d, it)}
			switch {
			case done:
				u.Done = it.Done.Time
			case late:
				u.OverdueDays = int(asOf.Sub(it.Due.Time).Hours() / 24)
			}
			out = append(out, u)
		}
	}
	slices.SortStableFunc(out, func(a, b FollowUp) int {
		return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Decision.ID.V, b.Decision.ID.V))
	})
	return out
}

// startWords is a finding's words with the day it starts.
func startWords(d diag.Diagnostic, day time.Time) diag.Text {
	w, on := Words(d), diag.Day(day)
	return diag.M("forecast.starts", w, on)
}
