package history

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// ambiguityRepo has two commits; the remote-tracking branch origin/main
// names the second.
func ambiguityRepo(t *testing.T) (r *testRepo, c1, c2 plumbing.Hash) {
	r = newTestRepo(t)
	r.write("governance.yaml", "version: 1\n")
	c1 = r.commit("Alice Berg", "One")
	r.write("governance.yaml", "version: 2\n")
	c2 = r.commit("Alice Berg", "Two")
	r.setRef("refs/remotes/origin/main", c2)
	return r, c1, c2
}

func (r *testRepo) setRef(name string, h plumbing.Hash) {
	r.t.Helper()
	if err := r.repo.Storer.SetReference(plumbing.NewHashReference(plumbing.ReferenceName(name), h)); err != nil {
		r.t.Fatal(err)
	}
}

// wantAmbiguous checks that rev is refused with every candidate named, in
// both languages, and the way out.
func wantAmbiguous(t *testing.T, h *Repo, rev string, candidates ...string) {
	t.Helper()
	got, err := h.Resolve(rev)
	var ae *AmbiguousError
	if !errors.As(err, &ae) {
		t.Fatalf("Resolve(%q) = %s, %v; want an AmbiguousError", rev, got, err)
	}
	if !slices.Equal(ae.Candidates, candidates) {
		t.Errorf("Resolve(%q): candidates %q, want %q", rev, ae.Candidates, candidates)
	}
	for _, text := range []string{ae.Text.EN, ae.Text.NB, err.Error()} {
		for _, c := range candidates {
			if !strings.Contains(text, c) {
				t.Errorf("Resolve(%q): %q does not name %s", rev, text, c)
			}
		}
	}
	if !strings.Contains(ae.Text.EN, "full commit id") || !strings.Contains(ae.Text.NB, "full commit-id") {
		t.Errorf("Resolve(%q): %+v does not say what to pass instead", rev, ae.Text)
	}
}

func wantResolve(t *testing.T, h *Repo, rev string, want plumbing.Hash) {
	t.Helper()
	got, err := h.Resolve(rev)
	if err != nil || got != want.String() {
		t.Errorf("Resolve(%q) = %s, %v; want %s", rev, got, err, want)
	}
}

func TestResolveRefusesATagNamedLikeTheRemoteBranch(t *testing.T) {
	r, c1, c2 := ambiguityRepo(t)
	wantResolve(t, openRepo(t, r.dir), "origin/main", c2)

	r.setRef("refs/tags/origin/main", c1)
	h := openRepo(t, r.dir)
	wantAmbiguous(t, h, "origin/main", "refs/tags/origin/main", "refs/remotes/origin/main")
	// Whatever follows the name, the name is refused.
	wantAmbiguous(t, h, "origin/main~1", "refs/tags/origin/main", "refs/remotes/origin/main")
	wantAmbiguous(t, h, "origin/main^{commit}", "refs/tags/origin/main", "refs/remotes/origin/main")
	var ae *AmbiguousError
	_, err := h.Resolve("origin/main")
	if errors.As(err, &ae) && !strings.Contains(ae.Text.EN, "refs/remotes/origin/main") {
		t.Errorf("the way out does not name the remote branch: %s", ae.Text.EN)
	}
	// Full names and full commit ids stay unambiguous.
	wantResolve(t, h, "refs/remotes/origin/main", c2)
	wantResolve(t, h, "refs/tags/origin/main", c1)
	wantResolve(t, h, "refs/remotes/origin/main~1", c1)
	wantResolve(t, h, c2.String(), c2)
	// FS, ChangedFiles and Commits resolve the same way.
	if _, err := h.FS("origin/main"); !errors.As(err, &ae) {
		t.Errorf("FS(origin/main): %v, want an AmbiguousError", err)
	}
	if _, err := h.ChangedFiles("origin/main"); !errors.As(err, &ae) {
		t.Errorf("ChangedFiles(origin/main): %v, want an AmbiguousError", err)
	}
	if _, err := h.Commits("origin/main"); !errors.As(err, &ae) {
		t.Errorf("Commits(origin/main): %v, want an AmbiguousError", err)
	}
	if _, err := h.FS("refs/remotes/origin/main"); err != nil {
		t.Errorf("FS(refs/remotes/origin/main): %v", err)
	}
}

func TestResolveRefusesALocalBranchNamedLikeTheRemoteBranch(t *testing.T) {
	r, c1, c2 := ambiguityRepo(t)
	r.setRef("refs/heads/origin/main", c1)
	h := openRepo(t, r.dir)
	wantAmbiguous(t, h, "origin/main", "refs/heads/origin/main", "refs/remotes/origin/main")
	wantResolve(t, h, "refs/remotes/origin/main", c2)
	wantResolve(t, h, "refs/heads/origin/main", c1)
}

func TestResolveCommitIDs(t *testing.T) {
	r, c1, c2 := ambiguityRepo(t)
	// A branch named like a full commit id does not hide the commit.
	r.setRef("refs/heads/"+c1.String(), c2)
	h := openRepo(t, r.dir)
	wantResolve(t, h, c1.String(), c1)
	wantResolve(t, h, strings.ToUpper(c1.String()), c1)
	// An abbreviated id names its commit while no ref has that name.
	short := c1.String()[:7]
	wantResolve(t, h, short, c1)
	wantResolve(t, h, c1.String()[:9], c1)
	wantResolve(t, h, short+"~0", c1)

	r.setRef("refs/tags/"+short, c2)
	h = openRepo(t, r.dir)
	wantAmbiguous(t, h, short, "refs/tags/"+short, c1.String())
	wantResolve(t, h, c1.String(), c1)
	wantResolve(t, h, "refs/tags/"+short, c2)
	if _, err := h.Resolve("0000000"); err == nil || errors.As(err, new(*AmbiguousError)) {
		t.Errorf("Resolve of an abbreviated id nothing has: %v, want not found", err)
	}
}

func TestResolveHEADAndBranches(t *testing.T) {
	r, _, c2 := ambiguityRepo(t)
	h := openRepo(t, r.dir)
	for _, rev := range []string{"", "HEAD", "master", "refs/heads/master", "heads/master", "remotes/origin/main"} {
		wantResolve(t, h, rev, c2)
	}
}
