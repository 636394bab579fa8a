package gate

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
	"github.com/ous-pm/pmgov/internal/review"
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
	d := find(res.Diags, "change-decision", "centers/kre/center.yaml")
	if d == nil || d.Pos.Line != 6 || d.Pos.Col != 8 || !strings.Contains(d.Message.EN, "the change to the theme (theme) of kre, from cancer to rare-diseases, has no PM committee decision") {
		t.Fatalf("theme change without decision not reported at the theme: %+v", res.Diags)
	}

	// With a change-theme decision (written by the secretariat) it passes.
	write(t, fx.dir, "committee/decisions/PMU-2024-09.md", "---\nid: PMU-2024-09\ndate: 2024-06-20\nmeeting: 2024-06-20\ntitle: Nytt tema\ntype: change-theme\ncenters: [kre]\n---\nVedtatt.\n")
	fx.commit("Lise Berg", "lise.berg@example.org", "Decision")
	res = fx.check("kari-nordmann", false)
	if d := find(res.Diags, "change-decision", "centers/kre/center.yaml"); d != nil {
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
	if d := find(res.Diags, "change-decision", "centers/kre/center.yaml"); d == nil || !strings.Contains(d.Message.EN, "from cancer to rare-diseases") {
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

func (fx *fixture) run(opt Options) *Result {
	fx.t.Helper()
	h, err := history.Open(fx.dir)
	if err != nil {
		fx.t.Fatal(err)
	}
	defer h.Close()
	opt.Base = fx.base
	opt.Validate.AsOf = asOf
	res, err := Check(h, opt)
	if err != nil {
		fx.t.Fatal(err)
	}
	return res
}

func (fx *fixture) head() string {
	fx.t.Helper()
	h, err := fx.repo.Head()
	if err != nil {
		fx.t.Fatal(err)
	}
	return h.Hash().String()
}

func approval(login, state, commit string, at string) review.Review {
	r := review.Review{State: state, CommitID: commit}
	r.User = &struct {
		Login string `json:"login"`
	}{login}
	r.SubmittedAt, _ = time.Parse(time.RFC3339, at)
	return r
}

// An outsider's change passes when someone who may change the file approved
// the pull request's head commit, and only then.
func TestApprovals(t *testing.T) {
	fx := newFixture(t)
	fx.edit("centers/kre/center.yaml", "short_name: SEPREK", "short_name: SEPREK-OUS")
	fx.commit("Geir Lund", "geir.lund@example.org", "Rename SEPREK")
	first := fx.head()
	refused := func(res *Result) *diag.Diagnostic {
		return findSev(res.Diags, "ownership", "centers/kre/center.yaml", diag.Error)
	}

	// The leader approved the head: accepted.
	res := fx.run(Options{Actor: "geir-lund", Reviews: []review.Review{approval("kari-nordmann", "APPROVED", first, "2025-06-02T10:00:00Z")}})
	if res.Failed() || !slices.Equal(res.Approvers, []string{"kari-nordmann"}) {
		t.Fatalf("the leader's approval did not count: approvers %v, %+v", res.Approvers, res.Diags)
	}

	// Geir pushes another commit: the approval was of the older one.
	fx.edit("centers/kre/center.yaml", "short_name: SEPREK-OUS", "short_name: SEPREK-OUS2")
	fx.commit("Geir Lund", "geir.lund@example.org", "Rename again")
	res = fx.run(Options{Actor: "geir-lund", Reviews: []review.Review{approval("kari-nordmann", "APPROVED", first, "2025-06-02T10:00:00Z")}})
	if refused(res) == nil {
		t.Fatalf("an approval of an older commit counted for the head: %+v", res.Diags)
	}

	// An approval by someone the data does not give kre counts for
	// nothing, and the finding says who is still needed.
	head := fx.head()
	res = fx.run(Options{Actor: "geir-lund", Reviews: []review.Review{approval("lise-berg", "APPROVED", head, "2025-06-02T11:00:00Z")}})
	d := refused(res)
	if d == nil {
		t.Fatalf("the secretariat's approval let a change to a center through: %+v", res.Diags)
	}
	if !strings.Contains(d.Hint.EN, "Approved by @lise-berg, who may not change this file; an approval by one of these is needed: Kari Nordmann (@kari-nordmann), Ola Nordmann (@ola-nordmann), Per Hansen (@per-hansen)") {
		t.Errorf("the hint does not say who is still needed: %s", d.Hint.EN)
	}

	// A board member approved and then asked for changes: withdrawn.
	res = fx.run(Options{Actor: "geir-lund", Reviews: []review.Review{
		approval("ola-nordmann", "APPROVED", head, "2025-06-02T11:00:00Z"),
		approval("ola-nordmann", "CHANGES_REQUESTED", head, "2025-06-02T12:00:00Z"),
	}})
	if refused(res) == nil {
		t.Error("an approval withdrawn by a later request for changes still counted")
	}
	// An editor's dismissed approval does not count; a later approval of
	// the head does.
	res = fx.run(Options{Actor: "geir-lund", Reviews: []review.Review{approval("per-hansen", "DISMISSED", head, "2025-06-02T11:00:00Z")}})
	if refused(res) == nil {
		t.Error("a dismissed approval counted")
	}
	res = fx.run(Options{Actor: "geir-lund", Reviews: []review.Review{
		approval("per-hansen", "DISMISSED", head, "2025-06-02T11:00:00Z"),
		approval("PER-HANSEN", "APPROVED", head, "2025-06-02T13:00:00Z"),
	}})
	if refused(res) != nil {
		t.Errorf("an editor's approval of the head (login in another case) did not count: %+v", res.Diags)
	}
	// A login that only Unicode folds onto the leader's is nobody.
	res = fx.run(Options{Actor: "geir-lund", Reviews: []review.Review{approval("\u212Aari-nordmann", "APPROVED", head, "2025-06-02T13:00:00Z")}})
	if refused(res) == nil {
		t.Error("a login with the Kelvin sign passed for kari-nordmann")
	}
	if res := fx.run(Options{Actor: "\u212Aari-nordmann"}); refused(res) == nil {
		t.Error("an author login with the Kelvin sign passed for kari-nordmann")
	}
}

// Everything that is not data is the maintainers', whether it exists or
// not: the build of the gate depends on it.
func TestDefaultDeny(t *testing.T) {
	fx := newFixture(t)
	write(t, fx.dir, "go.work", "go 1.26\n\nuse ./patched\n")
	write(t, fx.dir, "README.md", "# Styringsdata\n")
	fx.commit("Kari Nordmann", "kari.nordmann@example.org", "Tooling")
	res := fx.check("kari-nordmann", false)
	for _, f := range []string{"go.work", "README.md"} {
		d := findSev(res.Diags, "ownership", f, diag.Error)
		if d == nil || !strings.Contains(d.Message.EN, "the toolkit's maintainers (governance.yaml) may: Lise Berg (@lise-berg)") {
			t.Errorf("the leader's change to %s was not refused for the maintainers: %+v", f, d)
		}
	}
	if res := fx.check("lise-berg", false); res.Failed() {
		t.Errorf("a maintainer's change to the toolkit was refused: %+v", res.Diags)
	}
}

// A commit in the pull request authored in the name of another known person
// who may not change its files is a warning at that commit, unless someone
// who may change them approved.
func TestCommitInAnothersName(t *testing.T) {
	fx := newFixture(t)
	fx.edit("centers/kre/center.yaml", "short_name: SEPREK", "short_name: SEPREK-OUS")
	fx.commit("Geir Lund", "Geir.Lund@example.org", "Rename SEPREK")
	// Kari, kre's leader, opens the pull request with Geir's name on it.
	res := fx.check("kari-nordmann", false)
	d := findSev(res.Diags, "ownership", "centers/kre/center.yaml", diag.Warning)
	if d == nil || !strings.Contains(d.Message.EN, "is authored in the name of Geir Lund <Geir.Lund@example.org>, not by the pull request's author @kari-nordmann, and Geir Lund may not change centers/kre/center.yaml") {
		t.Fatalf("a commit in another's name was not reported: %+v", res.Diags)
	}
	if !strings.HasPrefix(d.Message.EN, "commit "+fx.head()[:7]) {
		t.Errorf("the finding does not name the commit %s: %s", fx.head()[:7], d.Message.EN)
	}
	if res.Failed() {
		t.Errorf("a warning failed the gate without --strict: %+v", res.Diags)
	}
	// With --strict it is an error, as every other warning.
	strict := fx.run(Options{Actor: "kari-nordmann", Validate: validate.Options{Strict: true}})
	if d := findSev(strict.Diags, "ownership", "centers/kre/center.yaml", diag.Error); d == nil || !strict.Failed() {
		t.Errorf("--strict did not make the commit warning an error: %+v", strict.Diags)
	}
	// A board member's approval of the head settles it.
	res = fx.run(Options{Actor: "kari-nordmann", Reviews: []review.Review{approval("ola-nordmann", "APPROVED", fx.head(), "2025-06-02T10:00:00Z")}})
	if d := find(res.Diags, "ownership", "centers/kre/center.yaml"); d != nil {
		t.Errorf("the commit warning stayed after an owner approved: %s", d.Message.EN)
	}
}

// The change rules are judged by the engine: a severity override and a
// waiver reach the theme change as any other finding, while ownership can
// be neither lowered nor waived, and the schema says why.
func TestChangeRulesInTheEngine(t *testing.T) {
	fx := newFixture(t)
	fx.edit("centers/kre/center.yaml", "theme: cancer", "theme: rare-diseases")
	fx.edit("governance.yaml", "severity: {}", "severity: {change-decision: warning, ownership: warning}")
	write(t, fx.dir, "committee/decisions/PMU-2025-09.md", "---\nid: PMU-2025-09\ndate: 2025-06-01\nmeeting: 2024-06-20\ntitle: Unntak\ntype: waiver\ncenters: [kre]\nwaivers:\n  - {rule: ownership, center: kre, until: 2026-12-31}\n---\nVedtatt.\n")
	fx.commit("Kari Nordmann", "kari.nordmann@example.org", "Theme, and no more ownership")
	res := fx.check("kari-nordmann", false)
	if d := find(res.Diags, "change-decision", "centers/kre/center.yaml"); d == nil || d.Severity != diag.Warning || !strings.Contains(d.Message.EN, "has no PM committee decision") {
		t.Errorf("severity: {change-decision: warning} did not reach the theme change: %+v", d)
	}
	for _, f := range []string{"governance.yaml", "committee/decisions/PMU-2025-09.md"} {
		if d := findSev(res.Diags, "ownership", f, diag.Error); d == nil {
			t.Errorf("ownership of %s was lowered or waived: %+v", f, res.Diags)
		}
	}
	var why []string
	for _, d := range res.Diags {
		if d.Rule == "schema" && strings.Contains(d.Hint.EN, "ownership is the boundary of who may change what; it cannot be lowered, turned off or waived") {
			why = append(why, d.Pos.String())
		}
	}
	if len(why) != 2 {
		t.Errorf("the schema's refusals with the reason: %v, want the override and the waiver", why)
	}
}

// A base file whose git object is missing (a partial clone, a damaged
// repository) stops the gate: read as absent, the center would lose its
// owners and its files fall to another area.
func TestUnreadableBaseFailsClosed(t *testing.T) {
	fx := newFixture(t)
	base, err := fx.repo.ResolveRevision(plumbing.Revision(fx.base))
	if err != nil {
		t.Fatal(err)
	}
	c, err := fx.repo.CommitObject(*base)
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.File("centers/kre/center.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// The head changes the file, so the base's own bytes must be read.
	fx.edit("centers/kre/center.yaml", "short_name: SEPREK", "short_name: SEPREK-OUS")
	fx.commit("Geir Lund", "geir.lund@example.org", "Rename SEPREK")
	obj := filepath.Join(fx.dir, ".git", "objects", f.Hash.String()[:2], f.Hash.String()[2:])
	if err := os.Remove(obj); err != nil {
		t.Fatalf("removing the base's object: %v", err)
	}
	h, err := history.Open(fx.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	res, err := Check(h, Options{Base: fx.base, Actor: "geir-lund", Validate: validate.Options{AsOf: asOf}})
	if err == nil {
		t.Fatalf("the gate judged a base it could not read: %+v", res.Diags)
	}
	if !strings.Contains(err.Error(), "centers/kre/center.yaml") || !strings.Contains(err.Error(), "--refetch") {
		t.Errorf("the error does not name the file and how to get every object: %v", err)
	}
}

// The kre leader extends term 2 to 2035 and replaces a board member in her
// own pull request, with CODEOWNERS regenerated: refused at the term and at the
// board. With the committee's decision added by the secretariat to the same
// pull request, and the secretariat's approval of the head for that file,
// the same change passes.
func TestChangeDecision(t *testing.T) {
	fx := newFixture(t)
	fx.edit("centers/kre/center.yaml", "  - {start: 2024-09-01, end: 2027-08-31, after_evaluation: term-1, decision: PMU-2024-05}",
		"  - {start: 2024-09-01, end: 2035-08-31, after_evaluation: term-1, decision: PMU-2024-05}")
	fx.edit("centers/kre/center.yaml", "  - {person: ola.nordmann, role: member, competences: [diagnostics]}\n", "  - {person: geir.lund, role: member, competences: [diagnostics]}\n")
	write(t, fx.dir, ownership.CodeownersPath, string(ownership.CODEOWNERS(validate.Run(os.DirFS(fx.dir), validate.Options{AsOf: asOf}).Repo)))
	fx.commit("Kari Nordmann", "kari.nordmann@example.org", "Lengre periode, nytt styremedlem")
	res := fx.check("kari-nordmann", false)
	var got []string
	for _, d := range res.Diags {
		if d.Rule == "change-decision" || d.Rule == "term" {
			got = append(got, fmt.Sprintf("%s %s %s", d.Pos, d.Rule, d.Message.EN))
		}
	}
	want := []string{
		"centers/kre/center.yaml:13:5 change-decision the change to the terms (terms) of kre has no PM committee decision: no decision that extends or changes a term (extend-term) or evaluates a term (evaluation) and names kre was added in this pull request or taken after centers/kre/center.yaml last changed",
		"centers/kre/center.yaml:13:30 term term 2 ends on 2035-08-31, but the decision PMU-2024-05 that started it says it runs up to and including 2027-08-31 (term_end)",
		"centers/kre/center.yaml:16:5 change-decision the change to the board (board) of kre has no PM committee decision: no decision that changes a board (change-board) or approves an internal organisation (approve-organisation) and names kre was added in this pull request or taken after centers/kre/center.yaml last changed",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !res.Failed() {
		t.Fatal("the leader's own extension passed")
	}

	// The committee decides on a third term; the secretariat writes the
	// decisions into the pull request, and the new term cites its own (a
	// decision cannot lengthen a term that began before it).
	write(t, fx.dir, "committee/decisions/PMU-2025-09.md", "---\nid: PMU-2025-09\ndate: 2025-06-10\ntitle: Forlengelse og ny ledergruppe for SEPREK\ntype: extend-term\ncenters: [kre]\nterm_end: 2035-08-31\n---\nVedtatt.\n")
	write(t, fx.dir, "committee/decisions/PMU-2025-10.md", "---\nid: PMU-2025-10\ndate: 2025-06-10\ntitle: Ny ledergruppe for SEPREK\ntype: change-board\ncenters: [kre]\n---\nVedtatt.\n")
	fx.commit("Lise Berg", "lise.berg@example.org", "Vedtak PMU-2025-09 og PMU-2025-10")
	fx.edit("centers/kre/center.yaml", "  - {start: 2024-09-01, end: 2035-08-31, after_evaluation: term-1, decision: PMU-2024-05}",
		"  - {start: 2024-09-01, end: 2027-08-31, after_evaluation: term-1, decision: PMU-2024-05}\n  - {start: 2027-09-01, end: 2035-08-31, decision: PMU-2025-09}")
	fx.commit("Kari Nordmann", "kari.nordmann@example.org", "En tredje periode etter vedtaket")
	res = fx.run(Options{Actor: "kari-nordmann", Reviews: []review.Review{approval("lise-berg", "APPROVED", fx.head(), "2025-06-12T10:00:00Z")}})
	if res.Failed() {
		t.Errorf("the change with its decisions was refused: %+v", res.Diags)
	}
	// Without the secretariat's approval the decision files are refused.
	res = fx.check("kari-nordmann", false)
	if d := findSev(res.Diags, "ownership", "committee/decisions/PMU-2025-09.md", diag.Error); d == nil {
		t.Errorf("the leader's pull request added a decision without the secretariat: %+v", res.Diags)
	}
}
