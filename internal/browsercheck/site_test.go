package browsercheck

import (
	"bytes"
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
	"unicode"

	"golang.org/x/net/html"

	"github.com/ous-pm/pmgov/internal/demo"
	"github.com/ous-pm/pmgov/internal/fixture"
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

// TestUnreadableCenterInBrowser: the fixture with an unclosed quote in
// centers/kre/center.yaml; the page the center keeps, the dashboard with its
// card and the validation page load clean at 1280 and 390 px.
func TestUnreadableCenterInBrowser(t *testing.T) {
	b := browser(t)
	src := baseDir(t)
	file := filepath.Join(src, "centers", "kre", "center.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), "name: Senter for presisjonsmedisin innen kreft", `name: "Senter for presisjonsmedisin innen kreft`, 1)
	if broken == string(data) {
		t.Fatal("the fixture's kre center has no name line to break")
	}
	if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := build(t, src, fixtureAsOf)
	pages := []string{"centers/kre.html", "en/centers/kre.html", "index.html", "validation.html"}
	for _, p := range pages {
		page, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if p == "centers/kre.html" && !strings.Contains(string(page), `<body class="page-unreadable">`) {
			t.Fatalf("%s is not the unreadable center's page", p)
		}
	}
	srv := Serve(dir)
	defer srv.Close()
	checkPages(t, b, srv.URL, pages)
}

// TestReportPrints prints the committee report to A4 PDF and reads each
// page's text back (PDFText): the summary pages, then every center a mandate
// governs on exactly one page of its own, so the page count is the summary
// pages plus the governed centers; no page holds only the footer, and no
// page ends with a heading whose content went to the next page.
func TestReportPrints(t *testing.T) {
	b := browser(t)
	for _, c := range []struct {
		name string
		src  func(t *testing.T) string
		asOf time.Time
	}{
		{"fixture", baseDir, fixtureAsOf},
		{"default content", defaultContent, contentAsOf},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := c.src(t)
			dir := build(t, src, c.asOf)
			// pmgov report's file beside the site's page: the same report,
			// standalone.
			res := validate.Run(os.DirFS(src), validate.Options{AsOf: c.asOf})
			alone, err := sitebuild.ReportHTML(res, sitebuild.Options{AsOf: c.asOf, Forecast: forecast.Judge(res, forecast.Options{AsOf: c.asOf})})
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "pmgov-report.html"), alone, 0o644); err != nil {
				t.Fatal(err)
			}
			srv := Serve(dir)
			defer srv.Close()
			for _, p := range []string{"report.html", "en/report.html", "pmgov-report.html"} {
				page, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
				if err != nil {
					t.Fatal(err)
				}
				parts, err := reportParts(page)
				if err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				if len(parts.centers) < 1 {
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
				pages, err := PDFText(pdf)
				if err != nil {
					t.Fatalf("%s: reading the PDF's text: %v", p, err)
				}
				if len(pages) != n {
					t.Fatalf("%s: the PDF's text has %d pages, its page objects %d", p, len(pages), n)
				}
				for _, problem := range printProblems(pages, parts) {
					t.Errorf("%s: %s", p, problem)
				}
				t.Logf("%s: %d A4 pages: %d of summary, then %d governed centers on a page each", p, n, n-len(parts.centers), len(parts.centers))
			}
		})
	}
}

// reportPage is what the printed report is checked against: the headings
// of its governed centers' sections, every heading's text, and the footer's
// text, each squeezed (squeeze).
type reportPage struct {
	centers  []string
	headings map[string]bool
	footer   string
}

// reportParts reads the report's HTML.
func reportParts(page []byte) (reportPage, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return reportPage{}, err
	}
	rp := reportPage{headings: map[string]bool{}}
	var walk func(n *html.Node, governed bool)
	walk = func(n *html.Node, governed bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "section":
				governed = attr(n, "class") == "center-state"
			case "h1", "h2", "h3", "h4":
				text := squeeze(nodeText(n))
				rp.headings[text] = true
				if governed && n.Data == "h3" {
					rp.centers = append(rp.centers, text)
				}
			case "footer":
				rp.footer = squeeze(nodeText(n))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, governed)
		}
	}
	walk(doc, false)
	return rp, nil
}

// printProblems judges the printed pages: each governed center starts a
// page, in order, right after the previous one, and the last ends the
// report (one page each); no page holds only the footer; no page but the
// last ends with a heading.
func printProblems(pages [][]PDFRun, rp reportPage) []string {
	var out []string
	texts := make([]string, len(pages))
	for i, runs := range pages {
		for _, r := range runs {
			texts[i] += squeeze(r.Text)
		}
	}
	first := len(pages) - len(rp.centers)
	for i, c := range rp.centers {
		at := -1
		for j, text := range texts {
			if strings.HasPrefix(text, c) {
				at = j
				break
			}
		}
		switch {
		case at < 0:
			out = append(out, fmt.Sprintf("no printed page starts with the governed center %q", c))
		case at != first+i:
			out = append(out, fmt.Sprintf("the governed center %q starts page %d of %d, want page %d: a page for each of the %d governed centers after the summary", c, at+1, len(pages), first+i+1, len(rp.centers)))
		}
	}
	for i, text := range texts {
		if rest := strings.Replace(text, rp.footer, "", 1); rp.footer != "" && strings.Contains(text, rp.footer) && rest == "" {
			out = append(out, fmt.Sprintf("page %d holds only the footer", i+1))
		}
		if i == len(pages)-1 {
			continue
		}
		runs := pages[i]
		tail := ""
		for k := len(runs) - 1; k >= 0 && k >= len(runs)-3; k-- {
			tail = squeeze(runs[k].Text) + tail
			if tail != "" && rp.headings[tail] {
				out = append(out, fmt.Sprintf("page %d ends with the heading %q, alone at the page's foot", i+1, runs[k].Text))
				break
			}
		}
	}
	return out
}

// squeeze is text without white space and with the ligatures a PDF's text
// shows as one glyph written out, to compare a page's text with the HTML's.
func squeeze(s string) string {
	s = strings.NewReplacer("\ufb00", "ff", "\ufb01", "fi", "\ufb02", "fl", "\ufb03", "ffi", "\ufb04", "ffl", "\u00ad", "").Replace(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// TestScreenshots writes the documentation's screenshots of the
// repository's own content: the dashboard, the center page with the most
// content, the agenda, the page of the person with the most roles, full
// page, and the committee report's first screen, at 1280 and 390 px. The
// site is built from the
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
	// The committee report's first screen: its summary and what needs a
	// decision, as a committee member opens it.
	for _, s := range []Screen{Desktop, Phone} {
		png, err := b.ScreenshotTop(pageURL(srv.URL, "report.html"), s, pageTimeout)
		if err != nil {
			t.Fatal(err)
		}
		w, h, err := pngSize(png)
		if err != nil {
			t.Fatal(err)
		}
		if int64(w) != s.Width || int64(h) != s.Height {
			t.Errorf("report.html at %s: the first screen is %dx%d, want %dx%d", s, w, h, s.Width, s.Height)
		}
		name := filepath.Join(out, fmt.Sprintf("report-%d.png", s.Width))
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: report.html at %s, %dx%d, %d bytes", name, s, w, h, len(png))
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
