package load

import (
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/doc"
)

// TestSpecBlockFlowComments holds both paths, goccy's with its checks and
// the fast one where it takes the input, to the YAML 1.2.2 spec for block
// scalars (8.1: indicators, chomping, indentation, empty and space-only
// lines), comments (6.6) and flow collections (7.4), case by case, each
// written from the spec's productions: the value at path of every case
// accepted, and a refusal of every invalid one. Numbers, booleans and nulls
// are TestCoreSchemaScalars'.
func TestSpecBlockFlowComments(t *testing.T) {
	const refused = "\x00refused"
	cases := []struct{ src, path, want string }{
		// block scalars: literal, folded, chomping clip, strip and keep
		{"a: |\n  x\n  y\n", "a", "x\ny\n"},
		{"a: |-\n  x\n  y\n", "a", "x\ny"},
		{"a: |+\n  x\n\n", "a", "x\n\n"},
		{"a: >\n  x\n  y\n", "a", "x y\n"},
		{"a: >-\n  x\n  y\n", "a", "x y"},
		{"a: >\n  x\n\n  y\n", "a", "x\ny\n"},
		{"a: |\n\n  x\n", "a", "\nx\n"},
		{"a: |\n  x\n    y\n", "a", "x\n  y\n"},
		{"a: |2\n   x\n", "a", " x\n"},
		{"a: |\n  x\nb: 1\n", "b", "1"},
		{"a: |\n  x\n\nb: 1\n", "a", "x\n"},
		{"a: |+\n  x\n\nb: 1\n", "a", "x\n\n"},
		// a last line of only spaces is an empty line: clipped, kept
		{"a: |\n  x\n  \n", "a", "x\n"},
		{"a: |-\n  x\n  \n", "a", "x"},
		{"a: |+\n  x\n  \n", "a", "x\n\n"},
		{"a: |\n  x\n \nb: 1\n", "a", "x\n"},
		{"- |\n  x\n", "0", "x\n"},
		{"a: |\nx\n", "", refused}, // content at the key's column
		// comments: after a space only; anywhere on a line of their own
		{"a: 1 # c\n", "a", "1"},
		{"# c\na: 1\n", "a", "1"},
		{"a: x#y\n", "a", "x#y"},
		{"a: 'x' # c\n", "a", "x"},
		{"a:\n  # c\n  b: 1\n", "a/b", "1"},
		{"a:\n# c\n  b: 1\n", "a/b", "1"},
		{"a: | # c\n  x\n", "a", "x\n"},
		{"a: |\n  x\n# c\n", "a", "x\n"},
		{"a: |\n  # not a comment\n", "a", "# not a comment\n"},
		{"a: \"x\"# c\n", "", refused}, // no space before "#": neither value nor comment
		// flow collections
		{"a: [x, y]\n", "a/1", "y"},
		{"a: [x, y,]\n", "a/1", "y"}, // a trailing comma is allowed (7.4.1)
		{"a: {b: 1, c: 2}\n", "a/c", "2"},
		{"a: {b: 1,}\n", "a/b", "1"},
		{"a: {b: [1, 2]}\n", "a/b/1", "2"},
		{"a: [x, [y]]\n", "a/1/0", "y"},
		{"a: [x,\n  y]\n", "a/1", "y"},
		{"a: [\n  x\n  ]\n", "a/0", "x"},
		{"a: [x, # c\n  y]\n", "a/1", "y"},
		{"- [x,\n  y]\n", "0/1", "y"},
		{"a:\n  b: [x,\n    y]\n", "a/b/1", "y"},
		{"a: [x,\ny]\n", "", refused},         // a continuation line at the key's column
		{"a:\n  b: [x,\n  y]\n", "", refused}, // at the inner key's column
		{"- a: [x,\n  y]\n", "", refused},     // at the column of a key after a dash
		{"a: [x,, y]\n", "", refused},         // an empty entry
		{"a: [x\n", "", refused},              // never closed
		{"a: {b: 1\nc: 2\n", "", refused},     // never closed
		// multi-line quoted scalars: continuation lines past the key (7.3)
		{"a: \"x\n  y\"\n", "a", "x y"},
		{"a: 'x\n\n  y'\n", "a", "x\ny"},
		{"a:\n  b: \"x\n   y\"\n", "a/b", "x y"},
		{"a: \"x\ny\"\n", "", refused},           // at the key's column
		{"a:\n  b: \"x\n y\"\n", "", refused},    // less indented than the key
		{"a:\n  b: 'x\n  y'\n", "", refused},     // at the key's column
		{"a: \"x\\q\"\n", "", refused},           // an escape YAML does not know
		{"a: \"C:\\Users\\kre\"\n", "", refused}, // \U without eight hex digits
		{"a: \"\\u00e6\\x41\\U0001F600\"\n", "a", "æA😀"},
	}
	for _, c := range cases {
		src := []byte(c.src)
		ref, p := referenceTree(src, 0)
		_, pp := parseYAML(src, 0)
		if c.want == refused {
			if p == nil || pp == nil {
				t.Errorf("%q: accepted; the spec refuses it", c.src)
			}
			continue
		}
		if p != nil || pp != nil {
			t.Errorf("%q: refused: %v %v", c.src, p, pp)
			continue
		}
		trees := map[string]*doc.Node{"goccy": ref}
		if fast, ok := fastTree(src, 0); ok {
			trees["fast path"] = fast
		}
		for path, root := range trees {
			n := root
			for _, step := range strings.Split(c.path, "/") {
				switch {
				case n == nil:
				case n.Kind == doc.Map:
					n = n.Get(step)
				case n.Kind == doc.Seq && len(step) == 1 && int(step[0]-'0') < len(n.Values):
					n = n.Values[step[0]-'0']
				default:
					n = nil
				}
			}
			if n == nil || n.Kind != doc.Scalar || n.Value != c.want {
				t.Errorf("%s, %q: %s = %+v, want %q", path, c.src, c.path, n, c.want)
			}
		}
	}
}
