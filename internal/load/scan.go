package load

import (
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/token"
)

// This file holds a scanner for the plain YAML governance files are written
// in. goccy's lexer works on a []rune copy of the file and allocates a token,
// its position and several strings per word; it was most of the time and
// the memory of loading a repository. This scanner reads the bytes once and
// produces a compact token slice whose scalar values are substrings of the
// text. It knows only the common layout and says ok=false for anything else
// or anything it is not sure of, and parseYAML then asks goccy, whose lexer
// and parser remain the reference for every tree and every error message: a
// differential test and a fuzz target hold the two to the same trees.
//
// It takes: block mappings and sequences by indentation; plain scalars on
// one line; single- and double-quoted scalars on one line (with the escapes
// goccy knows, but \x, \U and surrogates); "|", "|-", ">" and ">-" block
// scalars (folded ones only without blank or more-indented lines); flow
// collections of scalars, broken across lines only after "[", "{" or ",";
// comments on their own line or after a value, a key or a dash. It bails on
// anchors, aliases, tags, directives, "?" keys, "<<", document markers,
// tabs, carriage returns, plain or quoted scalars over several lines, spaces
// after a plain scalar that ends its line (goccy moves its column), comments
// inside flow collections, block-scalar headers with "+", a digit or a
// comment, lines of spaces inside block scalars, and the valid YAML that
// handMistakes refuses ("-item" at the start of a line, "word# text"). The tree builder then
// leaves to goccy what it is not sure of in the structure.

// ytokKind says what a scanned token is.
type ytokKind uint8

const (
	ykScalar   ytokKind = iota // a plain or quoted scalar; its type is in typ
	ykColon                    // the ':' after a key
	ykDash                     // the '-' of a block sequence item
	ykSeqStart                 // '['
	ykSeqEnd                   // ']'
	ykMapStart                 // '{'
	ykMapEnd                   // '}'
	ykComma                    // ',' in a flow collection
	ykBlock                    // a '|' or '>' block scalar at its indicator, with its text
)

// yscalar is the type goccy gives a scalar (token.New for plain ones).
type yscalar uint8

const (
	ysStr   yscalar = iota // text, plain or quoted
	ysInt                  // any of goccy's integer token types
	ysFloat                // a float
	ysBool                 // any spelling goccy reads as a bool
	ysNull                 // null, Null, NULL, ~
	ysOther                // infinity or NaN, which the converter refuses
)

// ytok is one token: no pointers but its value, which is a substring of the
// text unless escapes or a block scalar made a new string.
type ytok struct {
	val  string
	line int32
	col  int32
	kind ytokKind
	typ  yscalar
	// quoted marks a quoted scalar: text whatever it spells.
	quoted bool
}

// yscanner scans one YAML text.
type yscanner struct {
	src   string
	i     int // byte offset of the next character
	line  int // its line
	col   int // its column, in characters as goccy counts them
	depth int // open flow collections
	maps  int // open flow mappings
	nodes int // an upper bound, but for a few, on the nodes of the tree
	toks  []ytok
}

// scanYAML tokenizes src, appending to toks[:0]. ok is false when src is
// outside what the scanner knows for sure. nodes bounds, but for a few, the
// nodes of the tree the tokens make, so that they can be allocated at once.
func scanYAML(src string, toks []ytok) (_ []ytok, nodes int, ok bool) {
	if strings.IndexByte(src, '\r') >= 0 {
		return toks[:0], 0, false
	}
	s := yscanner{src: src, line: 1, col: 1, toks: toks[:0]}
	ok = s.run()
	return s.toks, s.nodes, ok
}

func (s *yscanner) emit(kind ytokKind, typ yscalar, line, col int, val string) {
	switch kind {
	case ykScalar, ykBlock, ykSeqStart, ykMapStart, ykDash:
		// A dash stands for its sequence, or for what follows it when
		// that is a null or a "- key:" mapping.
		s.nodes++
	}
	s.toks = append(s.toks, ytok{val: val, line: int32(line), col: int32(col), kind: kind, typ: typ})
}

