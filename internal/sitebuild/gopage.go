package sitebuild

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
)

// Most of the site's pages are document pages (advice, reports, decisions,
// …: some 18,000 of 18,500 for a 10,000-document repository), and the
// center pages are the largest; html/template spends most of a build on
// them, reaching every field and method through reflection. Those pages are
// written by Go code generated from their templates (pages_gen.go, by
// pagegen_test.go): the templates stay the one source of the markup, and
// html/template decides every escape, since the generator reads the parse
// trees html/template has escaped. renderers_test.go renders every such
// page of the default content, the fixture, the hostile content and a
// repository with history both ways and requires the same bytes (and fuzz
// targets do so for arbitrary values); TestGeneratedPages fails when
// pages_gen.go is not what the templates generate. A theme that overrides
// any of the templates a page kind is made of gets that kind rendered by
// its templates (goKinds).

//go:generate go test -tags pagegen -run ^TestGeneratedPages$ -update

// goRenderers are the page kinds written in Go.
var goRenderers = generatedRenderers

// kindTemplates are the theme files a page of kind is made of.
func kindTemplates(kind string) []string {
	return []string{"templates/layout.html", "templates/partials.html", "templates/pages/" + kind + ".html"}
}

// goKinds lists the kinds of goRenderers whose templates theme does not
// override: those pages are written in Go.
func goKinds(theme fs.FS) map[string]bool {
	out := map[string]bool{}
	o, ok := theme.(overlay)
	if !ok {
		return out
	}
	for kind := range goRenderers {
		out[kind] = true
		if o.top == nil {
			continue
		}
		for _, name := range kindTemplates(kind) {
			if _, err := fs.Stat(o.top, name); err == nil {
				out[kind] = false
			}
		}
	}
	return out
}

// pageRenderer writes the pages of one kind: the layout, shared by the
// kinds, calls the kind's content.
type pageRenderer struct {
	layout, content func(*pageWriter, *page) error
}

// pageWriter writes one page into b; the generated templates are its
// methods.
type pageWriter struct {
	b       *bytes.Buffer
	p       *page
	content func(*pageWriter, *page) error
}

// raw writes markup.
func (w *pageWriter) raw(s string) { w.b.WriteString(s) }

// label writes what the template has for {{.T KEY}}: loadTemplates
// inlines the label escaped by template.HTMLEscapeString when the table
// has it, else the template calls .T, which gives the key, and
// html/template escapes it (the generator allows labels only in text and
// quoted attribute values, where that escaper is htmlEscaper).
func (w *pageWriter) label(key string) {
	if s, ok := w.p.tr.m[key]; ok {
		w.b.WriteString(template.HTMLEscapeString(s))
		return
	}
	writeHTMLEscaped(w.b, key)
}

// as is an interface value as the T the generated code expects it to hold.
// As text/template does, a nil interface is the zero value (false, empty);
// any other type fails the page, where the template would have read the
// value as what it is.
func as[T any](x any) (T, error) {
	v, ok := x.(T)
	if !ok && x != nil {
		return v, fmt.Errorf("a %T where the page written in Go expects a %T", x, v)
	}
	return v, nil
}

// goPage writes a page of one of goRenderers' kinds: what renderTemplate
// writes through the theme's templates.
func (g *generator) goPage(b *bytes.Buffer, p *page) (err error) {
	render := goRenderers[p.Kind]
	if render == nil || p.Standalone {
		return fmt.Errorf("build %s%s: no Go renderer for %s pages", p.prefix, p.Path, p.Kind)
	}
	// Where text/template returns an error (a nil pointer on the way to a
	// field, an index out of range, a method that panics), Go code
	// panics: the page fails with an error as its template would.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("build %s%s: %v", p.prefix, p.Path, r)
		}
	}()
	if err := render.layout(&pageWriter{b: b, p: p, content: render.content}, p); err != nil {
		return fmt.Errorf("build %s%s: %w", p.prefix, p.Path, err)
	}
	return nil
}
