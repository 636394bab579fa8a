package sitebuild

import (
	"github.com/ous-pm/pmgov/internal/fixture"

	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/validate"
)

// gitRepo is a real git repository, made with go-git, that holds the rules'
// base fixture and the commits a test adds.
type gitRepo struct {
	t    *testing.T
	dir  string
	repo *git.Repository
}

func newGitRepo(t *testing.T) *gitRepo {
	t.Helper()
	dir := t.TempDir()
	r := &gitRepo{t: t, dir: dir}
	for name, data := range fixture.Base() {
		r.write(name, string(data))
	}
	var err error
	if r.repo, err = git.PlainInit(dir, false); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *gitRepo) write(name, data string) {
	r.t.Helper()
	p := filepath.Join(r.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		r.t.Fatal(err)
	}
}

func (r *gitRepo) edit(name, from, to string) {
	r.t.Helper()
	b, err := os.ReadFile(filepath.Join(r.dir, filepath.FromSlash(name)))
	if err != nil || !strings.Contains(string(b), from) {
		r.t.Fatalf("%s lacks %q (%v)", name, from, err)
	}
	r.write(name, strings.Replace(string(b), from, to, 1))
}

// commit commits every change as who (a name; the e-mail is made from it)
// at when, and returns the commit's hash.
func (r *gitRepo) commit(who, msg string, when time.Time) string {
	r.t.Helper()
	wt, err := r.repo.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.t.Fatal(err)
	}
	sig := &object.Signature{Name: who, Email: strings.ToLower(strings.ReplaceAll(who, " ", ".")) + "@example.org", When: when}
	h, err := wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		r.t.Fatal(err)
	}
	return h.String()
}

// governanceHistory is the base fixture committed before the 2024-06-20
// meeting, then three changes after it: an action done, a new decision and
// a new center leader (the last change to kre's center.yaml).
type governanceHistory struct {
	*gitRepo
	base, action, decision, leader string
}

func newGovernanceHistory(t *testing.T) *governanceHistory {
	r := &governanceHistory{gitRepo: newGitRepo(t)}
	r.base = r.commit("Lise Berg", "Governance data", time.Date(2024, 1, 10, 9, 0, 0, 0, time.UTC))
	r.edit("centers/kre/action-plans/2025.yaml", "owner: kari.nordmann, due: 2025-12-31, status: in-progress}", "owner: kari.nordmann, due: 2025-12-31, status: done}")
	r.action = r.commit("Ola Nordmann", "KRE-2025-01 done", time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC))
	r.write("committee/decisions/PMU-2025-01.md", "---\nid: PMU-2025-01\ndate: 2025-06-02\nmeeting: 2024-06-20\ntitle: Ny senterleder for SEPREK\ntype: other\ncenters: [kre]\n---\nVedtatt.\n")
	r.decision = r.commit("Lise Berg", "Decision PMU-2025-01", time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC))
	r.edit("centers/kre/center.yaml", "leader: kari.nordmann", "leader: ola.nordmann")
	r.leader = r.commit("Kari Nordmann", "New leader for SEPREK", time.Date(2025, 6, 3, 9, 0, 0, 0, time.UTC))
	return r
}

