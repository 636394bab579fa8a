package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/fixture"
)

// TestRevisionFailuresExit2: an ambiguous revision and an object the clone
// lacks are failures of the tool (exit 2) with the reason on stderr, never
// findings (exit 1).
func TestRevisionFailuresExit2(t *testing.T) {
	dir := t.TempDir()
	if err := fixture.Write(dir); err != nil {
		t.Fatal(err)
	}
	fixture.Git(t, dir, "init", "-q", "-b", "main")
	fixture.Git(t, dir, "add", "-A")
	fixture.Git(t, dir, "commit", "-q", "-m", "Governance data")
	fixture.Git(t, dir, "update-ref", "refs/remotes/origin/main", "HEAD")
	asOf := "--as-of=" + fixture.BaseAsOf.Format("2006-01-02")
	pmgov := func(args ...string) (int, string, string) {
		var stdout, stderr bytes.Buffer
		code := run(append(args, "--dir", dir, asOf), &stdout, &stderr)
		return code, stdout.String(), stderr.String()
	}
	if code, out, errs := pmgov("validate", "--at", "origin/main"); code != 0 {
		t.Fatalf("before: exit %d\n%s%s", code, out, errs)
	}

	fixture.Git(t, dir, "branch", "origin/main")
	for _, args := range [][]string{
		{"validate", "--lang", "en", "--at", "origin/main"},
		{"check", "--lang", "en", "--base", "origin/main", "--actor", "lise-berg"},
		{"build", "--lang", "en", "--at", "origin/main", "-o", filepath.Join(t.TempDir(), "public")},
		{"report", "--lang", "en", "--since", "origin/main"},
	} {
		code, out, errs := pmgov(args...)
		if code != exitUsage || out != "" || !strings.Contains(errs, "refs/heads/origin/main, refs/remotes/origin/main") || !strings.Contains(errs, "full commit id") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 naming both refs", strings.Join(args, " "), code, out, errs)
		}
	}
	if code, out, errs := pmgov("validate", "--at", "refs/remotes/origin/main"); code != 0 {
		t.Errorf("the full ref name: exit %d\n%s%s", code, out, errs)
	}

	blob := fixture.Git(t, dir, "rev-parse", "HEAD:centers/kre/center.yaml")
	if err := os.Remove(filepath.Join(dir, ".git", "objects", blob[:2], blob[2:])); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"validate", "--lang", "en", "--at", "refs/remotes/origin/main"},
		{"build", "--lang", "en", "--at", "HEAD", "-o", filepath.Join(t.TempDir(), "public")},
		{"report", "--lang", "en", "--since", "HEAD"},
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
