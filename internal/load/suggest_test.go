package load

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestSuggest(t *testing.T) {
	for _, tc := range []struct {
		path  string
		isDir bool
		want  string
	}{
		{"centers/kre/report/2025-T1.md", false, "centers/kre/reports/2025-T1.md"},
		{"centers/kre/rapporter/2025-T1.md", false, "centers/kre/reports/2025-T1.md"},
		{"centers/kre/action-plan/2025.yaml", false, "centers/kre/action-plans/2025.yaml"},
		{"centers/kre/action-plans/2025.yml", false, "centers/kre/action-plans/2025.yaml"},
		{"centers/kre/centre.yaml", false, "centers/kre/center.yaml"},
		{"centers/kre/Center.yaml", false, "centers/kre/center.yaml"},
		{"centers/kre/senter.yaml", false, "centers/kre/center.yaml"},
		{"centers/kre/strategi-2024-2026.md", false, "centers/kre/strategy-2024-2026.md"},
		{"centers/kre/strategy-2024-2026.markdown", false, "centers/kre/strategy-2024-2026.md"},
		{"centers/kre/evaluations/evaluering-1.md", false, "centers/kre/evaluations/term-1.md"},
		{"centers/kre/evaluations/trem-1.md", false, "centers/kre/evaluations/term-1.md"},
		{"org/person.yaml", false, "org/people.yaml"},
		{"org/personer.yaml", false, "org/people.yaml"},
		{"committee/vedtak/PMU-2025-01.md", false, "committee/decisions/PMU-2025-01.md"},
		{"committee/meeting/2025-06-01.md", false, "committee/meetings/2025-06-01.md"},
		{"governance.yml", false, "governance.yaml"},
		{"centre/kre/center.yaml", false, "centers/kre/center.yaml"},
		{"centers/kre/report", true, "centers/kre/reports"},
		{"centers/kre/evalueringer", true, "centers/kre/evaluations"},
		// Nothing close: no guess.
		{"centers/kre/notes.txt", false, ""},
		{"centers/kre/minutes", true, ""},
		{"centers/kre/reports/summary.md", false, ""},
		{"org/budget.yaml", false, ""},
		// Already right: nothing to suggest.
		{"centers/kre/center.yaml", false, ""},
	} {
		if got := Suggest(tc.path, tc.isDir); got != tc.want {
			t.Errorf("Suggest(%q, %v) = %q, want %q", tc.path, tc.isDir, got, tc.want)
		}
	}
}

// The suggestion reaches the staff member in the hint, in both languages.
func TestUnknownFileHintSuggests(t *testing.T) {
	res := Load(fstest.MapFS{
		"org/people.yaml":                   {Data: []byte("people: []\n")},
		"centers/kre/report/2025-T1.md":     {Data: []byte("---\nperiod: 2025-T1\n---\n")},
		"centers/kre/strategi-2024-2026.md": {Data: []byte("---\nperiod: 2024-2026\n---\n")},
		"Centers/kre/center.yaml":           {Data: []byte("id: kre\n")},
		"governance.yml":                    {Data: []byte("organisation: OUS\n")},
	})
	want := map[string]string{
		"centers/kre/report":                "Did you mean centers/kre/reports?",
		"centers/kre/strategi-2024-2026.md": "Did you mean centers/kre/strategy-2024-2026.md?",
		"Centers":                           "Move the content into centers",
		"governance.yml":                    "Rename it to governance.yaml.",
	}
	for _, d := range res.Diags {
		w, ok := want[d.Pos.File]
		if !ok {
			t.Errorf("unexpected: %s %s %s", d.Rule, d.Pos.File, d.Message.EN)
			continue
		}
		delete(want, d.Pos.File)
		if d.Rule != "unknown-file" || !strings.Contains(d.Hint.EN, w) || !strings.Contains(d.Hint.NB, strings.Fields(w)[len(strings.Fields(w))-1]) {
			t.Errorf("%s: %s / %s, want a hint with %q", d.Pos.File, d.Hint.EN, d.Hint.NB, w)
		}
	}
	for f := range want {
		t.Errorf("no finding for %s", f)
	}
}
