package lsp

import (
	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
)

// target is an id a field may refer to, with its name and where it is
// defined.
type target struct {
	ID, Name string
	Pos      diag.Pos
}

// refersTo says what kind of id the value at path holds, from the
// schema's $defs (person-id …) or, where the schema has only a slug, the
// field's name: "person", "unit", "decision", "center", "goal", "action",
// "group", "pathway", "activity", "mandate", "meeting", "strategy", or ""
// for a value that is no reference.
func refersTo(path []string, f field) string {
	switch f.Def {
	case "person-id":
		return "person"
	case "unit-id":
		return "unit"
	case "decision-id":
		return "decision"
	case "goal-id":
		return "goal"
	case "action-id":
		return "action"
	}
	name := ""
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] != "0" {
			name = path[i]
			break
		}
	}
	switch name {
	case "center", "centers":
		return "center"
	case "group":
		return "group"
	case "pathways":
		return "pathway"
	case "national_activities":
		return "activity"
	case "mandate":
		return "mandate"
	case "meeting", "after_evaluation_meeting":
		return "meeting"
	case "strategy":
		return "strategy"
	case "decisions":
		return "decision"
	case "attendees", "secretariat", "maintainers", "editors":
		return "person"
	case "participating_units":
		return "unit"
	}
	return ""
}

// targets lists the ids of kind ref in repo; the goals, actions, disease
// groups, pathways and strategies are those of center.
func targets(repo *model.Repository, ref, center string) []target {
	if repo == nil {
		return nil
	}
	var out []target
	c := repo.Center(center)
	switch ref {
	case "person":
		for _, p := range repo.People {
			out = append(out, target{p.ID.V, p.Name.V, p.ID.Pos})
		}
	case "unit":
		for _, u := range repo.Units {
			out = append(out, target{u.ID.V, u.Name.V, u.ID.Pos})
		}
	case "decision":
		for _, d := range repo.Decisions {
			out = append(out, target{d.ID.V, d.Title.V, fileStart(d.File(), d.ID.Pos)})
		}
	case "center":
		for _, c := range repo.Centers {
			out = append(out, target{c.ID.V, c.Name.V, fileStart(c.File(), c.ID.Pos)})
		}
	case "mandate":
		for _, m := range repo.Mandates {
			out = append(out, target{m.ID.V, m.Title.V, fileStart(m.File(), m.ID.Pos)})
		}
	case "meeting":
		for _, m := range repo.Meetings {
			out = append(out, target{m.Date.String(), m.Title.V, fileStart(m.File(), m.Date.Pos)})
		}
	case "activity":
		for _, a := range repo.Activities {
			out = append(out, target{a.ID.V, a.Name.V, a.ID.Pos})
		}
	}
	if c == nil {
		return out
	}
	switch ref {
	case "goal":
		for _, s := range c.Strategies {
			for _, g := range s.Goals {
				out = append(out, target{g.ID.V, g.Title.V, g.ID.Pos})
			}
		}
	case "action":
		for _, p := range c.ActionPlans {
			for _, a := range p.Actions {
				out = append(out, target{a.ID.V, a.Title.V, a.ID.Pos})
			}
		}
	case "group":
		for _, g := range c.DiseaseGroups {
			out = append(out, target{g.ID.V, g.Name.V, g.ID.Pos})
		}
	case "pathway":
		for _, g := range c.PatientPathways {
			out = append(out, target{g.ID.V, g.Name.V, g.ID.Pos})
		}
	case "strategy":
		for _, s := range c.Strategies {
			out = append(out, target{s.ID(), s.Title.V, diag.Pos{File: s.File(), Line: 1, Col: 1}})
		}
	}
	return out
}

// fileStart is pos, or the start of file when pos names no place.
func fileStart(file string, pos diag.Pos) diag.Pos {
	if pos.Line > 0 {
		return pos
	}
	return diag.Pos{File: file, Line: 1, Col: 1}
}
