package forecast_test

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/validate"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// content is the default content, validated once: the forecast judges it
// again at every date it needs.
var content = sync.OnceValue(func() *validate.Result {
	return validate.Run(os.DirFS("../.."), validate.Options{AsOf: day("2026-12-03")})
})

// find returns the forecast findings of rule for center.
func find(f *forecast.Forecast, rule, center string) []forecast.Finding {
	var out []forecast.Finding
	for _, x := range f.Findings {
		if x.Rule == rule && x.Center == center {
			out = append(out, x)
		}
	}
	return out
}

// TestDeadlines holds the forecast of the default content to the
// committee's deadlines, before and after each: the 2027 action plans
// (from 1 January 2027), the 2026-T3 reports (due 30 January 2027, missing
// from the 31st) and the end of inf's investment-advice waiver (until 31
// March 2027).
func TestDeadlines(t *testing.T) {
	res := content()
	cases := []struct {
		asOf, rule, start, nb, en string
		days                      int
		// want is false when the as-of date is past the deadline: the
		// finding is open by then, and an open finding is never forecast.
		want bool
	}{
		{"2026-12-03", "action-plan-current", "2027-01-01", "%s mangler handlingsplan for 2027 fra 1. januar 2027", "%s has no action plan for 2027 from 1 January 2027", 0, true},
		{"2026-12-31", "action-plan-current", "2027-01-01", "%s mangler handlingsplan for 2027 fra 1. januar 2027", "", 0, true},
		{"2027-01-01", "action-plan-current", "", "", "", 0, false},
		{"2027-01-02", "action-plan-current", "", "", "", 0, false},
		{"2026-12-03", "status-report", "2027-01-31", "%s mangler statusrapporten for 2026-T3 (frist 2027-01-30) fra 31. januar 2027", "%s lacks the status report for 2026-T3 (due 2027-01-30) from 31 January 2027", 0, true},
		{"2027-01-30", "status-report", "2027-01-31", "%s mangler statusrapporten for 2026-T3 (frist 2027-01-30) fra 31. januar 2027", "", 0, true},
		{"2027-01-31", "status-report", "2027-05-31", "%s mangler statusrapporten for 2027-T1 (frist 2027-05-30) fra 31. mai 2027", "", 150, true},
		{"2027-02-01", "status-report", "", "", "", 90, false},
	}
	for _, c := range cases {
		f := forecast.Judge(res, forecast.Options{AsOf: day(c.asOf), Days: c.days})
		for _, center := range []string{"kre", "inf", "bar"} {
			got := find(f, c.rule, center)
			if !c.want {
				if len(got) > 0 {
					t.Errorf("as of %s: %s for %s forecast, though it is open: %s", c.asOf, c.rule, center, got[0].Words.EN)
				}
				continue
			}
			if len(got) != 1 {
				t.Errorf("as of %s: %d %s findings forecast for %s, want 1: %+v", c.asOf, len(got), c.rule, center, got)
				continue
			}
			x := got[0]
			if x.Start.Format(time.DateOnly) != c.start || x.Severity != diag.Error {
				t.Errorf("as of %s: %s for %s from %s (%s), want an error from %s", c.asOf, c.rule, center, x.Start.Format(time.DateOnly), x.Severity, c.start)
			}
			if want := strings.ReplaceAll(c.nb, "%s", center); x.Words.NB != want {
				t.Errorf("as of %s: words %q, want %q", c.asOf, x.Words.NB, want)
			}
			if want := strings.ReplaceAll(c.en, "%s", center); c.en != "" && x.Words.EN != want {
				t.Errorf("as of %s: words %q, want %q", c.asOf, x.Words.EN, want)
			}
		}
	}
}

