package schema

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

// reporter turns one document's validation error tree into diagnostics.
type reporter struct {
	d    *doc.Document
	root map[string]any // the raw schema of the document's kind
	out  []diag.Diagnostic
	// seen holds line:col:message of every diagnostic made, so the same
	// finding reached through two branches (allOf, if/then) is made once.
	seen map[string]bool
	// valueAt remembers which instance locations already have a diagnostic
	// about their value, so that one wrong value gives one diagnostic even
	// when several keywords reject it.
	valueAt map[string]bool
}

var english = message.NewPrinter(language.English)

// report walks the error tree to its leaf causes and reports each.
func (r *reporter) report(e *jsonschema.ValidationError) []diag.Diagnostic {
	r.seen = map[string]bool{}
	r.valueAt = map[string]bool{}
	var leaves []*jsonschema.ValidationError
	collectLeaves(e, &leaves)
	// Value errors are ranked so the most telling one wins at a location:
	// a wrong type or enum says more than a format or pattern the same
	// value also misses.
	slices.SortStableFunc(leaves, func(a, b *jsonschema.ValidationError) int {
		return rank(a.ErrorKind) - rank(b.ErrorKind)
	})
	for _, l := range leaves {
		r.leaf(l)
	}
	return r.out
}

// collectLeaves gathers the errors that have no causes. Of an anyOf or oneOf
// none of whose branches matched, only the branch that came closest (fewest
// errors) is followed: listing why every alternative failed is noise.
func collectLeaves(e *jsonschema.ValidationError, out *[]*jsonschema.ValidationError) {
	if len(e.Causes) == 0 {
		*out = append(*out, e)
		return
	}
	switch e.ErrorKind.(type) {
	case *kind.AnyOf, *kind.OneOf:
		var best []*jsonschema.ValidationError
		for i, c := range e.Causes {
			var ls []*jsonschema.ValidationError
			collectLeaves(c, &ls)
			if i == 0 || len(ls) < len(best) {
				best = ls
			}
		}
		*out = append(*out, best...)
		return
	}
	for _, c := range e.Causes {
		collectLeaves(c, out)
	}
}

func rank(k jsonschema.ErrorKind) int {
	switch k.(type) {
	case *kind.AdditionalProperties, *kind.Required:
		return 0
	case *kind.Type:
		return 1
	case *kind.Enum, *kind.Const:
		return 2
	case *kind.Format:
		return 3
	case *kind.Pattern:
		return 4
	}
	return 5
}

// add records one diagnostic unless an identical one is already there.
func (r *reporter) add(n *doc.Node, msg, hint diag.Text) {
	if n == nil {
		n = r.d.Root
	}
	key := fmt.Sprintf("%d:%d:%s", n.Line, n.Col, msg.EN)
	if r.seen[key] {
		return
	}
	r.seen[key] = true
	r.out = append(r.out, diag.Diagnostic{
		Rule: Rule, Severity: diag.Error, Center: r.d.Center,
		Pos:     diag.Pos{File: r.d.Path, Line: n.Line, Col: n.Col},
		Message: msg, Hint: hint,
	})
}

// valueNode is the node at loc: the offending value.
func (r *reporter) valueNode(loc []string) *doc.Node {
	v, _, _ := r.d.Root.Lookup(loc)
	return v
}

// keyNode is the key node of the last step of loc, or the value node when
// loc ends in a list item.
func (r *reporter) keyNode(loc []string) *doc.Node {
	v, k, ok := r.d.Root.Lookup(loc)
	if ok && k != nil {
		return k
	}
	return v
}

func (r *reporter) leaf(e *jsonschema.ValidationError) {
	loc := e.InstanceLocation
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		r.unknownKeys(e, k.Properties)
	case *kind.Required:
		r.missing(e, k.Missing)
	case *kind.FalseSchema, *kind.Not:
		r.forbidden(e)
	default:
		at := strings.Join(loc, "\x00")
		if r.valueAt[at] {
			return
		}
		r.valueAt[at] = true
		r.value(e)
	}
}

// unknownKeys reports each key the schema does not allow, at the key.
func (r *reporter) unknownKeys(e *jsonschema.ValidationError, props []string) {
	allowed := r.allowedKeys(e.SchemaURL)
	slices.Sort(props)
	where := r.whereText(e.InstanceLocation)
	list := strings.Join(allowed, ", ")
	for _, p := range props {
		n := r.keyNode(append(slices.Clip(e.InstanceLocation), p))
		msg := diag.M("schema.reporter-unknown-keys.msg", p, where)
		var hint diag.Text
		near := nearest(p, allowed)
		if reDecimalTail.MatchString(p) {
			// {share: 30,5} is read as share: 30 and a field "5".
			r.add(n, msg, diag.M("schema.reporter-unknown-keys.message", p))
			continue
		}
		if near == "" {
			near = r.byTitle(e.SchemaURL, p)
		}
		if near != "" {
			title := ""
			if t := str(r.propSchema(append(slices.Clip(e.InstanceLocation), near))["title"]); t != "" {
				title = " (" + t + ")"
			}
			// The schemas' titles are Norwegian: the English leaves them out.
			hint = diag.M("schema.reporter-unknown-keys.did-you-mean", near, diag.Text{NB: title}, list)
		} else {
			hint = diag.M("schema.reporter-unknown-keys.hint", list)
		}
		r.add(n, msg, hint)
	}
}

