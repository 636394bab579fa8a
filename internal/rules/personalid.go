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
	Summary: diag.T("ingen fil inneholder et fødselsnummer, D-nummer eller H-nummer",
		"no file holds a Norwegian national identity number (fødselsnummer, D-number or H-number)"),
	Doc: diag.T("Dette er et repositorium for styring av sentrene, aldri et sted for pasienters eller ansattes identitetsnummer. Hver fil leses som tekst — også kommentarer og Markdown-tekst — og et tall på elleve sifre (eller seks og fem med ett mellomrom, en bindestrek eller et punktum imellom) som har en ekte fødselsdato og riktige kontrollsifre (mod 11), rapporteres der det står: fødselsnumre, D-numre (dag + 40), H-numre (måned + 40, sykehusenes hjelpenumre) og H-numre laget av D-numre. Fra 2032-01-01 kjennes også numrene Folkeregisteret tildeler fra 2032 igjen (rest 0–3 for første kontrollsiffer, århundret står ikke lenger i individnummeret); «personal_id: {new_control_digits: true}» i governance.yaml gjør det samme før 2032. Syntetiske testnumre fra Skatteetaten (måned + 80) og sifre som er en del av en id, en filsti eller en lenke, rapporteres ikke. Meldingen viser bare fødselsdatoen; resten av nummeret gjentas aldri. Funnet kan ikke unntas ved vedtak.",
		"This is a repository for governing the centers, never a place for a patient's or an employee's identity number. Every file is read as text — comments and Markdown text included — and a run of eleven digits (or six and five with one space, hyphen or dot between them) with a real date of birth and correct mod-11 control digits is reported where it stands: fødselsnummer, D-numbers (day + 40), H-numbers (month + 40, the hospitals' auxiliary numbers) and H-numbers made from D-numbers. From 2032-01-01 the numbers the population register issues from 2032 are recognised too (remainder 0–3 for the first control digit, the century no longer told by the individual number); \"personal_id: {new_control_digits: true}\" in governance.yaml does the same before 2032. Skatteetaten's synthetic test numbers (month + 80) and digits that are part of an id, a file path or a link are not reported. The message shows only the date of birth; the rest of the number is never repeated. The finding cannot be waived by a decision."),
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
					kind = tt("%s etter regelen for numre fra 2032", "%s by the rule for numbers issued from 2032", kind)
				}
				// No center: an identity number is never waived.
				p.ReportCenter(nil, diag.Pos{File: f, Line: m.Line, Col: m.Col},
					tt("her står det som ser ut som %s: %s; et styringsrepositorium skal aldri inneholde pasienters eller ansattes identitetsnummer", "this looks like %s: %s; a governance repository must never hold a patient's or employee's identity number", kind, m.Masked),
					diag.T("Fjern nummeret. Git husker tidligere versjoner: be maintainerne fjerne det fra historikken også, og meld det som avvik etter sykehusets rutiner.", "Remove the number. Git keeps earlier versions: ask the maintainers to remove it from the history as well, and report it as a deviation under the hospital's procedures."))
			}
		}
	},
}

// idKinds names each kind of number in a finding.
var idKinds = map[string]diag.Text{
	personalid.Fodselsnummer: diag.T("et fødselsnummer", "a national identity number (fødselsnummer)"),
	personalid.DNummer:       diag.T("et D-nummer", "a D-number"),
	personalid.HNummer:       diag.T("et H-nummer", "an H-number"),
	personalid.DHNummer:      diag.T("et H-nummer laget av et D-nummer", "an H-number made from a D-number"),
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
