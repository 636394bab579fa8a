package rules

import (
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
)

// Options control a run of the rules.
type Options struct {
	// AsOf is the date every date rule reads (midnight UTC).
	AsOf time.Time
}

// Governed reports whether center c is governed by a mandate whose
// applies_to is c's kind, and returns that mandate.
func Governed(c *model.Center) (*model.Mandate, bool) {
	m := c.MandateRef
	if m == nil || m.AppliesTo.V != c.Kind.V {
		return nil, false
	}
	return m, true
}

// Check runs every Repo and PerCenter rule over repo and returns their
// findings with default severities. Apply then adjusts severities.
func Check(repo *model.Repository, opt Options) []diag.Diagnostic {
	return check(repo, opt, All)
}

// CheckDated runs only the rules whose verdicts read the as-of date: the
// Structure rules' checks (personal-id) judge the text alone, and a
// Dateless rule reads no date, so each gives the same findings on every
// day. The forecast judges the days ahead with it.
func CheckDated(repo *model.Repository, opt Options) []diag.Diagnostic {
	return check(repo, opt, dated)
}

// ReadsDate reports whether r's findings may differ from day to day: a
// Repo or PerCenter rule that is not Dateless.
func ReadsDate(r *Rule) bool { return r.Scope != Structure && !r.Dateless }

// dated are the rules of All that CheckDated runs.
var dated = func() []*Rule {
	var out []*Rule
	for _, r := range All {
		if ReadsDate(r) {
			out = append(out, r)
		}
	}
	return out
}()

// check runs rs over repo as Run runs each of them, and gives the same
// findings (TestCheckIsEveryRuleRun), but in another order: the
// repository rules first, then the per-center rules center by center,
// every rule over one center before the next center, so that its rules
// find a center's data in the processor's cache rather than each going to
// memory for every center. The forecast runs the rules once for every day
// it judges; center by center they took about 15% less CPU than rule by
// rule, at 10,000 and at 100,000 documents alike. The order is no
// contract: every caller sorts the findings (diag.Sort), and findings that
// sort as equal are those of one rule, whose order among themselves is the
// same either way.
func check(repo *model.Repository, opt Options, rs []*Rule) []diag.Diagnostic {
	var out []diag.Diagnostic
	var per []*Rule
	for _, r := range rs {
		switch {
		case r.Check == nil:
		case r.Scope == PerCenter:
			per = append(per, r)
		default:
			r.Check(&Pass{Repo: repo, AsOf: opt.AsOf, rule: r, out: &out})
		}
	}
	if len(per) == 0 {
		return out
	}
	// Each rule's passes share what they compute once, as in Run.
	sh := make([]shared, len(per))
	for _, c := range repo.Centers {
		m, ok := Governed(c)
		if !ok {
			continue
		}
		closed := c.Status.V == "closed"
		for i, r := range per {
			if closed && !r.Closed {
				continue
			}
			r.Check(&Pass{Repo: repo, AsOf: opt.AsOf, Center: c, Mandate: m, rule: r, out: &out, shared: &sh[i]})
		}
	}
	return out
}

// Run runs one rule and returns how many times its check ran (once for a
// repository rule, once per governed center for a per-center rule) and
// what it found. A test uses the count to prove that every rule judged the
// default content.
func Run(r *Rule, repo *model.Repository, opt Options) (runs int, out []diag.Diagnostic) {
	if r.Check == nil {
		return 0, nil
	}
	switch r.Scope {
	case Repo, Structure:
		r.Check(&Pass{Repo: repo, AsOf: opt.AsOf, rule: r, out: &out})
		runs++
	case PerCenter:
		sh := &shared{}
		for _, c := range repo.Centers {
			m, ok := Governed(c)
			if !ok || c.Status.V == "closed" && !r.Closed {
				continue
			}
			r.Check(&Pass{Repo: repo, AsOf: opt.AsOf, Center: c, Mandate: m, rule: r, out: &out, shared: sh})
			runs++
		}
	}
	return runs, out
}

