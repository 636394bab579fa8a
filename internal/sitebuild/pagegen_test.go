package sitebuild

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"text/template/parse"
	"unicode"

	"github.com/ous-pm/pmgov/site"
)

// This file generates pages_gen.go (go generate, see gopage.go): the
// document and center pages, most of a large site, written by Go code
// instead of html/template's reflection. The generator parses the default
// theme's templates as loadTemplates does, lets html/template escape them
// (it rewrites every action to end with the escapers it chose for the
// action's context), and writes the escaped parse trees as Go: text as
// writes, if/with/range/template as Go control flow and function calls,
// fields and methods resolved on the Go types the pages are executed with
// (reflection at generation time finds them as text/template finds them at
// run time), and each escaper as the function of escapers.go that
// escapers_test.go holds to html/template. What it does not support it
// refuses with an error naming the template, so a template change can make
// `go generate` fail but never make a page written in Go differ from the
// template: renderers_test.go and the fuzz targets compare the two.

// pageGenKinds are the page kinds written in Go, each with the concrete
// types of the interface-typed values its templates read ("Type.Field"):
// text/template finds them at run time; the generated code asserts them
// and fails the page, as a template would fail, when they are not.
var pageGenKinds = []pageGenKind{
	{"document", map[string]reflect.Type{"sitebuild.page.Data": reflect.TypeFor[*docView]()}},
	{"center", map[string]reflect.Type{
		"sitebuild.page.Data":    reflect.TypeFor[*centerView](),
		"sitebuild.partial.Rows": reflect.TypeFor[[]termRow](),
	}},
	{"person", map[string]reflect.Type{"sitebuild.page.Data": reflect.TypeFor[*personView]()}},
}

type pageGenKind struct {
	kind   string
	assume map[string]reflect.Type
}

// labelFunc marks in the parsed templates each {{.T "key"}} that
// loadTemplates inlines: the generated page writes the label of the page's
// language there, escaped as loadTemplates escapes it.
const labelFunc = "pagegenLabel"

// TestGeneratedPages fails when pages_gen.go is not what the templates
// generate; with -update (the package's flag for golden files, which go
// generate passes) it rewrites the file.
func TestGeneratedPages(t *testing.T) {
	src, err := generatePages(site.FS())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("pages_gen.go", src, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile("pages_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(old, src) {
		t.Fatal("pages_gen.go is not what the templates generate: run go generate ./internal/sitebuild")
	}
}

// TestPagegenRefuses: a value in a context whose escaper escapers_test.go
// does not check, or a label where loadTemplates' escape of it is not
// html/template's, stops the generator.
func TestPagegenRefuses(t *testing.T) {
	doc := string(mustRead(t, "../../site/templates/pages/document.html"))
	for add, want := range map[string]string{
		`<script>var t = {{.Title}};</script>`: "_html_template_jsvalescaper",
		`<p style="color: {{.Title}}">`:        "_html_template_cssvaluefilter",
		`<a href="{{.T "doc.source"}}">`:       "a label",
		`<p title={{.Title}}>`:                 "_html_template_nospaceescaper",
	} {
		theme := overlay{top: fstest.MapFS{"templates/pages/document.html": {Data: []byte(strings.Replace(doc, "{{$d := .Data}}", "{{$d := .Data}}"+add, 1))}}, base: site.FS()}
		if _, err := generatePages(theme); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: the generator returns %v, want an error naming %s", add, err, want)
		}
	}
}

// generatePages is the source of pages_gen.go, from the templates of theme.
func generatePages(theme fs.FS) ([]byte, error) {
	fm := template.FuncMap{labelFunc: func(string) string { return "" }}
	maps.Copy(fm, funcs)
	sets, err := parseTemplates(theme, fm, func(key string) (string, bool) {
		return `{{` + labelFunc + ` "` + key + `"}}`, true
	})
	if err != nil {
		return nil, err
	}
	g := &pageGen{byKey: map[string]*genFunc{}, imports: map[string]string{}, fnVars: map[string]reflect.Type{}, contents: map[string]string{}}
	entries := map[string]string{}
	for _, k := range pageGenKinds {
		set := sets[k.kind]
		// html/template escapes the templates a page is made of when it
		// first executes it; nil data stops the execution at the first
		// field, after the escaping.
		var escErr *template.Error
		if err := set.ExecuteTemplate(io.Discard, "layout.html", nil); errors.As(err, &escErr) {
			return nil, err
		}
		if entries[k.kind], err = g.template(k, set, "layout.html", reflect.TypeFor[*page]()); err != nil {
			return nil, err
		}
	}
	return g.file(entries)
}

// pageGen generates the functions of pages_gen.go.
type pageGen struct {
	funcs   []*genFunc
	byKey   map[string]*genFunc // by kind, template and dot type
	imports map[string]string   // package path → name
	fnVars  map[string]reflect.Type
	// contents are the "content" templates of the kinds.
	contents map[string]string
}

