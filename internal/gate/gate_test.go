package gate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	shared "github.com/ous-pm/pmgov/internal/fixture"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/ownership"
	"github.com/ous-pm/pmgov/internal/validate"
)

var asOf = time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)

// fixture is a git repository holding the rules' base fixture, committed
// by the secretariat on the default branch, with a branch "pr" checked out.
type fixture struct {
	t    *testing.T
	dir  string
	repo *git.Repository
	base string
	when time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	dir := t.TempDir()
	for name, data := range shared.Base() {
		write(t, dir, name, string(data))
	}
	co := ownership.CODEOWNERS(validate.Run(os.DirFS(dir), validate.Options{AsOf: asOf}).Repo)
	write(t, dir, ownership.CodeownersPath, string(co))
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	fx := &fixture{t: t, dir: dir, repo: repo, when: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
	fx.commit("Lise Berg", "lise.berg@example.org", "Initial governance data")
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	fx.base = head.Name().Short()
	wt, _ := repo.Worktree()
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("pr"), Create: true}); err != nil {
		t.Fatal(err)
	}
	return fx
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (fx *fixture) edit(name, from, to string) {
	fx.t.Helper()
	p := filepath.Join(fx.dir, filepath.FromSlash(name))
	b, err := os.ReadFile(p)
	if err != nil || !strings.Contains(string(b), from) {
		fx.t.Fatalf("%s lacks %q (%v)", name, from, err)
	}
	write(fx.t, fx.dir, name, strings.Replace(string(b), from, to, 1))
}

func (fx *fixture) commit(name, email, msg string) {
	fx.t.Helper()
	wt, err := fx.repo.Worktree()
	if err != nil {
		fx.t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		fx.t.Fatal(err)
	}
	fx.when = fx.when.Add(time.Hour)
	if _, err := wt.Commit(msg, &git.CommitOptions{Author: &object.Signature{Name: name, Email: email, When: fx.when}}); err != nil {
		fx.t.Fatal(err)
	}
}

func (fx *fixture) check(actor string, newOnly bool) *Result {
	fx.t.Helper()
	h, err := history.Open(fx.dir)
	if err != nil {
		fx.t.Fatal(err)
	}
	defer h.Close()
	res, err := Check(h, Options{Base: fx.base, Actor: actor, NewOnly: newOnly, Validate: validate.Options{AsOf: asOf}})
	if err != nil {
		fx.t.Fatal(err)
	}
	return res
}

func find(ds []diag.Diagnostic, rule, file string) *diag.Diagnostic {
	for i, d := range ds {
		if d.Rule == rule && d.Pos.File == file {
			return &ds[i]
		}
	}
	return nil
}

func findSev(ds []diag.Diagnostic, rule, file string, sev diag.Severity) *diag.Diagnostic {
	for i, d := range ds {
		if d.Rule == rule && d.Pos.File == file && d.Severity == sev {
			return &ds[i]
		}
	}
	return nil
}

func TestOwnership(t *testing.T) {
	fx := newFixture(t)
	fx.edit("centers/kre/center.yaml", "short_name: SEPREK", "short_name: SEPREK-OUS")
	fx.commit("Geir Lund", "geir.lund@example.org", "Rename SEPREK")

	// Geir leads another center: he may not change kre's files.
	res := fx.check("geir-lund", false)
	d := find(res.Diags, "ownership", "centers/kre/center.yaml")
	if d == nil || d.Severity != diag.Error {
		t.Fatalf("an outsider's change to kre was not refused: %+v", res.Diags)
	}
	for _, want := range []string{"Geir Lund (@geir-lund) may not change centers/kre/center.yaml", "Kari Nordmann (@kari-nordmann)", "Ola Nordmann (@ola-nordmann)", "Per Hansen (@per-hansen)"} {
		if !strings.Contains(d.Message.EN, want) {
			t.Errorf("message %q lacks %q", d.Message.EN, want)
		}
	}
	if !res.Failed() {
		t.Error("the gate passed an outsider's change")
	}
	if got := res.Changed; len(got) != 1 || got[0] != "centers/kre/center.yaml" {
		t.Errorf("changed = %v", got)
	}

	// The leader may.
	if res := fx.check("kari-nordmann", false); res.Failed() {
		t.Errorf("the leader's change was refused: %+v", res.Diags)
	}
	// A login nobody has is refused with a message saying so.
	res = fx.check("mallory", false)
	if d := findSev(res.Diags, "ownership", "centers/kre/center.yaml", diag.Error); d == nil || !strings.Contains(d.Message.EN, "the GitHub user mallory is not a known person") {
		t.Errorf("an unknown actor was not refused clearly: %+v", res.Diags)
	}
}

