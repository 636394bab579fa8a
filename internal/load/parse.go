package load

import (
	"bytes"
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
// and invalid UTF-8, pointing at the first offending byte.
func checkEncoding(b []byte) ([]byte, *problem) {
	b = bytes.TrimPrefix(b, utf8BOM)
	if bytes.HasPrefix(b, []byte{0xFE, 0xFF}) || bytes.HasPrefix(b, []byte{0xFF, 0xFE}) {
		return nil, syntaxErr(1, 1,
			diag.T("filen er lagret som UTF-16; pmgov leser bare UTF-8", "the file is encoded as UTF-16; pmgov reads only UTF-8"),
			diag.T("Lagre filen på nytt som UTF-8 (i VS Code: «Save with Encoding» → UTF-8).", "Save the file again as UTF-8 (in VS Code: \"Save with Encoding\" → UTF-8)."))
	}
	line, col := 1, 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return nil, syntaxErr(line, col,
				diag.T("ugyldig UTF-8 (byte 0x%02X)", "invalid UTF-8 (byte 0x%02X)", b[i]),
				diag.T("Lagre filen som UTF-8; teksten er trolig lagret som Latin-1 eller Windows-1252.", "Save the file as UTF-8; it was probably saved as Latin-1 or Windows-1252."))
		case r == 0:
			return nil, syntaxErr(line, col,
				diag.T("filen inneholder en NUL-byte; den er binær eller UTF-16", "the file contains a NUL byte; it is binary or UTF-16"),
				diag.T("Lagre filen som ren UTF-8-tekst.", "Save the file as plain UTF-8 text."))
		case r == '\n':
			line, col = line+1, 1
		default:
			col++
		}
		i += size
	}
	return b, nil
}

// checkTabs refuses tab characters in indentation, which YAML forbids and
// which editors hide.
func checkTabs(src []byte, lineOffset int) *problem {
	for i, l := range bytes.Split(src, []byte("\n")) {
		for j, c := range l {
			if c == '\t' {
				return syntaxErr(i+1+lineOffset, j+1,
					diag.T("tabulator i innrykk; YAML tillater bare mellomrom", "tab character in indentation; YAML allows only spaces"),
					diag.T("Bytt tabulatoren ut med mellomrom (to per nivå).", "Replace the tab with spaces (two per level)."))
			}
			if c != ' ' {
				break
			}
		}
	}
	return nil
}

// splitFrontMatter splits Markdown into its YAML front matter and body. The
// front matter starts on the first line with "---" and ends at the next line
// that is exactly "---" (or "..."). bodyLine is the 1-based line the body
// starts on. found is false when the file does not open with "---".
func splitFrontMatter(src []byte) (front []byte, body []byte, bodyLine int, found bool, p *problem) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \r")) != "---" {
		return nil, src, 1, false, nil
	}
	line := 2
	offset := len(first) + 1
	for len(rest) > 0 || offset <= len(src) {
		l, after, more := bytes.Cut(rest, []byte("\n"))
		t := string(bytes.TrimRight(l, " \r"))
		if t == "---" || t == "..." {
			front = src[len(first)+1 : offset]
			if more {
				body = after
			}
			return front, body, line + 1, true, nil
		}
		if !more {
			break
		}
		offset += len(l) + 1
		rest = after
		line++
	}
	return nil, nil, 0, true, syntaxErr(1, 1,
		diag.T("forsiden (front matter) åpnes med «---» på linje 1, men lukkes aldri", "the front matter opens with \"---\" on line 1 but is never closed"),
		diag.T("Legg til en linje med bare «---» etter feltene, før selve teksten.", "Add a line holding only \"---\" after the fields, before the text."))
}