// genFunc is one template for one type of dot, as a method of pageWriter.
type genFunc struct {
	ref, name, tmpl, kind string
	dot                   reflect.Type
	body                  string
}

// template generates the template name of set for a dot of type dot and
// returns a reference to its function, replaced by its name in file. Pages
// of several kinds share a function when its code is the same.
func (g *pageGen) template(k pageGenKind, set *template.Template, name string, dot reflect.Type) (string, error) {
	key := k.kind + "|" + name + "|" + dot.String()
	if f, ok := g.byKey[key]; ok {
		if f == nil {
			return "", fmt.Errorf("pagegen: template %q calls itself", name)
		}
		return f.ref, nil
	}
	g.byKey[key] = nil
	t := set.Lookup(name)
	if t == nil || t.Tree == nil {
		return "", fmt.Errorf("pagegen: no template %q", name)
	}
	fg := &funcGen{g: g, k: k, set: set, tmpl: name}
	body, err := fg.body(t.Tree.Root, dot)
	if err != nil {
		return "", err
	}
	for _, f := range g.funcs {
		if f.tmpl == name && f.dot == dot && f.body == body {
			g.byKey[key] = f
			return f.ref, nil
		}
	}
	f := &genFunc{ref: fmt.Sprintf("\x00%d\x00", len(g.funcs)), tmpl: name, kind: k.kind, dot: dot, body: body}
	g.funcs = append(g.funcs, f)
	g.byKey[key] = f
	return f.ref, nil
}

// file names the functions and writes the file.
func (g *pageGen) file(entries map[string]string) ([]byte, error) {
	for _, f := range g.funcs {
		f.name = "t" + camel(f.tmpl)
		same := 0
		types := map[reflect.Type]bool{}
		for _, o := range g.funcs {
			if o.tmpl == f.tmpl {
				types[o.dot] = true
				if o.dot == f.dot {
					same++
				}
			}
		}
		if len(types) > 1 {
			f.name += camel(f.dot.String())
		}
		if same > 1 {
			f.name += camel(f.kind)
		}
	}
	var b strings.Builder
	b.WriteString("// Code generated by pagegen_test.go from site/templates; DO NOT EDIT.\n\n//go:build !pagegen\n\npackage sitebuild\n\n")
	fmt.Fprintf(&b, "import (\n")
	for _, p := range slices.Sorted(maps.Keys(g.imports)) {
		fmt.Fprintf(&b, "%q\n", p)
	}
	b.WriteString(")\n\n")
	b.WriteString("// generatedRenderers write the pages of each kind: the layout with the\n// kind's content, as html/template's escaped parse trees of the templates\n// have them.\nvar generatedRenderers = map[string]*pageRenderer{\n")
	for _, kind := range slices.Sorted(maps.Keys(entries)) {
		fmt.Fprintf(&b, "%q: {layout: (*pageWriter).%s, content: (*pageWriter).%s},\n", kind, entries[kind], g.contents[kind])
	}
	b.WriteString("}\n")
	for _, name := range slices.Sorted(maps.Keys(g.fnVars)) {
		fmt.Fprintf(&b, "\n// %s is the template function %s.\nvar %s = funcs[%q].(%s)\n", fnVar(name), name, fnVar(name), name, g.typeString(g.fnVars[name]))
	}
	for _, f := range g.funcs {
		fmt.Fprintf(&b, "\n// %s writes {{template %q}} for a %s.\nfunc (w *pageWriter) %s(dot %s) error {\n%sreturn nil\n}\n",
			f.name, f.tmpl, g.typeString(f.dot), f.name, g.typeString(f.dot), f.body)
	}
	src := b.String()
	for _, f := range g.funcs {
		src = strings.ReplaceAll(src, f.ref, f.name)
	}
	out, err := format.Source([]byte(src))
	if err != nil {
		return nil, fmt.Errorf("pagegen: %w\n%s", err, src)
	}
	return out, nil
}

// camel turns a template name or a type into part of a Go name.
func camel(s string) string {
	var b strings.Builder
	up, skip := true, 0
	for i, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up && strings.HasPrefix(s[i:], "html") {
			b.WriteString("HTML")
			skip = 3
			up = false
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	return strings.TrimPrefix(b.String(), "Sitebuild")
}

func fnVar(name string) string { return "fn" + camel(name) }

var sitebuildPkg = reflect.TypeFor[page]().PkgPath()

// typeString is t in Go source, its package imported.
func (g *pageGen) typeString(t reflect.Type) string {
	if t.Name() != "" {
		if t.PkgPath() == "" || t.PkgPath() == sitebuildPkg {
			return t.Name()
		}
		name := path.Base(t.PkgPath())
		g.imports[t.PkgPath()] = name
		return name + "." + t.Name()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + g.typeString(t.Elem())
	case reflect.Slice:
		return "[]" + g.typeString(t.Elem())
	case reflect.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), g.typeString(t.Elem()))
	case reflect.Map:
		return "map[" + g.typeString(t.Key()) + "]" + g.typeString(t.Elem())
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any"
		}
	case reflect.Func:
		var in, out []string
		for i := range t.NumIn() {
			in = append(in, g.typeString(t.In(i)))
		}
		for i := range t.NumOut() {
			out = append(out, g.typeString(t.Out(i)))
		}
		s := "func(" + strings.Join(in, ", ") + ")"
		if len(out) == 1 {
			return s + " " + out[0]
		}
		if len(out) > 1 {
			return s + " (" + strings.Join(out, ", ") + ")"
		}
		return s
	}
	return t.String()
}

