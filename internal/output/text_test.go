package output

import (
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/diag"
)

func TestTextLine(t *testing.T) {
	out := write(t, "text", fixture(), fixtureOptions(diag.EN))
	for _, want := range []string{
		"centers/kre/center.yaml:7:14: error: the anchor unit KRE-AOF is at level N3, the mandate requires N2 [anchor-level]\n" +
			"    7 | anchor_unit: KRE-AOF\n" +
			"      |              ^\n" +
			"    hint: set anchor_unit to a unit at level N2, such as KRE\n",
		"centers/kre/notes, v2:final.txt: error: the file has no place in a center folder [unknown-file]\n    hint: move or delete the file\n",
		"centers/med/center.yaml:3:1: waived: the center lists no research activity [research] (decision PMU-2025-004)\n",
		"committee/decisions/PMU-2025-004.yaml:9:3: info: ",
		"centers/kre/action-plan-2025.yaml:12:7: warning: ",
		// CR stripped; the tab before the column is repeated under it.
		"    2 | title:\tStrategi for MED\n      |       \t^\n",
		"\n4 errors, 1 warning, 1 waived, 1 info in 42 files (as of 2025-06-01)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q\n%s", want, out)
		}
	}
	nb := write(t, "text", fixture(), fixtureOptions(diag.NB))
	for _, want := range []string{
		"centers/kre/center.yaml:7:14: feil: ankerenheten KRE-AOF er på nivå N3, mandatet krever N2 [anchor-level]\n",
		"    tips: sett anchor_unit til en enhet på nivå N2, for eksempel KRE\n",
		"centers/med/center.yaml:3:1: unntatt: senteret oppgir ingen forskningsaktivitet [research] (vedtak PMU-2025-004)\n",
		"centers/kre/action-plan-2025.yaml:12:7: advarsel: ",
		"\n4 feil, 1 advarsel, 1 unntatt, 1 info i 42 filer (per 2025-06-01)\n",
	} {
		if !strings.Contains(nb, want) {
			t.Errorf("Norwegian text output lacks %q\n%s", want, nb)
		}
	}
}

func TestTextOrder(t *testing.T) {
	out := write(t, "text", fixture(), fixtureOptions(diag.EN))
	var files []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "centers/") || strings.HasPrefix(l, "committee/") {
			files = append(files, l[:strings.IndexAny(l, ": ")])
		}
	}
	want := []string{"centers/bar/reports/2025-H1.yaml", "centers/kre/action-plan-2025.yaml", "centers/kre/center.yaml",
		"centers/kre/notes,", "centers/med/center.yaml", "centers/med/strategy.md", "committee/decisions/PMU-2025-004.yaml"}
	if strings.Join(files, " ") != strings.Join(want, " ") {
		t.Errorf("diagnostics in order %q, want %q", files, want)
	}
}

func TestSummaryPlural(t *testing.T) {
	for _, c := range []struct {
		s      diag.Summary
		asOf   string
		nb, en string
	}{
		{diag.Summary{Files: 1, Errors: 1, Warnings: 1, Waived: 1}, "2025-06-01",
			"1 feil, 1 advarsel, 1 unntatt i 1 fil (per 2025-06-01)",
			"1 error, 1 warning, 1 waived in 1 file (as of 2025-06-01)"},
		{diag.Summary{Files: 42, Errors: 3, Warnings: 2, Waived: 0}, "2025-06-01",
			"3 feil, 2 advarsler, 0 unntatt i 42 filer (per 2025-06-01)",
			"3 errors, 2 warnings, 0 waived in 42 files (as of 2025-06-01)"},
		{diag.Summary{}, "",
			"0 feil, 0 advarsler, 0 unntatt i 0 filer",
			"0 errors, 0 warnings, 0 waived in 0 files"},
		{diag.Summary{Files: 2, Infos: 2}, "",
			"0 feil, 0 advarsler, 0 unntatt, 2 info i 2 filer",
			"0 errors, 0 warnings, 0 waived, 2 info in 2 files"},
	} {
		if got := summaryLine(c.s, c.asOf, diag.NB); got != c.nb {
			t.Errorf("nb summary %+v = %q, want %q", c.s, got, c.nb)
		}
		if got := summaryLine(c.s, c.asOf, diag.EN); got != c.en {
			t.Errorf("en summary %+v = %q, want %q", c.s, got, c.en)
		}
	}
}

func TestTextClean(t *testing.T) {
	out := write(t, "text", []diag.Diagnostic{{
		Rule: "schema", Severity: diag.Error, Pos: diag.Pos{File: "a.yaml", Line: 1, Col: 1},
		Message: diag.T("title \x1b[2Jcleared\r\nnext line", "title \x1b[2Jcleared\r\nnext line"),
	}}, Options{Lang: diag.EN, Sources: map[string][]byte{"a.yaml": []byte("a: \x1b[31mred\x9b\n")}})
	if strings.ContainsAny(out, "\x1b\r\u009b") {
		t.Errorf("control characters reached the terminal: %q", out)
	}
	want := "a.yaml:1:1: error: title \uFFFD[2Jcleared\n    next line [schema]\n    1 | a: \uFFFD[31mred\uFFFD\n      | ^\n"
	if !strings.HasPrefix(out, want) {
		t.Errorf("got %q, want prefix %q", out, want)
	}
}

