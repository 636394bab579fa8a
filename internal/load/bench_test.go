package load

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeSynthetic writes a governance repository of centers × documents into
// dir: per center its center.yaml, education.yaml, a strategy, action plans
// and status reports, shaped like data-model.md's examples. It returns the
// number of data files written.
func writeSynthetic(tb testing.TB, dir string, centers, docsPerCenter int) int {
	tb.Helper()
	n := 0
	put := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
		n++
	}
	put("governance.yaml", "organisation: Oslo universitetssykehus HF\nshort_name: OUS\nlanguages: [nb, en]\nreporting:\n  cadence: tertial\n  grace_days: 30\nevaluation_notice_days: 180\nseverity: {}\nmaintainers: [kari.nordmann]\nsite:\n  title: Persontilpasset medisin ved OUS\n")
	periods := []string{"T1", "T2", "T3"}
	for c := range centers {
		id := fmt.Sprintf("c%03d", c)
		put("centers/"+id+"/center.yaml", fmt.Sprintf(`id: %[1]s
name: Senter for presisjonsmedisin %[1]s
short_name: %[2]s
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
organisation: {decision: PMU-2022-01, summary: "Styre og arbeidsgrupper"}
funding: {budget_unit: KRE}
editors: [ola.nordmann]
research:
  - {title: Studie av behandlingsrespons, role: leads, url: "https://example.org/studie"}
`, id, strings.ToUpper(id)))
		put("centers/"+id+"/education.yaml", "programmes:\n  - {id: kurs-1, title: Genomikk for klinikere, audiences: [clinicians], status: running, start: 2024-01-01, end: 2026-12-31}\n")
		put("centers/"+id+"/strategy-2024-2027.md", "---\nperiod: {start: 2024-01-01, end: 2027-12-31}\napproved_by: PMU-2024-01\ngoals:\n  - {id: G1, title: Presisjonsdiagnostikk, focus_areas: [research, implementation]}\n---\n# Strategi\n\nSenteret skal ...\n")
		for i := 0; n < (c+1)*docsPerCenter+1; i++ {
			year := 2025 - i/4
			if i%4 == 0 {
				put(fmt.Sprintf("centers/%s/action-plans/%d.yaml", id, year), fmt.Sprintf(`year: %[1]d
strategy: strategy-2024-2027
actions:
  - id: %[2]s-%[1]d-01
    title: Innføre helgenomsekvensering
    goal: G1
    tasks: [implementation]
    pathways: [pf-lung]
    owner: ola.nordmann
    due: %[1]d-06-30
    status: in-progress
  - id: %[2]s-%[1]d-02
    title: Kurs for klinikere
    goal: G1
    tasks: [education-clinicians]
    owner: kari.nordmann
    due: %[1]d-12-31
    status: planned
`, year, strings.ToUpper(id)))
				continue
			}
			put(fmt.Sprintf("centers/%s/reports/%d-%s.md", id, year, periods[i%4-1]), fmt.Sprintf(`---
period: %[1]d-%[2]s
submitted: %[1]d-05-10
author: kari.nordmann
action_plan: %[1]d
actions:
  - {action: %[3]s-%[1]d-01, status: in-progress, comment: "Pilot i gang"}
  - {action: %[3]s-%[1]d-02, status: planned}
effort:
  unit: percent
  allocation:
    - {group: lung-cancer, share: 40, rationale: "Hovedsatsing"}
    - {group: other, share: 60, rationale: "Øvrige"}
---
## Høydepunkter

Senteret har startet pilot for helgenomsekvensering av lungekreft. Kontakt
via sekretariatet. Se tiltak %[3]s-%[1]d-01.

## Risiko

Kapasitet i laboratoriet.
`, year, periods[i%4-1], strings.ToUpper(id)))
		}
	}
	return n
}

// BenchmarkLoad loads a synthetic repository of about 10,000 documents (100
// centers × 100) from disk.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	files := writeSynthetic(b, dir, 100, 100)
	fsys := os.DirFS(dir)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		res := Load(fsys)
		if len(res.Diags) != 0 || len(res.Docs) != files {
			b.Fatalf("%d documents of %d, %d diagnostics: %s", len(res.Docs), files, len(res.Diags), describeDiags(res.Diags[:min(3, len(res.Diags))]))
		}
	}
	b.ReportMetric(float64(files), "docs/op")
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// TestSyntheticRepositoryLoads keeps the benchmark's generator honest: what
// it writes loads without a diagnostic.
func TestSyntheticRepositoryLoads(t *testing.T) {
	dir := t.TempDir()
	files := writeSynthetic(t, dir, 3, 20)
	res := Load(os.DirFS(dir))
	if len(res.Diags) != 0 || len(res.Docs) != files || res.Files != files {
		t.Fatalf("%d documents, %d files of %d, diagnostics:\n%s", len(res.Docs), res.Files, files, describeDiags(res.Diags))
	}
}
