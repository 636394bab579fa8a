package lsp

import (
	"regexp"
	"strings"
)

// spot is where the cursor is in a document's YAML, read from the text
// alone, so that it works while the document does not parse (as it does
// not, half the time, while someone types): the path of the map or value,
// and the word at the cursor.
type spot struct {
	// Path leads to the map the cursor is in (OnKey, or typing a new key)
	// or to the value it is in (InValue).
	Path []string
	// Key is the key under the cursor (OnKey).
	Key     string
	OnKey   bool
	InValue bool
	// Word is the token under the cursor; Start and End are its byte
	// offsets on the line, Prefix the part before the cursor.
	Word, Prefix string
	Start, End   int
	// Siblings are the keys already written in the cursor's map.
	Siblings []string
	// Line is the cursor's line (1-based) and Text its text.
	Line int
	Text string
}

var reKey = regexp.MustCompile(`^([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*:(\s|$)`)

// yline is one line of block YAML taken apart.
type yline struct {
	blank   bool
	dashes  []int // columns (bytes) of the "- " item markers
	content int   // column of what follows the indentation and markers
	key     string
	colon   int  // byte offset of the key's colon, -1 without a key
	empty   bool // a key with nothing after it: a map or list follows
}

func parseYLine(l string) yline {
	y := yline{colon: -1}
	i := 0
	for {
		for i < len(l) && l[i] == ' ' {
			i++
		}
		if i < len(l) && l[i] == '-' && (i+1 == len(l) || l[i+1] == ' ') {
			y.dashes = append(y.dashes, i)
			i++
			continue
		}
		break
	}
	y.content = i
	rest := l[i:]
	if strings.TrimSpace(rest) == "" && len(y.dashes) == 0 || strings.HasPrefix(strings.TrimSpace(rest), "#") {
		y.blank = true
		return y
	}
	if m := reKey.FindStringSubmatchIndex(rest); m != nil {
		y.key = rest[m[2]:m[3]]
		y.colon = i + m[3] + strings.IndexByte(rest[m[3]:], ':')
		after := strings.TrimSpace(rest[m[1]:])
		if c := strings.Index(after, " #"); c >= 0 {
			after = strings.TrimSpace(after[:c])
		}
		y.empty = after == "" || strings.HasPrefix(after, "#")
	}
	return y
}

// frontMatter gives the lines (1-based, inclusive) a document's YAML is
// on: the whole file, or for Markdown the front matter between the «---»
// lines.
func frontMatter(t text, markdown bool) (first, last int, ok bool) {
	if !markdown {
		return 1, len(t.lines), true
	}
	if len(t.lines) == 0 || strings.TrimSpace(t.lines[0]) != "---" {
		return 0, 0, false
	}
	for i := 1; i < len(t.lines); i++ {
		if s := strings.TrimSpace(t.lines[i]); s == "---" || s == "..." {
			return 2, i, true
		}
	}
	return 2, len(t.lines), true
}

