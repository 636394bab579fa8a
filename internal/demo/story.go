package demo

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ous-pm/pmgov/internal/model"
)

// tell turns the content into what happened, day by day.
func (s *story) tell() {
	r := s.r
	sec := r.Committee.Secretariat.Values()
	secretary, minutes := sec[0], sec[len(sec)-1]
	for _, d := range r.Decisions {
		s.add(dayOf(d.Date), rankDecision, secretary, "Vedtak "+d.ID.V+": "+lowerFirst(d.Title.V), s.files(d.File()))
	}
	for _, m := range r.Mandates {
		files := s.files(m.File())
		if m.Text != nil {
			files[m.Text.Path] = s.final[m.Text.Path]
		}
		s.add(s.decided(m.AdoptedBy.V), rankMandate, secretary, fmt.Sprintf("%s, vedtatt i %s", m.Title.V, m.AdoptedBy.V), files)
	}
	for _, m := range r.Meetings {
		subject := "Referat: " + m.Title.V
		if strings.HasPrefix(m.Title.V, "Møte ") {
			subject = "Referat fra " + lowerFirst(m.Title.V)
		}
		s.add(dayOf(m.Date), rankMinutes, minutes, subject, s.files(m.File()))
	}
	// Centers in the order the committee established them.
	centers := slices.Clone(r.Centers)
	slices.SortStableFunc(centers, func(a, b *model.Center) int {
		return strings.Compare(s.decided(a.EstablishedBy.V)+a.EstablishedBy.V, s.decided(b.EstablishedBy.V)+b.EstablishedBy.V)
	})
	for _, c := range centers {
		s.center(c, secretary)
	}
	// The repository begins on the first day of the story with the
	// settings, the line organisation and the committee.
	first := ""
	for _, e := range s.events {
		if first == "" || e.day < first {
			first = e.day
		}
	}
	found := map[string][]byte{}
	for p, b := range s.final {
		if p == "governance.yaml" || strings.HasPrefix(p, "org/") && p != r.PeopleFile {
			found[p] = b
		}
	}
	s.add(first, rankFoundation, secretary, "Styringsdata for persontilpasset medisin: innstillinger, linjen og PM-utvalget", found)
}

// center adds the events of one center's folder.
func (s *story) center(c *model.Center, secretary string) {
	short := shortName(c)
	leader := c.Leader.V
	editor := leader
	if len(c.Editors) > 0 {
		editor = c.Editors[0].V
	}
	s.centerFile(c, secretary)
	for _, st := range c.Strategies {
		label := strings.ReplaceAll(st.Doc.PathID, "-", "–")
		final := s.final[st.File()]
		if approved := s.decided(st.ApprovedBy.V); approved != "" {
			draft := dropLines(final, regexp.MustCompile(`^approved_by:`))
			s.add(addDays(approved, -28), rankWork, leader, fmt.Sprintf("Utkast til strategi %s for %s", label, short), map[string][]byte{st.File(): draft})
			s.add(approved, rankFollowUp, leader, fmt.Sprintf("Strategi %s for %s, godkjent i %s", label, short, st.ApprovedBy.V), s.files(st.File()))
		} else if st.Period.Start.Valid() {
			s.add(dayOf(st.Period.Start), rankWork, leader, fmt.Sprintf("Strategi %s for %s", label, short), s.files(st.File()))
		}
	}
	for _, p := range c.ActionPlans {
		s.actionPlan(c, p, editor)
	}
	for _, rep := range c.Reports {
		who := rep.Author.V
		if who == "" {
			who = leader
		}
		s.add(dayOf(rep.Submitted), rankReport, who, fmt.Sprintf("Statusrapport %s for %s", rep.Period.V, short), s.files(rep.File()))
	}
	for _, ev := range c.Evaluations {
		s.add(dayOf(ev.Date), rankWork, leader, fmt.Sprintf("Evaluering av %s periode for %s", ordinal(ev.Term.V), short), s.files(ev.File()))
	}
	for _, a := range c.Advice {
		s.add(dayOf(a.Date), rankWork, leader, fmt.Sprintf("Investeringsråd fra %s: %s", short, lowerFirst(a.Title.V)), s.files(a.File()))
	}
	if c.Education != nil {
		s.education(c, c.Education, editor)
	}
}

