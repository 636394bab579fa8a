package schema

import (
	"strings"
	"testing"
)

// TestErrors checks that each kind of mistake gives exactly one diagnostic,
// at the line and column a reader would look at, saying what is wrong and
// what to write.
func TestErrors(t *testing.T) {
	const center = "centers/kre/center.yaml"
	const techBase = "id: kre\nname: Senter\nkind: technology\nstatus: proposed\nanchor_unit: KRE\n"
	tests := []struct {
		name, path, src string
		pos             string // line:col
		msg             string // the English message, exactly
		hintNB, hintEN  string // substrings of the hint
	}{
		{
			name: "unknown key near a known one", path: center, src: techBase + "leadr: kari.nordmann\n",
			pos: "6:1", msg: `unknown field "leadr"`,
			hintNB: "Mente du «leader» (Senterleder)?", hintEN: `Did you mean "leader"?`,
		},
		{
			name: "unknown key far from any", path: center, src: techBase + "budget: 100\n",
			pos: "6:1", msg: `unknown field "budget"`,
			hintNB: "Fjern feltet", hintEN: "fields allowed here: anchor_unit, board,",
		},
		{
			name: "unknown key in a list item", path: center, src: techBase + "board:\n  - person: kari.nordmann\n    role: leader\n    competence: [clinic]\n",
			pos: "9:5", msg: `unknown field "competence" in board item 1 (kari.nordmann)`,
			hintNB: "Mente du «competences» (Kompetanser)?", hintEN: "Allowed fields here: competences, person, role.",
		},
		{
			name: "unknown key in front matter", path: "committee/meetings/2025-06-12.md",
			src: "---\ndate: 2025-06-12\ntitle: Møte\nattendee: [kari.nordmann]\n---\nReferat\n",
			pos: "4:1", msg: `unknown field "attendee"`, hintEN: `Did you mean "attendees"?`,
		},
		{
			name: "missing required field", path: center, src: "id: kre\nname: Senter\nkind: technology\nanchor_unit: KRE\n",
			pos: "1:1", msg: `the required field "status" is missing`,
			hintNB: "Legg til linjen «status: active».", hintEN: `Add the line "status: active".`,
		},
		{
			name: "missing required field in an item", path: "org/people.yaml", src: "people:\n  - id: kari.nordmann\n    email: kari@example.org\n",
			pos: "2:5", msg: `the required field "name" is missing in people item 1 (kari.nordmann)`,
			hintNB: "«name: Kari Nordmann»",
		},
		{
			name: "mandate required for treatment", path: center,
			src: "id: kre\nname: Senter\nkind: treatment\ntheme: cancer\nstatus: proposed\nanchor_unit: KRE\n",
			pos: "1:1", msg: `the required field "mandate" is missing; it is required when "kind" is "treatment"`,
			hintEN: `"mandate: treatment-centers"`,
		},
		{
			name: "mandate optional for technology", path: center, src: techBase + "theme: genomics\n",
		},
		{
			name: "established_by required once active", path: center,
			src: "id: gen\nname: Genomikk\nkind: technology\nstatus: active\nanchor_unit: KLM\n",
			pos: "1:1", msg: `the required field "established_by" is missing; it is required when "status" is "active" or "closed"`,
		},
		{
			name: "closed_by may be a decision", path: center, src: techBase + "closed_by: PMU-2027-04\n",
		},
		{
			name: "bad enum", path: center, src: strings.Replace(techBase, "kind: technology", "kind: treatmnt", 1),
			pos: "3:7", msg: `"kind" has the value "treatmnt", which is not allowed`,
			hintNB: "Mente du «treatment»? Skriv «kind: treatment».", hintEN: "Allowed values: treatment, technology.",
		},
		{
			name: "bad enum in a list", path: "committee/committee.yaml",
			src: "name: PM-utvalget\nunit: STAB\nmembers:\n  - {person: kari.nordmann, role: leader}\n",
			pos: "4:35", msg: `"role" under members item 1 (kari.nordmann) has the value "leader", which is not allowed`,
			hintNB: "Skriv en av de tillatte verdiene: chair, member, secretary.",
		},
		{
			name: "bad cadence", path: "governance.yaml",
			src: "organisation: OUS HF\nshort_name: OUS\nlanguages: [nb]\nreporting:\n  cadence: monthly\n",
			pos: "5:12", msg: `"cadence" under reporting has the value "monthly", which is not allowed`,
			hintEN: "tertial, quarterly, semiannual, annual",
		},
		{
			name: "date that does not exist", path: "committee/meetings/2025-06-12.md",
			src: "---\ndate: 2025-02-30\ntitle: Møte\n---\n",
			pos: "2:7", msg: `the date "2025-02-30" in "date" does not exist: February 2025 has 28 days`,
			hintNB: "siste dag i måneden er 2025-02-28",
		},
		{
			name: "date without leading zeros", path: center,
			src: techBase + "terms:\n  - {start: 2025-6-1, end: 2028-05-31}\n",
			pos: "7:13", msg: `"2025-6-1" in "start" under terms item 1 is not written as YYYY-MM-DD`,
			hintNB: "Skriv «2025-06-01»", hintEN: `Write "2025-06-01"`,
		},
		{
			name: "Norwegian date order", path: "centers/kre/advice/2025-03-01-x.md",
			src: "---\ndate: 01.03.2025\ntitle: Råd\nto_unit: KLM\npriority: high\nstatus: proposed\n---\n",
			pos: "2:7", msg: `"01.03.2025" in "date" is not written as YYYY-MM-DD`, hintNB: "Skriv «2025-03-01»",
		},
		{
			name: "bad email", path: "org/people.yaml",
			src: "people:\n  - id: kari.nordmann\n    name: Kari Nordmann\n    email: kari.nordmann.example.org\n",
			pos: "4:12", msg: `"kari.nordmann.example.org" in "email" under people item 1 (kari.nordmann) is not a valid email address`,
			hintEN: `Example: "email: kari.nordmann@example.org"`,
		},
		{
			name: "javascript URL", path: "org/national-activities.yaml",
			src: "activities:\n  - id: inpred\n    name: InPreD\n    url: \"javascript:alert(1)\"\n",
			pos: "4:10", msg: `"javascript:alert(1)" in "url" under activities item 1 (inpred) is not an allowed link: only addresses starting with https://, http:// or mailto: are accepted`,
			hintNB: "Eksempel: «url: https://www.inpred.no/»",
		},
		{
			name: "URL without scheme", path: center,
			src: techBase + "research:\n  - {title: Studie, role: leads, url: www.example.org/studie}\n",
			pos: "7:39", msg: `"www.example.org/studie" in "url" under research item 1 is not an allowed link: only addresses starting with https://, http:// or mailto: are accepted`,
			hintEN: `Write "url: https://www.example.org/studie".`,
		},
		{
			name: "string instead of list", path: center, src: techBase + "participating_units: KRE\n",
			pos: "6:22", msg: `"participating_units" must be a list, but is text: "KRE"`,
			hintNB: "Eksempel: «participating_units: [KRE, KLM-AMG, MED]».",
		},
		{
			name: "quoted number", path: "centers/kre/action-plans/2025.yaml",
			src: "year: \"2025\"\nactions:\n  - {id: KRE-2025-01, title: Tiltak, tasks: [research]}\n",
			pos: "1:7", msg: `"year" must be a whole number, but is text: "2025"`,
			hintNB: "Skriv bare tallet, uten %, enhet eller anførselstegn: «year: 2025».",
		},
		{
			name: "share with a percent sign", path: "centers/kre/reports/2025-T1.md",
			src: "---\nperiod: 2025-T1\nsubmitted: 2025-05-10\nauthor: kari.nordmann\naction_plan: 2025\nactions: []\neffort:\n  unit: percent\n  allocation:\n    - group: lung-cancer\n      share: 30,5 %\n      rationale: Flest pasienter.\n---\n",
			pos: "11:14", msg: `"share" under effort → allocation item 1 (lung-cancer) must be a number, but is text: "30,5 %"`,
			hintNB: "Skriv bare tallet, uten %, enhet eller anførselstegn: «share: 30.5».",
		},
		{
			name: "decimal comma in braces", path: "centers/kre/reports/2025-T1.md",
			src: "---\nperiod: 2025-T1\nsubmitted: 2025-05-10\nauthor: kari.nordmann\naction_plan: 2025\nactions: []\neffort:\n  unit: percent\n  allocation:\n    - {group: lung-cancer, share: 30,5 %, rationale: Flest pasienter.}\n---\n",
			pos: "10:38", msg: `unknown field "5 %" in effort → allocation item 1 (lung-cancer)`,
			hintNB: "Skriv desimaltall med punktum, som 30.5: mellom { } skiller kommaet feltene, så «5 %» ble lest som et eget felt.",
		},
		{
			name: "number instead of text", path: "org/units.yaml",
			src: "units:\n  - {id: OUS, name: 42, level: N1}\n",
			pos: "2:21", msg: `"name" under units item 1 (OUS) must be text, but is a whole number: "42"`,
			hintNB: "Sett verdien i anførselstegn",
		},
		{
			name: "empty value", path: center, src: techBase + "leader:\n",
			pos: "6:1", msg: `the field "leader" is empty`,
			hintNB: "Skriv en verdi etter kolonet. Eksempel: «leader: kari.nordmann».",
		},
		{
			name: "blank text", path: center, src: strings.Replace(techBase, "name: Senter", `name: "  "`, 1),
			pos: "2:7", msg: `the field "name" is empty`,
		},
		{
			name: "map instead of list", path: "centers/kre/education.yaml", src: "programmes:\n  id: x\n",
			pos: "2:3", msg: `"programmes" must be a list, but is a set of fields (name: value)`,
		},
		{
			name: "id not kebab-case", path: center, src: techBase + "disease_groups:\n  - {id: Lung Cancer, name: Lungekreft}\n",
			pos: "7:10", msg: `"Lung Cancer" in "id" under disease_groups item 1 is not a valid id: use only lower-case letters a–z, digits and hyphens`,
			hintNB: "Skriv «id: lung-cancer».",
		},
		{
			name: "person id with Norwegian letters", path: center, src: techBase + "leader: bjørn.sæther\n",
			pos: "6:9", msg: `"bjørn.sæther" in "leader" is not a valid person id: firstname.lastname in lower case without æ, ø and å`,
			hintNB: "Skriv «leader: bjorn.saether».",
		},
		{
			name: "decision id without padding", path: center, src: techBase + "closed_by: PMU-2027-4\n",
			pos: "6:12", msg: `"PMU-2027-4" in "closed_by" is not a valid decision id: abbreviation, year and a number of at least two digits, like PMU-2024-03`,
			hintEN: `Write "closed_by: PMU-2027-04".`,
		},
		{
			name: "period pattern", path: "centers/kre/reports/2025-T1.md",
			src: "---\nperiod: 2025-t1\nsubmitted: 2025-05-10\nauthor: kari.nordmann\n---\n",
			pos: "2:9", msg: `"2025-t1" in "period" is not a valid period: year and T1–T3, Q1–Q4, H1–H2 or Y, like 2025-T1`,
			hintNB: "Skriv «period: 2025-T1».",
		},
		{
			name: "waivers only with type waiver", path: "committee/decisions/PMU-2024-03.md",
			src: "---\nid: PMU-2024-03\ndate: 2024-03-12\ntitle: Vedtak\ntype: other\nwaivers:\n  - {rule: leader, center: bar, until: 2025-06-30}\n---\n",
			pos: "6:1", msg: `the field "waivers" is only allowed when "type" is "waiver"`,
			hintNB: "Fjern «waivers», eller sett «type: waiver»",
		},
		{
			name: "waiver needs waivers", path: "committee/decisions/PMU-2024-03.md",
			src: "---\nid: PMU-2024-03\ndate: 2024-03-12\ntitle: Vedtak\ntype: waiver\n---\n",
			pos: "2:1", msg: `the required field "waivers" is missing; it is required when "type" is "waiver"`,
		},
		{
			name: "waiver of an unknown rule", path: "committee/decisions/PMU-2024-03.md",
			src: "---\nid: PMU-2024-03\ndate: 2024-03-12\ntitle: Vedtak\ntype: waiver\nwaivers:\n  - {rule: board-competance, center: bar, until: 2025-06-30}\n---\n",
			pos: "7:12", msg: `"rule" under waivers item 1 (bar) has the value "board-competance", which is not allowed`,
			hintEN: `Did you mean "board-competence"?`,
		},
		{
			name: "unit parent required below N1", path: "org/units.yaml",
			src: "units:\n  - {id: OUS, name: OUS, level: N1}\n  - {id: KRE, name: Kreftklinikken, level: N2}\n",
			pos: "3:5", msg: `the required field "parent" is missing in units item 2 (KRE); it is required when "level" is "N2" or "N3" or "N4"`,
		},
		{
			name: "empty list where one item is needed", path: "centers/kre/strategy-2024-2027.md",
			src: "---\nperiod: {start: 2024-01-01, end: 2027-12-31}\ngoals: []\n---\n",
			pos: "3:8", msg: `the list "goals" needs at least 1 item(s), but has 0`,
		},
		{
			name: "duplicate in a list", path: center, src: techBase + "participating_units: [KRE, MED, KRE]\n",
			pos: "6:33", msg: `"KRE" appears twice in the list "participating_units" (items 1 and 3)`,
		},
		{
			name: "number below minimum", path: "centers/kre/evaluations/term-1.md",
			src: "---\nterm: 0\ndate: 2024-06-15\noutcome: continue\n---\n",
			pos: "2:7", msg: `"term" is 0, but must be at least 1`,
		},
		{
			name: "unknown rule in severity", path: "governance.yaml",
			src: "organisation: OUS HF\nshort_name: OUS\nlanguages: [nb]\nreporting: {cadence: tertial}\nseverity:\n  leader-in-lin: error\n",
			pos: "6:3", msg: `unknown field "leader-in-lin" in severity`, hintEN: `Did you mean "leader-in-line"?`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := loadOne(t, tc.path, tc.src)
			ds := Validate(d)
			if tc.msg == "" {
				if len(ds) != 0 {
					t.Fatalf("want no diagnostics, got\n%s", lines(ds))
				}
				return
			}
			if len(ds) != 1 {
				t.Fatalf("want exactly 1 diagnostic, got %d:\n%s", len(ds), lines(ds))
			}
			got := ds[0]
			if pos := strings.TrimPrefix(got.Pos.String(), tc.path+":"); pos != tc.pos {
				t.Errorf("position %s, want %s", pos, tc.pos)
			}
			if got.Message.EN != tc.msg {
				t.Errorf("message\n got %s\nwant %s", got.Message.EN, tc.msg)
			}
			if got.Message.NB == "" || got.Message.NB == got.Message.EN {
				t.Errorf("no Norwegian message: %q", got.Message.NB)
			}
			if !strings.Contains(got.Hint.NB, tc.hintNB) || got.Hint.NB == "" {
				t.Errorf("Norwegian hint %q does not contain %q", got.Hint.NB, tc.hintNB)
			}
			if !strings.Contains(got.Hint.EN, tc.hintEN) || got.Hint.EN == "" {
				t.Errorf("English hint %q does not contain %q", got.Hint.EN, tc.hintEN)
			}
		})
	}
}

