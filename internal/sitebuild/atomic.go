package sitebuild

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
)

// markerFile marks a folder as a site pmgov built, so that a later build may
// replace it. A build refuses to replace a folder that has files but no
// marker: `-o .` must never wipe a repository.
const (
	markerFile = ".pmgov-site"
	markerText = "This folder is a site built by pmgov. `pmgov build` replaces it whole.\n"
)

// tempInfix names the folders a build makes beside out: the new site while
// it is written, and the previous one while it is removed. Both are
// ".<out's name>.pmgov-tmp-<random>" and carry the marker, so that the
// next build can tell the ones a killed build left behind from anything
// else in the parent folder.
const tempInfix = ".pmgov-tmp-"

// tempPrefix is the name every temporary folder of out starts with.
func tempPrefix(out string) string {
	return "." + filepath.Base(out) + tempInfix
}

// resolveOut returns the folder a build into out replaces. When out is a
// symbolic link, that is the folder it points at: the new site is swapped
// in there, so the link keeps pointing at the site, and the link itself is
// never replaced. A link to nothing is refused rather than followed into
// a folder made wherever it points.
func resolveOut(out string) (string, error) {
	out = filepath.Clean(out)
	info, err := os.Lstat(out)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return out, nil
	}
	target, err := filepath.EvalSymlinks(out)
	if err != nil {
		dest, _ := os.Readlink(out)
		return "", diag.Failf("site.output.dangling-link", out, dest)
	}
	return target, nil
}

// checkReplaceable refuses an output folder that is not empty and was not
// built by pmgov.
func checkReplaceable(out string) error {
	info, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		return diag.Failf("site.output.became-link", out)
	}
	if !info.IsDir() {
		return diag.Failf("site.output.is-file", out)
	}
	if _, err := os.Stat(filepath.Join(out, markerFile)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	if len(entries) > 0 {
		return diag.Failf("site.output.not-a-site", out, markerFile)
	}
	return nil
}

// builtByPmgov reports whether dir is a folder itself (not a link to one)
// holding pmgov's marker as a regular file.
func builtByPmgov(dir string) bool {
	info, err := os.Lstat(dir)
	if err != nil || !info.IsDir() {
		return false
	}
	m, err := os.Lstat(filepath.Join(dir, markerFile))
	return err == nil && m.Mode().IsRegular()
}

// swapKind says how the new site was put in place.
type swapKind int

const (
	swapRename   swapKind = iota // out did not exist: one rename
	swapExchange                 // one atomic exchange of the two folders
	swapTwo                      // out → temporary name, new → out
)

// testHookSwapped, when set, is called right after the new site is in
// place and before the previous one (at old, "" when there was none) is
// removed.
var testHookSwapped func(how swapKind, out, old string)

// writeAtomically builds the site into a new folder beside out, then swaps
// it in (see swapIn) and removes the previous site. If fill fails, the new
// folder is removed and out is untouched. fill is given the new folder,
// which holds the marker already, and the previous site (out, when it is
// a site pmgov built; else "") so that it can reuse the files that have
// not changed. out must be resolved (resolveOut) and checked
// (checkReplaceable).
func writeAtomically(out string, fill func(dir, prev string) error) (err error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	if err := removeLeftovers(out); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, tempPrefix(out))
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	swapped := false
	defer func() {
		// Once swapped, tmp names the previous site, which is removed
		// below or deliberately kept.
		if err != nil && !swapped {
			os.RemoveAll(tmp)
		}
	}()
	// The lock tells a build of the same out that starts meanwhile that
	// this folder is not litter; it ends with this build, killed or not.
	unlock, err := lockTemp(tmp)
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	defer unlock()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	// The marker goes first, so that the folder is known as pmgov's from
	// the start should the build be killed.
	if err := createFile(filepath.Join(tmp, markerFile), []byte(markerText)); err != nil {
		return err
	}
	prev := ""
	if builtByPmgov(out) {
		prev = out
	}
	if err := fill(tmp, prev); err != nil {
		return err
	}
	// Check again: the folder may have changed while the site was built.
	if err := checkReplaceable(out); err != nil {
		return err
	}
	how, old, err := swapIn(tmp, out)
	if err != nil {
		return err
	}
	swapped = true
	if testHookSwapped != nil {
		testHookSwapped(how, out, old)
	}
	if old == "" {
		return nil
	}
	// What was at out is at old now. It was checked before the swap; a
	// folder slipped in since is left where it is, not removed.
	if !builtByPmgov(old) && !emptyDir(old) {
		return diag.Failf("site.output.old-kept", out, old)
	}
	if err := removeTree(old, 0); err != nil {
		return diag.Wrapf(err, "site.output.old-not-removed", out, old, err)
	}
	return nil
}

// emptyDir reports whether dir is a folder (not a link) with nothing in it.
func emptyDir(dir string) bool {
	info, err := os.Lstat(dir)
	if err != nil || !info.IsDir() {
		return false
	}
	entries, err := os.ReadDir(dir)
	return err == nil && len(entries) == 0
}

// exchangeDirs swaps two folders in one atomic step, or returns
// errNoExchange where the platform or file system cannot. A variable so
// that tests can take the fallback.
var exchangeDirs = exchange

// errNoExchange says that folders cannot be exchanged atomically here.
var errNoExchange = errors.New("atomic exchange not supported")

// swapIn puts the site in tmp at out and returns where the previous site
// went ("" when out did not exist). Where the platform can exchange two
// names atomically (renameat2 with RENAME_EXCHANGE on Linux), out always
// exists: it names the previous site until the exchange and the new one
// after, and the previous site is then at tmp. Elsewhere, out is moved
// aside and tmp renamed to out, and out is missing between the two.
func swapIn(tmp, out string) (swapKind, string, error) {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, out); err != nil {
			return 0, "", fmt.Errorf("output %s: %w", out, err)
		}
		return swapRename, "", nil
	}
	err := exchangeDirs(tmp, out)
	if err == nil {
		return swapExchange, tmp, nil
	}
	if !errors.Is(err, errNoExchange) {
		return 0, "", fmt.Errorf("output %s: %w", out, err)
	}
	backup, err := os.MkdirTemp(filepath.Dir(out), tempPrefix(out))
	if err != nil {
		return 0, "", fmt.Errorf("output %s: %w", out, err)
	}
	if err := os.Remove(backup); err != nil {
		return 0, "", fmt.Errorf("output %s: %w", out, err)
	}
	if err := os.Rename(out, backup); err != nil {
		return 0, "", fmt.Errorf("output %s: %w", out, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		// Put the previous site back.
		if rerr := os.Rename(backup, out); rerr != nil {
			return 0, "", fmt.Errorf("output %s: %w (the previous site is in %s)", out, err, backup)
		}
		return 0, "", fmt.Errorf("output %s: %w", out, err)
	}
	return swapTwo, backup, nil
}

// removeLeftovers removes the temporary folders of out that a build killed
// midway left in its parent: those named like them that are folders with
// pmgov's marker and that no running build holds. Anything else there is
// left alone.
func removeLeftovers(out string) error {
	parent := filepath.Dir(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	prefix := tempPrefix(out)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) || !e.IsDir() {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		if !builtByPmgov(dir) || inUse(dir) {
			continue
		}
		if err := removeTree(dir, 0); err != nil {
			return fmt.Errorf("output %s: removing %s, left by an earlier build: %w", out, dir, err)
		}
	}
	return nil
}

// removeTree removes dir and everything in it, like os.RemoveAll, but
// empties different folders in parallel, each folder by one worker: the
// previous site has some 20,000 files, and freeing the blocks of the files
// that changed one by one makes a rebuild wait on the file system for
// seconds (on ext4 mounted with discard, two workers halve the time),
// while workers unlinking names in the same folder would only contend for
// its lock. Files are removed before their folders; the first error is
// returned.
func removeTree(dir string, workers int) error {
	type folder struct {
		path  string
		files []string
	}
	var folders []folder
	var walk func(d string) error
	walk = func(d string) error {
		entries, err := os.ReadDir(d)
		if err != nil {
			return err
		}
		i := len(folders)
		folders = append(folders, folder{path: d})
		for _, e := range entries {
			p := filepath.Join(d, e.Name())
			if e.IsDir() {
				if err := walk(p); err != nil {
					return err
				}
			} else {
				folders[i].files = append(folders[i].files, p)
			}
		}
		return nil
	}
	if err := walk(dir); err != nil {
		return os.RemoveAll(dir)
	}
	err := parallel(workers, len(folders), func(i int, _ *bytes.Buffer) error {
		for _, f := range folders[i].files {
			if err := os.Remove(f); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// Deepest folders first: walk listed each folder before its subfolders.
	for i := len(folders) - 1; i >= 0; i-- {
		if err := os.Remove(folders[i].path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