func TestOwnershipFromBase(t *testing.T) {
	fx := newFixture(t)
	// Geir adds himself as an editor of kre in the same change: the base
	// decides, so he is still refused.
	fx.edit("centers/kre/center.yaml", "editors: [per.hansen]", "editors: [per.hansen, geir.lund]")
	write(t, fx.dir, ownership.CodeownersPath, string(ownership.CODEOWNERS(validate.Run(os.DirFS(fx.dir), validate.Options{AsOf: asOf}).Repo)))
	fx.commit("Geir Lund", "geir.lund@example.org", "Add myself")
	res := fx.check("geir-lund", false)
	if find(res.Diags, "ownership", "centers/kre/center.yaml") == nil {
		t.Fatal("a change granting its own author the right was accepted")
	}
	// The regenerated CODEOWNERS may be committed by anyone; it matches the data.
	if d := find(res.Diags, "ownership", ownership.CodeownersPath); d != nil {
		t.Errorf("regenerated CODEOWNERS refused: %s", d.Message.EN)
	}
	if d := find(res.Diags, "codeowners", ownership.CodeownersPath); d != nil {
		t.Errorf("CODEOWNERS reported stale: %s", d.Message.EN)
	}
}

func TestUnknownAuthorAndStaleCodeowners(t *testing.T) {
	fx := newFixture(t)
	fx.edit("centers/kre/center.yaml", "editors: [per.hansen]", "editors: [per.hansen, geir.lund]")
	fx.commit("Someone Else", "someone@elsewhere.example", "Edit")
	res := fx.check("kari-nordmann", false)
	d := find(res.Diags, "ownership", "org/people.yaml")
	if d == nil || d.Severity != diag.Warning || !strings.Contains(d.Message.EN, "Someone Else <someone@elsewhere.example>") {
		t.Errorf("unknown commit author not warned about: %+v", res.Diags)
	}
	if d := find(res.Diags, "codeowners", ownership.CodeownersPath); d == nil || !strings.Contains(d.Message.EN, "@geir-lund") {
		t.Errorf("stale CODEOWNERS not reported with the line it should have: %+v", d)
	}
}

func TestTheme(t *testing.T) {
	fx := newFixture(t)
	fx.edit("centers/kre/center.yaml", "theme: cancer", "theme: rare-diseases")
	fx.commit("Kari Nordmann", "kari.nordmann@example.org", "New theme")
	res := fx.check("kari-nordmann", false)
	d := find(res.Diags, "theme", "centers/kre/center.yaml")
	if d == nil || d.Pos.Line != 6 || !strings.Contains(d.Message.EN, "changes from cancer to rare-diseases without a PM committee decision") {
		t.Fatalf("theme change without decision not reported at the theme: %+v", res.Diags)
	}

	// With a change-theme decision (written by the secretariat) it passes.
	write(t, fx.dir, "committee/decisions/PMU-2024-09.md", "---\nid: PMU-2024-09\ndate: 2024-06-20\nmeeting: 2024-06-20\ntitle: Nytt tema\ntype: change-theme\ncenters: [kre]\n---\nVedtatt.\n")
	fx.commit("Lise Berg", "lise.berg@example.org", "Decision")
	res = fx.check("kari-nordmann", false)
	if d := find(res.Diags, "theme", "centers/kre/center.yaml"); d != nil && strings.Contains(d.Message.EN, "without a PM committee decision") {
		t.Errorf("theme change with a decision still refused: %s", d.Message.EN)
	}
}

func TestNewOnly(t *testing.T) {
	fx := newFixture(t)
	// The base already has a finding: a leader with no line position.
	fx.edit("org/people.yaml", "github: kari-nordmann, unit: KRE, title", "github: kari-nordmann, title")
	fx.commit("Lise Berg", "lise.berg@example.org", "Old problem")
	wt, _ := fx.repo.Worktree()
	head, _ := fx.repo.Head()
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(fx.base)}); err != nil {
		t.Fatal(err)
	}
	if err := fx.repo.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName(fx.base), head.Hash())); err != nil {
		t.Fatal(err)
	}
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("pr")}); err != nil {
		t.Fatal(err)
	}
	fx.edit("centers/kre/center.yaml", "short_name: SEPREK", "short_name: SEPREK-OUS")
	fx.commit("Kari Nordmann", "kari.nordmann@example.org", "Rename")

	all := fx.check("kari-nordmann", false)
	if find(all.Diags, "leader-in-line", "org/people.yaml") == nil {
		t.Fatal("the old finding is not in the full result")
	}
	fresh := fx.check("kari-nordmann", true)
	if d := find(fresh.Diags, "leader-in-line", "org/people.yaml"); d != nil {
		t.Errorf("--new-only kept an old finding: %s", d.Message.EN)
	}
	if fresh.Failed() {
		t.Errorf("--new-only failed: %+v", fresh.Diags)
	}
}

