package load

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"

	"github.com/ous-pm/pmgov/internal/diag"
)

// diagnose looks in text for the mistake behind goccy's error at line:col
// (lines of text), and words it where it is, with the fix. nil when no known
// mistake fits; the parser's message is explained then.
func diagnose(text string, tokens token.Tokens, line, col, lineOffset int) *problem {
	d := diagnosis{text: text, tokens: tokens, line: line, col: col, lineOffset: lineOffset, l: lineOf(text, line)}
	for _, f := range []func() *problem{
		d.gluedColon, d.missingKey, d.quoteLeftover, d.emptyFlowEntry,
		d.blockNotIndented, d.continuedField, d.misindented, d.noColon,
	} {
		if p := f(); p != nil {
			return p
		}
	}
	return nil
}

type diagnosis struct {
	text       string
	tokens     token.Tokens
	line, col  int // where goccy gave up
	lineOffset int
	l          string // line line of text
}

// spaces is "one space" or "N spaces" in both languages, an argument of
// diag.M that fills each language with its own half.
func spaces(n int) diag.Text {
	if n < 0 {
		n = -n
	}
	if n == 1 {
		return diag.M("load.spaces.one")
	}
	return diag.M("load.spaces.many", n)
}

// content splits a line into its indentation (spaces), the dashes of list
// items that open it ("- - "), and the rest.
func content(l string) (indent int, dashes int, rest string) {
	rest = strings.TrimLeft(l, " ")
	indent = len(l) - len(rest)
	for rest == "-" || strings.HasPrefix(rest, "- ") {
		t := strings.TrimLeft(strings.TrimPrefix(rest, "-"), " ")
		dashes += len(rest) - len(t)
		rest = t
	}
	return indent, dashes, rest
}

// keyShape reports whether s starts with "name:" followed by a space or the
// end of the line, and gives the name and what follows the colon.
func keyShape(s string) (name, value string, ok bool) {
	if s == "" || strings.ContainsRune("#-[{\"'&*!|>%@`:", rune(s[0])) {
		return "", "", false
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '#' && i > 0 && s[i-1] == ' ':
			return "", "", false
		case s[i] == ':' && (i+1 == len(s) || s[i+1] == ' '):
			return strings.TrimRight(s[:i], " "), strings.TrimSpace(s[i+1:]), true
		}
	}
	return "", "", false
}

// gluedColon: "submitted:2026-12-03" or "status :draft", a field whose
// colon has no space after it, so that YAML reads the line as one text.
func (d diagnosis) gluedColon() *problem {
	return gluedColonAt(d.l, d.line, d.lineOffset)
}

