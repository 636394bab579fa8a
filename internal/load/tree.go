package load

import (
	"sync"

	"github.com/ous-pm/pmgov/internal/doc"
)

// fastTree builds the Node tree of src with scanYAML and buildTree, without
// goccy. ok is false when either is not sure, and parseYAML then asks
// goccy's parser, whose answer is the reference.
func fastTree(src []byte, lineOffset int) (*doc.Node, bool) {
	tp := tokPool.Get().(*[]ytok)
	defer tokPool.Put(tp)
	toks, nodes, ok := scanYAML(string(src), *tp)
	defer func() {
		clear(toks) // let the text go
		*tp = toks[:0]
	}()
	if !ok {
		return nil, false
	}
	return buildTree(toks, nodes, lineOffset)
}

// tokPool keeps token slices between files: a token holds no pointer but its
// value, which is cleared before the slice goes back.
var tokPool = sync.Pool{New: func() any { s := make([]ytok, 0, 256); return &s }}

// buildTree builds the Node tree straight from the token stream, without
// goccy's parser, for the plain YAML governance files are written in: block
// mappings and sequences, flow mappings and sequences of scalars, quoted and
// block scalars. It gives ok=false for anything else or anything it is not
// sure of (a duplicate key, a key that is not text, an unusual layout, deep
// nesting), and parseYAML then asks goccy's parser, whose answer (a tree or
// a positioned error) is the reference: a differential test and a fuzz
// target hold the two to the same trees.
//
// The nodes and the slices of keys and values are carved out of a few large
// allocations instead of one each: a file's tree lives and dies as a whole.
func buildTree(toks []ytok, nodes, lineOffset int) (root *doc.Node, ok bool) {
	b := treeBuilder{lineOffset: lineOffset, toks: toks}
	if len(toks) < 2 || !b.isKey(0) {
		return nil, false
	}
	b.nodes = make([]doc.Node, 0, nodes+2)
	b.ptrs = make([]*doc.Node, 0, nodes+2)
	root, ok = b.blockMap(0, int(toks[0].col), 0)
	if !ok || b.i != len(toks) {
		return nil, false
	}
	return root, true
}

// maxFastDepth bounds the nesting buildTree takes, well inside MaxDepth, so
// that a tree near the limit goes to the checks and the parser that word it.
const maxFastDepth = MaxDepth / 2

type treeBuilder struct {
	lineOffset int
	toks       []ytok
	i          int // the next token

	nodes []doc.Node  // where new nodes come from
	ptrs  []*doc.Node // where Keys and Values come from
	keys  []*doc.Node // the keys of the open mappings, innermost last
	vals  []*doc.Node // the values of the open collections, innermost last
}

// node returns a new zeroed node.
func (b *treeBuilder) node(kind doc.NodeKind, line, col int) *doc.Node {
	if len(b.nodes) == cap(b.nodes) {
		b.nodes = make([]doc.Node, 0, 32)
	}
	b.nodes = b.nodes[:len(b.nodes)+1]
	n := &b.nodes[len(b.nodes)-1]
	n.Kind, n.Line, n.Col = kind, line, col
	return n
}

// take moves the collected nodes from (*stack)[from:] into a slice of their
// own, whose capacity is its length so that an append elsewhere copies it.
func (b *treeBuilder) take(stack *[]*doc.Node, from int) []*doc.Node {
	kids := (*stack)[from:]
	n := len(kids)
	if cap(b.ptrs)-len(b.ptrs) < n {
		b.ptrs = make([]*doc.Node, 0, max(n, 64))
	}
	start := len(b.ptrs)
	b.ptrs = append(b.ptrs, kids...)
	clear(kids)
	*stack = (*stack)[:from]
	return b.ptrs[start : start+n : start+n]
}

func (b *treeBuilder) pos(tk *ytok) (int, int) {
	return int(tk.line) + b.lineOffset, int(tk.col)
}

