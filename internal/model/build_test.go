package model_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/model"
)

// base is a small repository whose references all resolve.
var base = map[string]string{
	"org/people.yaml": "people:\n  - {id: kari.nordmann, name: Kari Nordmann, email: kari@example.org}\n",
	"org/units.yaml":  "units:\n  - {id: OUS, name: OUS, level: N1}\n  - {id: KRE, name: Kreftklinikken, level: N2, parent: OUS}\n",
	"centers/kre/center.yaml": "id: kre\nname: Kreft\nkind: treatment\nstatus: active\nanchor_unit: KRE\n" +
		"leader: kari.nordmann\ndisease_groups:\n  - {id: lung-cancer, name: Lungekreft}\n",
	"centers/kre/action-plans/2025.yaml": "year: 2025\nactions:\n  - {id: KRE-2025-01, title: Tiltak, owner: kari.nordmann}\n",
	"centers/kre/reports/2025-T1.md": "---\nperiod: 2025-T1\naction_plan: 2025\nactions:\n  - {action: KRE-2025-01, status: done}\n" +
		"effort:\n  unit: percent\n  allocation:\n    - {group: lung-cancer, share: 100, rationale: Alt.}\n---\nTekst.\n",
}

// build loads base with the given files replaced and returns the model's
// findings.
func build(t *testing.T, change map[string]string) []diag.Diagnostic {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, s := range base {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	for p, s := range change {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	lr := load.Load(fsys)
	_, ds := model.Build(lr.Docs, lr.Sources, lr.Files)
	return ds
}

func TestBaseIsClean(t *testing.T) {
	if ds := build(t, nil); len(ds) != 0 {
		t.Fatalf("want no findings, got %v", ds)
	}
}

func TestMisspeltPersonNamesTheFileAndTheNearestID(t *testing.T) {
	ds := build(t, map[string]string{
		"centers/kre/center.yaml": strings.Replace(base["centers/kre/center.yaml"], "leader: kari.nordmann", "leader: kari.nordman", 1),
	})
	if len(ds) != 1 {
		t.Fatalf("want one finding, got %v", ds)
	}
	d := ds[0]
	if d.Rule != "ref" || d.Pos.String() != "centers/kre/center.yaml:6:9" {
		t.Errorf("got %s [%s], want the leader's value [ref]", d.Pos, d.Rule)
	}
	if want := "personen «kari.nordman» finnes ikke i org/people.yaml"; d.Message.NB != want {
		t.Errorf("message %q, want %q", d.Message.NB, want)
	}
	if want := "Mente du «kari.nordmann»? Rett skrivemåten."; !strings.HasPrefix(d.Hint.NB, want) {
		t.Errorf("hint %q does not start with %q", d.Hint.NB, want)
	}
}

func TestDiseaseGroupWrittenByNameGetsItsID(t *testing.T) {
	ds := build(t, map[string]string{
		"centers/kre/reports/2025-T1.md": strings.Replace(base["centers/kre/reports/2025-T1.md"], "group: lung-cancer", "group: Lungekreft", 1),
	})
	if len(ds) != 1 || ds[0].Rule != "ref" {
		t.Fatalf("want one ref finding, got %v", ds)
	}
	if want := "Skriv id-en, ikke navnet: «group: lung-cancer» (Lungekreft)."; ds[0].Hint.NB != want {
		t.Errorf("hint %q, want %q", ds[0].Hint.NB, want)
	}
}

func TestWrongPeriodSaysWhichFileNameFits(t *testing.T) {
	ds := build(t, map[string]string{
		"centers/kre/reports/2025-T1.md": strings.Replace(base["centers/kre/reports/2025-T1.md"], "period: 2025-T1", "period: 2025-T2", 1),
	})
	if len(ds) != 1 || ds[0].Rule != "id-mismatch" {
		t.Fatalf("want one id-mismatch finding, got %v", ds)
	}
	d := ds[0]
	if want := "rapporteringsperioden (period) er 2025-T2, men filnavnet centers/kre/reports/2025-T1.md sier 2025-T1"; d.Message.NB != want {
		t.Errorf("message %q, want %q", d.Message.NB, want)
	}
	if want := "Skriv «period: 2025-T1» hvis filnavnet er riktig. Er det 2025-T2 som er riktig, gi filen navnet centers/kre/reports/2025-T2.md."; d.Hint.NB != want {
		t.Errorf("hint %q, want %q", d.Hint.NB, want)
	}
}

// A file that is there but cannot be read has its syntax finding from the
// loader; the model adds no "does not exist" for what is in it.
func TestUnreadableFileGivesNoFalseReferenceFindings(t *testing.T) {
	for name, change := range map[string]map[string]string{
		"center.yaml": {"centers/kre/center.yaml": base["centers/kre/center.yaml"] + "status: active\n"},
		"people.yaml": {"org/people.yaml": "people:\n  - {id: kari.nordmann, github: @kari}\n"},
	} {
		if ds := build(t, change); len(ds) != 0 {
			t.Errorf("%s unreadable: want no model findings, got %v", name, ds)
		}
	}
	// Without the file at all, the reference findings stand.
	fsys := fstest.MapFS{}
	for p, s := range base {
		if p != "org/people.yaml" {
			fsys[p] = &fstest.MapFile{Data: []byte(s)}
		}
	}
	lr := load.Load(fsys)
	if _, ds := model.Build(lr.Docs, lr.Sources, lr.Files); len(ds) == 0 {
		t.Error("with no org/people.yaml, the unknown people are not reported")
	}
}
