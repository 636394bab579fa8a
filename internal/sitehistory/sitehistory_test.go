package sitehistory

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ous-pm/pmgov/internal/changes"
	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/sitebuild"
	"github.com/ous-pm/pmgov/internal/validate"
)

// asOf is the date the base fixture is clean on.
var asOf = time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)

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
func readHistory(t *testing.T, dir, since string) (*validate.Result, *changes.History) {
	t.Helper()
	res := validate.Run(os.DirFS(dir), validate.Options{AsOf: asOf})
	h, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	hist, err := Read(h, res, Options{Since: since, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	return res, hist
}

// TestLastAndRecent reads the last change of every file and the recent
// changes of each center's folder.
func TestLastAndRecent(t *testing.T) {
	r := newGovernanceHistory(t)
	res, hist := readHistory(t, r.dir, "")
	if len(hist.Notes) != 0 {
		t.Errorf("a full clone has notes: %+v", hist.Notes)
	}
	for file, want := range map[string]string{
		"centers/kre/center.yaml":            r.leader,
		"centers/kre/action-plans/2025.yaml": r.action,
		"centers/kre/reports/2025-T1.md":     r.base,
		"committee/decisions/PMU-2025-01.md": r.decision,
		"centers/gen/center.yaml":            r.base,
	} {
		if got := hist.Last[file]; got.Hash != want {
			t.Errorf("last change of %s = %+v, want commit %s", file, got, want[:7])
		}
	}
	if got := hist.Last["centers/kre/center.yaml"]; got.Author != "Kari Nordmann" || got.Subject != "New leader for SEPREK" || !got.Date.Equal(time.Date(2025, 6, 3, 9, 0, 0, 0, time.UTC)) || got.Truncated {
		t.Errorf("last change of kre's center.yaml = %+v", got)
	}
	for _, d := range res.Repo.Docs {
		if _, ok := hist.Last[d.Path]; !ok {
			t.Errorf("no last change for %s", d.Path)
		}
	}
	// kre's folder, newest first; the decision did not touch it.
	var subjects []string
	for _, c := range hist.Recent["kre"] {
		subjects = append(subjects, c.Subject)
	}
	if got := strings.Join(subjects, " | "); got != "New leader for SEPREK | KRE-2025-01 done | Governance data" {
		t.Errorf("kre's recent changes: %s", got)
	}
	if got := hist.Recent["gen"]; len(got) != 1 || got[0].Hash != r.base {
		t.Errorf("gen's recent changes: %+v", got)
	}
	// At most opt.Recent of them.
	h, err := history.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	two, err := Read(h, res, Options{AsOf: asOf, Recent: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got := two.Recent["kre"]; len(got) != 2 || got[0].Hash != r.leader || got[1].Hash != r.action {
		t.Errorf("two recent changes of kre: %+v", got)
	}
}

// TestHistoryMatchesGitLog checks the last changes against git log itself.
func TestHistoryMatchesGitLog(t *testing.T) {
	r := newGovernanceHistory(t)
	gitPath, err := exec.LookPath("git")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("git is needed to compare with git log: %v", err)
		}
		t.Skipf("git not installed: %v", err)
	}
	_, hist := readHistory(t, r.dir, "")
	for _, file := range []string{"centers/kre/reports/2025-T1.md", "committee/decisions/PMU-2025-01.md", "centers/kre/center.yaml", "centers/kre/action-plans/2025.yaml"} {
		out, err := exec.Command(gitPath, "-C", r.dir, "log", "-1", "--format=%H %ad %an", "--date=short", "--", file).Output()
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(string(out))
		got := hist.Last[file]
		if got.Hash != f[0] || got.Date.Format(time.DateOnly) != f[1] || !strings.HasPrefix(got.Author, f[2]) {
			t.Errorf("%s: last change %+v; git log -1 -- %s says %s", file, got, file, out)
		}
	}
}

// TestSince compares with the earlier state a revision, the previous
// meeting (the default) or a date names.
func TestSince(t *testing.T) {
	r := newGovernanceHistory(t)
	wantAll := []string{
		"kre: new center leader ola.nordmann (was kari.nordmann)",
		`kre: action KRE-2025-01 "Forskning" is now done (was in-progress)`,
		"new decision PMU-2025-01 (other): Ny senterleder for SEPREK",
	}
	texts := func(s *changes.Since) string {
		var out []string
		for _, c := range s.Changes {
			out = append(out, c.Text.EN)
		}
		return strings.Join(out, "\n")
	}
	for since, what := range map[string]string{r.base[:10]: "revision " + r.base[:10], "": "the previous meeting on 2024-06-20"} {
		_, hist := readHistory(t, r.dir, since)
		s := hist.Since
		if s == nil || s.Commit != r.base {
			t.Fatalf("since %q compares with %+v, want the base commit %s", since, s, r.base)
		}
		if s.What.EN != what || !s.Date.Equal(time.Date(2024, 1, 10, 9, 0, 0, 0, time.UTC)) || s.Unavailable.EN != "" {
			t.Errorf("since %q: %q at %s, unavailable %q", since, s.What.EN, s.Date, s.Unavailable.EN)
		}
		got := texts(s)
		for _, want := range wantAll {
			if !strings.Contains(got, want) {
				t.Errorf("since %q: changes lack %q:\n%s", since, want, got)
			}
		}
	}

	// Since a date: the state at the start of 2025-01-01 already had the
	// action done.
	_, hist := readHistory(t, r.dir, "2025-01-01")
	if hist.Since.Commit != r.action || hist.Since.What.EN != "2025-01-01" {
		t.Errorf("since 2025-01-01 compares with %s (%q), want %s", hist.Since.Commit, hist.Since.What.EN, r.action)
	}
	if got := texts(hist.Since); !strings.Contains(got, wantAll[0]) || !strings.Contains(got, wantAll[2]) || strings.Contains(got, "is now done") {
		t.Errorf("since 2025-01-01: %s", got)
	}

	// A date before the first commit, and a revision that is not there.
	res, hist := readHistory(t, r.dir, "2023-01-01")
	if hist.Since.Unavailable.EN != "The git history begins after 2023-01-01, so there is no earlier state to compare with." || len(hist.Since.Changes) != 0 {
		t.Errorf("since before the history: %+v", hist.Since)
	}
	h, err := history.Open(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if _, err := Read(h, res, Options{Since: "nosuchrev", AsOf: asOf}); err == nil || !strings.Contains(err.Error(), "--since nosuchrev") {
		t.Errorf("an unknown --since revision gave %v", err)
	}
	// No meeting before the as-of date.
	early, err := Read(h, res, Options{AsOf: time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if got := early.Since.Unavailable.EN; got != "There is no meeting in committee/meetings/ before 2021-06-01 to compare with. Use --since REV or --since YYYY-MM-DD." {
		t.Errorf("no meeting before: %q", got)
	}
}

// TestHistoryAt reads the history as it was at a revision: the last
// changes and recent changes stop there.
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
	hist, err := Read(h, res, Options{Rev: r.decision, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if got := hist.Last["centers/kre/center.yaml"].Hash; got != r.base {
		t.Errorf("at the decision, kre's center.yaml was last changed by %s, want the base %s", got, r.base)
	}
	for _, c := range hist.Recent["kre"] {
		if c.Hash == r.leader {
			t.Error("the history at an earlier revision holds a later change")
		}
	}
	if len(hist.Recent["kre"]) != 2 {
		t.Errorf("kre's recent changes at the decision: %+v", hist.Recent["kre"])
	}
}

// TestHistoryPlainFolder reads a folder without git: one note, and the
// comparison says history is unavailable.
func TestHistoryPlainFolder(t *testing.T) {
	r := newGitRepo(t)
	if err := os.RemoveAll(filepath.Join(r.dir, ".git")); err != nil {
		t.Fatal(err)
	}
	_, hist := readHistory(t, r.dir, "")
	if len(hist.Notes) != 1 || !strings.Contains(hist.Notes[0].EN, "not inside a git repository") {
		t.Errorf("notes = %+v", hist.Notes)
	}
	if hist.Last != nil || hist.Recent != nil || hist.Since == nil || hist.Since.Unavailable.EN != "The history of changes is unavailable: the repository is not a git repository." {
		t.Errorf("history without git: %+v", hist)
	}
}

// TestHistoryNoCommits reads a repository just made with git init: no
// history yet, one note, no failure.
func TestHistoryNoCommits(t *testing.T) {
	r := newGitRepo(t)
	_, hist := readHistory(t, r.dir, "")
	if len(hist.Notes) != 1 || !strings.Contains(hist.Notes[0].EN, "no commits yet") {
		t.Errorf("notes = %+v", hist.Notes)
	}
	if hist.Last != nil || hist.Since == nil || !strings.Contains(hist.Since.Unavailable.NB, "git-repositoriet har ingen commits ennå") {
		t.Errorf("history before the first commit: %+v", hist)
	}
}

// TestHistoryShallowClone reads a depth-1 clone: nothing fails, every file
// is attributed to the cut, and the comparison explains how to fetch more.
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
	for _, d := range res.Repo.Docs {
		if c := hist.Last[d.Path]; !c.Truncated || c.Hash != r.leader {
			t.Errorf("%s: last change %+v, want the cut at %s", d.Path, c, r.leader[:7])
		}
	}
	if got := hist.Since.Unavailable.EN; !strings.Contains(got, "This shallow clone has no history back to 2024-06-20") || !strings.Contains(got, "fetch-depth: 0") {
		t.Errorf("since in a shallow clone: %q", got)
	}
}

// TestSiteFromGit builds the site and the report from a history read from
// git: what sitebuild renders is what Read found.
func TestSiteFromGit(t *testing.T) {
	r := newGovernanceHistory(t)
	res, hist := readHistory(t, r.dir, "")
	out := filepath.Join(t.TempDir(), "public")
	if err := sitebuild.Build(res, sitebuild.Options{Out: out, AsOf: asOf, History: hist}); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "centers", "kre.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<p class="last-changed">`, `<time datetime="2025-06-03">2025-06-03</time>`, "<code>" + r.leader[:7] + "</code>", `<h2 id="recent">`, "KRE-2025-01 done"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("kre's page lacks %q", want)
		}
	}
	md, err := sitebuild.ReportMarkdown(res, sitebuild.Options{AsOf: asOf, Langs: []diag.Lang{diag.EN}, History: hist})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## What changed since the previous meeting on 2024-06-20", "Compared with commit " + r.base[:7] + " (2024-01-10).", "new center leader ola.nordmann"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
}

// TestCache reads through a cache as serve does between saves: every read
// equals a read without it; an edit to the work tree is compared anew
// while git's part is kept; a new commit or another --since reads git
// again.
func TestCache(t *testing.T) {
	r := newGovernanceHistory(t)
	var cache Cache
	read := func(since string) (cached, fresh *changes.History) {
		t.Helper()
		res := validate.Run(os.DirFS(r.dir), validate.Options{AsOf: asOf})
		h, err := history.Open(r.dir)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		opt := Options{Since: since, AsOf: asOf}
		if cached, err = cache.Read(h, res, opt); err != nil {
			t.Fatal(err)
		}
		if fresh, err = Read(h, res, opt); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cached, fresh) {
			t.Fatalf("since %q: the cached read differs from a fresh one:\n%+v\n%+v", since, cached, fresh)
		}
		return cached, fresh
	}
	same := func(a, b any) bool { return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer() }
	first, _ := read("")
	oldAt := cache.old

	// An edit that is not committed: git's part is the cache's, the
	// comparison sees the edit.
	r.edit("centers/kre/center.yaml", "leader: ola.nordmann", "leader: anne.hansen")
	second, _ := read("")
	if !same(first.Last, second.Last) || !same(first.Recent, second.Recent) || cache.old != oldAt {
		t.Error("an edit to the work tree read git again")
	}
	found := false
	for _, c := range second.Since.Changes {
		found = found || strings.Contains(c.Text.EN, "new center leader anne.hansen (was kari.nordmann)")
	}
	if !found {
		t.Errorf("the comparison does not see the edit: %+v", second.Since.Changes)
	}

	// A commit: read again.
	hash := r.commit("Anne Hansen", "Leader again", time.Date(2025, 6, 10, 9, 0, 0, 0, time.UTC))
	third, _ := read("")
	if same(first.Last, third.Last) || third.Last["centers/kre/center.yaml"].Hash != hash {
		t.Errorf("after a commit the last change of kre is %+v, want %s", third.Last["centers/kre/center.yaml"], hash)
	}
	// Another earlier state: validated again.
	fourth, _ := read("2025-01-01")
	if cache.old == oldAt || fourth.Since.Commit != r.action {
		t.Errorf("--since 2025-01-01 through the cache compares with %s, want %s", fourth.Since.Commit, r.action)
	}
}
