package sitebuild

import (
	"github.com/ous-pm/pmgov/internal/fixture"

	"crypto/sha256"
	"encoding/base64"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/changes"
	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/validate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// reportAsOf is late enough that the fixture has overdue actions, a term
// whose evaluation falls due and a waiver about to expire.
var reportAsOf = time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)

// reportFixture is the base repository two years on, with a waiver. Its
// diagnostics are fixed by hand so that the golden file follows this
// package's rendering, not the evolving rule set.
func reportFixture(t *testing.T) *validate.Result {
	t.Helper()
	fsys := fixture.BaseWith(map[string]string{
		"committee/decisions/PMU-2027-01.md": `---
id: PMU-2027-01
date: 2027-01-10
meeting: 2024-06-20
title: Midlertidig unntak for ledergruppen
type: waiver
centers: [kre]
waivers:
  - {rule: board-competence, center: kre, until: 2027-05-01}
---
Unntak til styret er komplett.
`,
	})
	res := validate.Run(fsys, validate.Options{AsOf: reportAsOf})
	res.Diags = []diag.Diagnostic{
		{Rule: "status-report", Severity: diag.Error, Pos: diag.Pos{File: "centers/kre/center.yaml", Line: 1, Col: 1}, Center: "kre", Clause: "R",
			Message: diag.T("statusrapporten for 2026-T3 mangler", "the status report for 2026-T3 is missing"),
			Hint:    diag.T("Legg inn centers/kre/reports/2026-T3.md.", "Add centers/kre/reports/2026-T3.md.")},
		{Rule: "action-overdue", Severity: diag.Warning, Pos: diag.Pos{File: "centers/kre/action-plans/2025.yaml", Line: 4, Col: 5}, Center: "kre", Clause: "O4, R",
			Message: diag.T("tiltaket KRE-2025-01 er forsinket", "action KRE-2025-01 is overdue"),
			Hint:    diag.T("Oppdater status eller frist.", "Update its status or due date.")},
		{Rule: "board-competence", Severity: diag.Waived, Pos: diag.Pos{File: "centers/kre/center.yaml", Line: 14, Col: 1}, Center: "kre", Clause: "A", WaivedBy: "PMU-2027-01",
			Message: diag.T("ledergruppen mangler diagnostikk", "the board lacks diagnostics"),
			Hint:    diag.T("Legg til et medlem.", "Add a member.")},
	}
	return res
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (go test -run %s -update rewrites it); got:\n%s", name, t.Name(), got)
	}
}

func TestReportMarkdownGolden(t *testing.T) {
	res := reportFixture(t)
	for _, lang := range []diag.Lang{diag.NB, diag.EN} {
		md, err := ReportMarkdown(res, Options{AsOf: reportAsOf, Langs: []diag.Lang{lang}})
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "report-"+string(lang)+".md", md)
	}
}

// TestReportContent checks what the committee must see, in both formats.
func TestReportContent(t *testing.T) {
	res := reportFixture(t)
	md, err := ReportMarkdown(res, Options{AsOf: reportAsOf, Langs: []diag.Lang{diag.EN}})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "report.md", string(md),
		"| Senter for presisjonsmedisin innen kreft | 2 | 2027-08-31 | 152 |", // evaluation falls due
		"| PMU-2027-01 | board-competence – the board has at least two people and together covers every competence the mandate lists: clinic, diagnostics, R&amp;D | kre | 2027-05-01 | 30 |", // waiver expiring
		"the status report for 2026-T3 is missing",
		"| Senter for presisjonsmedisin innen kreft | KRE-2025-01 | Forskning | Kari Nordmann | 2025-12-31 | in progress | 456 |",
		"| Lungekreft | 55 | Flest pasienter. |",
		"| status-report – a status report exists for every reporting period since the term began, once the period's grace days have passed; a late one is a warning | R | breach | the status report for 2026-T3 is missing |",
		"| board-competence – the board has at least two people and together covers every competence the mandate lists: clinic, diagnostics, R&amp;D | A | waived |  |",
		"No mandate governs this center")

	page, err := ReportHTML(res, Options{AsOf: reportAsOf})
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	contains(t, "report.html", html, `<html lang="nb">`, "Evalueringer som forfaller", "KRE-2025-01", `class="center-state"`)
	// The inline stylesheet is allowed by its hash, and by nothing else.
	m := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(html)
	if m == nil {
		t.Fatal("standalone report has no inline stylesheet")
	}
	sum := sha256.Sum256([]byte(m[1]))
	wantCSP := "style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	d := parseHTML(t, page)
	if !strings.Contains(d.csp, wantCSP) || strings.Contains(d.csp, "unsafe") {
		t.Errorf("report CSP %q does not allow exactly the inline stylesheet (%s)", d.csp, wantCSP)
	}
	for _, l := range d.links {
		if l.attr == "href" && l.value == "" {
			t.Errorf("standalone report has an empty link")
		}
	}
	assertSafeHTML(t, "report.html", page)
}

