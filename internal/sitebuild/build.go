// Package sitebuild generates the committee's static site from a validated
// repository: the dashboard, a page per center and per document, the
// committee, the matrix, the mandate with its rules, the validation page,
// the committee report and a JSON API. The output is a pure function of the
// repository, its history, the as-of date and the options, and it replaces the previous
// site only once it is complete. It only renders: the validation, the git
// history (package sitehistory) and the forecast are computed before it and
// given to it as data.
package sitebuild

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/internal/validate"
)

// Options control a build.
type Options struct {
	// Out is the output folder. It is replaced whole.
	Out string
	// AsOf is the date the site describes (the same date validation used).
	AsOf time.Time
	// Theme overrides files of the default theme (nil: none).
	Theme fs.FS
	// Langs are the site's languages; the first is at the root, the others
	// in a folder named by their code. Empty: governance.yaml's languages,
	// else Norwegian then English.
	Langs []diag.Lang
	// Workers render pages in parallel; 0 means one per CPU.
	Workers int
	// History is what git says about the repository (read before the build by sitehistory.Read); nil
	// leaves "last changed" and recent changes out, and the report says
	// that the history of changes is unavailable.
	History *History
	// Forecast is what the horizon holds (forecast.Judge); nil leaves the
	// forecast out, and the pages say it was not computed.
	Forecast *forecast.Forecast
	// Meeting is the day of the meeting the agenda is drafted for (zero:
	// the next meeting the forecast runs to, if one is planned).
	Meeting time.Time
}

// siteInfo is what every page says about the site.
type siteInfo struct {
	Title        string
	Organisation string
}

// generator holds everything one build computes once and reads many times.
// After newGenerator returns, nothing in it is written, so pages render in
// parallel safely.
type generator struct {
	res      *validate.Result
	repo     *model.Repository
	asOf     time.Time
	asOfText string
	langs    []diag.Lang
	theme    fs.FS
	tmpl     map[diag.Lang]map[string]*template.Template
	// goKinds are the kinds of page written in Go rather than through
	// html/template (goPage): those whose templates the theme keeps.
	goKinds   map[string]bool
	tr        map[diag.Lang]*translations
	md        *markdown
	site      siteInfo
	standings []*Standing
	byCenter  map[string]*Standing
	// html is every document's Markdown body rendered once, shared by the
	// languages.
	html map[*doc.Document]template.HTML
	css  []byte
	// history is the build's git history (nil without); last indexes it
	// by page.
	history *History
	last    *lastIndex
	// forecast is the build's forecast (nil without); meeting the day of
	// the meeting the agenda is for (zero: the next planned).
	forecast *forecast.Forecast
	meeting  time.Time
	// persons are every person's roles and actions.
	persons *personIndex
	// events are each language's calendar (calendarEvents), computed once
	// for the calendars and the person pages.
	events map[diag.Lang]*langEvents

	cacheMu sync.Mutex
	cache   map[string]template.HTML
}

