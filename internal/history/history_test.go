package history

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ous-pm/pmgov/internal/load"
)

// governanceRepo is a governance repository kept in the folder gov/ of a git
// repository, built with several authors, a branch merged back with a
// conflict resolved in the merge, a rename, a deleted file, a folder that
// became a file, a mode change, a commit dated before its parent and
// symbolic links.
type governanceRepo struct {
	*testRepo
	c1, c2, c3, c4, c5, c6, merge, c8, c9 plumbing.Hash
}

func buildGovernanceRepo(t *testing.T) *governanceRepo {
	r := &governanceRepo{testRepo: newTestRepo(t)}
	r.write("README.md", "r1\n")
	r.write("gov/governance.yaml", "version: 1\n")
	r.write("gov/centers/a/center.yaml", "name: A1\n")
	r.write("gov/centers/b/center.yaml", "name: B1\n")
	r.write("gov/centers/b/education.yaml/old.yaml", "was a folder\n")
	r.write("gov/centers/a/reports/2025-T1.md", "report\n")
	r.write("gov/org/people.yaml", "people: []\n")
	r.write("gov/org/units.yaml", "units: []\n")
	r.write("gov/committee/meetings/2025-01-01.md", "# Meeting\n")
	r.c1 = r.commit("Alice Berg", "Start the governance repository")

	r.write("gov/centers/a/center.yaml", "name: A2\n")
	r.c2 = r.commit("Bob Dahl", "Center A: new name\n\nLonger explanation.")

	r.checkout("feature", true)
	r.write("gov/centers/b/center.yaml", "name: B2\n")
	r.write("gov/centers/c/center.yaml", "name: C1\n")
	r.c3 = r.commit("Carol Eide", "Add center C; rename B")
	r.write("gov/centers/a/center.yaml", "name: A3 feature\n")
	r.write("gov/committee/decisions/D-1.md", "same on both sides\n")
	r.c4 = r.commit("Carol Eide", "Rename A on the branch")

	r.checkout("master", false)
	r.write("gov/org/people.yaml", "people: [kari]\n")
	r.remove("gov/committee/meetings/2025-01-01.md")
	r.write("gov/committee/meetings/2025-01-08.md", "# Meeting\n") // a rename
	r.remove("gov/centers/a/reports")
	r.write("gov/committee/decisions/D-1.md", "same on both sides\n")
	r.write("gov/centers/a/center.yaml", "name: A3 main\n")
	r.c5 = r.commit("Alice Berg", "People, meeting moved, report removed")

	// go-git's add cannot replace a folder by a file in one step; drop the
	// folder from the index first.
	if _, err := r.wt.Remove("gov/centers/b/education.yaml/old.yaml"); err != nil {
		t.Fatal(err)
	}
	r.remove("gov/centers/b/education.yaml")
	r.write("gov/centers/b/education.yaml", "courses: []\n")
	if err := os.Chmod(filepath.Join(r.dir, "gov/org/units.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	r.c6 = r.commit("Bob Dahl", "Education becomes a file; units executable")

	// The merge: the branch's files come in, and center A gets a third
	// text that neither side had.
	r.write("gov/centers/b/center.yaml", "name: B2\n")
	r.write("gov/centers/c/center.yaml", "name: C1\n")
	r.write("gov/centers/a/center.yaml", "name: A3 merged\n")
	r.merge = r.commit("Dave Foss", "Merge branch 'feature'", r.c6, r.c4)

	r.write("gov/governance.yaml", "version: 2\n")
	r.write("README.md", "r2\n")
	r.symlink("../a/center.yaml", "gov/centers/c/education.yaml")
	r.symlink("../../../../README.md", "gov/centers/c/strategy-2025-2028.md")
	r.symlink("c", "gov/centers/d")
	r.c8 = r.commit("Bob Dahl", "Governance v2; links")

	// A commit whose date lies before its parent's, as a skewed clock
	// makes them.
	r.write("gov/committee/meetings/2025-01-08.md", "# Meeting, corrected\n")
	r.c9 = r.commitAt("Erin Gran", "Correct the minutes", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	return r
}

// checkAgainstGit asserts that LastChanges at rev names, for every file of
// the data folder, the commit git log -1 names.
func checkAgainstGit(t *testing.T, h *Repo, gitDir, rev string) map[string]Change {
	t.Helper()
	got, err := h.LastChanges(rev)
	if err != nil {
		t.Fatalf("LastChanges(%s): %v", rev, err)
	}
	prefix := ""
	args := []string{"ls-tree", "-r", "--name-only", rev}
	if h.DataRoot() != "" {
		prefix = h.DataRoot() + "/"
		args = append(args, "--", h.DataRoot())
	}
	var want []string
	for _, p := range strings.Split(gitOut(t, gitDir, args...), "\n") {
		if p != "" {
			want = append(want, strings.TrimPrefix(p, prefix))
		}
	}
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Fatalf("LastChanges(%s) files:\n got %q\nwant %q", rev, keys, want)
	}
	for _, f := range want {
		hash := gitOut(t, gitDir, "log", "-1", "--format=%H", rev, "--", prefix+f)
		if got[f].Hash != hash {
			t.Errorf("LastChanges(%s)[%s] = %s (%s), git log -1 says %s", rev, f, short(got[f].Hash), got[f].Subject, short(hash))
		}
	}
	return got
}

func short(h string) string { return h[:min(len(h), 10)] }

func TestLastChangesMatchesGitLog(t *testing.T) {
	r := buildGovernanceRepo(t)
	sub := openRepo(t, filepath.Join(r.dir, "gov"))
	if sub.DataRoot() != "gov" || !sub.HasGit() || sub.Shallow() || len(sub.Notes()) != 0 {
		t.Fatalf("Open(gov): root %q, git %v, shallow %v, notes %v", sub.DataRoot(), sub.HasGit(), sub.Shallow(), sub.Notes())
	}
	got := checkAgainstGit(t, sub, r.dir, "HEAD")

	// Beyond agreeing with git, the answers are the ones a reader expects.
	expect := map[string]plumbing.Hash{
		"centers/a/center.yaml":            r.merge, // resolved in the merge
		"centers/b/center.yaml":            r.c3,    // changed only on the merged branch
		"centers/c/center.yaml":            r.c3,
		"committee/decisions/D-1.md":       r.c5, // same on both sides: the first parent's commit
		"centers/b/education.yaml":         r.c6, // a folder that became a file
		"org/units.yaml":                   r.c6, // only the executable bit changed
		"committee/meetings/2025-01-08.md": r.c9,
		"governance.yaml":                  r.c8,
		"org/people.yaml":                  r.c5,
		"centers/c/education.yaml":         r.c8,
		"centers/c/strategy-2025-2028.md":  r.c8,
	}
	for f, h := range expect {
		if got[f].Hash != h.String() {
			t.Errorf("%s: last change %s (%q), want %s", f, short(got[f].Hash), got[f].Subject, short(h.String()))
		}
	}
	if c := got["centers/a/center.yaml"]; c.Author != "Dave Foss" || c.Email != "dave.foss@ous.example" || c.Subject != "Merge branch 'feature'" || c.Truncated {
		t.Errorf("merge change = %+v", c)
	}
	if c := got["centers/b/center.yaml"]; c.Author != "Carol Eide" || !c.Date.Equal(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("branch change = %+v", c)
	}
	if _, ok := got["centers/a/reports/2025-T1.md"]; ok {
		t.Error("a deleted file has a last change")
	}

	// The whole repository, and older revisions, abbreviated hashes,
	// branches and relative revisions.
	top := openRepo(t, r.dir)
	if top.DataRoot() != "" {
		t.Fatalf("Open(top) data root %q", top.DataRoot())
	}
	all := checkAgainstGit(t, top, r.dir, "HEAD")
	if all["README.md"].Hash != r.c8.String() {
		t.Errorf("README.md: %+v", all["README.md"])
	}
	sig := &object.Signature{Name: "Alice Berg", Email: "alice.berg@ous.example", When: r.when}
	if _, err := r.repo.CreateTag("v1", r.c5, &git.CreateTagOptions{Message: "Release 1", Tagger: sig}); err != nil {
		t.Fatal(err)
	}
	for _, rev := range []string{"v1", "HEAD~1", "HEAD~2", "HEAD~2^2", "HEAD^1~3", "feature", r.c5.String()[:7], r.c1.String()} {
		checkAgainstGit(t, sub, r.dir, rev)
	}
	if c := sub.subjectOf(t, r.c2); c != "Center A: new name" {
		t.Errorf("subject %q", c)
	}
}

func (r *Repo) subjectOf(t *testing.T, h plumbing.Hash) string {
	t.Helper()
	c, err := r.commit(h)
	if err != nil {
		t.Fatal(err)
	}
	return subject(c.Message)
}

func TestRevisionAt(t *testing.T) {
	r := buildGovernanceRepo(t)
	h := openRepo(t, r.dir)
	for _, at := range []time.Time{
		time.Date(2025, 3, 1, 13, 30, 0, 0, time.UTC), // while the branch was open
		time.Date(2025, 3, 1, 16, 0, 0, 0, time.UTC),  // the merge itself
		time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC),  // the first commit
		time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),   // after everything
	} {
		// HEAD~1: HEAD itself is dated 2024 (a skewed clock), and git
		// takes such a tip for every later date too.
		for _, rev := range []string{"HEAD", "HEAD~1"} {
			got, err := h.RevisionAt(rev, at)
			want := gitOut(t, r.dir, "rev-list", "-1", "--first-parent", "--before="+at.Format(time.RFC3339), rev)
			if err != nil || got != want {
				t.Errorf("RevisionAt(%s, %s) = %s, %v; git says %s", rev, at, got, err, want)
			}
		}
	}
	if got, err := h.RevisionAt("HEAD~1", time.Date(2025, 3, 1, 13, 30, 0, 0, time.UTC)); got != r.c2.String() || err != nil {
		t.Errorf("RevisionAt during the branch = %s, want master's c2", got)
	}
	if _, err := h.RevisionAt("HEAD~1", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrNoRevision) {
		t.Errorf("before the first commit: %v", err)
	}
}