// funcGen generates one function: one template for one type of dot.
type funcGen struct {
	g    *pageGen
	k    pageGenKind
	set  *template.Template
	tmpl string
	vars []*tvar // in scope, innermost last; vars[0] is $
	dot  *tvar
	n    int
}

// tvar is a template variable, or the dot, as a Go variable.
type tvar struct {
	name, goName string
	typ          reflect.Type
	addr         bool
	used         bool
}

// value is an evaluated expression: Go code and its type, or an untyped
// constant (typ nil, konst its node).
type value struct {
	expr  string
	typ   reflect.Type
	konst parse.Node
	addr  bool
}

func (fg *funcGen) errorf(n parse.Node, format string, args ...any) error {
	loc := ""
	if n != nil {
		if t := fg.set.Lookup(fg.tmpl); t != nil && t.Tree != nil {
			loc, _ = t.Tree.ErrorContext(n)
		}
	}
	return fmt.Errorf("pagegen: %s pages, template %q %s: %s", fg.k.kind, fg.tmpl, loc, fmt.Sprintf(format, args...))
}

func (fg *funcGen) newName(base string) string {
	fg.n++
	return base + strconv.Itoa(fg.n)
}

func (fg *funcGen) body(root *parse.ListNode, dot reflect.Type) (string, error) {
	fg.dot = &tvar{name: ".", goName: "dot", typ: dot, addr: dot.Kind() == reflect.Pointer}
	fg.vars = []*tvar{{name: "$", goName: "dot", typ: dot, addr: fg.dot.addr}}
	var b strings.Builder
	err := fg.list(&b, root)
	return b.String(), err
}

func (fg *funcGen) list(b *strings.Builder, l *parse.ListNode) error {
	if l == nil {
		return nil
	}
	mark := len(fg.vars)
	defer func() { fg.vars = fg.vars[:mark] }()
	for _, n := range l.Nodes {
		if err := fg.node(b, n); err != nil {
			return err
		}
	}
	return nil
}

func (fg *funcGen) node(b *strings.Builder, n parse.Node) error {
	switch n := n.(type) {
	case *parse.TextNode:
		fmt.Fprintf(b, "w.raw(%s)\n", strconv.Quote(string(n.Text)))
	case *parse.CommentNode:
	case *parse.ActionNode:
		if len(n.Pipe.Decl) > 0 {
			return fg.declare(b, n.Pipe)
		}
		chain, cmds := escapeChain(n.Pipe)
		return fg.output(b, n, chain, cmds)
	case *parse.IfNode:
		return fg.ifWith(b, &n.BranchNode, false)
	case *parse.WithNode:
		return fg.ifWith(b, &n.BranchNode, true)
	case *parse.RangeNode:
		return fg.rangeNode(b, n)
	case *parse.TemplateNode:
		return fg.templateCall(b, n)
	case *parse.BreakNode:
		b.WriteString("break\n")
	case *parse.ContinueNode:
		b.WriteString("continue\n")
	default:
		return fg.errorf(n, "%T is not supported", n)
	}
	return nil
}

// declare is {{$x := …}} and {{$x = …}}.
func (fg *funcGen) declare(b *strings.Builder, pipe *parse.PipeNode) error {
	if len(pipe.Decl) != 1 {
		return fg.errorf(pipe, "more than one variable")
	}
	v, err := fg.pipe(b, pipe.Cmds)
	if err != nil {
		return err
	}
	v = typed(v)
	name := pipe.Decl[0].Ident[0]
	if pipe.IsAssign {
		x := fg.variable(name)
		if x == nil || !v.typ.AssignableTo(x.typ) {
			return fg.errorf(pipe, "cannot assign %s to %s", v.typ, name)
		}
		fmt.Fprintf(b, "%s = %s\n", x.goName, v.expr)
		return nil
	}
	x := &tvar{name: name, goName: fg.newName(goIdent(name)), typ: v.typ, addr: true}
	fmt.Fprintf(b, "%s := %s\n_ = %s\n", x.goName, v.expr, x.goName)
	fg.vars = append(fg.vars, x)
	return nil
}

func goIdent(name string) string {
	s := strings.TrimPrefix(name, "$")
	if s == "" {
		return "v"
	}
	return s
}

