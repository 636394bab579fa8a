package sitebuild

import (
	"strings"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/changes"
	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/validate"
)

// The history a site is given is plain data (package sitehistory reads it
// from git, and tests it against git itself): these tests build it by hand
// and check what the pages and the report show of it.

// governanceHistory is the base fixture as committed before the
// 2024-06-20 meeting, then three changes after it: an action done, a new
// decision and a new center leader (the last change to kre's center.yaml).
// base, afterAction and res are the repository validated at the first, the
// second and the last commit.
type governanceHistory struct {
	base, afterAction, res          *validate.Result
	first, action, decision, leader changes.Commit
}

// The edits of the three commits after the base.
const (
	actionFile   = "centers/kre/action-plans/2025.yaml"
	decisionFile = "committee/decisions/PMU-2025-01.md"
	leaderFile   = "centers/kre/center.yaml"
)

func edited(t *testing.T, name, from, to string) string {
	t.Helper()
	b := string(fixture.Base()[name])
	if !strings.Contains(b, from) {
		t.Fatalf("%s lacks %q", name, from)
	}
	return strings.Replace(b, from, to, 1)
}

func newGovernanceHistory(t *testing.T) *governanceHistory {
	t.Helper()
	commit := func(who, msg string, when time.Time, hash string) changes.Commit {
		return changes.Commit{Date: when, Author: who, Subject: msg, Hash: hash}
	}
	r := &governanceHistory{
		first:    commit("Lise Berg", "Governance data", time.Date(2024, 1, 10, 9, 0, 0, 0, time.UTC), "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
		action:   commit("Ola Nordmann", "KRE-2025-01 done", time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC), "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
		decision: commit("Lise Berg", "Decision PMU-2025-01", time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC), "3333333ccccccccccccccccccccccccccccccccc"),
		leader:   commit("Kari Nordmann", "New leader for SEPREK", time.Date(2025, 6, 3, 9, 0, 0, 0, time.UTC), "4444444ddddddddddddddddddddddddddddddddd"),
	}
	action := edited(t, actionFile, "owner: kari.nordmann, due: 2025-12-31, status: in-progress}", "owner: kari.nordmann, due: 2025-12-31, status: done}")
	decision := "---\nid: PMU-2025-01\ndate: 2025-06-02\nmeeting: 2024-06-20\ntitle: Ny senterleder for SEPREK\ntype: other\ncenters: [kre]\n---\nVedtatt.\n"
	r.base = validated(t, fixture.BaseWith(nil))
	r.afterAction = validated(t, fixture.BaseWith(map[string]string{actionFile: action}))
	r.res = validated(t, fixture.BaseWith(map[string]string{actionFile: action, decisionFile: decision,
		leaderFile: edited(t, leaderFile, "leader: kari.nordmann", "leader: ola.nordmann")}))
	return r
}

// history is what git says at the last commit, compared with the state
// that was (the base, or the state after the action).
func (r *governanceHistory) history(what diag.Text, was *validate.Result, at changes.Commit) *History {
	last := map[string]changes.Commit{}
	for _, d := range r.res.Repo.Docs {
		last[d.Path] = r.first
	}
	last[actionFile] = r.action
	last[decisionFile] = r.decision
	last[leaderFile] = r.leader
	return &History{
		Last:   last,
		Recent: map[string][]changes.Commit{"kre": {r.leader, r.action, r.first}, "gen": {r.first}},
		Since: &Since{What: what, Commit: at.Hash, Date: at.Date,
			Changes: changes.Diff(changes.State{Repo: was.Repo, Diags: was.Diags}, changes.State{Repo: r.res.Repo, Diags: r.res.Diags})},
	}
}

func (r *governanceHistory) sinceMeeting() *History {
	return r.history(diag.T("forrige møte %s", "the previous meeting on %s", "2024-06-20"), r.base, r.first)
}

// lastChanged is a page's "last changed" line, "" when it has none.
func lastChanged(t *testing.T, dir, page string) string {
	t.Helper()
	html := readFile(t, dir, page)
	i := strings.Index(html, `<p class="last-changed">`)
	if i < 0 {
		return ""
	}
	return html[i : i+strings.Index(html[i:], "</p>")]
}

