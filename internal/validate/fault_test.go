package validate_test

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/validate"
)

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	p, err := exec.LookPath("git")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("git is needed to make a partial clone: %v", err)
		}
		t.Skipf("git not installed: %v", err)
	}
	cmd := exec.Command(p, append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "HOME="+dir,
		"GIT_AUTHOR_NAME=Lise Berg", "GIT_AUTHOR_EMAIL=lise@example.org", "GIT_COMMITTER_NAME=Lise Berg", "GIT_COMMITTER_EMAIL=lise@example.org")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestPartialCloneIsAFault: in a clone made with --filter=blob:none no file
// of a revision can be read. That is no repository without files, and no
// repository whose files are all unreadable findings: it is a fault naming
// a file and how to get every object.
func TestPartialCloneIsAFault(t *testing.T) {
	src := t.TempDir()
	if err := fixture.Write(src); err != nil {
		t.Fatal(err)
	}
	git(t, src, "init", "-q", "-b", "main")
	git(t, src, "add", "-A")
	git(t, src, "commit", "-q", "-m", "Governance data")
	git(t, src, "config", "uploadpack.allowFilter", "true")
	git(t, src, "config", "uploadpack.allowAnySHA1InWant", "true")
	dst := filepath.Join(t.TempDir(), "partial")
	git(t, filepath.Dir(dst), "clone", "-q", "--filter=blob:none", "--no-checkout", "file://"+src, dst)

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