// next moves past one byte, counting a column for each character's first
// byte.
func (s *yscanner) next() {
	if c := s.src[s.i]; c < 0x80 || c >= 0xC0 {
		s.col++
	}
	s.i++
}

func (s *yscanner) newline() {
	s.i++
	s.line++
	s.col = 1
}

// sep reports whether the byte at j ends a ':' or '-' indicator: a space,
// a line break or the end of the text.
func (s *yscanner) sep(j int) bool {
	return j >= len(s.src) || s.src[j] == ' ' || s.src[j] == '\n'
}

func (s *yscanner) skipSpaces() int {
	n := 0
	for s.i < len(s.src) && s.src[s.i] == ' ' {
		s.i++
		s.col++
		n++
	}
	return n
}

// run scans the text line by line.
func (s *yscanner) run() bool {
	src := s.src
	for s.i < len(src) {
		start := s.i
		for s.i < len(src) && src[s.i] == ' ' {
			s.i++
		}
		if s.i == len(src) {
			return true
		}
		s.col = s.i - start + 1
		switch src[s.i] {
		case '\n':
			s.newline()
			continue
		case '#':
			s.comment()
			continue
		}
		if s.col == 1 && (strings.HasPrefix(src[s.i:], "---") || strings.HasPrefix(src[s.i:], "...")) {
			return false // a document marker, or close enough to one
		}
		if !s.blockLine() {
			return false
		}
	}
	return true
}

// comment skips a comment through the end of its line.
func (s *yscanner) comment() bool {
	if j := strings.IndexByte(s.src[s.i:], '\n'); j >= 0 {
		s.i += j
		s.newline()
	} else {
		s.i = len(s.src)
	}
	return true
}

// lineEnd ends a line after a value: spaces, then the end of the line or a
// comment after at least one space.
func (s *yscanner) lineEnd() bool {
	spaces := s.skipSpaces()
	switch {
	case s.i == len(s.src):
		return true
	case s.src[s.i] == '\n':
		s.newline()
		return true
	case s.src[s.i] == '#' && spaces > 0:
		return s.comment()
	}
	return false
}

// blockLine scans a line of block content from its first character: dashes,
// then a key and its value or a value alone.
func (s *yscanner) blockLine() bool {
	src := s.src
	delim := s.col // the column of the last key or dash on the line
	dashed := false
	for src[s.i] == '-' && s.sep(s.i+1) {
		s.emit(ykDash, 0, s.line, s.col, "")
		delim, dashed = s.col, true
		s.i++
		s.col++
		s.skipSpaces()
		if s.i == len(src) || src[s.i] == '\n' {
			return s.lineEnd()
		}
		if src[s.i] == '#' {
			return s.comment()
		}
	}
	if !dashed && src[s.i] == '-' && s.i+1 < len(src) && dashGlued(src[s.i+1:]) {
		return false // "-item": handMistakes words it
	}
	keyCol := s.col
	switch src[s.i] {
	case '"', '\'':
		if !s.quoted() {
			return false
		}
	case '[', '{':
		return s.flow(delim) && s.lineEnd()
	case '|', '>':
		return dashed && s.block(delim)
	default:
		if !s.plain() {
			return false
		}
	}
	if j := s.i + strings.IndexFunc(src[s.i:], notSpace); j < s.i || src[j] != ':' || !s.sep(j+1) {
		return s.lineEnd()
	}
	s.skipSpaces()
	// The scalar was a key.
	s.emit(ykColon, 0, s.line, s.col, "")
	s.i++
	s.col++
	s.skipSpaces()
	if s.i == len(src) || src[s.i] == '\n' || src[s.i] == '#' {
		s.nodes++ // a null, or the collection on the lines below
		if s.i < len(src) && src[s.i] == '#' {
			return s.comment()
		}
		return s.lineEnd()
	}
	switch src[s.i] {
	case '"', '\'':
		return s.quoted() && s.lineEnd()
	case '[', '{':
		return s.flow(keyCol) && s.lineEnd()
	case '|', '>':
		return s.block(keyCol)
	}
	return s.plain() && s.lineEnd()
}

