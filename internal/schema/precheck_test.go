package schema

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/tools/txtar"

	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/synth"
)

// compiledKinds compiles the schemas once for a test.
func compiledKinds(t testing.TB) map[doc.Kind]*compiled {
	t.Helper()
	once.Do(setup)
	if setupErr != nil {
		t.Fatal(setupErr)
	}
	return byKind
}

// BenchmarkPrecheckCoverage guards the fast path's reach, not its
// correctness: a schema may use a keyword the pre-check does not model,
// and that part of it is then checked by the library alone (the pre-check
// answers unsure there, as TestPrecheckRefusesWhatItDoesNotModel shows), so a
// data-model change never waits for an evaluator change. What the benchmark
// reports is how many kinds the pre-check models whole, and which keywords it
// does not, so that a lost fast path shows in the figures:
//
//	go test -run '^$' -bench PrecheckCoverage ./internal/schema
func BenchmarkPrecheckCoverage(b *testing.B) {
	cs := compiledKinds(b)
	whole := 0
	for _, k := range doc.Kinds {
		c := cs[k]
		if c == nil || c.pre == nil {
			b.Fatalf("%s: no pre-check", k)
		}
		if len(c.unknowns) == 0 {
			whole++
			continue
		}
		b.Logf("%s: checked by the library alone where the schema uses:\n  %s", k, strings.Join(c.unknowns, "\n  "))
	}
	for range b.N {
		_ = whole
	}
	b.ReportMetric(float64(whole)/float64(len(doc.Kinds)), "kinds-modelled")
}

// TestPrecheckRefusesWhatItDoesNotModel checks that constructs outside the
// modelled set make a schema unsure, whatever the document.
func TestPrecheckRefusesWhatItDoesNotModel(t *testing.T) {
	formats, err := libraryFormats(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{
		`{"type": "object", "minProperties": 1}`,
		`{"anyOf": [{"type": "string"}, {"type": "object"}]}`,
		`{"oneOf": [{"type": "string"}]}`,
		`{"properties": {"a": {"multipleOf": 2}}}`,
		`{"properties": {"a": {"$ref": "other.json#/$defs/x"}}}`,
		`{"properties": {"a": {"$ref": "#/$defs/missing"}}}`,
		`{"properties": {"a": {"format": "no-such-format"}}}`,
		`{"properties": {"a": {"minimum": 0.5}}}`,
		`{"properties": {"a": {"enum": ["x", 1]}}}`,
		`{"properties": {"a": {"const": true}}}`,
		`{"additionalProperties": {"type": "string"}}`,
		`{"items": [{"type": "string"}]}`,
		`{"then": {"required": ["a"]}}`,
		`{"properties": {"a": {"$id": "https://example.org/x"}}}`,
		`{"$schema": "http://json-schema.org/draft-07/schema#"}`,
		`{"properties": {"a": {"pattern": "(?<"}}}`,
		`{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}`,
	} {
		raw := mustJSON(t, src)
		pre, unknowns := compilePrecheck(raw, formats)
		if len(unknowns) == 0 {
			t.Errorf("%s: compiled without a reservation", src)
		}
		for _, y := range []string{"a: x\n", "a: 1\n", "a: [x]\n", "a: {b: c}\n"} {
			root := parseYAML(t, y)
			if v := pre.eval(root); v == valid {
				t.Errorf("%s: %q is %v, want unsure or invalid", src, y, v)
			}
		}
	}
}

func mustJSON(t *testing.T, src string) map[string]any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(src))
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v.(map[string]any)
}

// parseYAML loads a YAML document as an action plan: the loader's tree
// without its schema.
func parseYAML(t *testing.T, src string) *doc.Node {
	t.Helper()
	res := load.Load(mapFS("centers/kre/action-plans/2025.yaml", src))
	if len(res.Docs) != 1 || res.Docs[0].Root == nil {
		t.Fatalf("%q: %v", src, res.Diags)
	}
	return res.Docs[0].Root
}

// corpusDoc is a document of the differential test with where it came from.
type corpusDoc struct {
	from string
	d    *doc.Document
}

