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
	{"B", diag.M("mandate.clause.b.title"), diag.M("mandate.clause.b.quote")},
	{"F", diag.M("mandate.clause.f.title"), diag.M("mandate.clause.f.quote")},
	{"O1", diag.M("mandate.clause.o1.title"), diag.M("mandate.clause.o1.quote")},
	{"O2", diag.M("mandate.clause.o2.title"), diag.M("mandate.clause.o2.quote")},
	{"O3", diag.M("mandate.clause.o3.title"), diag.M("mandate.clause.o3.quote")},
	{"O4", diag.M("mandate.clause.o4.title"), diag.M("mandate.clause.o4.quote")},
	{"O5", diag.M("mandate.clause.o5.title"), diag.M("mandate.clause.o5.quote")},
	{"O6", diag.M("mandate.clause.o6.title"), diag.M("mandate.clause.o6.quote")},
	{"O7", diag.M("mandate.clause.o7.title"), diag.M("mandate.clause.o7.quote")},
	{"O8", diag.M("mandate.clause.o8.title"), diag.M("mandate.clause.o8.quote")},
	{"A", diag.M("mandate.clause.a.title"), diag.M("mandate.clause.a.quote")},
	{"P1", diag.M("mandate.clause.p1.title"), diag.M("mandate.clause.p1.quote")},
	{"P2", diag.M("mandate.clause.p2.title"), diag.M("mandate.clause.p2.quote")},
	{"P3", diag.M("mandate.clause.p3.title"), diag.M("mandate.clause.p3.quote")},
	{"P4", diag.M("mandate.clause.p4.title"), diag.M("mandate.clause.p4.quote")},
	{"P5", diag.M("mandate.clause.p5.title"), diag.M("mandate.clause.p5.quote")},
	{"P6", diag.M("mandate.clause.p6.title"), diag.M("mandate.clause.p6.quote")},
	{"P7", diag.M("mandate.clause.p7.title"), diag.M("mandate.clause.p7.quote")},
	{"P8", diag.M("mandate.clause.p8.title"), diag.M("mandate.clause.p8.quote")},
	{"P9", diag.M("mandate.clause.p9.title"), diag.M("mandate.clause.p9.quote")},
	{"R", diag.M("mandate.clause.r.title"), diag.M("mandate.clause.r.quote")},
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
