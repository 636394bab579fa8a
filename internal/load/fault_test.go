package load

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"
)

// brokenFS is a MapFS whose reads of some paths fail with an error of
// their own, as a git revision's file system does for an object that is
// missing or damaged.
type brokenFS struct {
	fstest.MapFS
	broken map[string]error
}

func (b brokenFS) Open(name string) (fs.File, error) {
	if err, ok := b.broken[name]; ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return b.MapFS.Open(name)
}

func (b brokenFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err, ok := b.broken[name]; ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	return b.MapFS.ReadDir(name)
}

func (b brokenFS) Stat(name string) (fs.FileInfo, error) {
	if err, ok := b.broken[name]; ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return b.MapFS.Stat(name)
}

var errObject = errors.New("object not found")

func TestFaultsAreReadErrorsNotAbsence(t *testing.T) {
	fsys := brokenFS{
		MapFS: fstest.MapFS{
			"governance.yaml":          {Data: []byte("organisation: X\n")},
			"centers/a/center.yaml":    {Data: []byte("name: A\n")},
			"centers/b/center.yaml":    {Data: []byte("name: B\n")},
			"committee/committee.yaml": {Data: []byte("members: []\n")},
		},
		broken: map[string]error{
			"centers/a/center.yaml": errObject,
			"committee":             errObject,
			// Gone between the listing and the read: absent, no fault.
			"centers/b/center.yaml": fs.ErrNotExist,
		},
	}
	res := Load(fsys)
	if len(res.Faults) != 2 {
		t.Fatalf("faults %v, want committee and centers/a/center.yaml", res.Faults)
	}
	for _, want := range []string{"committee", "centers/a/center.yaml"} {
		found := false
		for _, f := range res.Faults {
			if f.Path == want && errors.Is(f, errObject) {
				found = true
			}
		}
		if !found {
			t.Errorf("no fault for %s in %v", want, res.Faults)
		}
	}
	// Each is still a finding at its file, as the work tree shows it.
	at := map[string]bool{}
	for _, d := range res.Diags {
		at[d.Pos.File] = true
	}
	for _, p := range []string{"committee", "centers/a/center.yaml", "centers/b/center.yaml"} {
		if !at[p] {
			t.Errorf("no finding at %s: %v", p, res.Diags)
		}
	}
	if res := Load(fsys.MapFS); len(res.Faults) != 0 {
		t.Errorf("a readable repository has faults: %v", res.Faults)
	}
}
