package sitebuild

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/ous-pm/pmgov/internal/fixture"
)

// retitled is the fixture with another organisation title, so that a
// rebuild changes every page.
func retitled(title string) fstest.MapFS {
	fsys := fixture.BaseWith(nil)
	fsys["governance.yaml"].Data = bytes.Replace(fsys["governance.yaml"].Data, []byte("title: Persontilpasset medisin ved OUS"), []byte("title: "+title), 1)
	return fsys
}

// names lists the folder dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// onSwap sets testHookSwapped for the rest of the test.
func onSwap(t *testing.T, f func(how swapKind, out, old string)) {
	t.Helper()
	testHookSwapped = f
	t.Cleanup(func() { testHookSwapped = nil })
}

// TestRebuildSwapsInOneStep rebuilds a site: on Linux the new site takes
// the old one's place by one exchange, so that out names a complete site
// at every moment (a reader polling out during the rebuild never misses
// it); right after the swap out is the new site and the old one is at the
// temporary name, and once the build returns the old one is gone and
// nothing is left beside out.
func TestRebuildSwapsInOneStep(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	var first []swapKind
	onSwap(t, func(how swapKind, _, old string) { first = append(first, how) })
	buildSite(t, validated(t, retitled("Gammel tittel")), Options{Out: out})
	if !slices.Equal(first, []swapKind{swapRename}) {
		t.Errorf("first build swapped by %v, want one plain rename", first)
	}

	want := swapTwo
	if exchangeWorks(t, parent) {
		want = swapExchange
	}
	var seen []swapKind
	var oldAt string
	onSwap(t, func(how swapKind, o, old string) {
		seen = append(seen, how)
		oldAt = old
		if o != out {
			t.Errorf("swapped into %s, want %s", o, out)
		}
		contains(t, "new site at out", readFile(t, out, "index.html"), "Ny tittel")
		contains(t, "old site at the temporary name", readFile(t, old, "index.html"), "Gammel tittel")
		if !strings.HasPrefix(filepath.Base(old), ".public.pmgov-tmp-") || filepath.Dir(old) != parent {
			t.Errorf("old site at %s, want .public.pmgov-tmp-* beside out", old)
		}
	})
	var missed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	if want == swapExchange {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := os.Stat(filepath.Join(out, markerFile)); err != nil {
					missed.Add(1)
				}
			}
		})
	}
	buildSite(t, validated(t, retitled("Ny tittel")), Options{Out: out})
	close(stop)
	wg.Wait()
	if !slices.Equal(seen, []swapKind{want}) {
		t.Errorf("rebuild swapped by %v, want %v", seen, want)
	}
	if n := missed.Load(); n > 0 {
		t.Errorf("out was missing %d times during the rebuild", n)
	}
	if _, err := os.Lstat(oldAt); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the old site is still at %s: %v", oldAt, err)
	}
	contains(t, "rebuilt index", readFile(t, out, "index.html"), "Ny tittel")
	if got := names(t, parent); !slices.Equal(got, []string{"public"}) {
		t.Errorf("beside the site: %q, want only public", got)
	}
}

// TestRebuildWithoutExchange takes the fallback of platforms and file
// systems without an atomic exchange: two renames, the same result.
func TestRebuildWithoutExchange(t *testing.T) {
	exchangeDirs = func(a, b string) error { return errNoExchange }
	t.Cleanup(func() { exchangeDirs = exchange })
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	buildSite(t, validated(t, retitled("Gammel tittel")), Options{Out: out})
	var seen []swapKind
	onSwap(t, func(how swapKind, _, old string) {
		seen = append(seen, how)
		contains(t, "old site moved aside", readFile(t, old, "index.html"), "Gammel tittel")
	})
	buildSite(t, validated(t, retitled("Ny tittel")), Options{Out: out})
	if !slices.Equal(seen, []swapKind{swapTwo}) {
		t.Errorf("rebuild swapped by %v, want two renames", seen)
	}
	contains(t, "rebuilt index", readFile(t, out, "index.html"), "Ny tittel")
	if got := names(t, parent); !slices.Equal(got, []string{"public"}) {
		t.Errorf("beside the site: %q, want only public", got)
	}
}