func newGenerator(res *validate.Result, opt Options) (*generator, error) {
	if res == nil || res.Repo == nil {
		return nil, fmt.Errorf("build: no repository")
	}
	g := &generator{
		res:      res,
		repo:     res.Repo,
		asOf:     opt.AsOf,
		asOfText: opt.AsOf.Format(time.DateOnly),
		theme:    themeFS(opt.Theme),
		tr:       map[diag.Lang]*translations{},
		byCenter: map[string]*Standing{},
		html:     map[*doc.Document]template.HTML{},
		cache:    map[string]template.HTML{},
		history:  opt.History,
		forecast: opt.Forecast,
		meeting:  opt.Meeting,
	}
	g.langs = siteLangs(res.Repo, opt.Langs)
	var err error
	g.tmpl = map[diag.Lang]map[string]*template.Template{}
	for _, l := range g.langs {
		if g.tr[l], err = loadTranslations(g.theme, l); err != nil {
			return nil, err
		}
		if g.tmpl[l], err = loadTemplates(g.theme, g.tr[l]); err != nil {
			return nil, err
		}
	}
	g.goKinds = goKinds(g.theme)
	if g.css, err = fs.ReadFile(g.theme, "static/style.css"); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	g.site = siteInfo{Title: g.tr[g.langs[0]].T("site.title")}
	if gov := res.Repo.Governance; gov != nil {
		if gov.Site.Title.V != "" {
			g.site.Title = gov.Site.Title.V
		}
		g.site.Organisation = gov.Organisation.V
	}
	clauseIDs := make([]string, len(rules.Clauses))
	for i, c := range rules.Clauses {
		clauseIDs[i] = c.ID
	}
	g.md = newMarkdown(clauseIDs)
	g.standings = standings(res, opt.AsOf)
	for _, s := range g.standings {
		g.byCenter[centerID(s.Center)] = s
	}
	g.persons = g.indexPeople()
	g.events = map[diag.Lang]*langEvents{}
	for _, l := range g.langs {
		g.events[l] = &langEvents{}
	}
	g.indexHistory(opt.History)
	return g, nil
}

