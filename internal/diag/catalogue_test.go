package diag

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/goccy/go-yaml"
)

// keyCalls are the functions whose argument at the index is a catalogue
// key: diag.M itself, the failures built on it, and the command line's
// usage errors.
var keyCalls = map[string]int{"diag.M": 0, "M": 0, "diag.Failf": 0, "diag.Wrapf": 1, "usagef": 0, "wrapUsage": 1}

// dynamicKeys are the catalogue's keys that code builds at run time rather
// than writes as a constant (diag.Term builds "term.<group>.<value>", Day
// "date.month.<n>"). Each
// must be in the catalogue; TestTermsOfTheMandate checks that every value
// the shipped mandate lists has its term.
var dynamicKeys = []string{
	"date.month.1", "date.month.2", "date.month.3", "date.month.4", "date.month.5", "date.month.6",
	"date.month.7", "date.month.8", "date.month.9", "date.month.10", "date.month.11", "date.month.12",
	"term.audience.clinicians", "term.audience.health-personnel", "term.audience.non-health-personnel",
	"term.competence.clinic", "term.competence.diagnostics", "term.competence.research",
	"term.focus.coordination", "term.focus.implementation", "term.focus.research", "term.focus.strategy",
	"term.task.coordination", "term.task.education-clinicians", "term.task.education-staff",
	"term.task.implementation", "term.task.investment-advice", "term.task.national-liaison",
	"term.task.research", "term.task.strategy",
	"term.theme.cancer", "term.theme.infectious-diseases", "term.theme.rare-diseases",
}

// notMigrated lists the files still allowed inline words (diag.T pairs, or
// diag.Text literals that write their own words), with how many; the list
// is to shrink to nothing.
var notMigrated = map[string]int{}

// use is one constant key at a place in the code, with the number of
// arguments that fill it (-1 when a slice is spread into them).
type use struct {
	key  string
	pos  token.Position
	args int
}

// scanSources parses every Go file of internal/ and cmd/ except tests.
func scanSources(t *testing.T) (uses []use, inline map[string]int, consts map[string]bool) {
	t.Helper()
	inline = map[string]int{}
	consts = map[string]bool{}
	fset := token.NewFileSet()
	for _, dir := range []string{"../../internal", "../../cmd"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("../..", path)
			rel = filepath.ToSlash(rel)
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						consts[s] = true
					}
				}
				if cl, ok := n.(*ast.CompositeLit); ok && isTextType(cl.Type, f.Name.Name, cl.Elts...) && hasWords(cl) {
					inline[rel]++
					return true
				}
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				name := ""
				switch fn := call.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok {
						name = x.Name + "." + fn.Sel.Name
					}
				}
				if name == "diag.T" && len(call.Args) >= 2 {
					if isString(call.Args[0]) || isString(call.Args[1]) {
						inline[rel]++
					}
				}
				i, ok := keyCalls[name]
				if !ok || name == "M" && f.Name.Name != "diag" || len(call.Args) <= i {
					return true
				}
				lit, ok := call.Args[i].(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true // a key built at run time: see dynamicKeys
				}
				key, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Errorf("%s: %v", fset.Position(lit.Pos()), err)
					return true
				}
				n2 := len(call.Args) - i - 1
				if call.Ellipsis.IsValid() {
					n2 = -1
				}
				uses = append(uses, use{key: key, pos: fset.Position(lit.Pos()), args: n2})
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return uses, inline, consts
}

// isTextType reports whether t is diag.Text (Text inside package diag),
// or a literal's elided type (a map's or a slice's element) when its
// fields are NB and EN.
func isTextType(t ast.Expr, pkg string, elts ...ast.Expr) bool {
	if t == nil {
		nbEN := len(elts) > 0
		for _, el := range elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return false
			}
			id, _ := kv.Key.(*ast.Ident)
			nbEN = nbEN && id != nil && (id.Name == "NB" || id.Name == "EN")
		}
		return nbEN
	}
	switch x := t.(type) {
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		return ok && id.Name == "diag" && x.Sel.Name == "Text"
	case *ast.Ident:
		return pkg == "diag" && x.Name == "Text"
	}
	return false
}

// hasWords reports whether a Text literal writes words of its own: a
// string literal with a letter anywhere in a field (directly, joined, as a
// format or as an argument, such as the word of strings.Join).
func hasWords(cl *ast.CompositeLit) bool {
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		words := false
		ast.Inspect(kv.Value, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "M" {
					return false // a key, not words
				}
			}
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.ContainsFunc(lit.Value, unicode.IsLetter) {
				words = true
			}
			return !words
		})
		if words {
			return true
		}
	}
	return false
}

func isString(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.BasicLit:
		return x.Kind == token.STRING
	case *ast.BinaryExpr:
		return isString(x.X) || isString(x.Y)
	}
	return false
}