func notSpace(r rune) bool { return r != ' ' }

// plainStart reports whether a plain scalar may start with the byte at i:
// not with an indicator goccy would read as something else (or refuse).
func (s *yscanner) plainStart() bool {
	switch s.src[s.i] {
	case '-':
		return !s.sep(s.i + 1)
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ', '\t', '\n':
		return false
	}
	return true
}

// plain scans a plain scalar in block context up to the end of its line, a
// comment, or a ':' that ends a key.
func (s *yscanner) plain() bool {
	if !s.plainStart() {
		return false
	}
	src := s.src
	start, line, col := s.i, s.line, s.col
scan:
	for s.i < len(src) {
		switch src[s.i] {
		case '\n':
			break scan
		case ' ':
			if s.i+1 < len(src) && src[s.i+1] == '#' {
				break scan
			}
		case ':':
			if s.sep(s.i + 1) {
				break scan
			}
		case '#':
			if s.i > start && src[s.i-1] != ' ' && s.i+1 < len(src) && src[s.i+1] == ' ' {
				return false // "draft# note": handMistakes words it
			}
		case '<':
			if s.i+1 < len(src) && src[s.i+1] == '<' {
				return false // a merge key, for all goccy knows
			}
		case '\t':
			return false
		}
		s.next()
	}
	v := strings.TrimRight(src[start:s.i], " ")
	if len(v) < s.i-start && (s.i == len(src) || src[s.i] == '\n') {
		// Spaces after a scalar that ends its line move goccy's
		// column for it right by as many.
		return false
	}
	s.emit(ykScalar, classify(v), line, col, v)
	return true
}

// plainFlow scans a plain scalar inside a flow collection, up to a ',', a
// closing bracket or a ':'.
func (s *yscanner) plainFlow() bool {
	if !s.plainStart() {
		return false
	}
	src := s.src
	start, line, col := s.i, s.line, s.col
scan:
	for s.i < len(src) {
		switch src[s.i] {
		case ':':
			// goccy's rule: with a flow mapping open, every ':' but
			// one before '/' (a URL) ends the scalar; else only one
			// before a space or the end of the line does.
			if s.maps > 0 && (s.i+1 >= len(src) || src[s.i+1] != '/') || s.maps == 0 && s.sep(s.i+1) {
				break scan
			}
		case '\n', ',', ']', '}':
			break scan
		case '#':
			if src[s.i-1] == ' ' || s.i+1 < len(src) && src[s.i+1] == ' ' {
				return false // a comment inside a flow collection, or glued to a value
			}
		case '[', '{', '\t':
			return false
		case '<':
			if s.i+1 < len(src) && src[s.i+1] == '<' {
				return false
			}
		}
		s.next()
	}
	v := strings.TrimRight(src[start:s.i], " ")
	s.emit(ykScalar, classify(v), line, col, v)
	return true
}

// classify gives a plain scalar goccy's type for it. The common case, text
// starting with a letter, is decided here: no number starts with a letter,
// and only the null and bool keywords among the reserved words do. So are
// plain decimal integers and dates. Everything else goes to goccy's own
// classification.
func classify(v string) yscalar {
	c := v[0]
	switch {
	case c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		switch v {
		case "null", "Null", "NULL":
			return ysNull
		case "true", "True", "TRUE", "false", "False", "FALSE":
			return ysBool
		}
		return ysStr
	case '0' <= c && c <= '9':
		digits, dot, innerDash := true, false, false
		for i := 0; i < len(v); i++ {
			switch b := v[i]; {
			case '0' <= b && b <= '9':
			case b == '.':
				dot, digits = true, false
			case b == '-':
				innerDash, digits = true, false // not at 0: c is a digit
			default:
				digits = false
			}
		}
		if digits && len(v) <= 19 && (len(v) == 1 || c != '0') {
			return ysInt // strconv.ParseUint in base 10 takes it
		}
		if innerDash && !dot {
			// A date, a period: with no '.' goccy tries only integer
			// parsing, and no integer has a '-' after its first
			// character.
			return ysStr
		}
	}
	switch token.New(v, v, nil).Type {
	case token.StringType:
		return ysStr
	case token.IntegerType, token.BinaryIntegerType, token.OctetIntegerType, token.HexIntegerType:
		return ysInt
	case token.FloatType:
		return ysFloat
	case token.BoolType:
		return ysBool
	case token.NullType:
		return ysNull
	}
	return ysOther
}

