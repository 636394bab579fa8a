package rules

import "github.com/ous-pm/pmgov/internal/diag"

// structureRules are reported by the loader, the schema and the model (and
// the git-backed gate); they are catalogued here so that docs, SARIF, waivers
// and severity overrides know them.
var structureRules = []*Rule{
	{
		ID: "syntax", Severity: diag.Error, Scope: Structure,
		Summary: diag.T("filen kan leses: YAML-syntaks, forside, UTF-8, ingen doble felt eller tabulatorer",
			"the file parses: YAML syntax, front matter, UTF-8, no duplicate keys or tabs"),
		Doc: diag.T("Hver fil må kunne leses før noe annet kan sjekkes: gyldig YAML, innrykk med mellomrom (ikke tabulator), hvert felt én gang, Markdown-filer med forside mellom to «---»-linjer, og tekst lagret som UTF-8 (et BOM-merke fjernes stille).",
			"Every file must parse before anything else can be checked: valid YAML, indentation with spaces (not tabs), each field once, Markdown files with front matter between two \"---\" lines, and text saved as UTF-8 (a byte-order mark is stripped silently)."),
		Example: "id: kre\nid: kre2\n",
		Fix:     "id: kre\n",
	},
	{
		ID: "schema", Severity: diag.Error, Scope: Structure, Change: checkPlaceholders,
		Summary: diag.T("dokumentet følger sitt JSON-skjema: påkrevde felt, ingen ukjente felt, typer, verdilister og formater",
			"the document matches its JSON Schema: required fields, no unknown fields, types, enums, formats"),
		Doc: diag.T("Hver filtype har et skjema (`pmgov schema TYPE`). Felt som mangler, felt som ikke finnes, feil type, verdier utenfor listen, datoer som ikke er ÅÅÅÅ-MM-DD, ugyldige e-postadresser og lenker som ikke er https, http eller mailto rapporteres der de står.",
			"Every kind of file has a schema (`pmgov schema KIND`). Missing fields, unknown fields, wrong types, values outside the list, dates not written YYYY-MM-DD, invalid emails and links other than https, http or mailto are reported where they stand."),
		Example: "id: kre\nleadr: kari.nordmann\n",
		Fix:     "id: kre\nleader: kari.nordmann\n",
	},
	{
		ID: "unknown-file", Severity: diag.Error, Scope: Structure,
		Summary: diag.T("hver fil i datamappene har en kjent plass og type", "every file under the data folders has a known place and kind"),
		Doc: diag.T("Under org/, committee/ og centers/ kan bare filene i datamodellen ligge. En løs fil (for eksempel centers/kre/notater.txt) rapporteres i stedet for å bli oversett, så ingenting forsvinner ubemerket. Er navnet nesten riktig (report/ for reports/, rapporter/, strategi-2024-2026.md, .yml), foreslår meldingen det riktige; det gjelder også en mappe på toppnivå som centres/.",
			"Under org/, committee/ and centers/ only the files of the data model may exist. A stray file (such as centers/kre/notes.txt) is reported rather than ignored, so nothing disappears unnoticed. When the name is nearly right (report/ for reports/, rapporter/, strategi-2024-2026.md, .yml), the message suggests the right one; so it does for a top-level folder such as centres/."),
		Example: "centers/kre/notater.txt\n",
		Fix:     "centers/kre/reports/2025-T1.md\n",
	},
	{
		ID: "id-mismatch", Severity: diag.Error, Scope: Structure,
		Summary: diag.T("id, år eller periode i filen stemmer med filnavnet og mappen", "the id, year or period in a file agrees with its file name and folder"),
		Doc: diag.T("Filnavnet og id-en sier det samme: centers/kre/center.yaml har `id: kre`, en rapport reports/2025-T1.md har `period: 2025-T1`, et vedtak PMU-2024-03.md har `id: PMU-2024-03`.",
			"The file name and the id say the same: centers/kre/center.yaml has `id: kre`, a report reports/2025-T1.md has `period: 2025-T1`, a decision PMU-2024-03.md has `id: PMU-2024-03`."),
		Example: "# centers/kre/center.yaml\nid: kreft\n",
		Fix:     "# centers/kre/center.yaml\nid: kre\n",
	},
	{
		ID: "duplicate-id", Severity: diag.Error, Scope: Structure,
		Summary: diag.T("id-er er unike innen sin type", "ids are unique within their kind"),
		Doc: diag.T("Personer, enheter, sentre, vedtak, tiltak, mål og programmer har hver sin unike id, ellers vet ingen hva en henvisning peker på.",
			"People, units, centers, decisions, actions, goals and programmes each have a unique id; otherwise nobody knows what a reference points at."),
		Example: "people:\n  - id: kari.nordmann\n  - id: kari.nordmann\n",
		Fix:     "people:\n  - id: kari.nordmann\n  - id: kari.nordmann2\n",
	},
	{
		ID: "ref", Severity: diag.Error, Scope: Structure,
		Summary: diag.T("hver henvisning peker på noe som finnes", "every reference resolves"),
		Doc: diag.T("Personer, enheter, sentre, vedtak, møter, mål, tiltak, sykdomsgrupper, teknologiområder, nasjonale aktiviteter og mandater det henvises til, må finnes i dataene.",
			"Every person, unit, center, decision, meeting, goal, action, disease group, technology area, national activity and mandate referred to must exist in the data."),
		Example: "leader: kari.nordman\n",
		Fix:     "leader: kari.nordmann\n",
	},
	{
		ID: "limits", Severity: diag.Error, Scope: Structure,
		Summary: diag.T("filen er under størrelsesgrensen, uten YAML-aliaser og ikke absurd dypt nestet",
			"the file is under the size limit, has no YAML aliases, and is not nested absurdly deep"),
		Doc: diag.T("En fil kan være høyst 1 MiB, kan ikke bruke YAML-ankere og -aliaser (&, *, <<), kan ikke være nestet dypere enn 64 nivåer, og en symbolsk lenke kan ikke peke ut av repositoriet. Grensene beskytter verktøyet mot filer som ville brukt opp maskinen.",
			"A file may be at most 1 MiB, may not use YAML anchors and aliases (&, *, <<), may not nest deeper than 64 levels, and a symbolic link may not point outside the repository. The limits protect the tool from files that would exhaust the machine."),
		Example: "board: &b [kari.nordmann]\neditors: *b\n",
		Fix:     "board: [kari.nordmann]\neditors: [kari.nordmann]\n",
	},
}
