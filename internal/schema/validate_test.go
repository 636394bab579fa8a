package schema

import (
	"strings"
	"sync"
	"testing"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/load"
)

// minimal holds, per kind, a path and the smallest document that is valid.
var minimal = map[doc.Kind][2]string{
	doc.Governance: {"governance.yaml", `organisation: Oslo universitetssykehus HF
short_name: OUS
languages: [nb, en]
reporting: {cadence: tertial}
`},
	doc.Units:              {"org/units.yaml", "units:\n  - {id: OUS, name: Oslo universitetssykehus HF, level: N1}\n"},
	doc.People:             {"org/people.yaml", "people:\n  - {id: kari.nordmann, name: Kari Nordmann, email: kari.nordmann@example.org}\n"},
	doc.NationalActivities: {"org/national-activities.yaml", "activities:\n  - {id: inpred, name: InPreD}\n"},
	doc.Committee: {"committee/committee.yaml", `name: PM-utvalget
unit: STAB
members:
  - {person: kari.nordmann, role: chair}
`},
	doc.Mandate: {"committee/mandates/treatment-centers.yaml", `id: treatment-centers
title: Mandat for behandlingsorienterte sentre
applies_to: treatment
adopted_by: PMU-2021-01
anchor_level: N2
term_years: 3
themes: [cancer]
board_competences: [clinic, diagnostics, research]
focus_areas: [research, strategy, coordination, implementation]
tasks: [research]
education_audiences: [clinicians, health-personnel, non-health-personnel]
`},
	doc.Decision:   {"committee/decisions/PMU-2024-03.md", "---\nid: PMU-2024-03\ndate: 2024-03-12\ntitle: Godkjenning\ntype: approve-organisation\n---\nVedtak.\n"},
	doc.Meeting:    {"committee/meetings/2025-06-12.md", "---\ndate: 2025-06-12\ntitle: Møte i PM-utvalget\n---\nReferat.\n"},
	doc.Center:     {"centers/gen/center.yaml", "id: gen\nname: Genomikk\nkind: technology\nstatus: proposed\nanchor_unit: KLM\n"},
	doc.Strategy:   {"centers/kre/strategy-2024-2027.md", "---\nperiod: {start: 2024-01-01, end: 2027-12-31}\ngoals:\n  - {id: G1, title: Mål, focus_areas: [research]}\n---\n"},
	doc.ActionPlan: {"centers/kre/action-plans/2025.yaml", "year: 2025\nactions:\n  - {id: KRE-2025-01, title: Tiltak, tasks: [implementation]}\n"},
	doc.Report:     {"centers/kre/reports/2025-T1.md", "---\nperiod: 2025-T1\nsubmitted: 2025-05-10\nauthor: kari.nordmann\n---\nTekst.\n"},
	doc.Education:  {"centers/kre/education.yaml", "programmes: []\n"},
	doc.Advice:     {"centers/kre/advice/2025-03-01-sekvensering.md", "---\ndate: 2025-03-01\ntitle: Sekvensering\nto_unit: KLM\npriority: high\nstatus: proposed\n---\nRåd.\n"},
	doc.Evaluation: {"centers/kre/evaluations/term-1.md", "---\nterm: 1\ndate: 2024-06-15\noutcome: continue\n---\nEvaluering.\n"},
}

func TestMinimalDocumentsPass(t *testing.T) {
	for _, k := range doc.Kinds {
		m, ok := minimal[k]
		if !ok {
			t.Errorf("no minimal document for kind %s", k)
			continue
		}
		d := loadOne(t, m[0], m[1])
		if d.Kind != k {
			t.Fatalf("%s loaded as %s, want %s", m[0], d.Kind, k)
		}
		if ds := Validate(d); len(ds) > 0 {
			t.Errorf("%s: want no diagnostics, got\n%s", m[0], lines(ds))
		}
	}
}