// quoted scans a single- or double-quoted scalar that ends on its line.
func (s *yscanner) quoted() bool {
	src := s.src
	q := src[s.i]
	line, col := s.line, s.col
	s.i++
	s.col++
	seg := s.i
	var buf []byte // the value so far, once an escape made it differ from the text
	for s.i < len(src) {
		c := src[s.i]
		switch {
		case c == '\n' || c == '\t':
			return false
		case c == q && q == '\'' && s.i+1 < len(src) && src[s.i+1] == '\'':
			buf = append(buf, src[seg:s.i+1]...)
			s.i += 2
			s.col += 2
			seg = s.i
			continue
		case c == q:
			v := src[seg:s.i]
			if buf != nil {
				v = string(append(buf, v...))
			}
			s.i++
			s.col++
			s.emit(ykScalar, ysStr, line, col, v)
			s.toks[len(s.toks)-1].quoted = true
			return true
		case c == '\\' && q == '"':
			if s.i+1 >= len(src) {
				return false
			}
			buf = append(buf, src[seg:s.i]...)
			r, n := escape(src[s.i+1:])
			if n == 0 {
				return false
			}
			buf = utf8.AppendRune(buf, r)
			s.i += 1 + n
			s.col += 1 + n // escapes are ASCII
			seg = s.i
			continue
		}
		s.next()
	}
	return false
}

// escape decodes the double-quoted escape after a backslash as goccy does,
// giving the character and the bytes it took, or n=0 for one left to goccy.
func escape(e string) (r rune, n int) {
	switch e[0] {
	case '0':
		return 0, 1
	case 'a':
		return 0x07, 1
	case 'b':
		return 0x08, 1
	case 't':
		return 0x09, 1
	case 'n':
		return 0x0A, 1
	case 'v':
		return 0x0B, 1
	case 'f':
		return 0x0C, 1
	case 'r':
		return 0x0D, 1
	case 'e':
		return 0x1B, 1
	case ' ':
		return ' ', 1
	case '"':
		return '"', 1
	case '/':
		return '/', 1
	case '\\':
		return '\\', 1
	case 'N':
		return 0x85, 1
	case '_':
		return 0xA0, 1
	case 'L':
		return 0x2028, 1
	case 'P':
		return 0x2029, 1
	case 'u':
		if len(e) < 6 { // goccy wants a character after the four digits
			return 0, 0
		}
		for i := 1; i <= 4; i++ {
			c := e[i]
			switch {
			case '0' <= c && c <= '9':
				r = r<<4 | rune(c-'0')
			case 'a' <= c && c <= 'f':
				r = r<<4 | rune(c-'a'+10)
			case 'A' <= c && c <= 'F':
				r = r<<4 | rune(c-'A'+10)
			default:
				return 0, 0
			}
		}
		if r >= 0xD800 && r <= 0xDFFF {
			return 0, 0 // a surrogate: goccy pairs them
		}
		return r, 5
	}
	return 0, 0
}

