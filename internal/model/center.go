package model

// Evaluation returns the center's evaluation named like "term-1", or nil.
func (c *Center) Evaluation(name string) *Evaluation {
	for _, e := range c.Evaluations {
		if "term-"+e.Doc.PathID == name {
			return e
		}
	}
	return nil
}

// EvaluationOfTerm returns the evaluation of term n (1-based), or nil.
func (c *Center) EvaluationOfTerm(n int) *Evaluation {
	return c.Evaluation("term-" + itoa(n))
}

// ActionPlan returns the action plan for year, or nil.
func (c *Center) ActionPlan(year int) *ActionPlan {
	for _, p := range c.ActionPlans {
		if p.Doc.PathID == itoa(year) {
			return p
		}
	}
	return nil
}

// Report returns the report for period (e.g. "2025-T1"), or nil.
func (c *Center) Report(period string) *Report {
	for _, r := range c.Reports {
		if r.Doc.PathID == period {
			return r
		}
	}
	return nil
}

// Pathway returns the patient pathway with id, or nil.
func (c *Center) Pathway(id string) *Named {
	for i := range c.PatientPathways {
		if c.PatientPathways[i].ID.V == id {
			return &c.PatientPathways[i]
		}
	}
	return nil
}

// DiseaseGroup returns the disease group with id, or nil.
func (c *Center) DiseaseGroup(id string) *Named {
	for i := range c.DiseaseGroups {
		if c.DiseaseGroups[i].ID.V == id {
			return &c.DiseaseGroups[i]
		}
	}
	return nil
}

// OnBoard reports whether person id sits on the center's board.
func (c *Center) OnBoard(id string) bool {
	for _, m := range c.Board {
		if m.Person.V == id {
			return true
		}
	}
	return false
}
