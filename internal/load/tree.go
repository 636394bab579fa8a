package load

import (
	"github.com/goccy/go-yaml/token"

	"github.com/ous-pm/pmgov/internal/doc"
)

// buildTree builds the Node tree straight from the token stream, without
// goccy's parser, for the plain YAML governance files are written in: block
// mappings and sequences, flow mappings and sequences of scalars, quoted and
// block scalars, comments on lines of their own or after a value. Parsing
// is most of the time of loading a repository, and this does the same in a
// fraction of it. It gives ok=false for anything else or anything it is not
// sure of (an error, a duplicate key, a key that is not text, a comment
// where a value could be, an unusual layout), and parseYAML then asks goccy's
// parser, whose answer (a tree or a positioned error) is the reference: a
// differential test and a fuzz target hold the two to the same trees.
func buildTree(tokens token.Tokens, lineOffset int) (*doc.Node, bool) {
	b := treeBuilder{lineOffset: lineOffset, toks: make([]*token.Token, 0, len(tokens))}
	afterColon := false
	for _, tk := range tokens {
		if tk.Type == token.CommentType {
			// A comment right after "key:" or "-" could stand for the
			// value in goccy's tree; leave those to the parser.
			if afterColon {
				return nil, false
			}
			continue
		}
		afterColon = tk.Type == token.MappingValueType || tk.Type == token.SequenceEntryType
		b.toks = append(b.toks, tk)
	}
	if len(b.toks) < 2 || !b.isKey(0) {
		return nil, false
	}
	root, ok := b.blockMap(0, b.toks[0].Position.Column, 0)
	if !ok || b.i != len(b.toks) {
		return nil, false
	}
	return root, true
}

type treeBuilder struct {
	lineOffset int
	toks       []*token.Token
	i          int // the next token
}

func (b *treeBuilder) pos(tk *token.Token) (int, int) {
	return tk.Position.Line + b.lineOffset, tk.Position.Column
}

// isKey reports whether token j is a text key followed on its line by ':'.
func (b *treeBuilder) isKey(j int) bool {
	if j+1 >= len(b.toks) {
		return false
	}
	k, c := b.toks[j], b.toks[j+1]
	switch k.Type {
	case token.StringType, token.DoubleQuoteType, token.SingleQuoteType:
	default:
		return false
	}
	return c.Type == token.MappingValueType && c.Position.Line == k.Position.Line
}

// scalar converts a scalar token as the converter does goccy's node for it.
func (b *treeBuilder) scalar(tk *token.Token) (*doc.Node, bool) {
	line, col := b.pos(tk)
	n := &doc.Node{Kind: doc.Scalar, Line: line, Col: col, Value: tk.Value}
	switch tk.Type {
	case token.StringType, token.DoubleQuoteType, token.SingleQuoteType:
		n.Type = doc.Str
	case token.IntegerType, token.BinaryIntegerType, token.OctetIntegerType, token.HexIntegerType:
		n.Type = doc.Int
	case token.FloatType:
		n.Type = doc.Float
	case token.BoolType:
		if tk.Value != "true" && tk.Value != "false" {
			return nil, false
		}
		n.Type = doc.Bool
	case token.NullType:
		return &doc.Node{Kind: doc.Null, Line: line, Col: col}, true
	default:
		return nil, false
	}
	return n, true
}

// blockMap reads a block mapping whose keys stand at column col; the first
// key is the next token.
func (b *treeBuilder) blockMap(first, col, depth int) (*doc.Node, bool) {
	if depth >= MaxDepth {
		return nil, false
	}
	kt := b.toks[b.i]
	line, c := b.pos(kt)
	m := &doc.Node{Kind: doc.Map, Line: line, Col: c}
	for b.i < len(b.toks) {
		kt := b.toks[b.i]
		if kt.Position.Column < col {
			break
		}
		// Every key but the first of a "- key: value" item starts its line.
		if kt.Position.Column != col || !b.isKey(b.i) || (b.i != first && b.toks[b.i-1].Position.Line == kt.Position.Line) {
			return nil, false
		}
		if len(m.Keys) == MaxKeys {
			return nil, false
		}
		for _, prev := range m.Keys {
			if prev.Value == kt.Value {
				return nil, false // the parser path words the duplicate
			}
		}
		kl, kc := b.pos(kt)
		colon := b.toks[b.i+1]
		b.i += 2
		v, ok := b.value(colon, col, kl, kc, true, depth+1)
		if !ok {
			return nil, false
		}
		m.Keys = append(m.Keys, &doc.Node{Kind: doc.Scalar, Type: doc.Str, Value: kt.Value, Line: kl, Col: kc})
		m.Values = append(m.Values, v)
	}
	return m, true
}

