// Package rules holds the rule catalogue: every mandate rule as a value with
// its id, clause, default severity, bilingual doc and check. Rules judge the
// resolved model.Repository only; they never read files.
package rules

import (
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
)

// Scope says what a rule's check is run over.
type Scope int

// Scopes.
const (
	// Structure rules are reported by the loader, the schema and the model;
	// they are in the catalogue for docs, SARIF and waivers. Some (such as
	// personal-id) also have a check run once over the repository.
	Structure Scope = iota
	// Repo rules run once over the whole repository.
	Repo
	// PerCenter rules run once for every center governed by a mandate whose
	// applies_to is the center's kind.
	PerCenter
	// Change rules judge a pull request (the gate) and nothing else.
	Change
)

// Rule is one rule of the catalogue.
type Rule struct {
	ID       string
	Clause   string
	Severity diag.Severity
	Scope    Scope
	// Summary is one line; Doc explains the rule and what the mandate
	// requires.
	Summary diag.Text
	Doc     diag.Text
	// Example is a failing input (a file excerpt) and Fix the same excerpt
	// fixed, for `pmgov explain` and docs/rules.md.
	Example, Fix string
	// Check judges the repository (Repo) or one center (PerCenter).
	Check func(*Pass)
	// Change, when set, judges a pull request (Pass.PR): the gate runs
	// it through CheckChange, and its findings are adjusted by Apply like
	// every other, so --strict, severity overrides and waivers behave
	// alike everywhere. A rule of any scope may have one (theme judges a
	// center's theme, and a change of it).
	Change func(*Pass)
	// Verb is the mandate clause's own verb for what the rule enforces, as
	// written: "skal", "må", "plikter" (binding), "bør", "fortrinnsvis"
	// (advisory), or the indicative the clause states the arrangement in
	// ("organiseres", "har", "er", "inngår", "vil"), which binds too. It sets
	// the default severity: error for a binding verb, warning for an
	// advisory one, unless Force says why this rule differs.
	Verb string
	// Force, when set, says why the default severity is not the one the
	// verb gives: which binding clause depends on an advisory one, or why a
	// binding clause's rule is graded.
	Force diag.Text
	// Fixed, when set, says why the rule's severity cannot be changed in
	// governance.yaml nor the rule waived: the schemas refuse both, and
	// Apply ignores them should they get past.
	Fixed diag.Text
	// Closed marks a PerCenter rule that also judges closed centers; every
	// other PerCenter rule leaves a closed center alone, since the mandate
	// no longer asks anything of it. Proposed centers are judged by every
	// rule, and each rule decides what a proposed center still lacks.
	Closed bool
	// Dateless marks a Repo or PerCenter rule whose check reads no date:
	// neither Pass.AsOf nor anything that depends on it. Its findings are
	// the same on every day, so CheckDated leaves it out and the forecast
	// takes its findings from the run instead of judging it again for
	// every day it looks at (validate.Result.At). TestDatelessReadsNoDate
	// runs each such rule on every fixture on days years apart, and
	// TestDatelessCallsNothingDated follows its calls in the source.
	Dateless bool
}

// Advisory reports whether a clause's verb only recommends (bør,
// fortrinnsvis); every other verb binds.
func Advisory(verb string) bool { return verb == "bør" || verb == "fortrinnsvis" }

// Pass is what a check sees: the repository, the as-of date and, for
// per-center rules, the center and its mandate.
type Pass struct {
	Repo    *model.Repository
	AsOf    time.Time
	Center  *model.Center
	Mandate *model.Mandate
	// PR is the pull request, for a rule's Change check.
	PR *PullRequest

	rule *Rule
	out  *[]diag.Diagnostic
	// shared is what the passes of one rule over every center compute
	// once; nil until asked for where a rule runs once.
	shared *shared
}

