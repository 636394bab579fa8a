package load

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

// Limits on input. They keep a hostile or mistaken file from exhausting the
// machine: a governance document is a few kilobytes.
const (
	MaxFileSize = 1 << 20
	MaxDepth    = 64
)

// problem is a positioned failure found while reading one file.
type problem struct {
	rule string // "syntax" or "limits"
	line int
	col  int
	msg  diag.Text
	hint diag.Text
	// fault is set when the file could not be read at all, for a reason
	// other than its content (see Result.Faults).
	fault *ReadError
}

func (p *problem) Error() string { return p.msg.EN }

func syntaxErr(line, col int, msg, hint diag.Text) *problem {
	return &problem{rule: "syntax", line: line, col: col, msg: msg, hint: hint}
}

func limitsErr(line, col int, msg, hint diag.Text) *problem {
	return &problem{rule: "limits", line: line, col: col, msg: msg, hint: hint}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// checkEncoding strips a UTF-8 byte-order mark and refuses UTF-16, NUL bytes
// and invalid UTF-8, pointing at the first offending byte. Columns count
// characters (runes), as the YAML parser's do.
func checkEncoding(b []byte) ([]byte, *problem) {
	b = bytes.TrimPrefix(b, utf8BOM)
	if bytes.HasPrefix(b, []byte{0xFE, 0xFF}) || bytes.HasPrefix(b, []byte{0xFF, 0xFE}) {
		return nil, syntaxErr(1, 1,
			diag.M("load.check-encoding.message"),
			diag.M("load.check-encoding.hint"))
	}
	// Nearly every file is valid; only a bad one pays for the positioned
	// scan below.
	if utf8.Valid(b) && bytes.IndexByte(b, 0) < 0 && !bytes.Contains(b, utf8BOM) {
		return b, nil
	}
	line, col := 1, 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return nil, syntaxErr(line, col,
				diag.M("load.check-encoding.message-2", b[i]),
				diag.M("load.check-encoding.hint-2"))
		case r == 0:
			return nil, syntaxErr(line, col,
				diag.M("load.check-encoding.message-3"),
				diag.M("load.check-encoding.hint-3"))
		case r == '\uFEFF':
			// Pasted from a file that had one, or two files joined: an
			// invisible character that makes a key no key.
			return nil, syntaxErr(line, col,
				diag.M("load.check-encoding.message-4"),
				diag.M("load.check-encoding.hint-4", col, line))
		case r == '\n':
			line, col = line+1, 1
		default:
			col++
		}
		i += size
	}
	return b, nil
}

// checkLayout refuses tab characters in indentation, which YAML forbids and
// which editors hide, and a carriage return that no line feed follows (old
// Mac line endings), which YAML counts as a line break and every other tool
// does not, so that positions would disagree. Only spaces come before the
// tab, so its byte offset in the line is also its column.
func checkLayout(src []byte, lineOffset int) *problem {
	line, atIndent, col := 1, true, 1
	lineStart := 0
	for i, c := range src {
		switch {
		case c == '\r' && (i+1 == len(src) || src[i+1] != '\n'):
			return syntaxErr(line+lineOffset, 1+utf8.RuneCount(src[lineStart:i]),
				diag.M("load.check-layout.message"),
				diag.M("load.check-layout.hint"))
		case c == '\n':
			line, atIndent, col, lineStart = line+1, true, 1, i+1
		case !atIndent:
		case c == ' ':
			col++
		case c == 0xC2 && i+1 < len(src) && src[i+1] == 0xA0:
			return syntaxErr(line+lineOffset, col,
				diag.M("load.check-layout.message-2"),
				diag.M("load.check-layout.hint-2"))
		case c == '\t':
			return syntaxErr(line+lineOffset, col,
				diag.M("load.check-layout.message-3"),
				diag.M("load.check-layout.hint-3"))
		default:
			atIndent = false
		}
	}
	return nil
}

