// Package synth generates synthetic governance repositories, valid under the
// data model, for benchmarks and load tests: N treatment centers, each with
// M documents (reports, action plans, advice) spread over the years.
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"
)

// Spec sizes a synthetic repository.
type Spec struct {
	// Centers is the number of treatment centers.
	Centers int
	// DocsPerCenter is the number of documents per center, besides
	// center.yaml (at least 8: strategy, education, evaluation, an action
	// plan, reports and advice).
	DocsPerCenter int
}

// Files returns the repository as path → content.
func Files(s Spec) map[string][]byte {
	g := gen{files: map[string][]byte{}}
	g.common(s)
	for i := range s.Centers {
		g.center(i, max(s.DocsPerCenter, 8))
	}
	return g.files
}

// MapFS returns the repository as an in-memory file system.
func MapFS(s Spec) fstest.MapFS {
	m := fstest.MapFS{}
	for p, b := range Files(s) {
		m[p] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	return m
}

// Write writes the repository into dir.
func Write(dir string, s Spec) error {
	for p, b := range Files(s) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
	}
	return nil
}

type gen struct {
	files map[string][]byte
}

func (g *gen) put(path, format string, args ...any) {
	g.files[path] = fmt.Appendf(nil, format, args...)
}

func cid(i int) string { return fmt.Sprintf("c%03d", i) }