func (fg *funcGen) variable(name string) *tvar {
	for i := len(fg.vars) - 1; i >= 0; i-- {
		if fg.vars[i].name == name {
			return fg.vars[i]
		}
	}
	return nil
}

// output is an action that writes its value, escaped by chain.
func (fg *funcGen) output(b *strings.Builder, n parse.Node, chain string, cmds []*parse.CommandNode) error {
	if len(cmds) == 1 {
		if id, ok := cmds[0].Args[0].(*parse.IdentifierNode); ok && id.Ident == labelFunc {
			// loadTemplates inlines the label HTML-escaped, which is what
			// html/template would write only in text and quoted
			// attribute values.
			switch chain {
			case "_html_template_htmlescaper", "_html_template_attrescaper", "_html_template_rcdataescaper":
			default:
				return fg.errorf(n, "a label {{.T ...}} escaped with %q: loadTemplates inlines labels in text and quoted attributes only", chain)
			}
			fmt.Fprintf(b, "w.label(%s)\n", strconv.Quote(cmds[0].Args[1].(*parse.StringNode).Text))
			return nil
		}
	}
	v, err := fg.pipe(b, cmds)
	if err != nil {
		return err
	}
	v = typed(v)
	switch {
	case v.typ == reflect.TypeFor[template.HTML]() && chain == "_html_template_htmlescaper",
		v.typ == reflect.TypeFor[template.CSS]() && chain == "_html_template_cssvaluefilter":
		// html/template writes its own typed content as it is in
		// these contexts.
		fmt.Fprintf(b, "w.raw(string(%s))\n", v.expr)
		return nil
	case v.typ.PkgPath() == "html/template":
		return fg.errorf(n, "a %s escaped with %q is not supported", v.typ, chain)
	}
	if verifiedChain(chain) == nil {
		return fg.errorf(n, "html/template escapes this value with %q, which escapers_test.go does not hold to html/template", chain)
	}
	s, err := fg.stringify(n, v)
	if err != nil {
		return err
	}
	names := strings.Fields(chain)
	for _, name := range names[:len(names)-1] {
		s = templateEscapers[name].goName + "(" + s + ")"
	}
	if last := templateEscapers[names[len(names)-1]].goName; last == "htmlEscaper" {
		fmt.Fprintf(b, "writeHTMLEscaped(w.b, %s)\n", s)
	} else {
		fmt.Fprintf(b, "w.raw(%s(%s))\n", last, s)
	}
	return nil
}

var (
	errorType     = reflect.TypeFor[error]()
	stringerType  = reflect.TypeFor[fmt.Stringer]()
	formatterType = reflect.TypeFor[fmt.Formatter]()
)

// stringify is the string html/template's escapers make of v.
func (fg *funcGen) stringify(n parse.Node, v value) (string, error) {
	t := v.typ
	special := t.Implements(errorType) || t.Implements(formatterType)
	switch {
	case t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface:
		return "", fg.errorf(n, "writing a %s is not supported", t)
	case t == reflect.TypeFor[string]():
		return v.expr, nil
	case special:
		fg.g.imports["fmt"] = "fmt"
		return "fmt.Sprint(" + v.expr + ")", nil
	case t.Implements(stringerType):
		return paren(v.expr) + ".String()", nil
	case t.Kind() == reflect.String:
		return "string(" + v.expr + ")", nil
	case t.Kind() == reflect.Int && t.PkgPath() == "":
		fg.g.imports["strconv"] = "strconv"
		return "strconv.Itoa(" + v.expr + ")", nil
	}
	fg.g.imports["fmt"] = "fmt"
	return "fmt.Sprint(" + v.expr + ")", nil
}

// paren puts expr in parentheses unless it is a primary expression.
func paren(expr string) string {
	depth := 0
	for _, r := range expr {
		switch r {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ' ', '!', '*', '&', '+', '=', '<', '>', '|':
			if depth == 0 {
				return "(" + expr + ")"
			}
		}
	}
	return expr
}

// typed gives an untyped constant its default type.
func typed(v value) value {
	if v.typ != nil {
		return v
	}
	switch n := v.konst.(type) {
	case *parse.StringNode:
		v.typ = reflect.TypeFor[string]()
	case *parse.BoolNode:
		v.typ = reflect.TypeFor[bool]()
	case *parse.NumberNode:
		if n.IsInt {
			v.typ = reflect.TypeFor[int]()
		} else {
			v.typ = reflect.TypeFor[float64]()
		}
	default:
		v.typ = reflect.TypeFor[any]()
	}
	return v
}

// truth is text/template's truth of v as a Go condition.
func (fg *funcGen) truth(n parse.Node, v value) (string, error) {
	v = typed(v)
	switch v.typ.Kind() {
	case reflect.Bool:
		return v.expr, nil
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return "len(" + v.expr + ") > 0", nil
	case reflect.Pointer, reflect.Chan, reflect.Func:
		return paren(v.expr) + " != nil", nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return paren(v.expr) + " != 0", nil
	case reflect.Struct:
		return "true", nil
	}
	return "", fg.errorf(n, "the truth of a %s is not supported", v.typ)
}

