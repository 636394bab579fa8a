// Package diag defines the diagnostic every stage of pmgov reports: a rule id,
// a severity, a position in the repository, and bilingual text.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Pos is a position in a repository file. File is relative to the repository
// root with forward slashes; Line and Col are 1-based. A zero Line means the
// whole file.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position compiler style: file:line:col.
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// IsZero reports whether the position names no file.
func (p Pos) IsZero() bool { return p.File == "" }

// Severity is how much a diagnostic matters.
type Severity int

// Severities, from the least to the most severe. Waived is a diagnostic that
// a committee decision silenced: it is shown and counted, but never fails a run.
const (
	Info Severity = iota
	Waived
	Warning
	Error
)

var severityNames = [...]string{Info: "info", Waived: "waived", Warning: "warning", Error: "error"}

// String returns the severity's name as used in every output format.
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity parses a severity name as written in governance.yaml.
func ParseSeverity(s string) (Severity, bool) {
	for i, n := range severityNames {
		if n == s && Severity(i) != Waived {
			return Severity(i), true
		}
	}
	return 0, false
}

// Lang is a message language.
type Lang string

// The languages pmgov speaks.
const (
	NB Lang = "nb"
	EN Lang = "en"
)

// ParseLang accepts "nb" (also "no", "nb-NO") and "en".
func ParseLang(s string) (Lang, bool) {
	switch s {
	case "nb", "no", "nb-NO", "nb_NO":
		return NB, true
	case "en", "en-GB", "en-US":
		return EN, true
	}
	return "", false
}

// Text is a message in both languages pmgov speaks.
type Text struct {
	NB string
	EN string
}

// T builds a Text from a Norwegian and an English format string sharing
// args. Both are always formatted (so "%%" is a percent sign), as go vet
// expects of a printf-like function.
// Tests use it for made-up texts; shipped code says its words with M and
// a key of the catalogue (words/*.yaml), and TestCatalogue fails on an
// inline pair outside the files its notMigrated lists.
func T(nb, en string, args ...any) Text {
	return Text{NB: fmt.Sprintf(nb, args...), EN: fmt.Sprintf(en, args...)}
}

// In returns the text in lang, falling back to the other language when empty.
func (t Text) In(lang Lang) string {
	if lang == EN && t.EN != "" || t.NB == "" {
		return t.EN
	}
	return t.NB
}

// Diagnostic is one finding.
type Diagnostic struct {
	Rule     string
	Severity Severity
	Pos      Pos
	Message  Text
	Hint     Text
	// Brief, when set, is the finding in the committee's words: who and
	// what, without file paths or fixes ("kre mangler handlingsplan for
	// 2027"). The forecast, the report and the agenda show it; where it
	// is empty they show Message.
	Brief  Text
	Clause string
	// Center is the id of the center the finding concerns, if any; waivers
	// match on it.
	Center string
	// WaivedBy names the committee decision that waived the diagnostic.
	WaivedBy string
}

// Sort orders diagnostics by file, line, column, then rule and message, so
// every output is stable; findings equal in all of those keep the order
// they came in.
//
// It sorts the findings' indexes, the index being the last key, and then
// moves each finding once: slices.SortStableFunc gives the same order but
// is an in-place merge sort, O(n log² n) in moves of these 200-byte values,
// and the forecast sorts a large repository's findings once for every day
// it judges. TestSortIsStable holds the two to the same order.
func Sort(ds []Diagnostic) {
	if len(ds) < 2 {
		return
	}
	idx := make([]int, len(ds))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int { return cmp.Or(compare(&ds[i], &ds[j]), cmp.Compare(i, j)) })
	// idx[k] is the finding that goes to k: follow each cycle of the
	// permutation with one finding in hand, marking each place done.
	for start := range idx {
		if idx[start] < 0 || idx[start] == start {
			continue
		}
		held := ds[start]
		k := start
		for {
			from := idx[k]
			idx[k] = -1
			if from == start {
				ds[k] = held
				break
			}
			ds[k] = ds[from]
			k = from
		}
	}
}

// compare is Sort's order, without the tie on arrival.
func compare(a, b *Diagnostic) int {
	return cmp.Or(
		cmp.Compare(a.Pos.File, b.Pos.File),
		cmp.Compare(a.Pos.Line, b.Pos.Line),
		cmp.Compare(a.Pos.Col, b.Pos.Col),
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Message.EN, b.Message.EN),
	)
}

// Summary counts diagnostics by severity.
type Summary struct {
	Files    int `json:"files"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	Waived   int `json:"waived"`
	Infos    int `json:"infos,omitempty"`
}

// Summarize counts ds. files is the number of files examined.
func Summarize(files int, ds []Diagnostic) Summary {
	s := Summary{Files: files}
	for _, d := range ds {
		switch d.Severity {
		case Error:
			s.Errors++
		case Warning:
			s.Warnings++
		case Waived:
			s.Waived++
		case Info:
			s.Infos++
		}
	}
	return s
}

// List collects diagnostics. The zero value is ready to use. It is not safe
// for concurrent use.
type List struct {
	Items []Diagnostic
}

// Add appends d.
func (l *List) Add(d Diagnostic) { l.Items = append(l.Items, d) }

// Addf appends a diagnostic built from its parts.
func (l *List) Addf(rule string, sev Severity, pos Pos, msg, hint Text) {
	l.Add(Diagnostic{Rule: rule, Severity: sev, Pos: pos, Message: msg, Hint: hint})
}

// Day is a date as the committee writes it: "1. januar 2027", "1 January
// 2027" (the catalogue's date.day, with the month's name date.month.<n>).
func Day(t time.Time) Text {
	e := catalogue()["date.month."+strconv.Itoa(int(t.Month()))]
	return M("date.day", t.Day(), Text{NB: e.nb, EN: e.en}, t.Year())
}
