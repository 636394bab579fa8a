package output

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/diag"
)

// documented is the JSON shape of architecture.md, plus the documented
// additions. Decoding with unknown fields disallowed catches a renamed or
// stray field.
type documented struct {
	AsOf        *string          `json:"as_of"`
	Diagnostics []documentedDiag `json:"diagnostics"`
	Summary     *struct {
		Files    *int `json:"files"`
		Errors   *int `json:"errors"`
		Warnings *int `json:"warnings"`
		Waived   *int `json:"waived"`
		Infos    int  `json:"infos"`
	} `json:"summary"`
}

// documentedDiag is one diagnostic of the documented JSON shape. Pointers
// tell a missing field from a zero one.
type documentedDiag struct {
	Rule     *string `json:"rule"`
	Severity *string `json:"severity"`
	File     *string `json:"file"`
	Line     *int    `json:"line"`
	Column   *int    `json:"column"`
	Message  *string `json:"message"`
	Hint     *string `json:"hint"`
	Clause   *string `json:"clause"`
	Center   *string `json:"center"`
	WaivedBy *string `json:"waived_by"`
}

func decodeDocumented(t *testing.T, out string) documented {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var r documented
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("JSON output does not have the documented shape: %v\n%s", err, out)
	}
	return r
}

func TestJSONShape(t *testing.T) {
	out := write(t, "json", fixture(), fixtureOptions(diag.EN))
	if !strings.HasSuffix(out, "}\n") || !strings.HasPrefix(out, "{\n  \"as_of\"") {
		t.Errorf("JSON output is not indented with a trailing newline:\n%s", out)
	}
	r := decodeDocumented(t, out)
	if r.AsOf == nil || *r.AsOf != "2025-06-01" {
		t.Errorf("as_of = %v", r.AsOf)
	}
	if len(r.Diagnostics) != len(fixture()) {
		t.Fatalf("%d diagnostics, want %d", len(r.Diagnostics), len(fixture()))
	}
	for _, d := range r.Diagnostics {
		if d.Rule == nil || d.Line == nil || d.Column == nil || d.Severity == nil || d.Message == nil ||
			d.Hint == nil || d.Clause == nil || d.File == nil {
			t.Fatal("a documented field is missing")
		}
		switch *d.Rule {
		case "anchor-level":
			if *d.File != "centers/kre/center.yaml" || *d.Line != 7 || *d.Column != 14 || *d.Severity != "error" ||
				*d.Clause != "A, P1" || d.Center == nil || *d.Center != "kre" || d.WaivedBy != nil ||
				*d.Message != "the anchor unit KRE-AOF is at level N3, the mandate requires N2" ||
				*d.Hint != "set anchor_unit to a unit at level N2, such as KRE" {
				t.Errorf("anchor-level diagnostic wrong: %+v", d)
			}
		case "research":
			if *d.Severity != "waived" || d.WaivedBy == nil || *d.WaivedBy != "PMU-2025-004" {
				t.Errorf("waived diagnostic lacks waived_by: %+v", d)
			}
		case "unknown-file":
			if *d.Line != 0 || *d.Column != 0 || *d.File != "centers/kre/notes, v2:final.txt" {
				t.Errorf("whole-file diagnostic wrong: line %d col %d file %q", *d.Line, *d.Column, *d.File)
			}
		case "waiver":
			if d.Center != nil || d.WaivedBy != nil {
				t.Error("center and waived_by must be omitted when empty")
			}
		case "effort-allocation":
			if want := "the shares sum to 90%, not 100%: 10% is missing\nfor the disease group \"nevromuskulære\""; *d.Message != want {
				t.Errorf("message = %q, want %q", *d.Message, want)
			}
		}
	}
	if !slices.IsSortedFunc(r.Diagnostics, func(a, b documentedDiag) int { return strings.Compare(*a.File, *b.File) }) {
		t.Error("diagnostics not sorted by file")
	}
	s := r.Summary
	if s == nil || s.Files == nil || s.Errors == nil || s.Warnings == nil || s.Waived == nil {
		t.Fatalf("summary lacks a documented count: %s", out)
	}
	if *s.Files != 42 || *s.Errors != 4 || *s.Warnings != 1 || *s.Waived != 1 || s.Infos != 1 {
		t.Errorf("summary = files %d errors %d warnings %d waived %d infos %d, want 42 4 1 1 1",
			*s.Files, *s.Errors, *s.Warnings, *s.Waived, s.Infos)
	}
}

func TestJSONLanguage(t *testing.T) {
	r := decodeDocumented(t, write(t, "json", fixture(), fixtureOptions(diag.NB)))
	for _, d := range r.Diagnostics {
		if *d.Rule == "anchor-level" && *d.Message != "ankerenheten KRE-AOF er på nivå N3, mandatet krever N2" {
			t.Errorf("Norwegian message = %q", *d.Message)
		}
		if *d.Rule == "research" && *d.Severity != "waived" {
			t.Errorf("severity is translated: %q (tools match on the English name)", *d.Severity)
		}
	}
}

func TestJSONEmpty(t *testing.T) {
	out := write(t, "json", nil, Options{AsOf: "2025-06-01", Files: 3})
	want := `{
  "as_of": "2025-06-01",
  "diagnostics": [],
  "summary": {
    "files": 3,
    "errors": 0,
    "warnings": 0,
    "waived": 0
  }
}
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func TestJSONNoHTMLEscape(t *testing.T) {
	out := write(t, "json", []diag.Diagnostic{{Rule: "r", Message: diag.T("a < b & c", "a < b & c")}}, Options{})
	if !bytes.Contains([]byte(out), []byte(`"a < b & c"`)) {
		t.Errorf("message escaped for HTML: %s", out)
	}
}