// ifWith is {{if}} and {{with}}, with their {{else}}.
func (fg *funcGen) ifWith(b *strings.Builder, n *parse.BranchNode, with bool) error {
	mark := len(fg.vars)
	defer func() { fg.vars = fg.vars[:mark] }()
	v, err := fg.branchValue(b, n.Pipe)
	if err != nil {
		return err
	}
	cond, err := fg.truth(n.Pipe, v)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "if %s {\n", cond)
	if with {
		// The value becomes the dot, a variable if it is used.
		dot, expr := fg.dot, v.expr
		v = typed(v)
		if !isIdent(expr) {
			v.expr = fg.newName("v")
		}
		fg.dot = &tvar{name: ".", goName: v.expr, typ: v.typ, addr: v.addr}
		var body strings.Builder
		err = fg.list(&body, n.List)
		if fg.dot.used && v.expr != expr {
			fmt.Fprintf(b, "%s := %s\n", v.expr, expr)
		}
		b.WriteString(body.String())
		fg.dot = dot
	} else {
		err = fg.list(b, n.List)
	}
	if err != nil {
		return err
	}
	if n.ElseList != nil {
		b.WriteString("} else {\n")
		if err := fg.list(b, n.ElseList); err != nil {
			return err
		}
	}
	b.WriteString("}\n")
	return nil
}

// branchValue is the value of an if's or with's pipeline, declaring its
// variable if it has one.
func (fg *funcGen) branchValue(b *strings.Builder, pipe *parse.PipeNode) (value, error) {
	if len(pipe.Decl) > 1 {
		return value{}, fg.errorf(pipe, "more than one variable")
	}
	v, err := fg.pipe(b, pipe.Cmds)
	if err != nil || len(pipe.Decl) == 0 {
		return v, err
	}
	v = typed(v)
	x := &tvar{name: pipe.Decl[0].Ident[0], goName: fg.newName(goIdent(pipe.Decl[0].Ident[0])), typ: v.typ, addr: true}
	fmt.Fprintf(b, "%s := %s\n_ = %s\n", x.goName, v.expr, x.goName)
	fg.vars = append(fg.vars, x)
	return value{expr: x.goName, typ: v.typ, addr: true}, nil
}

