package sitebuild

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

// readIndex parses a search-index.js back into its index.
func readIndex(t *testing.T, name string, b []byte) searchIndex {
	t.Helper()
	s := string(b)
	const assign = "window.pmgovSearchIndex = "
	i := strings.Index(s, assign)
	if i < 0 || !strings.HasSuffix(s, ";\n") {
		t.Fatalf("%s does not assign the index to window.pmgovSearchIndex: %.200q", name, s)
	}
	var ix searchIndex
	if err := json.Unmarshal([]byte(strings.TrimSuffix(s[i+len(assign):], ";\n")), &ix); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ix
}

// findIn lists the titles and addresses of the entries of kind whose
// title holds text.
func findIn(ix searchIndex, kind, text string) []string {
	var out []string
	for _, it := range ix.Items {
		k, _ := it[0].(float64)
		title, _ := it[1].(string)
		url, _ := it[2].(string)
		if searchKinds[int(k)] == kind && strings.Contains(title, text) {
			out = append(out, title+" → "+url)
		}
	}
	return out
}

// TestSearchIndex: each language has an index with its centers, documents,
// decisions, people and rules, each entry's address a page of the site,
// and every page has the search box, hidden until the script shows it.
func TestSearchIndex(t *testing.T) {
	res := validated(t, fixture.BaseWith(nil))
	dir := buildSite(t, res, Options{})
	exists := map[string]bool{}
	for _, f := range siteFiles(t, dir) {
		exists[f] = true
	}
	for _, c := range []struct {
		pre, person, rule string
	}{{"", "person", "regel"}, {"en/", "person", "rule"}} {
		name := c.pre + "search-index.js"
		ix := readIndex(t, name, []byte(readFile(t, dir, name)))
		for kind, text := range map[string]string{"center": "Senter for presisjonsmedisin innen kreft", "decision": "PMU-2024-01", "person": "Kari Nordmann",
			"report": "2025-T1", "strategy": "2024-2027", "meeting": "2024", "rule": "anchor-level"} {
			if len(findIn(ix, kind, text)) == 0 {
				t.Errorf("%s: no %s entry with %q", name, kind, text)
			}
		}
		if got := findIn(ix, "person", "Kari Nordmann"); len(got) != 1 || !strings.HasSuffix(got[0], "→ people/kari.nordmann.html") {
			t.Errorf("%s: Kari Nordmann's entry is %q", name, got)
		}
		if ix.Kinds[7] != c.person || ix.Kinds[8] != c.rule {
			t.Errorf("%s: kinds %q", name, ix.Kinds)
		}
		for _, it := range ix.Items {
			u, _ := it[2].(string)
			file, _, _ := strings.Cut(u, "#")
			if !exists[c.pre+file] {
				t.Errorf("%s: the entry %q points to %s, which the site lacks", name, it[1], u)
			}
		}
	}
	for _, f := range []string{"index.html", "centers/kre.html", "en/people/kari.nordmann.html", "committee/decisions/PMU-2024-01.html"} {
		page := readFile(t, dir, f)
		up := strings.Repeat("../", strings.Count(f, "/"))
		contains(t, f, page, `<script src="`+up+`search.js" defer></script>`,
			`<div class="site-search" role="search" hidden data-index="`, `<label for="site-search">`, `<input type="search" id="site-search"`)
	}
	// The standalone report carries no script and no search box.
	rep, err := ReportHTML(res, Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(rep), "<script") || strings.Contains(string(rep), `class="site-search"`) {
		t.Error("the standalone report has the search script or box")
	}
}

// indexSize is the size of each language's search index of res, without
// writing the site.
func indexSize(t *testing.T, res *validate.Result, day time.Time) map[diag.Lang]int {
	t.Helper()
	g, err := newGenerator(res, Options{AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	out := map[diag.Lang]int{}
	for _, l := range g.langs {
		o, err := g.searchOutput(l, g.pages(l))
		if err != nil {
			t.Fatal(err)
		}
		out[l] = len(o.data)
	}
	return out
}

// TestSearchIndexSize holds the index small: under 64 KB per language for
// the default content and under 2 MB for the 10,000-document synthetic
// repository (the README gives the figures this logs).
func TestSearchIndexSize(t *testing.T) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name  string
		res   func() *validate.Result
		limit int
	}{
		{"default content", func() *validate.Result { return validate.Run(os.DirFS("../.."), validate.Options{AsOf: day}) }, 64 << 10},
		{"10,000 documents", func() *validate.Result {
			return validate.Run(synth.MapFS(synth.Spec{Centers: 100, DocsPerCenter: 99}), validate.Options{AsOf: day})
		}, 2 << 20},
	} {
		res := c.res()
		for l, n := range indexSize(t, res, day) {
			t.Logf("%s, %s: %d documents, search index %d bytes (%.1f per document)", c.name, l, len(res.Repo.Docs), n, float64(n)/float64(len(res.Repo.Docs)))
			if n > c.limit {
				t.Errorf("%s, %s: the search index is %d bytes, more than %d", c.name, l, n, c.limit)
			}
		}
	}
}
