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

func keyOf(d *diag.Diagnostic) key { return key{d.Rule, d.Center, d.Severity, d.Pos} }

// counts reports whether a finding is worth forecasting: an error or a
// warning (information and waived findings ask nothing of the committee).
func counts(d *diag.Diagnostic) bool { return d.Severity == diag.Error || d.Severity == diag.Warning }

// step records ds, judged on day, as seen, and gives those of its findings
// worth forecasting that had not been seen before: a finding whose message
// was seen at its key is not new; of the others at a key, as many as could
// be findings seen there before, judged on another day, are taken to be
// those. The new ones come in the order of ds.
//
// ds are in diag.Sort order, as validate.Result.At gives them (others are
// sorted first), so that the findings at one position of one rule are
// next to each other: the keys are found run by run, with one look into
// seen for each, rather than by a map of every finding of the day. A day
// of a large repository has tens of thousands of findings, and the
// forecast judges a few dozen days.
func (s seen) step(ds []diag.Diagnostic, day time.Time) []diag.Diagnostic {
	for i := 1; i < len(ds); i++ {
		if samePlace(&ds[i-1], &ds[i]) > 0 {
			ds = slices.Clone(ds)
			diag.Sort(ds)
			break
		}
	}
	on := day.Format(time.DateOnly)
	var out []diag.Diagnostic
	var group []int   // indexes in ds of the findings at one key
	var msgs []string // their messages, the day masked
	var done []bool   // which of a run's findings belong to a key already stepped
	for lo := 0; lo < len(ds); {
		hi := lo + 1
		for hi < len(ds) && samePlace(&ds[lo], &ds[hi]) == 0 {
			hi++
		}
		// The run ds[lo:hi] shares a position and a rule; its keys are
		// told apart by center and severity, in the order they come.
		done = slices.Grow(done[:0], hi-lo)[:hi-lo]
		clear(done)
		for first := lo; first < hi; first++ {
			if done[first-lo] || !counts(&ds[first]) {
				continue
			}
			k := keyOf(&ds[first])
			group, msgs = group[:0], msgs[:0]
			for i := first; i < hi; i++ {
				if !done[i-lo] && ds[i].Center == k.center && ds[i].Severity == k.sev {
					done[i-lo] = true
					group = append(group, i)
					msgs = append(msgs, strings.ReplaceAll(ds[i].Message.EN, on, "\x00"))
				}
			}
			out = s.stepKey(k, ds, group, msgs, out)
		}
		lo = hi
	}
	return out
}

// stepKey is step for the findings ds[group] at key k, with their masked
// messages: it appends the new ones to out and records them all.
func (s seen) stepKey(k key, ds []diag.Diagnostic, group []int, msgs []string, out []diag.Diagnostic) []diag.Diagnostic {
	e := s[k]
	if e == nil {
		e = &entry{msgs: make(map[string]bool, len(msgs))}
		s[k] = e
		for _, i := range group {
			out = append(out, ds[i])
		}
	} else {
		var rest []diag.Diagnostic
		for j, i := range group {
			if !e.msgs[msgs[j]] {
				rest = append(rest, ds[i])
			}
		}
		same := max(0, e.most-(len(group)-len(rest)))
		if same < len(rest) {
			slices.SortStableFunc(rest, func(a, b diag.Diagnostic) int { return cmp.Compare(a.Message.EN, b.Message.EN) })
			out = append(out, rest[same:]...)
		}
	}
	for _, m := range msgs {
		e.msgs[m] = true
	}
	e.most = max(e.most, len(group))
	return out
}

// samePlace orders findings by position and rule, as diag.Sort does first.
func samePlace(a, b *diag.Diagnostic) int {
	return cmp.Or(cmp.Compare(a.Pos.File, b.Pos.File), cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Col, b.Pos.Col), cmp.Compare(a.Rule, b.Rule))
}
