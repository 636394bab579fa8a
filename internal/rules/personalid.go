package rules

import (
	"sort"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/personalid"
)

// personalIDRules guard every file against national identity numbers.
var personalIDRules = []*Rule{personalID}

var personalID = &Rule{
	ID: "personal-id", Severity: diag.Error, Scope: Structure,
	Summary: diag.M("rule.personal-id.summary"),
	Doc:     diag.M("rule.personal-id.doc"),
	Example: "Pasienten (fnr 150385*****) fikk tilbud om genpanel.\n",
	Fix:     "En pasient fikk tilbud om genpanel.\n",
	Check: func(p *Pass) {
		opt := personalid.Options{NewControlDigits: newControlDigits(p)}
		check := "personal-id"
		if opt.NewControlDigits {
			check = "personal-id/2032"
		}
		// Only the few files with a match are sorted, not every file.
		found := map[string][]personalid.Match{}
		p.Repo.Memo(check, func(src []byte) any { return personalid.Find(src, opt) }, func(f string, v any) {
			if ms, _ := v.([]personalid.Match); len(ms) > 0 {
				found[f] = ms
			}
		})
		files := make([]string, 0, len(found))
		for f := range found {
			files = append(files, f)
		}
		sort.Strings(files)
		for _, f := range files {
			for _, m := range found[f] {
				kind := idKinds[m.Kind]
				if m.Rule2032 {
					kind = diag.M("rule.personal-id.kind", kind)
				}
				// No center: an identity number is never waived.
				p.ReportCenter(nil, diag.Pos{File: f, Line: m.Line, Col: m.Col},
					diag.M("rule.personal-id.message", kind, m.Masked),
					diag.M("rule.personal-id.hint"))
			}
		}
	},
}

// idKinds names each kind of number in a finding.
var idKinds = map[string]diag.Text{
	personalid.Fodselsnummer: diag.M("rules.id-kinds.text"),
	personalid.DNummer:       diag.M("rules.id-kinds.text-2"),
	personalid.HNummer:       diag.M("rules.id-kinds.text-3"),
	personalid.DHNummer:      diag.M("rules.id-kinds.text-4"),
}

// rule2032 is the day the population register starts issuing numbers by
// the new control-digit rule.
var rule2032 = time.Date(2032, 1, 1, 0, 0, 0, 0, time.UTC)

// newControlDigits reports whether the 2032 rule applies: from the day the
// register starts using it, or earlier when governance.yaml asks for it.
func newControlDigits(p *Pass) bool {
	if !p.AsOf.Before(rule2032) {
		return true
	}
	g := p.Repo.Governance
	return g != nil && g.PersonalID.NewControlDigits.V
}
