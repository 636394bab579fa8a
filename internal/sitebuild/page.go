package sitebuild

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
)

// csp is the Content-Security-Policy every page carries: scripts and
// styles come only from the site's own files (search.js and the search
// index; no inline script runs), images only from the site or inline
// data, and no form posts anywhere.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"

// page is what a template sees: the page's own data plus the helpers every
// template needs (translation, relative links, names of referenced things).
type page struct {
	g  *generator
	tr *translations
	// Lang is the page's language; prefix its folder ("" or "en/").
	Lang   diag.Lang
	prefix string
	// Path is the page's file within its language folder.
	Path  string
	Kind  string
	Title string
	Data  any
	// Standalone pages (the report written by `pmgov report`) inline the
	// stylesheet, allowed by its hash in the CSP.
	Standalone bool
	InlineCSS  template.CSS
	CSP        string
	// Last is the last change of the files the page renders (nil without
	// history).
	Last *changeView
	// Site is the site's title and organisation. It and Alternates are
	// fields, not methods, because every page reads them: a template
	// reads a field for a fraction of what a method call costs it.
	Site siteInfo
	// Alternates lists the page in the site's other languages (none in a
	// standalone page).
	Alternates []alternate

	root *string
}

// Root is the relative path from the page to the site root ("", "../", …).
func (p *page) Root() string {
	if p.root == nil {
		r := strings.Repeat("../", strings.Count(p.prefix+p.Path, "/"))
		p.root = &r
	}
	return *p.root
}

// Cached renders the theme's template name once per language, folder
// depth and page kind, and reuses the result: the masthead and the footer
// are the same on thousands of pages, and the same for every page of
// the same kind and folder.
func (p *page) Cached(name string) (template.HTML, error) {
	key := name + "|" + string(p.Lang) + "|" + p.Root() + "|" + p.Kind
	p.g.cacheMu.Lock()
	h, ok := p.g.cache[key]
	p.g.cacheMu.Unlock()
	if ok {
		return h, nil
	}
	var buf bytes.Buffer
	if err := p.g.tmpl[p.Lang][p.Kind].ExecuteTemplate(&buf, name, p); err != nil {
		return "", err
	}
	h = template.HTML(buf.String())
	p.g.cacheMu.Lock()
	p.g.cache[key] = h
	p.g.cacheMu.Unlock()
	return h, nil
}

// Href links to a page of the same language.
func (p *page) Href(target string) string {
	if p.Standalone {
		return ""
	}
	return p.Root() + p.prefix + target
}

// Asset links to a file at the site root (the stylesheet, the API).
func (p *page) Asset(target string) string { return p.Root() + target }

// T translates a key of the theme's table.
func (p *page) T(key string) string { return p.tr.T(key) }

// L translates an enumerated value of group ("status", "theme", …).
func (p *page) L(group, value string) string { return p.tr.label(group, value) }

// Text picks the page's language from a bilingual text.
func (p *page) Text(t diag.Text) string { return t.In(p.Lang) }

// Finding says a finding in the page's language, in the committee's words
// when the rule gave them (Brief), else its message.
func (p *page) Finding(d diag.Diagnostic) string {
	if d.Brief != (diag.Text{}) {
		return d.Brief.In(p.Lang)
	}
	return d.Message.In(p.Lang)
}

// RuleTitle is a rule's plain title (its summary) in the page's language,
// or nothing for an unknown id.
func (p *page) RuleTitle(id string) string { return ruleSummary(id).In(p.Lang) }

// AsOf is the as-of date, YYYY-MM-DD.
func (p *page) AsOf() string { return p.g.asOfText }

// Is reports whether the page is of kind (for the navigation's current item).
func (p *page) Is(kind string) bool { return p.Kind == kind }

// alternate is the same page in another language.
type alternate struct {
	Lang  string
	Label string
	Href  string
}

// alternates lists the page in the site's other languages.
func (p *page) alternates() []alternate {
	if p.Standalone {
		return nil
	}
	out := make([]alternate, 0, len(p.g.langs)-1)
	for _, l := range p.g.langs {
		if l == p.Lang {
			continue
		}
		out = append(out, alternate{Lang: string(l), Label: p.g.tr[l].T("lang.name"), Href: p.Root() + p.g.prefix(l) + p.Path})
	}
	return out
}

// Mandates are the mandates, for the navigation.
func (p *page) Mandates() []*model.Mandate { return p.g.repo.Mandates }

// PersonName is a person's name, or the id when unknown.
func (p *page) PersonName(id string) string {
	if per := p.g.repo.PersonByID[id]; per != nil && per.Name.V != "" {
		return per.Name.V
	}
	return id
}

// UnitName is "Name (ID)" for a unit, or the id when unknown.
func (p *page) UnitName(id string) string {
	if u := p.g.repo.UnitByID[id]; u != nil && u.Name.V != "" {
		return u.Name.V + " (" + id + ")"
	}
	return id
}

// CenterName is a center's name, or the id when unknown.
func (p *page) CenterName(id string) string {
	if c := p.g.repo.CenterByID[id]; c != nil && c.Name.V != "" {
		return c.Name.V
	}
	return id
}

// CenterHref links to a center's page, or "" when the center is unknown.
func (p *page) CenterHref(id string) string {
	if c := p.g.repo.CenterByID[id]; c != nil {
		return p.Href("centers/" + centerID(c) + ".html")
	}
	return ""
}