// missing reports each absent required field at the map that lacks it.
func (r *reporter) missing(e *jsonschema.ValidationError, fields []string) {
	n := r.valueNode(e.InstanceLocation)
	where := r.whereText(e.InstanceLocation)
	cond, hasCond := r.condition(e.SchemaURL)
	for _, f := range fields {
		loc := append(slices.Clip(e.InstanceLocation), f)
		prop := r.propSchema(loc)
		title := ""
		if t := str(prop["title"]); t != "" {
			title = " (" + t + ")"
		}
		msg := diag.M("schema.reporter-missing.message", f, diag.Text{NB: title}, where)
		if hasCond {
			msg = diag.M("schema.reporter-missing.when", msg, cond.text())
		}
		r.add(n, msg, addHint(f, prop, where))
	}
}

// forbidden reports a field that a condition rules out (an "else" or "then"
// branch that sets the property to false or to "not: {}").
func (r *reporter) forbidden(e *jsonschema.ValidationError) {
	loc := e.InstanceLocation
	name := lastKey(loc)
	n := r.keyNode(loc)
	cond, hasCond := r.condition(e.SchemaURL)
	if !hasCond || name == "" {
		r.add(r.valueNode(loc),
			diag.M("schema.reporter-forbidden.message", r.place(loc)),
			diag.M("schema.reporter-forbidden.message-2", r.place(loc), r.d.Kind))
		return
	}
	// Only the else branch forbids by negating its condition: "only allowed
	// when"; a then branch forbids under its condition: "not allowed when".
	if cond.negated {
		r.add(n,
			diag.M("schema.reporter-forbidden.message-3", name, cond.text()),
			diag.M("schema.reporter-forbidden.message-4", name, diag.Text{NB: cond.setNB, EN: cond.setEN}))
		return
	}
	r.add(n,
		diag.M("schema.reporter-forbidden.message-5", name, cond.text()),
		diag.M("schema.reporter-forbidden.message-6", name))
}

// value reports an error in a value: its type, an enum, a format, a pattern,
// a size or a bound.
func (r *reporter) value(e *jsonschema.ValidationError) {
	loc := e.InstanceLocation
	n := r.valueNode(loc)
	prop := r.propSchema(loc)
	name := r.place(loc)
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		if k.Got == "null" {
			// An empty value has no text to point at; its key says which.
			n = r.keyNode(loc)
		}
		r.add(n, typeMessage(name, n, k), typeHint(lastKey(loc), prop, k, n))
	case *kind.Enum:
		r.add(n, enumMessage(name, k.Got), enumHint(lastKey(loc), k.Got, k.Want))
	case *kind.Const:
		r.add(n, enumMessage(name, k.Got), enumHint(lastKey(loc), k.Got, []any{k.Want}))
	case *kind.Format:
		msg, hint := formatText(name, lastKey(loc), prop, k)
		r.add(n, msg, hint)
	case *kind.Pattern:
		msg, hint := patternText(name, lastKey(loc), prop, k.Got, k.Want)
		r.add(n, msg, hint)
	case *kind.MinItems:
		r.add(n,
			diag.M("schema.reporter-value.message", name, k.Want, k.Got),
			withExample(diag.M("schema.reporter-value.message-2"), lastKey(loc), prop))
	case *kind.MaxItems:
		r.add(n,
			diag.M("schema.reporter-value.message-3", name, k.Want, k.Got),
			diag.M("schema.reporter-value.message-4"))
	case *kind.UniqueItems:
		dup := r.valueNode(append(slices.Clip(loc), strconv.Itoa(k.Duplicates[1])))
		r.add(dup,
			diag.M("schema.reporter-value.message-5",
				scalarText(dup), name, k.Duplicates[0]+1, k.Duplicates[1]+1),
			diag.M("schema.reporter-value.message-6"))
	case *kind.MinLength:
		r.add(n,
			diag.M("schema.reporter-value.message-7", name, k.Want),
			withExample(diag.M("schema.reporter-value.message-8"), lastKey(loc), prop))
	case *kind.MaxLength:
		r.add(n,
			diag.M("schema.reporter-value.message-9", name, k.Want, k.Got),
			diag.M("schema.reporter-value.message-10"))
	case *kind.Minimum:
		r.add(n,
			diag.M("schema.reporter-value.message-11", name, ratText(k.Got), ratText(k.Want)),
			withExample(diag.M("schema.reporter-value.message-12", ratText(k.Want)), lastKey(loc), prop))
	case *kind.Maximum:
		r.add(n,
			diag.M("schema.reporter-value.message-13", name, ratText(k.Got), ratText(k.Want)),
			withExample(diag.M("schema.reporter-value.message-14", ratText(k.Want)), lastKey(loc), prop))
	default:
		// Keywords the pmgov schemas do not use (yet); the English text
		// of the library says what failed.
		detail := e.ErrorKind.LocalizedString(english)
		r.add(n,
			diag.M("schema.reporter-value.message-15", name, detail),
			diag.M("schema.reporter-value.message-16", r.d.Kind))
	}
}