// shared holds the indexes a check run for each center would otherwise
// rebuild by scanning every center or every name a decision lists, a cost
// that grows with the square of the repository. Passes of one run share it;
// they run one after another.
type shared struct {
	onTheme map[themeKey][]int
	// sets are long lists as sets, by their first item (in).
	sets map[*model.String]map[string]bool
}

type themeKey struct{ mandate, theme string }

func (p *Pass) share() *shared {
	if p.shared == nil {
		p.shared = &shared{}
	}
	return p.shared
}

// activeOnTheme gives the indexes in Repo.Centers of the active centers of
// mandate on theme, in file order.
func (p *Pass) activeOnTheme(mandate, theme string) []int {
	sh := p.share()
	if sh.onTheme == nil {
		sh.onTheme = map[themeKey][]int{}
		for i, o := range p.Repo.Centers {
			if o.Status.V == "active" {
				k := themeKey{o.Mandate.V, o.Theme.V}
				sh.onTheme[k] = append(sh.onTheme[k], i)
			}
		}
	}
	return sh.onTheme[themeKey{mandate, theme}]
}

// names reports whether decision d lists center under centers (in).
func (p *Pass) names(d *model.Decision, center string) bool {
	return p.in(d.Centers, center)
}

// in reports whether v is one of list, a list of the repository's data
// (a decision's centers, a mandate's themes). A short list is searched; a
// long one (a decision may name every center, a mandate have a theme for
// each) is made a set once per run of the rule, so that checking every
// center against it costs no more per center as the repository grows.
func (p *Pass) in(list model.Strings, v string) bool {
	if len(list) <= 16 {
		return list.Contains(v)
	}
	sh := p.share()
	set := sh.sets[&list[0]]
	if set == nil {
		if sh.sets == nil {
			sh.sets = map[*model.String]map[string]bool{}
		}
		set = make(map[string]bool, len(list))
		for _, s := range list {
			set[s.V] = true
		}
		sh.sets[&list[0]] = set
	}
	return set[v]
}

// Report records a finding at pos with the rule's default severity.
func (p *Pass) Report(pos diag.Pos, msg, hint diag.Text) {
	p.ReportSeverity(p.rule.Severity, pos, msg, hint)
}

// ReportSeverity records a finding with an explicit severity, for rules
// whose severity depends on the case (a late report is a warning, a
// missing one an error).
func (p *Pass) ReportSeverity(sev diag.Severity, pos diag.Pos, msg, hint diag.Text) {
	d := diag.Diagnostic{Rule: p.rule.ID, Severity: sev, Pos: pos, Message: msg, Hint: hint, Clause: p.rule.Clause}
	if p.Center != nil {
		d.Center = p.Center.ID.V
	}
	*p.out = append(*p.out, d)
}

// ReportBrief is ReportSeverity with the finding also in the committee's
// words (diag.Diagnostic.Brief): who and what, without paths or fixes, as
// the forecast, the report and the agenda show it.
func (p *Pass) ReportBrief(sev diag.Severity, pos diag.Pos, brief, msg, hint diag.Text) {
	p.ReportSeverity(sev, pos, msg, hint)
	(*p.out)[len(*p.out)-1].Brief = brief
}

// emit records d as a finding of the rule.
func (p *Pass) emit(d diag.Diagnostic) {
	d.Rule, d.Clause = p.rule.ID, p.rule.Clause
	*p.out = append(*p.out, d)
}

// ReportCenter records a finding about center c from a repository-wide rule.
func (p *Pass) ReportCenter(c *model.Center, pos diag.Pos, msg, hint diag.Text) {
	d := diag.Diagnostic{Rule: p.rule.ID, Severity: p.rule.Severity, Pos: pos, Message: msg, Hint: hint, Clause: p.rule.Clause}
	if c != nil {
		d.Center = c.ID.V
	}
	*p.out = append(*p.out, d)
}

// Today is the as-of date formatted YYYY-MM-DD.
func (p *Pass) Today() string { return p.AsOf.Format(time.DateOnly) }
