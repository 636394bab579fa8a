package rules

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ous-pm/pmgov/internal/diag"
)

var scopeTitle = map[Scope]diag.Text{
	Structure: diag.M("rules.scope-title.structure"),
	Repo:      diag.M("rules.scope-title.repo"),
	PerCenter: diag.M("rules.scope-title.repo"),
	Change:    diag.M("rules.scope-title.change"),
}

func sevName(s diag.Severity, lang diag.Lang) string {
	if lang == diag.EN {
		return s.String()
	}
	return map[diag.Severity]string{diag.Error: "feil", diag.Warning: "advarsel", diag.Info: "info", diag.Waived: "unntatt"}[s]
}

// WriteTable prints the catalogue as an aligned table: id, severity,
// clause, one line.
func WriteTable(w io.Writer, lang diag.Lang) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	head := "ID\tALVORLIGHET\tPUNKT\tVERB\tSJEKKER"
	if lang == diag.EN {
		head = "ID\tSEVERITY\tCLAUSE\tVERB\tCHECKS"
	}
	fmt.Fprintln(tw, head)
	for _, r := range All {
		clause := r.Clause
		if clause == "" {
			clause = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, sevName(r.Severity, lang), clause, orDash(r.Verb), r.Summary.In(lang))
	}
	return tw.Flush()
}

// Markdown renders the catalogue page (docs/rules.md) from the rule values,
// so the documentation cannot drift from the checks.
func Markdown(lang diag.Lang) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", diag.M("rules.markdown.message").In(lang))
	fmt.Fprintf(&b, "<!-- %s -->\n\n", diag.M("rules.markdown.message-2").In(lang))
	b.WriteString(diag.M("rules.markdown.message-3").In(lang))
	printed := map[diag.Text]bool{}
	for _, r := range All {
		if title := scopeTitle[r.Scope]; !printed[title] {
			printed[title] = true
			fmt.Fprintf(&b, "## %s\n\n| id | %s | %s | %s | %s |\n|---|---|---|---|---|\n", title.In(lang), diag.M("rules.markdown.message-4").In(lang), diag.M("rules.markdown.message-5").In(lang), "verb", diag.M("rules.markdown.message-6").In(lang))
			for _, q := range All {
				if scopeTitle[q.Scope] == title {
					fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s | %s |\n", q.ID, q.ID, sevName(q.Severity, lang), orDash(q.Clause), verbCell(q.Verb), q.Summary.In(lang))
				}
			}
			b.WriteString("\n")
		}
	}
	for _, r := range All {
		fmt.Fprintf(&b, "### %s\n\n", r.ID)
		writeDetail(&b, r, lang, "md")
	}
	return b.Bytes()
}

// verbCell shows a clause's verb in quotes, "-" for none.
func verbCell(v string) string {
	if v == "" {
		return "-"
	}
	return "«" + v + "»"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// writeDetail writes a rule's doc, the clauses it enforces, and its example.
func writeDetail(b *bytes.Buffer, r *Rule, lang diag.Lang, style string) {
	fmt.Fprintf(b, "%s: %s · %s: %s", diag.M("rules.write-detail.message").In(lang), sevName(r.Severity, lang), diag.M("rules.write-detail.message-2").In(lang), orDash(r.Clause))
	if r.Verb != "" {
		fmt.Fprintf(b, " · Verb: %s", verbCell(r.Verb))
	}
	b.WriteString("\n\n")
	if r.Force != (diag.Text{}) {
		b.WriteString(r.Force.In(lang) + "\n\n")
	}
	b.WriteString(r.Doc.In(lang) + "\n\n")
	for _, id := range ClauseIDs(r.Clause) {
		c := ClauseByID(id)
		if c == nil {
			continue
		}
		if style == "md" {
			fmt.Fprintf(b, "> **%s %s.** %s\n\n", c.ID, c.Title.In(lang), c.Quote.NB)
		} else {
			fmt.Fprintf(b, "%s (%s):\n  «%s»\n", c.ID, c.Title.In(lang), c.Quote.NB)
			if lang == diag.EN {
				fmt.Fprintf(b, "  (%s)\n", c.Quote.EN)
			}
			b.WriteString("\n")
		}
	}
	fence := func(title, body string) {
		if style == "md" {
			fmt.Fprintf(b, "%s:\n\n```yaml\n%s```\n\n", title, body)
			return
		}
		fmt.Fprintf(b, "%s:\n", title)
		for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
			fmt.Fprintf(b, "    %s\n", l)
		}
		b.WriteString("\n")
	}
	fence(diag.M("lsp.finding-doc.text-3").In(lang), r.Example)
	fence(diag.M("lsp.finding-doc.text-4").In(lang), r.Fix)
}

// Explain writes one rule's full explanation for `pmgov explain`.
func Explain(w io.Writer, r *Rule, lang diag.Lang) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s — %s\n\n", r.ID, r.Summary.In(lang))
	writeDetail(&b, r, lang, "text")
	_, err := w.Write(b.Bytes())
	return err
}
