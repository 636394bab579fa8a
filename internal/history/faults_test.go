package history

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
)

// faultRepo is a small governance repository with two commits, made with
// go-git, so every object is a loose file.
func faultRepo(t *testing.T) (r *testRepo, c1, c2 plumbing.Hash) {
	r = newTestRepo(t)
	r.write("governance.yaml", "version: 1\n")
	r.write("centers/a/center.yaml", "name: A1\n")
	r.write("centers/b/center.yaml", "name: B1\n")
	c1 = r.commit("Alice Berg", "One")
	r.write("centers/a/center.yaml", "name: A2\n")
	c2 = r.commit("Alice Berg", "Two")
	return r, c1, c2
}

// objectOf gives the hash of the blob or tree at p in commit c.
func objectOf(t *testing.T, r *testRepo, c plumbing.Hash, p string) plumbing.Hash {
	t.Helper()
	commit, err := r.repo.CommitObject(c)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := commit.Tree()
	if err != nil {
		t.Fatal(err)
	}
	e, err := tree.FindEntry(p)
	if err != nil {
		t.Fatal(err)
	}
	return e.Hash
}

func looseObject(dir string, h plumbing.Hash) string {
	s := h.String()
	return filepath.Join(dir, ".git", "objects", s[:2], s[2:])
}

// wantObjectError checks that err is an ObjectError for path, not a missing
// file, and that its text says how to get every object.
func wantObjectError(t *testing.T, what string, err error, path string) {
	t.Helper()
	var oe *ObjectError
	if !errors.As(err, &oe) {
		t.Fatalf("%s: %v, want an ObjectError", what, err)
	}
	if errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%s: %v passes for a missing file", what, err)
	}
	if oe.Path != path {
		t.Errorf("%s: the error names %q, want %q", what, oe.Path, path)
	}
	for _, text := range []string{oe.Text.EN, oe.Text.NB} {
		if !strings.Contains(text, path) || !strings.Contains(text, "git fetch --refetch") || !strings.Contains(text, "--filter") {
			t.Errorf("%s: %q does not name the file and the way to a full clone", what, text)
		}
	}
}

func TestPartialCloneFailsClosed(t *testing.T) {
	needGit(t)
	r, _, _ := faultRepo(t)
	gitOut(t, r.dir, "config", "uploadpack.allowFilter", "true")
	gitOut(t, r.dir, "config", "uploadpack.allowAnySHA1InWant", "true")
	dst := filepath.Join(t.TempDir(), "partial")
	gitOut(t, filepath.Dir(dst), "clone", "-q", "--filter=blob:none", "--no-checkout", "file://"+r.dir, dst)

	h := openRepo(t, dst)
	fsys, err := h.FS("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	// The trees are there: folders list, and absent files are absent.
	entries, err := fs.ReadDir(fsys, "centers")
	if err != nil || len(entries) != 2 {
		t.Fatalf("ReadDir(centers) = %v, %v", entries, err)
	}
	if _, err := fs.Stat(fsys, "centers/a/education.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat of a file that is not there: %v, want fs.ErrNotExist", err)
	}
	// The blobs are not: reading a file is a fault, never an absent file.
	_, err = fs.ReadFile(fsys, "centers/a/center.yaml")
	wantObjectError(t, "ReadFile", err, "centers/a/center.yaml")
	_, err = fs.Stat(fsys, "centers/a/center.yaml")
	wantObjectError(t, "Stat", err, "centers/a/center.yaml")
	f, err := fsys.Open("governance.yaml")
	if err == nil {
		f.Close()
	}
	wantObjectError(t, "Open", err, "governance.yaml")
	files, err := fs.ReadDir(fsys, "centers/a")
	if err != nil || len(files) != 1 {
		t.Fatalf("ReadDir(centers/a) = %v, %v", files, err)
	}
	_, err = files[0].Info()
	wantObjectError(t, "DirEntry.Info", err, "centers/a/center.yaml")
	// What needs trees only works.
	if blobs, err := h.Blobs("HEAD"); err != nil || len(blobs) != 3 {
		t.Errorf("Blobs = %v, %v", blobs, err)
	}
	if files, err := h.ChangedFiles("HEAD~1"); err != nil || len(files) != 1 {
		t.Errorf("ChangedFiles = %v, %v", files, err)
	}
}