// TestWaiverExpiry: the waiver for inf ends after 31 March 2027; from 1
// April the waived finding counts again and the expired waiver is a
// warning of its own. The default horizon (no meeting is planned after
// these dates: 90 days) reaches it from mid-January, and not once it is
// open.
func TestWaiverExpiry(t *testing.T) {
	res := content()
	for _, asOf := range []string{"2027-01-15", "2027-03-31"} {
		f := forecast.Judge(res, forecast.Options{AsOf: day(asOf)})
		if f.Meeting != nil || f.Days != forecast.DefaultDays {
			t.Errorf("as of %s: horizon %d days (meeting %v), want the default %d", asOf, f.Days, f.Meeting, forecast.DefaultDays)
		}
		w := find(f, "waiver", "inf")
		if len(w) != 1 || w[0].Start.Format(time.DateOnly) != "2027-04-01" || w[0].Severity != diag.Warning ||
			w[0].Words.NB != "inf er ikke lenger unntatt fra regelen investment-advice (vedtak PMU-2026-01) fra 1. april 2027" {
			t.Errorf("as of %s: the waiver's expiry forecast as %+v", asOf, w)
		}
		a := find(f, "investment-advice", "inf")
		if len(a) != 1 || a[0].Start.Format(time.DateOnly) != "2027-04-01" || a[0].Severity != diag.Error {
			t.Errorf("as of %s: inf's investment advice forecast as %+v, want an error from 2027-04-01", asOf, a)
		}
	}
	for _, c := range []struct {
		asOf string
		days int
	}{{"2026-12-03", 0}, {"2027-04-01", 0}, {"2027-04-02", 0}, {"2027-01-15", 30}} {
		f := forecast.Judge(res, forecast.Options{AsOf: day(c.asOf), Days: c.days})
		if w := find(f, "waiver", "inf"); len(w) > 0 {
			t.Errorf("as of %s, %d days: the waiver's expiry forecast, outside the horizon or already open: %+v", c.asOf, c.days, w)
		}
	}
}

// TestNothingOpenIsForecast: on many days of the default content's life,
// no forecast finding is open on the as-of date, each starts within the
// horizon, and on the day before it starts it is not there: the forecast
// is what validate will find, at the day it first finds it.
func TestNothingOpenIsForecast(t *testing.T) {
	res := content()
	// A finding is the same on another day when its rule, center,
	// severity, position and words are (the words name no day; two
	// missing reports share a position).
	type key struct {
		rule, center string
		sev          diag.Severity
		pos          diag.Pos
		brief        string
	}
	keys := func(at time.Time) map[key]bool {
		m := map[key]bool{}
		for _, d := range res.At(at, false) {
			m[key{d.Rule, d.Center, d.Severity, d.Pos, d.Brief.EN}] = true
		}
		return m
	}
	for asOf := day("2026-09-01"); asOf.Before(day("2027-09-01")); asOf = asOf.AddDate(0, 0, 23) {
		f := forecast.Judge(res, forecast.Options{AsOf: asOf, Days: 120})
		open := keys(asOf)
		for _, x := range f.Findings {
			k := key{x.Rule, x.Center, x.Severity, x.Pos, x.Brief.EN}
			if open[k] {
				t.Errorf("as of %s: %q is forecast, but open already", asOf.Format(time.DateOnly), x.Words.EN)
			}
			if !x.Start.After(asOf) || x.Start.After(f.Until) {
				t.Errorf("as of %s: %q starts %s, outside the horizon to %s", asOf.Format(time.DateOnly), x.Words.EN, x.Start.Format(time.DateOnly), f.Until.Format(time.DateOnly))
			}
			if keys(x.Start.AddDate(0, 0, -1))[k] {
				t.Errorf("as of %s: %q is there the day before it is said to start (%s)", asOf.Format(time.DateOnly), x.Words.EN, x.Start.Format(time.DateOnly))
			}
			if !keys(x.Start)[k] {
				t.Errorf("as of %s: %q is not there on the day it is said to start (%s)", asOf.Format(time.DateOnly), x.Words.EN, x.Start.Format(time.DateOnly))
			}
		}
	}
}

// TestFollowUps: the deadlines the 2026 decisions set are in the horizon
// that holds them, and not before or after.
func TestFollowUps(t *testing.T) {
	res := content()
	f := forecast.Judge(res, forecast.Options{AsOf: day("2026-12-03"), Days: 180})
	var got []string
	for _, u := range f.FollowUps {
		got = append(got, u.Due.Format(time.DateOnly)+" "+u.Decision.ID.V)
	}
	if strings.Join(got, ", ") != "2027-05-01 PMU-2026-03, 2027-05-30 PMU-2026-03" {
		t.Errorf("follow-ups in 180 days from 2026-12-03: %v", got)
	}
	if w := f.FollowUps[0].Words; w.NB != "Evalueringsgruppen leverer evalueringen av sentrenes andre periode (vedtak PMU-2026-03), frist 1. mai 2027" ||
		!strings.HasSuffix(w.EN, "(decision PMU-2026-03), due 1 May 2027") {
		t.Errorf("words: %+v", w)
	}
	if f := forecast.Judge(res, forecast.Options{AsOf: day("2027-05-01"), Days: 10}); len(f.FollowUps) != 0 {
		t.Errorf("as of its deadline, the follow-up is not ahead any longer: %+v", f.FollowUps)
	}
	if f := forecast.Judge(res, forecast.Options{AsOf: day("2026-06-01"), Days: 60}); len(f.FollowUps) != 1 || f.FollowUps[0].Decision.ID.V != "PMU-2026-02" {
		t.Errorf("as of 2026-06-01, 60 days: %+v", f.FollowUps)
	}
}

