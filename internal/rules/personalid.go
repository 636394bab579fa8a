package rules

import (
	"sort"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/personalid"
)

// personalIDRules guard every file against national identity numbers.
var personalIDRules = []*Rule{personalID}

var personalID = &Rule{
	ID: "personal-id", Severity: diag.Error, Scope: Structure,
	Summary: diag.T("ingen fil inneholder et fødselsnummer eller D-nummer",
		"no file holds a Norwegian national identity number (fødselsnummer or D-number)"),
	Doc: diag.T("Dette er et repositorium for styring av sentrene, aldri et sted for pasienters eller ansattes identitetsnummer. Hver fil leses som tekst — også kommentarer og Markdown-tekst — og et tall på elleve sifre (eller seks og fem med ett mellomrom) som har en ekte fødselsdato og riktige kontrollsifre (mod 11), rapporteres der det står. Syntetiske testnumre (måned + 40 eller + 80) og sifre som er en del av en id, en filsti eller en lenke, rapporteres ikke. Meldingen viser bare fødselsdatoen; resten av nummeret gjentas aldri. Funnet kan ikke unntas ved vedtak.",
		"This is a repository for governing the centers, never a place for a patient's or an employee's identity number. Every file is read as text — comments and Markdown text included — and a run of eleven digits (or six and five with one space) with a real date of birth and correct mod-11 control digits is reported where it stands. Synthetic test numbers (month + 40 or + 80) and digits that are part of an id, a file path or a link are not reported. The message shows only the date of birth; the rest of the number is never repeated. The finding cannot be waived by a decision."),
	Example: "Pasienten (fnr 150385*****) fikk tilbud om genpanel.\n",
	Fix:     "En pasient fikk tilbud om genpanel.\n",
	Check: func(p *Pass) {
		files := make([]string, 0, len(p.Repo.Sources))
		for f := range p.Repo.Sources {
			files = append(files, f)
		}
		sort.Strings(files)
		for _, f := range files {
			for _, m := range personalid.Find(p.Repo.Sources[f]) {
				kind := diag.T("et fødselsnummer", "a national identity number (fødselsnummer)")
				if m.Kind == personalid.DNummer {
					kind = diag.T("et D-nummer", "a D-number")
				}
				// No center: an identity number is never waived.
				p.ReportCenter(nil, diag.Pos{File: f, Line: m.Line, Col: m.Col},
					tt("her står det som ser ut som %s: %s; et styringsrepositorium skal aldri inneholde pasienters eller ansattes identitetsnummer", "this looks like %s: %s; a governance repository must never hold a patient's or employee's identity number", kind, m.Masked),
					diag.T("Fjern nummeret. Git husker tidligere versjoner: be maintainerne fjerne det fra historikken også, og meld det som avvik etter sykehusets rutiner.", "Remove the number. Git keeps earlier versions: ask the maintainers to remove it from the history as well, and report it as a deviation under the hospital's procedures."))
			}
		}
	},
}