func TestTextPositions(t *testing.T) {
	src := map[string][]byte{"a.yaml": []byte("one\ntwo\n"), "b.yaml": []byte("x\n\n")}
	for _, c := range []struct {
		pos  diag.Pos
		want string
	}{
		{diag.Pos{File: "a.yaml", Line: 2, Col: 2}, "a.yaml:2:2: info: m [r]\n    2 | two\n      |  ^\n"},
		{diag.Pos{File: "a.yaml", Line: 2}, "a.yaml:2: info: m [r]\n    2 | two\n"},
		{diag.Pos{File: "a.yaml"}, "a.yaml: info: m [r]\n"},
		{diag.Pos{}, "info: m [r]\n"},
		// A line past the end of the file quotes nothing rather than failing.
		{diag.Pos{File: "a.yaml", Line: 3, Col: 1}, "a.yaml:3:1: info: m [r]\n\n"},
		// A column one past the end of the line puts the caret after it.
		{diag.Pos{File: "a.yaml", Line: 1, Col: 4}, "a.yaml:1:4: info: m [r]\n    1 | one\n      |    ^\n"},
		// An empty line leaves no trailing space.
		{diag.Pos{File: "b.yaml", Line: 2, Col: 1}, "b.yaml:2:1: info: m [r]\n    2 |\n      | ^\n"},
		// However far past it: no runaway padding.
		{diag.Pos{File: "a.yaml", Line: 1, Col: 1 << 40}, "a.yaml:1:1099511627776: info: m [r]\n    1 | one\n      |    ^\n"},
	} {
		out := write(t, "text", []diag.Diagnostic{{Rule: "r", Severity: diag.Info, Pos: c.pos, Message: diag.T("m", "m")}},
			Options{Lang: diag.EN, Sources: src})
		if !strings.HasPrefix(out, c.want) {
			t.Errorf("%+v: got %q, want prefix %q", c.pos, out, c.want)
		}
	}
}

func TestTextLongLine(t *testing.T) {
	line := strings.Repeat("a", 300) + "X" + strings.Repeat("b", 300)
	out := write(t, "text", []diag.Diagnostic{{Rule: "r", Severity: diag.Error,
		Pos: diag.Pos{File: "a.yaml", Line: 1, Col: 301}, Message: diag.T("m", "m")}},
		Options{Lang: diag.EN, Sources: map[string][]byte{"a.yaml": []byte(line)}})
	lines := strings.Split(out, "\n")
	quoted, caret := lines[1], lines[2]
	if n := len([]rune(quoted)); n > maxSnippet+20 {
		t.Errorf("quoted %d runes of a 601-rune line", n)
	}
	if !strings.Contains(quoted, "…") {
		t.Errorf("cut line not marked: %q", quoted)
	}
	at := strings.IndexRune(caret, '^')
	if r := []rune(quoted); at < 0 || at >= len(r) || r[at] != 'X' {
		t.Errorf("caret at %d does not point at X:\n%s\n%s", at, quoted, caret)
	}
}

func TestTextEmpty(t *testing.T) {
	if got, want := write(t, "text", nil, Options{Lang: diag.EN, Files: 3, AsOf: "2025-06-01"}),
		"0 errors, 0 warnings, 0 waived in 3 files (as of 2025-06-01)\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTextNoWorkflowCommands(t *testing.T) {
	msg := "title\n::add-mask::secret\n  \t::error::fake"
	out := write(t, "text", []diag.Diagnostic{
		{Rule: "r", Severity: diag.Error, Pos: diag.Pos{File: "a.yaml", Line: 1, Col: 1},
			Message: diag.Text{NB: msg, EN: msg}, Hint: diag.Text{NB: msg, EN: msg}},
		{Rule: "r\n::warning::rule", Severity: diag.Waived, Pos: diag.Pos{File: "b\n::notice::file"},
			Message: diag.T("m", "m"), WaivedBy: "PMU\r::debug::x"},
		{Rule: "r", Severity: diag.Error, Pos: diag.Pos{File: ":"}, Message: diag.T("m", "m")},
	}, Options{Lang: diag.EN})
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " \t"), "::") {
			t.Errorf("line reads as a workflow command: %q", l)
		}
	}
	if !strings.Contains(out, "    :\u200b:add-mask::secret\n") || !strings.Contains(out, "  \t:\u200b:error::fake") {
		t.Errorf("continuation lines mangled beyond the guard:\n%q", out)
	}
}
