package history

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ous-pm/pmgov/internal/diag"
)

// FS gives the data folder as it was at revision rev, read from git objects
// (never from the work tree), so that the loader can validate or build the
// repository as it was. It implements fs.ReadDirFS, fs.ReadFileFS, fs.StatFS
// and fs.ReadLinkFS; symbolic links report fs.ModeSymlink and are followed
// by Open and Stat as long as they stay inside the data folder.
func (r *Repo) FS(rev string) (fs.FS, error) {
	root, c, err := r.dataTreeAt(rev)
	if err != nil {
		return nil, err
	}
	if rev == "" {
		rev = "HEAD"
	}
	return &treeFS{r: r, rev: rev, root: root, when: c.Committer.When}, nil
}

// ErrNoDataFolder is wrapped by FS and Blobs when the data folder did not
// exist at the revision.
var ErrNoDataFolder = errors.New("history: the data folder does not exist at that revision")

// ObjectError says that a git object a revision is made of (a file's blob,
// a folder's tree) cannot be read: it is missing, as in a partial clone
// (git clone --filter=blob:none) or a damaged repository, or it is
// corrupt. That is a failure of the tool, never a file that is absent: the
// file is there, pmgov cannot see it. errors.Is(err, fs.ErrNotExist) is
// false for it whatever the cause, so that no caller takes it for an absent
// file.
type ObjectError struct {
	// Path is the file or folder that could not be read, relative to the
	// data folder ("." for the data folder itself).
	Path string
	// Rev is the revision read, as given.
	Rev string
	// Object is the git object that could not be read.
	Object plumbing.Hash
	// Err is why.
	Err error
	// Text says it in both languages, with how to get every object.
	Text diag.Text
}

func newObjectError(p, rev string, h plumbing.Hash, err error) *ObjectError {
	return &ObjectError{Path: p, Rev: rev, Object: h, Err: err, Text: diag.M("history.new-object-error.text",
		p, rev, h.String()[:12], err)}
}

// Error gives the English text.
func (e *ObjectError) Error() string { return "history: " + e.Text.EN }

// Unwrap gives the cause, except when the cause says "does not exist": a
// missing object is not a missing file.
func (e *ObjectError) Unwrap() error {
	if errors.Is(e.Err, fs.ErrNotExist) {
		return nil
	}
	return e.Err
}