func (g *gen) common(s Spec) {
	g.put("governance.yaml", `organisation: Oslo universitetssykehus HF
short_name: OUS
languages: [nb, en]
reporting: {cadence: tertial, grace_days: 30}
evaluation_notice_days: 180
severity: {}
maintainers: [sekretar]
site: {title: Syntetisk}
`)
	var units, people, members strings.Builder
	units.WriteString("units:\n  - {id: OUS, name: Oslo universitetssykehus HF, level: N1}\n  - {id: STAB, name: Stab, level: N2, parent: OUS}\n  - {id: LAB, name: Laboratorieklinikken, level: N2, parent: OUS}\n  - {id: LAB-GEN, name: Genetikk, level: N3, parent: LAB}\n")
	people.WriteString("people:\n  - {id: leder, name: Leder Utvalg, email: leder@example.org, github: leder-utvalg, unit: STAB}\n  - {id: sekretar, name: Sekretær Utvalg, email: sekretar@example.org, github: sekretar-utvalg, unit: STAB}\n  - {id: tek.leder, name: Tek Leder, email: tek@example.org, github: tek-leder, unit: LAB}\n")
	members.WriteString("members:\n  - {person: leder, role: chair}\n  - {person: sekretar, role: secretary}\n")
	var themes, centers []string
	for i := range s.Centers {
		c := cid(i)
		centers = append(centers, c)
		fmt.Fprintf(&units, "  - {id: K%03d, name: Klinikk %d, level: N2, parent: OUS}\n", i, i)
		fmt.Fprintf(&people, "  - {id: %s.leder, name: Leder %d, email: %s.leder@example.org, github: %s-leder, unit: K%03d}\n", c, i, c, c, i)
		fmt.Fprintf(&people, "  - {id: %s.medlem, name: Medlem %d, email: %s.medlem@example.org, github: %s-medlem, unit: LAB-GEN}\n", c, i, c, c)
		fmt.Fprintf(&members, "  - {person: %s.leder, role: member}\n", c)
		themes = append(themes, "tema-"+c)
	}
	g.files["org/units.yaml"] = []byte(units.String())
	g.files["org/people.yaml"] = []byte(people.String())
	g.put("org/national-activities.yaml", "activities:\n  - {id: inpred, name: InPreD, level: national, url: https://www.inpred.no}\n")
	g.put("committee/committee.yaml", "name: PM-utvalget\nunit: STAB\n%ssecretariat: [sekretar]\n", members.String())
	g.put("committee/mandates/treatment-centers.yaml", `id: treatment-centers
title: Mandat
applies_to: treatment
adopted_by: PMU-2021-01
anchor_level: N2
term_years: 3
themes: [%s]
initial_centers: []
board_competences: [clinic, diagnostics, research]
focus_areas: [research, strategy, coordination, implementation]
tasks: [research, coordination, implementation, strategy, investment-advice, education-clinicians, education-staff, national-liaison]
education_audiences: [clinicians, health-personnel, non-health-personnel]
`, strings.Join(themes, ", "))
	g.put("committee/meetings/2021-06-10.md", "---\ndate: 2021-06-10\ntitle: Møte\nattendees: [leder, sekretar]\ndecisions: [PMU-2021-01, PMU-2021-02, PMU-2021-10]\n---\nReferat.\n")
	// Each decision names the centers it is cited for (decision-ref).
	all := strings.Join(append(slices.Clone(centers), "tek"), ", ")
	g.put("committee/decisions/PMU-2021-01.md", "---\nid: PMU-2021-01\ndate: 2021-06-10\nmeeting: 2021-06-10\ntitle: Mandat\ntype: adopt-mandate\n---\nVedtatt.\n")
	g.put("committee/decisions/PMU-2021-02.md", "---\nid: PMU-2021-02\ndate: 2021-06-10\nmeeting: 2021-06-10\ntitle: Samstemming\ntype: matrix-alignment\ncenters: [%s]\n---\nVedtatt.\n", all)
	g.put("committee/decisions/PMU-2021-03.md", "---\nid: PMU-2021-03\ndate: 2021-06-10\ntitle: Etablering av sentrene\ntype: establish-center\ncenters: [%s]\n---\nVedtatt.\n", all)
	g.put("committee/decisions/PMU-2024-01.md", "---\nid: PMU-2024-01\ndate: 2024-06-20\ntitle: Evaluering av første løpetid\ntype: evaluation\ncenters: [%s]\nterm_end: 2027-08-31\n---\nSentrene videreføres.\n", strings.Join(centers, ", "))
	// Every center's internal organisation is approved by one decision that
	// names them all (internal-organisation).
	g.put("committee/decisions/PMU-2021-04.md", "---\nid: PMU-2021-04\ndate: 2021-06-10\ntitle: Intern organisering for sentrene\ntype: approve-organisation\ncenters: [%s]\n---\nGodkjent.\n", strings.Join(centers, ", "))
	g.put("committee/decisions/PMU-2021-10.md", "---\nid: PMU-2021-10\ndate: 2021-06-10\nmeeting: 2021-06-10\ntitle: Strategier for sentrene\ntype: approve-strategy\ncenters: [%s]\n---\nGodkjent.\n", strings.Join(centers, ", "))
	g.put("centers/tek/center.yaml", `id: tek
name: Teknologisenter
kind: technology
status: active
anchor_unit: LAB
leader: tek.leder
established_by: PMU-2021-03
board:
  - {person: tek.leder, role: leader, competences: [diagnostics]}
participating_units: [LAB, LAB-GEN]
`)
}

