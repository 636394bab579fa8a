package sitebuild

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
)

// The JSON API (api/v1/) mirrors the data for other hospital tools. Field
// names follow the data model; keys come out in struct order, so files are
// stable. People carry names and roles only: no e-mail addresses and no
// GitHub handles, which other tools have no need for and a public site
// should not collect.

type apiCenterRef struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	ShortName  string `json:"short_name,omitempty"`
	Kind       string `json:"kind"`
	Theme      string `json:"theme,omitempty"`
	Status     string `json:"status"`
	AnchorUnit string `json:"anchor_unit,omitempty"`
	Leader     string `json:"leader,omitempty"`
	Health     string `json:"health"`
	Page       string `json:"page"`
	API        string `json:"api"`
}

type apiCenter struct {
	apiCenterRef
	Mandate            string          `json:"mandate,omitempty"`
	EstablishedBy      string          `json:"established_by,omitempty"`
	ClosedBy           string          `json:"closed_by,omitempty"`
	Terms              []apiTerm       `json:"terms"`
	Board              []apiBoard      `json:"board"`
	ParticipatingUnits []string        `json:"participating_units"`
	DiseaseGroups      []apiNamed      `json:"disease_groups"`
	PatientPathways    []apiNamed      `json:"patient_pathways"`
	TechnologyAreas    []apiTechArea   `json:"technology_areas"`
	NationalActivities []string        `json:"national_activities"`
	BudgetUnit         string          `json:"budget_unit,omitempty"`
	Strategies         []apiStrategy   `json:"strategies"`
	ActionPlans        []apiPlan       `json:"action_plans"`
	Reports            []apiReport     `json:"reports"`
	Education          []apiProgramme  `json:"education"`
	Advice             []apiAdvice     `json:"advice"`
	Evaluations        []apiEvaluation `json:"evaluations"`
	Standing           apiStanding     `json:"standing"`
	Diagnostics        []apiDiagnostic `json:"diagnostics"`
}

type apiTerm struct {
	Start           string `json:"start"`
	End             string `json:"end"`
	AfterEvaluation string `json:"after_evaluation,omitempty"`
}

type apiBoard struct {
	Person      string   `json:"person"`
	Name        string   `json:"name"`
	Role        string   `json:"role"`
	Competences []string `json:"competences"`
}

type apiNamed struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type apiTechArea struct {
	Center   string `json:"center"`
	Decision string `json:"decision,omitempty"`
}

type apiStrategy struct {
	Start      string    `json:"start"`
	End        string    `json:"end"`
	ApprovedBy string    `json:"approved_by,omitempty"`
	Goals      []apiGoal `json:"goals"`
	Page       string    `json:"page"`
}

type apiGoal struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	FocusAreas []string `json:"focus_areas"`
}

type apiPlan struct {
	Year     string      `json:"year"`
	Strategy string      `json:"strategy,omitempty"`
	Actions  []apiAction `json:"actions"`
}

type apiAction struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Goal     string   `json:"goal,omitempty"`
	Tasks    []string `json:"tasks"`
	Pathways []string `json:"pathways"`
	Owner    string   `json:"owner,omitempty"`
	Due      string   `json:"due,omitempty"`
	Status   string   `json:"status,omitempty"`
	Overdue  bool     `json:"overdue"`
}

type apiReport struct {
	Period     string     `json:"period"`
	Submitted  string     `json:"submitted,omitempty"`
	Author     string     `json:"author,omitempty"`
	EffortUnit string     `json:"effort_unit,omitempty"`
	Effort     []apiShare `json:"effort"`
	Page       string     `json:"page"`
}

type apiShare struct {
	Group     string      `json:"group"`
	Share     json.Number `json:"share"`
	Rationale string      `json:"rationale,omitempty"`
}

type apiProgramme struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Audiences []string `json:"audiences"`
	Status    string   `json:"status"`
	Start     string   `json:"start,omitempty"`
	End       string   `json:"end,omitempty"`
}

type apiAdvice struct {
	Date     string `json:"date"`
	Title    string `json:"title"`
	ToUnit   string `json:"to_unit,omitempty"`
	Priority string `json:"priority,omitempty"`
	Status   string `json:"status,omitempty"`
	Page     string `json:"page"`
}