// full documents use every field of the data model's examples, so the
// schemas accept what data-model.md shows.
var full = map[string]string{
	"governance.yaml": `# yaml-language-server: $schema=../schemas/governance.schema.json
organisation: Oslo universitetssykehus HF
short_name: OUS
languages: [nb, en]
reporting:
  cadence: tertial
  grace_days: 30
evaluation_notice_days: 180
severity: {leader-in-line: error, research: off}
maintainers: [kari.nordmann]
site:
  title: Persontilpasset medisin ved OUS
  url: https://pm.example.org/
`,
	"org/units.yaml": `units:
  - {id: OUS, name: Oslo universitetssykehus HF, level: N1}
  - {id: KRE, name: Kreftklinikken, level: N2, parent: OUS}
  - {id: KLM-AMG, name: Avdeling for medisinsk genetikk, level: N3, parent: KLM}
`,
	"org/people.yaml": `people:
  - id: kari.nordmann
    name: Kari Nordmann
    email: kari.nordmann@example.org
    github: kari-nordmann
    unit: KRE
    title: Overlege
`,
	"org/national-activities.yaml": "activities:\n  - {id: inpred, name: InPreD, url: https://www.inpred.no/}\n",
	"committee/committee.yaml": `name: Utvalg for persontilpasset medisin (PM-utvalget)
unit: STAB
members:
  - {person: ola.nordmann, role: chair}
  - {person: kari.nordmann, role: member}
  - {person: per.hansen, role: secretary}
secretariat: [per.hansen]
`,
	"committee/mandates/treatment-centers.yaml": `id: treatment-centers
title: Mandat for behandlingsorienterte sentre for persontilpasset medisin
applies_to: treatment
adopted_by: PMU-2021-01
anchor_level: N2
term_years: 3
themes: [cancer, infectious-diseases, rare-diseases]
initial_centers:
  - {theme: cancer, anchor_unit: KRE}
  - {theme: infectious-diseases, anchor_unit: MED}
  - {theme: rare-diseases, anchor_unit: BAR}
board_competences: [clinic, diagnostics, research]
focus_areas: [research, strategy, coordination, implementation]
tasks: [research, coordination, implementation, strategy, investment-advice,
        education-clinicians, education-staff, national-liaison]
education_audiences: [clinicians, health-personnel, non-health-personnel]
`,
	"committee/decisions/PMU-2024-07.md": `---
id: PMU-2024-07
date: 2024-03-12
meeting: 2024-03-12
title: Midlertidig unntak for BAR
type: waiver
centers: [bar]
waivers:
  - {rule: board-competence, center: bar, until: 2025-06-30}
---
Vedtakstekst i Markdown.
`,
	"committee/meetings/2025-06-12.md": "---\ndate: 2025-06-12\ntitle: Møte\nattendees: [ola.nordmann, kari.nordmann]\ndecisions: [PMU-2025-04]\n---\nReferat.\n",
	"centers/kre/center.yaml": `id: kre
name: Senter for presisjonsmedisin innen kreft
short_name: SEPREK
kind: treatment
mandate: treatment-centers
theme: cancer
status: active
anchor_unit: KRE
leader: kari.nordmann
established_by: PMU-2021-02
closed_by: null
terms:
  - {start: 2021-09-01, end: 2024-08-31}
  - {start: 2024-09-01, end: 2027-08-31, after_evaluation: term-1}
board:
  - {person: kari.nordmann, role: leader, competences: [clinic, research]}
  - {person: ola.nordmann, role: member, competences: [diagnostics]}
participating_units: [KRE, KLM-AMG, MED]
disease_groups:
  - {id: lung-cancer, name: Lungekreft}
patient_pathways:
  - {id: pf-lung, name: Pakkeforløp lungekreft}
technology_areas:
  - {center: genomics, decision: PMU-2022-05}
national_activities: [inpred, impress]
organisation: {decision: PMU-2022-01, summary: "Ledergruppe og tre faggrupper"}
funding: {budget_unit: KRE}
editors: [per.hansen]
research:
  - {title: IMPRESS-Norway, role: leads, url: "https://www.impress-norway.no/"}
  - {title: Kontakt, role: contributes, url: "mailto:kari.nordmann@example.org"}
`,
	"centers/kre/strategy-2024-2027.md": `---
period: {start: 2024-01-01, end: 2027-12-31}
approved_by: PMU-2024-01
goals:
  - {id: G1, title: Mål, focus_areas: [research, implementation]}
---
`,
	"centers/kre/action-plans/2025.yaml": `year: 2025
strategy: strategy-2024-2027
actions:
  - id: KRE-2025-01
    title: Genpanel
    goal: G1
    tasks: [implementation]
    pathways: [pf-lung]
    owner: ola.nordmann
    due: 2025-06-30
    status: in-progress
`,
	"centers/kre/reports/2025-T1.md": `---
period: 2025-T1
submitted: 2025-05-10
author: kari.nordmann
action_plan: 2025
actions:
  - {action: KRE-2025-01, status: in-progress, comment: God fremdrift}
effort:
  unit: percent
  allocation:
    - {group: lung-cancer, share: 40, rationale: Flest pasienter}
    - {group: melanoma, share: 60.5, rationale: Nye tilbud}
---
Highlights, risks, needs.
`,
	"centers/kre/education.yaml": `programmes:
  - {id: genomikk, title: Genomikk for klinikere, audiences: [clinicians], status: running, start: 2025-01-15, end: 2025-12-15}
`,
	"centers/kre/advice/2025-03-01-sekvensering.md": "---\ndate: 2025-03-01\ntitle: Sekvensering\nto_unit: KLM\npriority: high\nstatus: accepted\nsummary: Kjøp ny plattform.\n---\nRåd.\n",
	"centers/kre/evaluations/term-1.md":             "---\nterm: 1\ndate: 2024-06-15\noutcome: adjust\ndecision: PMU-2024-06\n---\nEvaluering.\n",
}

