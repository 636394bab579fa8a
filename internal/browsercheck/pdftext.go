package browsercheck

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// PDFRun is a piece of a printed page's text: the text of one marked
// content sequence, with the structure tag Chromium gave it in its tagged
// PDF (H1–H6 for headings, P, TD, LBody, … and NonStruct or Artifact for
// what is not part of the document's structure).
type PDFRun struct {
	Tag  string
	Text string
}

// PDFText reads the text of every page of a PDF that Chromium printed, in
// the order the page paints it. It is a reader for what Chromium (Skia)
// writes, not for every PDF: uncompressed object dictionaries, content
// streams and ToUnicode maps compressed with Flate, two-byte glyph codes
// (Identity-H) shown by Tj and TJ, and marked content (BDC … EMC) around
// the runs of text.
func PDFText(pdf []byte) ([][]PDFRun, error) {
	objs, err := pdfObjects(pdf)
	if err != nil {
		return nil, err
	}
	var catalog *pdfObj
	for _, o := range objs {
		if pdfType(o.dict) == "Catalog" {
			catalog = o
			break
		}
	}
	if catalog == nil {
		return nil, fmt.Errorf("pdf: no catalog")
	}
	root, ok := pdfRef(catalog.dict, "Pages")
	if !ok {
		return nil, fmt.Errorf("pdf: the catalog names no page tree")
	}
	var pages []*pdfObj
	var walk func(n int, depth int) error
	walk = func(n int, depth int) error {
		o := objs[n]
		if o == nil || depth > 32 {
			return fmt.Errorf("pdf: page tree object %d missing", n)
		}
		if pdfType(o.dict) == "Page" {
			pages = append(pages, o)
			return nil
		}
		for _, k := range pdfRefList(o.dict, "Kids") {
			if err := walk(k, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return nil, err
	}
	maps := map[int]map[string]string{}
	out := make([][]PDFRun, 0, len(pages))
	for i, p := range pages {
		res := p.dict
		if n, ok := pdfRef(p.dict, "Resources"); ok && objs[n] != nil {
			res = objs[n].dict
		}
		fonts := map[string]map[string]string{}
		if m := fontDict.FindSubmatch(res); m != nil {
			for _, f := range fontEntry.FindAllSubmatch(m[1], -1) {
				n, _ := strconv.Atoi(string(f[2]))
				cmap, ok := maps[n]
				if !ok {
					cmap = map[string]string{}
					if fo := objs[n]; fo != nil {
						if u, ok := pdfRef(fo.dict, "ToUnicode"); ok && objs[u] != nil {
							data, err := objs[u].data()
							if err != nil {
								return nil, fmt.Errorf("pdf: page %d: font %s: %w", i+1, f[1], err)
							}
							cmap = parseCMap(data)
						}
					}
					maps[n] = cmap
				}
				fonts[string(f[1])] = cmap
			}
		}
		var content []byte
		for _, c := range pdfRefList(p.dict, "Contents") {
			if objs[c] == nil {
				return nil, fmt.Errorf("pdf: page %d: content stream %d missing", i+1, c)
			}
			data, err := objs[c].data()
			if err != nil {
				return nil, fmt.Errorf("pdf: page %d: %w", i+1, err)
			}
			content = append(append(content, data...), '\n')
		}
		out = append(out, pageRuns(content, fonts))
	}
	return out, nil
}

type pdfObj struct {
	dict, stream []byte
}

// data is the object's stream, inflated when it is compressed.
func (o *pdfObj) data() ([]byte, error) {
	if !bytes.Contains(o.dict, []byte("/FlateDecode")) {
		return o.stream, nil
	}
	r, err := zlib.NewReader(bytes.NewReader(o.stream))
	if err != nil {
		return nil, fmt.Errorf("inflating a stream: %w", err)
	}
	return io.ReadAll(r)
}

var (
	objHeader = regexp.MustCompile(`(\d+) 0 obj\s*`)
	typeEntry = regexp.MustCompile(`/Type\s*/([A-Za-z]+)`)
	lengthKey = regexp.MustCompile(`/Length\s+(\d+)(\s+0\s+R)?`)
	fontDict  = regexp.MustCompile(`(?s)/Font\s*<<(.*?)>>`)
	fontEntry = regexp.MustCompile(`/([A-Za-z0-9_.+-]+)\s+(\d+)\s+0\s+R`)
)

// pdfObjects reads every numbered object, in file order: its dictionary
// and, when it has one, its stream, taken by its length.
func pdfObjects(pdf []byte) (map[int]*pdfObj, error) {
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, fmt.Errorf("not a PDF: starts with %q", pdf[:min(len(pdf), 8)])
	}
	objs := map[int]*pdfObj{}
	for pos := 0; ; {
		loc := objHeader.FindSubmatchIndex(pdf[pos:])
		if loc == nil {
			break
		}
		n, _ := strconv.Atoi(string(pdf[pos+loc[2] : pos+loc[3]]))
		start := pos + loc[1]
		end := dictEnd(pdf, start)
		o := &pdfObj{dict: pdf[start:end]}
		pos = end
		rest := pdf[end:]
		trimmed := bytes.TrimLeft(rest, " \r\n")
		if bytes.HasPrefix(trimmed, []byte("stream")) {
			s := len(pdf) - len(trimmed) + len("stream")
			if s < len(pdf) && pdf[s] == '\r' {
				s++
			}
			if s < len(pdf) && pdf[s] == '\n' {
				s++
			}
			m := lengthKey.FindSubmatch(o.dict)
			if m == nil || m[2] != nil {
				return nil, fmt.Errorf("pdf: object %d: a stream without a direct /Length", n)
			}
			l, _ := strconv.Atoi(string(m[1]))
			if s+l > len(pdf) {
				return nil, fmt.Errorf("pdf: object %d: the stream runs past the end of the file", n)
			}
			o.stream = pdf[s : s+l]
			pos = s + l
		}
		objs[n] = o
	}
	return objs, nil
}

// dictEnd is where the object's dictionary (or other direct value) that
// starts at i ends: after its balanced << >>, else at "endobj".
func dictEnd(b []byte, i int) int {
	if !bytes.HasPrefix(b[i:], []byte("<<")) {
		if e := bytes.Index(b[i:], []byte("endobj")); e >= 0 {
			return i + e
		}
		return len(b)
	}
	depth := 0
	for i < len(b) {
		switch {
		case bytes.HasPrefix(b[i:], []byte("<<")):
			depth++
			i += 2
		case bytes.HasPrefix(b[i:], []byte(">>")):
			depth--
			i += 2
			if depth == 0 {
				return i
			}
		case b[i] == '(':
			i = literalEnd(b, i)
		default:
			i++
		}
	}
	return len(b)
}

// literalEnd is the index after the literal string that opens at i.
func literalEnd(b []byte, i int) int {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(b)
}

func pdfType(dict []byte) string {
	if m := typeEntry.FindSubmatch(dict); m != nil {
		return string(m[1])
	}
	return ""
}

// pdfRef is the object number a key refers to ("/Key 12 0 R").
func pdfRef(dict []byte, key string) (int, bool) {
	m := regexp.MustCompile(`/` + key + `\s+(\d+)\s+0\s+R`).FindSubmatch(dict)
	if m == nil {
		return 0, false
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n, true
}

// pdfRefList is the object numbers of a key holding one reference or an
// array of them.
func pdfRefList(dict []byte, key string) []int {
	if n, ok := pdfRef(dict, key); ok {
		return []int{n}
	}
	m := regexp.MustCompile(`/` + key + `\s*\[([^\]]*)\]`).FindSubmatch(dict)
	if m == nil {
		return nil
	}
	var out []int
	for _, r := range regexp.MustCompile(`(\d+)\s+0\s+R`).FindAllSubmatch(m[1], -1) {
		n, _ := strconv.Atoi(string(r[1]))
		out = append(out, n)
	}
	return out
}

var (
	bfchar  = regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`)
	bfrange = regexp.MustCompile(`(?s)beginbfrange(.*?)endbfrange`)
	hexTok  = regexp.MustCompile(`<([0-9A-Fa-f]*)>|\[([^\]]*)\]`)
	hexStr  = regexp.MustCompile(`<([0-9A-Fa-f]*)>`)
)

// parseCMap reads a ToUnicode map: glyph code (hex) → text.
func parseCMap(data []byte) map[string]string {
	m := map[string]string{}
	for _, sec := range bfchar.FindAllSubmatch(data, -1) {
		toks := hexTok.FindAllSubmatch(sec[1], -1)
		for i := 0; i+1 < len(toks); i += 2 {
			m[strings.ToUpper(string(toks[i][1]))] = utf16Hex(string(toks[i+1][1]))
		}
	}
	for _, sec := range bfrange.FindAllSubmatch(data, -1) {
		toks := hexTok.FindAllSubmatch(sec[1], -1)
		for i := 0; i+2 < len(toks); i += 3 {
			lo, err1 := strconv.ParseUint(string(toks[i][1]), 16, 32)
			hi, err2 := strconv.ParseUint(string(toks[i+1][1]), 16, 32)
			if err1 != nil || err2 != nil || hi < lo || hi-lo > 0xffff {
				continue
			}
			width := len(toks[i][1])
			if toks[i+2][2] != nil {
				for j, d := range hexStr.FindAllSubmatch(toks[i+2][2], -1) {
					if lo+uint64(j) <= hi {
						m[fmt.Sprintf("%0*X", width, lo+uint64(j))] = utf16Hex(string(d[1]))
					}
				}
				continue
			}
			dst := []rune(utf16Hex(string(toks[i+2][1])))
			if len(dst) == 0 {
				continue
			}
			for c := lo; c <= hi; c++ {
				r := append([]rune(nil), dst...)
				r[len(r)-1] += rune(c - lo)
				m[fmt.Sprintf("%0*X", width, c)] = string(r)
			}
		}
	}
	return m
}

// utf16Hex decodes UTF-16BE written in hex.
func utf16Hex(h string) string {
	var u []uint16
	for i := 0; i+4 <= len(h); i += 4 {
		v, err := strconv.ParseUint(h[i:i+4], 16, 16)
		if err != nil {
			return ""
		}
		u = append(u, uint16(v))
	}
	return string(utf16.Decode(u))
}

// pageRuns reads a page's content stream: the text each marked content
// sequence shows, tagged with the innermost sequence's tag.
func pageRuns(content []byte, fonts map[string]map[string]string) []PDFRun {
	var runs []PDFRun
	var tags []string
	var operands []string
	var font map[string]string
	open := false
	show := func(hex string) {
		var b strings.Builder
		for i := 0; i+4 <= len(hex); i += 4 {
			b.WriteString(font[strings.ToUpper(hex[i:i+4])])
		}
		if b.Len() == 0 {
			return
		}
		if !open {
			tag := ""
			if len(tags) > 0 {
				tag = tags[len(tags)-1]
			}
			runs = append(runs, PDFRun{Tag: tag})
			open = true
		}
		runs[len(runs)-1].Text += b.String()
	}
	for i := 0; i < len(content); {
		c := content[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t':
			i++
		case c == '%':
			for i < len(content) && content[i] != '\n' {
				i++
			}
		case c == '<' && i+1 < len(content) && content[i+1] == '<':
			e := dictEnd(content, i)
			operands = append(operands, string(content[i:e]))
			i = e
		case c == '<':
			e := bytes.IndexByte(content[i:], '>')
			if e < 0 {
				return runs
			}
			operands = append(operands, "<"+string(content[i+1:i+e]))
			i += e + 1
		case c == '(':
			e := literalEnd(content, i)
			operands = append(operands, string(content[i:e]))
			i = e
		case c == '[':
			e := bytes.IndexByte(content[i:], ']')
			if e < 0 {
				return runs
			}
			operands = append(operands, string(content[i:i+e+1]))
			i += e + 1
		default:
			j := i + 1
			for j < len(content) && !strings.ContainsRune(" \n\r\t<>[]()/%", rune(content[j])) {
				j++
			}
			tok := string(content[i:j])
			i = j
			if c == '/' || c == '-' || c == '.' || c == '+' || (c >= '0' && c <= '9') {
				operands = append(operands, tok)
				continue
			}
			switch tok {
			case "BDC", "BMC":
				tag := ""
				if len(operands) > 0 {
					for _, o := range operands {
						if strings.HasPrefix(o, "/") {
							tag = o[1:]
							break
						}
					}
				}
				tags = append(tags, tag)
				open = false
			case "EMC":
				if len(tags) > 0 {
					tags = tags[:len(tags)-1]
				}
				open = false
			case "Tf":
				if len(operands) >= 2 {
					font = fonts[strings.TrimPrefix(operands[len(operands)-2], "/")]
				}
			case "Tj", "'", "\"":
				if n := len(operands); n > 0 && strings.HasPrefix(operands[n-1], "<") {
					show(operands[n-1][1:])
				}
			case "TJ":
				if n := len(operands); n > 0 {
					for _, m := range hexStr.FindAllStringSubmatch(operands[n-1], -1) {
						show(m[1])
					}
				}
			}
			operands = operands[:0]
		}
	}
	return runs
}
