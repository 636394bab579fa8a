package browsercheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/sitebuild"
	"github.com/ous-pm/pmgov/internal/sitehistory"
	"github.com/ous-pm/pmgov/internal/validate"
)

// later are the base fixture's files that arrive in a second commit, after
// the committee's 2024-06-20 meeting: the site then has "last changed" on
// every page, recent changes on the center page and a report that says
// what changed since that meeting.
var later = []string{"centers/kre/action-plans/2025.yaml", "centers/kre/reports/2025-T1.md"}

// gitBaseDir writes the base fixture into a git repository made with
// go-git, in two commits by people the fixture knows.
func gitBaseDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	commit := func(name, email, msg string, when time.Time) {
		if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
			t.Fatal(err)
		}
		sig := &object.Signature{Name: name, Email: email, When: when}
		if _, err := wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig}); err != nil {
			t.Fatal(err)
		}
	}
	base := fixture.Base()
	for name, data := range base {
		if !contains(later, name) {
			write(name, data)
		}
	}
	commit("Lise Berg", "lise.berg@example.org", "Governance data <as of the spring>", time.Date(2024, 1, 10, 9, 0, 0, 0, time.UTC))
	for _, name := range later {
		write(name, base[name])
	}
	commit("Kari Nordmann", "kari.nordmann@example.org", "KRE: action plan 2025 & the first report of 2025", time.Date(2025, 5, 2, 14, 30, 0, 0, time.UTC))
	return dir
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// siteWithHistory validates the git repository in src and builds its site
// with what git says about it, as pmgov build does in a git repository.
func siteWithHistory(t *testing.T, src string, asOf time.Time) string {
	t.Helper()
	res := validate.Run(load.Dir(src), validate.Options{AsOf: asOf})
	h, err := history.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	hist, err := sitehistory.Read(h, res, sitehistory.Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if err := sitebuild.Build(res, sitebuild.Options{Out: out, AsOf: asOf, History: hist, Forecast: forecast.Judge(res, forecast.Options{AsOf: asOf})}); err != nil {
		t.Fatalf("building the site of %s: %v", src, err)
	}
	return out
}

// buildWithHistory is siteWithHistory for the base fixture's git
// repository (gitBaseDir), checked to show its history.
func buildWithHistory(t *testing.T, src string, asOf time.Time) string {
	t.Helper()
	out := siteWithHistory(t, src, asOf)
	// The history must be on the pages this test loads, or it proves nothing.
	for page, want := range map[string]string{
		"centers/kre.html": "the first report of 2025",
		"report.html":      "Sammenlignet med commit", // what changed since the 2024-06-20 meeting
	} {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(page)))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Fatalf("%s does not show the history (%q)", page, want)
		}
	}
	return out
}