func TestResolveLikeGit(t *testing.T) {
	r := buildGovernanceRepo(t)
	sig := &object.Signature{Name: "Alice Berg", Email: "alice.berg@ous.example", When: r.when}
	if _, err := r.repo.CreateTag("v1", r.c5, &git.CreateTagOptions{Message: "Release 1", Tagger: sig}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.repo.CreateTag("light", r.c2, nil); err != nil {
		t.Fatal(err)
	}
	if err := r.repo.Storer.SetReference(plumbing.NewHashReference("refs/remotes/origin/main", r.c8)); err != nil {
		t.Fatal(err)
	}
	h := openRepo(t, r.dir)
	for _, rev := range []string{"HEAD", "master", "feature", "v1", "light", "origin/main", "refs/heads/feature",
		r.c4.String(), r.c4.String()[:7], "HEAD~1", "HEAD~2^2", "HEAD~2^2~1", "master^", "HEAD^0", "v1~1"} {
		got, err := h.Resolve(rev)
		want := gitOut(t, r.dir, "rev-parse", rev+"^{commit}")
		if err != nil || got != want {
			t.Errorf("Resolve(%q) = %s, %v; git rev-parse says %s", rev, got, err, want)
		}
	}
	for _, rev := range []string{"nope", "HEAD~99", "HEAD^3", "v1^{tree}x"} {
		if got, err := h.Resolve(rev); err == nil {
			t.Errorf("Resolve(%q) = %s, want an error", rev, got)
		}
	}
}

func TestSubjectLikeGit(t *testing.T) {
	for msg, want := range map[string]string{
		"One line":                      "One line",
		"One line\n":                    "One line",
		"\n\nAfter blanks  \n\nbody":    "After blanks",
		"Two lines\nof subject\n\nbody": "Two lines of subject",
		"Trailing  \t\n  indented":      "Trailing   indented",
		"":                              "",
	} {
		if got := subject(msg); got != want {
			t.Errorf("subject(%q) = %q, want %q", msg, got, want)
		}
	}
}

func TestFSReproducesOldState(t *testing.T) {
	r := buildGovernanceRepo(t)
	h := openRepo(t, filepath.Join(r.dir, "gov"))

	old, err := h.FS(r.c2.String()[:8])
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(old, "centers/a/center.yaml"); err != nil || string(b) != "name: A2\n" {
		t.Errorf("centers/a/center.yaml at c2 = %q, %v", b, err)
	}
	if _, err := fs.Stat(old, "centers/c"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("centers/c at c2: %v, want not exist", err)
	}
	var files []string
	fs.WalkDir(old, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	var want []string
	for _, p := range strings.Split(gitOut(t, r.dir, "ls-tree", "-r", "--name-only", r.c2.String(), "--", "gov"), "\n") {
		want = append(want, strings.TrimPrefix(p, "gov/"))
	}
	slices.Sort(want)
	if !slices.Equal(files, want) {
		t.Errorf("files at c2:\n got %q\nwant %q", files, want)
	}
	if err := fstest.TestFS(old, want...); err != nil {
		t.Error(err)
	}

	// At HEAD the tree read from git objects loads exactly as the work tree.
	cur, err := h.FS("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	fromGit, fromDisk := load.Load(cur), load.Load(h.WorkFS())
	if len(fromGit.Docs) == 0 || fromGit.Files != fromDisk.Files {
		t.Fatalf("loaded %d docs from git, %d files; %d from disk", len(fromGit.Docs), fromGit.Files, fromDisk.Files)
	}
	for i, d := range fromGit.Docs {
		if d.Path != fromDisk.Docs[i].Path || !reflect.DeepEqual(fromGit.Sources[d.Path], fromDisk.Sources[d.Path]) {
			t.Errorf("doc %d: %s from git, %s from disk", i, d.Path, fromDisk.Docs[i].Path)
		}
	}
	if !reflect.DeepEqual(fromGit.Diags, fromDisk.Diags) {
		t.Errorf("diagnostics differ:\ngit  %v\ndisk %v", fromGit.Diags, fromDisk.Diags)
	}
	// The escaping link is refused by the loader in both.
	found := false
	for _, d := range fromGit.Diags {
		found = found || d.Pos.File == "centers/c/strategy-2025-2028.md" && d.Rule == "limits"
	}
	if !found {
		t.Errorf("no limits diagnostic for the escaping link: %v", fromGit.Diags)
	}

	// Symbolic links: seen as links, read through when they stay inside.
	info, err := fs.Lstat(cur, "centers/c/education.yaml")
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("Lstat link: %v %v", info, err)
	}
	if target, err := fs.ReadLink(cur, "centers/c/education.yaml"); err != nil || target != "../a/center.yaml" {
		t.Errorf("ReadLink = %q, %v", target, err)
	}
	if b, err := fs.ReadFile(cur, "centers/c/education.yaml"); err != nil || string(b) != "name: A3 merged\n" {
		t.Errorf("read through link = %q, %v", b, err)
	}
	if _, err := fs.ReadFile(cur, "centers/c/strategy-2025-2028.md"); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("reading a link out of the data folder: %v", err)
	}
	if b, err := fs.ReadFile(cur, "centers/d/center.yaml"); err != nil || string(b) != "name: C1\n" {
		t.Errorf("read through a folder link = %q, %v", b, err)
	}
	if es, err := fs.ReadDir(cur, "centers/d"); err != nil || len(es) != 3 || es[0].Name() != "center.yaml" {
		t.Errorf("ReadDir through a folder link = %v, %v", es, err)
	}
	if info, err := fs.Lstat(cur, "centers/d"); err != nil || info.Mode().Type() != fs.ModeSymlink {
		t.Errorf("Lstat folder link = %v, %v", info, err)
	}
	if info, err := fs.Stat(cur, "centers/d"); err != nil || !info.IsDir() {
		t.Errorf("Stat folder link = %v, %v", info, err)
	}
	if info, err := fs.Stat(cur, "org/units.yaml"); err != nil || info.Mode() != 0o555 || info.Size() != int64(len("units: []\n")) {
		t.Errorf("Stat executable: %v %v", info, err)
	}
	if _, err := fs.ReadLink(cur, "governance.yaml"); err == nil {
		t.Error("ReadLink of a plain file succeeded")
	}
	if _, err := fs.Stat(cur, "../README.md"); err == nil {
		t.Error("a path out of the FS was accepted")
	}
	// The work tree FS offers the same interfaces.
	var _ fs.ReadLinkFS = h.WorkFS().(fs.ReadLinkFS)

	// Without the escaping link, the tree passes the standard file system
	// checks, the link inside included.
	r.remove("gov/centers/c/strategy-2025-2028.md")
	r.commit("Bob Dahl", "Drop the escaping link")
	cur, err = h.FS("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(cur, "governance.yaml", "centers/c/education.yaml", "org/units.yaml"); err != nil {
		t.Error(err)
	}
}

func TestChangedFilesAndCommits(t *testing.T) {
	r := buildGovernanceRepo(t)
	h := openRepo(t, filepath.Join(r.dir, "gov"))

	// A pull request branch from c2 that renames and deletes, then merges
	// master in: only its own changes count.
	r.checkout("pr", true)
	if err := r.wt.Reset(&git.ResetOptions{Commit: r.c2, Mode: git.HardReset}); err != nil {
		t.Fatal(err)
	}
	r.remove("gov/org/people.yaml")
	r.write("gov/org/persons.yaml", "people: []\n") // rename
	r.write("README.md", "outside the data folder\n")
	pr1 := r.commit("Frank Haug", "Rename people")
	// Merge master into the branch: master's tree plus the branch's change.
	if err := r.wt.Reset(&git.ResetOptions{Commit: r.c9, Mode: git.HardReset}); err != nil {
		t.Fatal(err)
	}
	r.remove("gov/org/people.yaml")
	r.write("gov/org/persons.yaml", "people: [kari]\n")
	r.write("README.md", "outside the data folder\n")
	r.commit("Frank Haug", "Merge master into pr", pr1, r.c9)
	r.write("gov/centers/b/center.yaml", "name: B3\n")
	r.commit("Gro Iversen", "Center B renamed again")

	got, err := h.ChangedFiles("master")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range strings.Split(gitOut(t, r.dir, "diff", "--no-renames", "--name-only", "master...HEAD", "--", "gov"), "\n") {
		want = append(want, strings.TrimPrefix(p, "gov/"))
	}
	slices.Sort(want)
	if !slices.Equal(got, want) || !slices.Equal(got, []string{"centers/b/center.yaml", "org/people.yaml", "org/persons.yaml"}) {
		t.Errorf("ChangedFiles(master) = %q, git says %q", got, want)
	}
	top := openRepo(t, r.dir)
	if got, err := top.ChangedFiles("master"); err != nil || !slices.Contains(got, "README.md") {
		t.Errorf("ChangedFiles from the top = %q, %v", got, err)
	}

	commits, err := h.Commits("master")
	if err != nil {
		t.Fatal(err)
	}
	var hashes []string
	for _, c := range commits {
		hashes = append(hashes, c.Hash)
	}
	wantLog := strings.Split(gitOut(t, r.dir, "log", "--format=%H", "master..HEAD"), "\n")
	slices.Sort(hashes)
	slices.Sort(wantLog)
	if !slices.Equal(hashes, wantLog) || len(commits) != 3 {
		t.Errorf("Commits(master) = %q, git log says %q", hashes, wantLog)
	}
	authors := map[string]bool{}
	for _, c := range commits {
		authors[c.Author+" <"+c.Email+">"] = true
	}
	if !authors["Frank Haug <frank.haug@ous.example>"] || !authors["Gro Iversen <gro.iversen@ous.example>"] || len(authors) != 2 {
		t.Errorf("authors %v", authors)
	}

	// From the feature branch: what it brought before the merge.
	got, err = h.ChangedFiles("feature")
	if err != nil {
		t.Fatal(err)
	}
	want = nil
	for _, p := range strings.Split(gitOut(t, r.dir, "diff", "--no-renames", "--name-only", "feature...HEAD", "--", "gov"), "\n") {
		want = append(want, strings.TrimPrefix(p, "gov/"))
	}
	if !slices.Equal(got, want) {
		t.Errorf("ChangedFiles(feature) = %q, git says %q", got, want)
	}
	for _, rev := range []string{"HEAD", "HEAD~1"} {
		got, err := h.ChangedFiles(rev)
		if err != nil {
			t.Fatal(err)
		}
		if rev == "HEAD" && len(got) != 0 || rev == "HEAD~1" && !slices.Equal(got, []string{"centers/b/center.yaml"}) {
			t.Errorf("ChangedFiles(%s) = %q", rev, got)
		}
	}
	if _, err := h.ChangedFiles("no-such-branch"); err == nil || !strings.Contains(err.Error(), "no-such-branch") {
		t.Errorf("unknown base: %v", err)
	}
}

func TestShallowClone(t *testing.T) {
	needGit(t)
	r := buildGovernanceRepo(t)
	// A pull request branch with one change on top of master.
	r.checkout("pr", true)
	r.write("gov/centers/b/center.yaml", "name: B3\n")
	r.commit("Gro Iversen", "Center B renamed again")

	dst := t.TempDir()
	clone, err := git.PlainClone(dst, false, &git.CloneOptions{
		URL: "file://" + r.dir, Depth: 1, ReferenceName: plumbing.NewBranchReferenceName("pr"), SingleBranch: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	h := openRepo(t, filepath.Join(dst, "gov"))
	if !h.Shallow() || len(h.Notes()) != 1 {
		t.Fatalf("shallow %v, notes %v", h.Shallow(), h.Notes())
	}
	note := h.Notes()[0]
	headHash := gitOut(t, dst, "rev-parse", "HEAD")
	if !strings.Contains(note.EN, headHash[:12]) || !strings.Contains(note.EN, "fetch-depth: 0") || !strings.Contains(note.NB, "fetch-depth: 0") {
		t.Errorf("note = %+v", note)
	}
	got := checkAgainstGit(t, h, dst, "HEAD")
	for f, c := range got {
		if !c.Truncated || c.Hash != headHash {
			t.Errorf("%s: %+v, want truncated at the cut", f, c)
		}
	}

	checkRecentAgainstGit(t, h, dst, "HEAD", []string{"centers/b", "org", "no/such"}, 0)
	if rc, err := h.RecentChanges("HEAD", []string{"centers/b"}, 5); err != nil || len(rc["centers/b"]) != 1 || !rc["centers/b"][0].Truncated {
		t.Errorf("RecentChanges in a shallow clone = %+v, %v", rc, err)
	}

	if _, err := h.RevisionAt("HEAD", time.Date(2025, 3, 1, 11, 0, 0, 0, time.UTC)); !errors.As(err, new(*FetchError)) {
		t.Errorf("RevisionAt beyond the cut: %v", err)
	}

	// The base is not fetched: say how to fetch it.
	var fe *FetchError
	if _, err := h.ChangedFiles("origin/master"); !errors.As(err, &fe) || !strings.Contains(fe.Text.EN, "git fetch origin master") || !strings.Contains(fe.Text.NB, "git fetch origin master") {
		t.Errorf("ChangedFiles without the base: %v", err)
	}
	// The base fetched at depth 1: both tips are there, their merge base
	// is not.
	err = clone.Fetch(&git.FetchOptions{
		RefSpecs: []config.RefSpec{"+refs/heads/master:refs/remotes/origin/master"}, Depth: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	h2 := openRepo(t, filepath.Join(dst, "gov"))
	_, err = h2.ChangedFiles("origin/master")
	if !errors.Is(err, ErrBaseNotFetched) || !errors.As(err, &fe) || !strings.Contains(fe.Text.EN, "fetch-depth: 0") || !strings.Contains(fe.Text.NB, "--deepen") {
		t.Errorf("ChangedFiles without the merge base: %v", err)
	}
	if _, err := h2.Commits("origin/master"); !errors.Is(err, ErrBaseNotFetched) {
		t.Errorf("Commits without the merge base: %v", err)
	}
	// Deepened enough, it works.
	gitOut(t, dst, "fetch", "--deepen=2", "origin", "+refs/heads/pr:refs/remotes/origin/pr", "+refs/heads/master:refs/remotes/origin/master")
	h3 := openRepo(t, filepath.Join(dst, "gov"))
	files, err := h3.ChangedFiles("origin/master")
	if err != nil || !slices.Equal(files, []string{"centers/b/center.yaml"}) {
		t.Errorf("ChangedFiles after deepening = %q, %v", files, err)
	}
	checkAgainstGit(t, h3, dst, "HEAD")
}

func TestNoCommitsYet(t *testing.T) {
	dir := t.TempDir()
	if _, err := git.PlainInit(dir, false); err != nil {
		t.Fatal(err)
	}
	h := openRepo(t, dir)
	if !h.HasGit() || len(h.Notes()) != 1 || !strings.Contains(h.Notes()[0].EN, "no commits yet") {
		t.Fatalf("git %v notes %v", h.HasGit(), h.Notes())
	}
	if m, err := h.LastChanges("HEAD"); err != nil || len(m) != 0 {
		t.Errorf("LastChanges = %v, %v", m, err)
	}
}

func TestPlainFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "governance.yaml"), []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := openRepo(t, dir)
	if h.HasGit() || len(h.Notes()) != 1 || !strings.Contains(h.Notes()[0].EN, "not inside a git repository") || h.Notes()[0].NB == "" {
		t.Fatalf("plain folder: git %v notes %v", h.HasGit(), h.Notes())
	}
	if _, err := h.LastChanges("HEAD"); !errors.Is(err, ErrNoGit) {
		t.Errorf("LastChanges: %v", err)
	}
	if _, err := h.FS("HEAD"); !errors.Is(err, ErrNoGit) {
		t.Errorf("FS: %v", err)
	}
	if _, err := h.ChangedFiles("main"); !errors.Is(err, ErrNoGit) {
		t.Errorf("ChangedFiles: %v", err)
	}
	if b, err := fs.ReadFile(h.WorkFS(), "governance.yaml"); err != nil || string(b) != "version: 1\n" {
		t.Errorf("WorkFS: %q %v", b, err)
	}
	if _, err := Open(filepath.Join(dir, "governance.yaml")); err == nil {
		t.Error("Open of a file succeeded")
	}
}

// TestLastChangesGeneratedMatchesGit checks the walk on a generated history
// with many merged side branches, renames, deletions and skewed dates,
// file by file against git, at HEAD and at older revisions.
func TestLastChangesGeneratedMatchesGit(t *testing.T) {
	needGit(t)
	dir := t.TempDir()
	if _, err := generate(dir, genOptions{Commits: 400, Files: 60, Seed: 7, Branch: true, Skew: true}); err != nil {
		t.Fatal(err)
	}
	h := openRepo(t, dir)
	merges := strings.Fields(gitOut(t, dir, "rev-list", "--merges", "HEAD"))
	if len(merges) < 5 {
		t.Fatalf("only %d merges generated", len(merges))
	}
	for _, rev := range []string{"HEAD", "HEAD~37", merges[len(merges)/2] + "^2", merges[0]} {
		checkAgainstGit(t, h, dir, rev)
	}
}

// checkRecentAgainstGit asserts that RecentChanges lists, for every path, the
// commits git log -n lists, in git's order.
func checkRecentAgainstGit(t *testing.T, h *Repo, gitDir, rev string, paths []string, n int) {
	t.Helper()
	got, err := h.RecentChanges(rev, paths, n)
	if err != nil {
		t.Fatalf("RecentChanges(%s): %v", rev, err)
	}
	prefix := ""
	if h.DataRoot() != "" {
		prefix = h.DataRoot() + "/"
	}
	for _, p := range paths {
		args := []string{"log", "--format=%H", rev}
		if n > 0 {
			args = append(args, fmt.Sprintf("-n%d", n))
		}
		want := strings.Fields(gitOut(t, gitDir, append(args, "--", prefix+p)...))
		var hashes []string
		for _, c := range got[p] {
			hashes = append(hashes, c.Hash)
		}
		if !slices.Equal(hashes, want) {
			t.Errorf("RecentChanges(%s, %d)[%s]:\n got %q\nwant %q", rev, n, p, hashes, want)
		}
	}
}

func TestRecentChangesMatchesGitLog(t *testing.T) {
	r := buildGovernanceRepo(t)
	h := openRepo(t, filepath.Join(r.dir, "gov"))
	paths := []string{"centers/a", "centers/b", "centers/c", "centers/d", "org", "committee", "governance.yaml", "no/such/folder"}
	for _, n := range []int{0, 1, 2, 3} {
		checkRecentAgainstGit(t, h, r.dir, "HEAD", paths, n)
	}
	checkRecentAgainstGit(t, h, r.dir, "feature", paths, 0)
	got, err := h.RecentChanges("HEAD", []string{"centers/b"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The folder took changes from both sides of the merge, so the merge
	// itself is a change of it.
	if b := got["centers/b"]; len(b) != 4 || b[0].Hash != r.merge.String() || b[1].Hash != r.c6.String() || b[2].Hash != r.c3.String() || b[2].Author != "Carol Eide" || b[3].Hash != r.c1.String() {
		t.Errorf("centers/b: %+v", got["centers/b"])
	}
	if _, err := h.RecentChanges("HEAD", []string{"centers", "centers/a"}, 1); err == nil {
		t.Error("nested paths accepted")
	}
	if _, err := h.RecentChanges("HEAD", []string{"../README.md"}, 1); err == nil {
		t.Error("a path out of the data folder accepted")
	}

	dir := t.TempDir()
	if _, err := generate(dir, genOptions{Commits: 400, Files: 60, Seed: 11, Branch: true, Skew: true}); err != nil {
		t.Fatal(err)
	}
	g := openRepo(t, dir)
	var folders []string
	for i := range 6 {
		folders = append(folders, fmt.Sprintf("centers/c%03d", i))
	}
	checkRecentAgainstGit(t, g, dir, "HEAD", append(folders, "governance.yaml"), 5)
	checkRecentAgainstGit(t, g, dir, "HEAD", folders[:3], 0)
}