// TestFollowUpsOverdueUntilDone: a follow-up whose deadline has passed
// stays, with its days overdue, until the decision says it is done; one
// done on or before the as-of date is gone, and one done later is still
// open on the as-of date.
func TestFollowUpsOverdueUntilDone(t *testing.T) {
	res := content()
	// PMU-2026-02's item was due 2026-07-01 and done 2026-06-26.
	if f := forecast.Judge(res, forecast.Options{AsOf: day("2026-12-03"), Days: 30}); len(f.FollowUps) != 0 {
		t.Errorf("as of 2026-12-03, 30 days: %+v, want none (PMU-2026-02's item is done)", f.FollowUps)
	}
	if f := forecast.Judge(res, forecast.Options{AsOf: day("2026-06-20"), Days: 30}); len(f.FollowUps) != 1 || f.FollowUps[0].OverdueDays != 0 {
		t.Errorf("as of 2026-06-20, before it was done: %+v, want PMU-2026-02's item, not overdue", f.FollowUps)
	}
	// PMU-2026-03's first item is due 2027-05-01 and not done.
	f := forecast.Judge(res, forecast.Options{AsOf: day("2027-05-11"), Days: 5})
	if len(f.FollowUps) != 1 || f.FollowUps[0].Decision.ID.V != "PMU-2026-03" || f.FollowUps[0].OverdueDays != 10 {
		t.Fatalf("as of 2027-05-11: %+v, want PMU-2026-03's item 10 days overdue", f.FollowUps)
	}
	it := f.FollowUps[0].Item
	defer func(d model.Date) { it.Done = d }(it.Done)
	it.Done = model.Date{Time: day("2027-05-10"), Raw: "2027-05-10"}
	if f := forecast.Judge(res, forecast.Options{AsOf: day("2027-05-11"), Days: 5}); len(f.FollowUps) != 0 {
		t.Errorf("done on 2027-05-10, as of 2027-05-11: %+v, want none", f.FollowUps)
	}
	it.Done = model.Date{Time: day("2027-05-20"), Raw: "2027-05-20"}
	if f := forecast.Judge(res, forecast.Options{AsOf: day("2027-05-11"), Days: 5}); len(f.FollowUps) != 1 {
		t.Errorf("done only on 2027-05-20, as of 2027-05-11: %+v, want it still open", f.FollowUps)
	}
}

// TestHorizonToNextMeeting: by default the horizon runs to the next
// meeting after the as-of date.
func TestHorizonToNextMeeting(t *testing.T) {
	res := content()
	f := forecast.Judge(res, forecast.Options{AsOf: day("2026-10-01")})
	if f.Meeting == nil || f.Meeting.Date.String() != "2026-10-13" || f.Until != day("2026-10-13") || f.Days != 12 {
		t.Errorf("as of 2026-10-01: horizon to %s (%d days, meeting %v), want the meeting of 2026-10-13", f.Until.Format(time.DateOnly), f.Days, f.Meeting)
	}
	if f := forecast.Judge(res, forecast.Options{AsOf: day("2026-10-13")}); f.Meeting != nil {
		t.Errorf("as of the last meeting's day, no later meeting: %v", f.Meeting.Date)
	}
}

// TestDays: the days judged include the turns the deadlines above depend
// on, and only days within the horizon.
func TestDays(t *testing.T) {
	res := content()
	from, until := day("2026-12-03"), day("2027-04-30")
	ds := forecast.Days(res.Repo, from, until)
	have := map[string]bool{}
	for _, d := range ds {
		if !d.After(from) || d.After(until) {
			t.Errorf("%s is outside the horizon", d.Format(time.DateOnly))
		}
		have[d.Format(time.DateOnly)] = true
	}
	for _, want := range []string{"2027-01-01", "2027-01-30", "2027-01-31", "2027-03-31", "2027-04-01", "2026-12-16"} {
		if !have[want] {
			t.Errorf("%s is not judged", want)
		}
	}
}

// TestBadInput: a forecast of nothing is empty, never a panic.
func TestBadInput(t *testing.T) {
	if f := forecast.Judge(nil, forecast.Options{AsOf: day("2026-12-03")}); len(f.Findings) != 0 || f.Until != day("2027-03-03") {
		t.Errorf("%+v", f)
	}
}
