package output

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/diag"
)

// FuzzWrite feeds every format arbitrary file names, messages, sources and
// positions: none may panic or hang, JSON and SARIF must stay valid JSON,
// GitHub output must hold exactly one command line per diagnostic, and text
// output no terminal control character and no line a GitHub runner would
// take for a workflow command.
func FuzzWrite(f *testing.F) {
	f.Add("centers/kre/center.yaml", "msg: 100%, ok\nnext", []byte("a: b\r\nc:\td\n"), 2, 3)
	f.Add("", "\x1b[2J::error::x", []byte{0xff, '\n'}, -1, 1<<30)
	f.Add("a,b:c.md", "", []byte(""), 1, 0)
	f.Fuzz(func(t *testing.T, file, msg string, src []byte, line, col int) {
		ds := []diag.Diagnostic{{Rule: "r", Severity: diag.Error, Pos: diag.Pos{File: file, Line: line, Col: col},
			Message: diag.Text{NB: msg, EN: msg}, Hint: diag.Text{NB: msg, EN: msg}, WaivedBy: msg}}
		opt := Options{Lang: diag.EN, Sources: map[string][]byte{file: src}}
		for _, format := range Formats() {
			out := write(t, format, ds, opt)
			switch format {
			case "json", "sarif":
				if !json.Valid([]byte(out)) {
					t.Fatalf("%s output is not valid JSON:\n%s", format, out)
				}
			case "github":
				if n := strings.Count(out, "\n"); n != 2 || !strings.HasPrefix(out, "::error ") {
					t.Fatalf("github output has %d lines, want a command and a summary:\n%q", n, out)
				}
			case "text":
				if strings.ContainsAny(out, "\x1b\r\x00\u009b") {
					t.Fatalf("text output holds a control character: %q", out)
				}
				for _, l := range strings.Split(out, "\n") {
					if strings.HasPrefix(strings.TrimLeft(l, " \t"), "::") {
						t.Fatalf("text line reads as a workflow command: %q", l)
					}
				}
			}
		}
	})
}