func gluedColonAt(l string, line, lineOffset int) *problem {
	indent, dashes, rest := content(l)
	i := 0
	for i < len(rest) {
		r, n := utf8.DecodeRuneInString(rest[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' && r != '.' {
			break
		}
		i += n
	}
	if i == 0 {
		return nil
	}
	name := rest[:i]
	after := strings.TrimLeft(rest[i:], " ")
	before := len(rest[i:]) - len(after) // spaces before the colon
	if !strings.HasPrefix(after, ":") || len(after) == 1 {
		return nil
	}
	value := after[1:]
	col := 1 + indent + dashes + utf8.RuneCountInString(name) + before
	switch r, n := utf8.DecodeRuneInString(value); {
	case r == ' ':
		return nil // a real "name :  value" would not have failed here
	case r == '\u00a0':
		return syntaxErr(line+lineOffset, col,
			diag.M("load.glued-colon-at.message", name),
			diag.M("load.glued-colon-at.hint", name, strings.TrimSpace(value[n:])))
	case before > 0:
		return syntaxErr(line+lineOffset, col,
			diag.M("load.glued-colon-at.message-2", strings.TrimSpace(rest)),
			diag.M("load.glued-colon-at.hint-2", name, strings.TrimSpace(value)))
	default:
		return syntaxErr(line+lineOffset, col,
			diag.M("load.glued-colon-at.message-3", strings.TrimSpace(rest)),
			diag.M("load.glued-colon-at.hint-3", name, strings.TrimSpace(value)))
	}
}

// missingKey: ": value", a colon with no field name before it.
// goccy may give up on the line before it, whose value it cannot end.
func (d diagnosis) missingKey() *problem {
	line := d.line
	indent, dashes, rest := content(d.l)
	if rest != ":" && !strings.HasPrefix(rest, ": ") {
		line++
		indent, dashes, rest = content(lineOf(d.text, line))
		if rest != ":" && !strings.HasPrefix(rest, ": ") {
			return nil
		}
	}
	return syntaxErr(line+d.lineOffset, 1+indent+dashes,
		diag.M("load.diagnosis-missing-key.message"),
		diag.M("load.diagnosis-missing-key.hint"))
}

// errToken is the token goccy gave up at, its index, and the token before it
// (comments left out).
func (d diagnosis) errToken() (tk, prev *token.Token) {
	for _, t := range d.tokens {
		if t.Type == token.CommentType || t.Position == nil {
			continue
		}
		if t.Position.Line == d.line && t.Position.Column == d.col {
			return t, prev
		}
		prev = t
	}
	return nil, nil
}

// quoteLeftover: 'Pasientens' stemme' or "Fase "2"", text after the quote
// that closes a quoted value.
func (d diagnosis) quoteLeftover() *problem {
	tk, prev := d.errToken()
	if tk == nil || prev == nil || (prev.Type != token.DoubleQuoteType && prev.Type != token.SingleQuoteType) {
		return nil
	}
	switch tk.Type {
	case token.MappingValueType, token.CollectEntryType, token.SequenceEndType, token.MappingEndType:
		return nil
	}
	quoted := strings.TrimLeft(prev.Origin, " \n")
	if prev.Position.Line+strings.Count(quoted, "\n") != d.line {
		return nil
	}
	runes := []rune(d.l)
	j := d.col - 2
	for j >= 0 && j < len(runes) && runes[j] == ' ' {
		j--
	}
	q := quoted[:1]
	if j < 0 || j >= len(runes) || string(runes[j]) != q {
		return nil
	}
	leftover := strings.TrimSpace(string(runes[j+1:]))
	hint := diag.M("load.diagnosis-quote-leftover.hint")
	if prev.Position.Line == d.line && prev.Position.Column-1 < len(runes) {
		raw := strings.TrimSpace(string(runes[prev.Position.Column-1:]))
		inner := strings.TrimPrefix(raw, q)
		whole := strings.HasSuffix(inner, q)
		if whole {
			inner = strings.TrimSuffix(inner, q)
		} else {
			inner = raw // partly quoted: keep the quotes as text
		}
		fixed := "'" + strings.ReplaceAll(inner, "'", "''") + "'"
		if !strings.Contains(inner, "\"") {
			fixed = "\"" + inner + "\""
		} else if q == "\"" && !strings.Contains(inner, "'") {
			fixed = "'" + inner + "'"
		}
		hint = diag.M("load.diagnosis-quote-leftover.hint-2", fixed)
	}
	return syntaxErr(d.line+d.lineOffset, j+1,
		diag.M("load.diagnosis-quote-leftover.message", q, leftover),
		hint)
}

// emptyFlowEntry: [KRE,, KLM], two commas in a row.
func (d diagnosis) emptyFlowEntry() *problem {
	tk, prev := d.errToken()
	if tk == nil || prev == nil || tk.Type != token.CollectEntryType ||
		prev.Type != token.CollectEntryType && prev.Type != token.SequenceStartType && prev.Type != token.MappingStartType {
		return nil
	}
	return syntaxErr(d.line+d.lineOffset, d.col,
		diag.M("load.diagnosis-empty-flow-entry.message"),
		diag.M("load.diagnosis-empty-flow-entry.hint"))
}

// prevLine is the last line before line n that is neither blank nor a
// comment, and its number; 0 when there is none.
func (d diagnosis) prevLine(n int) (string, int) {
	for n--; n >= 1; n-- {
		l := lineOf(d.text, n)
		if t := strings.TrimSpace(l); t != "" && t[0] != '#' {
			return l, n
		}
	}
	return "", 0
}

// blockNotIndented: "summary: |" and the text on the next line at the
// field's own column.
func (d diagnosis) blockNotIndented() *problem {
	p, pn := d.prevLine(d.line)
	if pn == 0 {
		return nil
	}
	pIndent, pDashes, pRest := content(p)
	name, value, ok := keyShape(pRest)
	if !ok || value == "" || value[0] != '|' && value[0] != '>' || strings.TrimRight(value[1:], "+-0123456789") != "" {
		return nil
	}
	indent, _, rest := content(d.l)
	if rest == "" || indent > pIndent+pDashes {
		return nil
	}
	return syntaxErr(d.line+d.lineOffset, indent+1,
		diag.M("load.diagnosis-block-not-indented.message", name, value, pn),
		diag.M("load.diagnosis-block-not-indented.hint", name))
}

// continuedField: a field indented past the field above it, whose value
// YAML then reads as going on into this line ("key: value" and below it
// "   other: x").
func (d diagnosis) continuedField() *problem {
	indent, dashes, rest := content(d.l)
	name, value, ok := keyShape(rest)
	if !ok || value == "" || strings.ContainsRune("\"'[{|>#", rune(value[0])) {
		return nil
	}
	k := indent + dashes + 1 // the key's column
	for n := d.line + 1; ; n++ {
		l := lineOf(d.text, n)
		if n > strings.Count(d.text, "\n")+1 {
			return nil
		}
		li, ldashes, lrest := content(l)
		if lrest == "" && ldashes == 0 {
			continue
		}
		if li+1 <= k || lrest != "" && lrest[0] == '#' {
			return nil
		}
		other, _, isKey := keyShape(lrest)
		if !isKey || ldashes > 0 {
			continue
		}
		m := li + 1
		sp := spaces(m - k)
		if m-k == 1 {
			return syntaxErr(n+d.lineOffset, m,
				diag.M("load.diagnosis-continued-field.message", sp, other, name, value),
				diag.M("load.diagnosis-continued-field.hint", sp, other, name, value, k))
		}
		return syntaxErr(n+d.lineOffset, m,
			diag.M("load.diagnosis-continued-field.message-2", sp, other, name, value, d.line+d.lineOffset),
			diag.M("load.diagnosis-continued-field.hint-2", sp, other, name, value))
	}
}

// openLevel is a block collection open at the start of a line: the column
// of its keys or dashes, the line and name of its last key or dash.
type openLevel struct {
	col, line int
	seq       bool
	name      string
}

// openLevels are the block collections open before line before, outermost
// first, as the keys and dashes of the tokens before it make them.
func openLevels(tokens token.Tokens, before int) []openLevel {
	var st []openLevel
	add := func(l openLevel) {
		for len(st) > 0 && st[len(st)-1].col > l.col {
			st = st[:len(st)-1]
		}
		if n := len(st); n > 0 && !l.seq && st[n-1].col == l.col && st[n-1].seq {
			st = st[:n-1] // a list at its key's column ends at the next key
		}
		if n := len(st); n > 0 && st[n-1].col == l.col && st[n-1].seq == l.seq {
			st[n-1] = l
			return
		}
		st = append(st, l)
	}
	flow := 0
	var prev *token.Token
	for _, tk := range tokens {
		if tk.Type == token.CommentType || tk.Position == nil {
			continue
		}
		if tk.Position.Line >= before {
			break
		}
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
		case token.SequenceEntryType:
			if flow == 0 {
				add(openLevel{col: tk.Position.Column, line: tk.Position.Line, seq: true})
			}
		case token.MappingValueType:
			if flow == 0 && prev != nil && prev.Position.Line == tk.Position.Line && !isIndicator(prev.Type) {
				add(openLevel{col: prev.Position.Column, line: prev.Position.Line, name: prev.Value})
			}
		}
		prev = tk
	}
	return st
}

