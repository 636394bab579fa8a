package sitebuild

import (
	"bytes"
	"html/template"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"text/template/parse"
	"unicode/utf8"
)

// templateEscapers maps each escaper html/template puts into a template's
// parse tree to the function of escapers.go that the generated pages call
// for it (by goName; fn is the same function, for the tests).
var templateEscapers = map[string]struct {
	goName string
	fn     func(string) string
}{
	"_html_template_htmlescaper":   {"htmlEscaper", htmlEscaper},
	"_html_template_attrescaper":   {"htmlEscaper", htmlEscaper},
	"_html_template_rcdataescaper": {"htmlEscaper", htmlEscaper},
	"_html_template_urlfilter":     {"urlFilter", urlFilter},
	"_html_template_urlnormalizer": {"urlNormalizer", urlNormalizer},
	"_html_template_urlescaper":    {"urlEscaper", urlEscaper},
}

// escapeContexts put a string into each context the generator accepts,
// with the chain of escapers html/template gives it there. The generator
// writes a value in Go only when its chain is one of these, so every
// escape a generated page makes is one these tests hold to html/template.
var escapeContexts = []struct {
	src   string
	chain string
}{
	{`<p>{{.}}</p>`, "_html_template_htmlescaper"},
	{`<p title="{{.}}">`, "_html_template_attrescaper"},
	{`<p title='{{.}}'>`, "_html_template_attrescaper"},
	{`<title>{{.}}</title>`, "_html_template_rcdataescaper"},
	{`<textarea>{{.}}</textarea>`, "_html_template_rcdataescaper"},
	{`<a href="{{.}}">`, "_html_template_urlfilter _html_template_urlnormalizer _html_template_attrescaper"},
	{`<link rel="stylesheet" href='{{.}}'>`, "_html_template_urlfilter _html_template_urlnormalizer _html_template_attrescaper"},
	{`<a href="x.html#plan-{{.}}">`, "_html_template_urlescaper _html_template_attrescaper"},
	{`<a href="x.html?q={{.}}">`, "_html_template_urlescaper _html_template_attrescaper"},
}

// escapeChain is the chain of escapers html/template appended to a pipeline,
// space-separated, and the pipeline's commands before it.
func escapeChain(pipe *parse.PipeNode) (chain string, rest []*parse.CommandNode) {
	n := len(pipe.Cmds)
	for n > 0 {
		id, ok := pipe.Cmds[n-1].Args[0].(*parse.IdentifierNode)
		if !ok || !strings.HasPrefix(id.Ident, "_html_template_") {
			break
		}
		n--
	}
	var names []string
	for _, c := range pipe.Cmds[n:] {
		names = append(names, c.Args[0].(*parse.IdentifierNode).Ident)
	}
	return strings.Join(names, " "), pipe.Cmds[:n]
}

// verifiedChain is the Go function for a chain of escapers that
// escapeContexts holds to html/template, or nil.
func verifiedChain(chain string) func(string) string {
	if !slices.ContainsFunc(escapeContexts, func(c struct{ src, chain string }) bool { return c.chain == chain }) {
		return nil
	}
	var fns []func(string) string
	for _, name := range strings.Fields(chain) {
		e, ok := templateEscapers[name]
		if !ok {
			return nil
		}
		fns = append(fns, e.fn)
	}
	return func(s string) string {
		for _, f := range fns {
			s = f(s)
		}
		return s
	}
}

// escapeContext is one of escapeContexts parsed and escaped by html/template.
type escapeContext struct {
	src  string
	t    *template.Template
	goFn func(string) string
}

