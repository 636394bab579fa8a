package forecast

import (
	"reflect"
	"slices"
	"time"

	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/period"
)

var typeDate = reflect.TypeFor[model.Date]()

// Days are the days after from, up to and including until, on which a
// finding can start: a rule's verdict changes only where the as-of date
// crosses a date, so every date in the data counts, with the day after it
// (a deadline is missed the day after), the same date a year later (the
// last 12 months) and the notice days before it (an evaluation falling
// due); and the calendar's own turns: every year's first day and every
// reporting period's first day, last day and deadline.
func Days(repo *model.Repository, from, until time.Time) []time.Time {
	from, until = period.Date(from), period.Date(until)
	set := map[time.Time]bool{}
	add := func(t time.Time) {
		if t = period.Date(t); t.After(from) && !t.After(until) {
			set[t] = true
		}
	}
	cadence, grace, notice := settings(repo)
	for _, t := range dataDates(repo) {
		for _, u := range []time.Time{t, t.AddDate(1, 0, 0), t.AddDate(0, 0, -notice)} {
			add(u)
			add(u.AddDate(0, 0, 1))
		}
	}
	for y := from.Year(); y <= until.Year()+1; y++ {
		add(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	for _, pr := range period.Between(cadence, from.AddDate(0, 0, -grace-1), until) {
		due := period.Due(pr, grace)
		for _, t := range []time.Time{pr.Start, pr.End, pr.End.AddDate(0, 0, 1), due, due.AddDate(0, 0, 1)} {
			add(t)
		}
	}
	out := make([]time.Time, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// settings are the reporting cadence, grace days and evaluation notice
// days of governance.yaml, with the defaults its schema documents.
func settings(repo *model.Repository) (cadence string, grace, notice int) {
	grace, notice = 30, 180
	if g := repo.Governance; g != nil {
		cadence = g.Reporting.Cadence.V
		if g.Reporting.GraceDays.OK {
			grace = g.Reporting.GraceDays.V
		}
		if g.EvaluationNoticeDays.OK {
			notice = g.EvaluationNoticeDays.V
		}
	}
	return cadence, grace, notice
}

// dataDates are every valid date written in the repository's documents.
func dataDates(repo *model.Repository) []time.Time {
	var out []time.Time
	collect := func(v any) { walkDates(reflect.ValueOf(v), &out, 0) }
	collect(repo.Governance)
	collect(repo.Committee)
	for _, d := range repo.Decisions {
		collect(d)
	}
	for _, m := range repo.Meetings {
		collect(m)
	}
	for _, m := range repo.Mandates {
		collect(m)
	}
	for _, c := range repo.Centers {
		collect(c)
		for _, s := range c.Strategies {
			collect(s)
		}
		for _, p := range c.ActionPlans {
			collect(p)
		}
		for _, r := range c.Reports {
			collect(r)
		}
		collect(c.Education)
		for _, a := range c.Advice {
			collect(a)
		}
		for _, e := range c.Evaluations {
			collect(e)
		}
	}
	return out
}

// walkDates appends the valid dates in v, following only the fields that
// were decoded from a file (a yaml tag other than "-"): the resolved
// references point back into the repository.
func walkDates(v reflect.Value, out *[]time.Time, depth int) {
	if depth > 16 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkDates(v.Elem(), out, depth+1)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkDates(v.Index(i), out, depth+1)
		}
	case reflect.Struct:
		if v.Type() == typeDate {
			if d := v.Interface().(model.Date); d.Valid() {
				*out = append(*out, d.Time)
			}
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if tag := f.Tag.Get("yaml"); tag == "" || tag == "-" || !f.IsExported() {
				continue
			}
			walkDates(v.Field(i), out, depth+1)
		}
	}
}