// parseYAML parses one YAML document into a positioned Node tree. lineOffset
// is added to every line (the front matter's place in its Markdown file).
func parseYAML(src []byte, lineOffset int) (*doc.Node, *problem) {
	if p := checkTabs(src, lineOffset); p != nil {
		return nil, p
	}
	tokens := lexer.Tokenize(string(src))
	// Refuse anchors, aliases and merge keys before the parser or anything
	// else walks the tree: goccy expands aliases without a limit, so a few
	// hundred bytes can stand for gigabytes.
	depth := 0
	for _, tk := range tokens {
		switch tk.Type {
		case token.AnchorType, token.AliasType, token.MergeKeyType:
			return nil, limitsErr(tk.Position.Line+lineOffset, tk.Position.Column,
				diag.T("YAML-ankere og -aliaser (&, *, <<) er ikke tillatt", "YAML anchors and aliases (&, *, <<) are not allowed"),
				diag.T("Skriv verdien ut på hvert sted den trengs.", "Write the value out in full wherever it is needed."))
		case token.SequenceStartType, token.MappingStartType:
			depth++
			if depth > MaxDepth {
				return nil, tooDeep(tk.Position.Line+lineOffset, tk.Position.Column)
			}
		case token.SequenceEndType, token.MappingEndType:
			depth--
		case token.InvalidType:
			return nil, syntaxErr(tk.Position.Line+lineOffset, tk.Position.Column,
				diag.T("ugyldig YAML: %s", "invalid YAML: %s", tk.Error),
				yamlHint)
		}
	}
	f, err := parser.Parse(tokens, 0)
	if err != nil {
		return nil, fromParseError(err, lineOffset)
	}
	var docs []*ast.DocumentNode
	for _, d := range f.Docs {
		if d.Body != nil {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return nil, nil
	}
	if len(docs) > 1 {
		tk := docs[1].Body.GetToken()
		return nil, syntaxErr(tk.Position.Line+lineOffset, tk.Position.Column,
			diag.T("filen inneholder mer enn ett YAML-dokument («---» midt i filen)", "the file holds more than one YAML document (\"---\" in the middle)"),
			diag.T("Fjern den ekstra «---»-linjen; én fil er ett dokument.", "Remove the extra \"---\" line; one file is one document."))
	}
	c := converter{lineOffset: lineOffset}
	n, p := c.convert(docs[0].Body, 0)
	return n, p
}

var yamlHint = diag.T(
	"Sjekk innrykk, kolon etter hvert feltnavn og anførselstegn rundt tekst med «:» eller «#».",
	"Check the indentation, a colon after every field name, and quotes around text containing \":\" or \"#\".")

func tooDeep(line, col int) *problem {
	return limitsErr(line, col,
		diag.T("strukturen er nestet dypere enn %d nivåer", "the structure is nested deeper than %d levels", MaxDepth),
		diag.T("Ingen styringsfil trenger så dyp nesting; sjekk innrykket.", "No governance file needs such deep nesting; check the indentation."))
}

// fromParseError turns a goccy error into a positioned problem.
func fromParseError(err error, lineOffset int) *problem {
	type positioned interface {
		GetToken() *token.Token
		GetMessage() string
	}
	line, col, msg := 1, 1, err.Error()
	if pe, ok := err.(positioned); ok {
		msg = pe.GetMessage()
		if tk := pe.GetToken(); tk != nil && tk.Position != nil {
			line, col = tk.Position.Line, tk.Position.Column
		}
	}
	msg = strings.TrimSpace(msg)
	if strings.Contains(msg, "mapping key") && strings.Contains(msg, "already defined") {
		return syntaxErr(line+lineOffset, col,
			diag.T("feltet står to ganger: %s", "the field appears twice: %s", msg),
			diag.T("Slå sammen de to forekomstene til én; YAML tillater hvert felt bare én gang.", "Merge the two into one; YAML allows each field only once."))
	}
	return syntaxErr(line+lineOffset, col, diag.T("ugyldig YAML: %s", "invalid YAML: %s", msg), yamlHint)
}

type converter struct {
	lineOffset int
}

func (c *converter) pos(n ast.Node) (int, int) {
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return 1 + c.lineOffset, 1
	}
	return tk.Position.Line + c.lineOffset, tk.Position.Column
}

