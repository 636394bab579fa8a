package lsp

import (
	"io/fs"
	"path"
	"slices"
	"sync"
	"testing/fstest"
	"time"
)

// overlay is the repository as the editor sees it: the folder on disk with
// the unsaved text of every open document in place of the file's bytes. It
// keeps the folders' listings between runs, since a one-line change never
// adds or removes a file; Forget drops them when the client says files
// were created or deleted.
type overlay struct {
	base fs.FS

	mu   sync.Mutex
	open map[string][]byte
	dirs map[string][]fs.DirEntry
}

func newOverlay(base fs.FS) *overlay {
	return &overlay{base: base, open: map[string][]byte{}, dirs: map[string][]fs.DirEntry{}}
}

// Set puts text in place of the file at p (a repository path).
func (o *overlay) Set(p string, text []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	_, had := o.open[p]
	o.open[p] = text
	if !had {
		// A document that is not on disk yet must show in its folder.
		o.dirs = map[string][]fs.DirEntry{}
	}
}

// Drop lets the file at p be read from disk again.
func (o *overlay) Drop(p string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.open, p)
	o.dirs = map[string][]fs.DirEntry{}
}

// Text is the open document's text at p, if it is open.
func (o *overlay) Text(p string) ([]byte, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	b, ok := o.open[p]
	return b, ok
}

// Forget drops the cached folder listings.
func (o *overlay) Forget() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.dirs = map[string][]fs.DirEntry{}
}

func (o *overlay) mem(p string) (fstest.MapFS, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	b, ok := o.open[p]
	if !ok {
		return nil, false
	}
	return fstest.MapFS{p: &fstest.MapFile{Data: b, Mode: 0o644, ModTime: time.Time{}}}, true
}

// Open opens the open document's text, or the file on disk.
func (o *overlay) Open(name string) (fs.File, error) {
	if m, ok := o.mem(name); ok {
		return m.Open(name)
	}
	return o.base.Open(name)
}

// ReadFile reads the open document's text, or the file on disk.
func (o *overlay) ReadFile(name string) ([]byte, error) {
	if b, ok := o.Text(name); ok {
		return slices.Clone(b), nil
	}
	return fs.ReadFile(o.base, name)
}

// Stat describes the open document, or the file on disk.
func (o *overlay) Stat(name string) (fs.FileInfo, error) {
	if m, ok := o.mem(name); ok {
		return fs.Stat(m, name)
	}
	return fs.Stat(o.base, name)
}

// Lstat is Stat without following a link on disk.
func (o *overlay) Lstat(name string) (fs.FileInfo, error) {
	if m, ok := o.mem(name); ok {
		return fs.Stat(m, name)
	}
	return fs.Lstat(o.base, name)
}

// ReadLink reads a link on disk; an open document is never one.
func (o *overlay) ReadLink(name string) (string, error) {
	if _, ok := o.Text(name); ok {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return fs.ReadLink(o.base, name)
}

// ReadDir lists a folder on disk with the open documents that are not on
// disk yet, from the cache when it has the folder.
func (o *overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	o.mu.Lock()
	cached, ok := o.dirs[name]
	o.mu.Unlock()
	if ok {
		return slices.Clone(cached), nil
	}
	es, err := fs.ReadDir(o.base, name)
	if err != nil && len(es) == 0 {
		if !o.hasOpenUnder(name) {
			return nil, err
		}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	have := map[string]bool{}
	for _, e := range es {
		have[e.Name()] = true
	}
	for p := range o.open {
		dir, file := path.Split(p)
		dir = path.Clean(dir)
		if dir == name && !have[file] {
			if m, ok := o.memLocked(p); ok {
				if info, serr := fs.Stat(m, p); serr == nil {
					es = append(es, fs.FileInfoToDirEntry(info))
					have[file] = true
				}
			}
		}
	}
	slices.SortFunc(es, func(a, b fs.DirEntry) int {
		switch {
		case a.Name() < b.Name():
			return -1
		case a.Name() > b.Name():
			return 1
		}
		return 0
	})
	if err == nil {
		o.dirs[name] = slices.Clone(es)
	}
	return es, nil
}

func (o *overlay) hasOpenUnder(dir string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	for p := range o.open {
		if path.Dir(p) == dir {
			return true
		}
	}
	return false
}

func (o *overlay) memLocked(p string) (fstest.MapFS, bool) {
	b, ok := o.open[p]
	if !ok {
		return nil, false
	}
	return fstest.MapFS{p: &fstest.MapFile{Data: b, Mode: 0o644}}, true
}