// corpus gathers every governance document in the repository: the content
// at its root, every txtar archive (the rules' cases, the loader's bad
// inputs, the command scripts, the shared fixture), this package's examples
// and a synthetic repository.
func corpus(t *testing.T) []corpusDoc {
	t.Helper()
	var out []corpusDoc
	add := func(from string, fsys fs.FS) {
		for _, d := range load.Load(fsys).Docs {
			if d.Root != nil {
				out = append(out, corpusDoc{from + ":" + d.Path, d})
			}
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	add("repository", os.DirFS(root))
	err = filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && e.Name() == ".git" {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.HasSuffix(p, ".txtar") {
			return nil
		}
		a, err := txtar.ParseFile(p)
		if err != nil {
			return err
		}
		m := fstest.MapFS{}
		for _, f := range a.Files {
			m[f.Name] = &fstest.MapFile{Data: f.Data}
		}
		rel, _ := filepath.Rel(root, p)
		add(rel, m)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	add("fixture", fixture.BaseWith(nil))
	for path, src := range full {
		add("full", mapFS(path, src))
	}
	for _, m := range minimal {
		add("minimal", mapFS(m[0], m[1]))
	}
	add("synth", synth.MapFS(synth.Spec{Centers: 3, DocsPerCenter: 40}))
	return out
}

// differ compares the pre-check with the library on one tree of a kind and
// fails the test if the pre-check claims something the library denies. It
// returns the pre-check's verdict and whether the library found the tree
// valid.
func differ(t *testing.T, cs map[doc.Kind]*compiled, label string, k doc.Kind, root *doc.Node) (verdict, bool) {
	t.Helper()
	c := cs[k]
	v := c.pre.eval(root)
	err := c.sch.Validate(root.Any())
	switch {
	case v == valid && err != nil:
		t.Errorf("%s: the pre-check says valid, the library says\n%v\ndocument:\n%s", label, err, render(root))
	case v == invalid && err == nil:
		t.Errorf("%s: the pre-check says invalid, the library finds nothing\ndocument:\n%s", label, render(root))
	}
	return v, err == nil
}

// TestPrecheckAgreesOnTheRepository runs the pre-check and the library on
// every document in the repository and on many variants of each with one
// mistake (or one change that keeps it valid): the pre-check must never
// call valid what the library refuses, and must take the fast path for
// nearly every valid document.
func TestPrecheckAgreesOnTheRepository(t *testing.T) {
	cs := compiledKinds(t)
	docs := corpus(t)
	kinds := map[doc.Kind]bool{}
	var libValid, fast int
	for _, c := range docs {
		kinds[c.d.Kind] = true
		v, ok := differ(t, cs, c.from, c.d.Kind, c.d.Root)
		if ok {
			libValid++
			if v == valid {
				fast++
			}
		} else if v == valid {
			t.Errorf("%s: invalid document taken as valid", c.from)
		}
	}
	for _, k := range doc.Kinds {
		if !kinds[k] {
			t.Errorf("the corpus has no document of kind %s", k)
		}
	}
	t.Logf("%d documents, %d valid, %d of them on the fast path", len(docs), libValid, fast)
	if libValid < 500 || float64(fast) < 0.99*float64(libValid) {
		t.Errorf("fast path for %d of %d valid documents, want at least 99%%", fast, libValid)
	}

	// Mutants of a rich document of every kind and, unless -short or under
	// the race detector, of a minimal one and of every document of the
	// shared base repository.
	seen := map[string]bool{}
	var bases []corpusDoc
	for _, c := range docs {
		switch {
		case strings.HasPrefix(c.from, "full:"):
		case strings.HasPrefix(c.from, "minimal:"), strings.HasPrefix(c.from, "fixture:"):
			if testing.Short() || race {
				continue
			}
		default:
			continue
		}
		key := string(c.d.Kind) + "\x00" + render(c.d.Root)
		if !seen[key] {
			seen[key] = true
			bases = append(bases, c)
		}
	}
	words := schemaWords(t)
	counts := map[verdict]int{}
	var mutantsValid, mutantsFast int
	// Under the race detector, which slows the library tenfold, every
	// fifth mutant, starting at a different one for each document.
	stride := 1
	if race {
		stride = 5
	}
	for b, c := range bases {
		ms := mutants(c.d.Root, words[c.d.Kind])
		for i := b % stride; i < len(ms); i += stride {
			m := ms[i]
			v, ok := differ(t, cs, c.from+" with "+m.what, c.d.Kind, m.root)
			counts[v]++
			if ok {
				mutantsValid++
				if v == valid {
					mutantsFast++
				}
			}
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("%d bases; mutants: %d valid (%d on the fast path), pre-check verdicts %v",
		len(bases), mutantsValid, mutantsFast, counts)
	if counts[invalid] == 0 || counts[valid] == 0 {
		t.Errorf("the mutants exercise too little: %v", counts)
	}
}

// schemaWords collects, per kind, the property names and the enum and
// const values of its schema: keys worth adding and values worth swapping.
type words struct {
	keys   []string
	values [][]string // each enum's values
}

func schemaWords(t *testing.T) map[doc.Kind]words {
	out := map[doc.Kind]words{}
	for _, k := range doc.Kinds {
		var w words
		keys := map[string]bool{}
		var collect func(v any)
		collect = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				if p, ok := x["properties"].(map[string]any); ok {
					for name := range p {
						keys[name] = true
					}
				}
				if e, ok := x["enum"].([]any); ok {
					var vals []string
					for _, v := range e {
						vals = append(vals, fmt.Sprint(v))
					}
					w.values = append(w.values, vals)
				}
				if c, ok := x["const"].(string); ok {
					w.values = append(w.values, []string{c})
				}
				for _, y := range x {
					collect(y)
				}
			case []any:
				for _, y := range x {
					collect(y)
				}
			}
		}
		collect(compiledKinds(t)[k].raw)
		for name := range keys {
			w.keys = append(w.keys, name)
		}
		slices.Sort(w.keys)
		out[k] = w
	}
	return out
}

// mutant is a changed copy of a tree.
type mutant struct {
	what string
	root *doc.Node
}

func sn(v string) *doc.Node {
	return &doc.Node{Kind: doc.Scalar, Type: doc.Str, Value: v, Line: 1, Col: 1}
}
func num(typ doc.ScalarType, v string) *doc.Node {
	return &doc.Node{Kind: doc.Scalar, Type: typ, Value: v, Line: 1, Col: 1}
}

// replacements are values put in place of any value: every JSON type, the
// edges of every format, pattern and range the schemas use.
func replacements() []*doc.Node {
	var out []*doc.Node
	for _, s := range []string{
		"", " ", "\t\n", "x", "X Y", "ABC", "abc", "abc-def", "a--b", "-a", "a.b", "a..b", "Æøå",
		"2025-02-30", "2024-02-29", "2025-02-29", "2000-02-29", "1900-02-29", "2025-13-01", "2025-00-10",
		"2025-1-01", "2025-01-1", "0000-01-01", "2025-04-31", "2025-12-31", "2025-06-15x", "20250615",
		"KRE-2025-01", "KRE-2025-1", "KLM-AMG", "PMU-2024-03", "PMU-24-03", "G1", "G", "term-1", "term-0",
		"2025-T1", "2025-T4", "2025-Y", "2025-H2", "strategy-2024-2027", "https://example.org/x",
		"http://", "mailto:a@b.no", "mailto:a@@b", "kari.nordmann@example.org", "kari@", "@x.no", "a@b",
		"kari.nordmann", "kari-nordmann", "-kari", strings.Repeat("a", 39), strings.Repeat("a", 40),
		strings.Repeat("å", 39), strings.Repeat("å", 40), "nb", "en", "off", "error",
	} {
		out = append(out, sn(s))
	}
	for _, s := range []string{"0", "-1", "1", "2", "3", "20", "21", "365", "366", "3650", "3651",
		"1999", "2000", "2025", "2100", "2101", "0x10", "0o17", "1_000", "+5", "99999999999999999999"} {
		out = append(out, num(doc.Int, s))
	}
	for _, s := range []string{"3.0", "2.5", "-0.5", "0.0", "1e3", "2025.0", "55.05", ".inf", ".nan", "1e400", "9007199254740993.0"} {
		out = append(out, num(doc.Float, s))
	}
	out = append(out, num(doc.Bool, "true"), num(doc.Bool, "false"), &doc.Node{Kind: doc.Null, Line: 1, Col: 1}, nil,
		&doc.Node{Kind: doc.Map, Line: 1, Col: 1}, &doc.Node{Kind: doc.Seq, Line: 1, Col: 1},
		&doc.Node{Kind: doc.Seq, Line: 1, Col: 1, Values: []*doc.Node{sn("x"), sn("x")}},
		&doc.Node{Kind: doc.Seq, Line: 1, Col: 1, Values: []*doc.Node{num(doc.Int, "1"), num(doc.Float, "1.0")}},
		&doc.Node{Kind: doc.Seq, Line: 1, Col: 1, Values: []*doc.Node{num(doc.Bool, "true"), num(doc.Bool, "true")}},
		&doc.Node{Kind: doc.Seq, Line: 1, Col: 1, Values: []*doc.Node{{Kind: doc.Null}, {Kind: doc.Null}}},
		&doc.Node{Kind: doc.Map, Line: 1, Col: 1, Keys: []*doc.Node{sn("id")}, Values: []*doc.Node{sn("x")}})
	return out
}

// clone copies a tree deeply.
func clone(n *doc.Node) *doc.Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Keys = make([]*doc.Node, len(n.Keys))
	for i, k := range n.Keys {
		c.Keys[i] = clone(k)
	}
	c.Values = make([]*doc.Node, len(n.Values))
	for i, v := range n.Values {
		c.Values[i] = clone(v)
	}
	return &c
}

// mutants returns copies of root with one change each: every value
// replaced by each replacement and by every other value of an enum it
// belongs to; every key dropped, repeated or renamed, every property name
// of the schema added; every list emptied, shortened and given a repeated
// item.
func mutants(root *doc.Node, w words) []mutant {
	var out []mutant
	reps := replacements()
	// paths: each node as the sequence of child indexes leading to it.
	var paths [][]int
	var walk func(n *doc.Node, p []int)
	walk = func(n *doc.Node, p []int) {
		paths = append(paths, slices.Clone(p))
		if n == nil {
			return
		}
		for i, v := range n.Values {
			walk(v, append(p, i))
		}
	}
	walk(root, nil)
	// at returns a fresh copy of root and a pointer to the slot at p.
	at := func(p []int) (*doc.Node, **doc.Node) {
		c := clone(root)
		slot := &c
		for _, i := range p {
			slot = &(*slot).Values[i]
		}
		return c, slot
	}
	for _, p := range paths {
		where := fmt.Sprint(p)
		_, orig := at(p)
		n := *orig
		if len(p) > 0 {
			for _, r := range reps {
				c, slot := at(p)
				*slot = clone(r)
				out = append(out, mutant{fmt.Sprintf("%s := %s", where, render(r)), c})
			}
			if n != nil && n.Kind == doc.Scalar {
				for _, vals := range w.values {
					if !slices.Contains(vals, n.Value) {
						continue
					}
					for _, v := range vals {
						c, slot := at(p)
						(*slot).Value = v
						(*slot).Type = doc.Str
						out = append(out, mutant{fmt.Sprintf("%s := %q", where, v), c})
					}
				}
			}
		}
		if n == nil {
			continue
		}
		switch n.Kind {
		case doc.Map:
			for i := range n.Keys {
				c, slot := at(p)
				m := *slot
				name := m.Keys[i].Value
				m.Keys = slices.Delete(m.Keys, i, i+1)
				m.Values = slices.Delete(m.Values, i, i+1)
				out = append(out, mutant{fmt.Sprintf("%s without %s", where, name), c})

				c, slot = at(p)
				m = *slot
				m.Keys = append(m.Keys, sn(name))
				m.Values = append(m.Values, sn("2025-02-30"))
				out = append(out, mutant{fmt.Sprintf("%s with %s repeated", where, name), c})

				c, slot = at(p)
				m = *slot
				m.Keys = append([]*doc.Node{sn(name)}, m.Keys...)
				m.Values = append([]*doc.Node{{Kind: doc.Seq}}, m.Values...)
				out = append(out, mutant{fmt.Sprintf("%s with %s repeated before", where, name), c})

				c, slot = at(p)
				(*slot).Keys[i].Value = name + "x"
				out = append(out, mutant{fmt.Sprintf("%s with %s renamed", where, name), c})
			}
			for _, k := range append([]string{"unknown_key"}, w.keys...) {
				if n.Get(k) != nil {
					continue
				}
				for _, v := range []*doc.Node{sn("x"), {Kind: doc.Seq}} {
					c, slot := at(p)
					m := *slot
					m.Keys = append(m.Keys, sn(k))
					m.Values = append(m.Values, v)
					out = append(out, mutant{fmt.Sprintf("%s with %s: %s", where, k, render(v)), c})
				}
			}
		case doc.Seq:
			if len(n.Values) == 0 {
				continue
			}
			c, slot := at(p)
			(*slot).Values = nil
			out = append(out, mutant{where + " emptied", c})
			c, slot = at(p)
			(*slot).Values = (*slot).Values[1:]
			out = append(out, mutant{where + " without its first item", c})
			c, slot = at(p)
			(*slot).Values = append((*slot).Values, clone((*slot).Values[0]))
			out = append(out, mutant{where + " with its first item repeated", c})
		}
	}
	return out
}

// render writes a tree as flow-style YAML for failure messages and keys.
func render(n *doc.Node) string {
	if n == nil {
		return "<nil>"
	}
	switch n.Kind {
	case doc.Map:
		var parts []string
		for i, k := range n.Keys {
			parts = append(parts, fmt.Sprintf("%q: %s", k.Value, render(n.Values[i])))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case doc.Seq:
		var parts []string
		for _, v := range n.Values {
			parts = append(parts, render(v))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case doc.Scalar:
		switch n.Type {
		case doc.Str:
			return fmt.Sprintf("%q", n.Value)
		case doc.Int:
			return "int(" + n.Value + ")"
		case doc.Float:
			return "float(" + n.Value + ")"
		case doc.Bool:
			return "bool(" + n.Value + ")"
		}
	}
	return "null"
}

// TestIsDate holds isDate to the library's "date" format on every day of
// whole centuries and around every edge a date can have.
func TestIsDate(t *testing.T) {
	formats, err := libraryFormatsNamed("date")
	if err != nil {
		t.Fatal(err)
	}
	lib := formats["date"]
	check := func(s string) {
		if got, want := isDate(s), lib(s) == nil; got != want {
			t.Errorf("isDate(%q) = %v, the library says %v", s, got, want)
		}
	}
	for _, y := range []int{0, 1, 4, 100, 400, 1600, 1700, 1899, 1900, 1999, 2000, 2023, 2024, 2025, 2100, 2400, 9999} {
		for m := range 20 {
			for d := range 40 {
				check(fmt.Sprintf("%04d-%02d-%02d", y, m, d))
			}
		}
	}
	for _, s := range []string{"", "2025-1-01", "2025-01-1", "25-01-01", "+025-01-01", "-025-01-01",
		"2025/01/01", "2025-01-01 ", " 2025-01-01", "2025-01-01T00:00:00Z", "2025-0a-01", "2025-01-0a",
		"２０２５-01-01", "2025−01−01", "10000-01-01", "2025-+1-01", "2025--1-01", "2025-01--1"} {
		check(s)
	}
}

// TestUniqueIsPairwise holds unique's one pass to the definition it stands
// for, comparing every pair in order: on every list of up to four items
// drawn from each JSON type, with equal and different values, both give
// the same verdict.
func TestUniqueIsPairwise(t *testing.T) {
	pairwise := func(items []*doc.Node) verdict {
		for i := 1; i < len(items); i++ {
			ti := typeOf(items[i])
			for j := range i {
				switch tj := typeOf(items[j]); {
				case ti != tj:
				case ti == tString:
					if items[i].Value == items[j].Value {
						return invalid
					}
				case ti == tNull:
					return invalid
				case ti == tBoolean:
					if (items[i].Value == "true") == (items[j].Value == "true") {
						return invalid
					}
				default:
					return unsure
				}
			}
		}
		return valid
	}
	alphabet := []*doc.Node{sn("a"), sn("b"), num(doc.Bool, "true"), num(doc.Bool, "false"), {Kind: doc.Null}, nil,
		num(doc.Int, "1"), num(doc.Float, "2.5"), {Kind: doc.Map}, {Kind: doc.Seq}}
	var list []*doc.Node
	var walk func()
	n, verdicts := 0, map[verdict]int{}
	walk = func() {
		got, want := unique(list), pairwise(list)
		if got != want {
			t.Fatalf("unique(%s) = %v, comparing every pair gives %v", describeItems(list), got, want)
		}
		n++
		verdicts[got]++
		if len(list) == 4 {
			return
		}
		for _, it := range alphabet {
			list = append(list, it)
			walk()
			list = list[:len(list)-1]
		}
	}
	walk()
	if verdicts[valid] == 0 || verdicts[invalid] == 0 || verdicts[unsure] == 0 {
		t.Errorf("the lists did not reach every verdict: %v", verdicts)
	}
	t.Logf("%d lists: %v", n, verdicts)
}

func describeItems(items []*doc.Node) string {
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		if it == nil {
			b.WriteString("nil")
			continue
		}
		fmt.Fprintf(&b, "%v:%q", it.Kind, it.Value)
	}
	return "[" + b.String() + "]"
}
