package output

import (
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/diag"
)

func TestGitHubEscape(t *testing.T) {
	for _, c := range []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100%", "100%25", "100%25"},
		{"%0A", "%250A", "%250A"}, // an escape in the input stays literal
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"k: v, w", "k: v, w", "k%3A v%2C w"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
	} {
		if got := escapeData(c.in); got != c.data {
			t.Errorf("escapeData(%q) = %q, want %q", c.in, got, c.data)
		}
		if got := escapeProperty(c.in); got != c.prop {
			t.Errorf("escapeProperty(%q) = %q, want %q", c.in, got, c.prop)
		}
	}
}

func TestGitHubCommands(t *testing.T) {
	out := write(t, "github", fixture(), fixtureOptions(diag.EN))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(fixture())+1 {
		t.Fatalf("%d lines, want one per diagnostic and a summary:\n%s", len(lines), out)
	}
	want := []string{
		"::error file=centers/bar/reports/2025-H1.yaml,line=14,col=9,title=effort-allocation::" +
			"the shares sum to 90%25, not 100%25: 10%25 is missing%0Afor the disease group \"nevromuskulære\" — adjust the shares so they sum to 100 %25",
		"::warning file=centers/kre/action-plan-2025.yaml,line=12,col=7,title=action-overdue::action K-3 was due on 2025-03-31 — set its status to done or give it a new due date",
		"::error file=centers/kre/center.yaml,line=7,col=14,title=anchor-level::the anchor unit KRE-AOF is at level N3, the mandate requires N2 — set anchor_unit to a unit at level N2, such as KRE",
		"::error file=centers/kre/notes%2C v2%3Afinal.txt,title=unknown-file::the file has no place in a center folder — move or delete the file",
		"::notice file=centers/med/center.yaml,line=3,col=1,title=research::the center lists no research activity — add at least one activity under research (waived by PMU-2025-004)",
		"::error file=centers/med/strategy.md,line=2,col=8,title=syntax::invalid YAML in the front matter — fix the YAML syntax",
		"::notice file=committee/decisions/PMU-2025-004.yaml,line=9,col=3,title=waiver::the waiver of research for MED lasts until 2025-12-31",
		"4 errors, 1 warning, 1 waived, 1 info in 42 files (as of 2025-06-01)",
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Errorf("line %d:\ngot  %s\nwant %s", i+1, lines[i], want[i])
		}
	}
}

func TestGitHubPartialPositions(t *testing.T) {
	for _, c := range []struct {
		pos  diag.Pos
		want string
	}{
		{diag.Pos{File: "a.yaml", Line: 2}, "::error file=a.yaml,line=2,title=r::m\n"},
		{diag.Pos{}, "::error title=r::m\n"},
	} {
		out := write(t, "github", []diag.Diagnostic{{Rule: "r", Severity: diag.Error, Pos: c.pos, Message: diag.T("m", "m")}}, Options{})
		if !strings.HasPrefix(out, c.want) {
			t.Errorf("%+v: got %q, want prefix %q", c.pos, out, c.want)
		}
	}
}
