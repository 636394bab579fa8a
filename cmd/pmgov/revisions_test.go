package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/fixture"
)

func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	p, err := exec.LookPath("git")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("git is needed: %v", err)
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

// TestRevisionFailuresExit2: an ambiguous revision and an object the clone
// lacks are failures of the tool (exit 2) with the reason on stderr, never
// findings (exit 1).
func TestRevisionFailuresExit2(t *testing.T) {
	dir := t.TempDir()
	if err := fixture.Write(dir); err != nil {
		t.Fatal(err)
	}
	gitIn(t, dir, "init", "-q", "-b", "main")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "Governance data")
	gitIn(t, dir, "update-ref", "refs/remotes/origin/main", "HEAD")
	asOf := "--as-of=" + fixture.BaseAsOf.Format("2006-01-02")
	pmgov := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(append(args, "--dir", dir, asOf), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	if code, out, errs := pmgov("validate", "--at", "origin/main"); code != 0 {
		t.Fatalf("before: exit %d\n%s%s", code, out, errs)
	}

	gitIn(t, dir, "branch", "origin/main")
	for _, args := range [][]string{
		{"validate", "--at", "origin/main"},
		{"check", "--base", "origin/main", "--actor", "lise-berg"},
		{"build", "--at", "origin/main", "-o", filepath.Join(t.TempDir(), "public")},
		{"report", "--since", "origin/main"},
	} {
		code, out, errs := pmgov(args...)
		if code != exitUsage || out != "" || !strings.Contains(errs, "refs/heads/origin/main, refs/remotes/origin/main") || !strings.Contains(errs, "full commit id") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 naming both refs", strings.Join(args, " "), code, out, errs)
		}
	}
	if code, out, errs := pmgov("validate", "--at", "refs/remotes/origin/main"); code != 0 {
		t.Errorf("the full ref name: exit %d\n%s%s", code, out, errs)
	}

	blob := gitIn(t, dir, "rev-parse", "HEAD:centers/kre/center.yaml")
	if err := os.Remove(filepath.Join(dir, ".git", "objects", blob[:2], blob[2:])); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"validate", "--at", "refs/remotes/origin/main"},
		{"build", "--at", "HEAD", "-o", filepath.Join(t.TempDir(), "public")},
		{"report", "--since", "HEAD"},
	} {
		code, out, errs := pmgov(args...)
		if code != exitUsage || out != "" || !strings.Contains(errs, "cannot read centers/kre/center.yaml at ") || !strings.Contains(errs, "git fetch --refetch") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 naming the file", strings.Join(args, " "), code, out, errs)
		}
	}
	// The work tree has the file.
	if code, out, errs := pmgov("validate"); code != 0 {
		t.Errorf("the work tree: exit %d\n%s%s", code, out, errs)
	}
}