func TestDataModelExamplesPass(t *testing.T) {
	kinds := map[doc.Kind]bool{}
	for path, src := range full {
		d := loadOne(t, path, src)
		kinds[d.Kind] = true
		if ds := Validate(d); len(ds) > 0 {
			t.Errorf("%s: want no diagnostics, got\n%s", path, lines(ds))
		}
	}
	for _, k := range doc.Kinds {
		if !kinds[k] {
			t.Errorf("no full example for kind %s", k)
		}
	}
}

func TestNothingForUnparsedOrUnschematized(t *testing.T) {
	if ds := Validate(nil); ds != nil {
		t.Errorf("nil document: got %v", ds)
	}
	if ds := Validate(&doc.Document{Path: "centers/kre/center.yaml", Kind: doc.Center}); ds != nil {
		t.Errorf("document without Root: got %v", ds)
	}
	// The mandate's text is Markdown without fields: it has no schema.
	res := load.Load(mapFS("committee/mandates/treatment-centers.md", "---\ntitle: x\n---\n# Mandat\n"))
	if len(res.Docs) != 1 {
		t.Fatalf("want 1 document, got %d (%v)", len(res.Docs), res.Diags)
	}
	if ds := Validate(res.Docs[0]); ds != nil {
		t.Errorf("mandate text: got\n%s", lines(ds))
	}
}

func TestDiagnosticFields(t *testing.T) {
	d := loadOne(t, "centers/kre/center.yaml", "id: kre\nname: x\nkind: technology\nstatus: proposed\nanchor_unit: KRE\nleadr: x\n")
	ds := Validate(d)
	if len(ds) != 1 {
		t.Fatalf("want 1 diagnostic, got\n%s", lines(ds))
	}
	got := ds[0]
	want := diag.Pos{File: "centers/kre/center.yaml", Line: 6, Col: 1}
	if got.Rule != "schema" || got.Severity != diag.Error || got.Pos != want || got.Center != "kre" {
		t.Errorf("got rule %q severity %v pos %v center %q; want schema error at %v for kre", got.Rule, got.Severity, got.Pos, got.Center, want)
	}
	for _, s := range []string{got.Message.NB, got.Message.EN, got.Hint.NB, got.Hint.EN} {
		if strings.TrimSpace(s) == "" {
			t.Errorf("empty message or hint: %+v", got)
		}
	}
}

func TestConcurrentValidate(t *testing.T) {
	d := loadOne(t, "centers/kre/center.yaml", full["centers/kre/center.yaml"]+"leadr: x\n")
	var wg sync.WaitGroup
	results := make([][]diag.Diagnostic, 16)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = Validate(d)
		}()
	}
	wg.Wait()
	for i, r := range results {
		if len(r) != 1 || lines(r) != lines(results[0]) {
			t.Errorf("goroutine %d: got\n%s", i, lines(r))
		}
	}
}

// BenchmarkValidate measures one full center document, the largest kind.
func BenchmarkValidate(b *testing.B) {
	res := load.Load(mapFS("centers/kre/center.yaml", full["centers/kre/center.yaml"]))
	d := res.Docs[0]
	Validate(d)
	b.ReportAllocs()
	for b.Loop() {
		if ds := Validate(d); len(ds) != 0 {
			b.Fatal(lines(ds))
		}
	}
}

// BenchmarkValidateErrors measures a document with several mistakes, which
// takes the reporting path.
func BenchmarkValidateErrors(b *testing.B) {
	src := full["centers/kre/center.yaml"] + "leadr: x\nbord: []\n"
	res := load.Load(mapFS("centers/kre/center.yaml", src))
	d := res.Docs[0]
	b.ReportAllocs()
	for b.Loop() {
		if ds := Validate(d); len(ds) != 2 {
			b.Fatal(lines(ds))
		}
	}
}
