package lsp

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/rules"
)

// at is the document and spot a request is about.
type at struct {
	w      *Workspace
	path   string
	kind   doc.Kind
	center string
	t      text
	spot   spot
	ok     bool // the cursor is in the document's YAML
	line   int  // the cursor's line and column, pmgov's (1-based)
	col    int
}

func (s *server) at(uri string, pos protocol.Position) (at, bool) {
	s.mu.Lock()
	d, open := s.docs[uri]
	s.mu.Unlock()
	if !open {
		return at{}, false
	}
	kind, _, center, ok := load.Classify(d.path)
	if !ok {
		return at{}, false
	}
	src, _ := d.w.Text(d.path)
	a := at{w: d.w, path: d.path, kind: kind, center: center, t: newText(src)}
	a.line, a.col = a.t.lineCol(pos)
	off := offsetOfUnits(a.t.line(a.line), int(pos.Character))
	a.spot, a.ok = locate(a.t, strings.HasSuffix(d.path, ".md"), a.line, off)
	return a, true
}

// rangeOn is the protocol range of bytes from..to on line (1-based).
func (a at) rangeOn(line, from, to int) protocol.Range {
	l := a.t.line(line)
	from, to = min(from, len(l)), min(to, len(l))
	return protocol.Range{
		Start: protocol.Position{Line: uint32(line - 1), Character: uint32(utf16Units(l[:from]))},
		End:   protocol.Position{Line: uint32(line - 1), Character: uint32(utf16Units(l[:to]))},
	}
}

func within(r protocol.Range, p protocol.Position) bool {
	before := func(a, b protocol.Position) bool {
		return a.Line < b.Line || a.Line == b.Line && a.Character <= b.Character
	}
	return before(r.Start, p) && before(p, r.End)
}

func overlaps(a, b protocol.Range) bool {
	return within(a, b.Start) || within(a, b.End) || within(b, a.Start)
}

// valueID is the id the word at the spot spells, without quotes.
func valueID(sp spot) string { return strings.Trim(strings.TrimSpace(sp.Word), `"'`) }

func (s *server) hover(_ *glsp.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	a, ok := s.at(p.TextDocument.URI, p.Position)
	if !ok {
		return nil, nil
	}
	lang := s.langOf(a.w)
	var parts []string
	if a.ok {
		switch {
		case a.spot.OnKey:
			if f, ok := property(a.kind, a.spot.Path, a.spot.Key); ok {
				parts = append(parts, fieldDoc(a.spot.Key, f, lang))
			}
		case a.spot.InValue:
			if f, ok := fieldAt(a.kind, a.spot.Path); ok {
				text := fieldDoc(lastKey(a.spot.Path), f, lang)
				if ref := refersTo(a.spot.Path, f); ref != "" {
					id := valueID(a.spot)
					for _, t := range targets(a.w.repo(), ref, a.center) {
						if t.ID == id && t.Name != "" {
							text = fmt.Sprintf("`%s`: %s\n\n", t.ID, t.Name) + text
						}
					}
				}
				parts = append(parts, text)
			}
		}
	}
	for _, d := range a.w.Findings(a.path) {
		if within(a.t.tokenRange(d.Pos.Line, d.Pos.Col), p.Position) || d.Pos.Line == 0 && p.Position.Line == 0 {
			parts = append(parts, findingDoc(d, lang))
		}
	}
	if len(parts) == 0 {
		return nil, nil
	}
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: strings.Join(parts, "\n\n---\n\n")}}, nil
}

func lastKey(path []string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] != "0" {
			return path[i]
		}
	}
	return ""
}

// fieldDoc is a field's help as Markdown: the schema's Norwegian title and
// description, the allowed values and an example.
func fieldDoc(key string, f field, lang diag.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**", key)
	if f.Title != "" {
		fmt.Fprintf(&b, " — %s", f.Title)
	}
	if f.Description != "" {
		fmt.Fprintf(&b, "\n\n%s", f.Description)
	}
	if len(f.Enum) > 0 {
		fmt.Fprintf(&b, "\n\n%s: `%s`", diag.M("lsp.field-doc.text").In(lang), strings.Join(f.Enum, "`, `"))
	}
	if f.Example != "" {
		fmt.Fprintf(&b, "\n\n%s: `%s: %s`", diag.M("lsp.field-doc.text-2").In(lang), key, f.Example)
	}
	return b.String()
}

