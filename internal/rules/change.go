package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/ownership"
	"github.com/ous-pm/pmgov/internal/review"
)

// PullRequest is what a change check judges: a pull request as the gate
// read it.
type PullRequest struct {
	// Base is the repository the pull request merges into, as far as the
	// gate read it: at least the files that decide who may change what
	// (ownership.Decides). Permissions are always taken from it, so that a
	// pull request cannot grant its own author the right to make it.
	Base *model.Repository
	// Changed lists the files the pull request changes (repository paths).
	Changed []string
	// Author is the GitHub login of the pull request's author.
	Author string
	// Approvers are the logins whose approval of the head commit counts
	// (review.Approvers).
	Approvers []string
	// Commits are the pull request's commits with the files each changed.
	Commits []Commit
	// Codeowners is .github/CODEOWNERS of the head, nil when there is none.
	Codeowners []byte
	// BaseChanged is the day each changed center.yaml last changed at the
	// base: a decision dated after it may authorise a change of the file.
	BaseChanged map[string]time.Time
}

// Commit is one commit of a pull request.
type Commit struct {
	Hash, Author, Email string
	Files               []string
}

// Placeholder marks a text `pmgov new` leaves for the author to write; the
// placeholder check refuses it in a changed file.
const Placeholder = "FYLL INN"

// CheckChange runs the change check of every rule that has one over ch, with
// the head repository as Pass.Repo, and returns the findings with default
// severities; Apply adjusts them as it does every other finding.
func CheckChange(head *model.Repository, ch *PullRequest, opt Options) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, r := range All {
		if r.Change != nil {
			r.Change(&Pass{Repo: head, AsOf: opt.AsOf, PR: ch, rule: r, out: &out})
		}
	}
	return out
}

// changeRules need git and a base revision; the pull-request gate reports
// them. waiver findings come from Apply.
var changeRules = []*Rule{
	{
		ID: "ownership", Severity: diag.Error, Scope: Change, Change: checkOwnership,
		Fixed:   diag.M("rule.ownership.fixed"),
		Summary: diag.M("rule.ownership.summary"),
		Doc:     diag.M("rule.ownership.doc"),
		Example: "# ola-utenfor changes centers/kre/center.yaml; nobody approved\n",
		Fix:     "# the change is made, or approved on the latest commit, by the center leader, a board member or an editor\n",
	},
	{
		ID: "codeowners", Severity: diag.Error, Scope: Change, Change: checkCodeowners,
		Fixed:   diag.M("rule.codeowners.fixed"),
		Summary: diag.M("rule.codeowners.summary"),
		Doc:     diag.M("rule.codeowners.doc"),
		Example: "centers/kre/ @someone-else\n",
		Fix:     "# run: pmgov codeowners\n",
	},
	{
		ID: "waiver", Severity: diag.Info, Scope: Change,
		Summary: diag.M("rule.waiver.summary"),
		Doc:     diag.M("rule.waiver.doc"),
		Example: "waivers:\n  - {rule: board-competence, center: bar, until: 2025-06-30}\n",
		Fix:     "waivers:\n  - {rule: board-competence, center: bar, until: 2026-06-30}\n",
	},
	changeDecision,
}

// personByLogin finds the person whose github handle is login (see
// review.SameLogin).
func personByLogin(r *model.Repository, login string) *model.Person {
	for _, p := range r.People {
		if review.SameLogin(p.GitHub.V, login) {
			return p
		}
	}
	return nil
}

// approvedBy returns the approvers who may change path, by name.
func approvedBy(ch *PullRequest, areas []ownership.Area, path string) []*model.Person {
	var out []*model.Person
	for _, login := range ch.Approvers {
		if p := personByLogin(ch.Base, login); p != nil && ownership.MayChange(areas, path, p) {
			out = append(out, p)
		}
	}
	return out
}

