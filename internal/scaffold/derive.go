package scaffold

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/spelling"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/period"
)

// gen holds one generation: the repository it derives from, the request,
// and the file being written.
type gen struct {
	repo  *model.Repository
	req   Request
	path  string
	w     writer
	notes []diag.Text
}

func (g *gen) note(t diag.Text) { g.notes = append(g.notes, t) }

var (
	slugRe       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	decisionIDRe = regexp.MustCompile(`^([A-Z][A-Z0-9]*)-([0-9]{4})-([0-9]{2,})$`)
	actionIDRe   = regexp.MustCompile(`^([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)-([0-9]{4})-([0-9]{2,})$`)
	strategyRe   = regexp.MustCompile(`^(?:strategy-)?([0-9]{4})-([0-9]{4})$`)
)

// cadence is the repository's reporting cadence (tertial by default, as in
// the data model).
func (g *gen) cadence() string {
	if gv := g.repo.Governance; gv != nil {
		if period.Known(gv.Reporting.Cadence.V) {
			return gv.Reporting.Cadence.V
		}
	}
	return "tertial"
}

// findCenter finds the center the request names. Without --center, a
// repository with a single center means that one.
func (g *gen) findCenter() (*model.Center, error) {
	ids := make([]string, 0, len(g.repo.Centers))
	for _, c := range g.repo.Centers {
		ids = append(ids, c.ID.V)
	}
	if g.req.Center == "" {
		if len(g.repo.Centers) == 1 {
			return g.repo.Centers[0], nil
		}
		if len(ids) == 0 {
			return nil, refuse(
				diag.M("scaffold.gen-find-center.message", g.req.Kind),
				diag.M("scaffold.gen-find-center.hint"))
		}
		return nil, refuse(
			diag.M("scaffold.gen-find-center.message-2"),
			diag.M("scaffold.gen-find-center.hint-2", strings.Join(ids, ", ")))
	}
	if c := g.repo.Center(g.req.Center); c != nil {
		return c, nil
	}
	return nil, refuse(
		diag.M("scaffold.gen-find-center.message-3", g.req.Center),
		suggest(g.req.Center, ids, diag.M("scaffold.known.centers")))
}

// suggest is the hint for an unknown value: the nearest known one when it
// looks like a typo, else the whole list.
// what is the plural noun ("sentre", "centers"), scaffold.known.*.
func suggest(got string, known []string, what diag.Text) diag.Text {
	list := strings.Join(known, ", ")
	if near := spelling.Nearest(got, known); near != "" {
		return diag.M("scaffold.suggest.near", near, what, list)
	}
	if len(known) == 0 {
		return diag.M("scaffold.suggest.none", what)
	}
	return diag.M("scaffold.suggest.known", what, list)
}

// person checks a person id given on the command line.
func (g *gen) person(flag, v string) error {
	if g.repo.Person(v) != nil {
		return nil
	}
	ids := make([]string, 0, len(g.repo.People))
	for _, p := range g.repo.People {
		ids = append(ids, p.ID.V)
	}
	return refuse(
		diag.M("scaffold.gen-person.message", flag, v),
		suggest(v, ids, diag.M("scaffold.known.people")))
}

// unit checks a unit id given on the command line.
func (g *gen) unit(flag, v string) error {
	if g.repo.Unit(v) != nil {
		return nil
	}
	ids := make([]string, 0, len(g.repo.Units))
	for _, u := range g.repo.Units {
		ids = append(ids, u.ID.V)
	}
	return refuse(
		diag.M("scaffold.gen-unit.message", flag, v),
		suggest(v, ids, diag.M("scaffold.known.units")))
}

// oneOf checks an enum value given on the command line.
func oneOf(flag, v string, allowed ...string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	hint := diag.M("scaffold.one-of.hint", strings.Join(allowed, ", "))
	if near := spelling.Nearest(v, allowed); near != "" {
		hint = diag.M("scaffold.one-of.hint-2", near, strings.Join(allowed, ", "))
	}
	return refuse(diag.M("scaffold.one-of.message", flag, v), hint)
}

// date parses a date flag, defaulting to the as-of date.
func (g *gen) date(flag, v string) (time.Time, error) {
	if v == "" {
		return g.req.AsOf, nil
	}
	t, ok := model.ParseDate(v)
	if !ok {
		return time.Time{}, refuse(
			diag.M("scaffold.gen-date.message", flag, v),
			diag.M("scaffold.gen-date.hint", day(g.req.AsOf)))
	}
	return t, nil
}

// currentTerm is the center's term holding the as-of date; else the last
// term that has started; else the first. n is its 1-based number, 0 when
// the center has no valid term.
func currentTerm(c *model.Center, asOf time.Time) (t *model.Term, n int) {
	for i := range c.Terms {
		tm := &c.Terms[i]
		if !tm.Start.Valid() {
			continue
		}
		if !tm.Start.After(asOf) {
			t, n = tm, i+1
			if tm.End.Valid() && !tm.End.Before(asOf) {
				return t, n
			}
		}
	}
	if t == nil && len(c.Terms) > 0 && c.Terms[0].Start.Valid() {
		return &c.Terms[0], 1
	}
	return t, n
}