func escapeContextsFor(t testing.TB) []escapeContext {
	t.Helper()
	var out []escapeContext
	for _, c := range escapeContexts {
		tm := template.Must(template.New("x").Parse(c.src))
		if err := tm.Execute(&bytes.Buffer{}, ""); err != nil {
			t.Fatalf("%s: %v", c.src, err)
		}
		var chains []string
		for _, n := range tm.Tree.Root.Nodes {
			if a, ok := n.(*parse.ActionNode); ok {
				chain, _ := escapeChain(a.Pipe)
				chains = append(chains, chain)
			}
		}
		if len(chains) != 1 || chains[0] != c.chain {
			t.Fatalf("html/template escapes %s with %q, not %q", c.src, chains, c.chain)
		}
		out = append(out, escapeContext{src: c.src, t: tm, goFn: verifiedChain(c.chain)})
	}
	return out
}

// sameEscape requires the Go chain of c to write s as html/template does.
func (c escapeContext) sameEscape(t testing.TB, s string) {
	t.Helper()
	var want bytes.Buffer
	if err := c.t.Execute(&want, s); err != nil {
		t.Fatal(err)
	}
	tmpl, _, _ := strings.Cut(c.src, "{{")
	_, tail, _ := strings.Cut(c.src, "}}")
	got := tmpl + c.goFn(s) + tail
	if got != want.String() {
		t.Fatalf("%s with %q: html/template writes %q, Go %q", c.src, s, want.String(), got)
	}
}

// TestEscapersMatchHTMLTemplate puts every rune, every invalid byte and
// every string of up to three of the bytes that matter to HTML and URLs
// through each context, in html/template and in Go.
func TestEscapersMatchHTMLTemplate(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if utf8.ValidRune(r) {
			all.WriteRune(r)
		}
	}
	inputs := []string{"", "javascript:alert(1)", "JaVaScRiPt:x", "http:x", "HTTPS://a", "mailto:a@b", "data:,x",
		"a/b:c", "//a:b", ":x", "#x:y", "?a:b", "%41%zz%4", "%", "ø%C3%B8"}
	for b := 0x80; b <= 0xff; b++ {
		inputs = append(inputs, string([]byte{byte(b)}), string([]byte{'a', byte(b), '%'}))
	}
	alphabet := []string{"%", "a", "F", "g", ":", "/", "#", "&", "+", " ", "\"", "'", "<", "\x00", "\xff", "é"}
	for _, a := range alphabet {
		for _, b := range alphabet {
			for _, c := range alphabet {
				inputs = append(inputs, a+b+c)
			}
		}
	}
	// The URL escapers work on bytes (every byte of a multi-byte rune is
	// encoded alike), so they get the first runes only; all of them would
	// take seconds of html/template's percent-encoding.
	var some strings.Builder
	for r := rune(0); r < 0x3000; r++ {
		some.WriteRune(r)
	}
	for _, c := range escapeContextsFor(t) {
		if strings.Contains(c.src, "href") {
			c.sameEscape(t, some.String())
		} else {
			c.sameEscape(t, all.String())
		}
		for _, s := range inputs {
			c.sameEscape(t, s)
		}
	}
}

// TestWriteHTMLEscaped: the writer the generated pages use is htmlEscaper.
func TestWriteHTMLEscaped(t *testing.T) {
	for _, s := range []string{"", "plain", `a+b'c"d&e<f>g` + "\x00\xffø"} {
		var b bytes.Buffer
		writeHTMLEscaped(&b, s)
		if b.String() != htmlEscaper(s) {
			t.Errorf("writeHTMLEscaped(%q) = %q, htmlEscaper %q", s, b.String(), htmlEscaper(s))
		}
	}
}

// TestTemplateEscapersNames: each goName is the name of its function.
func TestTemplateEscapersNames(t *testing.T) {
	for id, e := range templateEscapers {
		name := runtime.FuncForPC(reflect.ValueOf(e.fn).Pointer()).Name()
		if !strings.HasSuffix(name, "."+e.goName) {
			t.Errorf("%s: goName %s but the function is %s", id, e.goName, name)
		}
	}
}

// FuzzEscapers puts arbitrary strings through every context.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "a+b'c\"d&e<f>g", "javascript:x", "%zz%41é\xff", "//evil", "\x00"} {
		f.Add(s)
	}
	cs := escapeContextsFor(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range cs {
			c.sameEscape(t, s)
		}
	})
}
