package output

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
)

// writeGitHub prints GitHub Actions workflow commands, which the runner turns
// into annotations on the pull request's files:
//
//	::error file=centers/kre/center.yaml,line=7,col=14,title=anchor-level::<message> — <hint>
//
// Errors are ::error, warnings ::warning, info and waived findings ::notice (a
// waived one says which decision waived it). Properties with no value (no
// file, line or column) are left out. The summary follows as plain text,
// which the log shows as is.
func writeGitHub(buf *bytes.Buffer, ds []diag.Diagnostic, opt Options) error {
	for _, d := range ds {
		var props []string
		if d.Pos.File != "" {
			props = append(props, "file="+escapeProperty(d.Pos.File))
			if d.Pos.Line > 0 {
				props = append(props, "line="+strconv.Itoa(d.Pos.Line))
				if d.Pos.Col > 0 {
					props = append(props, "col="+strconv.Itoa(d.Pos.Col))
				}
			}
		}
		props = append(props, "title="+escapeProperty(d.Rule))
		msg := d.Message.In(opt.Lang)
		if hint := d.Hint.In(opt.Lang); hint != "" {
			msg += " — " + hint
		}
		if d.WaivedBy != "" {
			msg += " (" + waivedBy(d.WaivedBy, opt.Lang) + ")"
		}
		buf.WriteString("::" + githubCommand(d.Severity) + " " + strings.Join(props, ",") + "::" + escapeData(msg) + "\n")
	}
	buf.WriteString(summaryLine(diag.Summarize(opt.Files, ds), opt.AsOf, opt.Lang))
	buf.WriteByte('\n')
	return nil
}

// githubCommand names the workflow command for a severity.
func githubCommand(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "notice"
}

// The escapes of the Actions runner (toolkit/packages/core/src/command.ts):
// a command's data escapes %, CR and LF; a property value also escapes the
// ":" and "," that would otherwise end it.
var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// escapeData escapes a workflow command's message.
func escapeData(s string) string { return dataEscaper.Replace(s) }

// escapeProperty escapes a workflow command's property value.
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }
