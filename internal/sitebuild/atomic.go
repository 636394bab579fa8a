package sitebuild

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// markerFile marks a folder as a site pmgov built, so that a later build may
// replace it. A build refuses to replace a folder that has files but no
// marker: `-o .` must never wipe a repository.
const (
	markerFile = ".pmgov-site"
	markerText = "This folder is a site built by pmgov. `pmgov build` replaces it whole.\n"
)

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
	if !info.IsDir() {
		return fmt.Errorf("output %s is a file, not a folder: choose another -o", out)
	}
	if _, err := os.Stat(filepath.Join(out, markerFile)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("output %s is not empty and holds no site built by pmgov (no %s): refusing to replace it; choose an empty or new folder with -o", out, markerFile)
	}
	return nil
}

// writeAtomically builds the site into a new folder beside out, then swaps
// it in: out → backup, new → out, backup removed. If fill fails, the new
// folder is removed and out is untouched. fill is told the previous site
// (out, when it is a site pmgov built; else "") so that it can reuse the
// files that have not changed.
func writeAtomically(out string, fill func(dir, prev string) error) (err error) {
	out = filepath.Clean(out)
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".new-")
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	prev := ""
	if _, err := os.Stat(filepath.Join(out, markerFile)); err == nil {
		prev = out
	}
	if err := fill(tmp, prev); err != nil {
		return err
	}
	// Check again: the folder may have changed while the site was built.
	if err := checkReplaceable(out); err != nil {
		return err
	}
	var backup string
	if _, statErr := os.Lstat(out); statErr == nil {
		b, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".old-")
		if err != nil {
			return fmt.Errorf("output %s: %w", out, err)
		}
		if err := os.Remove(b); err != nil {
			return fmt.Errorf("output %s: %w", out, err)
		}
		if err := os.Rename(out, b); err != nil {
			return fmt.Errorf("output %s: %w", out, err)
		}
		backup = b
	}
	if err := os.Rename(tmp, out); err != nil {
		if backup != "" {
			// Put the previous site back.
			if rerr := os.Rename(backup, out); rerr != nil {
				return fmt.Errorf("output %s: %w (the previous site is in %s)", out, err, backup)
			}
		}
		return fmt.Errorf("output %s: %w", out, err)
	}
	if backup != "" {
		if err := removeTree(backup, 0); err != nil {
			return fmt.Errorf("output %s: the new site is in place but the old one could not be removed from %s: %w", out, backup, err)
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
