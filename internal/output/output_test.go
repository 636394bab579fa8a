package output

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/diag"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixture returns a fixed set of diagnostics, deliberately out of order: an
// error, a warning, a waived one, an info, one without a line whose file name
// needs escaping, one whose message holds %, a comma, a colon and a newline,
// and one from a rule missing from the catalogue.
func fixture() []diag.Diagnostic {
	return []diag.Diagnostic{
		{
			Rule: "effort-allocation", Severity: diag.Error,
			Pos: diag.Pos{File: "centers/bar/reports/2025-H1.yaml", Line: 14, Col: 9},
			Message: diag.T("andelene summerer til %d%%, ikke 100%%: %d%% mangler\nfor sykdomsgruppen «%s»",
				"the shares sum to %d%%, not 100%%: %d%% is missing\nfor the disease group \"%s\"", 90, 10, "nevromuskulære"),
			Hint:   diag.Text{NB: "juster andelene, så de summerer til 100 %", EN: "adjust the shares so they sum to 100 %"},
			Clause: "P8", Center: "bar",
		},
		{
			Rule: "anchor-level", Severity: diag.Error,
			Pos:     diag.Pos{File: "centers/kre/center.yaml", Line: 7, Col: 14},
			Message: diag.T("ankerenheten KRE-AOF er på nivå N3, mandatet krever N2", "the anchor unit KRE-AOF is at level N3, the mandate requires N2"),
			Hint:    diag.T("sett anchor_unit til en enhet på nivå N2, for eksempel KRE", "set anchor_unit to a unit at level N2, such as KRE"),
			Clause:  "A, P1", Center: "kre",
		},
		{
			Rule: "waiver", Severity: diag.Info,
			Pos:     diag.Pos{File: "committee/decisions/PMU-2025-004.yaml", Line: 9, Col: 3},
			Message: diag.T("unntaket for research ved MED gjelder til 2025-12-31", "the waiver of research for MED lasts until 2025-12-31"),
		},
		{
			Rule: "unknown-file", Severity: diag.Error,
			Pos:     diag.Pos{File: "centers/kre/notes, v2:final.txt"},
			Message: diag.T("filen hører ikke hjemme i en senterkatalog", "the file has no place in a center folder"),
			Hint:    diag.T("flytt eller slett filen", "move or delete the file"),
		},
		{
			Rule: "research", Severity: diag.Waived,
			Pos:     diag.Pos{File: "centers/med/center.yaml", Line: 3, Col: 1},
			Message: diag.T("senteret oppgir ingen forskningsaktivitet", "the center lists no research activity"),
			Hint:    diag.T("legg til minst én aktivitet under research", "add at least one activity under research"),
			Clause:  "O1", Center: "med", WaivedBy: "PMU-2025-004",
		},
		{
			Rule: "syntax", Severity: diag.Error,
			Pos:     diag.Pos{File: "centers/med/strategy.md", Line: 2, Col: 8},
			Message: diag.T("ugyldig YAML i forsiden", "invalid YAML in the front matter"),
			Hint:    diag.T("rett opp YAML-syntaksen", "fix the YAML syntax"),
		},
		{
			Rule: "action-overdue", Severity: diag.Warning,
			Pos:     diag.Pos{File: "centers/kre/action-plan-2025.yaml", Line: 12, Col: 7},
			Message: diag.T("tiltaket K-3 skulle vært ferdig 2025-03-31", "action K-3 was due on 2025-03-31"),
			Hint:    diag.T("sett status done eller en ny frist", "set its status to done or give it a new due date"),
			Clause:  "O4, R", Center: "kre",
		},
	}
}

