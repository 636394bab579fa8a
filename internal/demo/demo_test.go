package demo

import (
	"bytes"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ous-pm/pmgov/internal/changes"
	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/ownership"
	"github.com/ous-pm/pmgov/internal/sitehistory"
	"github.com/ous-pm/pmgov/internal/validate"
)

// repoRoot holds the default content this package demonstrates.
const repoRoot = "../.."

// asOf is the day the demonstration is judged as of, like the content.
var asOf = time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)

var (
	once     sync.Once
	built    string
	buildErr error
)

// TestMain removes the demonstration the tests share.
func TestMain(m *testing.M) {
	code := m.Run()
	if built != "" {
		os.RemoveAll(filepath.Dir(built))
	}
	os.Exit(code)
}

// content is the repository's own content, or a skip when the checkout has
// none.
func content(t *testing.T) fs.FS {
	t.Helper()
	if _, err := os.Stat(filepath.Join(repoRoot, "governance.yaml")); err != nil {
		t.Skipf("no default content in this checkout (%v)", err)
	}
	return os.DirFS(repoRoot)
}

// demo is the demonstration of the default content, built once per run.
func demo(t *testing.T) string {
	t.Helper()
	src := content(t)
	once.Do(func() {
		tmp, err := os.MkdirTemp("", "pmgov-demo-")
		if err != nil {
			buildErr = err
			return
		}
		built = filepath.Join(tmp, "demo")
		buildErr = Build(src, built)
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return built
}

// TestWriteDemo writes the demonstration where PMGOV_DEMO_DIR says, for the
// site (README.md):
//
//	PMGOV_DEMO_DIR=/tmp/demo go test -run TestWriteDemo ./internal/demo
//	go run ./cmd/pmgov build /tmp/demo -o /tmp/demo-site --since 2026-10-13
func TestWriteDemo(t *testing.T) {
	dir := os.Getenv("PMGOV_DEMO_DIR")
	if dir == "" {
		t.Skip("set PMGOV_DEMO_DIR to write the demonstration repository there")
	}
	if err := Build(content(t), dir); err != nil {
		t.Fatal(err)
	}
}

// TestTreeIsTheContent: the work tree and the last commit hold the default
// content byte for byte, and nothing else.
func TestTreeIsTheContent(t *testing.T) {
	dir := demo(t)
	want, err := readContent(content(t))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() == ".git" {
			if err == nil {
				return fs.SkipDir
			}
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			got[filepath.ToSlash(rel)], err = os.ReadFile(p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	h, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	head, err := h.FS("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	for p, b := range want {
		if !bytes.Equal(got[p], b) {
			t.Errorf("work tree: %s differs from the content", p)
		}
		if c, err := fs.ReadFile(head, p); err != nil || !bytes.Equal(c, b) {
			t.Errorf("HEAD: %s differs from the content (%v)", p, err)
		}
	}
	for p := range got {
		if want[p] == nil {
			t.Errorf("work tree: %s is not in the content", p)
		}
	}
	if len(want) < 90 {
		t.Errorf("only %d files compared", len(want))
	}
}

// TestDeterministic: a second build gives the same commits, hash for hash.
func TestDeterministic(t *testing.T) {
	first := commitHashes(t, demo(t))
	dir := filepath.Join(t.TempDir(), "again")
	if err := Build(content(t), dir); err != nil {
		t.Fatal(err)
	}
	if again := commitHashes(t, dir); !slices.Equal(first, again) {
		t.Fatalf("two builds differ: %d commits ending %s, then %d ending %s", len(first), first[0], len(again), again[0])
	}
	plan, err := Plan(content(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != len(plan) {
		t.Errorf("%d commits in the repository, %d planned", len(first), len(plan))
	}
}

// commitHashes lists the commits of HEAD, newest first.
func commitHashes(t *testing.T, dir string) []string {
	t.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	if head.Name() != "refs/heads/main" {
		t.Errorf("HEAD is %s, want refs/heads/main", head.Name())
	}
	log, err := repo.Log(&git.LogOptions{From: head.Hash()})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	err = log.ForEach(func(c *object.Commit) error {
		out = append(out, c.Hash.String())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestContentValidates: the demonstration passes as the content does,
// strictly, as of 2026-12-03.
func TestContentValidates(t *testing.T) {
	res := validate.Run(load.Dir(demo(t)), validate.Options{AsOf: asOf, Strict: true})
	for _, d := range res.Diags {
		if d.Severity == diag.Error || d.Severity == diag.Warning {
			t.Errorf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message.EN, d.Rule)
		}
	}
	if len(res.Repo.Centers) < 6 {
		t.Errorf("%d centers", len(res.Repo.Centers))
	}
}

// TestStory holds the plan to the story it tells: every file dated by the
// data (no catch-up commit), time moving forward from 2021 to 2026, files
// changing more than once, and each commit made by someone the gate would
// let make it, judged, as the gate judges, by the data before the commit.
func TestStory(t *testing.T) {
	plan, err := Plan(content(t))
	if err != nil {
		t.Fatal(err)
	}
	if first, last := plan[0].When, plan[len(plan)-1].When; first.Year() != 2021 || last.Year() != 2026 {
		t.Errorf("the story runs from %s to %s, want 2021 to 2026", first, last)
	}
	tree := map[string][]byte{}
	var areas []ownership.Area
	changes := map[string]int{}
	for i, c := range plan {
		if c.Subject == catchUp {
			t.Errorf("%s: files without a date in the story: %v", c.When.Format(time.DateOnly), slices.Sorted(maps.Keys(c.Files)))
		}
		if i > 0 && !c.When.After(plan[i-1].When) {
			t.Errorf("%q at %s is not after %q at %s", c.Subject, c.When, plan[i-1].Subject, plan[i-1].When)
		}
		if c.Subject == "" || c.Name == "" || !strings.HasSuffix(c.Email, "@example.org") {
			t.Errorf("commit %d: subject %q by %q <%s>", i, c.Subject, c.Name, c.Email)
		}
		if i > 0 {
			if areas == nil || slices.ContainsFunc(slices.Collect(maps.Keys(plan[i-1].Files)), decidesOwners) {
				areas = ownership.Areas(validate.Run(mapFS(tree), validate.Options{AsOf: asOf}).Repo)
			}
			for p := range c.Files {
				may := slices.ContainsFunc(ownership.AreaOf(areas, p).People, func(m *model.Person) bool { return m.ID.V == c.Person })
				if p != ownership.CodeownersPath && !may {
					t.Errorf("%s %q: %s may not change %s", c.When.Format(time.DateOnly), c.Subject, c.Person, p)
				}
			}
		}
		for p, b := range c.Files {
			tree[p] = b
			changes[p]++
		}
	}
	for p, min := range map[string]int{
		"centers/kre/center.yaml":            5, // established, organised, twice in the matrix, second term
		"centers/bar/center.yaml":            5, // … and a revised organisation with a new board member
		"centers/kre/action-plans/2025.yaml": 4, // planned, then each report's statuses
		"centers/kre/action-plans/2026.yaml": 5, // … and actions done after the last report
		"centers/kre/education.yaml":         4,
		"centers/kre/strategy-2024-2027.md":  2, // draft, approved
		"org/people.yaml":                    5,
		".github/CODEOWNERS":                 5,
	} {
		if changes[p] < min {
			t.Errorf("%s changes %d times, want at least %d", p, changes[p], min)
		}
	}
}

// TestHistory reads the demonstration as the site does: a report was last
// changed on the day it was submitted, by its author; a center has a full
// page of recent changes by several people; and what changed since the
// last meeting has real entries.
func TestHistory(t *testing.T) {
	dir := demo(t)
	res := validate.Run(load.Dir(dir), validate.Options{AsOf: asOf})
	h, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	last, err := h.LastChanges("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	reports := 0
	for _, c := range res.Repo.Centers {
		for _, r := range c.Reports {
			reports++
			ch, ok := last[r.File()]
			author := res.Repo.Person(r.Author.V)
			switch {
			case !ok:
				t.Errorf("%s: no last change", r.File())
			case ch.Date.Format(time.DateOnly) != r.Submitted.String() || author == nil || ch.Author != author.Name.V:
				t.Errorf("%s: last changed %s by %s, want %s by %s", r.File(), ch.Date.Format(time.DateOnly), ch.Author, r.Submitted, r.Author.V)
			}
		}
	}
	if reports < 18 {
		t.Errorf("%d reports checked", reports)
	}
	if ch := last["centers/kre/reports/2025-T1.md"]; ch.Subject != "Statusrapport 2025-T1 for SEPREK" || ch.Author != "Kari Nordmann" {
		t.Errorf("2025-T1 of kre: %q by %s", ch.Subject, ch.Author)
	}

	recent, err := h.RecentChanges("HEAD", []string{"centers/kre"}, sitehistory.RecentPerCenter)
	if err != nil {
		t.Fatal(err)
	}
	kre := recent["centers/kre"]
	authors := map[string]bool{}
	for i, ch := range kre {
		authors[ch.Author] = true
		if i > 0 && ch.Date.After(kre[i-1].Date) {
			t.Errorf("recent changes out of order: %s after %s", ch.Date, kre[i-1].Date)
		}
	}
	if len(kre) != sitehistory.RecentPerCenter || len(authors) < 2 {
		t.Errorf("kre has %d recent changes by %d people, want %d by several", len(kre), len(authors), sitehistory.RecentPerCenter)
	}

	// --since 2026-10-13, and the default: the meeting before the as-of date.
	for _, since := range []string{"2026-10-13", ""} {
		hist, err := sitehistory.Read(h, res, sitehistory.Options{Since: since, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		s := hist.Since
		if s.Unavailable.EN != "" {
			t.Fatalf("--since %q: %s", since, s.Unavailable.EN)
		}
		kinds := map[changes.Kind]int{}
		for _, c := range s.Changes {
			kinds[c.Kind]++
		}
		for _, k := range []changes.Kind{changes.DecisionAdded, changes.MeetingAdded, changes.ActionStatus} {
			if kinds[k] == 0 {
				t.Errorf("--since %q: no %s among %v", since, k, kinds)
			}
		}
		if kinds[changes.ActionStatus] < 3 {
			t.Errorf("--since %q: %d action statuses changed, want one per treatment center", since, kinds[changes.ActionStatus])
		}
		if got := s.Date.Format(time.DateOnly); got != "2026-10-05" {
			t.Errorf("--since %q compares with the state of %s, want the last commit before the meeting, 2026-10-05", since, got)
		}
	}
}

// TestSummerTime pins the Oslo clock the commits are dated by.
func TestSummerTime(t *testing.T) {
	for day, want := range map[string]string{
		"2024-03-30": "+0100", "2024-03-31": "+0200", "2024-10-26": "+0200", "2024-10-27": "+0100",
		"2021-06-15": "+0200", "2026-11-02": "+0100",
	} {
		if got := clock(day, 0).Format("-0700"); got != want {
			t.Errorf("%s: %s, want %s", day, got, want)
		}
	}
	if got := clock("2025-01-02", 2).Format("15:04"); got != "09:30" {
		t.Errorf("the third commit of a day at %s, want 09:30", got)
	}
}