// TestLeftoversRemoved puts beside the site what a killed build leaves
// (temporary folders with the marker: a new site half written, an old one
// not yet removed) and things that only look like it: the next build
// removes the first and touches nothing else.
func TestLeftoversRemoved(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	res := validated(t, fixture.BaseWith(nil))
	buildSite(t, res, Options{Out: out})

	write := func(rel, data string) {
		t.Helper()
		p := filepath.Join(parent, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Litter of killed builds of public.
	write(".public.pmgov-tmp-111/"+markerFile, markerText)
	write(".public.pmgov-tmp-111/centers/kre.html", "half written\n")
	write(".public.pmgov-tmp-222/"+markerFile, markerText)
	gone := []string{".public.pmgov-tmp-111", ".public.pmgov-tmp-222"}
	// Not pmgov's, or not this output's: kept.
	write(".public.pmgov-tmp-333/notes.txt", "no marker\n")
	write(".docs.pmgov-tmp-444/"+markerFile, markerText)
	write("assets/"+markerFile, markerText)
	write("assets/logo.svg", "<svg/>\n")
	write("elsewhere/"+markerFile, markerText)
	write("elsewhere/index.html", "keep\n")
	write(".public.pmgov-tmp-file", "a file, not a folder\n")
	kept := []string{".public.pmgov-tmp-333/notes.txt", ".docs.pmgov-tmp-444/" + markerFile, "assets/logo.svg", "elsewhere/index.html", ".public.pmgov-tmp-file"}
	if runtime.GOOS != "windows" {
		if err := os.Symlink(filepath.Join(parent, "elsewhere"), filepath.Join(parent, ".public.pmgov-tmp-555")); err != nil {
			t.Fatal(err)
		}
		kept = append(kept, ".public.pmgov-tmp-555/index.html")
	}
	if runtime.GOOS == "linux" {
		// A marked folder a running build holds is not litter.
		write(".public.pmgov-tmp-666/"+markerFile, markerText)
		unlock, err := lockTemp(filepath.Join(parent, ".public.pmgov-tmp-666"))
		if err != nil {
			t.Fatal(err)
		}
		defer unlock()
		kept = append(kept, ".public.pmgov-tmp-666/"+markerFile)
	}

	buildSite(t, res, Options{Out: out})
	for _, g := range gone {
		if _, err := os.Lstat(filepath.Join(parent, g)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left by a killed build is still there: %v", g, err)
		}
	}
	for _, k := range kept {
		if _, err := os.Stat(filepath.Join(parent, filepath.FromSlash(k))); err != nil {
			t.Errorf("%s was touched: %v", k, err)
		}
	}
	readFile(t, out, "index.html")
}

// TestKilledBuildLeavesMarkedFolder checks the premise of the clean-up:
// the folder a build writes into carries the marker before anything else
// is written into it.
func TestKilledBuildLeavesMarkedFolder(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	stopped := errors.New("killed")
	err := writeAtomically(out, func(dir, prev string) error {
		if !builtByPmgov(dir) {
			t.Errorf("%s has no marker when the site starts being written", dir)
		}
		if !strings.HasPrefix(filepath.Base(dir), ".public.pmgov-tmp-") {
			t.Errorf("temporary folder %s is not named .public.pmgov-tmp-*", dir)
		}
		return stopped
	})
	if !errors.Is(err, stopped) {
		t.Fatalf("writeAtomically = %v", err)
	}
	if got := names(t, parent); len(got) != 0 {
		t.Errorf("a failed build left %q", got)
	}
}

func (k swapKind) String() string {
	return [...]string{swapRename: "rename", swapExchange: "exchange", swapTwo: "two renames"}[k]
}