// findingDoc explains a finding as `pmgov explain` does: the rule's
// summary, the mandate's words and an example with its fix.
func findingDoc(d diag.Diagnostic, lang diag.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** [%s]", d.Message.In(lang), d.Rule)
	if h := d.Hint.In(lang); h != "" {
		fmt.Fprintf(&b, "\n\n%s", h)
	}
	r := rules.ByID(d.Rule)
	if r == nil {
		return b.String()
	}
	fmt.Fprintf(&b, "\n\n%s: %s", diag.M("lsp.finding-doc.text").In(lang), r.Summary.In(lang))
	clause := d.Clause
	if clause == "" {
		clause = r.Clause
	}
	for _, id := range rules.ClauseIDs(clause) {
		if c := rules.ClauseByID(id); c != nil {
			fmt.Fprintf(&b, "\n\n%s %s (%s):\n> %s", diag.M("lsp.finding-doc.text-2").In(lang), c.ID, c.Title.In(lang), c.Quote.In(lang))
		}
	}
	if r.Example != "" {
		fmt.Fprintf(&b, "\n\n%s:\n```yaml\n%s```", diag.M("lsp.finding-doc.text-3").In(lang), withNewline(r.Example))
	}
	if r.Fix != "" {
		fmt.Fprintf(&b, "\n\n%s:\n```yaml\n%s```", diag.M("lsp.finding-doc.text-4").In(lang), withNewline(r.Fix))
	}
	fmt.Fprintf(&b, "\n\n`pmgov explain %s`", r.ID)
	return b.String()
}

func withNewline(s string) string {
	if strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}

func (s *server) completion(_ *glsp.Context, p *protocol.CompletionParams) (any, error) {
	a, ok := s.at(p.TextDocument.URI, p.Position)
	if !ok || !a.ok {
		return nil, nil
	}
	sp := a.spot
	keyContext := !sp.InValue
	if sp.InValue && len(sp.Path) > 0 && sp.Path[len(sp.Path)-1] == "0" && itemsObject(a.kind, sp.Path[:len(sp.Path)-1]) && !strings.Contains(sp.Text[:min(len(sp.Text), sp.Start)], ":") {
		keyContext = true // "- pers": the first key of a new list item
	}
	cursor := offsetOfUnits(sp.Text, int(p.Position.Character))
	replace := a.rangeOn(sp.Line, sp.Start, max(sp.End, cursor))
	var items []protocol.CompletionItem
	if keyContext {
		f, ok := fieldAt(a.kind, sp.Path)
		if !ok {
			return nil, nil
		}
		hasColon := sp.OnKey
		for _, name := range f.Fields {
			if slices.Contains(sp.Siblings, name) && name != sp.Key {
				continue
			}
			pf, _ := property(a.kind, sp.Path, name)
			insert := name + ": "
			if hasColon {
				insert = name
			}
			items = append(items, protocol.CompletionItem{
				Label:         name,
				Kind:          ptr(protocol.CompletionItemKindProperty),
				Detail:        ptr(pf.Title),
				Documentation: markdown(pf.Description),
				TextEdit:      protocol.TextEdit{Range: replace, NewText: insert},
				FilterText:    ptr(name),
			})
		}
		return items, nil
	}
	f, ok := fieldAt(a.kind, sp.Path)
	if !ok {
		return nil, nil
	}
	path := sp.Path
	if f.Items {
		path = append(slices.Clip(path), "0")
		if g, ok := fieldAt(a.kind, path); ok {
			f = g
		}
	}
	for _, v := range f.Enum {
		items = append(items, protocol.CompletionItem{
			Label:    v,
			Kind:     ptr(protocol.CompletionItemKindEnumMember),
			Detail:   ptr(f.Title),
			TextEdit: protocol.TextEdit{Range: replace, NewText: v},
		})
	}
	if ref := refersTo(path, f); ref != "" {
		for _, t := range targets(a.w.repo(), ref, a.center) {
			if t.ID == "" {
				continue
			}
			items = append(items, protocol.CompletionItem{
				Label:    t.ID,
				Kind:     ptr(protocol.CompletionItemKindReference),
				Detail:   ptr(t.Name),
				TextEdit: protocol.TextEdit{Range: replace, NewText: t.ID},
			})
		}
	}
	return items, nil
}

func markdown(s string) any {
	if s == "" {
		return nil
	}
	return protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: s}
}

var (
	reDidYouMean = regexp.MustCompile(`^Did you mean "([^"]+)"\? Write "`)
	reMissing    = regexp.MustCompile(`^the required field "([^"]+)" is missing`)
)

func (s *server) codeAction(_ *glsp.Context, p *protocol.CodeActionParams) (any, error) {
	a, ok := s.at(p.TextDocument.URI, p.Range.Start)
	if !ok {
		return nil, nil
	}
	lang := s.langOf(a.w)
	var out []protocol.CodeAction
	for _, d := range a.w.Findings(a.path) {
		r := a.t.tokenRange(d.Pos.Line, d.Pos.Col)
		if !overlaps(r, p.Range) || d.Rule != "schema" {
			continue
		}
		if m := reDidYouMean.FindStringSubmatch(d.Hint.EN); m != nil {
			if ca, ok := a.replaceEnum(d, r, m[1], lang); ok {
				out = append(out, ca)
			}
		}
		if m := reMissing.FindStringSubmatch(d.Message.EN); m != nil {
			if ca, ok := a.insertField(d, m[1], lang); ok {
				out = append(out, ca)
			}
		}
	}
	return out, nil
}

