package period

import (
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, start, end, cadence string
	}{
		{"2025-T1", "2025-01-01", "2025-04-30", Tertial},
		{"2025-T2", "2025-05-01", "2025-08-31", Tertial},
		{"2025-T3", "2025-09-01", "2025-12-31", Tertial},
		{"2024-Q1", "2024-01-01", "2024-03-31", Quarterly},
		{"2025-Q1", "2025-01-01", "2025-03-31", Quarterly},
		{"2025-Q2", "2025-04-01", "2025-06-30", Quarterly},
		{"2025-Q4", "2025-10-01", "2025-12-31", Quarterly},
		{"2025-H1", "2025-01-01", "2025-06-30", Semiannual},
		{"2025-H2", "2025-07-01", "2025-12-31", Semiannual},
		{"2025-Y", "2025-01-01", "2025-12-31", Annual},
		{"0001-Y", "0001-01-01", "0001-12-31", Annual},
		{"9999-T3", "9999-09-01", "9999-12-31", Tertial},
	} {
		p, ok := Parse(tc.name)
		if !ok {
			t.Errorf("Parse(%q) failed", tc.name)
			continue
		}
		if got := p.Start.Format(time.DateOnly) + " " + p.End.Format(time.DateOnly); got != tc.start+" "+tc.end {
			t.Errorf("Parse(%q) = %s, want %s %s", tc.name, got, tc.start, tc.end)
		}
		if p.Name != tc.name || p.String() != tc.name || p.Cadence() != tc.cadence {
			t.Errorf("Parse(%q): name %q cadence %q", tc.name, p.Name, p.Cadence())
		}
	}
	for _, bad := range []string{"", "2025", "2025-", "2025-T0", "2025-T4", "2025-Q5", "2025-H3", "2025-Y1",
		"2025-T12", "25-T1", "0000-T1", "+025-T1", "-025-T1", "2025_T1", "2025-t1", "2025-X1", "abcd-T1", "2025-T"} {
		if p, ok := Parse(bad); ok {
			t.Errorf("Parse(%q) = %v, want failure", bad, p)
		}
	}
}

// TestLeapYear: February belongs to the first tertial, quarter and half in
// leap years too, and periods end on the right day.
func TestLeapYear(t *testing.T) {
	p, _ := Containing(Quarterly, day("2024-02-29"))
	if p.Name != "2024-Q1" || !p.Contains(day("2024-02-29")) {
		t.Errorf("2024-02-29 is in %v", p)
	}
	if got := Due(p, 30).Format(time.DateOnly); got != "2024-04-30" {
		t.Errorf("Q1 2024 + 30 days = %s, want 2024-04-30", got)
	}
	// Grace over the end of February: 2023-T3 ends 2023-12-31; 60 days later
	// is 2024-02-29 in a leap year and 2025-03-01 a year later.
	if got := Due(of(cadences[0], 2023, 3), 60).Format(time.DateOnly); got != "2024-02-29" {
		t.Errorf("2023-T3 + 60 days = %s, want 2024-02-29", got)
	}
	if got := Due(of(cadences[0], 2024, 3), 60).Format(time.DateOnly); got != "2025-03-01" {
		t.Errorf("2024-T3 + 60 days = %s, want 2025-03-01", got)
	}
}

func TestContaining(t *testing.T) {
	for _, tc := range []struct{ cadence, date, want string }{
		{Tertial, "2025-01-01", "2025-T1"},
		{Tertial, "2025-04-30", "2025-T1"},
		{Tertial, "2025-05-01", "2025-T2"},
		{Tertial, "2025-08-31", "2025-T2"},
		{Tertial, "2025-09-01", "2025-T3"},
		{Tertial, "2025-12-31", "2025-T3"},
		{Quarterly, "2025-06-30", "2025-Q2"},
		{Quarterly, "2025-07-01", "2025-Q3"},
		{Semiannual, "2025-06-30", "2025-H1"},
		{Semiannual, "2025-07-01", "2025-H2"},
		{Annual, "2025-12-31", "2025-Y"},
	} {
		p, ok := Containing(tc.cadence, day(tc.date))
		if !ok || p.Name != tc.want {
			t.Errorf("Containing(%s, %s) = %v, %v; want %s", tc.cadence, tc.date, p.Name, ok, tc.want)
		}
	}
	// The date counts in t's own location, at any time of day.
	oslo := time.FixedZone("CET", 3600)
	if p, _ := Containing(Tertial, time.Date(2025, 5, 1, 0, 30, 0, 0, oslo)); p.Name != "2025-T2" {
		t.Errorf("half past midnight on 1 May in Oslo is in %s, want 2025-T2", p.Name)
	}
	if _, ok := Containing("monthly", day("2025-01-01")); ok {
		t.Error("an unknown cadence has no periods")
	}
}

