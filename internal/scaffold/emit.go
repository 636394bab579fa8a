package scaffold

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

// writer builds a file line by line, so that it knows the line each
// placeholder lands on.
type writer struct {
	b     strings.Builder
	line  int
	todos []Todo
}

func (w *writer) String() string { return w.b.String() }

// raw writes one line as is.
func (w *writer) raw(s string) {
	w.b.WriteString(s)
	w.b.WriteByte('\n')
	w.line++
}

// blank writes an empty line.
func (w *writer) blank() { w.raw("") }

// comment writes "# text" at indent, wrapped at about 100 columns so that
// the comments stay readable in the GitHub web editor.
func (w *writer) comment(indent int, text string) {
	pad := strings.Repeat(" ", indent)
	for _, l := range wrap(text, 100-indent-2) {
		w.raw(pad + "# " + l)
	}
}

// field writes "key: value" at indent, after its comment.
func (w *writer) field(indent int, key, value, comment string) {
	if comment != "" {
		w.comment(indent, comment)
	}
	w.raw(strings.Repeat(" ", indent) + key + ": " + value)
}

// item writes "- key: value" at indent (the first field of a list item).
func (w *writer) item(indent int, key, value string) {
	w.raw(strings.Repeat(" ", indent) + "- " + key + ": " + value)
}

// todo records that the line just written holds a placeholder.
func (w *writer) todo(field string, what diag.Text) {
	w.todos = append(w.todos, Todo{Line: w.line, Field: field, What: what})
}

// placeholder is a quoted "FYLL INN: what" text.
func placeholder(what string) string { return quote(Placeholder + ": " + what) }

// wrap splits text into lines of at most width runes at spaces.
func wrap(text string, width int) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		words := strings.Fields(para)
		cur := ""
		for _, wd := range words {
			if cur != "" && len([]rune(cur))+1+len([]rune(wd)) > width {
				out = append(out, cur)
				cur = wd
				continue
			}
			if cur != "" {
				cur += " "
			}
			cur += wd
		}
		out = append(out, cur)
	}
	return out
}

// plainRe matches the values that are safe to write unquoted: ids, unit
// codes, dates, periods and enum words.
var plainRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// yamlWords are plain scalars YAML 1.1 or 1.2 would read as something
// other than a string.
var yamlWords = map[string]bool{
	"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true,
	"true": true, "false": true, "null": true, "~": true,
}

// quote renders s as a YAML scalar: plain when that is safe, otherwise a
// double-quoted string (JSON's escaping is valid YAML). Free text is always
// quoted, so a title with a colon or a hash never breaks the file.
func quote(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(buf.String(), "\n")
}

// id renders an identifier: plain when safe, quoted otherwise.
func id(s string) string {
	if plainRe.MatchString(s) && !yamlWords[strings.ToLower(s)] && !numeric(s) {
		return s
	}
	return quote(s)
}

// numeric reports whether a plain scalar would be read as a number.
func numeric(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' && r != '_' {
			return false
		}
	}
	return true
}

// flow renders a list of identifiers as a flow sequence.
func flow(xs []string) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = id(x)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// schemaRef is the path from the folder of file to the schema of kind, as
// editors resolve it relative to the file.
func schemaRef(file string, kind doc.Kind) string {
	depth := strings.Count(file, "/")
	return strings.Repeat("../", depth) + "schemas/" + string(kind) + ".schema.json"
}

// yamlHeader starts a YAML file: the modeline editors read, then a short
// explanation.
func (w *writer) yamlHeader(file string, kind doc.Kind, about string) {
	w.raw("# yaml-language-server: $schema=" + schemaRef(file, kind))
	w.comment(0, about)
	w.comment(0, "Erstatt alt som står «"+Placeholder+"», og kjør `pmgov validate` (eller se sjekkene i pull requesten).")
	w.blank()
}

// frontMatter starts a Markdown file's front matter: the fields sit between
// two "---" lines, and a comment names the schema (editors do not read a
// modeline in Markdown, so the comment is for people).
func (w *writer) frontMatter(file string, kind doc.Kind, about string) {
	w.raw("---")
	w.comment(0, "Feltene er beskrevet i "+schemaRef(file, kind)+" (`pmgov schema "+string(kind)+"`).")
	w.comment(0, about)
	w.comment(0, "Erstatt alt som står «"+Placeholder+"», og kjør `pmgov validate` (eller se sjekkene i pull requesten).")
	w.blank()
}

// body ends the front matter and writes the Markdown text.
func (w *writer) body(lines ...string) {
	w.raw("---")
	for _, l := range lines {
		w.raw(l)
	}
}