// TestEveryProblemReported checks that one document with several mistakes
// gets one diagnostic for each, sorted by position.
func TestEveryProblemReported(t *testing.T) {
	d := loadOne(t, "centers/kre/center.yaml", `id: kre
name: Senter
kind: treatment
status: aktiv
anchor_unit: KRE
leadr: kari.nordmann
bord: []
terms:
  - {start: 2025-02-30, end: 2028-6-1}
`)
	want := []string{
		`1:1: the required field "mandate" is missing; it is required when "kind" is "treatment"`,
		`4:9: "status" has the value "aktiv", which is not allowed`,
		`6:1: unknown field "leadr"`,
		`7:1: unknown field "bord"`,
		`9:13: the date "2025-02-30" in "start" under terms item 1 does not exist: February 2025 has 28 days`,
		`9:30: "2028-6-1" in "end" under terms item 1 is not written as YYYY-MM-DD`,
	}
	ds := Validate(d)
	var got []string
	for _, x := range ds {
		got = append(got, strings.TrimPrefix(x.Pos.String(), d.Path+":")+": "+x.Message.EN)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestNorwegianEnumWords(t *testing.T) {
	for _, tc := range []struct{ kind, status, hint string }{
		{"technology", "aktiv", `Did you mean "active"?`},
		{"technology", "nedlagt", `Did you mean "closed"?`},
		{"teknologi", "proposed", `Did you mean "technology"?`},
	} {
		src := "id: kre\nname: S\nkind: " + tc.kind + "\nstatus: " + tc.status + "\nanchor_unit: KRE\n"
		ds := Validate(loadOne(t, "centers/kre/center.yaml", src))
		if len(ds) != 1 || !strings.Contains(ds[0].Hint.EN, tc.hint) {
			t.Errorf("kind %s, status %s: want one diagnostic with hint %q, got\n%s", tc.kind, tc.status, tc.hint, lines(ds))
		}
	}
	ds := Validate(loadOne(t, "committee/committee.yaml", "name: U\nunit: STAB\nmembers:\n  - {person: kari.nordmann, role: leder}\n"))
	if len(ds) != 1 || !strings.Contains(ds[0].Hint.NB, "Mente du «chair»?") {
		t.Errorf("committee role leder: want a hint for chair, got\n%s", lines(ds))
	}
}

// TestNorwegianKeyNames checks that a key written as the field's Norwegian
// title points to the field.
func TestNorwegianKeyNames(t *testing.T) {
	for key, want := range map[string]string{
		"navn":        "Mente du «name» (Navn)?",
		"senterleder": "Mente du «leader» (Senterleder)?",
		"tema":        "Mente du «theme» (Tema)?",
		"Kortnavn":    "Mente du «short_name» (Kortnavn)?",
	} {
		ds := Validate(loadOne(t, "centers/kre/center.yaml", "id: kre\nname: S\nkind: technology\nstatus: proposed\nanchor_unit: KRE\n"+key+": x\n"))
		if len(ds) != 1 || !strings.Contains(ds[0].Hint.NB, want) {
			t.Errorf("%s: want one diagnostic with hint %q, got\n%s", key, want, lines(ds))
		}
	}
}