func isIdent(s string) bool {
	for i, r := range s {
		if !(unicode.IsLetter(r) || r == '_' || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return s != ""
}

// rangeNode is {{range}} over a slice or an array, with its {{else}}.
func (fg *funcGen) rangeNode(b *strings.Builder, n *parse.RangeNode) error {
	mark := len(fg.vars)
	defer func() { fg.vars = fg.vars[:mark] }()
	if len(n.Pipe.Decl) > 2 {
		return fg.errorf(n, "more than two variables")
	}
	v, err := fg.pipe(b, n.Pipe.Cmds)
	if err != nil {
		return err
	}
	if v.typ == nil || v.typ.Kind() != reflect.Slice && v.typ.Kind() != reflect.Array {
		return fg.errorf(n, "range over %v is not supported", v.typ)
	}
	if !isIdent(v.expr) {
		name := fg.newName("v")
		fmt.Fprintf(b, "%s := %s\n", name, v.expr)
		v.expr = name
	}
	index := &tvar{goName: fg.newName("i"), typ: reflect.TypeFor[int]()}
	elem := &tvar{name: ".", goName: fg.newName("x"), typ: v.typ.Elem(), addr: true}
	switch len(n.Pipe.Decl) {
	case 1:
		elem.name = n.Pipe.Decl[0].Ident[0]
	case 2:
		index.name, elem.name = n.Pipe.Decl[0].Ident[0], n.Pipe.Decl[1].Ident[0]
	}
	var body strings.Builder
	dot := fg.dot
	fg.dot = elem
	if index.name != "" {
		fg.vars = append(fg.vars, index)
	}
	if elem.name != "." {
		fg.vars = append(fg.vars, elem)
	}
	err = fg.list(&body, n.List)
	fg.dot = dot
	if err != nil {
		return err
	}
	if n.ElseList != nil {
		fmt.Fprintf(b, "if len(%s) == 0 {\n", v.expr)
		if err := fg.list(b, n.ElseList); err != nil {
			return err
		}
		b.WriteString("}\n")
	}
	switch {
	case elem.used:
		i := "_"
		if index.used {
			i = index.goName
		}
		fmt.Fprintf(b, "for %s, %s := range %s {\n", i, elem.goName, v.expr)
	case index.used:
		fmt.Fprintf(b, "for %s := range %s {\n", index.goName, v.expr)
	default:
		fmt.Fprintf(b, "for range %s {\n", v.expr)
	}
	b.WriteString(body.String())
	b.WriteString("}\n")
	return nil
}

// templateCall is {{template "name" pipeline}}.
func (fg *funcGen) templateCall(b *strings.Builder, n *parse.TemplateNode) error {
	if strings.Contains(n.Name, "$htmltemplate") {
		return fg.errorf(n, "template %q is called in a context other than element text", n.Name)
	}
	if n.Pipe == nil {
		return fg.errorf(n, "template %q is called without a value", n.Name)
	}
	v, err := fg.pipe(b, n.Pipe.Cmds)
	if err != nil {
		return err
	}
	v = typed(v)
	ref, err := fg.g.template(fg.k, fg.set, n.Name, v.typ)
	if err != nil {
		return err
	}
	if t := fg.set.Lookup(n.Name); t.Tree.ParseName == fg.k.kind {
		// A template of the kind's page file (its "content"): the
		// layout and the partials, shared by the kinds, call the one
		// of the page being written.
		if n.Name != "content" || v.typ != reflect.TypeFor[*page]() || fg.g.contents[fg.k.kind] != "" && fg.g.contents[fg.k.kind] != ref {
			return fg.errorf(n, "a shared template calls %q of the %s page", n.Name, fg.k.kind)
		}
		fg.g.contents[fg.k.kind] = ref
		fmt.Fprintf(b, "if err := w.content(w, %s); err != nil {\nreturn err\n}\n", v.expr)
		return nil
	}
	fmt.Fprintf(b, "if err := w.%s(%s); err != nil {\nreturn err\n}\n", ref, v.expr)
	return nil
}

// pipe is a pipeline: each command's value is the last argument of the next.
func (fg *funcGen) pipe(b *strings.Builder, cmds []*parse.CommandNode) (value, error) {
	var v *value
	for _, c := range cmds {
		nv, err := fg.command(b, c, v)
		if err != nil {
			return value{}, err
		}
		v = &nv
	}
	if v == nil {
		return value{}, fmt.Errorf("pagegen: %s: an empty pipeline", fg.tmpl)
	}
	return *v, nil
}

func (fg *funcGen) command(b *strings.Builder, cmd *parse.CommandNode, final *value) (value, error) {
	args := cmd.Args[1:]
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return fg.fieldChain(b, n, fg.dotValue(), n.Ident, args, final)
	case *parse.VariableNode:
		x := fg.variable(n.Ident[0])
		if x == nil {
			return value{}, fg.errorf(n, "undefined variable %s", n.Ident[0])
		}
		x.used = true
		v := value{expr: x.goName, typ: x.typ, addr: x.addr}
		if len(n.Ident) == 1 {
			if len(args) > 0 || final != nil {
				return value{}, fg.errorf(n, "a variable with arguments")
			}
			return v, nil
		}
		return fg.fieldChain(b, n, v, n.Ident[1:], args, final)
	case *parse.ChainNode:
		v, err := fg.arg(b, n.Node)
		if err != nil {
			return value{}, err
		}
		return fg.fieldChain(b, n, v, n.Field, args, final)
	case *parse.IdentifierNode:
		return fg.function(b, n, args, final)
	}
	if len(args) > 0 || final != nil {
		return value{}, fg.errorf(cmd, "arguments to a value")
	}
	return fg.arg(b, cmd.Args[0])
}

func (fg *funcGen) dotValue() value {
	fg.dot.used = true
	return value{expr: fg.dot.goName, typ: fg.dot.typ, addr: fg.dot.addr}
}

// arg is a command's argument.
func (fg *funcGen) arg(b *strings.Builder, n parse.Node) (value, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return fg.dotValue(), nil
	case *parse.FieldNode, *parse.VariableNode, *parse.ChainNode:
		return fg.command(b, &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Position(), Args: []parse.Node{n}}, nil)
	case *parse.IdentifierNode:
		return fg.function(b, n, nil, nil)
	case *parse.PipeNode:
		if len(n.Decl) > 0 {
			return value{}, fg.errorf(n, "a variable in parentheses")
		}
		return fg.pipe(b, n.Cmds)
	case *parse.StringNode:
		return value{expr: strconv.Quote(n.Text), konst: n}, nil
	case *parse.NumberNode:
		return value{expr: n.Text, konst: n}, nil
	case *parse.BoolNode:
		return value{expr: strconv.FormatBool(n.True), konst: n}, nil
	case *parse.NilNode:
		return value{expr: "nil", konst: n}, nil
	}
	return value{}, fg.errorf(n, "%T is not supported", n)
}

func (fg *funcGen) fieldChain(b *strings.Builder, n parse.Node, v value, idents []string, args []parse.Node, final *value) (value, error) {
	for i, id := range idents {
		var a []parse.Node
		var f *value
		if i == len(idents)-1 {
			a, f = args, final
		}
		var err error
		if v, err = fg.field(b, n, v, id, a, f); err != nil {
			return value{}, err
		}
	}
	return v, nil
}