// checkOwnership refuses each changed file that neither the author nor an
// approver of the head commit may change, and warns about commits authored
// in another person's name.
func checkOwnership(p *Pass) {
	ch := p.PR
	areas := ownership.Areas(ch.Base)
	who := personByLogin(ch.Base, ch.Author)
	for _, path := range ch.Changed {
		// CODEOWNERS is generated from the data: anyone may commit the
		// regenerated file, and the codeowners rule proves it is exactly
		// what the data gives.
		if path == ownership.CodeownersPath || ownership.MayChange(areas, path, who) || len(approvedBy(ch, areas, path)) > 0 {
			continue
		}
		area := ownership.AreaOf(areas, path)
		names := peopleList(area.People)
		var msg diag.Text
		if who == nil {
			msg = diag.M("rules.check-ownership.msg", ch.Author, path, area.Who, names)
		} else {
			msg = diag.M("rules.check-ownership.msg-2", who.Name.V, ch.Author, path, area.Who, names)
		}
		hint := diag.M("rules.check-ownership.hint")
		if len(ch.Approvers) > 0 {
			hint = diag.M("rules.check-ownership.hint-2",
				atList(ch.Approvers), names)
		}
		p.Report(diag.Pos{File: path}, msg, hint)
	}
	checkAuthors(p, areas)
}

func atList(logins []string) string {
	out := make([]string, len(logins))
	for i, l := range logins {
		out[i] = "@" + l
	}
	return strings.Join(out, ", ")
}

