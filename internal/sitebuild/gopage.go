package sitebuild

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"strconv"

	"github.com/ous-pm/pmgov/internal/model"
)

// Most of the site's pages are document pages (advice, reports, decisions,
// …: some 18,000 of 18,500 for a 10,000-document repository), and the
// center pages are the largest; html/template spends most of a build on
// them, reaching every field and method through reflection. goPage
// writes the same bytes directly: the layout of
// templates/layout.html around the "content" of templates/pages/document.html
// or templates/pages/center.html, with the partials they use, escaped as
// html/template escapes each context. The templates stay the single
// source of the markup: renderers_test.go renders every such page of the
// default content, the fixture, the hostile content and a repository with
// history both ways and requires the same bytes (and a fuzz target does so
// for arbitrary values), so a change to one of those templates that is not
// made here too fails the tests. The masthead and the footer come from the
// templates (rendered once and cached), and a theme that overrides any of
// the templates a page kind is made of is rendered by its templates
// (goKinds).

// goRenderers are the page kinds written in Go.
var goRenderers = map[string]func(g *generator, w pageWriter) error{
	"document": (*generator).docContent,
	"center":   (*generator).centerContent,
}

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

// pageWriter writes one page into b.
type pageWriter struct {
	b *bytes.Buffer
	p *page
}

// raw writes markup.
func (w pageWriter) raw(s string) { w.b.WriteString(s) }

// text writes a value in text or a quoted attribute value.
func (w pageWriter) text(s string) { escText(w.b, s) }

// label writes a label the template writes as {{.T KEY}}, which
// loadTemplates inlines, escaped by template.HTMLEscapeString, when the
// table has it.
func (w pageWriter) label(key string) {
	if s, ok := w.p.tr.m[key]; ok {
		w.b.WriteString(template.HTMLEscapeString(s))
		return
	}
	escText(w.b, key)
}

// goPage writes a page of one of goRenderers' kinds: what renderTemplate
// writes through the theme's templates.
func (g *generator) goPage(b *bytes.Buffer, p *page) error {
	content := goRenderers[p.Kind]
	if content == nil || p.Standalone {
		return fmt.Errorf("build %s%s: no Go renderer for %s pages", p.prefix, p.Path, p.Kind)
	}
	masthead, err := p.Cached("masthead")
	if err != nil {
		return fmt.Errorf("build %s%s: %w", p.prefix, p.Path, err)
	}
	footer, err := p.Cached("footer")
	if err != nil {
		return fmt.Errorf("build %s%s: %w", p.prefix, p.Path, err)
	}
	w := pageWriter{b: b, p: p}
	w.raw("<!DOCTYPE html>\n<html lang=\"")
	w.text(string(p.Lang))
	w.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"")
	w.text(p.CSP)
	w.raw("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<link rel=\"icon\" href=\"data:,\">\n<title>")
	w.text(p.Title)
	w.raw(" – ")
	w.text(p.Site.Title)
	w.raw("</title>\n<link rel=\"stylesheet\" href=\"")
	escURL(b, p.Asset("style.css"))
	w.raw("\">\n")
	w.raw("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"")
	w.label("feed.title")
	w.raw("\" href=\"")
	escURL(b, p.Href("feed.xml"))
	w.raw("\">\n<link rel=\"alternate\" type=\"text/calendar\" title=\"")
	w.label("calendar.title")
	w.raw("\" href=\"")
	escURL(b, p.Href("calendar.ics"))
	w.raw("\">\n")
	for _, a := range p.Alternates {
		w.raw("<link rel=\"alternate\" hreflang=\"")
		w.text(a.Lang)
		w.raw("\" href=\"")
		escURL(b, a.Href)
		w.raw("\">\n")
	}
	w.raw("</head>\n<body class=\"page-")
	w.text(p.Kind)
	w.raw("\">\n<a class=\"skip\" href=\"#main\">")
	w.label("nav.skip")
	w.raw("</a>\n<header class=\"site-header\">\n<div class=\"wrap\">\n")
	w.raw(string(masthead))
	w.raw("\n")
	for _, a := range p.Alternates {
		w.raw("<p class=\"lang\"><a href=\"")
		escURL(b, a.Href)
		w.raw("\" hreflang=\"")
		w.text(a.Lang)
		w.raw("\" lang=\"")
		w.text(a.Lang)
		w.raw("\">")
		w.text(a.Label)
		w.raw("</a></p>")
	}
	w.raw("\n</div>\n</header>\n<main id=\"main\" class=\"wrap\">\n<h1>")
	w.text(p.Title)
	w.raw("</h1>\n")
	if err := content(g, w); err != nil {
		return err
	}
	w.raw("\n")
	w.lastChanged()
	w.raw("\n</main>\n")
	w.raw(string(footer))
	w.raw("\n</body>\n</html>\n")
	return nil
}