// field is text/template's evalField: a method of the value (or of its
// address, when it has one), else a field of the struct it is or points to.
func (fg *funcGen) field(b *strings.Builder, n parse.Node, recv value, name string, args []parse.Node, final *value) (value, error) {
	t := recv.typ
	if t == nil || t.Kind() == reflect.Interface {
		return value{}, fg.errorf(n, "field %s of a %v: pageGenKinds must say which type it holds", name, t)
	}
	mt := t
	if t.Kind() != reflect.Pointer && recv.addr {
		mt = reflect.PointerTo(t)
	}
	if m, ok := mt.MethodByName(name); ok {
		return fg.call(b, n, paren(recv.expr)+"."+name, m.Type, 1, args, final)
	}
	st, addr := t, recv.addr
	if st.Kind() == reflect.Pointer {
		st, addr = st.Elem(), true
	}
	if st.Kind() != reflect.Struct {
		return value{}, fg.errorf(n, "field %s of a %s is not supported", name, t)
	}
	sf, ok := st.FieldByName(name)
	if !ok || !sf.IsExported() {
		return value{}, fg.errorf(n, "%s has no field or method %s", t, name)
	}
	if len(args) > 0 || final != nil {
		return value{}, fg.errorf(n, "field %s has arguments", name)
	}
	v := value{expr: paren(recv.expr) + "." + name, typ: sf.Type, addr: addr}
	if sf.Type.Kind() != reflect.Interface {
		return v, nil
	}
	concrete := fg.k.assume[st.String()+"."+name]
	if concrete == nil {
		return value{}, fg.errorf(n, "%s.%s is a %s: pageGenKinds must say which type it holds", st, name, sf.Type)
	}
	tmp := fg.newName("v")
	fmt.Fprintf(b, "%s, err := as[%s](%s)\nif err != nil {\nreturn err\n}\n", tmp, fg.g.typeString(concrete), v.expr)
	return value{expr: tmp, typ: concrete, addr: true}, nil
}

// call calls a method or function of type ft (skip: its receiver) with
// args and final, as text/template does: an error result fails the page.
func (fg *funcGen) call(b *strings.Builder, n parse.Node, fn string, ft reflect.Type, skip int, args []parse.Node, final *value) (value, error) {
	vals, err := fg.args(b, args, final)
	if err != nil {
		return value{}, err
	}
	if ft.IsVariadic() || ft.NumIn()-skip != len(vals) {
		return value{}, fg.errorf(n, "%s takes %d arguments, not %d", fn, ft.NumIn()-skip, len(vals))
	}
	var in []string
	for i, v := range vals {
		e, err := fg.convert(n, v, ft.In(skip+i))
		if err != nil {
			return value{}, err
		}
		in = append(in, e)
	}
	call := fn + "(" + strings.Join(in, ", ") + ")"
	switch {
	case ft.NumOut() == 1:
		return value{expr: call, typ: ft.Out(0)}, nil
	case ft.NumOut() == 2 && ft.Out(1) == errorType:
		tmp := fg.newName("v")
		fmt.Fprintf(b, "%s, err := %s\nif err != nil {\nreturn err\n}\n", tmp, call)
		return value{expr: tmp, typ: ft.Out(0)}, nil
	}
	return value{}, fg.errorf(n, "%s does not return a value or a value and an error", fn)
}

func (fg *funcGen) args(b *strings.Builder, args []parse.Node, final *value) ([]value, error) {
	var vals []value
	for _, a := range args {
		v, err := fg.arg(b, a)
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
	}
	if final != nil {
		vals = append(vals, *final)
	}
	return vals, nil
}

// convert is v passed as a t, as text/template's validateType passes it.
func (fg *funcGen) convert(n parse.Node, v value, t reflect.Type) (string, error) {
	if v.typ == nil {
		k := t.Kind()
		switch c := v.konst.(type) {
		case *parse.StringNode:
			if k == reflect.String || k == reflect.Interface && t.NumMethod() == 0 {
				return v.expr, nil
			}
		case *parse.NumberNode:
			if c.IsInt && (k >= reflect.Int && k <= reflect.Uint64 || k == reflect.Interface && t.NumMethod() == 0) ||
				c.IsFloat && (k == reflect.Float32 || k == reflect.Float64) {
				return v.expr, nil
			}
		case *parse.BoolNode:
			if k == reflect.Bool {
				return v.expr, nil
			}
		case *parse.NilNode:
			switch k {
			case reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map, reflect.Func, reflect.Chan:
				return v.expr, nil
			}
		}
		return "", fg.errorf(n, "cannot pass %s as a %s", v.expr, t)
	}
	switch {
	case v.typ.AssignableTo(t):
		return v.expr, nil
	case v.typ.Kind() == reflect.Pointer && v.typ.Elem().AssignableTo(t):
		return "*" + paren(v.expr), nil
	case v.addr && reflect.PointerTo(v.typ).AssignableTo(t):
		return "&" + paren(v.expr), nil
	}
	return "", fg.errorf(n, "cannot pass a %s as a %s", v.typ, t)
}