func peopleList(ps []*model.Person) string {
	if len(ps) == 0 {
		return "-"
	}
	var parts []string
	for _, p := range ps {
		s := p.Name.V
		if p.GitHub.Set() {
			s += " (@" + p.GitHub.V + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// commitAuthor finds the known person a commit's author names, by email
// (case-insensitive) or by name, in the base and then the head.
func commitAuthor(c Commit, repos ...*model.Repository) *model.Person {
	for _, r := range repos {
		for _, p := range r.People {
			if p.Email.Set() && strings.EqualFold(p.Email.V, c.Email) || p.Name.V != "" && p.Name.V == c.Author {
				return p
			}
		}
	}
	return nil
}

// checkAuthors warns about commits whose author matches no person (the
// governance record should say who changed it), and about commits authored
// in the name of a known person other than the pull request's author who
// may not change the files the commit touched: git lets anyone write any
// name on a commit, and a history that says the leader made a change the
// leader never made misleads whoever reads it later. An approval of the
// head by someone who may change those files settles it.
func checkAuthors(p *Pass, areas []ownership.Area) {
	ch := p.PR
	author := personByLogin(ch.Base, ch.Author)
	seen := map[string]bool{}
	for _, c := range ch.Commits {
		// GitHub's own merge commits are not anyone's change.
		if strings.EqualFold(c.Email, "noreply@github.com") {
			continue
		}
		short := c.Hash[:min(len(c.Hash), 7)]
		named := commitAuthor(c, ch.Base, p.Repo)
		if named == nil {
			if seen[c.Email] {
				continue
			}
			seen[c.Email] = true
			p.ReportSeverity(diag.Warning, diag.Pos{File: "org/people.yaml"},
				diag.M("rules.check-authors.message", short, c.Author, c.Email),
				diag.M("rules.check-authors.hint"))
			continue
		}
		if named == author {
			continue
		}
		for _, f := range c.Files {
			if f == ownership.CodeownersPath || ownership.MayChange(areas, f, named) || len(approvedBy(ch, areas, f)) > 0 {
				continue
			}
			area := ownership.AreaOf(areas, f)
			p.ReportSeverity(diag.Warning, diag.Pos{File: f},
				diag.M("rules.check-authors.message-2",
					short, named.Name.V, c.Email, ch.Author, named.Name.V, f),
				diag.M("rules.check-authors.message-3", area.Who))
			break // one finding a commit
		}
	}
}

// checkCodeowners compares .github/CODEOWNERS with what the head's data
// generates.
func checkCodeowners(p *Pass) {
	if d := ownership.CheckCODEOWNERS(p.Repo, p.PR.Codeowners); d != nil {
		p.ReportSeverity(d.Severity, d.Pos, d.Message, d.Hint)
	}
}

// checkPlaceholders refuses changed files that still hold a "FYLL INN"
// text from `pmgov new`. Such a text is valid for the schema on purpose, so
// that a new file loads while it is being written; merged, it would reach
// the committee's site and report as it stands.
func checkPlaceholders(p *Pass) {
	changed := make(map[string]bool, len(p.PR.Changed))
	for _, f := range p.PR.Changed {
		changed[f] = true
	}
	for _, d := range p.Repo.Docs {
		if !changed[d.Path] {
			continue
		}
		add := func(line, col int, what diag.Text) {
			pos := diag.Pos{File: d.Path, Line: line, Col: col}
			msg := diag.M("rules.check-placeholders.msg", what, Placeholder)
			hint := diag.M("rules.check-placeholders.hint", Placeholder)
			p.emit(diag.Diagnostic{Severity: p.rule.Severity, Pos: pos, Message: msg, Hint: hint, Center: d.Center})
		}
		walkScalars(d.Root, nil, func(n *doc.Node, path []string) {
			if strings.Contains(n.Value, Placeholder) {
				add(n.Line, n.Col, diag.M("rules.check-placeholders.message", strings.Join(path, ".")))
			}
		})
		for i, line := range strings.Split(d.Body, "\n") {
			if c := strings.Index(line, Placeholder); c >= 0 {
				add(d.BodyLine+i, len([]rune(line[:c]))+1, diag.M("rules.check-placeholders.message-2"))
			}
		}
	}
}

// walkScalars calls f for every scalar under n with the path of keys and
// item numbers (1-based, as a person counts) that leads to it.
func walkScalars(n *doc.Node, path []string, f func(*doc.Node, []string)) {
	if n == nil {
		return
	}
	switch n.Kind {
	case doc.Scalar:
		f(n, path)
	case doc.Map:
		for i, k := range n.Keys {
			walkScalars(n.Values[i], append(path[:len(path):len(path)], k.Value), f)
		}
	case doc.Seq:
		for i, v := range n.Values {
			walkScalars(v, append(path[:len(path):len(path)], strconv.Itoa(i+1)), f)
		}
	}
}

// governed is one field of an existing center that only a committee
// decision may change, with the decision types that authorise a change of
// it.
type governed struct {
	key   string
	field diag.Text
	types []string
	// parts gives the field's value as comparable pieces: a list's items,
	// or the one value, each where it stands.
	parts func(*model.Center) []part
}

// part is a piece of a governed field's value and where it stands.
type part struct {
	text string
	pos  diag.Pos
}

func one(s model.String) []part {
	if !s.Set() {
		return nil
	}
	return []part{{s.V, s.Pos}}
}

var governedFields = []governed{
	{"terms", diag.M("rules.governed-fields.text"), []string{"extend-term", "evaluation"}, func(c *model.Center) []part {
		var out []part
		for _, t := range c.Terms {
			out = append(out, part{fmt.Sprintf("%s|%s|%s|%s", t.Start.Raw, t.End.Raw, t.AfterEvaluation.V, t.Decision.V), t.Pos})
		}
		return out
	}},
	{"leader", diag.M("rules.governed-fields.text-2"), []string{"appoint-leader"}, func(c *model.Center) []part { return one(c.Leader) }},
	{"board", diag.M("rules.governed-fields.text-3"), []string{"change-board", "approve-organisation"}, func(c *model.Center) []part {
		var out []part
		for _, m := range c.Board {
			out = append(out, part{fmt.Sprintf("%s|%s|%s", m.Person.V, m.Role.V, strings.Join(m.Competences.Values(), ",")), m.Pos})
		}
		return out
	}},
	{"anchor_unit", diag.M("rules.governed-fields.text-4"), []string{"change-anchor"}, func(c *model.Center) []part { return one(c.AnchorUnit) }},
	{"status", diag.M("rules.governed-fields.text-5"), []string{"establish-center", "close-center"}, func(c *model.Center) []part { return one(c.Status) }},
	{"theme", diag.M("rules.governed-fields.text-6"), []string{"change-theme"}, func(c *model.Center) []part { return one(c.Theme) }},
	{"organisation", diag.M("rules.governed-fields.text-7"), []string{"approve-organisation"}, func(c *model.Center) []part {
		var out []part
		out = append(out, one(c.Organisation.Decision)...)
		return append(out, one(c.Organisation.Summary)...)
	}},
}

// changedAt compares a field's parts at the base and the head and gives
// where the head first differs (the field's key when the head has fewer
// items, or none), or false when they are the same.
func changedAt(c *model.Center, key string, was, is []part) (diag.Pos, bool) {
	for i := range max(len(was), len(is)) {
		switch {
		case i >= len(is):
			return c.KeyPos(key), true
		case i >= len(was) || was[i].text != is[i].text:
			if is[i].pos.IsZero() {
				return c.KeyPos(key), true
			}
			return is[i].pos, true
		}
	}
	return diag.Pos{}, false
}

var changeDecision = &Rule{
	ID: "change-decision", Verb: "må", Clause: "R", Severity: diag.Error, Scope: Change, Change: checkChangeDecisions,
	Summary: diag.M("rule.change-decision.summary"),
	Doc:     diag.M("rule.change-decision.doc"),
	Example: "# a pull request changes centers/kre/center.yaml\nterms:\n  - {start: 2024-09-01, end: 2035-08-31, after_evaluation: term-1, decision: PMU-2024-01}\n",
	Fix:     "# the same pull request adds committee/decisions/PMU-2026-04.md\ntype: extend-term\ncenters: [kre]\nterm_end: 2035-08-31\n",
}

// checkChangeDecisions reports each governed field of an existing center
// that the pull request changes without a decision that authorises it.
func checkChangeDecisions(p *Pass) {
	pr := p.PR
	// Every center the base has is compared, not only the files the
	// commits changed: an uncommitted edit in the work tree counts too.
	for _, c := range p.Repo.Centers {
		old := pr.Base.Center(c.ID.V)
		if old == nil || c.Doc == nil {
			continue
		}
		for _, g := range governedFields {
			was, is := g.parts(old), g.parts(c)
			pos, diff := changedAt(c, g.key, was, is)
			if !diff || authorised(p, c, g.types) {
				continue
			}
			fromTo := diag.Text{}
			if len(was) == 1 && len(is) == 1 && g.key != "organisation" {
				fromTo = diag.M("rules.check-change-decisions.from-to", was[0].text, is[0].text)
			}
			cmd := fmt.Sprintf("pmgov new decision --type %s --center %s", g.types[0], c.ID.V)
			p.ReportCenter(c, pos,
				diag.M("rules.check-change-decisions.message",
					g.field, c.ID.V, fromTo, typeWords(g.types), c.ID.V, c.Doc.Path),
				diag.M("rules.check-change-decisions.hint", cmd))
		}
	}
}

// authorised reports whether a decision of one of types, naming center c,
// was added or changed in the pull request or is dated after c's file last
// changed at the base.
func authorised(p *Pass, c *model.Center, types []string) bool {
	pr := p.PR
	since, known := pr.BaseChanged[c.Doc.Path]
	for _, d := range p.Repo.Decisions {
		if !slices.Contains(types, d.Type.V) || !d.Centers.Contains(c.ID.V) {
			continue
		}
		if d.Doc != nil && slices.Contains(pr.Changed, d.Doc.Path) {
			return true
		}
		if known && d.Date.Valid() && d.Date.After(since) {
			return true
		}
	}
	return false
}
