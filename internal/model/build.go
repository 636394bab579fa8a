package model

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

// Build decodes the loaded documents and resolves every reference between
// them. It reports `duplicate-id`, `id-mismatch` and `ref` diagnostics; it
// never stops at the first.
func Build(docs []*doc.Document, sources map[string][]byte, files int) (*Repository, []diag.Diagnostic) {
	return BuildReusing(docs, sources, files, nil)
}

// BuildReusing is Build, taking over from prev (nil for none) the decoding
// of every document it shares with prev: a document never changes after
// loading, and neither does what it decodes to. The model gets its own
// copy of each value that resolving fills references into (units,
// people, mandates, centers, action plans, reports); the rest, and the
// values inside (lists of actions, terms, members), are shared, and
// nothing changes them.
func BuildReusing(docs []*doc.Document, sources map[string][]byte, files int, prev *Repository) (*Repository, []diag.Diagnostic) {
	return BuildFrom(docs, sources, files, prev, nil)
}

// BuildFrom is BuildReusing, taking the value of docs[i] from values[i]
// when values is not nil (Decode's, made while the document still had its
// tree): a caller that decodes every document as it is loaded need not
// keep the trees for the model. Such a model keeps no record of the
// values for a later build to take over: it is built once.
func BuildFrom(docs []*doc.Document, sources map[string][]byte, files int, prev *Repository, values []any) (*Repository, []diag.Diagnostic) {
	r := &Repository{
		UnitByID: map[string]*Unit{}, PersonByID: map[string]*Person{}, ActivityByID: map[string]*Activity{},
		MandateByID: map[string]*Mandate{}, DecisionByID: map[string]*Decision{}, MeetingByDate: map[string]*Meeting{},
		CenterByID: map[string]*Center{}, Docs: docs, Sources: sources, Files: files,
	}
	if values == nil {
		r.decoded = make(map[*doc.Document]any, len(docs))
	} else {
		r.once = true
	}
	if values != nil && len(values) != len(docs) {
		panic("model.BuildFrom: values and docs differ in length")
	}
	b := &builder{r: r, pre: values}
	if prev != nil {
		b.prev = prev.decoded
		prev.memoMu.Lock()
		r.prevMemo = prev.memo
		prev.memoMu.Unlock()
	}
	b.decodeAll()
	b.resolve()
	r.Unreadable = unreadableCenters(b)
	return r, b.Items
}

