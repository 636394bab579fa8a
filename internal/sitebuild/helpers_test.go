package sitebuild

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ous-pm/pmgov/internal/validate"
)

// asOf is the date the base fixture is clean on.
var asOf = time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)

// validated runs the validator over fsys as of asOf.
func validated(t testing.TB, fsys fstest.MapFS) *validate.Result {
	t.Helper()
	return validate.Run(fsys, validate.Options{AsOf: asOf})
}

// buildSite builds res into a fresh folder and returns it.
func buildSite(t testing.TB, res *validate.Result, opt Options) string {
	t.Helper()
	if opt.Out == "" {
		opt.Out = filepath.Join(t.TempDir(), "public")
	}
	if opt.AsOf.IsZero() {
		opt.AsOf = asOf
	}
	if err := Build(res, opt); err != nil {
		t.Fatalf("Build: %v", err)
	}
	return opt.Out
}

// readFile reads a file of the built site.
func readFile(t testing.TB, dir, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatalf("site file %s: %v", rel, err)
	}
	return string(b)
}

// siteFiles lists every file of the site, relative and slash-separated.
func siteFiles(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func contains(t testing.TB, where, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%s: missing %q", where, w)
		}
	}
}
