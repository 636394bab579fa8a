package load

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/doc"
)

// TestValidYAMLLoads guards against the checks before parsing refusing
// ordinary YAML: each input must parse, and the value at path must be want.
func TestValidYAMLLoads(t *testing.T) {
	cases := []struct {
		name, src, path, want string
	}{
		{"comment holding a colon", "title: x # note: y\n", "title", "x"},
		{"URL with colons", "url: https://example.org/a:b?c=d#e\n", "url", "https://example.org/a:b?c=d#e"},
		{"quoted colon", "title: 'a: b'\n", "title", "a: b"},
		{"double-quoted escapes", "title: \"\\u00e6 \\\"q\\\"\"\n", "title", "æ \"q\""},
		{"list of maps", "items:\n  - a: 1\n    b: 2\n  - c: 3\n", "items/0/b", "2"},
		{"list at the key's indentation", "key:\n- a\n- b\nother: 1\n", "other", "1"},
		{"list at the key's indentation, item", "key:\n- a\n- b\nother: 1\n", "key/1", "b"},
		{"block scalar with YAML-like text", "body: |\n  line: with colon\n  - dash\n  &x *y !z\nnext: 1\n", "body", "line: with colon\n- dash\n&x *y !z\n"},
		{"folded scalar", "text: >-\n  one\n  two\n", "text", "one two"},
		{"nested lists", "- - a\n  - b\n- - c\n", "", ""},
		{"flow collections", "a: [1, 2]\nb: {c: d}\ne: []\nf: {}\n", "b/c", "d"},
		{"flow mapping over lines", "a: {\n  b: 1,\n  c: 2\n}\nd: 3\n", "a/c", "2"},
		{"quoted keys", "'a b': 1\n\"c\": 2\n", "a b", "1"},
		{"value on the next line", "key:\n  a long value\nnext: x\n", "key", "a long value"},
		{"multi-line plain scalar", "title: first line\n  second line\n", "title", "first line second line"},
		{"comments at odd indentation", "a:\n    # deep\n  b: 1\n# top\nc: 2\n", "c", "2"},
		{"CRLF", "a:\r\n  b: \"x\r\n   y\"\r\nc: 2\r\n", "a/b", "x y"},
		{"leading document marker", "---\na: 1\n", "a", "1"},
		{"256 keys each with 256 keys", func() string {
			var b strings.Builder
			for i := range 256 {
				b.WriteString("k" + strconv.Itoa(i) + ":\n")
				for j := range 256 {
					b.WriteString("  v" + strconv.Itoa(j) + ": x\n")
				}
			}
			return b.String()
		}(), "k255/v255", "x"},
		{"300 list items", "a:\n" + strings.Repeat("  - {id: x, n: 1}\n", 300), "a/299/id", "x"},
		{"dates and numbers stay as written", "d: 2025-06-30\nn: 0x1F\nv: 1.10\n", "v", "1.10"},
		{"yes and no are text", "a: no\nb: yes\n", "a", "no"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root, p := parseYAML([]byte(c.src), 0)
			if p != nil {
				t.Fatalf("refused at %d:%d: %s", p.line, p.col, p.msg.EN)
			}
			if c.path == "" {
				return
			}
			v, _, ok := root.Lookup(strings.Split(c.path, "/"))
			if !ok || v.Kind != doc.Scalar || v.Value != c.want {
				t.Errorf("%s = %+v, want %q", c.path, v, c.want)
			}
		})
	}
}