// isKey reports whether token j is a text key followed on its line by ':'.
func (b *treeBuilder) isKey(j int) bool {
	if j+1 >= len(b.toks) {
		return false
	}
	k, c := &b.toks[j], &b.toks[j+1]
	return k.kind == ykScalar && k.typ == ysStr && c.kind == ykColon && c.line == k.line
}

// scalar converts a scalar token as the converter does goccy's node for it.
func (b *treeBuilder) scalar(tk *ytok) (*doc.Node, bool) {
	if tk.kind != ykScalar {
		return nil, false
	}
	line, col := b.pos(tk)
	var t doc.ScalarType
	switch tk.typ {
	case ysStr:
		t = doc.Str
		if !tk.quoted {
			t = doc.Resolve(tk.val) // the YAML 1.2 core schema, as the converter
		}
	case ysInt, ysFloat:
		t = doc.Resolve(tk.val)
	case ysBool:
		if tk.val != "true" && tk.val != "false" {
			return nil, false
		}
		t = doc.Bool
	case ysNull:
		return b.node(doc.Null, line, col), true
	default:
		return nil, false
	}
	n := b.node(doc.Scalar, line, col)
	n.Type, n.Value = t, tk.val
	return n, true
}

// key makes the key node of token kt, refusing a duplicate among the keys
// of the mapping being read, from keys[from:].
func (b *treeBuilder) key(kt *ytok, from int) (*doc.Node, bool) {
	for _, prev := range b.keys[from:] {
		if prev.Value == kt.val {
			return nil, false // the parser path words the duplicate
		}
	}
	if len(b.keys)-from == MaxKeys {
		return nil, false
	}
	kl, kc := b.pos(kt)
	k := b.node(doc.Scalar, kl, kc)
	k.Type, k.Value = doc.Str, kt.val
	return k, true
}

// blockMap reads a block mapping whose keys stand at column col; the first
// key is the next token.
func (b *treeBuilder) blockMap(first, col, depth int) (*doc.Node, bool) {
	if depth >= maxFastDepth {
		return nil, false
	}
	line, c := b.pos(&b.toks[b.i])
	m := b.node(doc.Map, line, c)
	kfrom, vfrom := len(b.keys), len(b.vals)
	for b.i < len(b.toks) {
		kt := &b.toks[b.i]
		if int(kt.col) < col {
			break
		}
		// Every key but the first of a "- key: value" item starts its line.
		if int(kt.col) != col || !b.isKey(b.i) || (b.i != first && b.toks[b.i-1].line == kt.line) {
			return nil, false
		}
		k, ok := b.key(kt, kfrom)
		if !ok {
			return nil, false
		}
		colon := &b.toks[b.i+1]
		b.i += 2
		v, ok := b.value(colon, col, k.Line, k.Col, true, depth+1)
		if !ok {
			return nil, false
		}
		b.keys = append(b.keys, k)
		b.vals = append(b.vals, v)
	}
	m.Keys = b.take(&b.keys, kfrom)
	m.Values = b.take(&b.vals, vfrom)
	return m, true
}

// blockSeq reads a block sequence whose dashes stand at column col; the
// first dash is the next token.
func (b *treeBuilder) blockSeq(col, depth int) (*doc.Node, bool) {
	if depth >= maxFastDepth {
		return nil, false
	}
	line, c := b.pos(&b.toks[b.i])
	s := b.node(doc.Seq, line, c)
	vfrom := len(b.vals)
	for b.i < len(b.toks) {
		dash := &b.toks[b.i]
		if dash.kind != ykDash || int(dash.col) != col {
			if int(dash.col) > col {
				return nil, false
			}
			break
		}
		if b.i > 0 && b.toks[b.i-1].line == dash.line {
			return nil, false
		}
		dl, dc := b.pos(dash)
		b.i++
		v, ok := b.value(dash, col, dl, dc, false, depth+1)
		if !ok {
			return nil, false
		}
		b.vals = append(b.vals, v)
	}
	s.Values = b.take(&b.vals, vfrom)
	return s, true
}