// docContent is the "content" template of templates/pages/document.html.
func (g *generator) docContent(w pageWriter) error {
	p := w.p
	d, ok := p.Data.(*docView)
	if !ok {
		return fmt.Errorf("build %s%s: a document page without a document", p.prefix, p.Path)
	}
	w.raw("\n<dl class=\"facts meta\">\n")
	if d.Center != nil {
		w.raw("<dt>")
		w.label("doc.center")
		w.raw("</dt><dd><a href=\"")
		escURL(w.b, d.CenterHref)
		w.raw("\">")
		w.text(d.CenterName)
		w.raw("</a></dd>")
	}
	w.raw("\n")
	if s := d.Strategy; s != nil {
		w.raw("\n")
		w.term("doc.period")
		w.text(s.Period.Start.String())
		w.raw(" – ")
		w.text(s.Period.End.String())
		w.raw("</dd>\n")
		w.term("strategy.approved-by")
		w.decisionLink(s.ApprovedBy.V)
		w.raw("</dd>\n")
	}
	w.raw("\n")
	if r := d.Report; r != nil {
		w.raw("\n")
		w.term("doc.period")
		w.text(r.Period.V)
		w.raw("</dd>\n")
		w.term("report.submitted-label")
		w.text(r.Submitted.String())
		w.raw("</dd>\n")
		w.term("doc.author")
		if r.Author.V != "" {
			w.text(p.PersonName(r.Author.V))
		} else {
			w.raw("–")
		}
		w.raw("</dd>\n")
		w.term("action.plan")
		if r.ActionPlan.OK {
			w.raw("<a href=\"")
			escURL(w.b, d.CenterHref)
			w.raw("#plan-")
			escURLPart(w.b, strconv.Itoa(r.ActionPlan.V))
			w.raw("\">")
			w.text(strconv.Itoa(r.ActionPlan.V))
			w.raw("</a>")
		} else {
			w.raw("–")
		}
		w.raw("</dd>\n")
	}
	w.raw("\n")
	if a := d.Advice; a != nil {
		w.raw("\n")
		w.term("doc.date")
		w.text(a.Date.String())
		w.raw("</dd>\n")
		w.term("advice.to-unit")
		if a.ToUnit.V != "" {
			w.text(p.UnitName(a.ToUnit.V))
		} else {
			w.raw("–")
		}
		w.raw("</dd>\n")
		w.term("advice.priority")
		w.text(p.L("priority", a.Priority.V))
		w.raw("</dd>\n")
		w.term("advice.status")
		w.text(p.L("advice-status", a.Status.V))
		w.raw("</dd>\n")
	}
	w.raw("\n")
	if e := d.Evaluation; e != nil {
		w.raw("\n")
		w.term("report.term")
		w.text(strconv.Itoa(e.Term.V))
		w.raw("</dd>\n")
		w.term("doc.date")
		w.text(e.Date.String())
		w.raw("</dd>\n")
		w.term("evaluation.outcome")
		w.text(p.L("outcome", e.Outcome.V))
		w.raw("</dd>\n")
		w.term("report.decision")
		w.decisionLink(e.Decision.V)
		w.raw("</dd>\n")
	}
	w.raw("\n")
	if dec := d.Decision; dec != nil {
		w.raw("\n")
		w.term("doc.date")
		w.text(dec.Date.String())
		w.raw("</dd>\n")
		w.term("decision.type")
		w.text(p.L("decision-type", dec.Type.V))
		w.raw("</dd>\n")
		w.term("decision.meeting")
		if m := dec.Meeting.V; m != "" {
			href := p.MeetingHref(m)
			if href != "" {
				w.raw("<a href=\"")
				escURL(w.b, href)
				w.raw("\">")
			}
			w.text(m)
			if href != "" {
				w.raw("</a>")
			}
		} else {
			w.raw("–")
		}
		w.raw("</dd>\n")
		if len(dec.Centers) > 0 {
			w.term("decision.centers")
			for i, x := range dec.Centers {
				if i > 0 {
					w.raw(", ")
				}
				href := p.CenterHref(x.V)
				if href != "" {
					w.raw("<a href=\"")
					escURL(w.b, href)
					w.raw("\">")
				}
				w.text(p.CenterName(x.V))
				if href != "" {
					w.raw("</a>")
				}
			}
			w.raw("</dd>")
		}
		w.raw("\n")
	}
	w.raw("\n")
	if m := d.Meeting; m != nil {
		w.raw("\n")
		w.term("doc.date")
		w.text(m.Date.String())
		w.raw("</dd>\n")
		w.term("meeting.attendees")
		for i, x := range m.Attendees {
			if i > 0 {
				w.raw(", ")
			}
			w.text(p.PersonName(x.V))
		}
		w.raw("</dd>\n")
		w.term("meeting.decisions")
		for i, x := range m.Decisions {
			if i > 0 {
				w.raw(", ")
			}
			w.decisionLink(x.V)
		}
		w.raw("</dd>\n")
	}
	w.raw("\n</dl>\n\n")
	if dec := d.Decision; dec != nil && len(dec.Waivers) > 0 {
		w.tableStart("decision.waivers")
		w.raw("<thead><tr><th scope=\"col\">")
		w.label("report.rule")
		w.raw("</th><th scope=\"col\">")
		w.label("report.center")
		w.raw("</th><th scope=\"col\">")
		w.label("report.until")
		w.raw("</th></tr></thead>\n<tbody>")
		for _, x := range dec.Waivers {
			w.raw("<tr><td><a href=\"")
			escURL(w.b, p.RuleHref(x.Rule.V))
			w.raw("\">")
			w.text(x.Rule.V)
			w.raw("</a></td><td>")
			w.text(p.CenterName(x.Center.V))
			w.raw("</td><td class=\"date\">")
			w.text(x.Until.String())
			w.raw("</td></tr>")
		}
		w.raw("</tbody></table></div>")
	}
	w.raw("\n\n")
	if s := d.Strategy; s != nil && len(s.Goals) > 0 {
		w.tableStart("strategy.goals")
		w.goals(p, s.Goals, "")
	}
	w.raw("\n\n")
	if r := d.Report; r != nil {
		w.raw("\n")
		if len(r.Actions) > 0 {
			w.tableStart("report.actions")
			w.raw("<thead><tr><th scope=\"col\">")
			w.label("action.id")
			w.raw("</th><th scope=\"col\">")
			w.label("action.status")
			w.raw("</th><th scope=\"col\">")
			w.label("report.comment")
			w.raw("</th></tr></thead>\n<tbody>")
			for _, x := range r.Actions {
				w.raw("<tr><th scope=\"row\">")
				w.text(x.Action.V)
				w.raw("</th><td>")
				w.raw(string(p.Badge("action-status", x.Status.V)))
				w.raw("</td><td>")
				w.text(x.Comment.V)
				w.raw("</td></tr>")
			}
			w.raw("</tbody></table></div>")
		}
		w.raw("\n")
		if len(r.Effort.Allocation) > 0 {
			w.tableStart("report.effort")
			w.raw("<thead><tr><th scope=\"col\">")
			w.label("effort.group")
			w.raw("</th><th scope=\"col\">")
			w.label("effort.amount")
			w.raw("</th><th scope=\"col\">")
			w.label("effort.rationale")
			w.raw("</th></tr></thead>\n<tbody>")
			for _, x := range r.Effort.Allocation {
				w.raw("<tr><th scope=\"row\">")
				if dg := diseaseGroup(d.Center, x.Group.V); dg != nil {
					w.text(dg.Name.V)
				} else {
					w.text(x.Group.V)
				}
				w.raw("</th><td class=\"num\">")
				w.text(x.Share.Raw)
				w.raw(" ")
				w.text(p.L("effort-unit", r.Effort.Unit.V))
				w.raw("</td><td>")
				w.text(x.Rationale.V)
				w.raw("</td></tr>")
			}
			w.raw("</tbody></table></div>")
		}
		w.raw("\n")
	}
	w.raw("\n\n<div class=\"prose\">")
	w.raw(string(d.Body))
	w.raw("</div>\n<p class=\"source\">")
	w.label("doc.source")
	w.raw(": <code>")
	w.text(d.Source)
	w.raw("</code></p>\n")
	return nil
}