// splitFrontMatter splits Markdown into its YAML front matter and body. The
// front matter starts on the first line with "---" and ends at the next line
// that is exactly "---" (or "..."). bodyLine is the 1-based line the body
// starts on. found is false when the file does not open with "---".
func splitFrontMatter(src []byte) (front []byte, body []byte, bodyLine int, found bool, p *problem) {
	first, rest, more := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \r")) != "---" {
		return nil, src, 1, false, nil
	}
	start := len(first) + 1 // where the front matter's first line begins
	line := 2
	for more {
		var l []byte
		l, rest, more = bytes.Cut(rest, []byte("\n"))
		if t := string(bytes.TrimRight(l, " \r")); t == "---" || t == "..." {
			end := len(src) - len(rest) - len(l) // the closing line's start
			if more {
				end--
			}
			front = src[start:end]
			if more {
				body = rest
			}
			return front, body, line + 1, true, nil
		}
		line++
	}
	return nil, nil, 0, true, unclosedFrontMatter(src)
}

// unclosedFrontMatter words front matter that no "---" line closes, at the
// line that looks like a closing line but is not one ("--", "—"), or else at
// the first line that cannot be a field, where the text seems to start.
func unclosedFrontMatter(src []byte) *problem {
	ls := strings.Split(string(src), "\n")
	body := 0 // the line the text seems to start on
	for n := 2; n <= len(ls); n++ {
		l := strings.TrimRight(ls[n-1], " \r")
		if t := strings.Trim(l, "-–—"); t == "" && l != "" || strings.Trim(l, "- ") == "" && strings.Count(l, "-") == 3 && len(l) > 3 {
			return syntaxErr(n, 1,
				diag.M("load.unclosed-front-matter.message", n, l),
				diag.M("load.unclosed-front-matter.hint"))
		}
		if l == "" || l[0] == ' ' || l[0] == '#' || strings.HasPrefix(l, "- ") {
			continue
		}
		if name, _, ok := keyShape(l); ok && !strings.Contains(name, " ") {
			continue
		}
		body = n
		break
	}
	if body == 0 {
		return syntaxErr(1, 1,
			diag.M("load.unclosed-front-matter.message-2"),
			diag.M("load.unclosed-front-matter.hint-2"))
	}
	// A heading ("# Tittel", a YAML comment) just above the text is text too.
	for body > 2 {
		if l := strings.TrimRight(ls[body-2], " \r"); l == "" || l[0] == '#' {
			body--
			continue
		}
		break
	}
	for body < len(ls) && strings.TrimSpace(ls[body-1]) == "" {
		body++
	}
	return syntaxErr(body, 1,
		diag.M("load.unclosed-front-matter.message-3", body),
		diag.M("load.unclosed-front-matter.hint-3", body))
}

// parseYAML parses one YAML document into a positioned Node tree. lineOffset
// is added to every line (the front matter's place in its Markdown file).
// It returns nil and no problem for a document without content. The fast
// path (fastTree) takes the plain YAML governance files are written in;
// whatever it is not sure of, errors included, goes through goccy's lexer,
// the limit checks and goccy's parser, which word every problem.
func parseYAML(src []byte, lineOffset int) (*doc.Node, *problem) {
	// goccy counts a CRLF inside a quoted scalar as two line breaks, which
	// shifts every later position; with LF alone lines and columns are the
	// same as in the file (a CR ends its line, so no column follows it).
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	if p := checkLayout(src, lineOffset); p != nil {
		return nil, p
	}
	if root, ok := fastTree(src, lineOffset); ok {
		return root, nil
	}
	return referenceTree(src, lineOffset)
}

// referenceTree reads src with goccy's lexer, the checks of scanTokens and
// goccy's parser: the reference for the fast path (fastTree), and the path
// for everything it leaves alone, errors above all.
func referenceTree(src []byte, lineOffset int) (*doc.Node, *problem) {
	text := string(src)
	tokens := lexer.Tokenize(text)
	if p := scanTokens(text, tokens, lineOffset); p != nil {
		return nil, p
	}
	return parseTokens(text, tokens, lineOffset)
}

// parseTokens builds the tree of text, already tokenized, with goccy's
// parser.
func parseTokens(text string, tokens token.Tokens, lineOffset int) (*doc.Node, *problem) {
	// Duplicate keys are found by the converter, which can say in both
	// languages where the first one is; goccy's check would answer first
	// with an English message.
	f, err := parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil, fromParseError(err, text, tokens, lineOffset)
	}
	var body ast.Node
	for _, d := range f.Docs {
		if d.Body != nil {
			if body != nil { // scanTokens refuses a second document; this is a backstop
				line, col := posOf(d.Body, lineOffset)
				return nil, multiDoc(line, col)
			}
			body = d.Body
		}
	}
	if body == nil {
		return nil, nil
	}
	c := converter{lineOffset: lineOffset}
	return c.convert(body, 0)
}