// reportPeriod is the period a new report defaults to: the earliest period
// of the current term that has ended and has no report; when every one has
// a report (or none has ended yet), the latest period that has ended.
func reportPeriod(c *model.Center, cadence string, asOf time.Time) period.Period {
	cur, _ := period.Containing(cadence, asOf)
	latest, _ := period.Containing(cadence, cur.Start.AddDate(0, 0, -1))
	term, _ := currentTerm(c, asOf)
	if term == nil {
		return latest
	}
	for _, p := range period.Between(cadence, term.Start.Time, asOf) {
		if !p.End.Before(asOf) {
			break
		}
		if c.Report(p.Name) == nil {
			return p
		}
	}
	return latest
}

// equalShares divides 100 into n whole shares that differ by at most one
// and sum to exactly 100: 34, 33, 33 for three groups.
func equalShares(n int) []int {
	if n <= 0 {
		return nil
	}
	out := make([]int, n)
	base, extra := 100/n, 100%n
	for i := range out {
		out[i] = base
		if i < extra {
			out[i]++
		}
	}
	return out
}

// nextDecisionID is the next free decision number of year: the highest
// number used that year plus one (gaps stay gaps: a number may have been
// withdrawn), with the prefix the committee already uses (PMU by default)
// and at least two digits.
func nextDecisionID(repo *model.Repository, year int) string {
	prefixes := map[string]int{}
	highest, width := 0, 2
	for _, d := range repo.Decisions {
		m := decisionIDRe.FindStringSubmatch(d.ID.V)
		if m == nil {
			continue
		}
		prefixes[m[1]]++
		if m[2] != strconv.Itoa(year) {
			continue
		}
		if n, err := strconv.Atoi(m[3]); err == nil && n > highest {
			highest = n
		}
		width = max(width, len(m[3]))
	}
	prefix := "PMU"
	best := 0
	for p, n := range prefixes {
		if n > best || (n == best && p < prefix) {
			prefix, best = p, n
		}
	}
	return fmt.Sprintf("%s-%04d-%0*d", prefix, year, width, highest+1)
}

// actionPrefix is the prefix of the center's action ids (KRE in
// KRE-2025-01), taken from its latest plan, else the center id in
// capitals.
func actionPrefix(c *model.Center) string {
	for i := len(c.ActionPlans) - 1; i >= 0; i-- {
		for _, a := range c.ActionPlans[i].Actions {
			if m := actionIDRe.FindStringSubmatch(a.ID.V); m != nil {
				return m[1]
			}
		}
	}
	p := strings.ToUpper(c.ID.V)
	if p == "" || p[0] < 'A' || p[0] > 'Z' {
		p = "S" + p
	}
	return p
}

// carried is an action copied into a new plan.
type carried struct {
	From   string
	Action model.Action
	NewID  string
}

// carryActions copies the unfinished actions (neither done nor cancelled)
// of the plan before year, numbered afresh for year.
func carryActions(c *model.Center, year int) (prev *model.ActionPlan, out []carried) {
	prev = c.ActionPlan(year - 1)
	if prev == nil {
		return nil, nil
	}
	prefix := actionPrefix(c)
	n := 0
	for _, a := range prev.Actions {
		if a.Status.V == "done" || a.Status.V == "cancelled" {
			continue
		}
		n++
		out = append(out, carried{From: a.ID.V, Action: a, NewID: fmt.Sprintf("%s-%04d-%02d", prefix, year, n)})
	}
	return prev, out
}

// strategyFor is the center's strategy whose period covers the most of
// year; nil when none touches it.
func strategyFor(c *model.Center, year int) *model.Strategy {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC)
	var best *model.Strategy
	bestDays := 0
	for _, s := range c.Strategies {
		if !s.Period.Start.Valid() || !s.Period.End.Valid() {
			continue
		}
		a, b := s.Period.Start.Time, s.Period.End.Time
		if a.Before(from) {
			a = from
		}
		if b.After(to) {
			b = to
		}
		if days := int(b.Sub(a).Hours()/24) + 1; days > 0 && days >= bestDays {
			best, bestDays = s, days
		}
	}
	return best
}

// nextEvaluationTerm is the first of the center's terms without an
// evaluation, 0 when every term has one.
func nextEvaluationTerm(c *model.Center) int {
	for i := range c.Terms {
		if c.EvaluationOfTerm(i+1) == nil {
			return i + 1
		}
	}
	return 0
}

// meetingFor is the meeting a new decision defaults to: the first meeting
// on or after the as-of date (decisions are prepared for the next
// meeting); "" when none is planned.
func meetingFor(repo *model.Repository, asOf time.Time) string {
	var dates []string
	for d := range repo.MeetingByDate {
		if t, ok := model.ParseDate(d); ok && !t.Before(asOf) {
			dates = append(dates, d)
		}
	}
	if len(dates) == 0 {
		return ""
	}
	sort.Strings(dates)
	return dates[0]
}

// slugify turns a title into a file-name slug: lower case a–z, digits and
// hyphens, with æ, ø, å spelled ae, o, a.
func slugify(s string) string {
	r := strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "Æ", "ae", "Ø", "o", "Å", "a", "é", "e", "ü", "u", "ö", "o", "ä", "a")
	s = strings.ToLower(r.Replace(s))
	var b strings.Builder
	dash := false
	for _, ch := range s {
		if (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') {
			b.WriteRune(ch)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > 40 {
		out = strings.TrimSuffix(out[:40], "-")
		if i := strings.LastIndexByte(out, '-'); i > 20 {
			out = out[:i]
		}
	}
	return out
}