// diseaseGroup is c.DiseaseGroup(id), nil for a document without a center.
func diseaseGroup(c *model.Center, id string) *model.Named {
	if c == nil {
		return nil
	}
	return c.DiseaseGroup(id)
}

// tableStart opens a labelled, scrolling table captioned by the label key.
// goals writes a strategy's goals table from its head to the end of its
// wrapper; rowEnd is what follows each row, as the template that is
// mirrored has it (the center page's rows end their line, the document
// page's do not).
func (w pageWriter) goals(p *page, goals []model.Goal, rowEnd string) {
	w.raw("<thead><tr><th scope=\"col\">")
	w.label("goal.id")
	w.raw("</th><th scope=\"col\">")
	w.label("goal.title")
	w.raw("</th><th scope=\"col\">")
	w.label("goal.focus-areas")
	w.raw("</th></tr></thead>\n<tbody>")
	for _, x := range goals {
		w.raw("<tr><th scope=\"row\">")
		w.text(x.ID.V)
		w.raw("</th><td>")
		w.text(x.Title.V)
		w.raw("</td><td>")
		for i, f := range x.FocusAreas {
			if i > 0 {
				w.raw(", ")
			}
			w.text(p.L("focus", f.V))
		}
		w.raw("</td></tr>" + rowEnd)
	}
	w.raw("</tbody></table></div>")
}

