package load

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"

	"github.com/ous-pm/pmgov/internal/diag"
)

// This file words the mistakes people make writing YAML by hand, in the
// GitHub web editor above all, where the mistake is: a parser gives up where
// it can no longer go on, often a line later, and in words about its own
// state ("non-map value is specified"). testdata/mistakes holds one case of
// each, with the place and the fix a reader must get.
//
// Two kinds. Some mistakes are valid YAML that no author means: a list item
// glued to the text above it, "-item" without its space, a comment glued to
// a value. handMistakes refuses them in the token stream, and the fast
// scanner leaves each of them to this path, so that both paths agree. The
// rest are errors, and diagnose looks at the text around the parser's
// position for the mistake that caused it; only when none fits does the
// parser's own message, explained, reach the user.

// handContext is what scanTokens knows of a token's surroundings.
type handContext struct {
	flow       int          // open flow collections
	afterBlock bool         // the token is the text of a "|" or ">" block scalar
	valueOf    *token.Token // the previous token is a ':' ending its line; its key
	prev, next *token.Token // the tokens around it, comments left out
	delim      int          // the column a continuation line must be indented past; 0 for none
}

// nextToken is the first token after tokens[i] that is not a comment.
func nextToken(tokens token.Tokens, i int) *token.Token {
	for _, tk := range tokens[i+1:] {
		if tk.Type != token.CommentType {
			return tk
		}
	}
	return nil
}

// blockDelim is the column of the key or dash whose value is being read: a
// flow collection or a quoted scalar continued on another line must be
// indented past it (YAML 1.2.2, 7.3 and 7.4: its lines are at n+1).
func blockDelim(stack []blockLevel, flow, flowDelim int) int {
	if flow > 0 {
		return flowDelim
	}
	if n := len(stack); n > 0 {
		return stack[n-1].col
	}
	return 0
}

// textPos is the line (plus lineOffset) and column of byte offset i of text.
func textPos(text string, i, lineOffset int) (int, int) {
	lineStart := strings.LastIndexByte(text[:i], '\n') + 1
	return strings.Count(text[:i], "\n") + 1 + lineOffset, utf8.RuneCountInString(text[lineStart:i]) + 1
}

// startsLine reports whether only spaces stand before offset i on its line.
func startsLine(text string, i int) bool {
	for i--; i >= 0 && text[i] == ' '; i-- {
	}
	return i < 0 || text[i] == '\n'
}

// leadCol is the column a token starts at when the spaces and line breaks
// before it (lead) hold a line break: the spaces after the last one, plus 1.
func leadCol(lead string) int {
	return len(lead) - strings.LastIndexByte(lead, '\n')
}

