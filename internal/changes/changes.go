// Package changes compares two states of the governance repository and says,
// in words the committee uses, what changed: centers established or closed,
// leaders, board members and competences, terms, strategies, action status,
// reports submitted, decisions and meetings added, findings opened and
// resolved.
package changes

import (
	"cmp"
	"slices"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/rules"
)

// Kind classifies a change, for grouping and for tools.
type Kind string

// Kinds of change.
const (
	CenterEstablished Kind = "center-established"
	CenterClosed      Kind = "center-closed"
	CenterStatus      Kind = "center-status"
	Leader            Kind = "leader"
	BoardJoined       Kind = "board-joined"
	BoardLeft         Kind = "board-left"
	Competences       Kind = "competences"
	Term              Kind = "term"
	Strategy          Kind = "strategy"
	ActionAdded       Kind = "action-added"
	ActionStatus      Kind = "action-status"
	ReportSubmitted   Kind = "report-submitted"
	DecisionAdded     Kind = "decision-added"
	MeetingAdded      Kind = "meeting-added"
	FindingOpened     Kind = "finding-opened"
	FindingResolved   Kind = "finding-resolved"
)

// Change is one difference between two states.
type Change struct {
	Kind Kind `json:"kind"`
	// Center is the center's id, empty for committee-wide changes.
	Center string `json:"center,omitempty"`
	// File is where the change can be read in the newer state (or the
	// older one, for something removed).
	File string    `json:"file,omitempty"`
	Text diag.Text `json:"-"`
}

// State is one side of a comparison: a repository and its findings.
type State struct {
	Repo  *model.Repository
	Diags []diag.Diagnostic
}

// Diff lists what changed from old to new, ordered by center then kind.
func Diff(old, new State) []Change {
	var out []Change
	add := func(k Kind, center, file string, t diag.Text) {
		out = append(out, Change{Kind: k, Center: center, File: file, Text: t})
	}
	for _, c := range new.Repo.Centers {
		id := c.ID.V
		o := old.Repo.Center(id)
		if o == nil {
			add(CenterEstablished, id, c.File(), diag.M("changes.center-new", id, c.Name.V, diag.Text{NB: nb(c.Status.V), EN: c.Status.V}))
			continue
		}
		diffCenter(o, c, add)
	}
	for _, d := range new.Repo.Decisions {
		if old.Repo.Decision(d.ID.V) == nil {
			add(DecisionAdded, "", d.File(), diag.M("changes.decision-new", d.ID.V, d.Type.V, d.Title.V))
		}
	}
	for _, m := range new.Repo.Meetings {
		if old.Repo.MeetingByDate[m.Date.String()] == nil {
			add(MeetingAdded, "", m.File(), diag.M("changes.meeting-new", m.Date.String(), m.Title.V))
		}
	}
	oldKeys, newKeys := findingKeys(old.Diags), findingKeys(new.Diags)
	for _, d := range new.Diags {
		if !oldKeys[key(d)] && d.Severity >= diag.Warning {
			add(FindingOpened, d.Center, d.Pos.File, findingText(true, d))
		}
	}
	for _, d := range old.Diags {
		if !newKeys[key(d)] && d.Severity >= diag.Warning {
			add(FindingResolved, d.Center, d.Pos.File, findingText(false, d))
		}
	}
	slices.SortStableFunc(out, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Center, b.Center), cmp.Compare(kindOrder(a.Kind), kindOrder(b.Kind)))
	})
	return out
}

// findingText says a finding opened or resolved in the committee's words
// (the rule's Brief where it gives one), with the rule and its plain title;
// the file it stands in is the change's File.
func findingText(opened bool, d diag.Diagnostic) diag.Text {
	words := d.Message
	if d.Brief != (diag.Text{}) {
		words = d.Brief
	}
	r := rules.ByID(d.Rule)
	switch {
	case opened && r != nil:
		return diag.M("changes.finding-new-titled", words, d.Rule, r.Summary)
	case opened:
		return diag.M("changes.finding-new", words, d.Rule)
	case r != nil:
		return diag.M("changes.finding-resolved-titled", words, d.Rule, r.Summary)
	}
	return diag.M("changes.finding-resolved", words, d.Rule)
}

var order = []Kind{CenterEstablished, CenterClosed, CenterStatus, Leader, BoardJoined, BoardLeft, Competences, Term,
	Strategy, ActionAdded, ActionStatus, ReportSubmitted, DecisionAdded, MeetingAdded, FindingOpened, FindingResolved}

func kindOrder(k Kind) int { return slices.Index(order, k) }