// centerFile adds the versions of a center.yaml: as the committee
// established the center, then as each later decision it cites (its
// organisation, its place in the matrix, a new term) and each board member
// who joined later were written in by the leader.
func (s *story) centerFile(c *model.Center, secretary string) {
	file := c.File()
	final := s.final[file]
	est := s.decided(c.EstablishedBy.V)
	if est == "" {
		return
	}
	days := []string{est}
	for _, id := range decisionRef.FindAllSubmatch(final, -1) {
		days = append(days, s.decided(string(id[1])))
	}
	for _, id := range s.organisations(c) {
		days = append(days, s.decided(id))
	}
	for _, y := range fromYear.FindAllSubmatch(final, -1) {
		days = append(days, s.boardCutoff(c, string(y[1])))
	}
	slices.Sort(days)
	var prev []byte
	for _, d := range slices.Compact(days) {
		if d < est {
			continue
		}
		v := s.centerAt(c, final, d)
		switch {
		case prev == nil:
			s.add(d, rankEstablish, secretary, fmt.Sprintf("Oppretter %s (%s) etter vedtak %s", shortName(c), c.Name.V, c.EstablishedBy.V), map[string][]byte{file: v})
		case !bytes.Equal(v, prev):
			s.add(d, rankFollowUp, c.Leader.V, s.followUp(c, prev, v, d), map[string][]byte{file: v})
		}
		prev = v
	}
}

var (
	decisionRef = regexp.MustCompile(`decision: ([A-Za-z0-9_-]+)`)
	// fromYear finds a board member's "fra 2025" (since 2025) comment.
	fromYear = regexp.MustCompile(`#.*\bfra (\d{4})\b`)
)

// centerAt is the center's file as of day: what the committee had not yet
// decided and who had not yet joined left out.
func (s *story) centerAt(c *model.Center, final []byte, day string) []byte {
	lines := splitLines(final)
	orgs := s.organisations(c)
	firstOrg := ""
	if len(orgs) > 0 {
		firstOrg = s.decided(orgs[0])
	}
	switch {
	case firstOrg == "" || day < firstOrg:
		lines = dropBlocks(lines, "organisation", "editors", "national_activities", "research")
	case s.decided(c.Organisation.Decision.V) > day:
		// An earlier organisation was approved first.
		var then string
		for _, id := range orgs {
			if s.decided(id) <= day {
				then = id
			}
		}
		if lo, hi, ok := block(lines, "organisation"); ok {
			for i := lo; i < hi; i++ {
				lines[i] = strings.Replace(lines[i], "decision: "+c.Organisation.Decision.V, "decision: "+then, 1)
			}
		}
	}
	decided := func(l string) bool {
		m := decisionRef.FindStringSubmatch(l)
		if m == nil {
			return true
		}
		d := s.decided(m[1])
		return d == "" || d <= day
	}
	lines = filterItems(lines, "technology_areas", decided)
	lines = filterItems(lines, "terms", decided)
	lines = filterItems(lines, "board", func(l string) bool {
		m := fromYear.FindStringSubmatch(l)
		return m == nil || day >= s.boardCutoff(c, m[1])
	})
	return []byte(strings.Join(lines, ""))
}

// organisations are the decisions approving the center's organisation, by
// date; the one its file cites is among them.
func (s *story) organisations(c *model.Center) []string {
	var ids []string
	for _, d := range s.r.Decisions {
		if d.Type.V == "approve-organisation" && d.Centers.Contains(c.ID.V) && d.Date.Valid() {
			ids = append(ids, d.ID.V)
		}
	}
	if id := c.Organisation.Decision.V; id != "" && !slices.Contains(ids, id) && s.decided(id) != "" {
		ids = append(ids, id)
	}
	slices.SortStableFunc(ids, func(a, b string) int { return strings.Compare(s.decided(a), s.decided(b)) })
	return ids
}