// whereText says, for a message, which map a field is in; empty at the top.
func (r *reporter) whereText(loc []string) diag.Text {
	if len(loc) == 0 {
		return diag.Text{}
	}
	in := r.container(loc, "")
	return diag.M("schema.reporter-where-text.in", in)
}

// byTitle finds the field whose Norwegian title the unknown key spells, so
// that an author who writes «navn:» or «senterleder:» is pointed to name or
// leader.
func (r *reporter) byTitle(schemaURL, key string) string {
	props, _ := schemaAt(schemaURL)["properties"].(map[string]any)
	norm := func(s string) string {
		return strings.ToLower(strings.NewReplacer("_", " ", "-", " ").Replace(strings.TrimSpace(s)))
	}
	k := norm(key)
	keys := make([]string, 0, len(props))
	for name := range props {
		keys = append(keys, name)
	}
	slices.Sort(keys) // two fields may share a title: pick the same one every run
	titles := map[string]string{}
	var names []string
	for _, name := range keys {
		p, _ := props[name].(map[string]any)
		if t := norm(str(p["title"])); t != "" && titles[t] == "" {
			titles[t] = name
			names = append(names, t)
		}
	}
	if name, ok := titles[k]; ok {
		return name
	}
	if t := nearest(k, names); t != "" {
		return titles[t]
	}
	return ""
}

