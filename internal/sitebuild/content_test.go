package sitebuild

import (
	"html/template"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

// TestKeyContent checks what a reader must find on the main pages.
func TestKeyContent(t *testing.T) {
	fsys := fixture.BaseWith(map[string]string{
		"committee/mandates/treatment-centers.md": "# Mandat\n\n## Oppgaver\n\n- **O4** Utarbeide strategi og handlingsplaner.\n- **Z9** er ikke et punkt.\n",
	})
	res := validate.Run(fsys, validate.Options{AsOf: reportAsOf})
	dir := buildSite(t, res, Options{AsOf: reportAsOf})

	index := readFile(t, dir, "index.html")
	contains(t, "index.html", index,
		`<html lang="nb">`, `href="centers/kre.html">Senter for presisjonsmedisin innen kreft</a>`,
		// Colour plus text: the card says its health and status in words.
		`<span class="badge health-error">feil</span>`, `<span class="badge status-active">aktiv</span>`,
		"Forsinkede tiltak</dt><dd>5</dd>", "2: 2024-09-01 – 2027-08-31", "om 152 dager",
		// Charts with text alternatives and tables beside them.
		`role="img" aria-labelledby="chart-timeline-all-t chart-timeline-all-d"`, `<title id="chart-timeline-all-t">Perioder og evalueringer</title>`,
		`<caption>Perioder og evalueringer</caption>`, `<caption>Tiltak etter status</caption>`, `<caption>Innsatsfordeling etter siste rapport</caption>`,
		`hreflang="en" href="en/index.html"`)
	contains(t, "en/index.html", readFile(t, dir, "en/index.html"), `<html lang="en">`, `<span class="badge health-error">error</span>`, `href="../index.html"`)

	center := readFile(t, dir, "centers/kre.html")
	contains(t, "centers/kre.html", center,
		"Kreftklinikken (KRE)", "Kari Nordmann", "Avdeling for medisinsk genetikk (KLM-AMG)",
		"klinikk, forskning og utvikling", "diagnostikk", // board competences
		`id="plan-2025"`, "KRE-2025-03", `<span class="badge overdue">forsinket 456 dager</span>`,
		`href="../committee/decisions/PMU-2024-01.html"`, `href="../centers/kre/strategy-2024-2027.html"`,
		`href="../centers/kre/reports/2025-T1.html"`, `href="../centers/kre/advice/2025-03-01-sekvensering.html"`, `href="../centers/kre/evaluations/term-1.html"`,
		`href="../centers/gen.html">Senter for genomikk</a>`, `<a href="https://www.inpred.no">InPreD</a>`, "Lungekreft")
	contains(t, "gen.html", readFile(t, dir, "centers/gen.html"), `href="../centers/kre.html">Senter for presisjonsmedisin innen kreft</a>`)

	contains(t, "strategy", readFile(t, dir, "centers/kre/strategy-2024-2027.html"), "Forskning og strategi", "Strategien.", "forskning, strategiutvikling")
	contains(t, "report", readFile(t, dir, "centers/kre/reports/2025-T1.html"), "Flest pasienter.", "55 %")
	contains(t, "committee.html", readFile(t, dir, "committee.html"), "Per Hansen", "leder", "PMU-2022-05", "Samstemming kreft og genomikk", `href="committee/meetings/2024-06-20.html"`)
	contains(t, "matrix.html", readFile(t, dir, "matrix.html"), `<th scope="col"><a href="centers/gen.html">Senter for genomikk</a></th>`, "samstemt", `href="committee/decisions/PMU-2022-05.html">PMU-2022-05</a>`)

	mandate := readFile(t, dir, "mandates/treatment-centers.html")
	contains(t, "mandate", mandate,
		`<a href="#clause-O4" class="clause-ref"><strong>O4</strong></a>`, `<strong>Z9</strong>`,
		`id="clause-O4"`, `href="../rules.html#rule-anchor-level"`, "Utarbeide strategi og konkrete handlingsplaner")
	if strings.Contains(mandate, `href="#clause-Z9"`) {
		t.Error("a bold word that is no clause id became a clause link")
	}
	rulesPage := readFile(t, dir, "rules.html")
	contains(t, "rules.html", rulesPage, `id="rule-board-competence"`, `href="mandates/treatment-centers.html#clause-A"`)
}

// TestSynthSite builds a synthetic repository with every kind of document
// and checks its links.
func TestSynthSite(t *testing.T) {
	res := validate.Run(synth.MapFS(synth.Spec{Centers: 3, DocsPerCenter: 30}), validate.Options{AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
	dir := buildSite(t, res, Options{AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)})
	if n := checkLinks(t, dir); n < 100 {
		t.Errorf("only %d pages", n)
	}
	checkPages(t, dir)
}

// TestDefaultContent builds the repository's own governance data, the
// hospital's real structure, and checks every link and page of it.
func TestDefaultContent(t *testing.T) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	res := validate.Run(os.DirFS("../.."), validate.Options{AsOf: day})
	if len(res.Repo.Centers) == 0 {
		t.Fatal("the repository ships no default content to build")
	}
	dir := buildSite(t, res, Options{AsOf: day})
	checkLinks(t, dir)
	checkPages(t, dir)
	contains(t, "index.html", readFile(t, dir, "index.html"), "Senter for presisjonsmedisin innen kreft")
}

// TestCardsNameWhatIsWrong: a center's card on the dashboard names its open
// findings in words, not only counts, and a technology center's card leaves
// out the terms, evaluations and reports that do not apply to it.
func TestCardsNameWhatIsWrong(t *testing.T) {
	day := time.Date(2027, 2, 15, 0, 0, 0, 0, time.UTC)
	res := validate.Run(os.DirFS("../.."), validate.Options{AsOf: day})
	dir := buildSite(t, res, Options{AsOf: day})
	index := readFile(t, dir, "index.html")
	card := func(title string) string {
		for _, piece := range strings.Split(index, `<li class="card health-`)[1:] {
			if strings.Contains(piece, ">"+title+"</a></h3>") {
				return piece
			}
		}
		t.Fatalf("no card for %s", title)
		return ""
	}
	kre := card("Senter for presisjonsmedisin innen kreft")
	contains(t, "the kre card", kre, `<ul class="card-problems">`)
	contains(t, "the kre card", kre, "kre mangler statusrapporten for 2026-T3")
	contains(t, "the kre card", kre, "Periode")
	tech := card("Teknologisenter for medisinsk genomikk")
	for _, gone := range []string{"Periode", "Evaluering", "Siste rapport", "Manglende rapporter"} {
		if strings.Contains(tech, gone) {
			t.Errorf("the technology center's card shows %q, which does not apply to it", gone)
		}
	}
}

// TestUnreadableCenterKeepsItsCard: one unclosed quote in a center's file
// does not make the center vanish from the dashboard: its card says the file
// cannot be read, with the finding, and nothing advises creating a center.
func TestUnreadableCenterKeepsItsCard(t *testing.T) {
	center := string(fixture.Base()["centers/kre/center.yaml"])
	broken := strings.Replace(center, "name: Senter for presisjonsmedisin innen kreft", `name: "Senter for presisjonsmedisin innen kreft`, 1)
	if broken == center {
		t.Fatal("the fixture's kre center has no name line to break")
	}
	res := validate.Run(fixture.BaseWith(map[string]string{"centers/kre/center.yaml": broken}), validate.Options{AsOf: asOf})
	dir := buildSite(t, res, Options{})
	index := readFile(t, dir, "index.html")
	contains(t, "index.html", index, `<h3><a href="centers/kre.html">kre</a></h3>`)
	contains(t, "index.html", index, "filen kan ikke leses")
	contains(t, "index.html", index, "<code>centers/kre/center.yaml</code>")
	for _, d := range res.Diags {
		if d.Rule == "initial-centers" && d.Severity != diag.Info {
			t.Errorf("an unreadable initial center gives %s: %s", d.Severity, d.Message.EN)
		}
	}
	checkLinks(t, dir)
}

// defaultContentWith is the repository's own data as a file system, with
// edits applied (each replaces a file).
func defaultContentWith(t *testing.T, edits map[string]string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	root := os.DirFS("../..")
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || p == "internal" || p == "cmd" || p == "site" || p == "docs") {
				return fs.SkipDir
			}
			return nil
		}
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		fsys[p] = &fstest.MapFile{Data: b, Mode: 0o644}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range edits {
		if fsys[name] == nil {
			t.Fatalf("the default content has no %s", name)
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return fsys
}

// TestUnreadableCenterIsNotLost: the default content with one unclosed
// quote in centers/kre/center.yaml. The cancer center keeps its page,
// which says the file cannot be read and why (in words, and file:line for
// the editors); the dashboard's card, what needs a decision and the report
// link to it; and the only findings beyond the intact repository's are
// the syntax error itself and initial-centers' information that the
// center cannot be confirmed: nothing advises creating a new center, and
// no reference to kre from plans, reports or decisions becomes a finding.
func TestUnreadableCenterIsNotLost(t *testing.T) {
	intact := defaultContentWith(t, nil)
	center := string(intact["centers/kre/center.yaml"].Data)
	broken := strings.Replace(center, "\nname: Senter for presisjonsmedisin innen kreft\n", "\nname: \"Senter for presisjonsmedisin innen kreft\n", 1)
	if broken == center {
		t.Fatal("the default content's kre center has no name line to break")
	}
	before := validate.Run(intact, validate.Options{AsOf: committeeDay})
	res := validate.Run(defaultContentWith(t, map[string]string{"centers/kre/center.yaml": broken}), validate.Options{AsOf: committeeDay})

	known := map[string]bool{}
	for _, d := range before.Diags {
		known[d.Rule+"|"+d.Pos.File+"|"+d.Message.EN] = true
	}
	var syntax *diag.Diagnostic
	for i, d := range res.Diags {
		if strings.Contains(d.Hint.EN, "new center") || strings.Contains(d.Hint.NB, "new center") {
			t.Errorf("a finding advises creating a center: %s: %s", d.Pos, d.Hint.EN)
		}
		switch {
		case d.Pos.File == "centers/kre/center.yaml" && d.Rule == "syntax":
			syntax = &res.Diags[i]
		case d.Rule == "initial-centers" && d.Severity == diag.Info:
		case !known[d.Rule+"|"+d.Pos.File+"|"+d.Message.EN]:
			t.Errorf("a finding that follows only from the unreadable file: %s [%s] %s", d.Pos, d.Rule, d.Message.EN)
		}
	}
	if syntax == nil {
		t.Fatal("no syntax finding at centers/kre/center.yaml")
	}

	dir := buildSite(t, res, Options{AsOf: committeeDay})
	page := readFile(t, dir, "centers/kre.html")
	contains(t, "centers/kre.html", page,
		"<h1>kre: filen kan ikke leses</h1>",
		"Senterets opplysninger kan ikke vises før feilen er rettet i <code>centers/kre/center.yaml</code>",
		"<li>"+template.HTMLEscapeString(syntax.Message.NB)+"</li>",
		"<code>"+syntax.Pos.String()+"</code>",
		"<code>centers/kre/strategy-2024-2027.md</code>")
	contains(t, "en/centers/kre.html", readFile(t, dir, "en/centers/kre.html"),
		"<h1>kre: the file cannot be read</h1>", template.HTMLEscapeString(syntax.Message.EN))
	index := readFile(t, dir, "index.html")
	contains(t, "index.html", index, `<h3><a href="centers/kre.html">kre</a></h3>`)
	if strings.Count(index, `<a href="centers/kre.html">kre</a>`) < 2 {
		t.Error("index.html: what needs a decision does not link the unreadable center's page")
	}
	report := readFile(t, dir, "report.html")
	contains(t, "report.html", report, `<h3 id="state-kre"><a href="centers/kre.html">kre</a></h3>`)
	md, err := ReportMarkdown(res, Options{AsOf: committeeDay, Langs: []diag.Lang{diag.EN}})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "report.md", string(md), "### kre\n\nerror: The center's data cannot be shown until the error is corrected in centers/kre/center.yaml:\n\n- "+syntax.Message.EN)
	checkLinks(t, dir)
}

