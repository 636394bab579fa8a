package history

import (
	"bytes"
	"io"
	"io/fs"
	"os/exec"
	"runtime"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// TestPackReaderMatchesGoGit reads every object of packs made three ways
// (go-git with offset deltas, go-git with hash deltas, git gc) and one
// loose object, and compares each with what go-git reads.
func TestPackReaderMatchesGoGit(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    genOptions
		gc   bool
	}{
		{"ofs-deltas", genOptions{Commits: 120, Files: 30, Seed: 3, Branch: true, Delta: true}, false},
		{"ref-deltas", genOptions{Commits: 120, Files: 30, Seed: 4, Branch: true, Delta: true, RefDeltas: true}, false},
		{"git-gc", genOptions{Commits: 120, Files: 30, Seed: 5, Branch: true}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := generate(dir, tc.o); err != nil {
				t.Fatal(err)
			}
			if tc.gc {
				git := needGit(t)
				if out, err := exec.Command(git, "-C", dir, "repack", "-a", "-d", "-f", "--depth=50", "--window=50").CombinedOutput(); err != nil {
					t.Fatalf("git repack: %v\n%s", err, out)
				}
			}
			h := openRepo(t, dir)
			st := h.objs.(*filesystem.Storage)
			// One loose object, which only go-git reads.
			obj := st.NewEncodedObject()
			obj.SetType(plumbing.BlobObject)
			w, _ := obj.Writer()
			w.Write([]byte("loose\n"))
			w.Close()
			loose, err := st.SetEncodedObject(obj)
			if err != nil {
				t.Fatal(err)
			}
			if len(h.rd.packs) != 1 {
				t.Fatalf("%d packs read", len(h.rd.packs))
			}
			if runtime.GOOS == "linux" && h.rd.packs[0].data == nil {
				t.Error("the pack was not mapped into memory")
			}
			iter, err := st.IterEncodedObjects(plumbing.AnyObject)
			if err != nil {
				t.Fatal(err)
			}
			count, deltas := 0, 0
			err = iter.ForEach(func(o plumbing.EncodedObject) error {
				rd, err := o.Reader()
				if err != nil {
					return err
				}
				want, err := io.ReadAll(rd)
				rd.Close()
				if err != nil {
					return err
				}
				typ, got, err := h.rd.read(o.Hash())
				if err != nil || typ != o.Type() || !bytes.Equal(got, want) {
					t.Errorf("%s: %s %d bytes, %v; go-git %s %d bytes", o.Hash(), typ, len(got), err, o.Type(), len(want))
				}
				count++
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			deltas = len(h.rd.bases)
			if count < 500 || tc.o.Delta && deltas == 0 {
				t.Errorf("%d objects, %d delta bases: the pack does not exercise deltas", count, deltas)
			}
			if typ, data, err := h.rd.read(loose); err != nil || typ != plumbing.BlobObject || string(data) != "loose\n" {
				t.Errorf("loose object: %v %q %v", typ, data, err)
			}
			if _, _, err := h.rd.read(plumbing.NewHash("0123456789012345678901234567890123456789")); err != plumbing.ErrObjectNotFound {
				t.Errorf("missing object: %v", err)
			}
		})
	}
}

func TestApplyDeltaRejectsBadInput(t *testing.T) {
	base := []byte("hello world")
	for _, d := range [][]byte{
		{},                   // no sizes
		{11},                 // no target size
		{12, 5, 0x90, 5},     // wrong source size
		{11, 5, 0},           // reserved command 0
		{11, 5, 0x91, 8, 5},  // copy beyond the base
		{11, 5, 0x10 | 0x80}, // copy without its size byte
		{11, 5, 7, 'a'},      // insert longer than the delta
		{11, 3, 0x90, 5},     // result longer than announced
	} {
		if _, err := applyDelta(base, d); err == nil {
			t.Errorf("applyDelta(%v) accepted", d)
		}
	}
	got, err := applyDelta(base, []byte{11, 8, 0x90, 5, 3, '!', '!', '!'})
	if err != nil || string(got) != "hello!!!" {
		t.Errorf("applyDelta = %q, %v", got, err)
	}
}

// TestReadAfterClose: a closed Repo unmaps its packs; reading must then go
// through go-git rather than touch the unmapped memory.
func TestReadAfterClose(t *testing.T) {
	dir := t.TempDir()
	if _, err := generate(dir, genOptions{Commits: 30, Files: 10, Seed: 2, Delta: true}); err != nil {
		t.Fatal(err)
	}
	h := openRepo(t, dir)
	fsys, err := h.FS("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	before, err := h.LastChanges("HEAD")
	if err != nil || len(before) == 0 {
		t.Fatal(len(before), err)
	}
	var name string
	for name = range before {
		break
	}
	want, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	h.Close()
	fresh, err := h.FS("HEAD~3")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadDir(fresh, "centers"); err != nil {
		t.Error(err)
	}
	got, err := fs.ReadFile(fsys, name)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("after Close: %q, %v", got, err)
	}
	after, err := h.LastChanges("HEAD")
	if err != nil || len(after) != len(before) {
		t.Errorf("LastChanges after Close: %d files, %v", len(after), err)
	}
}