// dataTreeAt resolves rev and gives the tree of the data folder in it, and
// the commit. It takes r.mu itself.
func (r *Repo) dataTreeAt(rev string) (plumbing.Hash, *object.Commit, error) {
	if r.repo == nil {
		return plumbing.ZeroHash, nil, ErrNoGit
	}
	h, err := r.resolveHash(rev)
	if err != nil {
		return plumbing.ZeroHash, nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	c, err := r.commit(h)
	if err != nil {
		return plumbing.ZeroHash, nil, err
	}
	root, ok, err := r.dataTree(c)
	if err != nil {
		return plumbing.ZeroHash, nil, newObjectError(".", rev, c.TreeHash, err)
	}
	if !ok {
		return plumbing.ZeroHash, nil, diag.Wrapf(ErrNoDataFolder, "history.fs.no-data-folder", r.root, rev)
	}
	return root, c, nil
}

// treeFS is a read-only file system over a git tree.
type treeFS struct {
	r    *Repo
	rev  string // as asked for, for messages
	root plumbing.Hash
	when time.Time
	// sized keeps blobs read to learn their size (Stat), since the loader
	// reads each file right after it stats it; bounded, dropped when full.
	sized      map[plumbing.Hash][]byte
	sizedBytes int
}

const sizedLimit = 16 << 20

var (
	_ fs.ReadDirFS  = (*treeFS)(nil)
	_ fs.ReadFileFS = (*treeFS)(nil)
	_ fs.StatFS     = (*treeFS)(nil)
	_ fs.ReadLinkFS = (*treeFS)(nil)
)

// node is a resolved path: the tree entry it names (the root is a folder
// with the root hash).
type node struct {
	name string
	mode uint32
	hash plumbing.Hash
}

const maxLinkHops = 40

var errLinkOutside = errors.New("symbolic link points outside the repository")

// lookup resolves name; follow says whether a symbolic link in the last
// element is followed (links in the folders leading to it always are).
// Callers hold r.mu.
func (f *treeFS) lookup(op, name string, follow bool) (node, error) {
	if !fs.ValidPath(name) {
		return node{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	hops := 0
	p := name
restart:
	cur := node{name: ".", mode: modeDir, hash: f.root}
	if p == "." {
		return cur, nil
	}
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if cur.mode != modeDir {
			return node{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		t, err := f.r.trees.get(cur.hash)
		if err != nil {
			return node{}, &fs.PathError{Op: op, Path: name, Err: f.objectError(path.Join(parts[:i]...), cur.hash, err)}
		}
		e, ok := t.find(part)
		if !ok {
			return node{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
		}
		cur = node{name: part, mode: e.mode, hash: e.hash}
		last := i == len(parts)-1
		if cur.mode == modeSymlink && (!last || follow) {
			hops++
			if hops > maxLinkHops {
				return node{}, &fs.PathError{Op: op, Path: name, Err: errors.New("too many levels of symbolic links")}
			}
			target, err := f.blob(path.Join(parts[:i+1]...), cur.hash)
			if err != nil {
				return node{}, &fs.PathError{Op: op, Path: name, Err: err}
			}
			t := string(target)
			if path.IsAbs(t) {
				return node{}, &fs.PathError{Op: op, Path: name, Err: errLinkOutside}
			}
			next := path.Join(path.Join(parts[:i]...), t)
			if next == ".." || strings.HasPrefix(next, "../") {
				return node{}, &fs.PathError{Op: op, Path: name, Err: errLinkOutside}
			}
			if !last {
				next = path.Join(next, path.Join(parts[i+1:]...))
			}
			p = next
			goto restart
		}
	}
	return cur, nil
}

// objectError is the error for the object h of the file or folder p that
// could not be read; the root folder's path is ".".
func (f *treeFS) objectError(p string, h plumbing.Hash, err error) *ObjectError {
	if p == "" {
		p = "."
	}
	return newObjectError(p, f.rev, h, err)
}

// blob reads the content of the blob h of the file p; callers hold r.mu.
func (f *treeFS) blob(p string, h plumbing.Hash) ([]byte, error) {
	if data, ok := f.sized[h]; ok {
		delete(f.sized, h)
		f.sizedBytes -= len(data)
		return data, nil
	}
	t, data, err := f.r.rd.read(h)
	if err == nil && t != plumbing.BlobObject {
		err = fmt.Errorf("%s is a %s, not a file", h, t)
	}
	if err != nil {
		return nil, f.objectError(p, h, err)
	}
	return data, nil
}

func (f *treeFS) size(p string, h plumbing.Hash) (int64, error) {
	if data, ok := f.sized[h]; ok {
		return int64(len(data)), nil
	}
	data, err := f.blob(p, h)
	if err != nil {
		return 0, err
	}
	if f.sized == nil || f.sizedBytes+len(data) > sizedLimit {
		f.sized = map[plumbing.Hash][]byte{}
		f.sizedBytes = 0
	}
	f.sized[h] = data
	f.sizedBytes += len(data)
	return int64(len(data)), nil
}

// info describes n, whose name is its path; callers hold r.mu.
func (f *treeFS) info(n node) (*fileInfo, error) {
	fi := &fileInfo{name: path.Base(n.name), mode: n.mode, when: f.when}
	if n.mode != modeDir && n.mode != modeGitlink {
		s, err := f.size(n.name, n.hash)
		if err != nil {
			return nil, err
		}
		fi.size = s
	}
	return fi, nil
}

// Open opens a file or folder, following symbolic links.
func (f *treeFS) Open(name string) (fs.File, error) {
	f.r.mu.Lock()
	defer f.r.mu.Unlock()
	n, err := f.lookup("open", name, true)
	if err != nil {
		return nil, err
	}
	n.name = name
	fi, err := f.info(n)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	switch n.mode {
	case modeDir:
		entries, err := f.readDir(n)
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &dirFile{info: fi, entries: entries}, nil
	case modeGitlink:
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("a submodule has no content here")}
	}
	data, err := f.blob(name, n.hash)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &blobFile{info: fi, Reader: bytes.NewReader(data)}, nil
}

// ReadFile reads a whole file, following symbolic links.
func (f *treeFS) ReadFile(name string) ([]byte, error) {
	f.r.mu.Lock()
	defer f.r.mu.Unlock()
	n, err := f.lookup("read", name, true)
	if err != nil {
		return nil, err
	}
	if n.mode == modeDir || n.mode == modeGitlink {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	data, err := f.blob(name, n.hash)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, nil
}

// ReadDir lists a folder sorted by name, following symbolic links.
func (f *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	f.r.mu.Lock()
	defer f.r.mu.Unlock()
	n, err := f.lookup("readdir", name, true)
	if err != nil {
		return nil, err
	}
	if n.mode != modeDir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
	}
	n.name = name
	entries, err := f.readDir(n)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	return entries, nil
}

// readDir lists the folder n, whose name is its path; callers hold r.mu.
func (f *treeFS) readDir(n node) ([]fs.DirEntry, error) {
	t, err := f.r.trees.get(n.hash)
	if err != nil {
		return nil, f.objectError(n.name, n.hash, err)
	}
	out := make([]fs.DirEntry, 0, len(t.entries))
	for _, e := range t.entries {
		de := &dirEntry{f: f, dir: n.name, n: node{name: string(e.name), mode: e.mode, hash: e.hash}}
		out = append(out, de)
	}
	// git orders a folder "a" after "a.txt" ("a/" > "a."); fs.ReadDir
	// promises plain name order.
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// Stat describes a file or folder, following symbolic links.
func (f *treeFS) Stat(name string) (fs.FileInfo, error) {
	return f.stat("stat", name, true)
}

// Lstat describes a file or folder without following a final symbolic link.
func (f *treeFS) Lstat(name string) (fs.FileInfo, error) {
	return f.stat("lstat", name, false)
}

func (f *treeFS) stat(op, name string, follow bool) (fs.FileInfo, error) {
	f.r.mu.Lock()
	defer f.r.mu.Unlock()
	n, err := f.lookup(op, name, follow)
	if err != nil {
		return nil, err
	}
	n.name = name
	fi, err := f.info(n)
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return fi, nil
}

// ReadLink gives where a symbolic link points.
func (f *treeFS) ReadLink(name string) (string, error) {
	f.r.mu.Lock()
	defer f.r.mu.Unlock()
	n, err := f.lookup("readlink", name, false)
	if err != nil {
		return "", err
	}
	if n.mode != modeSymlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	target, err := f.blob(name, n.hash)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return string(target), nil
}

type fileInfo struct {
	name string
	mode uint32
	size int64
	when time.Time
}

func (i *fileInfo) Name() string       { return i.name }
func (i *fileInfo) Size() int64        { return i.size }
func (i *fileInfo) ModTime() time.Time { return i.when }
func (i *fileInfo) IsDir() bool        { return i.mode == modeDir }
func (i *fileInfo) Sys() any           { return nil }
func (i *fileInfo) Mode() fs.FileMode  { return fileMode(i.mode) }

// fileMode maps a git mode to a file mode: git records only folder, file,
// executable file, symbolic link and submodule.
func fileMode(m uint32) fs.FileMode {
	switch m {
	case modeDir:
		return fs.ModeDir | 0o555
	case modeExec:
		return 0o555
	case modeSymlink:
		return fs.ModeSymlink | 0o777
	case modeGitlink:
		return fs.ModeIrregular | 0o555
	}
	return 0o444
}

type dirEntry struct {
	f   *treeFS
	dir string // the folder's path
	n   node
}

func (d *dirEntry) Name() string      { return d.n.name }
func (d *dirEntry) IsDir() bool       { return d.n.mode == modeDir }
func (d *dirEntry) Type() fs.FileMode { return fileMode(d.n.mode).Type() }
func (d *dirEntry) Info() (fs.FileInfo, error) {
	d.f.r.mu.Lock()
	defer d.f.r.mu.Unlock()
	n := d.n
	n.name = path.Join(d.dir, n.name)
	fi, err := d.f.info(n)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: n.name, Err: err}
	}
	return fi, nil
}

type blobFile struct {
	info *fileInfo
	*bytes.Reader
}

func (b *blobFile) Stat() (fs.FileInfo, error) { return b.info, nil }
func (b *blobFile) Close() error               { return nil }

type dirFile struct {
	info    *fileInfo
	entries []fs.DirEntry
	off     int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a folder")}
}

// ReadDir follows the fs.ReadDirFile contract: n > 0 reads in batches and
// ends with io.EOF; n <= 0 reads the rest.
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}

// Blobs gives the blob hash of every regular file in the data folder at
// revision rev, by path in the folder, from the trees alone: not a blob is
// read. A file whose hash equals that of the bytes in the work tree is the
// same file, which lets the pull-request gate take over the work tree's
// parse of it for the base.
func (r *Repo) Blobs(rev string) (map[string]plumbing.Hash, error) {
	root, _, err := r.dataTreeAt(rev)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]plumbing.Hash{}
	var walk func(tree plumbing.Hash, prefix string) error
	walk = func(tree plumbing.Hash, prefix string) error {
		t, err := r.trees.get(tree)
		if err != nil {
			p := prefix
			if p == "" {
				p = "."
			}
			return newObjectError(p, rev, tree, err)
		}
		for _, e := range t.entries {
			p := string(e.name)
			if prefix != "" {
				p = prefix + "/" + p
			}
			switch e.mode {
			case modeFile, modeExec:
				out[p] = e.hash
			case modeDir:
				if err := walk(e.hash, p); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return out, walk(root, "")
}
