package output

import (
	"fmt"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
)

// The words the formats print around messages, in both languages. Severity
// words in Norwegian: feil (error), advarsel (warning), unntatt (waived: a
// committee decision has granted an exception) and info.
var (
	severityWords = map[diag.Severity]diag.Text{
		diag.Error:   diag.M("output.severity-words.text"),
		diag.Warning: diag.M("output.severity-words.text-2"),
		diag.Waived:  diag.M("output.severity-words.text-3"),
		diag.Info:    diag.M("output.severity-words.text-4"),
	}
	hintLabel = diag.M("cli.new.hint")
)

// severityWord names sev in lang, as the text format prints it.
func severityWord(sev diag.Severity, lang diag.Lang) string {
	if w, ok := severityWords[sev]; ok {
		return w.In(lang)
	}
	return sev.String()
}

// decisionRef names the decision that waived a diagnostic in the text format,
// where the severity word already says "waived".
func decisionRef(decision string, lang diag.Lang) string {
	return diag.M("output.decision-ref.text", decision).In(lang)
}

// waivedBy says which committee decision waived a diagnostic, for formats
// that do not print the severity word.
func waivedBy(decision string, lang diag.Lang) string {
	return diag.M("output.waived-by.text", decision).In(lang)
}

// count writes n with the singular or plural form of a noun.
func count(n int, singular, plural string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, singular)
	}
	return fmt.Sprintf("%d %s", n, plural)
}

// summaryLine is the closing line of the text and github formats, e.g.
// "3 feil, 1 advarsel, 0 unntatt i 42 filer (per 2025-06-01)". Errors,
// warnings and waivers are always counted, so a clean run says so in words;
// info diagnostics only when there are some, since they never fail a run.
func summaryLine(s diag.Summary, asOf string, lang diag.Lang) string {
	var parts []string
	var files, date string
	if lang == diag.EN {
		parts = []string{
			count(s.Errors, "error", "errors"),
			count(s.Warnings, "warning", "warnings"),
			count(s.Waived, "waived", "waived"),
		}
		if s.Infos > 0 {
			parts = append(parts, count(s.Infos, "info", "info"))
		}
		files = " in " + count(s.Files, "file", "files")
		if asOf != "" {
			date = " (as of " + asOf + ")"
		}
	} else {
		parts = []string{
			count(s.Errors, "feil", "feil"),
			count(s.Warnings, "advarsel", "advarsler"),
			count(s.Waived, "unntatt", "unntatt"),
		}
		if s.Infos > 0 {
			parts = append(parts, count(s.Infos, "info", "info"))
		}
		files = " i " + count(s.Files, "fil", "filer")
		if asOf != "" {
			date = " (per " + asOf + ")"
		}
	}
	return strings.Join(parts, ", ") + files + date
}