// MaxKeys bounds the fields of one mapping. goccy parses a block mapping by
// recursing once per key and copying the rest each time, so its cost grows
// with the square of the keys: 100,000 keys take a minute. No governance
// document comes near the limit.
const MaxKeys = 256

// blockLevel is one open block collection while scanning tokens.
type blockLevel struct {
	col   int  // column of its keys or dashes
	seq   bool // a block sequence; otherwise a block mapping
	count int  // keys or items so far
}

// glued refuses a "#" right after a closing quote ("value"# note), prev
// being the token before the comment: YAML
// needs white space before a comment, so the text is neither a comment nor
// part of the value, and goccy would drop it without a word.
func glued(prev, comment *token.Token, lineOffset int) *problem {
	if prev == nil || prev.Type != token.DoubleQuoteType && prev.Type != token.SingleQuoteType || !strings.HasPrefix(comment.Origin, "#") {
		return nil
	}
	if end := prev.Position.Line + strings.Count(prev.Origin, "\n"); comment.Position.Line != end {
		return nil // a comment on a line of its own
	}
	return syntaxErr(comment.Position.Line+lineOffset, comment.Position.Column,
		diag.M("load.glued.message", strings.TrimSpace(comment.Origin)),
		diag.M("load.glued.hint"))
}

// scanTokens checks the token stream before the parser sees it, because
// the parser has no limits of its own: it expands aliases without bound,
// recurses once per nesting level and once per key of a block mapping. It
// refuses anchors, aliases and merge keys (limits), nesting deeper than
// MaxDepth in block or flow style (limits), more than MaxKeys keys in one
// mapping (limits), tags, directives, explicit "? " keys, lists or mappings
// used as keys, a second document, and a key after a value on the same line
// (syntax). Block nesting is tracked by the columns of keys and dashes, the
// way YAML indentation defines it. It also refuses what YAML takes but no
// author means (see handMistakes), and what goccy takes but the spec does
// not: a continuation line of a flow collection or a quoted scalar that is
// not indented past the key or dash it belongs to. text is what tokens were
// made from.
func scanTokens(text string, tokens token.Tokens, lineOffset int) *problem {
	var (
		off       int          // where the next token's text starts in text
		synced    = true       // tokens' texts have followed each other in text so far
		flowDelim int          // the column of the key or dash the outer flow collection belongs to
		valueOf   *token.Token // after a block ':' ending its line: its key
		afterBlk  bool         // prev was a '|' or '>' header: the token is its text
		stack     []blockLevel
		flow      int  // open flow collections ([ or {)
		content   bool // the document has a node
		ended     bool // "..." closed the document
		lastLine  int  // line of the previous token
		colonLine int  // line of the last block ':' not preceded on its line by '-'
		prev      *token.Token
		prevFirst bool           // prev was the first token on its line
		opened    []*token.Token // the open flow collections' [ and {
		closed    *token.Token   // the [ or { of the last flow collection closed
		flowKeys  []int          // the ':' seen directly inside each open flow collection
	)
	at := func(tk *token.Token) (int, int) { return tk.Position.Line + lineOffset, tk.Position.Column }
	push := func(tk *token.Token, l blockLevel) *problem {
		stack = append(stack, l)
		if len(stack)+flow > MaxDepth {
			line, col := at(tk)
			return tooDeep(line, col)
		}
		return nil
	}
	popDeeper := func(col int) {
		for len(stack) > 0 && stack[len(stack)-1].col > col {
			stack = stack[:len(stack)-1]
		}
	}
	for i, tk := range tokens {
		// Where the token stands in text, from the texts before it: goccy's
		// own position for a plain scalar over several lines is not its
		// start.
		start := -1
		if synced && strings.HasPrefix(text[off:], tk.Origin) {
			start = off
			off += len(tk.Origin)
		} else if synced {
			synced = false
			if p := escapeAt(text, off, tk, lineOffset); p != nil {
				return p
			}
		}
		if tk.Type == token.CommentType {
			if i > 0 {
				if p := glued(tokens[i-1], tk, lineOffset); p != nil {
					return p
				}
			}
			continue
		}
		first := tk.Position.Line != lastLine
		line, col := at(tk)
		if start >= 0 {
			if p := handMistakes(text, tk, start, lineOffset, handContext{
				flow: flow, afterBlock: afterBlk, valueOf: valueOf, prev: prev,
				next: nextToken(tokens, i), delim: blockDelim(stack, flow, flowDelim),
			}); p != nil {
				return p
			}
		}
		afterBlk = tk.Type == token.LiteralType || tk.Type == token.FoldedType
		valueOf = nil
		switch tk.Type {
		case token.InvalidType:
			text, hint := explainParseError(tk.Error)
			return syntaxErr(line, col, text, hint)
		case token.AliasType:
			if p := starText(tk, nextToken(tokens, i), line, col); p != nil {
				return p
			}
			return limitsErr(line, col,
				diag.M("load.scan-tokens.message"),
				diag.M("load.scan-tokens.hint"))
		case token.AnchorType, token.MergeKeyType:
			return limitsErr(line, col,
				diag.M("load.scan-tokens.message"),
				diag.M("load.scan-tokens.hint-2"))
		case token.TagType:
			return syntaxErr(line, col,
				diag.M("load.scan-tokens.message-2", tk.Value),
				diag.M("load.scan-tokens.hint-3"))
		case token.DirectiveType:
			if !first || col > 1 {
				return syntaxErr(line, col,
					diag.M("load.scan-tokens.message-3"),
					diag.M("load.scan-tokens.hint-4"))
			}
			return syntaxErr(line, col,
				diag.M("load.scan-tokens.message-4", tk.Value),
				diag.M("load.scan-tokens.hint-5"))
		case token.DocumentHeaderType:
			if content || ended {
				return multiDoc(line, col)
			}
			stack = stack[:0]
		case token.DocumentEndType:
			ended = true
			stack = stack[:0]
		default:
			if ended {
				return multiDoc(line, col)
			}
			content = true
		}
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			if flow == 0 {
				flowDelim = 0
				if n := len(stack); n > 0 {
					flowDelim = stack[n-1].col
				}
			}
			flow++
			opened = append(opened, tk)
			flowKeys = append(flowKeys, 0)
			if len(stack)+flow > MaxDepth {
				return tooDeep(line, col)
			}
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
			if n := len(opened); n > 0 {
				closed, opened, flowKeys = opened[n-1], opened[:n-1], flowKeys[:n-1]
			}
		case token.MappingKeyType:
			return syntaxErr(line, col,
				diag.M("load.scan-tokens.message-5"),
				diag.M("load.scan-tokens.hint-6"))
		case token.SequenceEntryType:
			if flow > 0 {
				break
			}
			colonLine = 0
			if first {
				popDeeper(tk.Position.Column)
			}
			if n := len(stack); n > 0 && stack[n-1].col == tk.Position.Column && stack[n-1].seq {
				if p := countEntry(&stack[n-1], tk, line, col); p != nil {
					return p
				}
				break
			}
			if p := push(tk, blockLevel{col: tk.Position.Column, seq: true, count: 1}); p != nil {
				return p
			}
		case token.MappingValueType:
			if prev != nil && closed != nil && (prev.Type == token.SequenceEndType || prev.Type == token.MappingEndType) {
				kline, kcol := at(closed)
				return syntaxErr(kline, kcol,
					diag.M("load.scan-tokens.message-6"),
					diag.M("load.scan-tokens.hint-6"))
			}
			if n := len(opened); flow > 0 && n > 0 {
				// goccy is linear on flow mappings, but the limit is
				// the same for both styles, and refusing here spares
				// parsing the rest.
				if flowKeys[n-1]++; flowKeys[n-1] > MaxKeys && opened[n-1].Type == token.MappingStartType && prev != nil {
					return tooManyKeys(at(prev))
				}
				break
			}
			if flow > 0 {
				break
			}
			key := prev
			if key == nil || first || key.Position.Line != tk.Position.Line || isIndicator(key.Type) {
				// A value with no key before it on its line (": x"): the
				// parser reports it; it opens no level.
				if first {
					popDeeper(tk.Position.Column)
				}
				break
			}
			kline, kcol := at(key)
			if colonLine == tk.Position.Line {
				return colonInValue(text, key, tk, lineOffset)
			}
			if next := nextToken(tokens, i); next == nil || next.Position.Line != tk.Position.Line {
				valueOf = key
			}
			colonLine = tk.Position.Line
			if prevFirst { // the key starts its line
				popDeeper(key.Position.Column)
				if n := len(stack); n > 0 && stack[n-1].col == key.Position.Column && stack[n-1].seq {
					stack = stack[:n-1] // a sequence written at its key's indentation ends here
				}
				if n := len(stack); n > 0 && stack[n-1].col == key.Position.Column && !stack[n-1].seq {
					if p := countEntry(&stack[n-1], key, kline, kcol); p != nil {
						return p
					}
					break
				}
			}
			if p := push(key, blockLevel{col: key.Position.Column, count: 1}); p != nil {
				return p
			}
		}
		lastLine = tk.Position.Line
		prev, prevFirst = tk, first
	}
	return nil
}

