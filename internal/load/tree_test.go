package load

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/synth"
)

// yamlOf gives the YAML text of a file as parseYAML sees it, or ok=false
// when the file has none or is refused before either path runs (bad
// encoding, no front matter, a carriage return, a tab in the indentation).
func yamlOf(name string, data []byte) (src []byte, lineOffset int, ok bool) {
	src, p := checkEncoding(data)
	if p != nil {
		return nil, 0, false
	}
	if strings.HasSuffix(name, ".md") {
		front, _, _, found, p := splitFrontMatter(src)
		if p != nil || !found {
			return nil, 0, false
		}
		src, lineOffset = front, 1
	}
	if strings.Contains(string(src), "\r") || checkLayout(src, lineOffset) != nil {
		return nil, 0, false // parseYAML rewrites or refuses these before either path
	}
	return src, lineOffset, true
}

// sameTree holds the fast path (scanYAML and buildTree) to goccy's lexer,
// checks and parser on one file's text: when the fast path gives a tree,
// the reference must give the same one — every node's kind, type, value,
// line and column, and every key's — and no error. It reports whether the
// fast path gave a tree.
func sameTree(t *testing.T, name string, data []byte) bool {
	t.Helper()
	yamlSrc, lineOffset, ok := yamlOf(name, data)
	if !ok {
		return false
	}
	fast, ok := fastTree(yamlSrc, lineOffset)
	if !ok {
		return false
	}
	ref, p := referenceTree(yamlSrc, lineOffset)
	if p != nil {
		t.Errorf("%s: the fast path gave a tree where the reference says %d:%d %s\n%s", name, p.line, p.col, p.msg.EN, yamlSrc)
		return true
	}
	if d := diffNodes(fast, ref, "$"); d != "" {
		t.Errorf("%s: the fast path and the parser disagree: %s\n%s", name, d, yamlSrc)
	}
	return true
}

// diffNodes describes the first difference between two trees, or "".
func diffNodes(a, b *doc.Node, at string) string {
	switch {
	case a == nil && b == nil:
		return ""
	case a == nil || b == nil:
		return fmt.Sprintf("%s: %v vs %v", at, a, b)
	}
	if a.Kind != b.Kind || a.Type != b.Type || a.Value != b.Value || a.Line != b.Line || a.Col != b.Col {
		return fmt.Sprintf("%s: {kind %d type %d %q %d:%d} vs {kind %d type %d %q %d:%d}", at,
			a.Kind, a.Type, a.Value, a.Line, a.Col, b.Kind, b.Type, b.Value, b.Line, b.Col)
	}
	if len(a.Keys) != len(b.Keys) || len(a.Values) != len(b.Values) {
		return fmt.Sprintf("%s: %d keys %d values vs %d keys %d values", at, len(a.Keys), len(a.Values), len(b.Keys), len(b.Values))
	}
	for i := range a.Keys {
		if d := diffNodes(a.Keys[i], b.Keys[i], at+".key"+strconv.Itoa(i)); d != "" {
			return d
		}
	}
	for i := range a.Values {
		if d := diffNodes(a.Values[i], b.Values[i], at+"["+strconv.Itoa(i)+"]"); d != "" {
			return d
		}
	}
	return ""
}

// treeInputs gathers every YAML and Markdown file the project has: the
// bad-input corpus, the rules' fixtures, the default content at the
// repository's root and a synthetic repository.
func treeInputs(t *testing.T) map[string][]byte {
	t.Helper()
	in := map[string][]byte{}
	for _, glob := range []string{"testdata/bad/*.txtar", "testdata/mistakes/*.txtar", "../rules/testdata/*.txtar", "../rules/testdata/*/*.txtar"} {
		archives, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range archives {
			ar, err := txtar.ParseFile(a)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range ar.Files {
				data := f.Data
				if s, err := strconv.Unquote(strings.TrimSpace(string(data))); err == nil {
					data = []byte(s)
				}
				in[a+":"+f.Name] = data
			}
		}
	}
	root := os.DirFS("../..")
	for _, dir := range DataRoots {
		err := fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".md")) {
				return err
			}
			b, err := fs.ReadFile(root, p)
			in["content:"+p] = b
			return err
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	for p, b := range fixture.Base() {
		in["fixture:"+p] = b
	}
	for p, b := range synth.Files(synth.Spec{Centers: 2, DocsPerCenter: 99}) {
		in["synth:"+p] = b
	}
	return in
}