// TestReportPageInSite checks the site's copy of the report: print CSS
// makes a page per center.
func TestReportPageInSite(t *testing.T) {
	dir := buildSite(t, reportFixture(t), Options{AsOf: reportAsOf})
	contains(t, "report.html", readFile(t, dir, "report.html"), `class="center-state"`, "Rapport til PM-utvalget", `<svg class="chart"`)
	contains(t, "style.css", readFile(t, dir, "style.css"), "@page { size: A4", ".center-state { break-before: page; }")
}

// reportHistory is a fixed history for the report fixture: the last change
// of its files and what changed since an earlier state in which kre had
// another leader, KRE-2025-01 was planned and PMU-2027-01 did not exist.
func reportHistory(t *testing.T, res *validate.Result) *History {
	t.Helper()
	old := validate.Run(fixture.BaseWith(map[string]string{
		"centers/kre/center.yaml": strings.Replace(string(fixture.BaseWith(nil)["centers/kre/center.yaml"].Data), "leader: kari.nordmann", "leader: ola.nordmann", 1),
		"centers/kre/action-plans/2025.yaml": strings.Replace(string(fixture.BaseWith(nil)["centers/kre/action-plans/2025.yaml"].Data),
			"owner: kari.nordmann, due: 2025-12-31, status: in-progress}", "owner: kari.nordmann, due: 2025-12-31, status: planned}", 1),
	}), validate.Options{AsOf: reportAsOf})
	// The earlier findings are fixed by hand too: one the head still has,
	// one it resolved.
	old.Diags = []diag.Diagnostic{res.Diags[1],
		{Rule: "committee-member", Severity: diag.Error, Pos: diag.Pos{File: "centers/kre/center.yaml", Line: 9, Col: 9}, Center: "kre", Clause: "R",
			Message: diag.T("senterlederen ola.nordmann er ikke medlem av PM-utvalget", "the center leader ola.nordmann is not a member of the PM committee")}}
	last := map[string]changes.Commit{}
	when := time.Date(2027, 3, 20, 14, 5, 0, 0, time.UTC)
	for _, d := range res.Repo.Docs {
		last[d.Path] = changes.Commit{Date: when, Author: "Lise Berg", Subject: "Governance data", Hash: "0123456789abcdef0123456789abcdef01234567"}
	}
	last["committee/decisions/PMU-2027-01.md"] = changes.Commit{Date: when.AddDate(0, 0, 1), Author: "Per Hansen", Subject: "Waiver for the board | *kre*", Hash: "89abcdef0123456789abcdef0123456789abcdef"}
	return &History{
		Last: last,
		Since: &Since{
			What:    diag.T("forrige møte %s", "the previous meeting on %s", "2024-06-20"),
			Commit:  "fedcba9876543210fedcba9876543210fedcba98",
			Date:    time.Date(2024, 6, 19, 16, 0, 0, 0, time.UTC),
			Changes: changes.Diff(changes.State{Repo: old.Repo, Diags: old.Diags}, changes.State{Repo: res.Repo, Diags: res.Diags}),
		},
	}
}

// TestReportMarkdownGoldenWithHistory is the report with its "what changed
// since" section and the last change of the data.
func TestReportMarkdownGoldenWithHistory(t *testing.T) {
	res := reportFixture(t)
	hist := reportHistory(t, res)
	for _, lang := range []diag.Lang{diag.NB, diag.EN} {
		md, err := ReportMarkdown(res, Options{AsOf: reportAsOf, Langs: []diag.Lang{lang}, History: hist})
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "report-since-"+string(lang)+".md", md)
	}
	md, err := ReportMarkdown(res, Options{AsOf: reportAsOf, Langs: []diag.Lang{diag.EN}, History: hist})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "report.md", string(md),
		"Last changed: 2027-03-21 by Per Hansen – “Waiver for the board \\| \\*kre\\*” (89abcde)",
		"## What changed since the previous meeting on 2024-06-20\n\nCompared with commit fedcba9 (2024-06-19).",
		"- kre: new center leader kari.nordmann (was ola.nordmann)",
		"- new decision PMU-2027-01 (waiver): Midlertidig unntak for ledergruppen")
	page, err := ReportHTML(res, Options{AsOf: reportAsOf, Langs: []diag.Lang{diag.EN}, History: hist})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "report.html", string(page), `<h2 id="changes">What changed since the previous meeting on 2024-06-20</h2>`,
		"<li>kre: new center leader kari.nordmann (was ola.nordmann)</li>", "<q>Waiver for the board | *kre*</q> (<code>89abcde</code>)")
}