func (c *converter) convert(n ast.Node, depth int) (*doc.Node, *problem) {
	if depth > MaxDepth {
		l, col := c.pos(n)
		return nil, tooDeep(l, col)
	}
	line, col := c.pos(n)
	switch n := n.(type) {
	case *ast.MappingNode:
		out := &doc.Node{Kind: doc.Map, Line: line, Col: col}
		if len(n.Values) > 0 && !n.IsFlowStyle {
			out.Line, out.Col = c.pos(n.Values[0].Key)
		}
		for _, mv := range n.Values {
			if err := c.addPair(out, mv, depth); err != nil {
				return nil, err
			}
		}
		return out, nil
	case *ast.MappingValueNode:
		out := &doc.Node{Kind: doc.Map}
		out.Line, out.Col = c.pos(n.Key)
		if err := c.addPair(out, n, depth); err != nil {
			return nil, err
		}
		return out, nil
	case *ast.SequenceNode:
		out := &doc.Node{Kind: doc.Seq, Line: line, Col: col}
		for _, v := range n.Values {
			item, err := c.convert(v, depth+1)
			if err != nil {
				return nil, err
			}
			out.Values = append(out.Values, item)
		}
		return out, nil
	case *ast.StringNode:
		return &doc.Node{Kind: doc.Scalar, Type: doc.Str, Value: n.Value, Line: line, Col: col}, nil
	case *ast.LiteralNode:
		v := ""
		if n.Value != nil {
			v = n.Value.Value
		}
		return &doc.Node{Kind: doc.Scalar, Type: doc.Str, Value: v, Line: line, Col: col}, nil
	case *ast.IntegerNode:
		return &doc.Node{Kind: doc.Scalar, Type: doc.Int, Value: n.GetToken().Value, Line: line, Col: col}, nil
	case *ast.FloatNode:
		return &doc.Node{Kind: doc.Scalar, Type: doc.Float, Value: n.GetToken().Value, Line: line, Col: col}, nil
	case *ast.InfinityNode, *ast.NanNode:
		return nil, syntaxErr(line, col,
			diag.T("verdien %s er ikke et tall pmgov godtar", "the value %s is not a number pmgov accepts", n.GetToken().Value),
			diag.T("Skriv et vanlig tall, eller sett teksten i anførselstegn.", "Write an ordinary number, or put the text in quotes."))
	case *ast.BoolNode:
		v := "false"
		if n.Value {
			v = "true"
		}
		return &doc.Node{Kind: doc.Scalar, Type: doc.Bool, Value: v, Line: line, Col: col}, nil
	case *ast.NullNode:
		return &doc.Node{Kind: doc.Null, Line: line, Col: col}, nil
	case *ast.TagNode:
		return c.convertTag(n, depth)
	case *ast.CommentGroupNode:
		return &doc.Node{Kind: doc.Null, Line: line, Col: col}, nil
	}
	return nil, syntaxErr(line, col,
		diag.T("YAML-konstruksjonen %s støttes ikke her", "the YAML construct %s is not supported here", n.Type()),
		yamlHint)
}

func (c *converter) convertTag(n *ast.TagNode, depth int) (*doc.Node, *problem) {
	line, col := c.pos(n)
	tag := n.Start.Value
	if n.Value == nil {
		return &doc.Node{Kind: doc.Null, Line: line, Col: col}, nil
	}
	inner, err := c.convert(n.Value, depth+1)
	if err != nil {
		return nil, err
	}
	switch tag {
	case "!!str":
		if inner.Kind == doc.Scalar || inner.Kind == doc.Null {
			inner.Kind, inner.Type = doc.Scalar, doc.Str
			if tk := n.Value.GetToken(); tk != nil {
				inner.Value = tk.Value
			}
		}
		return inner, nil
	case "!!map", "!!seq", "!!int", "!!float", "!!bool", "!!null":
		return inner, nil
	}
	return nil, syntaxErr(line, col,
		diag.T("YAML-taggen %s støttes ikke", "the YAML tag %s is not supported", tag),
		diag.T("Fjern taggen (ordet som starter med «!»).", "Remove the tag (the word starting with \"!\")."))
}

func (c *converter) addPair(out *doc.Node, mv *ast.MappingValueNode, depth int) *problem {
	kl, kc := c.pos(mv.Key)
	var key string
	switch k := mv.Key.(type) {
	case *ast.StringNode:
		key = k.Value
	case ast.ScalarNode:
		key = fmt.Sprint(k.GetValue())
		if tk := k.GetToken(); tk != nil {
			key = tk.Value
		}
	default:
		return syntaxErr(kl, kc,
			diag.T("et feltnavn må være en enkel tekst", "a field name must be plain text"), yamlHint)
	}
	v, err := c.convert(mv.Value, depth+1)
	if err != nil {
		return err
	}
	if v == nil {
		v = &doc.Node{Kind: doc.Null, Line: kl, Col: kc}
	}
	out.Keys = append(out.Keys, &doc.Node{Kind: doc.Scalar, Type: doc.Str, Value: key, Line: kl, Col: kc})
	out.Values = append(out.Values, v)
	return nil
}