type apiEvaluation struct {
	Term     int    `json:"term"`
	Date     string `json:"date"`
	Outcome  string `json:"outcome,omitempty"`
	Decision string `json:"decision,omitempty"`
	Page     string `json:"page"`
}

type apiStanding struct {
	Health         string `json:"health"`
	CurrentTerm    int    `json:"current_term"`
	Evaluated      bool   `json:"evaluated"`
	LastReport     string `json:"last_report,omitempty"`
	MissingReports int    `json:"missing_reports"`
	OverdueActions int    `json:"overdue_actions"`
	Errors         int    `json:"errors"`
	Warnings       int    `json:"warnings"`
	Waived         int    `json:"waived"`
}

type apiPerson struct {
	ID    string    `json:"id"`
	Name  string    `json:"name"`
	Title string    `json:"title,omitempty"`
	Unit  string    `json:"unit,omitempty"`
	Roles []apiRole `json:"roles"`
}

type apiRole struct {
	Role   string `json:"role"`
	Center string `json:"center,omitempty"`
}

type apiUnit struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Level  string `json:"level"`
	Parent string `json:"parent,omitempty"`
}

type apiDecision struct {
	ID      string      `json:"id"`
	Date    string      `json:"date"`
	Meeting string      `json:"meeting,omitempty"`
	Title   string      `json:"title"`
	Type    string      `json:"type"`
	Centers []string    `json:"centers"`
	Waivers []apiWaiver `json:"waivers,omitempty"`
	Page    string      `json:"page"`
}

type apiWaiver struct {
	Rule   string `json:"rule"`
	Center string `json:"center"`
	Until  string `json:"until"`
}

// apiDiagnostic has the fields of `pmgov validate --format json`.
type apiDiagnostic struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Message  string `json:"message"`
	Hint     string `json:"hint"`
	Clause   string `json:"clause"`
	Center   string `json:"center,omitempty"`
	WaivedBy string `json:"waived_by,omitempty"`
}

type apiDiagnostics struct {
	AsOf        string          `json:"as_of"`
	Diagnostics []apiDiagnostic `json:"diagnostics"`
	Summary     diag.Summary    `json:"summary"`
}

// encode writes v as indented JSON. HTML escaping stays on: a name holding
// "<script>" comes out as \u003cscript\u003e, harmless even if a browser
// is made to read the file as HTML.
// encode writes v as indented JSON into buf.
func encode(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("build api: %w", err)
	}
	return nil
}

func vals(ss model.Strings) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, s.V)
	}
	return out
}

// api lists the files of api/v1/.
func (g *generator) api() ([]output, error) {
	lang := g.langs[0]
	var outs []output
	// The values are encoded as the site is written, in parallel.
	add := func(path string, v any) error {
		outs = append(outs, output{path: "api/v1/" + path, json: v})
		return nil
	}
	refs := make([]apiCenterRef, 0, len(g.standings))
	for _, s := range g.standings {
		c := s.Center
		id := centerID(c)
		ref := apiCenterRef{ID: c.ID.V, Name: c.Name.V, ShortName: c.ShortName.V, Kind: c.Kind.V, Theme: c.Theme.V,
			Status: c.Status.V, AnchorUnit: c.AnchorUnit.V, Leader: c.Leader.V, Health: s.Health,
			Page: "centers/" + id + ".html", API: "api/v1/centers/" + id + ".json"}
		refs = append(refs, ref)
		// A center's file is made when it is written, not held until the
		// last file is: a large site has many.
		outs = append(outs, output{path: "api/v1/centers/" + id + ".json", render: func(b *bytes.Buffer) error {
			return encode(b, g.apiCenter(ref, s, lang))
		}})
	}
	if err := add("centers.json", refs); err != nil {
		return nil, err
	}
	if err := add("people.json", g.apiPeople()); err != nil {
		return nil, err
	}
	units := make([]apiUnit, 0, len(g.repo.Units))
	for _, u := range g.repo.Units {
		units = append(units, apiUnit{ID: u.ID.V, Name: u.Name.V, Level: u.Level.V, Parent: u.Parent.V})
	}
	if err := add("units.json", units); err != nil {
		return nil, err
	}
	decisions := make([]apiDecision, 0, len(g.repo.Decisions))
	for _, d := range g.repo.Decisions {
		ad := apiDecision{ID: d.ID.V, Date: d.Date.String(), Meeting: d.Meeting.V, Title: d.Title.V, Type: d.Type.V,
			Centers: vals(d.Centers), Page: docPath(d.Doc)}
		for _, w := range d.Waivers {
			ad.Waivers = append(ad.Waivers, apiWaiver{Rule: w.Rule.V, Center: w.Center.V, Until: w.Until.String()})
		}
		decisions = append(decisions, ad)
	}
	if err := add("decisions.json", decisions); err != nil {
		return nil, err
	}
	if err := add("diagnostics.json", apiDiagnostics{AsOf: g.asOfText, Diagnostics: apiDiags(g.res.Diags, lang),
		Summary: diag.Summarize(g.res.Files, g.res.Diags)}); err != nil {
		return nil, err
	}
	return outs, nil
}

