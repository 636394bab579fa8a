package sitebuild

import (
	"bytes"
	"html/template"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ous-pm/pmgov/internal/changes"
	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
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
	if err := g.goPage(&got, p); err != nil {
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

// sameDocPages compares both renderings of every page of res written in Go
// and returns how many pages it compared.
func sameDocPages(t *testing.T, res *validate.Result, opt Options) int {
	t.Helper()
	if opt.AsOf.IsZero() {
		opt.AsOf = asOf
	}
	g, err := newGenerator(res, opt)
	if err != nil {
		t.Fatal(err)
	}
	for kind := range goRenderers {
		if !g.goKinds[kind] && opt.Theme == nil {
			t.Fatalf("the default theme's %s pages are not rendered in Go", kind)
		}
	}
	g.renderMarkdown(1)
	n := 0
	for _, l := range g.langs {
		for _, p := range g.pages(l) {
			if goRenderers[p.Kind] != nil {
				sameRendering(t, g, p)
				n++
			}
		}
	}
	return n
}

// TestDocPageMatchesTemplate renders every document, center and person page of the fixture,
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
	r := newGovernanceHistory(t)
	sameDocPages(t, r.res, Options{History: r.sinceMeeting()})

	res := reportFixture(t)
	hist := reportHistory(t, res)
	when := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	hist.Recent = map[string][]changes.Commit{"kre": {
		{Date: when, Author: "Kari <b>Nordmann</b>", Subject: "A + B & \"C\"", Hash: "0123456789abcdef0123456789abcdef01234567"},
		{Date: when.AddDate(0, 0, -9), Truncated: true},
	}}
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

// TestThemeKeepsDocTemplates: a theme that overrides a template a page
// kind is made of gets that kind rendered through its templates.
func TestThemeKeepsDocTemplates(t *testing.T) {
	res := validated(t, fixture.BaseWith(nil))
	for kind := range goRenderers {
		for _, name := range kindTemplates(kind) {
			theme := fstest.MapFS{name: {Data: append(mustRead(t, "../../site/"+name), []byte(`{{define "themed"}}{{end}}`)...)}}
			g, err := newGenerator(res, Options{AsOf: asOf, Theme: theme})
			if err != nil {
				t.Fatal(err)
			}
			if g.goKinds[kind] {
				t.Errorf("a theme overriding %s gets %s pages rendered in Go", name, kind)
			}
		}
	}
	theme := fstest.MapFS{
		"templates/pages/document.html": {Data: bytes.Replace(mustRead(t, "../../site/templates/pages/document.html"), []byte(`<div class="prose">`), []byte(`<div class="prose themed">`), 1)},
		"templates/pages/center.html":   {Data: bytes.Replace(mustRead(t, "../../site/templates/pages/center.html"), []byte(`<p class="badges">`), []byte(`<p class="badges themed">`), 1)},
	}
	dir := buildSite(t, res, Options{Theme: theme})
	contains(t, "themed decision page", readFile(t, dir, "committee/decisions/PMU-2024-01.html"), `<div class="prose themed">`)
	contains(t, "themed center page", readFile(t, dir, "centers/kre.html"), `<p class="badges themed">`)
	g, err := newGenerator(res, Options{AsOf: asOf, Theme: fstest.MapFS{"static/style.css": {Data: []byte("body{}")}}})
	if err != nil {
		t.Fatal(err)
	}
	for kind := range goRenderers {
		if !g.goKinds[kind] {
			t.Errorf("a theme with its own stylesheet only loses the Go %s pages", kind)
		}
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
			if err := g.goPage(&got, p); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want.Bytes(), got.Bytes()) {
				t.Fatalf("alternates %q: the Go renderer differs from the template", s)
			}
		}
	})
}

