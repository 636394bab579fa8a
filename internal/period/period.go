// Package period computes the reporting periods centers report on to the
// committee: tertials (T1 January–April, T2 May–August, T3
// September–December), quarters (Q1–Q4), half-years (H1–H2) and whole years
// (Y), named like the report files that cover them: 2025-T1, 2025-Q3,
// 2025-H2, 2025-Y. Validation, the site and `pmgov new report` share it, so
// they always agree on which report is due when.
//
// Every date is a calendar date: midnight UTC. Start and End are both
// included in a period.
package period

import (
	"fmt"
	"strconv"
	"time"
)

// The cadences of governance.yaml's reporting.cadence.
const (
	Tertial    = "tertial"
	Quarterly  = "quarterly"
	Semiannual = "semiannual"
	Annual     = "annual"
)

// cadence is how a year is divided: the letter of a period's name and the
// number of months in each period.
type cadence struct {
	name   string
	letter byte
	months int
}

var cadences = []cadence{
	{Tertial, 'T', 4},
	{Quarterly, 'Q', 3},
	{Semiannual, 'H', 6},
	{Annual, 'Y', 12},
}

func lookup(name string) (cadence, bool) {
	for _, c := range cadences {
		if c.name == name {
			return c, true
		}
	}
	return cadence{}, false
}

// Cadences lists the known cadences.
func Cadences() []string {
	out := make([]string, len(cadences))
	for i, c := range cadences {
		out[i] = c.name
	}
	return out
}

// Known reports whether cadence is one of Cadences.
func Known(cadence string) bool {
	_, ok := lookup(cadence)
	return ok
}

// Period is one reporting period.
type Period struct {
	// Name is the period as report files are named: 2025-T1, 2025-Y.
	Name string
	// Start and End are the first and the last day, both included.
	Start, End time.Time
}

// Contains reports whether the date of t falls within the period.
func (p Period) Contains(t time.Time) bool {
	d := Date(t)
	return !d.Before(p.Start) && !d.After(p.End)
}

// Cadence names the cadence the period belongs to.
func (p Period) Cadence() string {
	if len(p.Name) < 6 {
		return ""
	}
	for _, c := range cadences {
		if p.Name[5] == c.letter {
			return c.name
		}
	}
	return ""
}

// String returns the name.
func (p Period) String() string { return p.Name }

// Date is t's calendar date as midnight UTC (t's own location decides the
// date).
func Date(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// of returns the i-th period (1-based) of year in cadence c.
func of(c cadence, year, i int) Period {
	start := time.Date(year, time.Month((i-1)*c.months+1), 1, 0, 0, 0, 0, time.UTC)
	name := fmt.Sprintf("%04d-%c%d", year, c.letter, i)
	if c.letter == 'Y' {
		name = fmt.Sprintf("%04d-Y", year)
	}
	return Period{Name: name, Start: start, End: start.AddDate(0, c.months, -1)}
}

// Parse reads a period name: YYYY-T1..T3, YYYY-Q1..Q4, YYYY-H1..H2 or
// YYYY-Y, with a year from 1 to 9999.
func Parse(name string) (Period, bool) {
	if len(name) < 6 || name[4] != '-' {
		return Period{}, false
	}
	year, err := strconv.Atoi(name[:4])
	if err != nil || year < 1 || name[0] == '+' || name[0] == '-' {
		return Period{}, false
	}
	for _, c := range cadences {
		if name[5] != c.letter {
			continue
		}
		if c.letter == 'Y' {
			if len(name) != 6 {
				return Period{}, false
			}
			return of(c, year, 1), true
		}
		if len(name) != 7 {
			return Period{}, false
		}
		i := int(name[6] - '0')
		if i < 1 || i > 12/c.months {
			return Period{}, false
		}
		return of(c, year, i), true
	}
	return Period{}, false
}

// Containing returns the period of cadence that holds the date of t. It is
// false for an unknown cadence.
func Containing(cadence string, t time.Time) (Period, bool) {
	c, ok := lookup(cadence)
	if !ok {
		return Period{}, false
	}
	d := Date(t)
	return of(c, d.Year(), (int(d.Month())-1)/c.months+1), true
}

// Between returns, in order, every period of cadence that overlaps the
// dates from … to (both included): the first is the period holding from,
// the last the one holding to. It is empty when to is before from or the
// cadence is unknown.
func Between(cadence string, from, to time.Time) []Period {
	c, ok := lookup(cadence)
	if !ok {
		return nil
	}
	from, to = Date(from), Date(to)
	if to.Before(from) {
		return nil
	}
	var out []Period
	year, i := from.Year(), (int(from.Month())-1)/c.months+1
	for {
		p := of(c, year, i)
		if p.Start.After(to) {
			return out
		}
		out = append(out, p)
		if i++; i > 12/c.months {
			year, i = year+1, 1
		}
	}
}

// Due is the last day a report on p is on time: grace days after the
// period's last day. A report is missing once the as-of date is after Due,
// and late when it was submitted after Due.
func Due(p Period, grace int) time.Time {
	return p.End.AddDate(0, 0, grace)
}

// TermEnd is the last day of a term of years whole years starting on start:
// the day before the same date years later. A term starting on 29 February
// ends on 28 February, since the date years later (1 March in a common
// year) is the first day after it.
func TermEnd(start time.Time, years int) time.Time {
	return Date(start).AddDate(years, 0, 0).AddDate(0, 0, -1)
}
