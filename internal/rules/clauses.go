package rules

import (
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
)

// Clause is one clause of the mandate for treatment-oriented centers, quoted
// (Norwegian original) and translated (English).
type Clause struct {
	ID    string
	Title diag.Text
	Quote diag.Text
}

// Clauses are the mandate's clauses in the order of the text. Clause ids
// are those of rules.md: B background, F purpose, O1–O8 tasks, A number and
// organisation, P1–P9 operating principles, R reporting and cooperation.
var Clauses = []Clause{
	{"B", diag.M("rules.clauses.text"), diag.M("rules.clauses.text-2")},
	{"F", diag.M("rules.clauses.text-3"), diag.M("rules.clauses.text-4")},
	{"O1", diag.M("rules.clauses.text-5"), diag.M("rules.clauses.text-6")},
	{"O2", diag.M("rules.clauses.text-7"), diag.M("rules.clauses.text-8")},
	{"O3", diag.M("rules.clauses.text-9"), diag.M("rules.clauses.text-10")},
	{"O4", diag.M("rules.clauses.text-11"), diag.M("rules.clauses.text-12")},
	{"O5", diag.M("rules.clauses.text-13"), diag.M("rules.clauses.text-14")},
	{"O6", diag.M("rules.clauses.text-15"), diag.M("rules.clauses.text-16")},
	{"O7", diag.M("rules.clauses.text-17"), diag.M("rules.clauses.text-18")},
	{"O8", diag.M("rules.clauses.text-19"), diag.M("rules.clauses.text-20")},
	{"A", diag.M("rules.clauses.text-21"), diag.M("rules.clauses.text-22")},
	{"P1", diag.M("rules.clauses.text-23"), diag.M("rules.clauses.text-24")},
	{"P2", diag.M("rules.clauses.text-25"), diag.M("rules.clauses.text-26")},
	{"P3", diag.M("rules.clauses.text-27"), diag.M("rules.clauses.text-28")},
	{"P4", diag.M("rules.clauses.text-29"), diag.M("rules.clauses.text-30")},
	{"P5", diag.M("rules.clauses.text-31"), diag.M("rules.clauses.text-32")},
	{"P6", diag.M("rules.clauses.text-33"), diag.M("rules.clauses.text-34")},
	{"P7", diag.M("rules.clauses.text-35"), diag.M("rules.clauses.text-36")},
	{"P8", diag.M("rules.clauses.text-37"), diag.M("rules.clauses.text-38")},
	{"P9", diag.M("rules.clauses.text-39"), diag.M("rules.clauses.text-40")},
	{"R", diag.M("rules.clauses.text-41"), diag.M("rules.clauses.text-42")},
}

// ClauseByID returns the clause with id, or nil.
func ClauseByID(id string) *Clause {
	for i := range Clauses {
		if Clauses[i].ID == id {
			return &Clauses[i]
		}
	}
	return nil
}

// ClauseIDs splits a rule's clause reference ("O1–O8", "A, P1") into clause
// ids, expanding ranges.
func ClauseIDs(ref string) []string {
	var out []string
	for _, part := range strings.Split(ref, ",") {
		part = strings.TrimSpace(part)
		from, to, isRange := strings.Cut(part, "–")
		if !isRange {
			from, to, isRange = strings.Cut(part, "-")
		}
		if isRange && len(from) > 1 && len(to) > 1 && from[0] == to[0] {
			lo, hi := from[1:], to[1:]
			inRange := false
			for _, c := range Clauses {
				if c.ID == string(from[0])+lo {
					inRange = true
				}
				if inRange && c.ID[0] == from[0] {
					out = append(out, c.ID)
				}
				if c.ID == string(from[0])+hi {
					break
				}
			}
			continue
		}
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

// RulesForClause lists the rules that enforce clause id.
func RulesForClause(id string) []*Rule {
	var out []*Rule
	for _, r := range All {
		for _, c := range ClauseIDs(r.Clause) {
			if c == id {
				out = append(out, r)
				break
			}
		}
	}
	return out
}