// verb matches a printf verb, with its explicit argument index if any.
var verb = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?([a-zA-Z%])`)

// verbs lists a format's verbs as "index:verb", numbering the implicit
// ones as fmt does, and the number of arguments the format takes. The
// verbs that print any value as text (%s, %q, %v) count as one.
func verbs(format string) (out []string, nargs int) {
	next := 1
	for _, m := range verb.FindAllStringSubmatch(format, -1) {
		if m[2] == "%" {
			continue
		}
		i := next
		if m[1] != "" {
			i, _ = strconv.Atoi(m[1])
		}
		next = i + 1
		nargs = max(nargs, i)
		v := m[2]
		if v == "q" || v == "v" {
			v = "s" // «%s» in one language may be %q in the other
		}
		out = append(out, strconv.Itoa(i)+":"+v)
	}
	return out, nargs
}

// TestCatalogue holds the catalogues and the code to each other: every
// constant key the code uses is in both languages, filled with as many
// arguments as its format takes; no key is in the catalogue that no code
// names (in a call, a table of keys or dynamicKeys); both languages have the same keys and, for each, the same verbs for
// the same arguments; and no inline diag.T pair is left outside the listed
// files.
func TestCatalogue(t *testing.T) {
	nb, en := readWords("nb"), readWords("en")
	if len(nb) == 0 || len(en) == 0 {
		t.Fatalf("a catalogue did not parse: nb %d keys, en %d keys", len(nb), len(en))
	}
	for k := range nb {
		if _, ok := en[k]; !ok {
			t.Errorf("key %s is in words/nb.yaml but not in words/en.yaml", k)
		}
	}
	for k := range en {
		if _, ok := nb[k]; !ok {
			t.Errorf("key %s is in words/en.yaml but not in words/nb.yaml", k)
		}
	}
	for k, n := range nb {
		e, ok := en[k]
		if !ok {
			continue
		}
		vn, _ := verbs(n)
		ve, _ := verbs(e)
		if e == "" { // the English is the Norwegian (In falls back)
			continue
		}
		// With explicit indexes a language may reorder its arguments.
		slices.Sort(vn)
		slices.Sort(ve)
		if !slices.Equal(vn, ve) {
			t.Errorf("key %s: the Norwegian format has verbs %v, the English %v\n  nb: %q\n  en: %q", k, vn, ve, n, e)
		}
	}

	uses, inline, consts := scanSources(t)
	used := map[string]bool{}
	for _, u := range uses {
		used[u.key] = true
		f, ok := nb[u.key]
		if !ok {
			t.Errorf("%s: key %s is not in the catalogue (add it to internal/diag/words/nb.yaml and en.yaml)", u.pos, u.key)
			continue
		}
		if _, n := verbs(f); u.args >= 0 && n != u.args {
			t.Errorf("%s: key %s takes %d arguments, the call gives %d", u.pos, u.key, n, u.args)
		}
	}
	for _, k := range dynamicKeys {
		used[k] = true
		if _, ok := nb[k]; !ok {
			t.Errorf("dynamic key %s is not in the catalogue", k)
		}
	}
	var unused []string
	for k := range nb {
		// A key in a table of keys (cmd/pmgov's cobraUsage) is used too.
		if !used[k] && !consts[k] {
			unused = append(unused, k)
		}
	}
	slices.Sort(unused)
	for _, k := range unused {
		t.Errorf("key %s is in the catalogue but no code uses it (remove it, or list it in dynamicKeys if code builds it)", k)
	}

	for file, n := range inline {
		if n > notMigrated[file] {
			t.Errorf("%s: %d inline words (diag.T pairs or diag.Text literals); move them to the catalogue and use diag.M", file, n)
		}
	}
	for file, n := range notMigrated {
		if inline[file] < n {
			t.Errorf("%s: notMigrated allows %d inline pairs, the file has %d: lower the allowance", file, n, inline[file])
		}
	}
}

// TestVerbs holds the placeholder check itself to what fmt does.
func TestVerbs(t *testing.T) {
	for _, c := range []struct {
		format string
		want   []string
		n      int
	}{
		{"%s har %d%% av %q", []string{"1:s", "2:d", "3:s"}, 3},
		{"%[2]s før %[1]s", []string{"2:s", "1:s"}, 2},
		{"%-10s %5.2f", []string{"1:s", "2:f"}, 2},
		{"ingen", nil, 0},
	} {
		got, n := verbs(c.format)
		if !slices.Equal(got, c.want) || n != c.n {
			t.Errorf("verbs(%q) = %v, %d; want %v, %d", c.format, got, n, c.want, c.n)
		}
	}
}

// TestMissingKey shows a key absent from the catalogue as the key itself,
// in both languages, rather than failing.
func TestMissingKey(t *testing.T) {
	got := M("no.such.key", 1)
	if got.NB != "no.such.key" || got.EN != "no.such.key" {
		t.Errorf("M(unknown) = %+v", got)
	}
}

// TestTermsOfTheMandate checks that every value the shipped mandates list
// for the vocabulary's groups has its term in both languages, so that
// dynamicKeys and the mandates cannot drift apart.
func TestTermsOfTheMandate(t *testing.T) {
	groups := map[string]string{
		"board_competences": "competence", "focus_areas": "focus", "tasks": "task",
		"education_audiences": "audience", "themes": "theme",
	}
	files, err := filepath.Glob("../../committee/mandates/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no mandates found: %v", err)
	}
	nb, en := readWords("nb"), readWords("en")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := yaml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for field, group := range groups {
			vals, _ := m[field].([]any)
			if len(vals) == 0 {
				t.Errorf("%s: %s lists nothing", f, field)
			}
			for _, v := range vals {
				key := "term." + group + "." + fmt.Sprint(v)
				if nb[key] == "" || en[key] == "" {
					t.Errorf("%s: %s value %v has no term %s in both catalogues", f, field, v, key)
				}
				if !slices.Contains(dynamicKeys, key) {
					t.Errorf("%s: key %s is not in dynamicKeys", f, key)
				}
			}
		}
	}
}

// TestTextArguments fills each language with its own half of a Text
// argument, and writes a date in each language's way.
func TestTextArguments(t *testing.T) {
	w, ok := Term("competence", "research")
	if !ok {
		t.Fatal("no term for the competence research")
	}
	got := M("cli.cause", w, "x")
	if got.NB != w.NB+": x" || got.EN != w.EN+": x" {
		t.Errorf("M with a Text argument = %+v", got)
	}
	if _, ok := Term("task", "no-such-task"); ok {
		t.Error("Term found a term for an unknown value")
	}
	day := Day(time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC))
	if day.NB != "1. mars 2027" || day.EN != "1 March 2027" {
		t.Errorf("Day = %+v", day)
	}
}

// TestWordsAreYAML holds the catalogue's own reader to the YAML library:
// both files read the same either way, so a translator may edit them as
// YAML, and a line the reader would take otherwise (a comment after a
// value, a single-quoted value) fails here.
func TestWordsAreYAML(t *testing.T) {
	for _, lang := range []string{"nb", "en"} {
		b, err := wordFiles.ReadFile("words/" + lang + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{}
		if err := yaml.Unmarshal(b, &want); err != nil {
			t.Fatalf("words/%s.yaml is not YAML: %v", lang, err)
		}
		got := parseWords(b)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("words/%s.yaml %s: YAML reads %q, the catalogue %q", lang, k, v, got[k])
			}
		}
		if len(got) != len(want) {
			t.Errorf("words/%s.yaml: YAML reads %d keys, the catalogue %d", lang, len(want), len(got))
		}
	}
}

// BenchmarkCatalogueParse is the one-time cost of reading both catalogues.
func BenchmarkCatalogueParse(b *testing.B) {
	for b.Loop() {
		readWords("nb")
		readWords("en")
	}
}

// BenchmarkM is one message with two arguments, both languages.
func BenchmarkM(b *testing.B) {
	for b.Loop() {
		M("cli.cause", "a", 1)
	}
}

// TestInlineWordsFound holds the scan for words written in Go to what it
// must find and what it must let pass.
func TestInlineWordsFound(t *testing.T) {
	src := `package x