// readHistory validates dir's work tree as of asOf and reads its history.
func readHistory(t *testing.T, dir, since string) (*validate.Result, *History) {
	t.Helper()
	res := validate.Run(os.DirFS(dir), validate.Options{AsOf: asOf})
	h, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	hist, err := ReadHistory(h, res, HistoryOptions{Since: since, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	return res, hist
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
	res, hist := readHistory(t, r.dir, "")
	dir := buildSite(t, res, Options{History: hist})

	// The center page shows the commit that last touched its files: the
	// new leader in center.yaml.
	got := lastChanged(t, dir, "centers/kre.html")
	for _, want := range []string{"Sist endret:", `<time datetime="2025-06-03">2025-06-03</time>`, "Kari Nordmann", "<q>New leader for SEPREK</q>", "<code>" + r.leader[:7] + "</code>"} {
		if !strings.Contains(got, want) {
			t.Errorf("kre's last changed %q lacks %q", got, want)
		}
	}
	// A document shows its own file's last change; the other center and
	// the committee theirs.
	for page, want := range map[string]string{
		"centers/kre/reports/2025-T1.html":     r.base,
		"centers/gen.html":                     r.base,
		"committee/decisions/PMU-2025-01.html": r.decision,
		"committee/meetings/2024-06-20.html":   r.base,
		"committee.html":                       r.decision,
		"matrix.html":                          r.leader,
		"index.html":                           r.leader,
		"report.html":                          r.leader,
		"validation.html":                      r.leader,
		"mandates/treatment-centers.html":      r.base,
		"en/centers/kre.html":                  r.leader,
	} {
		if got := lastChanged(t, dir, page); !strings.Contains(got, "<code>"+want[:7]+"</code>") {
			t.Errorf("%s: last changed %q, want commit %s", page, got, want[:7])
		}
	}
	if got := lastChanged(t, dir, "en/centers/kre.html"); !strings.Contains(got, "Last changed: ") || !strings.Contains(got, " by Kari Nordmann") {
		t.Errorf("English last changed = %q", got)
	}

	// Recent changes of kre's folder, newest first; the decision did not
	// touch it.
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

// TestHistoryMatchesGitLog checks "last changed" against git log itself.
func TestHistoryMatchesGitLog(t *testing.T) {
	r := newGovernanceHistory(t)
	gitPath, err := exec.LookPath("git")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("git is needed to compare with git log: %v", err)
		}
		t.Skipf("git not installed: %v", err)
	}
	res, hist := readHistory(t, r.dir, "")
	dir := buildSite(t, res, Options{History: hist})
	for page, file := range map[string]string{
		"centers/kre/reports/2025-T1.html":     "centers/kre/reports/2025-T1.md",
		"committee/decisions/PMU-2025-01.html": "committee/decisions/PMU-2025-01.md",
	} {
		out, err := exec.Command(gitPath, "-C", r.dir, "log", "-1", "--format=%h %ad %an", "--date=short", "--abbrev=7", "--", file).Output()
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(string(out))
		got := lastChanged(t, dir, page)
		if !strings.Contains(got, "<code>"+f[0]+"</code>") || !strings.Contains(got, ">"+f[1]+"</time>") {
			t.Errorf("%s: last changed %q; git log -1 -- %s says %s", page, got, file, out)
		}
	}
}

// TestSinceReport checks "what changed since" in both formats: since a
// revision, since the previous meeting (the default) and since a date.
func TestSinceReport(t *testing.T) {
	r := newGovernanceHistory(t)
	wantAll := []string{
		"kre: new center leader ola.nordmann (was kari.nordmann)",
		`kre: action KRE-2025-01 "Forskning" is now done (was in-progress)`,
		"new decision PMU-2025-01 (other): Ny senterleder for SEPREK",
	}
	for _, since := range []string{r.base[:10], ""} {
		res, hist := readHistory(t, r.dir, since)
		if hist.Since == nil || hist.Since.Commit != r.base {
			t.Fatalf("since %q compares with %+v, want the base commit %s", since, hist.Since, r.base)
		}
		md, err := ReportMarkdown(res, Options{AsOf: asOf, Langs: []diag.Lang{diag.EN}, History: hist})
		if err != nil {
			t.Fatal(err)
		}
		head := "## What changed since revision " + r.base[:10]
		if since == "" {
			// The previous meeting before 2025-06-15 is 2024-06-20; the base
			// commit is the branch's tip then.
			head = "## What changed since the previous meeting on 2024-06-20"
		}
		contains(t, "report.md since "+since, string(md), append([]string{head, "Compared with commit " + r.base[:7] + " (2024-01-10).", "### The committee and shared data", "### Senter for presisjonsmedisin innen kreft"}, mdEscapedAll(wantAll)...)...)
		page, err := ReportHTML(res, Options{AsOf: asOf, History: hist})
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "report.html since "+since, string(page), "Hva er endret siden", "kre: ny senterleder ola.nordmann (var kari.nordmann)", "nytt vedtak PMU-2025-01 (other): Ny senterleder for SEPREK")
		assertSafeHTML(t, "report.html", page)
	}

	// Since a date: the state at the start of 2025-01-01 already had the
	// action done.
	res, hist := readHistory(t, r.dir, "2025-01-01")
	if hist.Since.Commit != r.action {
		t.Errorf("since 2025-01-01 compares with %s, want %s", hist.Since.Commit, r.action)
	}
	md, err := ReportMarkdown(res, Options{AsOf: asOf, Langs: []diag.Lang{diag.EN}, History: hist})
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "report.md since a date", string(md), "## What changed since 2025-01-01", mdText(wantAll[0]), mdText(wantAll[2]))
	if strings.Contains(string(md), "KRE-2025-01") && strings.Contains(string(md), "is now done") {
		t.Error("since 2025-01-01 lists the action done before it")
	}

	// The site says the same on the report page and links it from the
	// dashboard.
	dir := buildSite(t, res, Options{History: hist})
	contains(t, "report.html", readFile(t, dir, "report.html"), `<h2 id="changes">Hva er endret siden 2025-01-01</h2>`, "kre: ny senterleder ola.nordmann")
	contains(t, "index.html", readFile(t, dir, "index.html"), `<a href="report.html#changes">Hva er endret siden 2025-01-01</a>`)

	// A date before the first commit, and a revision that is not there.
	_, hist = readHistory(t, r.dir, "2023-01-01")
	if hist.Since.Unavailable.EN != "The git history begins after 2023-01-01, so there is no earlier state to compare with." {
		t.Errorf("since before the history: %+v", hist.Since)
	}
	h, err := history.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if _, err := ReadHistory(h, res, HistoryOptions{Since: "nosuchrev", AsOf: asOf}); err == nil || !strings.Contains(err.Error(), "--since nosuchrev") {
		t.Errorf("an unknown --since revision gave %v", err)
	}
}

func mdEscapedAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = mdText(s)
	}
	return out
}

// TestHistoryAt reads the site as it was at a revision: the last changes
// and recent changes stop there.
func TestHistoryAt(t *testing.T) {
	r := newGovernanceHistory(t)
	h, err := history.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	fsys, err := h.FS(r.decision)
	if err != nil {
		t.Fatal(err)
	}
	res := validate.Run(fsys, validate.Options{AsOf: asOf})
	hist, err := ReadHistory(h, res, HistoryOptions{Rev: r.decision, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	dir := buildSite(t, res, Options{History: hist})
	if got := lastChanged(t, dir, "centers/kre.html"); !strings.Contains(got, r.action[:7]) {
		t.Errorf("at the decision, kre was last changed by the action: %q", got)
	}
	if strings.Contains(readFile(t, dir, "centers/kre.html"), "New leader") {
		t.Error("the page at an earlier revision shows a later change")
	}
}

// TestHistoryPlainFolder builds a folder without git: no history on the
// pages, one note, and the report says history is unavailable.
func TestHistoryPlainFolder(t *testing.T) {
	r := newGitRepo(t)
	if err := os.RemoveAll(filepath.Join(r.dir, ".git")); err != nil {
		t.Fatal(err)
	}
	res, hist := readHistory(t, r.dir, "")
	if len(hist.Notes) != 1 || !strings.Contains(hist.Notes[0].EN, "not inside a git repository") {
		t.Errorf("notes = %+v", hist.Notes)
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
}

// TestHistoryNoCommits builds a repository just made with git init: no
// history yet, one note, no failure.
func TestHistoryNoCommits(t *testing.T) {
	r := newGitRepo(t)
	res, hist := readHistory(t, r.dir, "")
	if len(hist.Notes) != 1 || !strings.Contains(hist.Notes[0].EN, "no commits yet") {
		t.Errorf("notes = %+v", hist.Notes)
	}
	dir := buildSite(t, res, Options{History: hist})
	if lastChanged(t, dir, "centers/kre.html") != "" {
		t.Error("a last change before the first commit")
	}
	contains(t, "report.html", readFile(t, dir, "report.html"), "git-repositoriet har ingen commits ennå")
}

// TestHistoryShallowClone builds a depth-1 clone: nothing fails, the pages
// say where history is cut, and the report explains how to fetch it.
func TestHistoryShallowClone(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		// go-git's file transport runs git-upload-pack.
		if os.Getenv("CI") == "true" {
			t.Fatalf("git is needed to clone over file://: %v", err)
		}
		t.Skipf("git not installed: %v", err)
	}
	r := newGovernanceHistory(t)
	dst := t.TempDir()
	if _, err := git.PlainClone(dst, false, &git.CloneOptions{URL: "file://" + r.dir, Depth: 1}); err != nil {
		t.Fatal(err)
	}
	res, hist := readHistory(t, dst, "")
	if len(hist.Notes) != 1 || !strings.Contains(hist.Notes[0].EN, "fetch-depth: 0") {
		t.Errorf("notes = %+v", hist.Notes)
	}
	dir := buildSite(t, res, Options{History: hist})
	// Every file is attributed to the cut, which is the leader commit.
	for _, page := range []string{"centers/gen.html", "centers/kre.html", "committee.html"} {
		if got := lastChanged(t, dir, page); !strings.Contains(got, "historikken er kuttet ved 2025-06-03 — fetch-depth: 0 gir alt") {
			t.Errorf("%s: last changed %q does not say where history is cut", page, got)
		}
	}
	if got := lastChanged(t, dir, "en/centers/gen.html"); !strings.Contains(got, "history cut at 2025-06-03 — fetch-depth: 0 gives all") {
		t.Errorf("English: %q", got)
	}
	contains(t, "kre.html", readFile(t, dir, "centers/kre.html"), `<h2 id="recent">`, "historikken er kuttet ved 2025-06-03")
	md, err := ReportMarkdown(res, Options{AsOf: asOf, Langs: []diag.Lang{diag.EN}, History: hist})
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
	res, hist := readHistory(t, r.dir, "")
	a := snapshot(t, buildSite(t, res, Options{Workers: 1, History: hist}))
	res2, hist2 := readHistory(t, r.dir, "")
	b := snapshot(t, buildSite(t, res2, Options{Workers: 8, History: hist2}))
	sameSite(t, a, b)
}
