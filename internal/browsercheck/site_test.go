package browsercheck

import (
	"github.com/ous-pm/pmgov/internal/fixture"

	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/demo"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/sitebuild"
	"github.com/ous-pm/pmgov/internal/validate"
)

// fixtureAsOf is the date the rules' base fixture is clean on.
var fixtureAsOf = time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)

// contentAsOf is the date the repository's own content is shown as of, fixed
// so the screenshots in docs/ change only when the site or the content does.
var contentAsOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// repoRoot is the repository holding this package; its default content is at
// the root.
const repoRoot = "../.."

// baseDir writes the shared base repository (internal/fixture) into a
// temporary folder.
func baseDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := fixture.Write(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// build validates the repository in src and builds its site, as pmgov build
// does, into a temporary folder.
func build(t *testing.T, src string, asOf time.Time) string {
	t.Helper()
	res := validate.Run(os.DirFS(src), validate.Options{AsOf: asOf})
	out := filepath.Join(t.TempDir(), "public")
	if err := sitebuild.Build(res, sitebuild.Options{Out: out, AsOf: asOf, Forecast: forecast.Judge(res, forecast.Options{AsOf: asOf})}); err != nil {
		t.Fatalf("building the site of %s: %v", src, err)
	}
	return out
}

// defaultContent is the repository's own governance content, or a skip when
// the checkout has none.
func defaultContent(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(repoRoot, "governance.yaml")); err != nil {
		t.Skipf("no default content in this checkout (%v)", err)
	}
	return repoRoot
}

// pageURL is the address of a site page; a folder's index.html is asked for
// as the folder, as a reader's browser does.
func pageURL(base, p string) string {
	if path.Base(p) == "index.html" {
		p = strings.TrimSuffix(p, "index.html")
	}
	return base + "/" + p
}

var (
	bodyKind = regexp.MustCompile(`<body class="page-([a-z-]+)"`)
	htmlLang = regexp.MustCompile(`<html lang="([a-z-]+)"`)
)

// pageKinds groups a site's pages by language, kind (the page-KIND class
// every page's body carries) and folder, with a center's own folder taken as
// any center's: centers/*/reports holds one kind of document, committee/
// decisions another.
func pageKinds(t *testing.T, dir string, pages []string) map[string][]string {
	t.Helper()
	kinds := map[string][]string{}
	for _, p := range pages {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		kind, lang := "unknown", "unknown"
		if m := bodyKind.FindSubmatch(b); m != nil {
			kind = string(m[1])
		}
		if m := htmlLang.FindSubmatch(b); m != nil {
			lang = string(m[1])
		}
		folder := strings.Split(path.Dir(p), "/")
		for i := range folder {
			if i > 0 && folder[i-1] == "centers" {
				folder[i] = "*"
			}
		}
		key := lang + " " + kind + " " + strings.Join(folder, "/")
		kinds[key] = append(kinds[key], p)
	}
	return kinds
}

// tabs is how many pages are checked at once, each in its own tab: two
// keep both of CI's cores busy while one page waits on the other.
const tabs = 2

// checkPages loads each page at both screens and reports every problem as a
// test error, naming the page.
func checkPages(t *testing.T, b *Browser, base string, pages []string) {
	t.Helper()
	start := time.Now()
	results := make([]*Result, len(pages))
	errs := make([]error, len(pages))
	next := make(chan int)
	var wg sync.WaitGroup
	for range tabs {
		wg.Go(func() {
			for i := range next {
				results[i], errs[i] = b.Check(pageURL(base, pages[i]), []Screen{Desktop, Phone}, pageTimeout)
			}
		})
	}
	for i := range pages {
		next <- i
	}
	close(next)
	wg.Wait()
	bad := 0
	for i, p := range pages {
		if errs[i] != nil {
			t.Errorf("%s: %v", p, errs[i])
			continue
		}
		if len(results[i].Problems) > 0 {
			bad++
		}
		for _, pr := range results[i].Problems {
			t.Errorf("%s: %s", p, pr)
		}
	}
	t.Logf("checked %d pages at %s and %s in %s; %d with problems", len(pages), Desktop, Phone, time.Since(start).Round(time.Millisecond), bad)
}

