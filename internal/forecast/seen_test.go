package forecast

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
)

// TestStepIsByKey holds seen.step, which finds the keys run by run in the
// sorted findings, to the plain reading of what it does: group each day's
// findings by key in a map, find the new ones against what was seen, then
// record them. Random days of findings with many ties on every part of the
// key, messages that name the day, information and waived findings, and
// days given out of order, over many days, give the same new findings in
// the same order from both.
func TestStepIsByKey(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for round := range 40 {
		s, ref := newSeen(), map[key]*entry{}
		for d := range 12 {
			day := start.AddDate(0, 0, d)
			ds := make([]diag.Diagnostic, r.IntN(60))
			for i := range ds {
				msg := "m" + strconv.Itoa(r.IntN(3))
				if r.IntN(4) == 0 {
					msg += " on " + day.Format(time.DateOnly)
				}
				ds[i] = diag.Diagnostic{
					Rule:     "r" + strconv.Itoa(r.IntN(2)),
					Center:   "c" + strconv.Itoa(r.IntN(2)),
					Severity: diag.Severity(r.IntN(4)),
					Pos:      diag.Pos{File: "f" + strconv.Itoa(r.IntN(2)), Line: r.IntN(3), Col: 1},
					Message:  diag.Text{EN: msg},
					Hint:     diag.Text{EN: strconv.Itoa(i)}, // tells equal findings apart
				}
			}
			if round%2 == 0 {
				diag.Sort(ds) // as validate gives them; odd rounds are in no order
			}
			want := refStep(ref, ds, day)
			got := s.step(ds, day)
			if !slices.EqualFunc(got, want, func(a, b diag.Diagnostic) bool { return a.Hint.EN == b.Hint.EN && a.Message.EN == b.Message.EN }) {
				t.Fatalf("round %d, day %d: step gives %d new findings, the map by key %d, or others", round, d, len(got), len(want))
			}
		}
	}
}

// refStep is what step does, read plainly; ds are sorted first, as step
// sorts findings that are not.
func refStep(s map[key]*entry, ds []diag.Diagnostic, day time.Time) []diag.Diagnostic {
	ds = slices.Clone(ds)
	diag.Sort(ds)
	masked := func(d diag.Diagnostic) string {
		return strings.ReplaceAll(d.Message.EN, day.Format(time.DateOnly), "\x00")
	}
	g := map[key][]diag.Diagnostic{}
	var order []key
	for _, d := range ds {
		if !counts(&d) {
			continue
		}
		k := keyOf(&d)
		if _, ok := g[k]; !ok {
			order = append(order, k)
		}
		g[k] = append(g[k], d)
	}
	var out []diag.Diagnostic
	for _, k := range order {
		e := s[k]
		if e == nil {
			out = append(out, g[k]...)
			continue
		}
		var rest []diag.Diagnostic
		for _, d := range g[k] {
			if !e.msgs[masked(d)] {
				rest = append(rest, d)
			}
		}
		if same := max(0, e.most-(len(g[k])-len(rest))); same < len(rest) {
			slices.SortStableFunc(rest, func(a, b diag.Diagnostic) int { return cmp.Compare(a.Message.EN, b.Message.EN) })
			out = append(out, rest[same:]...)
		}
	}
	for _, k := range order {
		e := s[k]
		if e == nil {
			e = &entry{msgs: map[string]bool{}}
			s[k] = e
		}
		for _, d := range g[k] {
			e.msgs[masked(d)] = true
		}
		e.most = max(e.most, len(g[k]))
	}
	return out
}
