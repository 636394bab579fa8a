package model

import (
	"sync"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

// Repository is the whole governance repository, resolved.
type Repository struct {
	Governance *Governance
	Committee  *Committee
	Units      []*Unit
	People     []*Person
	Activities []*Activity
	Mandates   []*Mandate
	Decisions  []*Decision
	Meetings   []*Meeting
	Centers    []*Center

	UnitByID     map[string]*Unit
	PersonByID   map[string]*Person
	ActivityByID map[string]*Activity
	MandateByID  map[string]*Mandate
	DecisionByID map[string]*Decision
	// MeetingByDate is keyed by YYYY-MM-DD.
	MeetingByDate map[string]*Meeting
	CenterByID    map[string]*Center
	// Unreadable are the folders under centers/ whose center.yaml was read
	// but could not be parsed: such a center exists, but nothing of it is
	// known, so findings that would follow only from its absence are not
	// made (see initial-centers), and the site shows it as unreadable.
	Unreadable []string

	// Files of the people, units and activities lists, for positions of
	// findings about a whole list.
	UnitsFile, PeopleFile, ActivitiesFile string

	// Docs are all loaded documents; Sources the text of every data file.
	Docs    []*doc.Document
	Sources map[string][]byte
	// Files is the number of data files examined.
	Files int

	// decoded is what decoding each document gave, before any reference
	// was resolved, so that a later build sharing the document
	// (BuildReusing) copies it instead of decoding it again. It is never
	// handed out: the model holds copies, which resolving fills in.
	decoded map[*doc.Document]any

	// memo holds what checks of a file's text gave (Memo), by check and
	// path, for this repository and the next build; prevMemo is the
	// previous build's.
	memoMu   sync.Mutex
	memo     map[string]map[string]memoEntry
	prevMemo map[string]map[string]memoEntry
	// once marks a model built once (BuildFrom with values), which no
	// later build takes over from: Memo keeps nothing for one.
	once bool
}

type memoEntry struct {
	src []byte
	v   any
}

// Memo calls each with every file's path and f(src), where src is the
// file's text (Sources), in no order; check names f with whatever else its
// result depends on. A build that shares a file's text with the previous
// build (BuildReusing: an unchanged file is loaded once) takes f(src) from
// it instead of calling f again, so f must depend on nothing but src, and
// its result is shared, never to be changed.
func (r *Repository) Memo(check string, f func(src []byte) any, each func(path string, v any)) {
	if r.once {
		for path, src := range r.Sources {
			each(path, f(src))
		}
		return
	}
	r.memoMu.Lock()
	prev := r.prevMemo[check]
	r.memoMu.Unlock()
	m := make(map[string]memoEntry, len(r.Sources))
	for path, src := range r.Sources {
		e, ok := prev[path]
		if !ok || !sameBytes(e.src, src) {
			e = memoEntry{src: src, v: f(src)}
		}
		m[path] = e
		each(path, e.v)
	}
	r.memoMu.Lock()
	defer r.memoMu.Unlock()
	if r.memo == nil {
		r.memo = map[string]map[string]memoEntry{}
	}
	r.memo[check] = m
}

// sameBytes reports whether a and b are the same bytes in memory, which
// nothing changes after loading.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// Center returns the center with id, or nil.
func (r *Repository) Center(id string) *Center { return r.CenterByID[id] }

// Person returns the person with id, or nil.
func (r *Repository) Person(id string) *Person { return r.PersonByID[id] }

// Unit returns the unit with id, or nil.
func (r *Repository) Unit(id string) *Unit { return r.UnitByID[id] }

// Decision returns the decision with id, or nil.
func (r *Repository) Decision(id string) *Decision { return r.DecisionByID[id] }

// ActiveCenters returns the centers whose status is active, in id order.
func (r *Repository) ActiveCenters() []*Center {
	var out []*Center
	for _, c := range r.Centers {
		if c.Status.V == "active" {
			out = append(out, c)
		}
	}
	return out
}

// report collects the model stage's diagnostics.
type report struct{ diag.List }

func (r *report) add(rule string, pos diag.Pos, center string, msg, hint diag.Text) {
	r.Add(diag.Diagnostic{Rule: rule, Severity: diag.Error, Pos: pos, Message: msg, Hint: hint, Center: center})
}

// Release drops the documents' parse trees (Doc.Root) and what a later
// build would take over from this one (BuildReusing, Memo), for a command
// that reads the model once it is built and never builds again from it: a
// build of the site renders from the model alone, and the trees are most of
// the memory a large repository's model keeps alive. After Release, Docs
// still give every document's path, kind and Markdown body.
func (r *Repository) Release() {
	if r == nil {
		return
	}
	for _, d := range r.Docs {
		d.Root = nil
	}
	r.decoded = nil
	r.memoMu.Lock()
	r.memo, r.prevMemo = nil, nil
	r.memoMu.Unlock()
}
