// Package output writes diagnostics in the formats pmgov offers:
//
//   - text: compiler style for people, one line per diagnostic
//     ("file:line:col: severity: message [rule]"), the source line with a caret
//     when the file's text is at hand, an indented hint, and a summary line;
//   - json: the documented shape of architecture.md, for tools;
//   - sarif: SARIF 2.1.0 for code scanning, one rule entry per catalogue rule;
//   - github: GitHub Actions workflow commands, which annotate a pull request.
//
// Messages, hints and summaries are in Options.Lang. In the text format the
// severity words are localised too: feil, advarsel, unntatt, info in
// Norwegian; error, warning, waived, info in English. JSON and SARIF keep the
// English severity names, since tools match on them.
//
// Every format is deterministic: diagnostics are sorted with diag.Sort, no map
// is iterated unsorted, and nothing depends on the clock, so the same findings
// always produce the same bytes.
package output

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
)

// RuleInfo describes a catalogue rule for SARIF and docs.
type RuleInfo struct {
	ID       string
	Clause   string
	Severity diag.Severity
	Summary  diag.Text
	Doc      diag.Text
}

// Options controls what every format prints besides the diagnostics.
type Options struct {
	// Lang is the language of messages, hints and summaries. An empty Lang
	// means Norwegian bokmål, the hospital's working language.
	Lang diag.Lang
	// AsOf is the date (YYYY-MM-DD) the rules judged the repository at.
	AsOf string
	// Files is the number of files examined, for the summary.
	Files int
	// Rules is the rule catalogue, in the order SARIF should list it.
	Rules []RuleInfo
	// Sources optionally holds file text by repository-relative path, so the
	// text format can quote the offending line under its diagnostic.
	Sources map[string][]byte
	// ToolVersion is pmgov's version, reported in SARIF.
	ToolVersion string
}

// formatter is one output format: its name and the function rendering sorted
// diagnostics in it.
type formatter struct {
	name  string
	write func(*bytes.Buffer, []diag.Diagnostic, Options) error
}

// formats lists every format, in the order Formats returns them.
var formats = []formatter{
	{"text", writeText},
	{"json", writeJSON},
	{"sarif", writeSARIF},
	{"github", writeGitHub},
}

// Formats returns the names Write accepts, in the order a help text should
// list them.
func Formats() []string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.name
	}
	return names
}

// Write prints ds to w in format (one of Formats). ds is not modified: the
// diagnostics are sorted on a copy. An unknown format is an error that lists
// the valid ones, in opt.Lang, and nothing is written.
func Write(w io.Writer, format string, ds []diag.Diagnostic, opt Options) error {
	i := slices.IndexFunc(formats, func(f formatter) bool { return f.name == format })
	if i < 0 {
		valid := strings.Join(Formats(), ", ")
		return fmt.Errorf("%s", diag.M("output.write.text", format, valid).In(opt.Lang))
	}
	sorted := slices.Clone(ds)
	diag.Sort(sorted)
	// Render whole before writing, so a failure while rendering never leaves
	// half a JSON or SARIF document behind.
	var buf bytes.Buffer
	if err := formats[i].write(&buf, sorted, opt); err != nil {
		return fmt.Errorf("render %s output: %w", format, err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write %s output: %w", format, err)
	}
	return nil
}