// boardCutoff is when a board member who joined in year y was written in:
// with the center's organisation approved that year, or else at the year's
// first working day.
func (s *story) boardCutoff(c *model.Center, y string) string {
	for _, id := range s.organisations(c) {
		if d := s.decided(id); strings.HasPrefix(d, y+"-") {
			return d
		}
	}
	return weekday(y + "-01-02")
}

// followUp is the subject of a leader's change of center.yaml on day.
func (s *story) followUp(c *model.Center, prev, next []byte, day string) string {
	var ids []string
	for _, m := range decisionRef.FindAllSubmatch(next, -1) {
		if id := string(m[1]); s.decided(id) == day && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	var subject string
	switch len(ids) {
	case 0:
	case 1:
		subject = "Følger opp vedtak " + ids[0] + ": " + lowerFirst(s.r.Decision(ids[0]).Title.V)
	default:
		subject = "Følger opp vedtak " + list(ids)
	}
	var joined []string
	before := boardPeople(prev)
	for _, p := range boardPeople(next) {
		if !slices.Contains(before, p) {
			joined = append(joined, s.name(p))
		}
	}
	switch {
	case len(joined) > 0 && subject == "":
		return fmt.Sprintf("Ny i ledergruppen for %s: %s", shortName(c), list(joined))
	case len(joined) > 0:
		return subject + " (ny i ledergruppen: " + list(joined) + ")"
	case subject == "":
		return "Oppdaterer " + shortName(c)
	}
	return subject
}

var boardPerson = regexp.MustCompile(`(?m)^  - \{person: ([^,}]+)`)

func boardPeople(b []byte) []string {
	lines := splitLines(b)
	lo, hi, ok := block(lines, "board")
	if !ok {
		return nil
	}
	var out []string
	for _, l := range lines[lo:hi] {
		if m := boardPerson.FindStringSubmatch(l); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

// actionPlan adds an action plan's versions: written at the start of its
// year with every action planned, its statuses brought up to date on the
// day of each report on it, and each action the last report left open
// closed on its due date.
func (s *story) actionPlan(c *model.Center, p *model.ActionPlan, editor string) {
	file, final := p.File(), s.final[p.File()]
	short, year := shortName(c), p.Year.V
	want := map[string]string{}
	status := map[string]string{}
	for _, a := range p.Actions {
		want[a.ID.V] = a.Status.V
		status[a.ID.V] = "planned"
	}
	version := func() []byte {
		if maps.Equal(status, want) {
			return final
		}
		return setStatuses(final, status)
	}
	s.add(weekday(fmt.Sprintf("%d-01-02", year)), rankWork, editor, fmt.Sprintf("Handlingsplan %d for %s", year, short), map[string][]byte{file: version()})
	var reports []*model.Report
	for _, rep := range c.Reports {
		if rep.ActionPlan.V == year && rep.Submitted.Valid() {
			reports = append(reports, rep)
		}
	}
	slices.SortStableFunc(reports, func(a, b *model.Report) int { return a.Submitted.Compare(b.Submitted.Time) })
	last := weekday(fmt.Sprintf("%d-01-02", year))
	for _, rep := range reports {
		for _, a := range rep.Actions {
			if _, ok := status[a.Action.V]; ok && a.Status.V != "" {
				status[a.Action.V] = a.Status.V
			}
		}
		last = dayOf(rep.Submitted)
		s.add(last, rankStatus, editor, fmt.Sprintf("Status i handlingsplan %d for %s før statusrapport %s", year, short, rep.Period.V), map[string][]byte{file: version()})
	}
	// What the last report left as it was changed on the action's due
	// date, or the day after that report.
	byDay := map[string][]model.Action{}
	for _, a := range p.Actions {
		if status[a.ID.V] == a.Status.V {
			continue
		}
		d := addDays(last, 1)
		if a.Due.Valid() && dayOf(a.Due) > d {
			d = dayOf(a.Due)
		}
		d = weekday(d)
		byDay[d] = append(byDay[d], a)
	}
	for _, d := range slices.Sorted(maps.Keys(byDay)) {
		var done []string
		for _, a := range byDay[d] {
			status[a.ID.V] = a.Status.V
			done = append(done, a.ID.V+" "+statusWord(a.Status.V))
		}
		s.add(d, rankWork, editor, fmt.Sprintf("Handlingsplan %d for %s: %s", year, short, list(done)), map[string][]byte{file: version()})
	}
}

var (
	actionID     = regexp.MustCompile(`^  - id: (\S+)`)
	actionStatus = regexp.MustCompile(`^    status: ([a-z-]+)`)
)

// setStatuses writes each action's status from status into an action plan,
// dropping the comment of a status it changes.
func setStatuses(final []byte, status map[string]string) []byte {
	lines := splitLines(final)
	id := ""
	for i, l := range lines {
		if m := actionID.FindStringSubmatch(l); m != nil {
			id = m[1]
		} else if m := actionStatus.FindStringSubmatch(l); m != nil && id != "" {
			if st, ok := status[id]; ok && st != m[1] {
				lines[i] = "    status: " + st + "\n"
			}
		}
	}
	return []byte(strings.Join(lines, ""))
}

// education adds the versions of a center's education file: each
// programme written in when it starts and marked completed when it ends.
func (s *story) education(c *model.Center, e *model.Education, editor string) {
	file, final := e.File(), s.final[e.File()]
	var days []string
	for _, p := range e.Programmes {
		if p.Start.Valid() {
			days = append(days, dayOf(p.Start))
		}
		if p.Status.V == "completed" && p.End.Valid() {
			days = append(days, dayOf(p.End))
		}
	}
	slices.Sort(days)
	var prev []byte
	for _, d := range slices.Compact(days) {
		v := programmesAt(final, e, d)
		if v == nil || bytes.Equal(v, prev) {
			continue
		}
		var started, ended []string
		for _, p := range e.Programmes {
			// No quotation marks: the site quotes the subject.
			title := p.Title.V
			switch {
			case dayOf(p.Start) == d:
				started = append(started, title)
			case p.Status.V == "completed" && dayOf(p.End) == d:
				ended = append(ended, title)
			}
		}
		var parts []string
		if len(started) == 1 {
			parts = append(parts, "nytt program: "+started[0])
		} else if len(started) > 1 {
			parts = append(parts, "nye programmer: "+list(started))
		}
		if len(ended) > 0 {
			parts = append(parts, "fullført: "+list(ended))
		}
		subject := fmt.Sprintf("Utdanning i %s: %s", shortName(c), strings.Join(parts, "; "))
		if len(parts) == 0 {
			subject = "Utdanning i " + shortName(c)
		}
		s.add(weekday(d), rankWork, editor, subject, map[string][]byte{file: v})
		prev = v
	}
	if prev == nil {
		// No programme has a date: the file as it is, on the center's day.
		s.add(s.decided(c.EstablishedBy.V), rankFollowUp, editor, "Utdanning i "+shortName(c), s.files(file))
	}
}

// programmesAt is the education file as of day: programmes not yet started
// left out, those not yet ended still running; nil when none had started.
func programmesAt(final []byte, e *model.Education, day string) []byte {
	lines := splitLines(final)
	byID := map[string]model.Programme{}
	for _, p := range e.Programmes {
		byID[p.ID.V] = p
	}
	var out []string
	keep, started, p := true, false, model.Programme{}
	for _, l := range lines {
		if m := actionID.FindStringSubmatch(l); m != nil {
			p = byID[m[1]]
			keep = !p.Start.Valid() || dayOf(p.Start) <= day
			started = started || keep
		} else if l != "" && l[0] != ' ' && l[0] != '\n' {
			keep, p = true, model.Programme{}
		}
		if !keep {
			continue
		}
		if p.Status.V == "completed" && p.End.Valid() && dayOf(p.End) > day && actionStatus.MatchString(l) {
			l = "    status: running\n"
		}
		out = append(out, l)
	}
	if !started {
		return nil
	}
	return []byte(strings.Join(out, ""))
}

// derived are the files of the people and the committee as the tree next
// needs them: a person is listed once a file names them, and a center's
// leader joins the committee with the center. Nil before the repository's
// first commit, and for files already so.
func (s *story) derived(next map[string][]byte) map[string][]byte {
	if _, ok := next["governance.yaml"]; !ok {
		return nil
	}
	out := map[string][]byte{}
	if f := s.r.Committee.File(); s.final[f] != nil {
		var lines []string
		for _, l := range splitLines(s.final[f]) {
			if m := memberLine.FindStringSubmatch(l); m != nil && s.leadsUnestablished(m[1], next) {
				continue
			}
			lines = append(lines, l)
		}
		next[f] = []byte(strings.Join(lines, ""))
	}
	named := map[string]bool{}
	for p, b := range next {
		if p == s.r.PeopleFile || p == "." || strings.HasPrefix(p, ".github/") {
			continue
		}
		ids, ok := s.ids[p]
		if !ok || !bytes.Equal(s.tree[p], b) {
			ids = s.namedPeople(b)
		}
		for _, id := range ids {
			named[id] = true
		}
	}
	if f := s.r.PeopleFile; s.final[f] != nil {
		var lines []string
		keep := true
		for _, l := range splitLines(s.final[f]) {
			if m := actionID.FindStringSubmatch(l); m != nil {
				keep = named[m[1]]
			}
			if keep {
				lines = append(lines, l)
			}
		}
		next[f] = []byte(strings.Join(lines, ""))
	}
	for _, f := range []string{s.r.Committee.File(), s.r.PeopleFile} {
		if b, ok := next[f]; ok && !bytes.Equal(b, s.tree[f]) {
			out[f] = b
		}
	}
	return out
}

var memberLine = regexp.MustCompile(`\{person: ([^,}]+), role: member\}`)

// leadsUnestablished reports whether person leads a center whose file is
// not in tree yet.
func (s *story) leadsUnestablished(person string, tree map[string][]byte) bool {
	for _, c := range s.r.Centers {
		if c.Leader.V == person {
			if _, ok := tree[c.File()]; !ok {
				return true
			}
		}
	}
	return false
}

var token = regexp.MustCompile(`[A-Za-z0-9_.-]+`)

// namedPeople are the ids of org/people.yaml that b names.
func (s *story) namedPeople(b []byte) []string {
	var out []string
	for _, t := range token.FindAll(b, -1) {
		id := strings.TrimRight(string(t), ".")
		if s.r.Person(id) != nil && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// peopleSubject is the subject of the secretariat's commit of derived.
func peopleSubject(r *model.Repository, tree, derived map[string][]byte) string {
	added := func(f string) []string {
		b, ok := derived[f]
		if !ok {
			return nil
		}
		var out []string
		old := string(tree[f])
		for _, l := range splitLines(b) {
			if !strings.Contains(old, l) {
				for _, t := range token.FindAllString(l, -1) {
					if p := r.Person(t); p != nil && !slices.Contains(out, p.Name.V) {
						out = append(out, p.Name.V)
					}
				}
			}
		}
		return out
	}
	people, members := added(r.PeopleFile), added(r.Committee.File())
	switch {
	case len(members) > 0 && len(people) > 0:
		return "Personlisten og PM-utvalget: " + list(people)
	case len(members) > 0:
		return "PM-utvalget: " + list(members) + " blir medlem"
	case len(people) > 0:
		return "Personlisten: legger til " + list(people)
	}
	return "Personlisten og PM-utvalget"
}

// files is the final content of paths.
func (s *story) files(paths ...string) map[string][]byte {
	out := map[string][]byte{}
	for _, p := range paths {
		if b, ok := s.final[p]; ok {
			out[p] = b
		}
	}
	return out
}

// decided is the date of a decision, "" when there is none.
func (s *story) decided(id string) string {
	if d := s.r.Decision(id); d != nil {
		return dayOf(d.Date)
	}
	return ""
}

func (s *story) name(id string) string {
	if p := s.r.Person(id); p != nil {
		return p.Name.V
	}
	return id
}

func dayOf(d model.Date) string {
	if !d.Valid() {
		return ""
	}
	return d.String()
}

func addDays(day string, n int) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}

// weekday is day, or the Monday after when it falls on a weekend.
func weekday(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return ""
	}
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, 1)
	}
	return t.Format(time.DateOnly)
}

func shortName(c *model.Center) string {
	for _, n := range []string{c.ShortName.V, c.Name.V, c.ID.V} {
		if n != "" {
			return n
		}
	}
	return c.File()
}

// lowerFirst lowercases a title's first letter for use after a colon,
// leaving an acronym ("SEPREK …") as written.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	r2, _ := utf8.DecodeRuneInString(s[n:])
	if unicode.IsUpper(r) && unicode.IsLower(r2) {
		return string(unicode.ToLower(r)) + s[n:]
	}
	return s
}

