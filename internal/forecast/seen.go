package forecast

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
)

// seen are the findings already open or already forecast. A finding is the
// same on another day when it has the same rule, center, severity and
// position; its message may differ only where it names the day it was
// judged ("8 days overdue"), so messages only tell apart findings that
// share a position (two missing reports at the same term).
type seen map[key]*entry

type key struct {
	rule, center string
	sev          diag.Severity
	pos          diag.Pos
}

// entry is what was seen at a key: every message, and the most findings
// seen there on one day.
type entry struct {
	msgs map[string]bool
	most int
}

func newSeen() seen { return seen{} }

func keyOf(d diag.Diagnostic) key { return key{d.Rule, d.Center, d.Severity, d.Pos} }

// masked is d's message with the day it was judged on taken out.
func masked(d diag.Diagnostic, day time.Time) string {
	return strings.ReplaceAll(d.Message.EN, day.Format(time.DateOnly), "\x00")
}

// counts reports whether a finding is worth forecasting: an error or a
// warning (information and waived findings ask nothing of the committee).
func counts(d diag.Diagnostic) bool { return d.Severity == diag.Error || d.Severity == diag.Warning }

// groups are the indexes in ds of its findings worth forecasting, by key,
// and the keys in order. Indexes, not copies: a day of a large repository
// has many findings, and the forecast judges many days.
func groups(ds []diag.Diagnostic) (map[key][]int, []key) {
	g := map[key][]int{}
	var order []key
	for i := range ds {
		if !counts(ds[i]) {
			continue
		}
		k := keyOf(ds[i])
		if _, ok := g[k]; !ok {
			order = append(order, k)
		}
		g[k] = append(g[k], i)
	}
	return g, order
}

// add records ds, judged on day, as seen.
func (s seen) add(ds []diag.Diagnostic, day time.Time) {
	g, order := groups(ds)
	for _, k := range order {
		e := s[k]
		if e == nil {
			e = &entry{msgs: map[string]bool{}}
			s[k] = e
		}
		for _, i := range g[k] {
			e.msgs[masked(ds[i], day)] = true
		}
		e.most = max(e.most, len(g[k]))
	}
}

// fresh are the findings of ds, judged on day, that have not been seen: a
// finding whose message was seen at its position is not new; of the
// others at a position, as many as could be findings seen there before,
// judged on another day, are taken to be those.
func (s seen) fresh(ds []diag.Diagnostic, day time.Time) []diag.Diagnostic {
	g, order := groups(ds)
	var out []diag.Diagnostic
	for _, k := range order {
		e := s[k]
		if e == nil {
			for _, i := range g[k] {
				out = append(out, ds[i])
			}
			continue
		}
		var rest []diag.Diagnostic
		for _, i := range g[k] {
			if !e.msgs[masked(ds[i], day)] {
				rest = append(rest, ds[i])
			}
		}
		same := max(0, e.most-(len(g[k])-len(rest)))
		if same < len(rest) {
			slices.SortStableFunc(rest, func(a, b diag.Diagnostic) int { return cmp.Compare(a.Message.EN, b.Message.EN) })
			out = append(out, rest[same:]...)
		}
	}
	return out
}