// fixtureOptions returns options with a partial catalogue (no syntax and no
// unknown-file, a rule without findings) and sources for two of the files,
// one with CRLF line endings and a tab.
func fixtureOptions(lang diag.Lang) Options {
	return Options{
		Lang: lang, AsOf: "2025-06-01", Files: 42, ToolVersion: "0.1.0",
		Rules: []RuleInfo{
			{ID: "anchor-level", Clause: "A, P1", Severity: diag.Error,
				Summary: diag.T("Senteret er forankret på nivå N2", "The center is anchored at level N2"),
				Doc:     diag.T("Senterets anchor_unit finnes i linjen og ligger på mandatets nivå.", "The center's anchor_unit exists in the line structure and sits at the mandate's level.")},
			{ID: "leader", Clause: "A", Severity: diag.Error,
				Summary: diag.T("Én senterleder", "One center leader")},
			{ID: "action-overdue", Clause: "O4, R", Severity: diag.Warning,
				Summary: diag.T("Tiltak er ikke forsinket", "No action is overdue"),
				Doc:     diag.T("Et tiltak med passert frist som verken er ferdig eller avlyst.", "An action past its due date that is neither done nor cancelled.")},
			{ID: "research", Clause: "O1", Severity: diag.Warning,
				Summary: diag.T("Senteret driver forskning", "The center does research")},
			{ID: "effort-allocation", Clause: "P8", Severity: diag.Error,
				Summary: diag.T("Innsatsen er fordelt", "Effort is allocated")},
			{ID: "waiver", Severity: diag.Info,
				Summary: diag.T("Unntak vedtatt av utvalget", "Waiver granted by the committee")},
		},
		Sources: map[string][]byte{
			"centers/kre/center.yaml": []byte("id: kre\nname: Senter for presisjonsmedisin i kreft\ntheme: kreft\n" +
				"mandate: behandlingsorientert\nleader: p-hansen\nboard: [p-hansen]\nanchor_unit: KRE-AOF\n"),
			"centers/med/strategy.md": []byte("---\r\ntitle:\tStrategi for MED\r\n---\r\n"),
		},
	}
}

func TestGolden(t *testing.T) {
	ext := map[string]string{"text": ".txt", "json": ".json", "sarif": ".sarif", "github": ".txt"}
	for _, format := range Formats() {
		for _, lang := range []diag.Lang{diag.NB, diag.EN} {
			name := format + "." + string(lang) + ext[format]
			t.Run(name, func(t *testing.T) {
				var buf bytes.Buffer
				if err := Write(&buf, format, fixture(), fixtureOptions(lang)); err != nil {
					t.Fatal(err)
				}
				golden := filepath.Join("testdata", name)
				if *update {
					if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if got := buf.String(); got != string(want) {
					t.Errorf("output differs from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", golden, got, want)
				}
			})
		}
	}
}

// write renders ds and fails the test on error.
func write(t *testing.T, format string, ds []diag.Diagnostic, opt Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, ds, opt); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestDeterministicAndInputUntouched(t *testing.T) {
	ds := fixture()
	before := slices.Clone(ds)
	for _, format := range Formats() {
		a := write(t, format, ds, fixtureOptions(diag.EN))
		reversed := slices.Clone(ds)
		slices.Reverse(reversed)
		if b := write(t, format, reversed, fixtureOptions(diag.EN)); a != b {
			t.Errorf("%s: output depends on the input order", format)
		}
	}
	if !slices.Equal(ds, before) {
		t.Error("Write reordered the caller's slice")
	}
}

func TestUnknownFormat(t *testing.T) {
	for _, lang := range []diag.Lang{diag.NB, diag.EN} {
		var buf bytes.Buffer
		err := Write(&buf, "xml", fixture(), Options{Lang: lang})
		if err == nil {
			t.Fatal("an unknown format was accepted")
		}
		if !strings.Contains(err.Error(), `"xml"`) {
			t.Errorf("error does not name the format: %v", err)
		}
		if !strings.Contains(err.Error(), "text, json, sarif, github") {
			t.Errorf("error does not list the valid formats: %v", err)
		}
		if buf.Len() != 0 {
			t.Errorf("wrote %q for an unknown format", buf.String())
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrorIsWrapped(t *testing.T) {
	err := Write(failingWriter{}, "json", nil, Options{})
	if err == nil || !strings.Contains(err.Error(), "json") || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("got %v, want an error naming the format and the cause", err)
	}
}

func TestFormats(t *testing.T) {
	if got, want := Formats(), []string{"text", "json", "sarif", "github"}; !slices.Equal(got, want) {
		t.Errorf("Formats() = %v, want %v", got, want)
	}
	Formats()[0] = "changed"
	if Formats()[0] != "text" {
		t.Error("Formats returns shared state")
	}
}
