package sitebuild

import (
	"html/template"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/internal/validate"
)

// TestRuleIDsHaveTitles builds the default content on days with open
// errors, warnings, a waiver and a forecast, and scans every page of the
// site: wherever a rule id stands as a text of its own (a link, a table
// cell), the rule's plain title in the page's language stands beside it,
// in the same list item, table row, paragraph or heading.
func TestRuleIDsHaveTitles(t *testing.T) {
	for _, day := range []time.Time{committeeDay, time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)} {
		res := validate.Run(os.DirFS("../.."), validate.Options{AsOf: day})
		dir := buildSite(t, res, Options{AsOf: day, Forecast: forecast.Judge(res, forecast.Options{AsOf: day})})
		shown := 0
		for _, f := range siteFiles(t, dir) {
			if path.Ext(f) != ".html" {
				continue
			}
			lang := diag.NB
			if strings.HasPrefix(f, "en/") {
				lang = diag.EN
			}
			doc, err := html.Parse(strings.NewReader(readFile(t, dir, f)))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for _, miss := range untitledRuleIDs(doc, lang, &shown) {
				t.Errorf("%s (as of %s): the rule id %s stands without its title: %q", f, day.Format(time.DateOnly), miss.id, miss.context)
			}
		}
		if shown < 50 {
			t.Errorf("as of %s: only %d rule ids shown on the whole site; the scan finds nothing to check", day.Format(time.DateOnly), shown)
		}
	}
}

type untitled struct{ id, context string }

// untitledRuleIDs lists the rule ids that stand as a text node of their
// own in doc without the rule's summary in lang in the enclosing block
// (li, tr, p, dd, dt, caption, h1–h6, summary); shown counts the ids found.
func untitledRuleIDs(doc *html.Node, lang diag.Lang, shown *int) []untitled {
	var out []untitled
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "code" || n.Data == "pre") {
			return
		}
		if n.Type == html.TextNode {
			id := strings.TrimSpace(n.Data)
			// An id counts where it links to its rule, or, spelled with a
			// hyphen (no ordinary word), wherever it stands alone; the
			// single-word ids (leader, research, theme) are also words of
			// the pages, a role or a task, when they do not link.
			if r := rules.ByID(id); r != nil && n.Parent != nil && n.Parent.Type == html.ElementNode && (strings.Contains(id, "-") || linksTo(n.Parent, id)) {
				*shown++
				block := n.Parent
				for block.Parent != nil && !isBlock(block.Data) {
					block = block.Parent
				}
				text := textOf(block)
				if !strings.Contains(text, r.Summary.In(lang)) {
					if len(text) > 200 {
						text = text[:200]
					}
					out = append(out, untitled{id, text})
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// linksTo reports whether n is a link to the rule id's entry.
func linksTo(n *html.Node, id string) bool {
	if n.Data != "a" {
		return false
	}
	for _, a := range n.Attr {
		if a.Key == "href" && strings.HasSuffix(a.Val, "rules.html#rule-"+id) || a.Key == "href" && a.Val == "#rule-"+id {
			return true
		}
	}
	return false
}

func isBlock(tag string) bool {
	switch tag {
	case "li", "tr", "p", "dd", "dt", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "body":
		return true
	}
	return false
}

// textOf is the text of n and its descendants.
func textOf(n *html.Node) string {
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

// TestValidationCommitteeView: the validation page of the default content
// as of 2027-03-15 opens with the committee's view, by center and by
// mandate clause, each finding in words with its rule's plain title and no
// file paths or commands; the editors' detail (file:line, hints) follows.
func TestValidationCommitteeView(t *testing.T) {
	day := time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)
	res := validate.Run(os.DirFS("../.."), validate.Options{AsOf: day})
	dir := buildSite(t, res, Options{AsOf: day})
	for _, lang := range []diag.Lang{diag.NB, diag.EN} {
		name := map[diag.Lang]string{diag.NB: "validation.html", diag.EN: "en/validation.html"}[lang]
		page := readFile(t, dir, name)
		center, clause, editors := strings.Index(page, `<h2 id="by-center">`), strings.Index(page, `<h2 id="by-clause">`), strings.Index(page, `<h2 id="editors">`)
		if center < 0 || clause < center || editors < clause {
			t.Fatalf("%s: the committee's view (by center, by clause) does not come before the editors' detail: %d %d %d", name, center, clause, editors)
		}
		committee := page[center:editors]
		rule := rules.ByID("action-plan-current").Summary.In(lang)
		if lang == diag.NB {
			contains(t, name+" by center", page[center:clause],
				`<h3><a href="centers/bar.html">Senter for presisjonsmedisin innen sjeldne sykdommer</a></h3>`,
				`<span class="badge severity-error">feil</span> bar mangler handlingsplan for 2027 <span class="muted">(<a href="rules.html#rule-action-plan-current">action-plan-current</a>: `+rule+`)</span>`)
			contains(t, name+" by clause", page[clause:editors],
				`<h3><a href="mandates/treatment-centers.html#clause-O4">O4</a> – Oppgave 4</h3>`,
				`<strong>Senter for presisjonsmedisin innen infeksjonssykdommer</strong>: inf mangler handlingsplan for 2027`)
		} else {
			contains(t, name+" by center", page[center:clause], `bar has no action plan for 2027 <span class="muted">(<a href="../en/rules.html#rule-action-plan-current">action-plan-current</a>: `+template.HTMLEscapeString(rule)+`)</span>`)
			contains(t, name+" by clause", page[clause:editors], `O4</a> – Task 4</h3>`)
		}
		for _, editorsOnly := range []string{"centers/bar/", ".yaml:", "pmgov new", `class="hint"`} {
			if strings.Contains(committee, editorsOnly) {
				t.Errorf("%s: the committee's view shows the editors' %q", name, editorsOnly)
			}
		}
		contains(t, name+" for editors", page[editors:], "<code>centers/bar/action-plans/", `class="hint"`, "pmgov new")
	}
}

// TestTableCellsNameTheirColumn: on a phone the site's tables stack their
// rows and lead each cell with its column's name (style.css reads it from
// data-label), so every data cell of a table on any page of the default
// content's site carries a non-empty data-label.
func TestTableCellsNameTheirColumn(t *testing.T) {
	res, f := defaultContent()
	dir := buildSite(t, res, Options{AsOf: committeeDay, Forecast: f})
	cells := 0
	for _, name := range siteFiles(t, dir) {
		if path.Ext(name) != ".html" {
			continue
		}
		doc, err := html.Parse(strings.NewReader(readFile(t, dir, name)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		missing := 0
		var walk func(n *html.Node, wrapped bool)
		walk = func(n *html.Node, wrapped bool) {
			if n.Type == html.ElementNode {
				if n.Data == "div" && strings.Contains(" "+attrOf(n, "class")+" ", " table-wrap ") {
					wrapped = true
				}
				if n.Data == "td" && wrapped {
					cells++
					if strings.TrimSpace(attrOf(n, "data-label")) == "" {
						missing++
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, wrapped)
			}
		}
		walk(doc, false)
		if missing > 0 {
			t.Errorf("%s: %d table cells without data-label", name, missing)
		}
	}
	if cells < 100 {
		t.Errorf("only %d table cells on the whole site: the scan finds nothing to check", cells)
	}
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