// TestFixtureSiteInBrowser loads every page of the site of a small valid
// repository in Chromium, in both languages, at 1280 and 390 px. The
// repository is in git, so the pages carry their history as well.
func TestFixtureSiteInBrowser(t *testing.T) {
	b := browser(t)
	dir := buildWithHistory(t, gitBaseDir(t), fixtureAsOf)
	pages, err := Pages(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Every kind of page the site has must be among those loaded.
	seen := map[string]bool{}
	for k := range pageKinds(t, dir, pages) {
		f := strings.Fields(k)
		seen[f[0]+" "+f[1]] = true
	}
	for _, lang := range []string{"nb", "en"} {
		for _, k := range []string{"dashboard", "center", "document", "committee", "matrix", "mandate", "validation", "rules", "report", "agenda", "people", "person"} {
			if !seen[lang+" "+k] {
				t.Errorf("the fixture's site has no %s %s page; kinds: %v", lang, k, slices.Sorted(maps.Keys(seen)))
			}
		}
	}
	srv := Serve(dir)
	defer srv.Close()
	checkPages(t, b, srv.URL, pages)
}

// TestDefaultContentInBrowser loads the site of the repository's own content:
// every page when there are few, else the first pages of each kind.
func TestDefaultContentInBrowser(t *testing.T) {
	src := defaultContent(t)
	b := browser(t)
	dir := build(t, src, contentAsOf)
	pages, err := Pages(dir)
	if err != nil {
		t.Fatal(err)
	}
	const perKind = 2
	var sample []string
	kinds := pageKinds(t, dir, pages)
	for _, ps := range kinds {
		sample = append(sample, ps[:min(len(ps), perKind)]...)
	}
	slices.Sort(sample)
	// The person pages and the list of people are among the kinds
	// sampled, in both languages.
	for _, want := range []string{"nb person people", "en person en/people", "nb people .", "en people en"} {
		if len(kinds[want]) == 0 {
			t.Errorf("the default content's site has no %q pages to check; kinds: %v", want, slices.Sorted(maps.Keys(kinds)))
		}
	}
	t.Logf("%d pages of %d kinds, checking %d (at most %d of each kind, language and folder)", len(pages), len(kinds), len(sample), perKind)
	srv := Serve(dir)
	defer srv.Close()
	checkPages(t, b, srv.URL, sample)
}

// TestReportPrints prints the committee report to A4 PDF: a page break
// before every center a mandate governs, so more pages than those centers.
func TestReportPrints(t *testing.T) {
	b := browser(t)
	for _, c := range []struct {
		name string
		dir  func(t *testing.T) string
	}{
		{"fixture", func(t *testing.T) string { return build(t, baseDir(t), fixtureAsOf) }},
		{"default content", func(t *testing.T) string { return build(t, defaultContent(t), contentAsOf) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := c.dir(t)
			srv := Serve(dir)
			defer srv.Close()
			for _, p := range []string{"report.html", "en/report.html"} {
				html, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
				if err != nil {
					t.Fatal(err)
				}
				// Centers a mandate governs start a page; the others
				// (class center-state center-state-light) follow on.
				centers := strings.Count(string(html), `class="center-state"`)
				if centers < 1 {
					t.Fatalf("%s has no governed center section (section.center-state)", p)
				}
				pdf, err := b.PrintPDF(pageURL(srv.URL, p), pageTimeout)
				if err != nil {
					t.Fatal(err)
				}
				n, err := PDFPages(pdf)
				if err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				// The summary comes first, then each center on a page of
				// its own.
				if n < centers+1 {
					t.Errorf("%s printed on %d A4 pages, want at least %d (a summary, then a page per center for %d centers)", p, n, centers+1, centers)
				}
				t.Logf("%s: %d centers, %d A4 pages, %d bytes", p, centers, n, len(pdf))
			}
		})
	}
}

// TestScreenshots writes the documentation's screenshots of the
// repository's own content: the dashboard, the center page with the most
// content, the agenda and the page of the person with the most roles, full
// page, at 1280 and 390 px. The site is built from the
// demonstration repository of that content (internal/demo), whose history
// is the governance's, so that "last changed" and a center's recent changes
// show real entries. It runs when PMGOV_SCREENSHOTS names the folder,
// relative to the repository's root:
//
//	PMGOV_SCREENSHOTS=docs/screenshots go test -run Screenshots ./internal/browsercheck
func TestScreenshots(t *testing.T) {
	out := os.Getenv("PMGOV_SCREENSHOTS")
	if out == "" {
		t.Skip("PMGOV_SCREENSHOTS is not set: no screenshots asked for")
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(repoRoot, out)
	}
	src := filepath.Join(t.TempDir(), "demo")
	if err := demo.Build(os.DirFS(defaultContent(t)), src); err != nil {
		t.Fatal(err)
	}
	b := browser(t)
	dir := siteWithHistory(t, src, contentAsOf)
	center, err := largestCenter(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The center page must show the demonstration's history, or the
	// screenshots show nothing of it.
	if page, err := os.ReadFile(filepath.Join(dir, center)); err != nil || !strings.Contains(string(page), "Statusrapport ") {
		t.Fatalf("%s does not list the demonstration's recent changes (%v)", center, err)
	}
	person, err := busiestPerson(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := Serve(dir)
	defer srv.Close()
	for _, shot := range []struct{ name, page string }{{"dashboard", "index.html"}, {"center", center}, {"agenda", "agenda.html"}, {"person", person}} {
		for _, s := range []Screen{Desktop, Phone} {
			png, err := b.Screenshot(pageURL(srv.URL, shot.page), s, pageTimeout)
			if err != nil {
				t.Fatal(err)
			}
			w, h, err := pngSize(png)
			if err != nil {
				t.Fatal(err)
			}
			if int64(w) != s.Width {
				t.Errorf("%s at %s: the screenshot is %d px wide: the page scrolls sideways", shot.page, s, w)
			}
			name := filepath.Join(out, fmt.Sprintf("%s-%d.png", shot.name, s.Width))
			if err := os.WriteFile(name, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %s at %s, %dx%d, %d bytes", name, shot.page, s, w, h, len(png))
		}
	}
}

// largestCenter is the center page, in the site's first language, with the
// most to show.
func largestCenter(dir string) (string, error) {
	entries, err := os.ReadDir(filepath.Join(dir, "centers"))
	if err != nil {
		return "", fmt.Errorf("center pages: %w", err)
	}
	best, size := "", int64(-1)
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".html") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			return "", err
		}
		if info.Size() > size {
			best, size = "centers/"+e.Name(), info.Size()
		}
	}
	if best == "" {
		return "", fmt.Errorf("the site has no center page")
	}
	return best, nil
}

// busiestPerson is the person page, in the site's first language, listing
// the most roles.
func busiestPerson(dir string) (string, error) {
	entries, err := os.ReadDir(filepath.Join(dir, "people"))
	if err != nil {
		return "", fmt.Errorf("person pages: %w", err)
	}
	best, most := "", -1
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".html") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, "people", e.Name()))
		if err != nil {
			return "", err
		}
		page := string(b)
		i := strings.Index(page, `<h2 id="roles">`)
		if i < 0 {
			return "", fmt.Errorf("people/%s has no roles section", e.Name())
		}
		roles, _, _ := strings.Cut(page[i:], "</section>")
		if n := strings.Count(roles, "<li>"); n > most {
			best, most = "people/"+e.Name(), n
		}
	}
	if best == "" {
		return "", fmt.Errorf("the site has no person page")
	}
	return best, nil
}