func TestBetween(t *testing.T) {
	names := func(ps []Period) string {
		var s []string
		for _, p := range ps {
			s = append(s, p.Name)
		}
		return strings.Join(s, " ")
	}
	for _, tc := range []struct{ cadence, from, to, want string }{
		// A term from September 2024 to August 2027 overlaps nine tertials.
		{Tertial, "2024-09-01", "2027-08-31", "2024-T3 2025-T1 2025-T2 2025-T3 2026-T1 2026-T2 2026-T3 2027-T1 2027-T2"},
		// A range starting mid-period includes that period.
		{Tertial, "2024-10-15", "2025-01-01", "2024-T3 2025-T1"},
		{Quarterly, "2025-03-31", "2025-04-01", "2025-Q1 2025-Q2"},
		{Semiannual, "2024-12-31", "2025-12-31", "2024-H2 2025-H1 2025-H2"},
		{Annual, "2021-09-01", "2024-08-31", "2021-Y 2022-Y 2023-Y 2024-Y"},
		{Tertial, "2025-05-01", "2025-05-01", "2025-T2"},
		{Tertial, "2025-05-02", "2025-05-01", ""},
		{"weekly", "2025-01-01", "2025-12-31", ""},
	} {
		if got := names(Between(tc.cadence, day(tc.from), day(tc.to))); got != tc.want {
			t.Errorf("Between(%s, %s, %s) = %q, want %q", tc.cadence, tc.from, tc.to, got, tc.want)
		}
	}
}

func TestDue(t *testing.T) {
	p, _ := Parse("2025-T1")
	for _, tc := range []struct {
		grace int
		want  string
	}{{0, "2025-04-30"}, {30, "2025-05-30"}, {31, "2025-05-31"}, {365, "2026-04-30"}} {
		if got := Due(p, tc.grace).Format(time.DateOnly); got != tc.want {
			t.Errorf("Due(2025-T1, %d) = %s, want %s", tc.grace, got, tc.want)
		}
	}
}

func TestTermEnd(t *testing.T) {
	for _, tc := range []struct {
		start string
		years int
		want  string
	}{
		{"2021-09-01", 3, "2024-08-31"},
		{"2024-01-01", 3, "2026-12-31"},
		// A leap day start: three years later there is no 29 February, so
		// the term's first day after it is 1 March and it ends 28 February.
		{"2024-02-29", 3, "2027-02-28"},
		{"2024-02-29", 4, "2028-02-28"},
		// A term starting 1 March ends on a leap day when there is one.
		{"2021-03-01", 3, "2024-02-29"},
		{"2022-03-01", 3, "2025-02-28"},
	} {
		if got := TermEnd(day(tc.start), tc.years).Format(time.DateOnly); got != tc.want {
			t.Errorf("TermEnd(%s, %d) = %s, want %s", tc.start, tc.years, got, tc.want)
		}
	}
}

func TestCadences(t *testing.T) {
	if got := strings.Join(Cadences(), " "); got != "tertial quarterly semiannual annual" {
		t.Errorf("Cadences() = %s", got)
	}
	for _, c := range Cadences() {
		if !Known(c) {
			t.Errorf("Known(%s) = false", c)
		}
		// Every period of a year parses back to itself, and they tile the
		// year without gaps.
		ps := Between(c, day("2024-01-01"), day("2024-12-31"))
		next := day("2024-01-01")
		for _, p := range ps {
			if !p.Start.Equal(next) {
				t.Errorf("%s: %s starts %s, want %s", c, p.Name, p.Start, next)
			}
			next = p.End.AddDate(0, 0, 1)
			if q, ok := Parse(p.Name); !ok || q != p {
				t.Errorf("Parse(%s) = %v, %v", p.Name, q, ok)
			}
		}
		if !next.Equal(day("2025-01-01")) {
			t.Errorf("%s: the periods of 2024 end before %s", c, next)
		}
	}
	if Known("monthly") {
		t.Error("monthly is not a cadence")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2025-T1", "2025-Y", "2025-Q4", "0000-H1", "2025-T9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := Parse(s)
		if !ok {
			return
		}
		if p.Name != s || p.End.Before(p.Start) || !p.Contains(p.Start) || !p.Contains(p.End) {
			t.Errorf("Parse(%q) = %+v", s, p)
		}
		if q, ok := Containing(p.Cadence(), p.Start); !ok || q != p {
			t.Errorf("Containing(%s, %s) = %v", p.Cadence(), p.Start, q)
		}
	})
}