// unreadableCenters lists the center folders whose center.yaml was read but
// did not parse: the center is not lost, only unreadable (the loader
// reports why).
func unreadableCenters(b *builder) []string {
	parsed := map[string]bool{}
	for i, d := range b.r.Docs {
		if d.Kind == doc.Center && b.parsed(i) {
			parsed[d.Path] = true
		}
	}
	var out []string
	for p := range b.r.Sources {
		rest, ok := strings.CutPrefix(p, "centers/")
		if !ok || !strings.HasSuffix(rest, "/center.yaml") || parsed[p] {
			continue
		}
		if id, file, ok := strings.Cut(rest, "/"); ok && file == "center.yaml" {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// decoded is the value of r.Docs[i] (Decode): decoded before its tree was
// dropped, or taken from the previous build, else decoded now; recorded
// for the next build (but for a model built from values, which is built
// once) and given as a copy made by clone.
func decoded[T any](b *builder, i int, clone func(T) T) T {
	d := b.r.Docs[i]
	if b.pre != nil {
		v, _ := b.pre[i].(T)
		return clone(v)
	}
	v, ok := b.prev[d].(T)
	if !ok {
		v, _ = Decode(d).(T)
	}
	b.r.decoded[d] = v
	return clone(v)
}

// Decode decodes the document d into the value the model makes of it: a
// *Governance, *Committee, *Mandate, *Decision, *Meeting, *Center,
// *Strategy, *ActionPlan, *Report, *Education, *Advice or *Evaluation,
// or the []*Unit, []*Person or []*Activity of its list; nil for a document
// without a tree or of a kind that holds no value (a mandate's text). It
// reads d alone and changes nothing, so it may run on any goroutine as
// soon as d has parsed, and d's tree is not needed after it (BuildFrom).
func Decode(d *doc.Document) any {
	if d == nil || d.Root == nil {
		return nil
	}
	switch d.Kind {
	case doc.Governance:
		return one(d, func() *Governance { return &Governance{Source: Source{d}} })
	case doc.Units:
		var v struct {
			Units []*Unit `yaml:"units"`
		}
		decode(d.Path, d.Root, &v)
		return nonNil(v.Units)
	case doc.People:
		var v struct {
			People []*Person `yaml:"people"`
		}
		decode(d.Path, d.Root, &v)
		return nonNil(v.People)
	case doc.NationalActivities:
		var v struct {
			Activities []*Activity `yaml:"activities"`
		}
		decode(d.Path, d.Root, &v)
		return nonNil(v.Activities)
	case doc.Committee:
		return one(d, func() *Committee { return &Committee{Source: Source{d}} })
	case doc.Mandate:
		return one(d, func() *Mandate { return &Mandate{Source: Source{d}} })
	case doc.Decision:
		return one(d, func() *Decision { return &Decision{Source: Source{d}} })
	case doc.Meeting:
		return one(d, func() *Meeting { return &Meeting{Source: Source{d}} })
	case doc.Center:
		return one(d, func() *Center { return &Center{Source: Source{d}} })
	case doc.Strategy:
		return one(d, func() *Strategy { return &Strategy{Source: Source{d}} })
	case doc.ActionPlan:
		return one(d, func() *ActionPlan { return &ActionPlan{Source: Source{d}} })
	case doc.Report:
		return one(d, func() *Report { return &Report{Source: Source{d}} })
	case doc.Education:
		return one(d, func() *Education { return &Education{Source: Source{d}} })
	case doc.Advice:
		return one(d, func() *Advice { return &Advice{Source: Source{d}} })
	case doc.Evaluation:
		return one(d, func() *Evaluation { return &Evaluation{Source: Source{d}} })
	}
	return nil
}

// one decodes d into a new T made by mk.
func one[T any](d *doc.Document, mk func() *T) *T {
	v := mk()
	decode(d.Path, d.Root, v)
	return v
}

// copyOne is a copy of *v.
func copyOne[T any](v *T) *T {
	c := *v
	return &c
}

// share is v itself, for a type that resolving does not change (it has
// no references to fill in).
func share[T any](v *T) *T { return v }

// copyEach is a copy of each item of xs.
func copyEach[T any](xs []*T) []*T {
	out := make([]*T, len(xs))
	for i, x := range xs {
		c := *x
		out[i] = &c
	}
	return out
}

type builder struct {
	r *Repository
	// prev is the previous build's decoded documents (BuildReusing).
	prev map[*doc.Document]any
	// pre are the values of r.Docs decoded before their trees were
	// dropped (BuildFrom), nil for none.
	pre []any
	// byPath are the indexes of the documents by path, made when first
	// needed.
	byPath map[string]int
	report
	// center documents waiting for their center, by index in r.Docs.
	pending     []int
	mandateText map[string]*doc.Document
}

func (b *builder) decodeAll() {
	b.mandateText = map[string]*doc.Document{}
	for i, d := range b.r.Docs {
		if !b.parsed(i) && d.Kind != doc.MandateText {
			continue
		}
		switch d.Kind {
		case doc.Governance:
			b.r.Governance = decoded(b, i, share[Governance])
		case doc.Units:
			b.r.Units = decoded(b, i, copyEach[Unit])
			b.r.UnitsFile = d.Path
		case doc.People:
			b.r.People = decoded(b, i, copyEach[Person])
			b.r.PeopleFile = d.Path
		case doc.NationalActivities:
			b.r.Activities = decoded(b, i, copyEach[Activity])
			b.r.ActivitiesFile = d.Path
		case doc.Committee:
			b.r.Committee = decoded(b, i, share[Committee])
		case doc.Mandate:
			b.r.Mandates = append(b.r.Mandates, decoded(b, i, copyOne[Mandate]))
		case doc.MandateText:
			b.mandateText[d.PathID] = d
		case doc.Decision:
			b.r.Decisions = append(b.r.Decisions, decoded(b, i, share[Decision]))
		case doc.Meeting:
			b.r.Meetings = append(b.r.Meetings, decoded(b, i, share[Meeting]))
		case doc.Center:
			b.r.Centers = append(b.r.Centers, decoded(b, i, copyOne[Center]))
		default:
			b.pending = append(b.pending, i)
		}
	}
}

// parsed reports whether r.Docs[i] parsed: it has its tree, or its value
// was decoded before the tree was dropped (BuildFrom) or by the previous
// build. Every document the loader gives parsed but a mandate's text
// without front matter; after Repository.Release none has a tree.
func (b *builder) parsed(i int) bool {
	d := b.r.Docs[i]
	if d.Root != nil || b.pre != nil && b.pre[i] != nil {
		return true
	}
	_, prev := b.prev[d]
	return prev
}

// nonNil drops list entries that were null in the file (the schema has
// reported them).
func nonNil[T any](xs []*T) []*T {
	out := xs[:0]
	for _, x := range xs {
		if x != nil {
			out = append(out, x)
		}
	}
	return out
}

// index registers ids and reports duplicates.
func index[T any](b *builder, kind diag.Text, items []*T, id func(*T) String, into map[string]*T) {
	for _, it := range items {
		s := id(it)
		if !s.Set() {
			continue
		}
		if prev, dup := into[s.V]; dup {
			p := id(prev).Pos
			b.add("duplicate-id", s.Pos, "",
				diag.M("model.index.message", kind, s.V, p.File, p.Line),
				diag.M("model.index.message-2"))
			continue
		}
		into[s.V] = it
	}
}

func (b *builder) decodeCenterDoc(c *Center, i int) {
	switch b.r.Docs[i].Kind {
	case doc.Strategy:
		c.Strategies = append(c.Strategies, decoded(b, i, share[Strategy]))
	case doc.ActionPlan:
		c.ActionPlans = append(c.ActionPlans, decoded(b, i, copyOne[ActionPlan]))
	case doc.Report:
		c.Reports = append(c.Reports, decoded(b, i, copyOne[Report]))
	case doc.Education:
		c.Education = decoded(b, i, share[Education])
	case doc.Advice:
		c.Advice = append(c.Advice, decoded(b, i, share[Advice]))
	case doc.Evaluation:
		c.Evaluations = append(c.Evaluations, decoded(b, i, share[Evaluation]))
	}
}

func (b *builder) resolve() {
	r := b.r
	sort.Slice(r.Centers, func(i, j int) bool { return r.Centers[i].File() < r.Centers[j].File() })
	index(b, diag.M("model.builder-resolve.message"), r.Units, func(u *Unit) String { return u.ID }, r.UnitByID)
	index(b, diag.M("model.builder-resolve.message-2"), r.People, func(p *Person) String { return p.ID }, r.PersonByID)
	index(b, diag.M("model.builder-resolve.message-3"), r.Activities, func(a *Activity) String { return a.ID }, r.ActivityByID)
	index(b, diag.M("model.builder-resolve.message-4"), r.Mandates, func(m *Mandate) String { return m.ID }, r.MandateByID)
	index(b, diag.M("model.builder-resolve.message-5"), r.Decisions, func(d *Decision) String { return d.ID }, r.DecisionByID)
	index(b, diag.M("model.builder-resolve.message-6"), r.Centers, func(c *Center) String { return c.ID }, r.CenterByID)
	for _, m := range r.Meetings {
		if m.Date.Valid() {
			r.MeetingByDate[m.Date.String()] = m
		}
	}

	// Center documents belong to the center of their folder.
	byFolder := map[string]*Center{}
	for _, c := range r.Centers {
		byFolder[c.Doc.Center] = c
	}
	for _, i := range b.pending {
		d := b.r.Docs[i]
		c := byFolder[d.Center]
		if c == nil {
			if b.unreadable("centers/" + d.Center + "/center.yaml") {
				// center.yaml is there but could not be read; its own
				// syntax finding says why, and repeating "no center.yaml"
				// for every file of the center would be false.
				continue
			}
			b.add("ref", diag.Pos{File: d.Path, Line: 1, Col: 1}, d.Center,
				diag.M("model.builder-resolve.message-7", d.Center),
				diag.M("model.builder-resolve.hint", d.Center))
			continue
		}
		b.decodeCenterDoc(c, i)
	}

	b.checkIDs()
	b.resolveOrg()
	b.resolveCommittee()
	for _, c := range r.Centers {
		b.resolveCenter(c)
	}
	b.checkActionIDs()
}

// checkIDs reports ids that disagree with their file's path.
func (b *builder) checkIDs() {
	r := b.r
	for _, m := range r.Mandates {
		b.mustMatch(m.ID, m.Doc.PathID, m.Doc.Path, "", "id")
		if t := b.mandateText[m.Doc.PathID]; t != nil {
			m.Text = t
		}
	}
	for _, d := range r.Decisions {
		b.mustMatch(d.ID, d.Doc.PathID, d.Doc.Path, "", "id")
	}
	for _, m := range r.Meetings {
		b.mustMatch(String{V: m.Date.Raw, Pos: m.Date.Pos}, m.Doc.PathID, m.Doc.Path, "", "date")
	}
	for _, c := range r.Centers {
		b.mustMatch(c.ID, c.Doc.PathID, c.Doc.Path, c.Doc.Center, "id")
		for _, s := range c.Strategies {
			want := s.Doc.PathID // "<from>-<to>"
			got := ""
			if s.Period.Start.Valid() && s.Period.End.Valid() {
				got = fmt.Sprintf("%d-%d", s.Period.Start.Year(), s.Period.End.Year())
				if got != want {
					b.add("id-mismatch", s.Period.Pos, c.ID.V,
						diag.M("model.builder-check-i-ds.message", s.Period.Start, s.Period.End, s.Doc.Path, want),
						diag.M("model.builder-check-i-ds.hint", got, got, want))
				}
			}
		}
		for _, p := range c.ActionPlans {
			b.mustMatch(String{V: intText(p.Year), Pos: p.Year.Pos}, p.Doc.PathID, p.Doc.Path, c.Doc.Center, "year")
		}
		for _, rp := range c.Reports {
			b.mustMatch(rp.Period, rp.Doc.PathID, rp.Doc.Path, c.Doc.Center, "period")
		}
		for _, a := range c.Advice {
			if a.Date.Raw != "" && len(a.Doc.PathID) >= 10 && a.Date.Raw != a.Doc.PathID[:10] {
				b.add("id-mismatch", a.Date.Pos, c.ID.V,
					diag.M("model.builder-check-i-ds.message-2", a.Date.Raw, a.Doc.Path, a.Doc.PathID[:10]),
					diag.M("model.builder-check-i-ds.hint-2", a.Date.Raw, a.Doc.PathID[10:], a.Doc.PathID[:10]))
			}
		}
		for _, e := range c.Evaluations {
			b.mustMatch(String{V: intText(e.Term), Pos: e.Term.Pos}, e.Doc.PathID, e.Doc.Path, c.Doc.Center, "term")
		}
	}
}

func intText(i Int) string {
	if !i.OK {
		return ""
	}
	return strconv.Itoa(i.V)
}

// matchField names, in both languages, a field that must agree with the
// file's path, and what the path part is called.
var matchField = map[string]diag.Text{
	"id":     diag.M("model.match-field.id"),
	"date":   diag.M("model.match-field.date"),
	"year":   diag.M("model.match-field.year"),
	"period": diag.M("model.match-field.period"),
	"term":   diag.M("model.match-field.term"),
}

func (b *builder) mustMatch(got String, want, file, center, field string) {
	if got.V == want || got.V == "" { // a missing field is the schema's finding
		return
	}
	what := matchField[field]
	if what.NB == "" {
		what = diag.Text{NB: field, EN: field}
	}
	// The name the file would have if the field is right: a center's id
	// names its folder, every other id the file itself.
	dir, base := path.Split(file)
	renamed := dir + strings.Replace(base, want, got.V, 1)
	if path.Base(file) == "center.yaml" {
		renamed = "centers/" + got.V + "/center.yaml"
	}
	b.add("id-mismatch", got.Pos, center,
		diag.M("model.builder-must-match.message", what, got.V, file, want),
		diag.M("model.builder-must-match.message-2", field, want, got.V, renamed))
}

// checkActionIDs reports action ids used twice anywhere in the repository.
func (b *builder) checkActionIDs() {
	seen := map[string]diag.Pos{}
	for _, c := range b.r.Centers {
		for _, p := range c.ActionPlans {
			for _, a := range p.Actions {
				if !a.ID.Set() {
					continue
				}
				if prev, dup := seen[a.ID.V]; dup {
					b.add("duplicate-id", a.ID.Pos, c.ID.V,
						diag.M("model.builder-check-action-i-ds.message", a.ID.V, prev.File, prev.Line),
						diag.M("model.builder-check-action-i-ds.hint", strings.ToUpper(c.ID.V), p.Year.V))
					continue
				}
				seen[a.ID.V] = a.ID.Pos
			}
		}
	}
}