var (
	a = diag.T("hei", "hello")
	b = diag.Text{NB: "hei", EN: "hello"}
	c = diag.Text{NB: strings.Join(nb, " og "), EN: strings.Join(en, " and ")}
	d = diag.Text{NB: fmt.Sprintf("%s er", x), EN: fmt.Sprintf("%s is", x)}
	e = diag.Text{NB: diag.M("word.and").NB + x, EN: x}
	f = diag.Text{NB: x + ": " + y, EN: x + ": " + y}
	g = diag.M("word.and")
	h = map[string]diag.Text{"x": {NB: "hei", EN: "hello"}}
	i = point{X: "a", Y: "b"}
)`
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			v := vs.Values[0]
			if m, ok := v.(*ast.CompositeLit); ok && len(m.Elts) == 1 {
				if kv, ok := m.Elts[0].(*ast.KeyValueExpr); ok {
					if cl, ok := kv.Value.(*ast.CompositeLit); ok {
						v = cl // the map's element
					}
				}
			}
			hit := false
			if cl, ok := v.(*ast.CompositeLit); ok {
				hit = isTextType(cl.Type, "x", cl.Elts...) && hasWords(cl)
			}
			if c, ok := v.(*ast.CallExpr); ok {
				sel, _ := c.Fun.(*ast.SelectorExpr)
				hit = sel != nil && sel.Sel.Name == "T" && isString(c.Args[0])
			}
			if hit {
				found = append(found, vs.Names[0].Name)
			}
		}
		return true
	})
	if want := []string{"a", "b", "c", "d", "h"}; !slices.Equal(found, want) {
		t.Errorf("found words in %v, want %v", found, want)
	}
}