func TestMissingTreeFailsClosed(t *testing.T) {
	r, c1, c2 := faultRepo(t)
	tree := objectOf(t, r, c2, "centers/a")
	if err := os.Remove(looseObject(r.dir, tree)); err != nil {
		t.Fatal(err)
	}
	h := openRepo(t, r.dir)
	fsys, err := h.FS("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	_, err = fs.ReadFile(fsys, "centers/a/center.yaml")
	wantObjectError(t, "ReadFile", err, "centers/a")
	// Not even a file that was never there is absent: the folder cannot
	// be read to say so.
	_, err = fs.Stat(fsys, "centers/a/education.yaml")
	wantObjectError(t, "Stat", err, "centers/a")
	_, err = fs.ReadDir(fsys, "centers/a")
	wantObjectError(t, "ReadDir", err, "centers/a")
	if data, err := fs.ReadFile(fsys, "centers/b/center.yaml"); err != nil || string(data) != "name: B1\n" {
		t.Errorf("the rest reads: %q, %v", data, err)
	}
	_, err = h.Blobs("HEAD")
	wantObjectError(t, "Blobs", err, "centers/a")
	if _, err := h.ChangedFiles(c1.String()); err == nil || errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ChangedFiles over the missing tree: %v, want an error", err)
	}
	if _, err := h.LastChanges("HEAD"); err == nil || errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LastChanges over the missing tree: %v, want an error", err)
	}
}

func TestDamagedLooseObjectFailsClosed(t *testing.T) {
	r, _, c2 := faultRepo(t)
	blob := objectOf(t, r, c2, "centers/a/center.yaml")
	p := looseObject(r.dir, blob)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(p, 0o644)
	if err := os.WriteFile(p, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	h := openRepo(t, r.dir)
	fsys, err := h.FS("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	_, err = fs.ReadFile(fsys, "centers/a/center.yaml")
	wantObjectError(t, "ReadFile", err, "centers/a/center.yaml")

	// An empty object file is no better.
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	h = openRepo(t, r.dir)
	fsys, _ = h.FS("HEAD")
	_, err = fs.ReadFile(fsys, "centers/a/center.yaml")
	wantObjectError(t, "ReadFile of an empty object file", err, "centers/a/center.yaml")
}

func TestDamagedPackFailsClosed(t *testing.T) {
	needGit(t)
	r, _, _ := faultRepo(t)
	// A longer text, so that its compressed form has a middle to damage.
	r.write("centers/a/center.yaml", strings.Repeat("name: A3, a center with a long description\n", 20))
	r.commit("Alice Berg", "Three")
	gitOut(t, r.dir, "repack", "-a", "-d", "-q")
	gitOut(t, r.dir, "prune-packed")
	blob := plumbing.NewHash(gitOut(t, r.dir, "rev-parse", "HEAD:centers/a/center.yaml"))
	packs, err := filepath.Glob(filepath.Join(r.dir, ".git", "objects", "pack", "*.idx"))
	if err != nil || len(packs) != 1 {
		t.Fatalf("packs %v, %v", packs, err)
	}
	// verify-pack -v: hash type size size-in-pack offset [depth base]
	var off, inPack int64 = -1, 0
	for line := range strings.SplitSeq(gitOut(t, r.dir, "verify-pack", "-v", packs[0]), "\n") {
		f := strings.Fields(line)
		if len(f) >= 5 && f[0] == blob.String() {
			inPack, _ = strconv.ParseInt(f[3], 10, 64)
			off, _ = strconv.ParseInt(f[4], 10, 64)
		}
	}
	if off < 0 {
		t.Fatalf("blob %s not in the pack", blob)
	}
	pack := strings.TrimSuffix(packs[0], ".idx") + ".pack"
	data, err := os.ReadFile(pack)
	if err != nil {
		t.Fatal(err)
	}
	data[off+inPack/2] ^= 0x55
	os.Chmod(pack, 0o644)
	if err := os.WriteFile(pack, data, 0o644); err != nil {
		t.Fatal(err)
	}
	h := openRepo(t, r.dir)
	fsys, err := h.FS("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	_, err = fs.ReadFile(fsys, "centers/a/center.yaml")
	wantObjectError(t, "ReadFile", err, "centers/a/center.yaml")
	if data, err := fs.ReadFile(fsys, "centers/b/center.yaml"); err != nil || string(data) != "name: B1\n" {
		t.Errorf("the rest reads: %q, %v", data, err)
	}
}