func apiDiags(ds []diag.Diagnostic, lang diag.Lang) []apiDiagnostic {
	out := make([]apiDiagnostic, 0, len(ds))
	for _, d := range ds {
		out = append(out, apiDiagnostic{Rule: d.Rule, Severity: d.Severity.String(), File: d.Pos.File, Line: d.Pos.Line,
			Column: d.Pos.Col, Message: d.Message.In(lang), Hint: d.Hint.In(lang), Clause: d.Clause, Center: d.Center, WaivedBy: d.WaivedBy})
	}
	return out
}

func (g *generator) apiCenter(ref apiCenterRef, s *Standing, lang diag.Lang) apiCenter {
	c := s.Center
	overdue := map[*model.Action]bool{}
	for _, o := range s.Overdue {
		overdue[o.Action] = true
	}
	v := apiCenter{apiCenterRef: ref, Mandate: c.Mandate.V, EstablishedBy: c.EstablishedBy.V, ClosedBy: c.ClosedBy.V,
		Terms: []apiTerm{}, Board: []apiBoard{}, ParticipatingUnits: vals(c.ParticipatingUnits), DiseaseGroups: []apiNamed{},
		PatientPathways: []apiNamed{}, TechnologyAreas: []apiTechArea{}, NationalActivities: vals(c.NationalActivities),
		BudgetUnit: c.Funding.BudgetUnit.V, Strategies: []apiStrategy{}, ActionPlans: []apiPlan{}, Reports: []apiReport{},
		Education: []apiProgramme{}, Advice: []apiAdvice{}, Evaluations: []apiEvaluation{}, Diagnostics: apiDiags(s.Diags, lang)}
	for _, t := range c.Terms {
		v.Terms = append(v.Terms, apiTerm{Start: t.Start.String(), End: t.End.String(), AfterEvaluation: t.AfterEvaluation.V})
	}
	for _, b := range c.Board {
		name := b.Person.V
		if p := g.repo.PersonByID[b.Person.V]; p != nil {
			name = p.Name.V
		}
		v.Board = append(v.Board, apiBoard{Person: b.Person.V, Name: name, Role: b.Role.V, Competences: vals(b.Competences)})
	}
	for _, n := range c.DiseaseGroups {
		v.DiseaseGroups = append(v.DiseaseGroups, apiNamed{ID: n.ID.V, Name: n.Name.V})
	}
	for _, n := range c.PatientPathways {
		v.PatientPathways = append(v.PatientPathways, apiNamed{ID: n.ID.V, Name: n.Name.V})
	}
	for _, t := range c.TechnologyAreas {
		v.TechnologyAreas = append(v.TechnologyAreas, apiTechArea{Center: t.Center.V, Decision: t.Decision.V})
	}
	for _, st := range c.Strategies {
		as := apiStrategy{Start: st.Period.Start.String(), End: st.Period.End.String(), ApprovedBy: st.ApprovedBy.V, Goals: []apiGoal{}, Page: docPath(st.Doc)}
		for _, goal := range st.Goals {
			as.Goals = append(as.Goals, apiGoal{ID: goal.ID.V, Title: goal.Title.V, FocusAreas: vals(goal.FocusAreas)})
		}
		v.Strategies = append(v.Strategies, as)
	}
	for _, p := range c.ActionPlans {
		ap := apiPlan{Year: p.Doc.PathID, Strategy: p.Strategy.V, Actions: []apiAction{}}
		for i := range p.Actions {
			a := &p.Actions[i]
			ap.Actions = append(ap.Actions, apiAction{ID: a.ID.V, Title: a.Title.V, Goal: a.Goal.V, Tasks: vals(a.Tasks),
				Pathways: vals(a.Pathways), Owner: a.Owner.V, Due: a.Due.String(), Status: a.Status.V, Overdue: overdue[a]})
		}
		v.ActionPlans = append(v.ActionPlans, ap)
	}
	for _, r := range c.Reports {
		ar := apiReport{Period: r.Doc.PathID, Submitted: r.Submitted.String(), Author: r.Author.V, EffortUnit: r.Effort.Unit.V, Effort: []apiShare{}, Page: docPath(r.Doc)}
		for _, sh := range r.Effort.Allocation {
			n := json.Number(formatNumber(sh.Share.V))
			ar.Effort = append(ar.Effort, apiShare{Group: sh.Group.V, Share: n, Rationale: sh.Rationale.V})
		}
		v.Reports = append(v.Reports, ar)
	}
	if c.Education != nil {
		for _, p := range c.Education.Programmes {
			v.Education = append(v.Education, apiProgramme{ID: p.ID.V, Title: p.Title.V, Audiences: vals(p.Audiences), Status: p.Status.V, Start: p.Start.String(), End: p.End.String()})
		}
	}
	for _, a := range c.Advice {
		v.Advice = append(v.Advice, apiAdvice{Date: a.Date.String(), Title: a.Title.V, ToUnit: a.ToUnit.V, Priority: a.Priority.V, Status: a.Status.V, Page: docPath(a.Doc)})
	}
	for _, e := range c.Evaluations {
		v.Evaluations = append(v.Evaluations, apiEvaluation{Term: e.Term.V, Date: e.Date.String(), Outcome: e.Outcome.V, Decision: e.Decision.V, Page: docPath(e.Doc)})
	}
	v.Standing = apiStanding{Health: s.Health, CurrentTerm: s.TermNo, Evaluated: s.Evaluated, MissingReports: s.MissingReports,
		OverdueActions: len(s.Overdue), Errors: s.Errors, Warnings: s.Warnings, Waived: s.Waived}
	if s.LastReport != nil {
		v.Standing.LastReport = s.LastReport.Doc.PathID
	}
	return v
}