// flow scans a flow collection and everything nested in it. delim is the
// column of the key or dash it is the value of: a line it continues on must
// be indented past it.
func (s *yscanner) flow(delim int) bool {
	if s.depth++; s.depth > MaxDepth {
		return false
	}
	src := s.src
	isMap := src[s.i] == '{'
	closer, start, end := byte(']'), ykSeqStart, ykSeqEnd
	if isMap {
		closer, start, end = '}', ykMapStart, ykMapEnd
		s.maps++
	}
	s.emit(start, 0, s.line, s.col, "")
	s.i++
	s.col++
	expectNode, first := true, true
	for {
		if !s.flowSpace(delim, expectNode) {
			return false
		}
		c := src[s.i]
		if c == closer {
			if expectNode && !first {
				return false // a trailing comma
			}
			s.emit(end, 0, s.line, s.col, "")
			s.i++
			s.col++
			s.depth--
			if isMap {
				s.maps--
			}
			return true
		}
		if !expectNode {
			if c != ',' {
				return false
			}
			s.emit(ykComma, 0, s.line, s.col, "")
			s.i++
			s.col++
			expectNode = true
			continue
		}
		if isMap {
			if !s.flowScalar() {
				return false
			}
			s.skipSpaces()
			if s.i+1 >= len(src) || src[s.i] != ':' || src[s.i+1] != ' ' {
				return false
			}
			s.emit(ykColon, 0, s.line, s.col, "")
			s.i++
			s.col++
			s.skipSpaces()
			if s.i == len(src) {
				return false
			}
		}
		switch src[s.i] {
		case '[', '{':
			if !s.flow(delim) {
				return false
			}
		default:
			if !s.flowScalar() {
				return false
			}
		}
		expectNode, first = false, false
	}
}

func (s *yscanner) flowScalar() bool {
	switch s.src[s.i] {
	case '"', '\'':
		return s.quoted()
	}
	return s.plainFlow()
}

// flowSpace skips spaces inside a flow collection, and a line break where a
// node is expected (after '[', '{' or ','), onto a line indented past delim
// that is neither blank nor a comment. It fails at the end of the text.
func (s *yscanner) flowSpace(delim int, expectNode bool) bool {
	src := s.src
	for {
		s.skipSpaces()
		if s.i == len(src) {
			return false
		}
		if src[s.i] != '\n' {
			return true
		}
		if !expectNode {
			return false
		}
		s.newline()
		n := s.skipSpaces()
		if n+1 <= delim || s.i == len(src) || src[s.i] == '\n' || src[s.i] == '#' {
			return false
		}
	}
}

// block scans a block scalar from its '|' or '>' to its last line. delim is
// the column of the key or dash it is the value of: its lines are indented
// past it.
func (s *yscanner) block(delim int) bool {
	src := s.src
	line, col := s.line, s.col
	folded := src[s.i] == '>'
	s.i++
	s.col++
	strip := false
	if s.i < len(src) && src[s.i] == '-' {
		strip = true
		s.i++
	}
	if s.i >= len(src) || src[s.i] != '\n' {
		return false // "+", an indentation digit, a comment, spaces: goccy decides
	}
	s.newline()
	var b strings.Builder
	indent, blank, endsLine, first := 0, 0, false, true
	for s.i < len(src) {
		ls := s.i
		j := ls
		for j < len(src) && src[j] == ' ' {
			j++
		}
		if j == len(src) {
			if j > ls {
				return false // a line of spaces
			}
			break
		}
		if src[j] == '\n' {
			if j > ls {
				return false // a line of spaces
			}
			blank++
			s.i = j
			s.newline()
			continue
		}
		at := j - ls + 1
		if indent == 0 {
			if at <= delim {
				return false // no content
			}
			indent = at
		}
		if at < indent {
			break
		}
		if folded && (at > indent || blank > 0) {
			return false
		}
		eol := len(src)
		if k := strings.IndexByte(src[j:], '\n'); k >= 0 {
			eol = j + k
		}
		text := src[ls+indent-1 : eol]
		if text[len(text)-1] == ' ' || strings.IndexByte(text, '\t') >= 0 {
			return false
		}
		breaks := blank
		if !first {
			breaks++
		}
		if folded && !first {
			b.WriteByte(' ')
		} else {
			for range breaks {
				b.WriteByte('\n')
			}
		}
		first = false
		b.WriteString(text)
		blank = 0
		s.i = eol
		endsLine = eol < len(src)
		if !endsLine {
			if folded {
				return false // goccy folds a last line of one character at the end of the text differently
			}
			break
		}
		s.newline()
	}
	if indent == 0 {
		return false
	}
	if endsLine && !strip {
		b.WriteByte('\n')
	}
	s.emit(ykBlock, ysStr, line, col, b.String())
	return true
}