// DecisionHref links to a decision's page, or "" when unknown.
func (p *page) DecisionHref(id string) string {
	if d := p.g.repo.DecisionByID[id]; d != nil && d.Doc != nil {
		return p.Href("committee/decisions/" + d.Doc.PathID + ".html")
	}
	return ""
}

// MeetingHref links to a meeting's page, or "" when unknown.
func (p *page) MeetingHref(date string) string {
	if m := p.g.repo.MeetingByDate[date]; m != nil && m.Doc != nil {
		return p.Href("committee/meetings/" + m.Doc.PathID + ".html")
	}
	return ""
}

// ActivityName is a national activity's name, or the id.
func (p *page) ActivityName(id string) string {
	if a := p.g.repo.ActivityByID[id]; a != nil && a.Name.V != "" {
		return a.Name.V
	}
	return id
}

// ActivityURL is a national activity's address when it is safe to link.
func (p *page) ActivityURL(id string) string {
	if a := p.g.repo.ActivityByID[id]; a != nil {
		return ExternalURL(a.URL.V)
	}
	return ""
}

// RuleHref links to a rule on the rules page.
func (p *page) RuleHref(id string) string { return p.Href("rules.html#rule-" + pathSafe(id)) }

// ClauseHref links to a clause on the page of the mandate that has it.
func (p *page) ClauseHref(id string) string {
	if len(p.g.repo.Mandates) == 0 {
		return ""
	}
	return p.Href("mandates/" + p.g.repo.Mandates[0].Doc.PathID + ".html#clause-" + pathSafe(id))
}

// DocHref links to the page of a center document.
func (p *page) DocHref(src model.Source) string {
	if src.Doc == nil {
		return ""
	}
	return p.Href(docPath(src.Doc))
}

// Sev is a severity's label in the page's language.
func (p *page) Sev(s diag.Severity) string { return p.tr.label("severity", s.String()) }

// ExternalURL returns u when it is an http, https or mailto address, else
// "": data never makes a javascript: link.
func ExternalURL(u string) string {
	if safeURL(u) && !strings.HasPrefix(strings.TrimSpace(u), "#") {
		return strings.TrimSpace(u)
	}
	return ""
}

// Badge is a status label: text in a coloured box, so colour never carries
// the meaning alone. group picks the label table and the CSS class.
func (p *page) Badge(group, value string) template.HTML {
	return template.HTML(`<span class="badge ` + template.HTMLEscapeString(group) + `-` + pathSafe(value) + `">` +
		template.HTMLEscapeString(p.L(group, value)) + `</span>`)
}

// CenterURL links to a center's page.
func (p *page) CenterURL(c *model.Center) string { return p.Href("centers/" + centerID(c) + ".html") }

// CenterLabel is a center's name.
func (p *page) CenterLabel(c *model.Center) string { return nameOf(c) }

// partial is the dot of a partial template: the page, a caption and rows.
type partial struct {
	P        *page
	Caption  string
	Empty    string
	Items    []diag.Diagnostic
	Rows     any
	Statuses []string
	ID       string
}

// DiagList is the dot of the "diagtable" partial.
func (p *page) DiagList(caption, empty string, ds []diag.Diagnostic) partial {
	return partial{P: p, Caption: caption, Empty: empty, Items: ds}
}

// EffortList is the dot of the "effort-table" partial.
func (p *page) EffortList(caption string, rows []effortRow) partial {
	return partial{P: p, Caption: caption, Rows: rows}
}

// TermList is the dot of the "terms-table" partial.
func (p *page) TermList(caption string, rows []termRow) partial {
	return partial{P: p, Caption: caption, Rows: rows}
}

// ActionList is the dot of the "actions-table" partial.
func (p *page) ActionList(caption string, rows []actionCount) partial {
	return partial{P: p, Caption: caption, Rows: rows, Statuses: actionStatuses}
}

// OverdueList is the dot of the "overdue-table" partial.
func (p *page) OverdueList(caption string, rows []Overdue) partial {
	return partial{P: p, Caption: caption, Rows: rows}
}

// Ref is the dot of the "decision-link" partial.
func (p *page) Ref(id string) partial { return partial{P: p, ID: id} }

// CenterLink is a link to a center's page, or its name alone in a
// standalone page.
func (p *page) CenterLink(c *model.Center) template.HTML {
	name := template.HTMLEscapeString(nameOf(c))
	if p.Standalone {
		return template.HTML(name)
	}
	return template.HTML(`<a href="` + template.HTMLEscapeString(p.CenterURL(c)) + `">` + name + `</a>`)
}

// DocLink is a link to a document's page, or the text alone in a
// standalone page.
func (p *page) DocLink(src model.Source, text string) template.HTML {
	t := template.HTMLEscapeString(text)
	if p.Standalone || src.Doc == nil {
		return template.HTML(t)
	}
	return template.HTML(`<a href="` + template.HTMLEscapeString(p.DocHref(src)) + `">` + t + `</a>`)
}

// CID is a center's id as used in paths and element ids.
func (p *page) CID(c *model.Center) string { return centerID(c) }

// changeDot is the dot of the "change" partial.
type changeDot struct {
	P *page
	C *changeView
}

// ChangeDot is the dot of the "change" partial: a commit, or where a
// shallow clone's history is cut.
func (p *page) ChangeDot(c *changeView) changeDot { return changeDot{P: p, C: c} }
