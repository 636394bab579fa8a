//go:build unix

package sitebuild

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/fixture"
)

// symlink makes a symbolic link at name pointing at target.
func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

// stillLinks checks that name is still a symbolic link to target.
func stillLinks(t *testing.T, name, target string) {
	t.Helper()
	got, err := os.Readlink(name)
	if err != nil || got != target {
		t.Errorf("%s: link to %q (%v), want a link to %q", name, got, err, target)
	}
}

// TestSymlinkedOutReplacesTarget builds through -o that is a symbolic link
// to a site: the site is replaced where the link points, the link stays
// the same link, unchanged files are reused from the previous site and no
// temporary folder is left beside either.
func TestSymlinkedOutReplacesTarget(t *testing.T) {
	root := t.TempDir()
	sites := filepath.Join(root, "sites")
	if err := os.Mkdir(sites, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(sites, "v1")
	buildSite(t, validated(t, retitled("Gammel tittel")), Options{Out: target})
	before := stats(t, target)
	out := filepath.Join(root, "public")
	symlink(t, "sites/v1", out)

	var swappedAt string
	onSwap(t, func(_ swapKind, o, _ string) { swappedAt = o })
	buildSite(t, validated(t, retitled("Ny tittel")), Options{Out: out})
	if swappedAt != target {
		t.Errorf("swapped at %s, want the link's target %s", swappedAt, target)
	}
	stillLinks(t, out, "sites/v1")
	contains(t, "site through the link", readFile(t, out, "index.html"), "Ny tittel")
	after := stats(t, target)
	if !os.SameFile(before["style.css"], after["style.css"]) {
		t.Error("style.css did not change but was written anew, not reused")
	}
	if got := names(t, root); !slices.Equal(got, []string{"public", "sites"}) {
		t.Errorf("beside the link: %q", got)
	}
	if got := names(t, sites); !slices.Equal(got, []string{"v1"}) {
		t.Errorf("beside the target: %q", got)
	}

	// A link to an empty folder is fine too.
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	out2 := filepath.Join(root, "public2")
	symlink(t, empty, out2)
	buildSite(t, validated(t, fixture.BaseWith(nil)), Options{Out: out2})
	stillLinks(t, out2, empty)
	readFile(t, empty, markerFile)
}

// TestSymlinkedOutRefused: a link to nothing, to a folder pmgov did not
// build or to a file is refused, and nothing is deleted, created or
// changed where it points.
func TestSymlinkedOutRefused(t *testing.T) {
	res := validated(t, fixture.BaseWith(nil))
	root := t.TempDir()
	foreign := filepath.Join(root, "repo")
	if err := os.Mkdir(foreign, 0o755); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(foreign, "governance.yaml")
	if err := os.WriteFile(keep, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, target, want string
	}{
		{"dangling", "nowhere/site", "is a symbolic link to nowhere/site, which is not a folder that exists"},
		{"loop", "loop", "is a symbolic link to loop, which is not a folder that exists"},
		{"foreign", "repo", "holds no site built by pmgov"},
		{"file", "repo/governance.yaml", "is a file, not a folder"},
	} {
		out := filepath.Join(root, c.name)
		symlink(t, c.target, out)
		err := Build(res, Options{Out: out, AsOf: asOf})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
			continue
		}
		stillLinks(t, out, c.target)
	}
	if b, err := os.ReadFile(keep); err != nil || string(b) != "precious\n" {
		t.Errorf("the foreign folder's file was changed: %q, %v", b, err)
	}
	if got := names(t, foreign); !slices.Equal(got, []string{"governance.yaml"}) {
		t.Errorf("the foreign folder holds %q", got)
	}
	if got := names(t, root); !slices.Equal(got, []string{"dangling", "file", "foreign", "loop", "repo"}) {
		t.Errorf("beside the links: %q", got)
	}
}