// key identifies a finding across revisions: positions move when lines are
// added above, so the rule, the file and the message identify it.
func key(d diag.Diagnostic) string { return d.Rule + "\x00" + d.Pos.File + "\x00" + d.Message.EN }

func findingKeys(ds []diag.Diagnostic) map[string]bool {
	m := make(map[string]bool, len(ds))
	for _, d := range ds {
		m[key(d)] = true
	}
	return m
}

type adder func(k Kind, center, file string, t diag.Text)

func diffCenter(o, c *model.Center, add adder) {
	id, file := c.ID.V, c.File()
	if o.Status.V != c.Status.V {
		k := CenterStatus
		if c.Status.V == "closed" {
			k = CenterClosed
		}
		add(k, id, file, diag.M("changes.center.status", id, diag.Text{NB: nb(o.Status.V), EN: o.Status.V}, diag.Text{NB: nb(c.Status.V), EN: c.Status.V}))
	}
	if o.Leader.V != c.Leader.V {
		add(Leader, id, file, diag.M("changes.center.leader", id, c.Leader.V, o.Leader.V))
	}
	oldBoard, newBoard := board(o), board(c)
	for _, p := range sortedKeys(newBoard) {
		if old, was := oldBoard[p]; !was {
			add(BoardJoined, id, file, diag.M("changes.center.board-joined", id, p, newBoard[p]))
		} else if old != newBoard[p] {
			add(Competences, id, file, diag.M("changes.center.competences", id, p, newBoard[p], old))
		}
	}
	for _, p := range sortedKeys(oldBoard) {
		if _, still := newBoard[p]; !still {
			add(BoardLeft, id, file, diag.M("changes.center.board-left", id, p))
		}
	}
	if terms(o) != terms(c) {
		add(Term, id, file, diag.M("changes.center.terms", id, terms(c), terms(o)))
	}
	for _, s := range c.Strategies {
		if !slices.ContainsFunc(o.Strategies, func(x *model.Strategy) bool { return x.File() == s.File() }) {
			add(Strategy, id, s.File(), diag.M("changes.center.strategy-new", id, s.Period.Start.String(), s.Period.End.String()))
		} else if prev := findStrategy(o, s.File()); prev.ApprovedBy.V != s.ApprovedBy.V {
			add(Strategy, id, s.File(), diag.M("changes.center.strategy-approved", id, s.ID(), s.ApprovedBy.V))
		}
	}
	oldActions := actions(o)
	for _, p := range c.ActionPlans {
		for _, a := range p.Actions {
			prev, ok := oldActions[a.ID.V]
			switch {
			case !ok:
				add(ActionAdded, id, p.File(), diag.M("changes.center.action-new", id, a.ID.V, a.Title.V, diag.Text{NB: nb(a.Status.V), EN: a.Status.V}))
			case prev != a.Status.V:
				add(ActionStatus, id, p.File(), diag.M("changes.center.action-status", id, a.ID.V, a.Title.V, diag.Text{NB: nb(a.Status.V), EN: a.Status.V}, diag.Text{NB: nb(prev), EN: prev}))
			}
		}
	}
	for _, r := range c.Reports {
		if o.Report(r.Doc.PathID) == nil {
			add(ReportSubmitted, id, r.File(), diag.M("changes.center.report-submitted", id, r.Period.V, r.Submitted.String()))
		}
	}
}

func findStrategy(c *model.Center, file string) *model.Strategy {
	for _, s := range c.Strategies {
		if s.File() == file {
			return s
		}
	}
	return nil
}

func board(c *model.Center) map[string]string {
	m := map[string]string{}
	for _, b := range c.Board {
		comp := slices.Clone(b.Competences.Values())
		slices.Sort(comp)
		m[b.Person.V] = strings.Join(comp, ", ")
	}
	return m
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func terms(c *model.Center) string {
	var parts []string
	for _, t := range c.Terms {
		parts = append(parts, t.Start.String()+"–"+t.End.String())
	}
	return strings.Join(parts, ", ")
}

func actions(c *model.Center) map[string]string {
	m := map[string]string{}
	for _, p := range c.ActionPlans {
		for _, a := range p.Actions {
			m[a.ID.V] = a.Status.V
		}
	}
	return m
}

// statusNB names the data model's status values in Norwegian.
var statusNB = map[string]string{
	"planned": "planlagt", "in-progress": "pågår", "done": "fullført", "delayed": "forsinket", "cancelled": "avlyst",
	"proposed": "foreslått", "active": "aktiv", "closed": "nedlagt",
}

// nb is a status value in Norwegian, or the value itself when unknown.
func nb(status string) string {
	if w, ok := statusNB[status]; ok {
		return w
	}
	return status
}
