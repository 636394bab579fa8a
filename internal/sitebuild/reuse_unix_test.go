//go:build unix

package sitebuild

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/ous-pm/pmgov/internal/fixture"
)

// stats records every file of a site.
func stats(t *testing.T, dir string) map[string]os.FileInfo {
	t.Helper()
	out := map[string]os.FileInfo{}
	for _, f := range siteFiles(t, dir) {
		fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		out[f] = fi
	}
	return out
}

// TestRebuildReusesUnchangedFiles rebuilds a site over itself: every file
// whose bytes did not change is the same file as before (a hard link, not
// a copy), every changed file is new, and the result is byte for byte a
// build into a new folder. Files of the previous site that were edited,
// had their permissions changed or were replaced by a symbolic link are
// written anew, never reused.
func TestRebuildReusesUnchangedFiles(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	buildSite(t, validated(t, fixture.BaseWith(nil)), Options{Out: out})
	before := snapshot(t, out)

	// Tamper with three files of the previous site.
	edited, chmodded, linked := "committee.html", "matrix.html", "rules.html"
	b := before[edited]
	if err := os.WriteFile(filepath.Join(out, edited), bytes.Replace(b, []byte("<h1>"), []byte("<h2>"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(out, chmodded), 0o600); err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(parent, "copy.html")
	if err := os.WriteFile(elsewhere, before[linked], 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(out, linked)); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(out, linked)); err != nil {
		t.Fatal(err)
	}
	old := stats(t, out)

	// A new decision: its page is new, the committee's pages and the API
	// change, most pages do not.
	fsys := fixture.BaseWith(map[string]string{"committee/decisions/PMU-2025-09.md": "---\nid: PMU-2025-09\ndate: 2025-06-01\nmeeting: 2024-06-20\ntitle: Et nytt vedtak\ntype: other\n---\nVedtatt.\n"})
	res := validated(t, fsys)
	buildSite(t, res, Options{Out: out})
	after := snapshot(t, out)
	fresh := buildSite(t, res, Options{})
	sameSite(t, after, snapshot(t, fresh))
	mode := stats(t, fresh)[markerFile].Mode()
	now := stats(t, out)

	reused, written := 0, 0
	for f, fi := range now {
		if !fi.Mode().IsRegular() || fi.Mode() != mode {
			t.Errorf("%s: mode %v after the rebuild", f, fi.Mode())
		}
		prev, existed := old[f]
		same := existed && os.SameFile(prev, fi)
		switch {
		case f == edited || f == chmodded || f == linked || f == markerFile:
			// The marker is always written: it shows the mode a
			// reused file must have.
			if same {
				t.Errorf("%s: the tampered file of the previous site was reused", f)
			}
		case existed && bytes.Equal(before[f], after[f]):
			if !same {
				t.Errorf("%s: unchanged, but written anew instead of reused", f)
			}
		default:
			if same {
				t.Errorf("%s: changed, but the previous file was reused", f)
			}
		}
		if same {
			reused++
		} else {
			written++
		}
	}
	t.Logf("%d files reused, %d written", reused, written)
	if reused < 20 || written < 3 {
		t.Errorf("%d files reused, %d written: the rebuild should reuse most and write the changed ones", reused, written)
	}
	if b, err := os.ReadFile(elsewhere); err != nil || !bytes.Equal(b, before[linked]) {
		t.Errorf("the file the symbolic link pointed to changed: %v", err)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 2 { // public and copy.html
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the folder beside the site holds %q", names)
	}
}