// Apply turns the raw findings of every stage into what the user sees:
// severity overrides from governance.yaml, waivers from committee decisions
// (expired ones reported), and --strict. A fixed rule (Rule.Fixed) keeps its
// severity and is never waived. Overrides and waivers naming a rule
// that does not exist are ignored here: the schema of governance.yaml and of
// decisions lists the rule ids and reports any other.
func Apply(repo *model.Repository, ds []diag.Diagnostic, asOf time.Time, strict bool) []diag.Diagnostic {
	override := map[string]diag.Severity{}
	off := map[string]bool{}
	// The schemas refuse an override or a waiver of a fixed rule; the
	// refusal is told why, from the rule, where it stands.
	why := map[diag.Pos]diag.Text{}
	if g := repo.Governance; g != nil {
		for _, p := range g.Severity {
			r := ByID(p.Key.V)
			if r == nil {
				continue // the schema lists the rule ids and reports others
			}
			if r.Fixed != (diag.Text{}) {
				why[p.Value.Pos] = r.Fixed
				continue
			}
			if p.Value.V == "off" {
				off[p.Key.V] = true
				continue
			}
			if s, ok := diag.ParseSeverity(p.Value.V); ok {
				override[p.Key.V] = s
			}
		}
	}

	type waiver struct {
		decision string
		w        model.Waiver
	}
	var waivers []waiver
	for _, d := range repo.Decisions {
		for _, w := range d.Waivers {
			if !w.Rule.Set() {
				continue
			}
			r := ByID(w.Rule.V)
			if r == nil {
				continue // the schema lists the rule ids and reports others
			}
			if r.Fixed != (diag.Text{}) {
				why[w.Rule.Pos] = r.Fixed
				continue
			}
			if d.Type.V != "waiver" {
				continue // the schema reports waivers outside a waiver decision
			}
			waivers = append(waivers, waiver{d.ID.V, w})
		}
	}

	// The waivers of each rule and center, in the order written: a
	// finding looks only at its own, not at every waiver of the
	// repository.
	type ruleCenter struct{ rule, center string }
	waiversOf := map[ruleCenter][]int{}
	for i, w := range waivers {
		k := ruleCenter{w.w.Rule.V, w.w.Center.V}
		waiversOf[k] = append(waiversOf[k], i)
	}

	out := make([]diag.Diagnostic, 0, len(ds))
	expiredUsed := map[int]bool{}
	for _, d := range ds {
		if t, ok := why[d.Pos]; ok && d.Rule == "schema" {
			d.Hint = t
		}
		if off[d.Rule] {
			continue
		}
		if s, ok := override[d.Rule]; ok {
			d.Severity = s
		}
		for _, i := range waiversOf[ruleCenter{d.Rule, d.Center}] {
			if d.Center == "" {
				break
			}
			w := waivers[i]
			if w.w.Until.Valid() && !asOf.After(w.w.Until.Time) {
				d.Severity, d.WaivedBy = diag.Waived, w.decision
				break
			}
			expiredUsed[i] = true
		}
		if strict && d.Severity == diag.Warning {
			d.Severity = diag.Error
		}
		out = append(out, d)
	}
	for i, w := range waivers {
		if w.w.Until.Valid() && asOf.After(w.w.Until.Time) {
			sev := diag.Warning
			if strict {
				sev = diag.Error
			}
			brief := diag.M("rules.apply.brief", w.w.Center.V, w.w.Rule.V, w.decision)
			msg := diag.M("rules.apply.message-m",
				w.decision, w.w.Rule.V, w.w.Center.V, w.w.Until.String(), w.w.Rule.V)
			hint := diag.M("rules.apply.hint",
				w.w.Rule.V, w.w.Rule.V, w.w.Rule.V, w.w.Center.V)
			if !expiredUsed[i] {
				msg = diag.M("rules.apply.message-m-2",
					w.decision, w.w.Rule.V, w.w.Center.V, w.w.Until.String())
				hint = diag.M("rules.apply.hint-2")
				// Nobody can fix a decision that is history: an expired
				// waiver that silences nothing is information only.
				sev = diag.Info
				brief = diag.Text{}
			}
			out = append(out, diag.Diagnostic{
				Rule: "waiver", Severity: sev, Pos: w.w.Until.Pos, Center: w.w.Center.V, Message: msg, Hint: hint, Brief: brief,
			})
		}
	}
	return out
}