// isIndicator reports whether a token is punctuation rather than a node.
func isIndicator(t token.Type) bool {
	switch t {
	case token.SequenceEntryType, token.MappingKeyType, token.MappingValueType,
		token.CollectEntryType, token.SequenceStartType, token.MappingStartType,
		token.DocumentHeaderType, token.DocumentEndType:
		return true
	}
	return false
}

// countEntry counts one more key or item of an open block collection.
func countEntry(l *blockLevel, tk *token.Token, line, col int) *problem {
	l.count++
	if !l.seq && l.count > MaxKeys {
		return tooManyKeys(line, col)
	}
	return nil
}

func tooManyKeys(line, col int) *problem {
	return limitsErr(line, col,
		diag.M("load.too-many-keys.message", MaxKeys),
		diag.M("load.too-many-keys.hint"))
}

func multiDoc(line, col int) *problem {
	return syntaxErr(line, col,
		diag.M("load.multi-doc.message"),
		diag.M("load.multi-doc.hint"))
}

var yamlHint = diag.M("load.yaml-hint.yaml-hint")

func tooDeep(line, col int) *problem {
	return limitsErr(line, col,
		diag.M("load.too-deep.message", MaxDepth),
		diag.M("load.too-deep.hint"))
}

// fromParseError turns a goccy error into a positioned problem. goccy
// reports a [ or { that is never closed at the token where it gave up,
// often the next field's line; the opening bracket is where the author has
// to look, so an unclosed bracket on an earlier line is pointed at instead.
func fromParseError(err error, text string, tokens token.Tokens, lineOffset int) *problem {
	type positioned interface {
		GetToken() *token.Token
		GetMessage() string
	}
	line, col, msg := 1, 1, err.Error()
	var pe positioned
	if errors.As(err, &pe) {
		msg = pe.GetMessage()
		if tk := pe.GetToken(); tk != nil && tk.Position != nil {
			line, col = tk.Position.Line, tk.Position.Column
		}
	}
	msg = strings.TrimSpace(msg)
	if strings.Contains(msg, "']'") || strings.Contains(msg, "'}'") {
		if open := unclosedFlow(tokens, line, col); open != nil && open.Position.Line < line {
			line, col = open.Position.Line, open.Position.Column
		}
	} else if p := diagnose(text, tokens, line, col, lineOffset); p != nil {
		return p
	}
	words, hint := explainParseError(msg)
	return syntaxErr(max(line, 1)+lineOffset, max(col, 1), words, hint)
}

