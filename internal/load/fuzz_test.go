package load

import (
	"bytes"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/ous-pm/pmgov/internal/doc"
)

// addCorpusSeeds seeds a fuzz target with every file of the bad-input
// corpus and of the corpus of hand-made mistakes.
func addCorpusSeeds(f *testing.F) {
	archives, err := filepath.Glob("testdata/bad/*.txtar")
	if err != nil {
		f.Fatal(err)
	}
	mistakes, err := filepath.Glob("testdata/mistakes/*.txtar")
	if err != nil {
		f.Fatal(err)
	}
	archives = append(archives, mistakes...)
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			data := file.Data
			if s, err := strconv.Unquote(strings.TrimSpace(string(data))); err == nil {
				data = []byte(s)
			}
			f.Add(data)
		}
	}
	for _, s := range []string{
		"---\na: 1\n---\nbody\n", "---\r\na: 1\r\n...\r\n", "---", "---\n", "--- \n---", "a:\n  - b: [1, {c: d}]\n",
		"a: |\n  text\n  more\nb: >-\n  folded\n", "k:\n- v\nj:\n- w\n", "- - - x\n", "{a: [b, {c: d}]}",
		"a: 'x''y'\nb: \"\\u00e6\"\n", "ä: ø\nå: [æ, ø]\n",
	} {
		f.Add([]byte(s))
	}
}

// lines splits src into lines as the positions count them: by "\n", with a
// trailing "\r" kept (it is a character of the line for column counting).
func lines(src []byte) [][]byte {
	return bytes.Split(src, []byte("\n"))
}

// checkPos fails when line:col lies outside src: line within the file's
// lines, column within the line's characters plus one (a position just
// after the last character, as at the end of a file, is fair).
func checkPos(t *testing.T, what string, src []byte, line, col int) {
	t.Helper()
	ls := lines(src)
	if line < 1 || line > len(ls) {
		t.Fatalf("%s: line %d outside the file's %d lines", what, line, len(ls))
	}
	if n := utf8.RuneCount(ls[line-1]); col < 1 || col > n+1 {
		t.Fatalf("%s: column %d outside line %d of %d characters", what, col, line, n)
	}
}

func checkTree(t *testing.T, src []byte, n *doc.Node) {
	t.Helper()
	if n == nil {
		return
	}
	checkPos(t, "node", src, n.Line, n.Col)
	for _, k := range n.Keys {
		checkTree(t, src, k)
	}
	for _, v := range n.Values {
		checkTree(t, src, v)
	}
	if n.Kind == doc.Map && len(n.Keys) != len(n.Values) {
		t.Fatalf("map at %d:%d has %d keys and %d values", n.Line, n.Col, len(n.Keys), len(n.Values))
	}
}

func FuzzSplitFrontMatter(f *testing.F) {
	addCorpusSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		front, body, bodyLine, found, p := splitFrontMatter(src)
		if p != nil {
			checkPos(t, "problem", src, p.line, p.col)
			return
		}
		if !found {
			if !bytes.Equal(body, src) || bodyLine != 1 {
				t.Fatalf("without front matter the body must be the whole file")
			}
			return
		}
		// The front matter follows the first line; the body follows the
		// closing line, which is line bodyLine-1.
		first, _, _ := bytes.Cut(src, []byte("\n"))
		if !bytes.HasPrefix(src[len(first)+1:], front) {
			t.Fatalf("the front matter is not the text after the first line")
		}
		ls := lines(src)
		if bodyLine < 3 || bodyLine > len(ls)+1 {
			t.Fatalf("body line %d outside 3..%d", bodyLine, len(ls)+1)
		}
		closing := string(bytes.TrimRight(ls[bodyLine-2], " \r"))
		if closing != "---" && closing != "..." {
			t.Fatalf("line %d, before the body, is %q, not a closing marker", bodyLine-1, closing)
		}
		if got := bytes.Count(front, []byte("\n")); got != bodyLine-3 {
			t.Fatalf("the front matter has %d lines; the body starts on line %d", got, bodyLine)
		}
		if body != nil && !bytes.HasSuffix(src, body) {
			t.Fatalf("the body is not the end of the file")
		}
	})
}

func FuzzParseYAML(f *testing.F) {
	addCorpusSeeds(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) > 64<<10 {
			return // size is bounded before parsing; keep the fuzzer fast
		}
		src, p := checkEncoding(raw)
		if p != nil {
			checkPos(t, "encoding problem", bytes.TrimPrefix(raw, utf8BOM), p.line, p.col)
			return
		}
		root, p := parseYAML(src, 0)
		if p != nil {
			if p.rule != "syntax" && p.rule != "limits" {
				t.Fatalf("rule %q", p.rule)
			}
			if p.msg.NB == "" || p.msg.EN == "" || p.hint.NB == "" || p.hint.EN == "" {
				t.Fatalf("text missing a language: %+v", p)
			}
			checkPos(t, "problem "+p.msg.EN, src, p.line, p.col)
			return
		}
		checkTree(t, src, root)
	})
}

func FuzzLoad(f *testing.F) {
	addCorpusSeeds(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) > 64<<10 {
			return
		}
		for _, name := range []string{"governance.yaml", "centers/kre/reports/2025-T1.md"} {
			res := Load(fstest.MapFS{name: {Data: raw}})
			if len(res.Docs)+len(res.Diags) != 1 {
				t.Fatalf("%s: %d documents and %d diagnostics; want one of them", name, len(res.Docs), len(res.Diags))
			}
			src := bytes.TrimPrefix(raw, utf8BOM)
			for _, d := range res.Diags {
				checkPos(t, d.Rule+" "+d.Message.EN, src, d.Pos.Line, d.Pos.Col)
			}
			for _, d := range res.Docs {
				checkTree(t, src, d.Root)
			}
		}
	})
}