// center writes one treatment center with docs documents besides center.yaml.
func (g *gen) center(i, docs int) {
	c := cid(i)
	dir := "centers/" + c + "/"
	g.put(dir+"center.yaml", `id: %[1]s
name: Senter %[2]d
kind: treatment
mandate: treatment-centers
theme: tema-%[1]s
status: active
anchor_unit: K%03[2]d
leader: %[1]s.leder
established_by: PMU-2021-03
terms:
  - {start: 2021-09-01, end: 2024-08-31}
  - {start: 2024-09-01, end: 2027-08-31, after_evaluation: term-1, decision: PMU-2024-01}
board:
  - {person: %[1]s.leder, role: leader, competences: [clinic, research]}
  - {person: %[1]s.medlem, role: member, competences: [diagnostics]}
participating_units: [K%03[2]d, LAB-GEN]
disease_groups:
  - {id: gruppe-a, name: Gruppe A}
  - {id: gruppe-b, name: Gruppe B}
patient_pathways:
  - {id: forlop-a, name: Forløp A}
technology_areas:
  - {center: tek, decision: PMU-2021-02}
national_activities: [inpred]
organisation: {decision: PMU-2021-04, summary: Styre.}
funding: {budget_unit: K%03[2]d}
research:
  - {title: Studie, role: leads, url: https://example.org/studie}
`, c, i)
	g.put(dir+"strategy-2024-2027.md", "---\nperiod: {start: 2024-01-01, end: 2027-12-31}\napproved_by: PMU-2021-10\ngoals:\n  - {id: G1, title: Forskning og strategi, focus_areas: [research, strategy]}\n  - {id: G2, title: Koordinering og implementering, focus_areas: [coordination, implementation]}\n---\n# Strategi\n\nSenterets strategi for perioden.\n")
	g.put(dir+"education.yaml", "programmes:\n  - {id: kurs, title: Kurs, audiences: [clinicians, health-personnel, non-health-personnel], status: running, start: 2023-01-01}\n")
	g.put(dir+"evaluations/term-1.md", "---\nterm: 1\ndate: 2024-06-20\noutcome: continue\ndecision: PMU-2024-01\n---\nEvaluert.\n")
	left := docs - 3
	// Action plans for the years 2020–2026, then reports for every tertial
	// from 2020 on, then advice, until the budget is spent.
	years := min(7, left/3)
	for y := 2026 - years + 1; y <= 2026; y++ {
		g.plan(c, y)
		left--
	}
	for n := 0; left > 0 && n < 3*years; n++ {
		y, t := 2026-years+1+n/3, n%3+1
		if y > 2026 || y == 2026 && t == 3 {
			break
		}
		g.report(c, y, t)
		left--
	}
	for n := 0; left > 0; n++ {
		y := 2026 - n/300
		g.put(fmt.Sprintf("%sadvice/%04d-%02d-%02d-rad-%d.md", dir, y, 1+n%10, 1+n%28, n), "---\ndate: %04d-%02d-%02d\ntitle: Råd %d\nto_unit: LAB\npriority: medium\nstatus: proposed\n---\nRådet gjelder utstyr.\n", y, 1+n%10, 1+n%28, n)
		left--
	}
}

var tasks = []string{"research", "coordination", "implementation", "strategy", "investment-advice", "education-clinicians", "education-staff", "national-liaison"}

func (g *gen) plan(c string, year int) {
	var b strings.Builder
	fmt.Fprintf(&b, "year: %d\nstrategy: strategy-2024-2027\nactions:\n", year)
	for k, t := range tasks {
		status := "done"
		if year == 2026 {
			status = "in-progress"
		}
		extra := ""
		if t == "implementation" {
			extra = ", pathways: [forlop-a]"
		}
		fmt.Fprintf(&b, "  - {id: %s-%d-%02d, title: Tiltak %d, goal: G%d, tasks: [%s]%s, owner: %s.leder, due: %d-12-31, status: %s}\n",
			strings.ToUpper(c), year, k+1, k+1, 1+k%2, t, extra, c, year, status)
	}
	g.files["centers/"+c+"/action-plans/"+fmt.Sprint(year)+".yaml"] = []byte(b.String())
}

func (g *gen) report(c string, year, tertial int) {
	end := [...]string{"", "04-30", "08-31", "12-31"}[tertial]
	sub := [...]string{"", "05-15", "09-15", "01-15"}[tertial]
	subYear := year
	if tertial == 3 {
		subYear++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "---\nperiod: %d-T%d\nsubmitted: %d-%s\nauthor: %s.leder\naction_plan: %d\nactions:\n", year, tertial, subYear, sub, c, year)
	for k := range tasks {
		fmt.Fprintf(&b, "  - {action: %s-%d-%02d, status: in-progress}\n", strings.ToUpper(c), year, k+1)
	}
	b.WriteString("effort:\n  unit: percent\n  allocation:\n    - {group: gruppe-a, share: 60, rationale: Flere pasienter.}\n    - {group: gruppe-b, share: 40, rationale: Ny metode.}\n---\n")
	fmt.Fprintf(&b, "# Status %d-T%d\n\nFremdriften følger planen (til %s). Risikoer og behov er beskrevet nedenfor.\n\n- Rekruttering\n- Utstyr\n", year, tertial, end)
	g.files[fmt.Sprintf("centers/%s/reports/%d-T%d.md", c, year, tertial)] = []byte(b.String())
}