func ordinal(n int) string {
	if w := []string{"", "første", "andre", "tredje", "fjerde", "femte"}; n > 0 && n < len(w) {
		return w[n]
	}
	return fmt.Sprintf("%d.", n)
}

func statusWord(st string) string {
	switch st {
	case "done":
		return "fullført"
	case "cancelled":
		return "avlyst"
	case "in-progress":
		return "påbegynt"
	case "delayed":
		return "forsinket"
	case "planned":
		return "planlagt"
	}
	return st
}

// list joins items the Norwegian way: "a, b og c".
func list(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " og " + items[len(items)-1]
}

// splitLines splits text into lines that keep their newlines.
func splitLines(b []byte) []string {
	lines := strings.SplitAfter(string(b), "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

var topKey = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*):`)

// block is the range of lines of a top-level YAML key: its line and the
// indented or blank lines after it.
func block(lines []string, key string) (lo, hi int, ok bool) {
	for i, l := range lines {
		if m := topKey.FindStringSubmatch(l); m != nil && m[1] == key {
			j := i + 1
			for j < len(lines) && (lines[j][0] == ' ' || lines[j][0] == '\n') {
				j++
			}
			return i, j, true
		}
	}
	return 0, 0, false
}

// dropBlocks removes top-level keys and their values.
func dropBlocks(lines []string, keys ...string) []string {
	for _, k := range keys {
		if lo, hi, ok := block(lines, k); ok {
			lines = slices.Delete(lines, lo, hi)
		}
	}
	return lines
}

// filterItems keeps the one-line items ("  - …") of a top-level list that
// keep accepts; the key goes too when no item is left.
func filterItems(lines []string, key string, keep func(string) bool) []string {
	lo, hi, ok := block(lines, key)
	if !ok {
		return lines
	}
	var kept []string
	items := 0
	for _, l := range lines[lo+1 : hi] {
		if strings.HasPrefix(l, "  - ") {
			if !keep(l) {
				continue
			}
			items++
		}
		kept = append(kept, l)
	}
	if items == 0 {
		return slices.Delete(lines, lo, hi)
	}
	return slices.Concat(lines[:lo+1], kept, lines[hi:])
}

// dropLines removes the lines that match re.
func dropLines(b []byte, re *regexp.Regexp) []byte {
	var out []string
	for _, l := range splitLines(b) {
		if !re.MatchString(l) {
			out = append(out, l)
		}
	}
	return []byte(strings.Join(out, ""))
}