// misindented: a key or a dash that lines up with no level above it, or
// with the wrong kind (a dash among fields, a field at a dash's column).
func (d diagnosis) misindented() *problem {
	indent, dashes, rest := content(d.l)
	c := indent + 1
	levels := openLevels(d.tokens, d.line)
	if len(levels) == 0 {
		return nil
	}
	line := func(n int) int { return n + d.lineOffset }
	if dashes > 0 {
		// A list item left of the list above it.
		var list *openLevel
		for i := range levels {
			if l := &levels[i]; l.seq && l.col > c && (list == nil || l.col < list.col) {
				list = l
			}
		}
		if list != nil {
			sp := spaces(list.col - c)
			return syntaxErr(line(d.line), c,
				diag.M("load.diagnosis-misindented.message", sp, list.col, line(list.line)),
				diag.M("load.diagnosis-misindented.hint", sp, list.col, line(list.line)))
		}
		for _, l := range levels {
			if !l.seq && l.col == c {
				return syntaxErr(line(d.line), c,
					diag.M("load.diagnosis-misindented.message-2", l.name, line(l.line)),
					diag.M("load.diagnosis-misindented.hint-2"))
			}
		}
	}
	name, value, ok := keyShape(rest)
	if dashes > 0 || !ok {
		return nil
	}
	for i, l := range levels {
		if l.seq && l.col == c && i+1 < len(levels) && !levels[i+1].seq {
			item := levels[i+1]
			sp := spaces(item.col - c)
			return syntaxErr(line(d.line), c,
				diag.M("load.diagnosis-misindented.message-3", sp, name, line(l.line), item.name, item.col),
				diag.M("load.diagnosis-misindented.hint-3", sp, name, line(l.line), item.name, item.col, value))
		}
		if l.col == c {
			return nil // it lines up; some other mistake
		}
	}
	var near *openLevel
	for i := range levels {
		l := &levels[i]
		if l.seq {
			continue
		}
		if near == nil || abs(l.col-c) < abs(near.col-c) || abs(l.col-c) == abs(near.col-c) && l.col > near.col {
			near = l
		}
	}
	if near == nil {
		return nil
	}
	sp := spaces(near.col - c)
	if near.col > c {
		return syntaxErr(line(d.line), c,
			diag.M("load.diagnosis-misindented.message-4", sp, name, near.name, line(near.line), near.col),
			diag.M("load.diagnosis-misindented.hint-4", sp, name, near.name, line(near.line), near.col))
	}
	return syntaxErr(line(d.line), c,
		diag.M("load.diagnosis-misindented.message-5", sp, name, near.name, line(near.line), near.col),
		diag.M("load.diagnosis-continued-field.hint", sp, name, near.name, line(near.line), near.col))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// noColon: "title Forskning", a field written without its colon.
func (d diagnosis) noColon() *problem {
	indent, dashes, rest := content(d.l)
	if rest == "" || strings.Contains(rest, ":") {
		return nil
	}
	if r, _ := utf8.DecodeRuneInString(rest); !unicode.IsLetter(r) && r != '_' {
		return nil
	}
	word, more, _ := strings.Cut(rest, " ")
	more = strings.TrimSpace(more)
	col := 1 + indent + dashes + utf8.RuneCountInString(word)
	fixed := word + ":"
	switch {
	case strings.HasPrefix(more, "= "), strings.HasPrefix(more, "=") && len(more) > 1:
		fixed = word + ": " + strings.TrimSpace(more[1:])
	case more != "":
		fixed = word + ": " + more
	}
	return syntaxErr(d.line+d.lineOffset, col,
		diag.M("load.diagnosis-no-colon.message", word),
		diag.M("load.diagnosis-no-colon.hint", fixed))
}