// blockSeq reads a block sequence whose dashes stand at column col; the
// first dash is the next token.
func (b *treeBuilder) blockSeq(col, depth int) (*doc.Node, bool) {
	if depth >= MaxDepth {
		return nil, false
	}
	line, c := b.pos(b.toks[b.i])
	s := &doc.Node{Kind: doc.Seq, Line: line, Col: c}
	for b.i < len(b.toks) {
		dash := b.toks[b.i]
		if dash.Type != token.SequenceEntryType || dash.Position.Column != col {
			if dash.Position.Column > col {
				return nil, false
			}
			break
		}
		if b.i > 0 && b.toks[b.i-1].Position.Line == dash.Position.Line {
			return nil, false
		}
		dl, dc := b.pos(dash)
		b.i++
		v, ok := b.value(dash, col, dl, dc, false, depth+1)
		if !ok {
			return nil, false
		}
		s.Values = append(s.Values, v)
	}
	return s, true
}

// value reads what follows a key's ':' or a sequence's '-' (the token at),
// in a collection at column col. A missing value is a null at (nl, nc): the
// key, or the dash. inMap says whether at is a key's ':'.
func (b *treeBuilder) value(at *token.Token, col, nl, nc int, inMap bool, depth int) (*doc.Node, bool) {
	if b.i == len(b.toks) {
		return &doc.Node{Kind: doc.Null, Line: nl, Col: nc}, true
	}
	tk := b.toks[b.i]
	if tk.Position.Line == at.Position.Line {
		switch tk.Type {
		case token.MappingStartType, token.SequenceStartType:
			v, ok := b.flow(depth)
			return v, ok && b.endsLine(v)
		case token.LiteralType, token.FoldedType:
			if b.i+1 >= len(b.toks) || b.toks[b.i+1].Type != token.StringType {
				return nil, false
			}
			line, c := b.pos(tk)
			b.i += 2
			return &doc.Node{Kind: doc.Scalar, Type: doc.Str, Value: b.toks[b.i-1].Value, Line: line, Col: c}, true
		}
		if !inMap && b.isKey(b.i) {
			// "- key: value": a mapping whose keys line up with this one.
			return b.blockMap(b.i, tk.Position.Column, depth)
		}
		v, ok := b.scalar(tk)
		if !ok {
			return nil, false
		}
		b.i++
		return v, b.endsLine(v)
	}
	// The value starts on a later line: a nested block collection, or a
	// sequence at its key's own column; else nothing.
	switch {
	case tk.Position.Column > col && b.isKey(b.i):
		return b.blockMap(b.i, tk.Position.Column, depth)
	case tk.Position.Column > col && tk.Type == token.SequenceEntryType:
		return b.blockSeq(tk.Position.Column, depth)
	case tk.Position.Column == col && inMap && tk.Type == token.SequenceEntryType:
		return b.blockSeq(col, depth)
	case tk.Position.Column > col:
		return nil, false // a scalar on the next line, or worse
	case tk.Position.Column == col && !inMap && tk.Type != token.SequenceEntryType:
		// "-" alone, then "key:" at the dash's column: goccy makes the
		// mapping the item's value.
		return nil, false
	}
	return &doc.Node{Kind: doc.Null, Line: nl, Col: nc}, true
}

// endsLine reports whether nothing follows the value just read on its line.
func (b *treeBuilder) endsLine(v *doc.Node) bool {
	if b.i == len(b.toks) {
		return true
	}
	last := b.toks[b.i-1]
	return b.toks[b.i].Position.Line > last.Position.Line
}

// flow reads a flow collection whose '[' or '{' is the next token.
func (b *treeBuilder) flow(depth int) (*doc.Node, bool) {
	if depth >= MaxDepth {
		return nil, false
	}
	open := b.toks[b.i]
	line, c := b.pos(open)
	b.i++
	isMap := open.Type == token.MappingStartType
	end := token.SequenceEndType
	n := &doc.Node{Kind: doc.Seq, Line: line, Col: c}
	if isMap {
		end = token.MappingEndType
		n.Kind = doc.Map
	}
	for {
		if b.i >= len(b.toks) {
			return nil, false
		}
		if b.toks[b.i].Type == end && (len(n.Values) == 0) {
			b.i++
			return n, true
		}
		if isMap {
			if !b.isKey(b.i) || len(n.Keys) == MaxKeys {
				return nil, false
			}
			kt := b.toks[b.i]
			for _, prev := range n.Keys {
				if prev.Value == kt.Value {
					return nil, false
				}
			}
			kl, kc := b.pos(kt)
			n.Keys = append(n.Keys, &doc.Node{Kind: doc.Scalar, Type: doc.Str, Value: kt.Value, Line: kl, Col: kc})
			b.i += 2
		}
		if b.i >= len(b.toks) {
			return nil, false
		}
		var v *doc.Node
		var ok bool
		switch tk := b.toks[b.i]; tk.Type {
		case token.MappingStartType, token.SequenceStartType:
			v, ok = b.flow(depth + 1)
		default:
			if !isMap && b.isKey(b.i) { // "[a: b]" is a mapping in a list
				return nil, false
			}
			v, ok = b.scalar(tk)
			b.i++
		}
		if !ok {
			return nil, false
		}
		n.Values = append(n.Values, v)
		if b.i >= len(b.toks) {
			return nil, false
		}
		switch b.toks[b.i].Type {
		case token.CollectEntryType:
			b.i++
			if b.i < len(b.toks) && b.toks[b.i].Type == end {
				return nil, false // a trailing comma
			}
		case end:
			b.i++
			return n, true
		default:
			return nil, false
		}
	}
}