// replaceEnum replaces a value the schema does not allow with the allowed
// one the hint names, when it is one of the field's values.
func (a at) replaceEnum(d diag.Diagnostic, r protocol.Range, want string, lang diag.Lang) (protocol.CodeAction, bool) {
	off := runeOffset(a.t.line(d.Pos.Line), d.Pos.Col)
	sp, ok := locate(a.t, strings.HasSuffix(a.path, ".md"), d.Pos.Line, off)
	if !ok || !sp.InValue {
		return protocol.CodeAction{}, false
	}
	f, ok := fieldAt(a.kind, sp.Path)
	if !ok || !slices.Contains(f.Enum, want) {
		return protocol.CodeAction{}, false
	}
	return a.action(diag.M("lsp.at-replace-enum.text", want).In(lang), d, []protocol.TextEdit{{Range: r, NewText: want}}), true
}

// insertField adds a missing required field, marked «FYLL INN» as `pmgov
// new` marks what is left to write, to the map the finding points at:
// after its last field in a block map whose fields are on one line each,
// or before the closing brace of a flow map on one line.
func (a at) insertField(d diag.Diagnostic, name string, lang diag.Lang) (protocol.CodeAction, bool) {
	l := a.t.line(d.Pos.Line)
	b := runeOffset(l, d.Pos.Col)
	off := b
	sp, ok := locate(a.t, strings.HasSuffix(a.path, ".md"), d.Pos.Line, min(b+1, len(l)))
	if !ok {
		return protocol.CodeAction{}, false
	}
	path := sp.Path
	f, _ := property(a.kind, path, name)
	value := `"` + rules.Placeholder + `"`
	if f.Title != "" {
		value = `"` + rules.Placeholder + ": " + strings.ToLower(f.Title) + `"`
	}
	title := diag.M("lsp.at-insert-field.text", name, rules.Placeholder).In(lang)
	// A flow map on one line: {a: 1, b: 2}.
	if open := strings.LastIndexByte(l[:min(off+1, len(l))], '{'); open >= 0 {
		depth := 0
		for i := open; i < len(l); i++ {
			switch l[i] {
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					r := a.rangeOn(d.Pos.Line, i, i)
					return a.action(title, d, []protocol.TextEdit{{Range: r, NewText: ", " + name + ": " + value}}), true
				}
			}
		}
		return protocol.CodeAction{}, false
	}
	// A block map: its fields start at the finding's column.
	first, last, ok := frontMatter(a.t, strings.HasSuffix(a.path, ".md"))
	if !ok {
		return protocol.CodeAction{}, false
	}
	col := off
	end := d.Pos.Line
	for j := d.Pos.Line + 1; j <= last; j++ {
		y := parseYLine(a.t.line(j))
		if y.blank {
			continue
		}
		if y.content < col || y.content == col && len(y.dashes) > 0 {
			break
		}
		if y.content == col && y.key == "" {
			return protocol.CodeAction{}, false
		}
		end = j
	}
	_ = first
	indent := strings.Repeat(" ", col)
	el := a.t.line(end)
	r := a.rangeOn(end, len(el), len(el))
	return a.action(title, d, []protocol.TextEdit{{Range: r, NewText: "\n" + indent + name + ": " + value}}), true
}

func (a at) action(title string, d diag.Diagnostic, edits []protocol.TextEdit) protocol.CodeAction {
	uri := fileURI(a.w, a.path)
	code := protocol.IntegerOrString{Value: d.Rule}
	return protocol.CodeAction{
		Title:       title,
		Kind:        ptr(protocol.CodeActionKindQuickFix),
		IsPreferred: ptr(true),
		Diagnostics: []protocol.Diagnostic{{Range: a.t.tokenRange(d.Pos.Line, d.Pos.Col), Code: &code, Source: ptr("pmgov"), Message: d.Message.EN}},
		Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{uri: edits}},
	}
}

func (s *server) definition(_ *glsp.Context, p *protocol.DefinitionParams) (any, error) {
	a, ok := s.at(p.TextDocument.URI, p.Position)
	if !ok || !a.ok || !a.spot.InValue {
		return nil, nil
	}
	f, ok := fieldAt(a.kind, a.spot.Path)
	if !ok {
		return nil, nil
	}
	ref := refersTo(a.spot.Path, f)
	if ref == "" {
		return nil, nil
	}
	id := valueID(a.spot)
	for _, t := range targets(a.w.repo(), ref, a.center) {
		if t.ID != id || t.Pos.File == "" {
			continue
		}
		src, _ := a.w.Text(t.Pos.File)
		tt := newText(src)
		return protocol.Location{URI: fileURI(a.w, t.Pos.File), Range: tt.tokenRange(t.Pos.Line, t.Pos.Col)}, nil
	}
	return nil, nil
}