// function is a call of a builtin or of a function of funcs.
func (fg *funcGen) function(b *strings.Builder, n *parse.IdentifierNode, args []parse.Node, final *value) (value, error) {
	name := n.Ident
	if f, ok := funcs[name]; ok {
		fg.g.fnVars[name] = reflect.TypeOf(f)
		return fg.call(b, n, fnVar(name), reflect.TypeOf(f), 0, args, final)
	}
	vals, err := fg.args(b, args, final)
	if err != nil {
		return value{}, err
	}
	switch name {
	case "not":
		if len(vals) == 1 {
			c, err := fg.truth(n, vals[0])
			return value{expr: "!(" + c + ")", typ: reflect.TypeFor[bool]()}, err
		}
	case "len":
		if len(vals) == 1 && vals[0].typ != nil {
			switch vals[0].typ.Kind() {
			case reflect.Slice, reflect.Array, reflect.Map, reflect.String, reflect.Chan:
				return value{expr: "len(" + vals[0].expr + ")", typ: reflect.TypeFor[int]()}, nil
			}
		}
	case "index":
		return fg.index(n, vals)
	case "print":
		return fg.print(vals), nil
	case "printf":
		if len(vals) > 0 {
			f, err := fg.convert(n, vals[0], reflect.TypeFor[string]())
			if err != nil {
				return value{}, err
			}
			in := []string{f}
			for _, v := range vals[1:] {
				in = append(in, v.expr)
			}
			fg.g.imports["fmt"] = "fmt"
			return value{expr: "fmt.Sprintf(" + strings.Join(in, ", ") + ")", typ: reflect.TypeFor[string]()}, nil
		}
	case "eq", "ne", "lt", "le", "gt", "ge":
		return fg.compare(n, name, vals)
	}
	return value{}, fg.errorf(n, "%s with these arguments is not supported", name)
}

func (fg *funcGen) index(n parse.Node, vals []value) (value, error) {
	if len(vals) < 2 || vals[0].typ == nil {
		return value{}, fg.errorf(n, "index needs a value and an index")
	}
	item := vals[0]
	for _, x := range vals[1:] {
		switch item.typ.Kind() {
		case reflect.Slice, reflect.Array:
			i, err := fg.convert(n, x, reflect.TypeFor[int]())
			if err != nil {
				return value{}, err
			}
			item = value{expr: paren(item.expr) + "[" + i + "]", typ: item.typ.Elem(), addr: item.addr || item.typ.Kind() == reflect.Slice}
		case reflect.Map:
			k, err := fg.convert(n, x, item.typ.Key())
			if err != nil {
				return value{}, err
			}
			item = value{expr: paren(item.expr) + "[" + k + "]", typ: item.typ.Elem()}
		default:
			return value{}, fg.errorf(n, "index of a %s is not supported", item.typ)
		}
	}
	return item, nil
}

// print is fmt.Sprint, written as a concatenation when every operand is a
// string (fmt.Sprint puts no spaces between those).
func (fg *funcGen) print(vals []value) value {
	var in []string
	concat := true
	for _, v := range vals {
		in = append(in, v.expr)
		if typed(v).typ != reflect.TypeFor[string]() {
			concat = false
		}
	}
	if concat && len(in) > 0 {
		return value{expr: strings.Join(in, " + "), typ: reflect.TypeFor[string]()}
	}
	fg.g.imports["fmt"] = "fmt"
	return value{expr: "fmt.Sprint(" + strings.Join(in, ", ") + ")", typ: reflect.TypeFor[string]()}
}

// compare is eq, ne, lt, le, gt and ge on basic values of one type (or a
// constant), which is where text/template's comparison is Go's.
func (fg *funcGen) compare(n parse.Node, name string, vals []value) (value, error) {
	if len(vals) < 2 || name != "eq" && len(vals) != 2 {
		return value{}, fg.errorf(n, "%s with %d arguments", name, len(vals))
	}
	op := map[string]string{"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}[name]
	a := vals[0]
	var terms []string
	for _, x := range vals[1:] {
		t := a.typ
		if t == nil {
			t = typed(x).typ
		}
		if t.Kind() > reflect.Complex128 && t.Kind() != reflect.String {
			return value{}, fg.errorf(n, "%s on a %s is not supported", name, t)
		}
		ea, err := fg.convert(n, a, t)
		if err != nil {
			return value{}, err
		}
		ex, err := fg.convert(n, x, t)
		if err != nil {
			return value{}, err
		}
		terms = append(terms, ea+" "+op+" "+ex)
	}
	return value{expr: "(" + strings.Join(terms, " || ") + ")", typ: reflect.TypeFor[bool]()}, nil
}
