package sitebuild

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/rules"
)

// searchIndexFile is the search index of a language, in its folder. It is
// a script that assigns the index to a global, not JSON to fetch: a
// browser refuses fetch() of a file from file://, but runs a script.
const searchIndexFile = "search-index.js"

// searchKinds are the kinds of entry the search finds, in the order of the
// index's "kinds" (each a label of group "search-kind").
var searchKinds = []string{"center", "strategy", "report", "advice", "evaluation", "decision", "meeting", "person", "rule", "mandate", "page"}

// searchIndex is what search.js reads: the kinds' names in the page's
// language, and one entry per page or rule as [kind, title, address
// within the language folder, more words to match].
type searchIndex struct {
	Kinds []string `json:"kinds"`
	Items [][]any  `json:"items"`
}

// searchKind is the kind of entry a page is, or "" for one the search
// leaves out (the person and document pages have their own kinds; the
// dashboard and the standing pages are "page").
func searchKind(p *page) string {
	switch p.Kind {
	case "center", "person", "mandate":
		return p.Kind
	case "document":
		d, _ := p.Data.(*docView)
		switch {
		case d == nil:
		case d.Decision != nil:
			return "decision"
		case d.Meeting != nil:
			return "meeting"
		case d.Strategy != nil:
			return "strategy"
		case d.Report != nil:
			return "report"
		case d.Advice != nil:
			return "advice"
		case d.Evaluation != nil:
			return "evaluation"
		}
		return ""
	}
	return "page"
}

// searchWords are the words of a page that its title leaves out: a
// center's id and short name, a person's job title, a decision's type.
func (g *generator) searchWords(p *page, kind string) string {
	switch v := p.Data.(type) {
	case *centerView:
		return v.ID + " " + v.C.ShortName.V
	case *personView:
		return v.Person.Title.V
	case *docView:
		if v.Decision != nil {
			return p.tr.label("decision-type", v.Decision.Type.V)
		}
	}
	return ""
}

// searchOutput is the search index of language l over its pages and the
// rules: a few bytes per page (the figures are in the README).
func (g *generator) searchOutput(l diag.Lang, pages []*page) (output, error) {
	tr := g.tr[l]
	ix := searchIndex{Kinds: make([]string, len(searchKinds)), Items: make([][]any, 0, len(pages)+len(rules.All))}
	kindNo := map[string]int{}
	for i, k := range searchKinds {
		ix.Kinds[i] = tr.label("search-kind", k)
		kindNo[k] = i
	}
	for _, p := range pages {
		k := searchKind(p)
		if k == "" {
			continue
		}
		item := []any{kindNo[k], p.Title, p.Path}
		if w := g.searchWords(p, k); w != "" {
			item = append(item, w)
		}
		ix.Items = append(ix.Items, item)
	}
	for _, r := range rules.All {
		ix.Items = append(ix.Items, []any{kindNo["rule"], r.ID + " – " + r.Summary.In(l), "rules.html#rule-" + pathSafe(r.ID)})
	}
	var buf bytes.Buffer
	buf.WriteString("// pmgov's search index (" + string(l) + "), read by search.js.\nwindow.pmgovSearchIndex = ")
	// encoding/json escapes <, >, &, U+2028 and U+2029, so the index is a
	// valid script that no title can break out of.
	enc := json.NewEncoder(&buf)
	if err := enc.Encode(ix); err != nil {
		return output{}, fmt.Errorf("build %s%s: %w", g.prefix(l), searchIndexFile, err)
	}
	buf.Truncate(buf.Len() - 1)
	buf.WriteString(";\n")
	return output{path: g.prefix(l) + searchIndexFile, data: buf.Bytes()}, nil
}
