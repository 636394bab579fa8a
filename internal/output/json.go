package output

import (
	"bytes"
	"encoding/json"

	"github.com/ous-pm/pmgov/internal/diag"
)

// jsonReport is the JSON output, in the shape architecture.md documents.
// Fields may be added (center, waived_by, summary.infos, all omitted when
// empty) but never renamed: other tools read this.
type jsonReport struct {
	AsOf        string           `json:"as_of"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Summary     diag.Summary     `json:"summary"`
}

// jsonDiagnostic is one diagnostic in the JSON output. Line and column are 0
// for a finding about a whole file.
type jsonDiagnostic struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Message  string `json:"message"`
	Hint     string `json:"hint"`
	Clause   string `json:"clause"`
	Center   string `json:"center,omitempty"`
	WaivedBy string `json:"waived_by,omitempty"`
}

// writeJSON prints the diagnostics as one indented JSON document with
// messages in opt.Lang. Severities are the untranslated names (error,
// warning, waived, info) so tools can match on them.
func writeJSON(buf *bytes.Buffer, ds []diag.Diagnostic, opt Options) error {
	r := jsonReport{
		AsOf:        opt.AsOf,
		Diagnostics: make([]jsonDiagnostic, 0, len(ds)), // [] rather than null when clean
		Summary:     diag.Summarize(opt.Files, ds),
	}
	for _, d := range ds {
		r.Diagnostics = append(r.Diagnostics, jsonDiagnostic{
			Rule:     d.Rule,
			Severity: d.Severity.String(),
			File:     d.Pos.File,
			Line:     d.Pos.Line,
			Column:   d.Pos.Col,
			Message:  d.Message.In(opt.Lang),
			Hint:     d.Hint.In(opt.Lang),
			Clause:   d.Clause,
			Center:   d.Center,
			WaivedBy: d.WaivedBy,
		})
	}
	return encodeJSON(buf, r)
}

// encodeJSON writes v indented by two spaces with a trailing newline. HTML
// escaping is off: the output is read by people and tools, not embedded in a
// web page, and "<" in a message should stay "<".
func encodeJSON(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