// unclosedFlow returns the innermost [ or { still open before the token at
// line:col, or nil.
func unclosedFlow(tokens token.Tokens, line, col int) *token.Token {
	var open []*token.Token
	for _, tk := range tokens {
		if tk.Position == nil {
			continue
		}
		if p := tk.Position; p.Line > line || (p.Line == line && p.Column >= col) {
			break
		}
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			open = append(open, tk)
		case token.SequenceEndType, token.MappingEndType:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	if len(open) == 0 {
		return nil
	}
	return open[len(open)-1]
}

// parseExplanations put goccy's most common messages in words a clinician
// can act on, in both languages. A message not listed keeps the parser's
// English text after a Norwegian lead-in.
var parseExplanations = []struct {
	contains string
	msg      diag.Text
	hint     diag.Text
}{
	{"'@' is a reserved character",
		diag.M("load.parse-explanations.text-17"),
		diag.M("load.parse-explanations.text")},
	{"is a reserved character",
		diag.M("load.parse-explanations.text-17"),
		diag.M("load.parse-explanations.text-2")},
	{"escape",
		diag.M("load.parse-explanations.text-3"),
		diag.M("load.parse-explanations.text-4")},
	{"could not find end character of double-quoted text",
		diag.M("load.parse-explanations.text-5"),
		diag.M("load.parse-explanations.text-6")},
	{"could not find end character of single-quoted text",
		diag.M("load.parse-explanations.text-7"),
		diag.M("load.parse-explanations.text-8")},
	{"']' must be specified",
		diag.M("load.parse-explanations.text-9"),
		diag.M("load.parse-explanations.text-10")},
	{"sequence end token ']' not found",
		diag.M("load.parse-explanations.text-11"),
		diag.M("load.parse-explanations.text-12")},
	{"'}' must be specified",
		diag.M("load.parse-explanations.text-13"),
		diag.M("load.parse-explanations.text-14")},
	{"mapping value is not allowed in this context",
		diag.M("load.parse-explanations.text-15"),
		diag.M("load.parse-explanations.text-16")},
}

// explainParseError turns a parser message into a bilingual message and hint.
func explainParseError(msg string) (diag.Text, diag.Text) {
	for _, e := range parseExplanations {
		if strings.Contains(msg, e.contains) {
			text := e.msg
			if strings.Contains(text.NB, "%s") {
				char, _, _ := strings.Cut(msg, " is a reserved character")
				text = diag.Text{NB: fmt.Sprintf(text.NB, char), EN: fmt.Sprintf(text.EN, char)}
			}
			return text, e.hint
		}
	}
	return diag.M("load.explain-parse-error.text", msg), yamlHint
}

// posOf is the position of a node's first token.
func posOf(n ast.Node, lineOffset int) (int, int) {
	if n == nil {
		return 1 + lineOffset, 1
	}
	if mv, ok := n.(*ast.MappingValueNode); ok { // its own token is the ':'
		return posOf(mv.Key, lineOffset)
	}
	if m, ok := n.(*ast.MappingNode); ok && !m.IsFlowStyle && len(m.Values) > 0 {
		return posOf(m.Values[0].Key, lineOffset)
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 1 + lineOffset, 1
	}
	return tk.Position.Line + lineOffset, tk.Position.Column
}

// converter turns goccy's AST into doc.Nodes.
type converter struct {
	lineOffset int
}

// convert converts n, which sits depth collections deep.
func (c *converter) convert(n ast.Node, depth int) (*doc.Node, *problem) {
	line, col := posOf(n, c.lineOffset)
	switch n := n.(type) {
	case *ast.MappingNode:
		if depth >= MaxDepth { // scanTokens already refused this; a backstop
			return nil, tooDeep(line, col)
		}
		out := &doc.Node{Kind: doc.Map, Line: line, Col: col,
			Keys: make([]*doc.Node, 0, len(n.Values)), Values: make([]*doc.Node, 0, len(n.Values))}
		for _, mv := range n.Values {
			if p := c.addPair(out, mv, depth+1); p != nil {
				return nil, p
			}
		}
		return out, nil
	case *ast.MappingValueNode:
		if depth >= MaxDepth {
			return nil, tooDeep(line, col)
		}
		out := &doc.Node{Kind: doc.Map, Line: line, Col: col}
		if p := c.addPair(out, n, depth+1); p != nil {
			return nil, p
		}
		return out, nil
	case *ast.SequenceNode:
		if depth >= MaxDepth {
			return nil, tooDeep(line, col)
		}
		out := &doc.Node{Kind: doc.Seq, Line: line, Col: col, Values: make([]*doc.Node, 0, len(n.Values))}
		for i, v := range n.Values {
			item, p := c.convert(v, depth+1)
			if p != nil {
				return nil, p
			}
			if item == nil || item.Kind == doc.Null && isImplicitNull(v) {
				// "- " with nothing after it: point at its dash.
				item = &doc.Node{Kind: doc.Null, Line: line, Col: col}
				if i < len(n.Entries) && n.Entries[i].Start != nil && n.Entries[i].Start.Position != nil {
					item.Line, item.Col = n.Entries[i].Start.Position.Line+c.lineOffset, n.Entries[i].Start.Position.Column
				}
			}
			out.Values = append(out.Values, item)
		}
		return out, nil
	case *ast.StringNode:
		// Plain scalars are typed by the YAML 1.2 core schema (doc.Resolve),
		// which reads 1e3 as a number where goccy reads text.
		t := doc.Str
		if n.Token != nil && n.Token.Type == token.StringType {
			t = doc.Resolve(n.Value)
		}
		return &doc.Node{Kind: doc.Scalar, Type: t, Value: n.Value, Line: line, Col: col}, nil
	case *ast.LiteralNode:
		v := ""
		if n.Value != nil {
			v = n.Value.Value
		}
		return &doc.Node{Kind: doc.Scalar, Type: doc.Str, Value: v, Line: line, Col: col}, nil
	case *ast.IntegerNode, *ast.FloatNode:
		// goccy follows YAML 1.1 here (0b101, 1_000); the core schema
		// makes those text.
		v := n.GetToken().Value
		return &doc.Node{Kind: doc.Scalar, Type: doc.Resolve(v), Value: v, Line: line, Col: col}, nil
	case *ast.InfinityNode, *ast.NanNode:
		return nil, syntaxErr(line, col,
			diag.M("load.converter-convert.message", n.GetToken().Value),
			diag.M("load.converter-convert.hint"))
	case *ast.BoolNode:
		v := "false"
		if n.Value {
			v = "true"
		}
		return &doc.Node{Kind: doc.Scalar, Type: doc.Bool, Value: v, Line: line, Col: col}, nil
	case *ast.NullNode:
		return &doc.Node{Kind: doc.Null, Line: line, Col: col}, nil
	case *ast.CommentGroupNode:
		return &doc.Node{Kind: doc.Null, Line: line, Col: col}, nil
	case *ast.TagNode: // scanTokens refuses tags; a backstop
		return nil, syntaxErr(line, col,
			diag.M("load.scan-tokens.message-2", n.Start.Value),
			diag.M("load.converter-convert.hint-2"))
	case *ast.AnchorNode, *ast.AliasNode, *ast.MergeKeyNode: // scanTokens refuses these too
		return nil, limitsErr(line, col,
			diag.M("load.scan-tokens.message"),
			diag.M("load.scan-tokens.hint-2"))
	}
	return nil, syntaxErr(line, col,
		diag.M("load.converter-convert.message-2", n.Type()),
		yamlHint)
}

// addPair adds one key and its value to the map out. Keys must be text, as
// in JSON, and appear once.
func (c *converter) addPair(out *doc.Node, mv *ast.MappingValueNode, depth int) *problem {
	kl, kc := posOf(mv.Key, c.lineOffset)
	k, ok := mv.Key.(*ast.StringNode)
	if !ok {
		what := "?"
		if tk := mv.Key.GetToken(); tk != nil {
			what = tk.Value
		}
		return syntaxErr(kl, kc,
			diag.M("load.converter-add-pair.message", what, keyType(mv.Key)),
			diag.M("load.converter-add-pair.hint"))
	}
	if len(out.Keys) == MaxKeys { // block mappings were counted by scanTokens; this counts flow ones
		return tooManyKeys(kl, kc)
	}
	for i, prev := range out.Keys {
		if prev.Value == k.Value {
			return syntaxErr(kl, kc,
				diag.M("load.converter-add-pair.message-2", k.Value, out.Keys[i].Line),
				diag.M("load.converter-add-pair.hint-2"))
		}
	}
	var v *doc.Node
	if mv.Value != nil {
		var p *problem
		if v, p = c.convert(mv.Value, depth); p != nil {
			return p
		}
	}
	if v == nil || v.Kind == doc.Null && isImplicitNull(mv.Value) {
		// "key:" with nothing after it: point at the key, since there
		// is no value to point at.
		v = &doc.Node{Kind: doc.Null, Line: kl, Col: kc}
	}
	out.Keys = append(out.Keys, &doc.Node{Kind: doc.Scalar, Type: doc.Str, Value: k.Value, Line: kl, Col: kc})
	out.Values = append(out.Values, v)
	return nil
}

// isImplicitNull reports whether n is the null YAML supplies for a key
// written without a value.
func isImplicitNull(n ast.Node) bool {
	if n == nil {
		return true
	}
	tk := n.GetToken()
	return tk == nil || tk.Type == token.ImplicitNullType || tk.Position == nil
}

// keyType names what YAML made of a key that is not a string.
func keyType(n ast.Node) string {
	switch n.(type) {
	case *ast.IntegerNode:
		return "integer"
	case *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "number"
	case *ast.BoolNode:
		return "boolean"
	case *ast.NullNode:
		return "null"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "mapping"
	case *ast.SequenceNode:
		return "sequence"
	}
	return n.Type().String()
}