// TestBuildTreeMatchesParser holds the fast path to goccy's parser on every
// file the project has, and checks that it does take the files it is for —
// the default content, the shared fixture and the synthetic repository, all
// or nearly all of them — so that loading cannot fall back to the parser's
// speed unnoticed.
func TestBuildTreeMatchesParser(t *testing.T) {
	in := treeInputs(t)
	names := make([]string, 0, len(in))
	for n := range in {
		names = append(names, n)
	}
	sort.Strings(names)
	built := map[string][2]int{} // files built fast, files with YAML
	var slow []string
	for _, n := range names {
		origin, _, _ := strings.Cut(n, ":")
		if strings.HasPrefix(origin, "../rules") {
			origin = "rules"
		} else if strings.HasPrefix(origin, "testdata") {
			origin = "bad" // the bad-input corpus and the mistakes
		}
		c := built[origin]
		_, _, hasYAML := yamlOf(n, in[n])
		if hasYAML {
			c[1]++
		}
		if sameTree(t, n, in[n]) {
			c[0]++
		} else if hasYAML && origin != "bad" {
			slow = append(slow, n)
		}
		built[origin] = c
	}
	for origin, c := range built {
		t.Logf("%s: %d of %d files with YAML built without the parser", origin, c[0], c[1])
	}
	t.Logf("left to the parser: %s", strings.Join(slow, ", "))
	for origin, percent := range map[string]int{"synth": 100, "content": 99, "fixture": 99, "rules": 95} {
		if c := built[origin]; c[1] == 0 || c[0]*100 < c[1]*percent {
			t.Errorf("%s: only %d of %d files with YAML built without the parser; want %d%%", origin, c[0], c[1], percent)
		}
	}
}

// TestFastPathScope pins down what the fast path takes and what it leaves
// to goccy, construct by construct, so that a change that narrows it shows
// here and not only as a slower load. TestBuildTreeMatchesParser and
// FuzzBuildTree check that what it takes comes out as goccy's parser has it.
func TestFastPathScope(t *testing.T) {
	for _, c := range []struct {
		src  string
		fast bool
	}{
		{"a: 1\nb: x y\nc: 2.5\nd: true\ne: null\nf: ~\ng: 2024-01-31\nh: 0x1F\n", true},
		{"a:\n  b: 1\n  c:\n    - x\n    - k: v\n      l: w\n    -\n", true},
		{"a:\n- x\n- y\nb: 1\n", true},
		{"a: 'it''s'\nb: \"q\\\"\\u00e6\\n\"\n\"c d\": 1\n", true},
		{"a: |\n  x\n\n    y\nb: |-\n  z\nc: >\n  folded\n  text\nd: >-\n  f\n- |\n", false},
		{"a: |\n  x\n\n    y\nb: |-\n  z\nc: >\n  folded\n  text\nd: >-\n  f\n", true},
		{"a: [x, 1, 'q', [y]]\nb: {k: v, u: https://example.org/a?b=c#d, l: [1, 2]}\nc: []\nd: {}\n", true},
		{"a: [x,\n    y]\nb: {k: v,\n    l: w}\n", true},
		{"# head\na: 1 # after a value\nb: # after a key\n  - x # after an item\n  - # after a dash\n    k: v\n# tail\n", true},
		{"æ: ø\nå: [æ, ø]\n", true},
		{"a: &x 1\nb: *x\n", false},       // anchors and aliases: scanTokens refuses them
		{"a: !!str 1\n", false},           // tags
		{"%YAML 1.2\n---\na: 1\n", false}, // directives and document markers
		{"? a\n: 1\n", false},             // explicit keys
		{"a: b\n  c\n", false},            // a plain scalar over two lines
		{"a: 'b\n  c'\n", false},          // a quoted one
		{"a: \"\\x41\"\n", false},         // an escape left to goccy
		{"a: |+\n  x\n", false},           // keep chomping
		{"a: |2\n   x\n", false},          // an indentation indicator
		{"a: >\n  x\n\n  y\n", false},     // a folded scalar with a blank line
		{"a: 1 \n", false},                // spaces after a plain scalar: goccy moves its column
		{"a: [x, # c\n  y]\n", false},     // a comment inside a flow collection
		{"a: [x\n  , y]\n", false},        // a line break after a flow node
		{"a: True\n", false},              // a bool the converter spells differently
		{"a: .inf\n", false},              // a number the converter refuses
		{"a: 1\na: 2\n", false},           // a duplicate key: the parser path words it
		{"1: a\n", false},                 // a key that is not text
		{"a:\n    b: 1\n  c: 2\n", false}, // odd indentation
		{"- a\n", false},                  // not a mapping
	} {
		_, got := fastTree([]byte(c.src), 0)
		if got != c.fast {
			t.Errorf("fast path took %q: %v, want %v", c.src, got, c.fast)
		}
		sameTree(t, "scope.yaml", []byte(c.src))
	}
}

