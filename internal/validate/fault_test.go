package validate_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/validate"
)

// TestPartialCloneIsAFault: in a clone made with --filter=blob:none no file
// of a revision can be read. That is no repository without files, and no
// repository whose files are all unreadable findings: it is a fault naming
// a file and how to get every object.
func TestPartialCloneIsAFault(t *testing.T) {
	src := t.TempDir()
	if err := fixture.Write(src); err != nil {
		t.Fatal(err)
	}
	fixture.Git(t, src, "init", "-q", "-b", "main")
	fixture.Git(t, src, "add", "-A")
	fixture.Git(t, src, "commit", "-q", "-m", "Governance data")
	fixture.Git(t, src, "config", "uploadpack.allowFilter", "true")
	fixture.Git(t, src, "config", "uploadpack.allowAnySHA1InWant", "true")
	dst := filepath.Join(t.TempDir(), "partial")
	fixture.Git(t, filepath.Dir(dst), "clone", "-q", "--filter=blob:none", "--no-checkout", "file://"+src, dst)

	full, err := history.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	fsys, err := full.FS("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if res := validate.Run(fsys, validate.Options{AsOf: fixture.BaseAsOf}); res.Fault() != nil || res.Failed() {
		t.Fatalf("the full clone: fault %v, findings %v", res.Fault(), res.Diags)
	}

	h, err := history.Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	fsys, err = h.FS("origin/main")
	if err != nil {
		t.Fatal(err)
	}
	for name, res := range map[string]*validate.Result{
		"Run":  validate.Run(fsys, validate.Options{AsOf: fixture.BaseAsOf}),
		"Data": validate.Data(fsys, func(p string) bool { return p == "centers" || strings.HasPrefix(p, "centers/") }, validate.Reuse{}),
	} {
		err := res.Fault()
		var oe *history.ObjectError
		if !errors.As(err, &oe) || errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%s: Fault() = %v, want an ObjectError", name, err)
		}
		if !strings.HasPrefix(oe.Path, "centers/") && name == "Data" {
			t.Errorf("%s: the fault names %s", name, oe.Path)
		}
		if !strings.Contains(err.Error(), oe.Path) || !strings.Contains(oe.Text.EN, "git fetch --refetch") {
			t.Errorf("%s: %v", name, err)
		}
		if name == "Run" && !strings.Contains(err.Error(), "others that cannot be read") {
			t.Errorf("%s: %v does not say that more files cannot be read", name, err)
		}
	}
}
