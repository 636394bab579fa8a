package sitebuild

import (
	"github.com/ous-pm/pmgov/internal/fixture"

	"bytes"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// htmlDoc is what the checks need from one page.
type htmlDoc struct {
	ids    map[string]bool
	dupIDs []string
	links  []link
	// tags and attributes, for the safety checks.
	elements []element
	lang     string
	csp      string
	h1       int
	skip     bool
}

type link struct {
	tag, attr, value string
}

type element struct {
	tag   string
	attrs []html.Attribute
}

// parseHTML tokenizes a page.
func parseHTML(t testing.TB, b []byte) *htmlDoc {
	t.Helper()
	d := &htmlDoc{ids: map[string]bool{}}
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return d
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		d.elements = append(d.elements, element{tag: tok.Data, attrs: tok.Attr})
		attr := func(name string) (string, bool) {
			for _, a := range tok.Attr {
				if a.Key == name {
					return a.Val, true
				}
			}
			return "", false
		}
		if id, ok := attr("id"); ok {
			if d.ids[id] {
				d.dupIDs = append(d.dupIDs, id)
			}
			d.ids[id] = true
		}
		switch tok.Data {
		case "html":
			d.lang, _ = attr("lang")
		case "meta":
			if v, _ := attr("http-equiv"); strings.EqualFold(v, "Content-Security-Policy") {
				d.csp, _ = attr("content")
			}
		case "h1":
			d.h1++
		case "a":
			if v, _ := attr("class"); v == "skip" {
				d.skip = true
			}
		}
		for _, a := range tok.Attr {
			if a.Key == "href" || a.Key == "src" || a.Key == "action" || a.Key == "srcset" || a.Key == "poster" || a.Key == "xlink:href" {
				d.links = append(d.links, link{tag: tok.Data, attr: a.Key, value: a.Val})
			}
		}
	}
}

// checkLinks asserts that every relative href and src of every page points
// to a file of the site (and, with a fragment, to an element of it), and
// that absolute URLs appear only as links to http, https or mailto.
func checkLinks(t *testing.T, dir string) (pages int) {
	t.Helper()
	problems, pages := linkProblems(t, dir)
	for _, p := range problems {
		t.Error(p)
	}
	return pages
}

// linkProblems lists what checkLinks reports.
func linkProblems(t *testing.T, dir string) (problems []string, pages int) {
	t.Helper()
	errorf := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	docs := map[string]*htmlDoc{}
	files := siteFiles(t, dir)
	exists := map[string]bool{}
	for _, f := range files {
		exists[f] = true
		if strings.HasSuffix(f, ".html") {
			b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
			if err != nil {
				t.Fatal(err)
			}
			docs[f] = parseHTML(t, b)
		}
	}
	for f, d := range docs {
		for _, l := range d.links {
			if l.value == "data:," && l.tag == "link" {
				continue // the empty favicon that spares the browser a request
			}
			u, err := url.Parse(l.value)
			if err != nil {
				errorf("%s: <%s %s=%q> does not parse: %v", f, l.tag, l.attr, l.value, err)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				switch {
				case l.tag != "a" || l.attr != "href":
					errorf("%s: <%s %s=%q> loads from outside the site", f, l.tag, l.attr, l.value)
				case u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto":
					errorf("%s: link %q has scheme %s", f, l.value, u.Scheme)
				}
				continue
			}
			if strings.HasPrefix(u.Path, "/") {
				errorf("%s: link %q is absolute; the site must work under any base path", f, l.value)
				continue
			}
			target := f
			if u.Path != "" {
				target = path.Clean(path.Join(path.Dir(f), u.Path))
				if !exists[target] {
					errorf("%s: link %q: %s does not exist", f, l.value, target)
					continue
				}
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") && !docs[target].ids[u.Fragment] {
				errorf("%s: link %q: %s has no element with id %q", f, l.value, target, u.Fragment)
			}
		}
	}
	return problems, len(docs)
}

// checkPages asserts what every page must have: a language, the CSP, a
// skip link and one h1.
func checkPages(t *testing.T, dir string) {
	t.Helper()
	for _, f := range siteFiles(t, dir) {
		if !strings.HasSuffix(f, ".html") {
			continue
		}
		d := parseHTML(t, []byte(readFile(t, dir, f)))
		if d.lang != "nb" && d.lang != "en" {
			t.Errorf("%s: <html lang=%q>", f, d.lang)
		}
		if d.csp != csp {
			t.Errorf("%s: CSP %q, want %q", f, d.csp, csp)
		}
		if !d.skip {
			t.Errorf("%s: no skip link", f)
		}
		if len(d.dupIDs) > 0 {
			t.Errorf("%s: duplicate ids %q", f, d.dupIDs)
		}
		if d.h1 != 1 {
			t.Errorf("%s: %d h1 elements, want 1", f, d.h1)
		}
	}
}

func TestLinksAndPages(t *testing.T) {
	res := validated(t, fixture.BaseWith(nil))
	dir := buildSite(t, res, Options{})
	if n := checkLinks(t, dir); n < 40 {
		t.Errorf("checked %d pages, want the whole site (40+)", n)
	}
	checkPages(t, dir)
}

// TestLinkCheckerCatchesBreakage proves the checker fails on a broken link,
// a missing anchor and an external stylesheet.
func TestLinkCheckerCatchesBreakage(t *testing.T) {
	dir := t.TempDir()
	page := `<!DOCTYPE html><html lang="nb"><body><a href="nope.html">x</a><a href="#missing">y</a><link rel="stylesheet" href="https://cdn.example.org/x.css"></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	problems, _ := linkProblems(t, dir)
	if len(problems) != 3 {
		t.Errorf("the link checker found %d problems in a page with a broken link, a missing anchor and an external stylesheet, want 3: %q", len(problems), problems)
	}
}