// FuzzBuildTree holds the fast path (scanYAML and buildTree) to goccy's
// lexer, checks and parser on any input. CI runs it for a bounded count
// (.ci/fuzz-targets).
func FuzzBuildTree(f *testing.F) {
	addCorpusSeeds(f)
	for _, b := range treeSeeds(f) {
		f.Add(b)
	}
	for _, s := range fastSeeds {
		f.Add([]byte(s))
	}
	for _, v := range fastValues {
		f.Add([]byte("a: " + v + "\nb: [" + v + "]\n"))
	}
	for i := range 40 {
		g := yamlGen{r: rand.New(rand.NewPCG(uint64(i), 7))}
		g.mapping(0, 0, false)
		f.Add([]byte(g.b.String()))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		sameTree(t, "fuzz.yaml", data)
		sameTree(t, "fuzz.md", data)
	})
}

// treeSeeds are the project's own files, at most one of each kind of
// synthetic file, so that the fuzzer starts from the real layout.
func treeSeeds(tb testing.TB) [][]byte {
	in := map[string][]byte{}
	root := os.DirFS("../..")
	for _, dir := range DataRoots {
		_ = fs.WalkDir(root, dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				in[p], err = fs.ReadFile(root, p)
			}
			return err
		})
	}
	for p, b := range fixture.Base() {
		in["fixture:"+p] = b
	}
	kinds := map[doc.Kind]bool{}
	for p, b := range synth.Files(synth.Spec{Centers: 1, DocsPerCenter: 30}) {
		if k, _, _, ok := Classify(p); ok && !kinds[k] {
			kinds[k] = true
			in["synth:"+p] = b
		}
	}
	names := make([]string, 0, len(in))
	for n := range in {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([][]byte, 0, len(names))
	for _, n := range names {
		out = append(out, in[n])
	}
	return out
}

// fastSeeds are snippets at the edges of what the fast path takes.
var fastSeeds = []string{
	"a: 1\nb:\n  - x\n  - {y: [1, 2.5, true, null]}\n  -\n  - k: v\n    l: w\nc: |\n  t\nd: >-\n  f\ne: ~\n",
	"a:\n- 1\n- 2\nb: 'q'\n", "a: # c\n  b: 1\n", "a: {}\nb: []\n", "a: [1, [2, [3]]]\n",
	"a: \"x\"\n# end\n", "a: 0x1F\nb: 1_000\nc: .5\nd: True\n",
	"a: |\n  x\n\n  y\n\nb: 1\n", "a: |-\n  x\n    y\n", "a: >\n  x\n  y\n", "a: |\n  x", "- |\n  x\n- >-\n  y\n",
	"a: |\n\n  x\n", "a: |\n  x\n  \n", "a: |+\n  x\n\n", "a: |2\n   x\n", "a: >\n  x\n\n  y\n",

	"a: [x,\n  y]\nb: {k: v,\n  l: w}\n", "a: [x\n  , y]\n", "a: [x,\ny]\n", "a: [x, # c\n  y]\n",
	"url: https://example.org/a#b\nb: {u: https://x.org, v: a:b}\nc: [a:b, c: d]\n",
	"a: b:c\nd: e: f\n", "a:b: c\n", "\"k\": v\n'l' : w\n", "a: \"x\"y\n", "a: 'x' # c\n",
	"- a\n- c: d\n  e: f\n-\n  g: h\n", "- - b\n", "a:\n  - b\n  -\n  - c\n", "a:\n- b\nc:\n- d\n",
	"a: b\n  c\n", "a: b\n\n  c\n", "a:\n  b\n", "- a\n  b\n", "a: b #c\n  # d\ne: f\n",
	"a: x<<y\n<<: z\n", "a: &x y\nb: *x\n", "a: !t x\n", "%YAML 1.2\n---\na: b\n", "? a\n: b\n",
	"a: @x\n", "a: `x`\n", "a: -\n", "a: - b\n", "a: ]\n", "a: }\n", "a: ,x\n", "a: x,y\n",
	"æ: ø\nå: [æ, ø]\nx: \"æ\" # ø\n", "a:    \n  b: 1\n", "a  : 1\n", "a: 1   \n", "a: 1\n...\n",
	"a: 1\n---\nb: 2\n", "---\na: 1\n", "a:\n    b: 1\n  c: 2\n", "a: {b: c, b: d}\n", "a: 1\na: 2\n",
}

// fastValues are scalars of every type and spelling, each seeded alone as a
// value and in a list.
var fastValues = []string{
	"2024-01-01", "2025-T1", "012", "09", "0", "-1", "+1", "1e5", "1.5e-3", "1.", ".5", "1_000", "0x1F", "0o17",
	"0b101", "18446744073709551616", "-9223372036854775809", ".inf", "-.Inf", ".NaN", "null", "Null", "~",
	"yes", "FALSE", "True", "true", "x y", "a#b", "-x", "_1", "'it''s'", "''", `""`, `"q\"\u00e6\n\t"`,
	`"\x41"`, `"\ud83d\ude00"`, `"\U0001F600"`, `"\N\_\L\P\e\0\a\b\v\f\r\ \/\\"`, `"\q"`, "'#'", `"a:b"`,
}