// handMistakes refuses what YAML reads one way and its author surely meant
// another, in token tk whose text (tk.Origin) starts at byte start of text;
// and a continuation line that the spec refuses and goccy takes.
func handMistakes(text string, tk *token.Token, start, lineOffset int, c handContext) *problem {
	origin := tk.Origin
	lead := len(origin) - len(strings.TrimLeft(origin, " \n"))
	at := start + lead // where the token's own text begins
	switch tk.Type {
	case token.DoubleQuoteType:
		if p := escapeAt(text, start, tk, lineOffset); p != nil {
			return p
		}
		return quotedIndent(text, tk, at, lineOffset, c.delim)
	case token.SingleQuoteType:
		return quotedIndent(text, tk, at, lineOffset, c.delim)
	case token.SequenceEndType, token.MappingEndType:
		return nil
	}
	if c.flow > 0 && c.delim > 0 && strings.Contains(origin[:lead], "\n") {
		if leadCol(origin[:lead]) <= c.delim {
			line, col := textPos(text, at, lineOffset)
			sp := spaces(c.delim)
			return syntaxErr(line, col,
				diag.M("load.hand-mistakes.message", c.delim),
				diag.M("load.hand-mistakes.hint", sp))
		}
	}
	if c.valueOf != nil && c.flow == 0 && strings.Contains(origin[:lead], "\n") && !isIndicator(tk.Type) && !c.afterBlock &&
		tk.Type != token.LiteralType && tk.Type != token.FoldedType && !(c.next != nil && c.next.Type == token.MappingValueType && c.next.Position.Line == tk.Position.Line) {
		// "key:" and, on the next line, a value no further in than the
		// key: goccy takes it as the key's value; YAML does not.
		if leadCol(origin[:lead]) <= c.valueOf.Position.Column {
			line, col := textPos(text, at, lineOffset)
			return syntaxErr(line, col,
				diag.M("load.hand-mistakes.message-2", c.valueOf.Value),
				diag.M("load.hand-mistakes.hint-2", c.valueOf.Value, firstLine(tk.Value)))
		}
	}
	if tk.Type != token.StringType || c.afterBlock {
		return nil
	}
	body := origin[lead:]
	// "-kari": a list item without the space after its dash.
	if c.flow == 0 && len(body) > 1 && body[0] == '-' && startsLine(text, at) && dashGlued(body[1:]) {
		line, col := textPos(text, at, lineOffset)
		word, _, _ := strings.Cut(body[1:], " ")
		return syntaxErr(line, col,
			diag.M("load.hand-mistakes.message-3"),
			diag.M("load.hand-mistakes.hint-3", firstLine(word)))
	}
	// A list item, or a new field, glued to the text above it.
	if c.flow == 0 {
		rest := body
		for off := at; ; {
			nl := strings.IndexByte(rest, '\n')
			if nl < 0 {
				break
			}
			off += nl + 1
			rest = rest[nl+1:]
			t := strings.TrimLeft(rest, " ")
			if t == "-" || strings.HasPrefix(t, "-\n") || strings.HasPrefix(t, "- ") {
				line, col := textPos(text, off+len(rest)-len(t), lineOffset)
				return syntaxErr(line, col,
					diag.M("load.hand-mistakes.message-4"),
					diag.M("load.hand-mistakes.hint-4"))
			}
		}
	}
	// "draft# note": a comment glued to the value.
	for i := 1; i+1 < len(body); i++ {
		if body[i] == '#' && body[i+1] == ' ' && body[i-1] != ' ' && body[i-1] != '\n' {
			line, col := textPos(text, at+i, lineOffset)
			return syntaxErr(line, col,
				diag.M("load.hand-mistakes.message-5"),
				diag.M("load.hand-mistakes.hint-5"))
		}
	}
	return nil
}

// dashGlued reports whether text after a '-' at the start of a line makes
// it a list item with its space missing: a letter or a quote, not a number
// (-1, -.5) or more dashes.
func dashGlued(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || r == '"' || r == '\''
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:40]) + "…"
	}
	return s
}

// quotedIndent refuses a quoted scalar whose continuation line is not
// indented past delim, the column of its key or dash. The usual cause is a
// quote never closed on its line, so the finding points at the quote that
// opens the text.
func quotedIndent(text string, tk *token.Token, at, lineOffset, delim int) *problem {
	if delim == 0 {
		return nil
	}
	body := strings.TrimLeft(tk.Origin, " \n")
	rest := body
	for n := 1; ; n++ {
		nl := strings.IndexByte(rest, '\n')
		if nl < 0 {
			return nil
		}
		rest = rest[nl+1:]
		t := strings.TrimLeft(rest, " ")
		if t == "" || t[0] == '\n' {
			continue // an empty line in the text
		}
		if len(rest)-len(t)+1 > delim {
			continue
		}
		line, col := textPos(text, at, lineOffset)
		q := body[:1]
		return syntaxErr(line, col,
			diag.M("load.quoted-indent.message", line+n, q),
			diag.M("load.quoted-indent.hint", q))
	}
}

// smartQuotes are the quotation marks editors and word processors put in
// for ' and ", and the Norwegian ones: YAML reads none of them as quotes.
const smartQuotes = "“”„‘’‚«»"

