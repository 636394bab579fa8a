package sitebuild

import (
	"fmt"
	"strconv"

	"github.com/ous-pm/pmgov/internal/diag"
)

// rt writes a label the templates look up at run time ({{.P.T KEY}} in a
// partial, (.T KEY) as an argument): escaped by html/template's escaper,
// not inlined.
func (w pageWriter) rt(key string) { writeHTMLEscaped(w.b, w.p.T(key)) }

// none writes the "nothing here" paragraph of a section.
func (w pageWriter) none() {
	w.raw("<p>")
	w.label("card.none")
	w.raw("</p>")
}

// centerContent is the "content" template of templates/pages/center.html.
func (g *generator) centerContent(w pageWriter) error {
	p := w.p
	v, ok := p.Data.(*centerView)
	if !ok {
		return fmt.Errorf("build %s%s: a center page without a center", p.prefix, p.Path)
	}
	c, s := v.C, v.S
	w.raw("\n<p class=\"badges\">")
	w.raw(string(p.Badge("health", s.Health)))
	w.raw(" ")
	w.raw(string(p.Badge("status", c.Status.V)))
	if c.ShortName.V != "" {
		w.raw(" <span class=\"muted\">")
		w.text(c.ShortName.V)
		w.raw("</span>")
	}
	w.raw("</p>\n<nav class=\"toc\" aria-label=\"")
	w.label("center.toc")
	w.raw("\"><ul>\n")
	for _, s := range [...]struct{ id, key string }{
		{"profile", "center.profile"}, {"board", "center.board"}, {"terms", "center.terms"}, {"strategy", "center.strategy"},
		{"actions", "center.actions"}, {"reports", "center.reports"}, {"education", "center.education"}, {"advice", "center.advice"},
		{"evaluations", "center.evaluations"}, {"links", "center.links"}, {"diagnostics", "center.diagnostics"},
	} {
		w.raw("<li><a href=\"#" + s.id + "\">")
		w.label(s.key)
		w.raw("</a></li>")
	}
	if len(v.Recent) > 0 {
		w.raw("<li><a href=\"#recent\">")
		w.label("history.recent")
		w.raw("</a></li>")
	}
	w.raw("\n</ul></nav>\n\n")

	// Profile.
	w.raw("<section aria-labelledby=\"profile\"><h2 id=\"profile\">")
	w.label("center.profile")
	w.raw("</h2>\n<dl class=\"facts\">\n")
	w.term("center.name")
	w.text(c.Name.V)
	w.raw("</dd>\n")
	w.term("center.kind")
	w.text(p.L("kind", c.Kind.V))
	w.raw("</dd>\n")
	if c.Theme.V != "" {
		w.term("center.theme")
		w.text(p.L("theme", c.Theme.V))
		w.raw("</dd>")
	}
	w.raw("\n")
	w.term("center.anchor")
	w.unitOrDash(c.AnchorUnit.V)
	w.raw("</dd>\n")
	w.term("center.leader")
	if c.Leader.V != "" {
		w.text(p.PersonName(c.Leader.V))
	} else {
		w.raw("–")
	}
	w.raw("</dd>\n")
	w.term("center.units")
	if len(c.ParticipatingUnits) > 0 {
		w.raw("<ul class=\"plain\">")
		for _, u := range c.ParticipatingUnits {
			w.raw("<li>")
			w.text(p.UnitName(u.V))
			w.raw("</li>")
		}
		w.raw("</ul>")
	} else {
		w.raw("–")
	}
	w.raw("</dd>\n")
	w.term("center.established-by")
	w.decisionLink(c.EstablishedBy.V)
	w.raw("</dd>\n")
	if c.ClosedBy.V != "" {
		w.term("center.closed-by")
		w.decisionLink(c.ClosedBy.V)
		w.raw("</dd>")
	}
	w.raw("\n")
	w.term("center.organisation")
	if c.Organisation.Summary.V != "" {
		w.text(c.Organisation.Summary.V)
	} else {
		w.raw("–")
	}
	if c.Organisation.Decision.V != "" {
		w.raw(" (")
		w.decisionLink(c.Organisation.Decision.V)
		w.raw(")")
	}
	w.raw("</dd>\n")
	w.term("center.funding")
	w.unitOrDash(c.Funding.BudgetUnit.V)
	w.raw("</dd>\n")
	if len(c.DiseaseGroups) > 0 {
		w.term("center.disease-groups")
		for i, x := range c.DiseaseGroups {
			if i > 0 {
				w.raw(", ")
			}
			w.text(x.Name.V)
		}
		w.raw("</dd>")
	}
	w.raw("\n")
	if len(c.PatientPathways) > 0 {
		w.term("center.pathways")
		for i, x := range c.PatientPathways {
			if i > 0 {
				w.raw(", ")
			}
			w.text(x.Name.V)
		}
		w.raw("</dd>")
	}
	w.raw("\n</dl></section>\n\n")

	// Board.
	w.raw("<section aria-labelledby=\"board\"><h2 id=\"board\">")
	w.label("center.board")
	w.raw("</h2>\n")
	if len(c.Board) > 0 {
		w.raw("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"")
		w.label("center.board-caption")
		w.raw("\"><table>\n<caption>")
		w.label("center.board-caption")
		w.raw("</caption>\n<thead><tr><th scope=\"col\">")
		w.label("board.person")
		w.raw("</th><th scope=\"col\">")
		w.label("board.role")
		w.raw("</th><th scope=\"col\">")
		w.label("board.competences")
		w.raw("</th></tr></thead>\n<tbody>")
		for _, m := range c.Board {
			w.raw("<tr><th scope=\"row\">")
			w.text(p.PersonName(m.Person.V))
			w.raw("</th><td>")
			w.text(p.L("role", m.Role.V))
			w.raw("</td><td>")
			for i, x := range m.Competences {
				if i > 0 {
					w.raw(", ")
				}
				w.text(p.L("competence", x.V))
			}
			w.raw("</td></tr>\n")
		}
		w.raw("</tbody></table></div>")
	} else {
		w.none()
	}
	w.raw("</section>\n\n")

	// Terms.
	w.raw("<section aria-labelledby=\"terms\"><h2 id=\"terms\">")
	w.label("center.terms")
	w.raw("</h2>\n")
	if len(v.Terms) > 0 {
		w.raw("<figure class=\"chart-figure\"><div class=\"chart-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"")
		w.label("chart.timeline.title")
		w.raw("\">")
		w.raw(string(v.Timeline))
		w.raw("</div><figcaption>")
		w.label("chart.timeline.caption")
		w.raw("</figcaption></figure>\n")
		w.termsTable(p.T("center.terms"), v.Terms)
	} else {
		w.none()
	}
	w.raw("</section>\n\n")

	// Strategy.
	w.raw("<section aria-labelledby=\"strategy\"><h2 id=\"strategy\">")
	w.label("center.strategy")
	w.raw("</h2>\n")
	for _, st := range c.Strategies {
		w.raw("<h3><a href=\"")
		writeURL(w.b, p.DocHref(st.Source))
		w.raw("\">")
		w.label("strategy.title")
		w.raw(" ")
		w.text(st.Doc.PathID)
		w.raw("</a></h3>\n<p>")
		w.text(st.Period.Start.String())
		w.raw(" – ")
		w.text(st.Period.End.String())
		w.raw(" · ")
		w.label("strategy.approved-by")
		w.raw(" ")
		w.decisionLink(st.ApprovedBy.V)
		w.raw("</p>\n")
		if len(st.Goals) > 0 {
			w.raw("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"")
			w.label("strategy.goals")
			w.raw(" ")
			w.text(st.Doc.PathID)
			w.raw("\"><table><caption>")
			w.label("strategy.goals")
			w.raw(" ")
			w.text(st.Doc.PathID)
			w.raw("</caption>\n")
			w.goals(p, st.Goals, "\n")
		}
		w.raw("\n")
	}
	if len(c.Strategies) == 0 {
		w.none()
	}
	w.raw("</section>\n\n")

	// Action plans.
	w.raw("<section aria-labelledby=\"actions\"><h2 id=\"actions\">")
	w.label("center.actions")
	w.raw("</h2>\n")
	for _, pl := range v.Plans {
		w.raw("<h3 id=\"plan-")
		w.text(pl.Doc.PathID)
		w.raw("\">")
		w.label("action.plan")
		w.raw(" ")
		w.text(pl.Doc.PathID)
		w.raw("</h3>\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"")
		w.planCaption(pl.Doc.PathID, pl.Strategy.V)
		w.raw("\"><table>\n<caption>")
		w.planCaption(pl.Doc.PathID, pl.Strategy.V)
		w.raw("</caption>\n<thead><tr><th scope=\"col\">")
		w.label("action.id")
		w.raw("</th><th scope=\"col\">")
		w.label("action.title")
		w.raw("</th><th scope=\"col\">")
		w.label("action.owner")
		w.raw("</th><th scope=\"col\">")
		w.label("action.due")
		w.raw("</th><th scope=\"col\">")
		w.label("action.status")
		w.raw("</th><th scope=\"col\">")
		w.label("action.tasks")
		w.raw("</th></tr></thead>\n<tbody>")
		for _, a := range pl.Actions {
			w.raw("<tr>\n<th scope=\"row\" class=\"ident\">")
			w.text(a.ID.V)
			w.raw("</th><td>")
			w.text(a.Title.V)
			if a.Goal.V != "" {
				w.raw(" <span class=\"muted\">(")
				w.text(a.Goal.V)
				w.raw(")</span>")
			}
			w.raw("</td><td>")
			if a.Owner.V != "" {
				w.text(p.PersonName(a.Owner.V))
			} else {
				w.raw("–")
			}
			w.raw("</td><td class=\"date\">")
			w.text(a.Due.String())
			w.raw("</td>\n<td>")
			w.raw(string(p.Badge("action-status", a.Status.V)))
			if days := v.Overdue[a.ID.V]; days != 0 {
				w.raw(" <span class=\"badge overdue\">")
				w.label("action.overdue")
				w.raw(" ")
				w.text(strconv.Itoa(days))
				w.raw(" ")
				w.label("card.days")
				w.raw("</span>")
			}
			w.raw("</td>\n<td>")
			for i, x := range a.Tasks {
				if i > 0 {
					w.raw(", ")
				}
				w.text(p.L("task", x.V))
			}
			w.raw("</td>\n</tr>")
		}
		w.raw("</tbody></table></div>\n")
	}
	if len(v.Plans) == 0 {
		w.none()
	}
	w.raw("</section>\n\n")

	// Reports.
	w.raw("<section aria-labelledby=\"reports\"><h2 id=\"reports\">")
	w.label("center.reports")
	w.raw("</h2>\n")
	if len(c.Reports) > 0 {
		w.raw("<ul>")
		for _, r := range c.Reports {
			w.raw("<li><a href=\"")
			writeURL(w.b, p.DocHref(r.Source))
			w.raw("\">")
			w.text(r.Doc.PathID)
			w.raw("</a>")
			if r.Submitted.Raw != "" {
				w.raw(" – ")
				w.label("report.submitted")
				w.raw(" ")
				w.text(r.Submitted.Raw)
			}
			w.raw("</li>")
		}
		w.raw("</ul>")
	} else {
		w.none()
	}
	w.raw("\n")
	if s.MissingReports != 0 {
		w.raw("<p class=\"warn-note\">")
		w.label("card.missing-reports")
		w.raw(": ")
		w.text(strconv.Itoa(s.MissingReports))
		w.raw("</p>")
	}
	w.raw("</section>\n\n")

	// Education.
	w.raw("<section aria-labelledby=\"education\"><h2 id=\"education\">")
	w.label("center.education")
	w.raw("</h2>\n")
	if e := c.Education; e != nil && len(e.Programmes) > 0 {
		w.raw("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"")
		w.label("center.education")
		w.raw("\"><table><caption>")
		w.label("center.education")
		w.raw("</caption>\n<thead><tr><th scope=\"col\">")
		w.label("programme.title")
		w.raw("</th><th scope=\"col\">")
		w.label("programme.audiences")
		w.raw("</th><th scope=\"col\">")
		w.label("programme.status")
		w.raw("</th><th scope=\"col\">")
		w.label("term.start")
		w.raw("</th><th scope=\"col\">")
		w.label("term.end")
		w.raw("</th></tr></thead>\n<tbody>")
		for _, x := range e.Programmes {
			w.raw("<tr><th scope=\"row\">")
			w.text(x.Title.V)
			w.raw("</th><td>")
			for i, a := range x.Audiences {
				if i > 0 {
					w.raw(", ")
				}
				w.text(p.L("audience", a.V))
			}
			w.raw("</td><td>")
			w.text(p.L("programme-status", x.Status.V))
			w.raw("</td><td class=\"date\">")
			w.text(x.Start.String())
			w.raw("</td><td class=\"date\">")
			w.text(x.End.String())
			w.raw("</td></tr>\n")
		}
		w.raw("</tbody></table></div>")
	} else {
		w.none()
	}
	w.raw("</section>\n\n")

	// Advice.
	w.raw("<section aria-labelledby=\"advice\"><h2 id=\"advice\">")
	w.label("center.advice")
	w.raw("</h2>\n")
	if len(c.Advice) > 0 {
		w.raw("<ul>")
		for _, a := range c.Advice {
			w.raw("<li><a href=\"")
			writeURL(w.b, p.DocHref(a.Source))
			w.raw("\">")
			w.text(a.Title.V)
			w.raw("</a> – ")
			w.text(a.Date.String())
			if a.Status.V != "" {
				w.raw(" · ")
				w.text(p.L("advice-status", a.Status.V))
			}
			w.raw("</li>")
		}
		w.raw("</ul>")
	} else {
		w.none()
	}
	w.raw("</section>\n\n")

	// Evaluations.
	w.raw("<section aria-labelledby=\"evaluations\"><h2 id=\"evaluations\">")
	w.label("center.evaluations")
	w.raw("</h2>\n")
	if len(c.Evaluations) > 0 {
		w.raw("<ul>")
		for _, e := range c.Evaluations {
			w.raw("<li><a href=\"")
			writeURL(w.b, p.DocHref(e.Source))
			w.raw("\">")
			w.label("evaluation.title")
			w.raw(" ")
			w.text(e.Doc.PathID)
			w.raw("</a> – ")
			w.text(e.Date.String())
			w.raw(" · ")
			w.text(p.L("outcome", e.Outcome.V))
			w.raw("</li>")
		}
		w.raw("</ul>")
	} else {
		w.none()
	}
	w.raw("</section>\n\n")

	// Links.
	w.raw("<section aria-labelledby=\"links\"><h2 id=\"links\">")
	w.label("center.links")
	w.raw("</h2>\n<h3>")
	w.label("center.tech-areas")
	w.raw("</h3>\n")
	switch {
	case len(c.TechnologyAreas) > 0:
		w.raw("<ul>")
		for _, ta := range c.TechnologyAreas {
			w.raw("<li>")
			w.optionalLink(p.CenterHref(ta.Center.V), p.CenterName(ta.Center.V))
			w.raw(" – ")
			w.label("matrix.aligned-by")
			w.raw(" ")
			w.decisionLink(ta.Decision.V)
			w.raw("</li>")
		}
		w.raw("</ul>\n")
	case len(v.PairedWith) > 0:
		w.raw("<ul>")
		for _, o := range v.PairedWith {
			w.raw("<li><a href=\"")
			writeURL(w.b, p.CenterURL(o))
			w.raw("\">")
			w.text(p.CenterLabel(o))
			w.raw("</a></li>")
		}
		w.raw("</ul>\n")
	default:
		w.none()
	}
	w.raw("\n<h3>")
	w.label("center.national")
	w.raw("</h3>\n")
	if len(c.NationalActivities) > 0 {
		w.raw("<ul>")
		for _, a := range c.NationalActivities {
			w.raw("<li>")
			w.optionalLink(p.ActivityURL(a.V), p.ActivityName(a.V))
			w.raw("</li>")
		}
		w.raw("</ul>")
	} else {
		w.none()
	}
	w.raw("\n<h3>")
	w.label("center.research")
	w.raw("</h3>\n")
	if len(c.Research) > 0 {
		w.raw("<ul>")
		for _, r := range c.Research {
			w.raw("<li>")
			w.optionalLink(ExternalURL(r.URL.V), r.Title.V)
			w.raw(" – ")
			w.text(p.L("research-role", r.Role.V))
			w.raw("</li>")
		}
		w.raw("</ul>")
	} else {
		w.none()
	}
	w.raw("\n</section>\n\n")

	// Diagnostics, recent changes, source.
	w.raw("<section aria-labelledby=\"diagnostics\"><h2 id=\"diagnostics\">")
	w.label("center.diagnostics")
	w.raw("</h2>\n")
	w.diagTable(p.T("center.diagnostics"), p.T("diag.none"), s.Diags)
	w.raw("</section>\n")
	if len(v.Recent) > 0 {
		w.raw("\n<section aria-labelledby=\"recent\"><h2 id=\"recent\">")
		w.label("history.recent")
		w.raw("</h2>\n<p class=\"muted\">")
		w.label("history.recent-lead")
		w.raw("</p>\n<ul class=\"changes\">")
		for _, ch := range v.Recent {
			w.raw("<li>")
			w.change(ch)
			w.raw("</li>")
		}
		w.raw("</ul></section>")
	}
	w.raw("\n<p class=\"source\">")
	w.label("doc.source")
	w.raw(": <code>")
	w.text(c.File())
	w.raw("</code> · <a href=\"")
	writeURL(w.b, p.Asset("api/v1/centers/"+v.ID+".json"))
	w.raw("\">JSON</a></p>\n")
	return nil
}

// unitOrDash writes a unit's name, or a dash when id is empty.
func (w pageWriter) unitOrDash(id string) {
	if id == "" {
		w.raw("–")
		return
	}
	w.text(w.p.UnitName(id))
}

// optionalLink writes text, linked to href when href is not empty.
func (w pageWriter) optionalLink(href, text string) {
	if href != "" {
		w.raw("<a href=\"")
		writeURL(w.b, href)
		w.raw("\">")
	}
	w.text(text)
	if href != "" {
		w.raw("</a>")
	}
}

// planCaption is an action plan's caption: its year and its strategy.
func (w pageWriter) planCaption(year, strategy string) {
	w.label("action.plan")
	w.raw(" ")
	w.text(year)
	if strategy != "" {
		w.raw(" (")
		w.text(strategy)
		w.raw(")")
	}
}

// termsTable is the "terms-table" partial.
func (w pageWriter) termsTable(caption string, rows []termRow) {
	p := w.p
	w.raw("\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"")
	w.text(caption)
	w.raw("\"><table>\n<caption>")
	w.text(caption)
	w.raw("</caption>\n<thead><tr><th scope=\"col\">")
	w.rt("report.center")
	w.raw("</th><th scope=\"col\">")
	w.rt("report.term")
	w.raw("</th><th scope=\"col\">")
	w.rt("term.start")
	w.raw("</th><th scope=\"col\">")
	w.rt("term.end")
	w.raw("</th><th scope=\"col\">")
	w.rt("term.evaluation")
	w.raw("</th></tr></thead>\n<tbody>\n")
	for _, r := range rows {
		w.raw("<tr")
		if r.Current {
			w.raw(" class=\"current\"")
		}
		w.raw(">\n<th scope=\"row\">")
		w.raw(string(p.CenterLink(r.Center)))
		w.raw("</th>\n<td>")
		w.text(strconv.Itoa(r.No))
		if r.Current {
			w.raw(" (")
			w.rt("term.current")
			w.raw(")")
		}
		w.raw("</td><td class=\"date\">")
		w.text(r.Term.Start.String())
		w.raw("</td><td class=\"date\">")
		w.text(r.Term.End.String())
		w.raw("</td>\n<td>")
		if e := r.Evaluated; e != nil {
			w.raw(string(p.DocLink(e.Source, e.Date.String())))
			w.raw(" – ")
			w.text(p.L("outcome", e.Outcome.V))
		} else {
			w.rt("term.not-evaluated")
		}
		w.raw("</td>\n</tr>\n")
	}
	w.raw("</tbody>\n</table></div>\n")
}

// diagTable is the "diagtable" partial.
func (w pageWriter) diagTable(caption, empty string, ds []diag.Diagnostic) {
	p := w.p
	w.raw("\n")
	if len(ds) == 0 {
		w.raw("<p class=\"ok-note\">")
		w.text(empty)
		w.raw("</p>\n")
		return
	}
	w.raw("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"")
	w.text(caption)
	w.raw("\"><table class=\"diags\">\n<caption>")
	w.text(caption)
	w.raw("</caption>\n<thead><tr><th scope=\"col\">")
	w.rt("diag.severity")
	w.raw("</th><th scope=\"col\">")
	w.rt("diag.rule")
	w.raw("</th><th scope=\"col\">")
	w.rt("diag.where")
	w.raw("</th><th scope=\"col\">")
	w.rt("diag.message")
	w.raw("</th></tr></thead>\n<tbody>\n")
	for _, d := range ds {
		w.raw("<tr>\n<td>")
		w.raw(string(p.Badge("severity", d.Severity.String())))
		w.raw("</td>\n<td><a href=\"")
		writeURL(w.b, p.RuleHref(d.Rule))
		w.raw("\">")
		w.text(d.Rule)
		w.raw("</a>")
		if d.Clause != "" {
			w.raw("<br><span class=\"muted\">")
			w.rt("diag.clause")
			w.raw(" ")
			w.text(d.Clause)
			w.raw("</span>")
		}
		w.raw("</td>\n<td><code>")
		w.text(d.Pos.String())
		w.raw("</code></td>\n<td>")
		w.text(p.Text(d.Message))
		if h := p.Text(d.Hint); h != "" {
			w.raw("<br><span class=\"hint\">")
			w.rt("diag.hint")
			w.raw(": ")
			w.text(h)
			w.raw("</span>")
		}
		if d.WaivedBy != "" {
			w.raw("<br><span class=\"muted\">")
			w.rt("diag.waived-by")
			w.raw(" <a href=\"")
			writeURL(w.b, p.DecisionHref(d.WaivedBy))
			w.raw("\">")
			w.text(d.WaivedBy)
			w.raw("</a></span>")
		}
		w.raw("</td>\n</tr>\n")
	}
	w.raw("</tbody>\n</table></div>\n")
}