func TestHistoryOnPages(t *testing.T) {
	r := newGovernanceHistory(t)
	dir := buildSite(t, r.res, Options{History: r.sinceMeeting()})

	// The center page shows the commit that last touched its files: the
	// new leader in center.yaml.
	got := lastChanged(t, dir, "centers/kre.html")
	for _, want := range []string{"Sist endret:", `<time datetime="2025-06-03">2025-06-03</time>`, "Kari Nordmann", "<q>New leader for SEPREK</q>", "<code>4444444</code>"} {
		if !strings.Contains(got, want) {
			t.Errorf("kre's last changed %q lacks %q", got, want)
		}
	}
	// A document shows its own file's last change; the other center and
	// the committee theirs; the aggregate pages the latest of all.
	for page, want := range map[string]changes.Commit{
		"centers/kre/reports/2025-T1.html":     r.first,
		"centers/gen.html":                     r.first,
		"committee/decisions/PMU-2025-01.html": r.decision,
		"committee/meetings/2024-06-20.html":   r.first,
		"committee.html":                       r.decision,
		"matrix.html":                          r.leader,
		"index.html":                           r.leader,
		"report.html":                          r.leader,
		"validation.html":                      r.leader,
		"mandates/treatment-centers.html":      r.first,
		"en/centers/kre.html":                  r.leader,
	} {
		if got := lastChanged(t, dir, page); !strings.Contains(got, "<code>"+want.Hash[:7]+"</code>") {
			t.Errorf("%s: last changed %q, want commit %s", page, got, want.Hash[:7])
		}
	}
	if got := lastChanged(t, dir, "en/centers/kre.html"); !strings.Contains(got, "Last changed: ") || !strings.Contains(got, " by Kari Nordmann") {
		t.Errorf("English last changed = %q", got)
	}

	// Recent changes of kre's folder, newest first.
	page := readFile(t, dir, "centers/kre.html")
	i := strings.Index(page, `<h2 id="recent">`)
	if i < 0 {
		t.Fatal("kre's page has no recent changes")
	}
	recent := page[i:]
	recent = recent[:strings.Index(recent, "</section>")]
	pos := func(s string) int { return strings.Index(recent, s) }
	if !(pos("New leader for SEPREK") >= 0 && pos("New leader for SEPREK") < pos("KRE-2025-01 done") && pos("KRE-2025-01 done") < pos("Governance data")) || pos("Decision PMU-2025-01") >= 0 {
		t.Errorf("kre's recent changes are not leader, action, base:\n%s", recent)
	}
	if !strings.Contains(page, `<a href="#recent">Siste endringer</a>`) {
		t.Error("kre's table of contents lacks the recent changes")
	}
	if strings.Contains(page, "fetch-depth") {
		t.Error("a full clone's page speaks of a cut history")
	}
	checkLinks(t, dir)
	checkPages(t, dir)
}

// TestSinceReport checks "what changed since" in both formats: since a
// revision, since the previous meeting and since a date.
func TestSinceReport(t *testing.T) {
	r := newGovernanceHistory(t)
	wantAll := []string{
		"kre: new center leader ola.nordmann (was kari.nordmann)",
		`kre: action KRE-2025-01 "Forskning" is now done (was in-progress)`,
		"new decision PMU-2025-01 (other): Ny senterleder for SEPREK",
	}
	for head, what := range map[string]diag.Text{
		"## What changed since revision 1111111aaa":                diag.T("revisjon %s", "revision %s", "1111111aaa"),
		"## What changed since the previous meeting on 2024-06-20": diag.T("forrige møte %s", "the previous meeting on %s", "2024-06-20"),
	} {
		hist := r.history(what, r.base, r.first)
		md, err := ReportMarkdown(r.res, Options{AsOf: asOf, Langs: []diag.Lang{diag.EN}, History: hist})
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "report.md "+head, string(md), append([]string{head, "Compared with commit 1111111 (2024-01-10).", "### The committee and shared data", "### Senter for presisjonsmedisin innen kreft"}, mdEscapedAll(wantAll)...)...)
		page, err := ReportHTML(r.res, Options{AsOf: asOf, History: hist})
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "report.html "+head, string(page), "Hva er endret siden", "kre: ny senterleder ola.nordmann (var kari.nordmann)", "nytt vedtak PMU-2025-01 (other): Ny senterleder for SEPREK")
		assertSafeHTML(t, "report.html", page)
	}

	// Since a date: the earlier state already had the action done.
	hist := r.history(diag.T("%s", "%s", "2025-01-01"), r.afterAction, r.action)
	md, err := ReportMarkdown(r.res, Options{AsOf: asOf, Langs: []diag.Lang{diag.EN}, History: hist})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "report.md since a date", string(md), "## What changed since 2025-01-01", "Compared with commit 2222222 (2024-07-01).", mdText(wantAll[0]), mdText(wantAll[2]))
	if strings.Contains(string(md), "KRE-2025-01") && strings.Contains(string(md), "is now done") {
		t.Error("since 2025-01-01 lists the action done before it")
	}

	// The site says the same on the report page and links it from the
	// dashboard.
	dir := buildSite(t, r.res, Options{History: hist})
	contains(t, "report.html", readFile(t, dir, "report.html"), `<h2 id="changes">Hva er endret siden 2025-01-01</h2>`, "kre: ny senterleder ola.nordmann")
	contains(t, "index.html", readFile(t, dir, "index.html"), `<a href="report.html#changes">Hva er endret siden 2025-01-01</a>`)

	// No earlier state: the report says why.
	hist.Since = &Since{What: diag.T("%s", "%s", "2023-01-01"), Unavailable: diag.T(
		"Git-historikken begynner etter %s, så det finnes ingen tidligere tilstand å sammenligne med.",
		"The git history begins after %s, so there is no earlier state to compare with.", "2023-01-01")}
	md, err = ReportMarkdown(r.res, Options{AsOf: asOf, Langs: []diag.Lang{diag.EN}, History: hist})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "report.md without an earlier state", string(md), "## What changed since 2023-01-01\n\nThe git history begins after 2023-01-01, so there is no earlier state to compare with.")
}

func mdEscapedAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = mdText(s)
	}
	return out
}

// TestHistoryUnavailable builds with a history that has only a note and
// the reason there is no comparison (a folder without git): no history on
// the pages, and the report says history is unavailable. Without any
// history given, the report says it was not read.
func TestHistoryUnavailable(t *testing.T) {
	res := validated(t, fixture.BaseWith(nil))
	hist := &History{
		Notes: []diag.Text{diag.T("ikke i git", "not inside a git repository")},
		Since: &Since{What: diag.T("forrige møte", "the previous meeting"), Unavailable: diag.T(
			"Endringshistorikken er ikke tilgjengelig: repositoriet er ikke et git-repositorium.",
			"The history of changes is unavailable: the repository is not a git repository.")},
	}
	dir := buildSite(t, res, Options{History: hist})
	for _, p := range siteFiles(t, dir) {
		if strings.HasSuffix(p, ".html") && strings.Contains(readFile(t, dir, p), "last-changed") {
			t.Errorf("%s shows a last change without git", p)
		}
	}
	if strings.Contains(readFile(t, dir, "centers/kre.html"), `id="recent"`) {
		t.Error("recent changes without git")
	}
	contains(t, "report.html", readFile(t, dir, "report.html"), "Endringshistorikken er ikke tilgjengelig: repositoriet er ikke et git-repositorium.")
	md, err := ReportMarkdown(res, Options{AsOf: asOf, Langs: []diag.Lang{diag.EN}, History: hist})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "report.md", string(md), "## What changed since the previous meeting\n\nThe history of changes is unavailable: the repository is not a git repository.")
	md, err = ReportMarkdown(res, Options{AsOf: asOf, Langs: []diag.Lang{diag.EN}})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "report.md without history", string(md), "## What changed since the previous meeting\n\nThe history of changes is unavailable: the git history was not read.")
}

// TestHistoryCut builds with the history of a depth-1 clone: every file is
// attributed to the cut, and the pages say where history is cut.
func TestHistoryCut(t *testing.T) {
	r := newGovernanceHistory(t)
	cut := changes.Commit{Date: r.leader.Date, Author: r.leader.Author, Subject: r.leader.Subject, Hash: r.leader.Hash, Truncated: true}
	hist := &History{Last: map[string]changes.Commit{}, Recent: map[string][]changes.Commit{"kre": {cut}},
		Notes: []diag.Text{diag.T("grunn klon", "shallow clone; fetch-depth: 0")},
		Since: &Since{What: diag.T("forrige møte %s", "the previous meeting on %s", "2024-06-20"), Unavailable: diag.T(
			"Denne grunne klonen har ikke historikk tilbake til %s; fetch-depth: 0 gir alt.",
			"This shallow clone has no history back to %s; fetch-depth: 0 gives all.", "2024-06-20")}}
	for _, d := range r.res.Repo.Docs {
		hist.Last[d.Path] = cut
	}
	dir := buildSite(t, r.res, Options{History: hist})
	for _, page := range []string{"centers/gen.html", "centers/kre.html", "committee.html"} {
		if got := lastChanged(t, dir, page); !strings.Contains(got, "historikken er kuttet ved 2025-06-03 — fetch-depth: 0 gir alt") {
			t.Errorf("%s: last changed %q does not say where history is cut", page, got)
		}
	}
	if got := lastChanged(t, dir, "en/centers/gen.html"); !strings.Contains(got, "history cut at 2025-06-03 — fetch-depth: 0 gives all") {
		t.Errorf("English: %q", got)
	}
	contains(t, "kre.html", readFile(t, dir, "centers/kre.html"), `<h2 id="recent">`, "historikken er kuttet ved 2025-06-03")
	md, err := ReportMarkdown(r.res, Options{AsOf: asOf, Langs: []diag.Lang{diag.EN}, History: hist})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "report.md", string(md), "## What changed since the previous meeting on 2024-06-20", "This shallow clone has no history back to 2024-06-20", "fetch-depth: 0")
	checkLinks(t, dir)
}

// TestReproducibleWithHistory builds twice from the same history: the
// sites are byte-identical.
func TestReproducibleWithHistory(t *testing.T) {
	r := newGovernanceHistory(t)
	a := snapshot(t, buildSite(t, r.res, Options{Workers: 1, History: r.sinceMeeting()}))
	r2 := newGovernanceHistory(t)
	b := snapshot(t, buildSite(t, r2.res, Options{Workers: 8, History: r2.sinceMeeting()}))
	sameSite(t, a, b)
}