// colonInValue words a second "key:" on the line of a value (colon, the ':'
// after key): an unquoted colon in the value, or quotes that are not YAML's.
func colonInValue(text string, key, colon *token.Token, lineOffset int) *problem {
	if r, _ := utf8.DecodeRuneInString(key.Value); strings.ContainsRune(smartQuotes, r) {
		return syntaxErr(key.Position.Line+lineOffset, key.Position.Column,
			diag.M("load.colon-in-value.message", string(r)),
			diag.M("load.colon-in-value.hint"))
	}
	value := ""
	if l := lineOf(text, key.Position.Line); key.Position.Column-1 <= utf8.RuneCountInString(l) {
		value = strings.TrimSpace(string([]rune(l)[key.Position.Column-1:]))
		if i := strings.Index(value, " #"); i >= 0 {
			value = strings.TrimSpace(value[:i])
		}
	}
	return syntaxErr(colon.Position.Line+lineOffset, colon.Position.Column,
		diag.M("load.colon-in-value.message-2", key.Value),
		diag.M("load.colon-in-value.hint-2", quoteAll(value)))
}

// quoteAll is s in the quotes that need no escape inside it.
func quoteAll(s string) string {
	if !strings.Contains(s, "\"") {
		return "\"" + s + "\""
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// lineOf is line n (1-based) of text, without its line break.
func lineOf(text string, n int) string {
	for ; n > 1; n-- {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			return ""
		}
		text = text[i+1:]
	}
	l, _, _ := strings.Cut(text, "\n")
	return l
}

// starText words a "*" that starts a value but names no anchor: a Markdown
// bullet ("* item") or emphasis ("*viktig*"). nil for anything else.
func starText(star, next *token.Token, line, col int) *problem {
	if next == nil || next.Position.Line != star.Position.Line {
		return nil
	}
	switch {
	case strings.HasPrefix(next.Origin, " "):
		return syntaxErr(line, col,
			diag.M("load.star-text.message"),
			diag.M("load.star-text.hint", strings.TrimSpace(firstLine(next.Origin))))
	case strings.HasSuffix(next.Value, "*"):
		return syntaxErr(line, col,
			diag.M("load.star-text.message-2"),
			diag.M("load.star-text.hint-2", next.Value))
	}
	return nil
}

// escapeAt refuses a double-quoted scalar tk, whose text starts at byte
// start of text, that holds an escape YAML does not know. It reads the text,
// not the token: goccy's token ends where its reading of the escape went
// wrong, and its text then differs from the file's.
func escapeAt(text string, start int, tk *token.Token, lineOffset int) *problem {
	if tk.Type != token.DoubleQuoteType {
		return nil
	}
	at := start + len(tk.Origin) - len(strings.TrimLeft(tk.Origin, " \n"))
	if at >= len(text) || text[at] != '"' {
		return nil
	}
	i := badEscape(text[at+1:])
	if i < 0 {
		return nil
	}
	line, col := textPos(text, at+1+i, lineOffset)
	words, hint := explainParseError("escape")
	return syntaxErr(line, col, words, hint)
}

// badEscape is the offset of the first backslash in q, the text after the
// opening quote of a double-quoted scalar, that starts no escape YAML knows
// (YAML 1.2.2, 5.7), or -1. goccy takes some of them, "\\Users" among
// them, and makes up a character.
func badEscape(q string) int {
	for i := 0; i < len(q); i++ {
		if q[i] == '"' {
			return -1
		}
		if q[i] != '\\' {
			continue
		}
		if i+1 >= len(q) {
			return i
		}
		n := 0
		switch q[i+1] {
		case '0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', '/', '\\', 'N', '_', 'L', 'P', '\n':
			i++
			continue
		case 'x':
			n = 2
		case 'u':
			n = 4
		case 'U':
			n = 8
		default:
			return i
		}
		if i+2+n > len(q) || strings.Trim(q[i+2:i+2+n], "0123456789abcdefABCDEF") != "" {
			return i
		}
		i += 1 + n
	}
	return -1
}
