package sitebuild

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders the Markdown bodies of governance documents: GFM tables,
// task lists, strikethrough and autolinks, footnotes and heading ids. Raw
// HTML stays off (goldmark's default), and a transformer rewrites every link
// and image so that only http, https, mailto and in-page links survive and
// nothing is loaded from outside the site.
type markdown struct {
	md goldmark.Markdown
	// clauses, when set, turns a bold clause id such as **O4** into a link
	// to the list of rules enforcing that clause.
	clauses goldmark.Markdown
}

func newMarkdown(clauseIDs []string) *markdown {
	opts := func(extra ...util.PrioritizedValue) goldmark.Option {
		return goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(append([]util.PrioritizedValue{
				util.Prioritized(linkSanitizer{}, 100),
			}, extra...)...),
		)
	}
	exts := goldmark.WithExtensions(extension.GFM, extension.Footnote)
	ids := map[string]bool{}
	for _, id := range clauseIDs {
		ids[id] = true
	}
	return &markdown{
		md:      goldmark.New(exts, opts()),
		clauses: goldmark.New(exts, opts(util.Prioritized(clauseLinker{ids}, 200))),
	}
}

// render converts src to HTML. goldmark escapes text and drops raw HTML, and
// linkSanitizer has vetted every destination, so the result is trusted.
func (m *markdown) render(src string, buf *bytes.Buffer) template.HTML {
	buf.Reset()
	if err := m.md.Convert([]byte(src), bufWriter{buf}); err != nil {
		// Convert fails only when the writer does; a bytes.Buffer never does.
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(buf.String())
}

// bufWriter lets goldmark write into the buffer itself. goldmark wraps a
// writer that is not a util.BufWriter in a bufio.Writer of its own, 4 KB for
// every document it renders; a bytes.Buffer is one but for Buffered and
// Flush, which have nothing to do here.
type bufWriter struct{ *bytes.Buffer }

func (bufWriter) Buffered() int { return 0 }
func (bufWriter) Flush() error  { return nil }

var _ util.BufWriter = bufWriter{}

// renderMandate is render with clause ids linked.
func (m *markdown) renderMandate(src string, buf *bytes.Buffer) template.HTML {
	buf.Reset()
	if err := m.clauses.Convert([]byte(src), bufWriter{buf}); err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(buf.String())
}

// safeURL reports whether dest may be a link's destination: an absolute
// http, https or mailto URL, or a link within the page (#…). Relative paths
// are refused too: they point into the governance repository, whose layout
// is not the site's.
func safeURL(dest string) bool {
	dest = strings.TrimSpace(dest)
	if strings.HasPrefix(dest, "#") {
		return !strings.ContainsAny(dest, "<>\"'`")
	}
	u, err := url.Parse(dest)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != ""
	case "mailto":
		return u.Opaque != ""
	}
	return false
}

// linkSanitizer replaces a link with an unsafe destination by its text, and
// every image by a link to it (or by its text): an image would load
// something from outside the site. It also moves headings one level down,
// below the page's own h1.
type linkSanitizer struct{}

// Transform walks the document once.
func (linkSanitizer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	var unwrap, images []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Link:
			if !safeURL(string(v.Destination)) {
				unwrap = append(unwrap, v)
			}
		case *ast.AutoLink:
			dest := string(v.URL(reader.Source()))
			if v.AutoLinkType == ast.AutoLinkEmail {
				dest = "mailto:" + dest
			} else if !strings.Contains(dest, "://") && strings.HasPrefix(strings.ToLower(dest), "www.") {
				dest = "http://" + dest
			}
			if !safeURL(dest) {
				unwrap = append(unwrap, v)
			}
		case *ast.Image:
			images = append(images, v)
		case *ast.Heading:
			// The page's title is its only h1: the document's headings
			// go one level down.
			v.Level = min(v.Level+1, 6)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range images {
		img := n.(*ast.Image)
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if safeURL(string(img.Destination)) {
			link := ast.NewLink()
			link.Destination = img.Destination
			link.Title = img.Title
			moveChildren(img, link)
			parent.ReplaceChild(parent, img, link)
		} else {
			unwrap = append(unwrap, img)
		}
	}
	for _, n := range unwrap {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if al, ok := n.(*ast.AutoLink); ok {
			// An autolink has no children: its text is its URL.
			t := ast.NewString(al.Label(reader.Source()))
			parent.ReplaceChild(parent, n, t)
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

func moveChildren(from, to ast.Node) {
	for c := from.FirstChild(); c != nil; {
		next := c.NextSibling()
		to.AppendChild(to, c)
		c = next
	}
}

// clauseLinker turns **O4** (bold text that is exactly a clause id) into a
// link to that clause's rules on the mandate page.
type clauseLinker struct{ ids map[string]bool }

// Transform walks the document once.
func (c clauseLinker) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	var found []*ast.Emphasis
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if e, ok := n.(*ast.Emphasis); ok && entering && e.Level == 2 && e.ChildCount() == 1 {
			if t, ok := e.FirstChild().(*ast.Text); ok && c.ids[string(t.Segment.Value(reader.Source()))] {
				found = append(found, e)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, e := range found {
		id := string(e.FirstChild().(*ast.Text).Segment.Value(reader.Source()))
		link := ast.NewLink()
		link.Destination = []byte("#clause-" + id)
		link.SetAttributeString("class", []byte("clause-ref"))
		e.Parent().ReplaceChild(e.Parent(), e, link)
		link.AppendChild(link, e)
	}
}
