package browsercheck

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchInBrowser types into the search box of the default content's
// site in Chromium, over HTTP and from the file system, on a page at the
// root and one in a folder, in both languages: the search finds a person
// and a decision, the results are links to their pages, the Down arrow key
// reaches them and the focus stays there when the box searches again,
// nothing leaves the site, and axe-core finds nothing with the results
// shown. Without JavaScript the box does not show.
func TestSearchInBrowser(t *testing.T) {
	b := browser(t)
	dir := build(t, defaultContent(t), contentAsOf)
	srv := Serve(dir)
	defer srv.Close()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	fileBase := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	for _, base := range []struct{ name, url string }{{"http", srv.URL}, {"file", fileBase}} {
		for _, c := range []struct {
			page, query, want string
		}{
			{"index.html", "kari nord", "/people/kari.nordmann.html"},
			{"centers/kre.html", "PMU-2021-02", "/committee/decisions/PMU-2021-02.html"},
			{"committee/decisions/PMU-2021-01.html", "Etablering kreft", "/committee/decisions/PMU-2021-02.html"},
			{"en/people/kari.nordmann.html", "Kari Nordmann", "/en/people/kari.nordmann.html"},
			{"en/index.html", "pmu-2021-02", "/en/committee/decisions/PMU-2021-02.html"},
			{"people.html", "anchor-level", "/rules.html#rule-anchor-level"},
			{"en/rules.html", "presisjonsmedisin innen kreft", "/en/centers/kre.html"},
		} {
			for _, s := range []Screen{Desktop, Phone} {
				u := base.url + "/" + c.page
				r, err := b.Search(u, c.query, s, pageTimeout)
				if err != nil {
					t.Errorf("%s: %v", base.name, err)
					continue
				}
				found := false
				for _, h := range r.Hits {
					found = found || strings.HasSuffix(h.Href, c.want) && strings.HasPrefix(h.Href, base.url+"/")
				}
				if !found {
					t.Errorf("%s %s at %s: searching %q lists no link to %s; it said %q and listed %v", base.name, c.page, s, c.query, c.want, r.Status, r.Hits)
				}
				if !r.FirstFocused {
					t.Errorf("%s %s at %s: the Down arrow key in the box does not reach the first result", base.name, c.page, s)
				}
				for _, p := range r.Problems {
					t.Errorf("%s %s at %s, searching %q: %s", base.name, c.page, s, c.query, p)
				}
				if s == Desktop {
					t.Logf("%s %s: %q → %s, %d links", base.name, c.page, c.query, r.Status, len(r.Hits))
				}
			}
		}
		shown, problems, err := b.ScriptsOff(base.url+"/centers/kre.html", Phone, pageTimeout)
		if err != nil {
			t.Fatal(err)
		}
		if shown {
			t.Errorf("%s: without JavaScript the search box shows", base.name)
		}
		for _, p := range problems {
			t.Errorf("%s, without JavaScript: %s", base.name, p)
		}
	}
}