// FuzzCenterPage puts one arbitrary string into every value a center page
// shows (the center's fields, its documents, terms, actions, diagnostics
// and recent changes) and requires both renderings to be the same bytes.
func FuzzCenterPage(f *testing.F) {
	for _, s := range []string{"", "plain", `<script>alert("x")</script>`, "javascript:alert(1)", "https://a.example/b?c=d&e=f#g h",
		"mailto:a@b", "a+b'c\"d&e<f>g", "\x00", "%zz%41é\xff", "{{.Title}}", "ø æ å – ’"} {
		f.Add(s, 3, false)
	}
	res := validated(f, fixture.BaseWith(nil))
	g, err := newGenerator(res, Options{AsOf: asOf})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string, n int, flag bool) {
		str := model.String{V: s}
		strs := model.Strings{str, str}
		date := model.Date{Raw: s}
		src := func(kind doc.Kind) model.Source {
			return model.Source{Doc: &doc.Document{Path: s, Kind: kind, PathID: s, Center: s}}
		}
		c := &model.Center{Source: src(doc.Center), ID: str, Name: str, ShortName: str, Kind: str, Theme: str, Status: str, AnchorUnit: str,
			Leader: str, EstablishedBy: str, ClosedBy: str, Terms: []model.Term{{Start: date, End: date}},
			Board:              []model.BoardMember{{Person: str, Role: str, Competences: strs}},
			ParticipatingUnits: strs, DiseaseGroups: []model.Named{{ID: str, Name: str}, {Name: str}}, PatientPathways: []model.Named{{Name: str}},
			TechnologyAreas: []model.TechArea{{Center: str, Decision: str}}, NationalActivities: strs,
			Organisation: model.Organisation{Summary: str, Decision: str}, Funding: model.Funding{BudgetUnit: str},
			Research:    []model.ResearchItem{{Title: str, Role: str, URL: str}},
			Strategies:  []*model.Strategy{{Source: src(doc.Strategy), Period: model.Period{Start: date, End: date}, ApprovedBy: str, Goals: []model.Goal{{ID: str, Title: str, FocusAreas: strs}}}},
			Reports:     []*model.Report{{Source: src(doc.Report), Submitted: model.Date{Raw: s}}},
			Education:   &model.Education{Programmes: []model.Programme{{Title: str, Audiences: strs, Status: str, Start: date, End: date}}},
			Advice:      []*model.Advice{{Source: src(doc.Advice), Title: str, Date: date, Status: str}},
			Evaluations: []*model.Evaluation{{Source: src(doc.Evaluation), Date: date, Outcome: str}},
		}
		if flag {
			// The other branches: no technology areas but pairings, and
			// empty lists.
			c.TechnologyAreas, c.NationalActivities, c.Research, c.Board, c.Education = nil, nil, nil, nil, nil
			c.Strategies, c.Reports, c.Advice, c.Evaluations, c.ParticipatingUnits = nil, nil, nil, nil, nil
		}
		plan := &model.ActionPlan{Source: src(doc.ActionPlan), Strategy: str, Actions: []model.Action{{ID: str, Title: str, Goal: str, Owner: str, Due: date, Status: str, Tasks: strs}}}
		st := &Standing{Center: c, Health: s, MissingReports: n, Diags: []diag.Diagnostic{
			{Rule: s, Severity: diag.Severity(n & 3), Pos: diag.Pos{File: s, Line: n}, Message: diag.Text{NB: s, EN: s}, Hint: diag.Text{NB: s, EN: s}, Clause: s, WaivedBy: s},
			{Rule: s, Message: diag.Text{NB: s, EN: s}},
		}}
		v := &centerView{S: st, C: c, ID: s, Plans: []*model.ActionPlan{plan}, Overdue: map[string]int{s: n},
			Timeline: template.HTML(s), Terms: []termRow{{Center: c, No: n, Term: &c.Terms[0], Current: true, Evaluated: &model.Evaluation{Source: src(doc.Evaluation), Date: date, Outcome: str}}, {Center: c, No: n + 1, Term: &c.Terms[0]}},
			Recent: []*changeView{{Date: s, Author: s, Subject: s, Hash: s}, {Date: s, Truncated: true}}}
		if flag {
			v.PairedWith, v.Terms, v.Plans, v.Recent, st.Diags = []*model.Center{c, c}, nil, nil, nil, nil
		}
		for _, l := range []diag.Lang{diag.NB, diag.EN} {
			p := &page{g: g, tr: g.tr[l], Lang: l, prefix: g.prefix(l), Path: "centers/x.html", Kind: "center", Title: s, Data: v}
			sameRendering(t, g, p)
		}
	})
}
