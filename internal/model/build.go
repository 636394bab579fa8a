package model

import (
	"fmt"
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
	r := &Repository{
		UnitByID: map[string]*Unit{}, PersonByID: map[string]*Person{}, ActivityByID: map[string]*Activity{},
		MandateByID: map[string]*Mandate{}, DecisionByID: map[string]*Decision{}, MeetingByDate: map[string]*Meeting{},
		CenterByID: map[string]*Center{}, Docs: docs, Sources: sources, Files: files,
	}
	b := &builder{r: r}
	b.decodeAll()
	b.resolve()
	return r, b.Items
}

type builder struct {
	r *Repository
	report
	// center documents waiting for their center.
	pending     []*doc.Document
	mandateText map[string]*doc.Document
}

func (b *builder) decodeAll() {
	b.mandateText = map[string]*doc.Document{}
	for _, d := range b.r.Docs {
		if d.Root == nil && d.Kind != doc.MandateText {
			continue
		}
		switch d.Kind {
		case doc.Governance:
			g := &Governance{Source: Source{d}}
			decode(d.Path, d.Root, g)
			b.r.Governance = g
		case doc.Units:
			var v struct {
				Units []*Unit `yaml:"units"`
			}
			decode(d.Path, d.Root, &v)
			b.r.Units, b.r.UnitsFile = nonNil(v.Units), d.Path
		case doc.People:
			var v struct {
				People []*Person `yaml:"people"`
			}
			decode(d.Path, d.Root, &v)
			b.r.People, b.r.PeopleFile = nonNil(v.People), d.Path
		case doc.NationalActivities:
			var v struct {
				Activities []*Activity `yaml:"activities"`
			}
			decode(d.Path, d.Root, &v)
			b.r.Activities, b.r.ActivitiesFile = nonNil(v.Activities), d.Path
		case doc.Committee:
			c := &Committee{Source: Source{d}}
			decode(d.Path, d.Root, c)
			b.r.Committee = c
		case doc.Mandate:
			m := &Mandate{Source: Source{d}}
			decode(d.Path, d.Root, m)
			b.r.Mandates = append(b.r.Mandates, m)
		case doc.MandateText:
			b.mandateText[d.PathID] = d
		case doc.Decision:
			x := &Decision{Source: Source{d}}
			decode(d.Path, d.Root, x)
			b.r.Decisions = append(b.r.Decisions, x)
		case doc.Meeting:
			x := &Meeting{Source: Source{d}}
			decode(d.Path, d.Root, x)
			b.r.Meetings = append(b.r.Meetings, x)
		case doc.Center:
			c := &Center{Source: Source{d}}
			decode(d.Path, d.Root, c)
			b.r.Centers = append(b.r.Centers, c)
		default:
			b.pending = append(b.pending, d)
		}
	}
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
				diag.Text{
					NB: fmt.Sprintf("%s-id-en %q er brukt før (%s)", kind.NB, s.V, p),
					EN: fmt.Sprintf("the %s id %q is already used (%s)", kind.EN, s.V, p),
				},
				diag.T("Gi den en unik id, eller slett den ene av de to.", "Give it a unique id, or delete one of the two."))
			continue
		}
		into[s.V] = it
	}
}

func (b *builder) decodeCenterDoc(c *Center, d *doc.Document) {
	switch d.Kind {
	case doc.Strategy:
		x := &Strategy{Source: Source{d}}
		decode(d.Path, d.Root, x)
		c.Strategies = append(c.Strategies, x)
	case doc.ActionPlan:
		x := &ActionPlan{Source: Source{d}}
		decode(d.Path, d.Root, x)
		c.ActionPlans = append(c.ActionPlans, x)
	case doc.Report:
		x := &Report{Source: Source{d}}
		decode(d.Path, d.Root, x)
		c.Reports = append(c.Reports, x)
	case doc.Education:
		x := &Education{Source: Source{d}}
		decode(d.Path, d.Root, x)
		c.Education = x
	case doc.Advice:
		x := &Advice{Source: Source{d}}
		decode(d.Path, d.Root, x)
		c.Advice = append(c.Advice, x)
	case doc.Evaluation:
		x := &Evaluation{Source: Source{d}}
		decode(d.Path, d.Root, x)
		c.Evaluations = append(c.Evaluations, x)
	}
}

func (b *builder) resolve() {
	r := b.r
	sort.Slice(r.Centers, func(i, j int) bool { return r.Centers[i].File() < r.Centers[j].File() })
	index(b, diag.T("enhet", "unit"), r.Units, func(u *Unit) String { return u.ID }, r.UnitByID)
	index(b, diag.T("person", "person"), r.People, func(p *Person) String { return p.ID }, r.PersonByID)
	index(b, diag.T("aktivitet", "activity"), r.Activities, func(a *Activity) String { return a.ID }, r.ActivityByID)
	index(b, diag.T("mandat", "mandate"), r.Mandates, func(m *Mandate) String { return m.ID }, r.MandateByID)
	index(b, diag.T("vedtak", "decision"), r.Decisions, func(d *Decision) String { return d.ID }, r.DecisionByID)
	index(b, diag.T("senter", "center"), r.Centers, func(c *Center) String { return c.ID }, r.CenterByID)
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
	for _, d := range b.pending {
		c := byFolder[d.Center]
		if c == nil {
			b.add("ref", diag.Pos{File: d.Path, Line: 1, Col: 1}, d.Center,
				diag.T("mappen centers/%s har ingen center.yaml, så filen hører ikke til noe senter", "the folder centers/%s has no center.yaml, so the file belongs to no center", d.Center),
				diag.T("Opprett centers/%s/center.yaml (pmgov new center), eller flytt filen til riktig senters mappe.", "Create centers/%s/center.yaml (pmgov new center), or move the file to the right center's folder.", d.Center))
			continue
		}
		b.decodeCenterDoc(c, d)
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
						diag.T("strategiperioden %s–%s passer ikke med filnavnet %s (årene %s)", "the strategy period %s–%s does not match the file name %s (years %s)", s.Period.Start, s.Period.End, s.Doc.Path, want),
						diag.T("Gi filen navnet strategy-%s.md, eller rett periodens start og slutt.", "Name the file strategy-%s.md, or correct the period's start and end.", got))
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
					diag.T("datoen %s passer ikke med filnavnet %s", "the date %s does not match the file name %s", a.Date.Raw, a.Doc.Path),
					diag.T("Filnavnet skal starte med rådets dato: %s-….md.", "The file name must start with the advice's date: %s-….md.", a.Date.Raw))
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

func (b *builder) mustMatch(got String, want, file, center, field string) {
	if got.V == want || got.V == "" { // a missing field is the schema's finding
		return
	}
	b.add("id-mismatch", got.Pos, center,
		diag.T("%s er %q, men filnavnet %s sier %q", "%s is %q, but the file name %s says %q", field, got.V, file, want),
		diag.T("Sett %s: %s, eller gi filen et navn som passer %q.", "Set %s: %s, or rename the file to match %q.", field, want, got.V))
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
						diag.T("tiltaks-id-en %q er brukt før (%s)", "the action id %q is already used (%s)", a.ID.V, prev),
						diag.T("Gi tiltaket en unik id, f.eks. %s-%d-NN.", "Give the action a unique id, such as %s-%d-NN.", strings.ToUpper(c.ID.V), p.Year.V))
					continue
				}
				seen[a.ID.V] = a.ID.Pos
			}
		}
	}
}