// siteLangs decides the site's languages: the options, else the
// repository's, else nb and en. Unknown codes are skipped.
func siteLangs(repo *model.Repository, want []diag.Lang) []diag.Lang {
	var out []diag.Lang
	add := func(l diag.Lang) {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	for _, l := range want {
		add(l)
	}
	if len(out) == 0 && repo.Governance != nil {
		for _, s := range repo.Governance.Languages {
			if l, ok := diag.ParseLang(s.V); ok {
				add(l)
			}
		}
	}
	if len(out) == 0 {
		add(diag.NB)
	}
	// Both languages are always built, so every page has its translation.
	add(diag.NB)
	add(diag.EN)
	return out
}

// prefix is the folder of a language: the first is at the root.
func (g *generator) prefix(l diag.Lang) string {
	if l == g.langs[0] {
		return ""
	}
	return string(l) + "/"
}

// markdownDocs lists every document whose body the site renders.
func (g *generator) markdownDocs() []*doc.Document {
	var out []*doc.Document
	for _, d := range g.repo.Docs {
		if d.Markdown || d.Kind == doc.MandateText {
			out = append(out, d)
		}
	}
	return out
}

// renderMarkdown renders every Markdown body once, in parallel.
func (g *generator) renderMarkdown(workers int) {
	docs := g.markdownDocs()
	out := make([]template.HTML, len(docs))
	_ = parallel(workers, len(docs), func(i int, buf *bytes.Buffer) error {
		d := docs[i]
		if d.Kind == doc.MandateText {
			out[i] = g.md.renderMandate(d.Body, buf)
		} else {
			out[i] = g.md.render(d.Body, buf)
		}
		return nil
	})
	for i, d := range docs {
		g.html[d] = out[i]
	}
}

// parallel runs fn for 0..n-1 on workers goroutines, each with a buffer of
// its own that it reuses, and returns the first error by index.
func parallel(workers, n int, fn func(i int, buf *bytes.Buffer) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(n, 1))
	errs := make([]error, n)
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				errs[i] = fn(i, &buf)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// output is one file of the site.
type output struct {
	path string
	// Exactly one of page, json, render and data is set: a page to
	// render, a value to encode as JSON, a function that writes the file,
	// or the file's bytes. What is rendered is made when it is written, so
	// that a large site is never all in memory at once.
	page   *page
	json   any
	render func(*bytes.Buffer) error
	data   []byte
}

// Build writes the site for res into opt.Out. The site is written into a
// fresh folder beside Out and swapped in only when complete; a failed build
// leaves the previous site as it was. Out must be absent, empty or a site
// pmgov built before, or a symbolic link to an empty folder or such a
// site, which is then replaced where it is.
func Build(res *validate.Result, opt Options) error {
	if opt.Out == "" {
		return fmt.Errorf("build: no output folder")
	}
	out, err := resolveOut(opt.Out)
	if err != nil {
		return err
	}
	if err := checkReplaceable(out); err != nil {
		if out != filepath.Clean(opt.Out) {
			return fmt.Errorf("%w (%s is a symbolic link to it)", err, opt.Out)
		}
		return err
	}
	g, err := newGenerator(res, opt)
	if err != nil {
		return err
	}
	g.renderMarkdown(opt.Workers)
	outs, err := g.outputs()
	if err != nil {
		return err
	}
	return writeAtomically(out, func(dir, prev string) error {
		return g.write(dir, prev, outs, opt.Workers)
	})
}

// write renders every output into dir. When prev is a previous site, a
// file whose bytes are those of prev's file at the same path is a hard link
// to that file instead of a new one: a rebuild writes only what changed,
// and removing the previous site then frees only the files that changed
// (freeing thousands of files' blocks costs seconds on some file systems).
func (g *generator) write(dir, prev string, outs []output, workers int) error {
	dirs := map[string]bool{}
	for _, o := range outs {
		dirs[path.Dir(o.path)] = true
	}
	sorted := make([]string, 0, len(dirs))
	for d := range dirs {
		sorted = append(sorted, d)
	}
	slices.Sort(sorted)
	for _, d := range sorted {
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	// dir holds the marker already (writeAtomically writes it first): a
	// file just written shows the permissions (after the umask) a reused
	// file must have too.
	var reuse *reuser
	if prev != "" {
		reuse = newReuser(prev, filepath.Join(dir, markerFile))
	}
	// Each folder's files are written by one worker: creating a file locks
	// its folder, and on a file system slow to create files (ext4 after
	// many deletions scans for a free inode with the lock held) workers
	// writing into the same folder would spin on that lock.
	var folders [][]int
	index := map[string]int{}
	for i, o := range outs {
		d := path.Dir(o.path)
		k, ok := index[d]
		if !ok {
			k = len(folders)
			index[d] = k
			folders = append(folders, nil)
		}
		folders[k] = append(folders[k], i)
	}
	return parallel(workers, len(folders), func(k int, buf *bytes.Buffer) error {
		for _, i := range folders[k] {
			if err := g.writeOutput(dir, outs[i], reuse, buf); err != nil {
				return err
			}
		}
		return nil
	})
}

// writeOutput renders o and writes it into dir, or links the previous
// site's file when reuse has it unchanged.
func (g *generator) writeOutput(dir string, o output, reuse *reuser, buf *bytes.Buffer) error {
	if o.path == markerFile {
		return nil
	}
	data := o.data
	switch {
	case o.page != nil:
		buf.Reset()
		if err := g.renderPage(buf, o.page); err != nil {
			return err
		}
		data = buf.Bytes()
	case o.json != nil:
		buf.Reset()
		if err := encode(buf, o.json); err != nil {
			return err
		}
		data = buf.Bytes()
	case o.render != nil:
		buf.Reset()
		if err := o.render(buf); err != nil {
			return err
		}
		data = buf.Bytes()
	}
	rel := filepath.FromSlash(o.path)
	name := filepath.Join(dir, rel)
	if reuse.link(rel, name, data) {
		return nil
	}
	return createFile(name, data)
}

// renderPage renders a page: document and center pages in Go when the
// theme keeps their templates (goPage), every other page through its
// template.
func (g *generator) renderPage(buf *bytes.Buffer, p *page) error {
	g.prepare(p)
	if g.goKinds[p.Kind] && !p.Standalone {
		return g.goPage(buf, p)
	}
	return g.renderTemplate(buf, p)
}

// prepare sets what every page says about the site.
func (g *generator) prepare(p *page) {
	if p.CSP == "" {
		p.CSP = csp
	}
	p.Site = g.site
	p.Alternates = p.alternates()
}

// renderTemplate executes the page's template (after prepare).
func (g *generator) renderTemplate(buf *bytes.Buffer, p *page) error {
	t := g.tmpl[p.Lang][p.Kind]
	if t == nil {
		return fmt.Errorf("build %s: no template for %s pages", p.Path, p.Kind)
	}
	if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
		return fmt.Errorf("build %s%s: %w", p.prefix, p.Path, err)
	}
	return nil
}

// outputs lists every file of the site, sorted by path. The pages of each
// language and the API are prepared concurrently: they only read the
// generator, and each takes a tenth of a second for a large repository.
func (g *generator) outputs() ([]output, error) {
	pages := make([][]*page, len(g.langs))
	search := make([]output, len(g.langs))
	searchErrs := make([]error, len(g.langs))
	var api []output
	var apiErr error
	var wg sync.WaitGroup
	for i, l := range g.langs {
		wg.Go(func() {
			pages[i] = g.pages(l)
			search[i], searchErrs[i] = g.searchOutput(l, pages[i])
		})
	}
	wg.Go(func() { api, apiErr = g.api() })
	wg.Wait()
	if err := errors.Join(append(searchErrs, apiErr)...); err != nil {
		return nil, err
	}
	outs := search
	for _, ps := range pages {
		for _, p := range ps {
			outs = append(outs, output{path: p.prefix + p.Path, page: p})
		}
	}
	outs = append(outs, api...)
	feedOuts, err := g.feedOutputs()
	if err != nil {
		return nil, err
	}
	outs = append(outs, feedOuts...)
	static, err := g.static()
	if err != nil {
		return nil, err
	}
	outs = append(outs, static...)
	outs = append(outs, output{path: markerFile, data: []byte(markerText)})
	slices.SortFunc(outs, func(a, b output) int { return cmp.Compare(a.path, b.path) })
	for i := 1; i < len(outs); i++ {
		if outs[i].path == outs[i-1].path {
			return nil, fmt.Errorf("build: two outputs at %s", outs[i].path)
		}
	}
	return outs, nil
}

// static copies the theme's static/ folder to the site root. Files of both
// layers are listed, the top one winning.
func (g *generator) static() ([]output, error) {
	names := map[string]bool{}
	for _, layer := range []fs.FS{g.theme.(overlay).top, g.theme.(overlay).base} {
		if layer == nil {
			continue
		}
		err := fs.WalkDir(layer, "static", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == "static" && os.IsNotExist(err) {
					return fs.SkipDir
				}
				return err
			}
			if !d.IsDir() {
				names[p] = true
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
	}
	var out []output
	for name := range names {
		b, err := fs.ReadFile(g.theme, name)
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		out = append(out, output{path: name[len("static/"):], data: b})
	}
	return out, nil
}

// docPath is the site path (within a language folder) of a document's page.
func docPath(d *doc.Document) string {
	c := d.Center
	switch d.Kind {
	case doc.Center:
		return "centers/" + c + ".html"
	case doc.Strategy:
		return "centers/" + c + "/strategy-" + d.PathID + ".html"
	case doc.Report:
		return "centers/" + c + "/reports/" + d.PathID + ".html"
	case doc.Advice:
		return "centers/" + c + "/advice/" + d.PathID + ".html"
	case doc.Evaluation:
		return "centers/" + c + "/evaluations/term-" + d.PathID + ".html"
	case doc.ActionPlan:
		return "centers/" + c + ".html#plan-" + d.PathID
	case doc.Education:
		return "centers/" + c + ".html#education"
	case doc.Decision:
		return "committee/decisions/" + d.PathID + ".html"
	case doc.Meeting:
		return "committee/meetings/" + d.PathID + ".html"
	case doc.Mandate, doc.MandateText:
		return "mandates/" + d.PathID + ".html"
	case doc.Committee:
		return "committee.html"
	}
	return "validation.html"
}