func TestNeedsActorAndGit(t *testing.T) {
	fx := newFixture(t)
	h, err := history.Open(fx.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if _, err := Check(h, Options{Base: fx.base}); err == nil || !strings.Contains(err.Error(), "--actor") {
		t.Errorf("missing actor: err = %v", err)
	}
	plain, err := history.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Check(plain, Options{Base: "main", Actor: "x"}); err == nil {
		t.Error("a folder without git passed")
	}
}

// The base is read as it is, not assumed from the files the branch's
// commits changed: an uncommitted edit in the work tree, and a file changed
// on the base after the branch left it, both differ between the two sides.
func TestBaseReadAsItIs(t *testing.T) {
	fx := newFixture(t)
	// Uncommitted: the head's theme changes, the base keeps cancer.
	fx.edit("centers/kre/center.yaml", "theme: cancer", "theme: rare-diseases")
	res := fx.check("kari-nordmann", false)
	if d := find(res.Diags, "theme", "centers/kre/center.yaml"); d == nil || !strings.Contains(d.Message.EN, "from cancer to rare-diseases") {
		t.Fatalf("an uncommitted theme change was not compared with the base: %+v", res.Diags)
	}
	if got := res.Base.Repo.Center("kre").Theme.V; got != "cancer" {
		t.Errorf("base theme = %q, want cancer", got)
	}

	// A base that moved on: main gets a new finding the branch never saw,
	// so --new-only must treat the head's clean file as fixing it, not
	// carry the base's broken parse over from the head.
	fx.edit("centers/kre/center.yaml", "theme: rare-diseases", "theme: cancer")
	wt, _ := fx.repo.Worktree()
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(fx.base)}); err != nil {
		t.Fatal(err)
	}
	fx.edit("centers/kre/center.yaml", "short_name: SEPREK", "short_name: [SEPREK")
	fx.commit("Lise Berg", "lise.berg@example.org", "Broken on main")
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("pr")}); err != nil {
		t.Fatal(err)
	}
	res = fx.check("kari-nordmann", false)
	if find(res.Base.Diags, "syntax", "centers/kre/center.yaml") == nil {
		t.Fatalf("the base's own version of the file was not read: base findings %+v", res.Base.Diags)
	}
	if find(res.Head.Diags, "syntax", "centers/kre/center.yaml") != nil {
		t.Fatalf("the head took the base's broken file: %+v", res.Head.Diags)
	}
}

// A changed file that still holds a "FYLL INN" text from pmgov new is
// refused where the text stands; the same text in a file the pull request
// does not touch is not this pull request's business.
func TestPlaceholders(t *testing.T) {
	fx := newFixture(t)
	fx.edit("centers/kre/reports/2025-T1.md", "rationale: Nytt panel.", "rationale: \"FYLL INN: hvorfor denne andelen\"")
	fx.edit("centers/kre/reports/2025-T1.md", "---\nStatus.", "---\nStatus.\n\nFYLL INN: hva som er gjort i perioden.")
	fx.commit("Kari Nordmann", "kari.nordmann@example.org", "Report 2025-T1")
	res := fx.check("kari-nordmann", false)
	var got []string
	for _, d := range res.Diags {
		if d.Rule == "schema" {
			got = append(got, d.Pos.String()+" "+d.Message.EN)
		}
	}
	want := []string{
		`centers/kre/reports/2025-T1.md:16:52 the field effort.allocation.2.rationale still says "FYLL INN" from pmgov new`,
		`centers/kre/reports/2025-T1.md:20:1 the text still says "FYLL INN" from pmgov new`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("placeholder findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !res.Failed() {
		t.Error("the gate passes a file with placeholders")
	}

	// Merged as it is, the next pull request, touching another file, is
	// not held up by it.
	fx.base = "pr"
	wt, _ := fx.repo.Worktree()
	if err := wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName("next"), Create: true}); err != nil {
		t.Fatal(err)
	}
	fx.edit("centers/kre/education.yaml", "title: PM for alle,", "title: PM for alle ansatte,")
	fx.commit("Kari Nordmann", "kari.nordmann@example.org", "Education: a clearer title")
	res = fx.check("kari-nordmann", false)
	if len(res.Changed) != 1 {
		t.Fatalf("changed %v, want only the education file", res.Changed)
	}
	for _, d := range res.Diags {
		if strings.Contains(d.Message.EN, "FYLL INN") {
			t.Errorf("an untouched file's placeholder was held against the pull request: %s %s", d.Pos, d.Message.EN)
		}
	}
}