// locate finds the spot at line (1-based) and byte offset off on it.
func locate(t text, markdown bool, line, off int) (spot, bool) {
	first, last, ok := frontMatter(t, markdown)
	if !ok || line < first || line > last {
		return spot{}, false
	}
	l := t.line(line)
	off = min(off, len(l))
	y := parseYLine(l)
	sp := spot{Line: line, Text: l}

	// The block part: the keys and list items of the lines above.
	cur := y.content
	if y.blank && len(y.dashes) == 0 {
		cur = off // an empty line: the indentation typed so far
	}
	var path []string
	for i := len(y.dashes) - 1; i >= 0; i-- {
		path = append([]string{"0"}, path...)
		cur = y.dashes[i]
	}
	for j := line - 1; j >= first && cur > 0; j-- {
		p := parseYLine(t.line(j))
		if p.blank {
			continue
		}
		if p.key != "" && p.content < cur && p.empty {
			path = append([]string{p.key}, path...)
			cur = p.content
		}
		for i := len(p.dashes) - 1; i >= 0; i-- {
			if p.dashes[i] < cur {
				path = append([]string{"0"}, path...)
				cur = p.dashes[i]
			}
		}
	}

	// The cursor's own line.
	from := y.content
	if y.key != "" && off > y.colon {
		path = append(path, y.key)
		from = y.colon + 1
		sp.InValue = true
	} else if y.key != "" {
		sp.OnKey, sp.Key = true, y.key
		sp.Start, sp.End = y.content, y.content+len(y.key)
		sp.Word, sp.Prefix = y.key, l[y.content:max(off, y.content)]
		sp.Path = path
		sp.Siblings = siblings(t, first, last, line, y.content)
		return sp, true
	}
	flowPath, inValue, onKey, key, start := scanFlow(l, from, off)
	path = append(path, flowPath...)
	if from == y.content && len(flowPath) == 0 && !sp.InValue {
		// A bare word on a line of its own: a new key, or an item of a
		// list of plain values.
		sp.Start = y.content
		sp.Prefix = l[y.content:max(off, y.content)]
		sp.End = sp.Start + tokenLen(l, sp.Start)
		sp.Word = l[sp.Start:sp.End]
		sp.Path = path
		sp.InValue = len(y.dashes) > 0
		if !sp.InValue {
			sp.Siblings = siblings(t, first, last, line, y.content)
		}
		return sp, true
	}
	if onKey {
		sp.OnKey, sp.InValue, sp.Key = true, false, key
	} else {
		sp.InValue = sp.InValue || inValue
	}
	for start < len(l) && start < off && l[start] == ' ' {
		start++
	}
	sp.Start = start
	sp.Prefix = l[start:max(off, start)]
	sp.End = start + tokenLen(l, start)
	if sp.End < off {
		sp.End = off
	}
	sp.Word = l[sp.Start:sp.End]
	if onKey {
		sp.Word = key
	}
	sp.Path = path
	return sp, true
}

// scanFlow reads l from byte from to the cursor at off through any flow
// collections ({…} and […]) and says where the cursor is in them: the path
// inside, whether it is in a value or on (or typing) a key, and where the
// token under the cursor starts.
func scanFlow(l string, from, off int) (path []string, inValue, onKey bool, key string, start int) {
	type frame struct {
		isMap   bool
		key     string
		inValue bool
	}
	var stack []frame
	start = from
	for i := from; i < off && i < len(l); i++ {
		switch c := l[i]; c {
		case '"', '\'':
			j := i + 1
			for j < len(l) && l[j] != c {
				if l[j] == '\\' && c == '"' {
					j++
				}
				j++
			}
			i = j
		case '{', '[':
			stack = append(stack, frame{isMap: c == '{'})
			start = i + 1
		case '}', ']':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			start = i + 1
		case ',':
			if n := len(stack); n > 0 {
				stack[n-1].inValue, stack[n-1].key = false, ""
			}
			start = i + 1
		case ':':
			if n := len(stack); n > 0 && stack[n-1].isMap && !stack[n-1].inValue && (i+1 >= len(l) || l[i+1] == ' ' || l[i+1] == ',' || l[i+1] == '}') {
				stack[n-1].key = strings.TrimSpace(l[start:i])
				stack[n-1].inValue = true
				start = i + 1
			}
		}
	}
	if len(stack) == 0 {
		return nil, true, false, "", start
	}
	for i, f := range stack {
		last := i == len(stack)-1
		switch {
		case f.isMap && f.inValue:
			path = append(path, f.key)
		case f.isMap && last:
			// on a key: the path is the map's
		case !f.isMap:
			path = append(path, "0")
		}
	}
	top := stack[len(stack)-1]
	if top.isMap && !top.inValue {
		k := l[start:]
		k = k[:tokenLen(l, start+countSpaces(k))+countSpaces(k)]
		return path, false, true, strings.TrimSpace(k), start
	}
	return path, true, false, "", start
}

func countSpaces(s string) int {
	n := 0
	for n < len(s) && s[n] == ' ' {
		n++
	}
	return n
}

// siblings lists the keys of the block map whose keys start at column col
// around line.
func siblings(t text, first, last, line, col int) []string {
	var out []string
	for j := line - 1; j >= first; j-- {
		p := parseYLine(t.line(j))
		if p.blank {
			continue
		}
		if p.content < col {
			break
		}
		if p.content == col && p.key != "" {
			out = append(out, p.key)
			if len(p.dashes) > 0 {
				break
			}
		}
	}
	for j := line + 1; j <= last; j++ {
		p := parseYLine(t.line(j))
		if p.blank {
			continue
		}
		if p.content < col || p.content == col && len(p.dashes) > 0 {
			break
		}
		if p.content == col && p.key != "" {
			out = append(out, p.key)
		}
	}
	return out
}
