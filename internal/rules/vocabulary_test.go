package rules_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/diag"
)

// TestFindingsUseTheVocabulary holds a finding's names for the mandate's
// competences to the catalogue's terms (term.competence.*), the words the
// site shows for them too (TestSiteUsesTheVocabulary in internal/sitebuild):
// a board without diagnostics is told so with the same words in both
// languages as the site's board table, never with a second word for one
// competence.
func TestFindingsUseTheVocabulary(t *testing.T) {
	f := loadFixture(t, filepath.Join("testdata", "cases", "board-competence-no-diagnostics.txtar"))
	ds := find(f.run(), "board-competence")
	if len(ds) != 1 {
		t.Fatalf("want one board-competence finding, got %v", ds)
	}
	msg := ds[0].Message
	for _, c := range []string{"clinic", "diagnostics", "research"} {
		w, ok := diag.Term("competence", c)
		if !ok {
			t.Fatalf("no term for the competence %s", c)
		}
		if want := "«" + w.NB + "» (" + c + ")"; !strings.Contains(msg.NB, want) {
			t.Errorf("the Norwegian finding lacks %s: %s", want, msg.NB)
		}
		want := w.EN + " (" + c + ")"
		if w.EN == c {
			want = c // an English term that is the id is not repeated
		}
		if !strings.Contains(msg.EN, want) {
			t.Errorf("the English finding lacks %s: %s", want, msg.EN)
		}
	}
	if strings.Contains(msg.NB, "FoU") || strings.Contains(msg.EN, "R&D") {
		t.Errorf("the finding names a competence with a word the site does not use: %s / %s", msg.NB, msg.EN)
	}
}

// TestCadenceInEachLanguage holds the proposed center's status-report
// finding to the cadence's word in each language: "kvartal" in Norwegian,
// "quarter" in English.
func TestCadenceInEachLanguage(t *testing.T) {
	f := loadFixture(t, "")
	g := f.fsys["governance.yaml"]
	g.Data = []byte(strings.Replace(string(g.Data), "cadence: tertial", "cadence: quarterly", 1))
	c := f.fsys["centers/kre/center.yaml"]
	c.Data = []byte(strings.Replace(string(c.Data), "status: active", "status: proposed", 1))
	var found bool
	for _, d := range find(f.run(), "status-report") {
		if d.Severity != diag.Info {
			continue
		}
		found = true
		if !strings.Contains(d.Message.NB, "for hvert kvartal") || !strings.Contains(d.Message.EN, "for every quarter") {
			t.Errorf("the cadence is not in each language's word: %s / %s", d.Message.NB, d.Message.EN)
		}
	}
	if !found {
		t.Fatal("no status-report finding for the proposed center")
	}
}