// term opens an entry of a description list: the label of key as its term,
// then the description, which the caller writes and closes.
func (w pageWriter) term(key string) {
	w.raw("<dt>")
	w.label(key)
	w.raw("</dt><dd>")
}

func (w pageWriter) tableStart(key string) {
	w.raw("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"")
	w.label(key)
	w.raw("\"><table><caption>")
	w.label(key)
	w.raw("</caption>\n")
}

// decisionLink is the "decision-link" partial.
func (w pageWriter) decisionLink(id string) {
	if id == "" {
		w.raw("–")
		return
	}
	if href := w.p.DecisionHref(id); href != "" {
		w.raw("<a href=\"")
		escURL(w.b, href)
		w.raw("\">")
		w.text(id)
		w.raw("</a>")
		return
	}
	w.text(id)
}

// lastChanged is the "last-changed" partial with its "change".
func (w pageWriter) lastChanged() {
	c := w.p.Last
	if c == nil {
		return
	}
	w.raw("<p class=\"last-changed\">")
	w.label("history.last-changed")
	w.raw(": ")
	w.change(c)
	w.raw("</p>")
}

// change is the "change" partial.
func (w pageWriter) change(c *changeView) {
	if c.Truncated {
		w.text(fmt.Sprintf(w.p.T("history.cut"), c.Date))
	} else {
		w.raw("<time datetime=\"")
		w.text(c.Date)
		w.raw("\">")
		w.text(c.Date)
		w.raw("</time> ")
		w.text(w.p.T("history.by"))
		w.raw(" ")
		w.text(c.Author)
		w.raw(" – <q>")
		w.text(c.Subject)
		w.raw("</q> (<code>")
		w.text(c.Hash)
		w.raw("</code>)")
	}
}