// apiPeople lists people with the roles the data gives them.
func (g *generator) apiPeople() []apiPerson {
	roles := map[string][]apiRole{}
	if cm := g.repo.Committee; cm != nil {
		for _, m := range cm.Members {
			roles[m.Person.V] = append(roles[m.Person.V], apiRole{Role: "committee-" + m.Role.V})
		}
		for _, s := range cm.Secretariat {
			roles[s.V] = append(roles[s.V], apiRole{Role: "secretariat"})
		}
	}
	for _, c := range g.repo.Centers {
		if c.Leader.V != "" {
			roles[c.Leader.V] = append(roles[c.Leader.V], apiRole{Role: "center-leader", Center: c.ID.V})
		}
		for _, b := range c.Board {
			roles[b.Person.V] = append(roles[b.Person.V], apiRole{Role: "board-" + b.Role.V, Center: c.ID.V})
		}
		for _, e := range c.Editors {
			roles[e.V] = append(roles[e.V], apiRole{Role: "editor", Center: c.ID.V})
		}
	}
	out := make([]apiPerson, 0, len(g.repo.People))
	for _, p := range g.repo.People {
		r := roles[p.ID.V]
		if r == nil {
			r = []apiRole{}
		}
		out = append(out, apiPerson{ID: p.ID.V, Name: p.Name.V, Title: p.Title.V, Unit: p.Unit.V, Roles: r})
	}
	return out
}
