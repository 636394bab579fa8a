package sitebuild

import (
	"bytes"
	"html/template"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

// sameRendering renders p through the theme's templates and through the Go
// renderer and fails on the first byte where they differ.
func sameRendering(t *testing.T, g *generator, p *page) {
	t.Helper()
	g.prepare(p)
	var want, got bytes.Buffer
	if err := g.renderTemplate(&want, p); err != nil {
		t.Fatalf("%s%s through the template: %v", p.prefix, p.Path, err)
	}
	if err := g.docPage(&got, p); err != nil {
		t.Fatalf("%s%s in Go: %v", p.prefix, p.Path, err)
	}
	if !bytes.Equal(want.Bytes(), got.Bytes()) {
		w, h := want.String(), got.String()
		i := 0
		for i < len(w) && i < len(h) && w[i] == h[i] {
			i++
		}
		from := max(i-120, 0)
		t.Fatalf("%s%s: the Go renderer differs from the template at byte %d:\ntemplate: %q\nGo:       %q",
			p.prefix, p.Path, i, w[from:min(i+120, len(w))], h[from:min(i+120, len(h))])
	}
}

// sameDocPages compares both renderings of every document page of res and
// returns how many pages it compared.
func sameDocPages(t *testing.T, res *validate.Result, opt Options) int {
	t.Helper()
	if opt.AsOf.IsZero() {
		opt.AsOf = asOf
	}
	g, err := newGenerator(res, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !g.fastDocs {
		t.Fatal("the default theme's document pages are not rendered in Go")
	}
	g.renderMarkdown(1)
	n := 0
	for _, l := range g.langs {
		for _, p := range g.pages(l) {
			if p.Kind == "document" {
				sameRendering(t, g, p)
				n++
			}
		}
	}
	return n
}

// TestDocPageMatchesTemplate renders every document page of the fixture,
// the hostile content, a synthetic repository with every kind of document
// and the repository's own default content both ways.
func TestDocPageMatchesTemplate(t *testing.T) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for name, res := range map[string]*validate.Result{
		"fixture":   validated(t, fixture.BaseWith(nil)),
		"hostile":   validated(t, hostileRepo()),
		"synthetic": validate.Run(synth.MapFS(synth.Spec{Centers: 3, DocsPerCenter: 30}), validate.Options{AsOf: day}),
		"default":   validate.Run(os.DirFS("../.."), validate.Options{AsOf: day}),
	} {
		t.Run(name, func(t *testing.T) {
			if n := sameDocPages(t, res, Options{AsOf: day}); n < 10 {
				t.Errorf("only %d document pages compared", n)
			}
		})
	}
}

// TestDocPageMatchesTemplateWithHistory compares pages that show their last
// change, and the pages of a shallow clone's cut history.
func TestDocPageMatchesTemplateWithHistory(t *testing.T) {
	res := reportFixture(t)
	hist := reportHistory(t, res)
	sameDocPages(t, res, Options{AsOf: reportAsOf, History: hist})
	for p, c := range hist.Last {
		c.Truncated = true
		hist.Last[p] = c
	}
	sameDocPages(t, res, Options{AsOf: reportAsOf, History: hist})
}

// TestDocPageHostileTranslations compares both renderings under a theme
// whose translations hold markup, quotes, plus signs and template
// delimiters: labels are escaped as the templates escape them.
func TestDocPageHostileTranslations(t *testing.T) {
	nb := string(mustRead(t, "../../site/i18n/nb.yaml"))
	for _, key := range []string{"doc.date", "doc.source", "nav.skip", "report.rule", "history.by", "history.last-changed", "action.plan"} {
		nb = strings.Replace(nb, "\n"+key+":", "\n"+key+`: "<b x='1'>a+b & \"c\" {{.Title}}</b>"`+"\n_old_"+key+":", 1)
	}
	nb = strings.Replace(nb, "\nhistory.cut:", "\nhistory.cut: \"<i>%s+%q</i>\"\n_old_history.cut:", 1)
	theme := fstest.MapFS{"i18n/nb.yaml": {Data: []byte(nb)}}
	res := reportFixture(t)
	hist := reportHistory(t, res)
	sameDocPages(t, res, Options{AsOf: reportAsOf, History: hist, Theme: theme})
	for p, c := range hist.Last {
		c.Truncated = true
		hist.Last[p] = c
	}
	sameDocPages(t, res, Options{AsOf: reportAsOf, History: hist, Theme: theme})
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestThemeKeepsDocTemplates: a theme that overrides a template a document
// page is made of is rendered through its templates.
func TestThemeKeepsDocTemplates(t *testing.T) {
	res := validated(t, fixture.BaseWith(nil))
	for _, name := range docTemplates {
		b := mustRead(t, "../../site/"+name)
		var theme fstest.MapFS
		if name == "templates/pages/document.html" {
			b = bytes.Replace(b, []byte(`<div class="prose">`), []byte(`<div class="prose themed">`), 1)
		} else {
			b = append(b, []byte(`{{define "themed"}}{{end}}`)...)
		}
		theme = fstest.MapFS{name: {Data: b}}
		g, err := newGenerator(res, Options{AsOf: asOf, Theme: theme})
		if err != nil {
			t.Fatal(err)
		}
		if g.fastDocs {
			t.Errorf("a theme overriding %s gets document pages rendered in Go", name)
		}
	}
	theme := fstest.MapFS{"templates/pages/document.html": {Data: bytes.Replace(mustRead(t, "../../site/templates/pages/document.html"),
		[]byte(`<div class="prose">`), []byte(`<div class="prose themed">`), 1)}}
	dir := buildSite(t, res, Options{Theme: theme})
	contains(t, "themed decision page", readFile(t, dir, "committee/decisions/PMU-2024-01.html"), `<div class="prose themed">`)
	if g, _ := newGenerator(res, Options{AsOf: asOf, Theme: fstest.MapFS{"static/style.css": {Data: []byte("body{}")}}}); !g.fastDocs {
		t.Error("a theme with its own stylesheet only loses the Go document pages")
	}
}

// FuzzDocPage puts one arbitrary string into every value a document page
// shows (names, titles, dates as written, ids, links, translations of the
// change line) and requires both renderings to be the same bytes.
func FuzzDocPage(f *testing.F) {
	for _, s := range []string{"", "plain", `<script>alert("x")</script>`, "javascript:alert(1)", "JaVaScRiPt:x", "https://a.example/b?c=d&e=f#g h",
		"mailto:a@b", "a+b'c\"d&e<f>g", "\x00", "%zz%41é\xff", "//evil", "/a:b", "data:text/html,x", "{{.Title}}", "ø æ å – ’"} {
		f.Add(s, 3, false)
	}
	res := validated(f, fixture.BaseWith(nil))
	g, err := newGenerator(res, Options{AsOf: asOf})
	if err != nil {
		f.Fatal(err)
	}
	center := res.Repo.Centers[0]
	f.Fuzz(func(t *testing.T, s string, n int, truncated bool) {
		str := model.String{V: s}
		date := model.Date{Raw: s}
		d := &docView{
			Center:     center,
			Strategy:   &model.Strategy{Period: model.Period{Start: date, End: date}, ApprovedBy: str, Goals: []model.Goal{{ID: str, Title: str, FocusAreas: model.Strings{str, str}}}},
			Report:     &model.Report{Period: str, Submitted: date, Author: str, ActionPlan: model.Int{V: n, OK: n != 0}, Actions: []model.ActionStatus{{Action: str, Status: str, Comment: str}}, Effort: model.Effort{Unit: str, Allocation: []model.Share{{Group: str, Share: model.Number{Raw: s}, Rationale: str}}}},
			Advice:     &model.Advice{Date: date, Title: str, ToUnit: str, Priority: str, Status: str},
			Evaluation: &model.Evaluation{Term: model.Int{V: n}, Date: date, Outcome: str, Decision: str},
			Decision:   &model.Decision{Date: date, Meeting: str, Type: str, Centers: model.Strings{str, str}, Waivers: []model.Waiver{{Rule: str, Center: str, Until: date}}},
			Meeting:    &model.Meeting{Date: date, Attendees: model.Strings{str, str}, Decisions: model.Strings{str}},
			Body:       template.HTML(s),
			Source:     s,
			CenterHref: s,
			CenterName: s,
		}
		for _, l := range []diag.Lang{diag.NB, diag.EN} {
			p := &page{g: g, tr: g.tr[l], Lang: l, prefix: g.prefix(l), Path: "centers/kre/advice/x.html", Kind: "document", Title: s, Data: d,
				Last: &changeView{Date: s, Author: s, Subject: s, Hash: s, Truncated: truncated}}
			sameRendering(t, g, p)
			p.Alternates = []alternate{{Lang: s, Label: s, Href: s}}
			p.Site = siteInfo{Title: s, Organisation: s}
			p.CSP = s
			var want, got bytes.Buffer
			if err := g.renderTemplate(&want, p); err != nil {
				t.Fatal(err)
			}
			if err := g.docPage(&got, p); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Fatalf("alternates %q: the Go renderer differs from the template", s)
			}
		}
	})
}