// value reads what follows a key's ':' or a sequence's '-' (the token at),
// in a collection at column col. A missing value is a null at (nl, nc): the
// key, or the dash. inMap says whether at is a key's ':'.
func (b *treeBuilder) value(at *ytok, col, nl, nc int, inMap bool, depth int) (*doc.Node, bool) {
	if b.i == len(b.toks) {
		return b.node(doc.Null, nl, nc), true
	}
	tk := &b.toks[b.i]
	if tk.line == at.line {
		switch tk.kind {
		case ykMapStart, ykSeqStart:
			v, ok := b.flow(depth)
			return v, ok && b.endsLine()
		case ykBlock:
			line, c := b.pos(tk)
			b.i++
			n := b.node(doc.Scalar, line, c)
			n.Type, n.Value = doc.Str, tk.val
			return n, true
		}
		if !inMap && b.isKey(b.i) {
			// "- key: value": a mapping whose keys line up with this one.
			return b.blockMap(b.i, int(tk.col), depth)
		}
		v, ok := b.scalar(tk)
		if !ok {
			return nil, false
		}
		b.i++
		return v, b.endsLine()
	}
	// The value starts on a later line: a nested block collection, or a
	// sequence at its key's own column; else nothing.
	tcol := int(tk.col)
	switch {
	case tcol > col && b.isKey(b.i):
		return b.blockMap(b.i, tcol, depth)
	case tcol > col && tk.kind == ykDash:
		return b.blockSeq(tcol, depth)
	case tcol == col && inMap && tk.kind == ykDash:
		return b.blockSeq(col, depth)
	case tcol > col:
		return nil, false // a scalar on the next line, or worse
	case tcol == col && !inMap && tk.kind != ykDash:
		// "-" alone, then "key:" at the dash's column: goccy makes the
		// mapping the item's value.
		return nil, false
	}
	return b.node(doc.Null, nl, nc), true
}

// endsLine reports whether nothing follows the value just read on its line.
func (b *treeBuilder) endsLine() bool {
	if b.i == len(b.toks) {
		return true
	}
	return b.toks[b.i].line > b.toks[b.i-1].line
}

// flow reads a flow collection whose '[' or '{' is the next token.
func (b *treeBuilder) flow(depth int) (*doc.Node, bool) {
	if depth >= maxFastDepth {
		return nil, false
	}
	open := &b.toks[b.i]
	line, c := b.pos(open)
	b.i++
	isMap := open.kind == ykMapStart
	end := ykSeqEnd
	n := b.node(doc.Seq, line, c)
	if isMap {
		end = ykMapEnd
		n.Kind = doc.Map
	}
	kfrom, vfrom := len(b.keys), len(b.vals)
	done := func() (*doc.Node, bool) {
		if isMap {
			n.Keys = b.take(&b.keys, kfrom)
		}
		n.Values = b.take(&b.vals, vfrom)
		return n, true
	}
	for {
		if b.i >= len(b.toks) {
			return nil, false
		}
		if b.toks[b.i].kind == end && len(b.vals) == vfrom {
			b.i++
			return done()
		}
		if isMap {
			if !b.isKey(b.i) {
				return nil, false
			}
			k, ok := b.key(&b.toks[b.i], kfrom)
			if !ok {
				return nil, false
			}
			b.keys = append(b.keys, k)
			b.i += 2
		}
		if b.i >= len(b.toks) {
			return nil, false
		}
		var v *doc.Node
		var ok bool
		switch tk := &b.toks[b.i]; tk.kind {
		case ykMapStart, ykSeqStart:
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
		b.vals = append(b.vals, v)
		if b.i >= len(b.toks) {
			return nil, false
		}
		switch b.toks[b.i].kind {
		case ykComma:
			b.i++
			if b.i < len(b.toks) && b.toks[b.i].kind == end {
				return nil, false // a trailing comma
			}
		case end:
			b.i++
			return done()
		default:
			return nil, false
		}
	}
}