// TestUnreadableTechnologyCenterGivesNoFindings: the same with the
// genomics technology center, which the treatment centers' technology
// areas and the matrix name: its unreadable file gives the syntax error
// and nothing that follows only from it.
func TestUnreadableTechnologyCenterGivesNoFindings(t *testing.T) {
	intact := defaultContentWith(t, nil)
	const file = "centers/genomics/center.yaml"
	center := string(intact[file].Data)
	i := strings.Index(center, "\nname: ")
	if i < 0 {
		t.Fatalf("%s has no name line to break", file)
	}
	broken := center[:i] + "\nname: \"" + center[i+len("\nname: "):]
	before := validate.Run(intact, validate.Options{AsOf: committeeDay})
	res := validate.Run(defaultContentWith(t, map[string]string{file: broken}), validate.Options{AsOf: committeeDay})
	known := map[string]bool{}
	for _, d := range before.Diags {
		known[d.Rule+"|"+d.Pos.File+"|"+d.Message.EN] = true
	}
	syntax := false
	for _, d := range res.Diags {
		switch {
		case d.Pos.File == file && d.Rule == "syntax":
			syntax = true
		case !known[d.Rule+"|"+d.Pos.File+"|"+d.Message.EN]:
			t.Errorf("a finding that follows only from the unreadable file: %s [%s] %s", d.Pos, d.Rule, d.Message.EN)
		}
	}
	if !syntax {
		t.Errorf("no syntax finding at %s", file)
	}
}