// allowedKeys lists the properties the object schema at schemaURL declares.
func (r *reporter) allowedKeys(schemaURL string) []string {
	s := schemaAt(schemaURL)
	props, _ := s["properties"].(map[string]any)
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// propSchema follows an instance location through the kind's schema along
// "properties" and "items", the place where each field's title, description
// and examples are written. It returns nil when the path leaves the schema.
func (r *reporter) propSchema(loc []string) map[string]any {
	cur := r.root
	for _, tok := range loc {
		if cur == nil {
			return nil
		}
		if props, ok := cur["properties"].(map[string]any); ok {
			if p, ok := props[tok].(map[string]any); ok {
				cur = p
				continue
			}
		}
		if items, ok := cur["items"].(map[string]any); ok {
			if _, err := strconv.Atoi(tok); err == nil {
				cur = items
				continue
			}
		}
		return nil
	}
	return cur
}

// cond is the plain-language form of the "if" that governs a then/else branch.
type cond struct {
	NB, EN       string
	setNB, setEN string // how to make the condition true, for hints
	negated      bool   // the branch is "else": it applies when the if fails
}

// text is the condition in both languages.
func (c cond) text() diag.Text { return diag.Text{NB: c.NB, EN: c.EN} }

// condition finds the then/else branch that schemaURL lies in and describes
// the "if" next to it, e.g. «type» er «waiver».
func (r *reporter) condition(schemaURL string) (cond, bool) {
	base, frag, _ := strings.Cut(schemaURL, "#")
	toks := pointer(frag)
	branch := -1
	for i, t := range toks {
		if t == "then" || t == "else" {
			branch = i
		}
	}
	if branch < 0 {
		return cond{}, false
	}
	parent := schemaAt(base + "#" + joinPointer(toks[:branch]))
	ifs, _ := parent["if"].(map[string]any)
	props, _ := ifs["properties"].(map[string]any)
	if len(props) == 0 {
		return cond{}, false
	}
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	slices.Sort(names)
	var nb, en, setNB, setEN []string
	for _, name := range names {
		p, _ := props[name].(map[string]any)
		var vals []string
		if c, ok := p["const"]; ok {
			vals = []string{fmt.Sprint(c)}
		} else if e, ok := p["enum"].([]any); ok {
			for _, v := range e {
				vals = append(vals, fmt.Sprint(v))
			}
		} else {
			continue
		}
		or := diag.M("word.or")
		is := diag.M("schema.condition.is", name, diag.Text{
			NB: "«" + strings.Join(vals, "» "+or.NB+" «") + "»",
			EN: quoteJoin(vals, " "+or.EN+" "),
		})
		set := diag.M("schema.condition.set", name, vals[0])
		nb, en = append(nb, is.NB), append(en, is.EN)
		setNB, setEN = append(setNB, set.NB), append(setEN, set.EN)
	}
	if len(nb) == 0 {
		return cond{}, false
	}
	is, set := diag.JoinWith("word.and", nb, en), diag.JoinWith("word.and", setNB, setEN)
	return cond{
		NB: is.NB, EN: is.EN,
		setNB: set.NB, setEN: set.EN,
		negated: toks[branch] == "else",
	}, true
}

// schemaAt resolves an absolute schema location (URL#/json/pointer) in the
// raw schemas.
func schemaAt(loc string) map[string]any {
	base, frag, _ := strings.Cut(loc, "#")
	var cur any = byURL[base]
	for _, tok := range pointer(frag) {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	m, _ := cur.(map[string]any)
	return m
}

// pointer splits a URL-fragment JSON pointer into unescaped tokens.
func pointer(frag string) []string {
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	frag = strings.TrimPrefix(frag, "/")
	if frag == "" {
		return nil
	}
	toks := strings.Split(frag, "/")
	for i, t := range toks {
		toks[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return toks
}

func joinPointer(toks []string) string {
	var sb strings.Builder
	for _, t := range toks {
		sb.WriteByte('/')
		sb.WriteString(strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1"))
	}
	return sb.String()
}

// reDecimalTail matches a "field" that is the rest of a number written with a
// decimal comma inside braces.
var reDecimalTail = regexp.MustCompile(`^\d+\s*%?$`)

// place names the field at an instance location the way a reader of the
// YAML finds it: the field in quotes, then the list items and maps it sits
// in, items numbered from 1 and named by their id where they have one —
// «role» i board nr. 2 (ola.nordmann), never a JSON path like board[1].role.
func (r *reporter) place(loc []string) diag.Text {
	field, item, rest := splitField(loc)
	if field == "" {
		return diag.M("schema.reporter-place.text")
	}
	name := diag.M("schema.reporter-place.name", field)
	if item > 0 {
		name = diag.M("schema.reporter-place.name-2", field, item)
	}
	if len(rest) == 0 {
		return name
	}
	in := r.container(rest, field)
	return diag.M("schema.reporter-container.under", name, in)
}

// splitField splits a location into its last field, the 1-based number of
// the list item it ends in (0 if none), and the location of the map that
// holds the field.
func splitField(loc []string) (field string, item int, rest []string) {
	i := len(loc) - 1
	if i >= 1 && isIndex(loc[i]) {
		n, _ := strconv.Atoi(loc[i])
		item = n + 1
		i--
	}
	if i < 0 || isIndex(loc[i]) {
		return "", 0, nil
	}
	return loc[i], item, loc[:i]
}

// container names the map at loc: its fields joined by arrows, list items
// numbered from 1 and named by their id, person, action or group.
func (r *reporter) container(loc []string, field string) diag.Text {
	var nb, en []string
	for i, tok := range loc {
		if !isIndex(tok) || i == 0 {
			nb, en = append(nb, tok), append(en, tok)
			continue
		}
		n, _ := strconv.Atoi(tok)
		label := ""
		if item := r.valueNode(loc[:i+1]); item != nil && (i < len(loc)-1 || field == "") {
			label = itemLabel(item)
		} else if item != nil {
			label = itemLabel(item, field)
		}
		nb[len(nb)-1] += fmt.Sprintf(" nr. %d%s", n+1, label)
		en[len(en)-1] += fmt.Sprintf(" item %d%s", n+1, label)
	}
	return diag.Text{NB: strings.Join(nb, " → "), EN: strings.Join(en, " → ")}
}

// itemLabel is " (id)" for a list item that names itself, so that the
// reader finds «people nr. 12 (kari.nordmann)» without counting.
// The field a message is about is never its own label: a wrong id is
// quoted in the message already.
func itemLabel(item *doc.Node, skip ...string) string {
	for _, k := range []string{"id", "person", "action", "group", "center", "rule"} {
		if slices.Contains(skip, k) {
			return ""
		}
		if v := item.Get(k); v != nil && v.Kind == doc.Scalar && v.Value != "" && len(v.Value) <= 60 {
			return " (" + v.Value + ")"
		}
	}
	return ""
}

func isIndex(tok string) bool {
	_, err := strconv.Atoi(tok)
	return err == nil
}

// lastKey is the field name a location ends in, skipping list indexes.
func lastKey(loc []string) string {
	for i := len(loc) - 1; i >= 0; i-- {
		if _, err := strconv.Atoi(loc[i]); err != nil {
			return loc[i]
		}
	}
	return ""
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func quoteJoin(vals []string, sep string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = strconv.Quote(v)
	}
	return strings.Join(q, sep)
}
