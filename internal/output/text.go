package output

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ous-pm/pmgov/internal/diag"
)

// writeText prints the compiler-style format people read in a terminal or a
// CI log, after rhysd/actionlint:
//
//	centers/kre/center.yaml:7:14: feil: ankerenheten … [anchor-level]
//	    7 | anchor_unit: KRE-AOF
//	      |              ^
//	    tips: …
//
// The location is file:line:col, file:line when the column is unknown, file
// alone for a whole-file finding, and left out when there is no file. A
// waived diagnostic ends with the decision that waived it: "(vedtak
// PMU-2025-004)", in English "(decision PMU-2025-004)". The source line
// and caret appear only when opt.Sources holds the file. The last line
// summarises the counts. No line can pass for a GitHub workflow command.
func writeText(out *bytes.Buffer, ds []diag.Diagnostic, opt Options) error {
	var buf strings.Builder
	lines := sourceLines{src: opt.Sources}
	for _, d := range ds {
		if loc := location(d.Pos); loc != "" {
			buf.WriteString(loc)
			buf.WriteString(": ")
		}
		buf.WriteString(severityWord(d.Severity, opt.Lang))
		buf.WriteString(": ")
		buf.WriteString(indentLines(clean(d.Message.In(opt.Lang)), "    "))
		buf.WriteString(" [" + oneLine(d.Rule) + "]")
		if d.WaivedBy != "" {
			buf.WriteString(" (" + oneLine(decisionRef(d.WaivedBy, opt.Lang)) + ")")
		}
		buf.WriteByte('\n')
		if src, ok := lines.line(d.Pos.File, d.Pos.Line); ok {
			writeSnippet(&buf, d.Pos.Line, d.Pos.Col, src)
		}
		if hint := d.Hint.In(opt.Lang); hint != "" {
			label := hintLabel.In(opt.Lang) + ": "
			buf.WriteString("    " + label)
			buf.WriteString(indentLines(clean(hint), strings.Repeat(" ", 4+len(label))))
			buf.WriteByte('\n')
		}
	}
	if len(ds) > 0 {
		buf.WriteByte('\n')
	}
	buf.WriteString(summaryLine(diag.Summarize(opt.Files, ds), opt.AsOf, opt.Lang))
	buf.WriteByte('\n')
	out.WriteString(noCommands(buf.String()))
	return nil
}

// location formats a position for the text format.
func location(p diag.Pos) string {
	switch {
	case p.File == "":
		return ""
	case p.Line <= 0:
		return oneLine(p.File)
	case p.Col <= 0:
		return oneLine(p.File) + ":" + strconv.Itoa(p.Line)
	}
	return oneLine(p.File) + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// maxSnippet is the most runes of a source line quoted; a longer line (say a
// minified YAML flow map) is cut to a window around the column.
const maxSnippet = 120

// writeSnippet quotes a source line with a caret under column col (in runes,
// as positions count them). Tabs before the column are repeated in the caret
// line so the caret lines up however wide the terminal draws a tab.
func writeSnippet(buf *strings.Builder, line, col int, src string) {
	runes := []rune(oneLine(src))
	start, end, pre, post := 0, len(runes), "", ""
	if len(runes) > maxSnippet {
		if col > 0 {
			start = max(0, min(col-1-maxSnippet/2, len(runes)-maxSnippet))
		}
		end = start + maxSnippet
		if start > 0 {
			pre = "…"
		}
		if end < len(runes) {
			post = "…"
		}
	}
	num := strconv.Itoa(line)
	gutter := strings.Repeat(" ", max(0, 5-len(num))) + num + " | "
	buf.WriteString(strings.TrimRight(gutter+pre+string(runes[start:end])+post, " ") + "\n")
	if col <= 0 {
		return
	}
	buf.WriteString(strings.Repeat(" ", len(gutter)-2) + "| ")
	if pre != "" {
		buf.WriteByte(' ')
	}
	// A column past the end of the line (at most one past is expected) puts
	// the caret just after it, however large the column claims to be.
	for i := start; i < min(col-1, len(runes)); i++ {
		if i < end && runes[i] == '\t' {
			buf.WriteByte('\t')
		} else {
			buf.WriteByte(' ')
		}
	}
	buf.WriteString("^\n")
}

// sourceLines finds lines in the files of Options.Sources, indexing each file
// once so many diagnostics in one large file stay cheap.
type sourceLines struct {
	src   map[string][]byte
	index map[string][]int // start offset of every line, per file
}

// line returns line n (1-based) of file without its line ending.
func (s *sourceLines) line(file string, n int) (string, bool) {
	text, ok := s.src[file]
	if !ok || n <= 0 {
		return "", false
	}
	if s.index == nil {
		s.index = map[string][]int{}
	}
	starts, ok := s.index[file]
	if !ok {
		starts = []int{0}
		for i, b := range text {
			if b == '\n' && i+1 < len(text) {
				starts = append(starts, i+1)
			}
		}
		s.index[file] = starts
	}
	if n > len(starts) || len(text) == 0 {
		return "", false
	}
	end := len(text)
	if n < len(starts) {
		end = starts[n] - 1
	}
	line := strings.TrimSuffix(string(text[starts[n-1]:end]), "\n")
	return strings.TrimSuffix(line, "\r"), true
}

// clean makes text safe to print on a terminal: line endings become \n, and
// any other control character (which a repository could use to rewrite the
// screen or a CI log) becomes U+FFFD, one rune for one, so columns still
// line up. Invalid UTF-8 is replaced the same way.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	ok := utf8.ValidString(s)
	for _, r := range s {
		if isControl(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case isControl(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// oneLine is clean for text that must stay on its line (a file name, a rule
// id, a quoted source line): line breaks become U+FFFD as well.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || isControl(r) {
			return utf8.RuneError
		}
		return r
	}, s)
}

// isControl reports a C0 or C1 control character other than tab and newline,
// or a carriage return (which clean turns into a newline).
func isControl(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n') || (r >= 0x7f && r < 0xa0)
}

// indentLines indents every line of s after the first, so a message or hint
// spanning lines stays under its diagnostic.
func indentLines(s, indent string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+indent)
}

// noCommands puts a zero-width space between the colons of any line that
// starts with "::" (after spaces). The GitHub Actions runner reads such a log
// line as a workflow command, and text from the repository (a file name, a
// quoted value spanning lines) must not be able to issue one.
func noCommands(text string) string {
	lines := strings.SplitAfter(text, "\n")
	for i, l := range lines {
		body := strings.TrimLeft(l, " \t")
		if strings.HasPrefix(body, "::") {
			lines[i] = l[:len(l)-len(body)] + ":\u200b" + body[1:]
		}
	}
	return strings.Join(lines, "")
}
