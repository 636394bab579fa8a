// Package history reads the git history of a governance repository: the last
// change of every data file, the recent changes of a folder, the repository
// as it was at a revision or a date, the files and commits a pull request
// brings. It reads git's object store itself (packfiles directly, the rest
// through go-git), so no git program is needed where pmgov runs, and it keeps
// working in a shallow clone (as CI makes them) or in a plain folder without
// git, saying once what is missing.
package history

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/load"
)

// Repo is the git repository that holds a governance data folder, or the
// plain folder itself when there is no git repository around it.
type Repo struct {
	dir  string // the data folder as given to Open, made absolute
	root string // the data folder relative to the worktree root, slash-separated; "" when it is the root
	repo *git.Repository
	objs storer.EncodedObjectStorer
	rd   *objectReader

	// mu serialises object reads: go-git's packfile readers share file
	// descriptors and are not safe for concurrent use, while the loader
	// reads files from FS on all cores.
	mu    sync.Mutex
	trees treeCache

	shallow map[plumbing.Hash]bool
	unborn  bool // HEAD names a branch without commits (a fresh git init)
	notes   []diag.Text
	closer  func() error
}

// Open opens the git repository holding dir (dir itself or any folder above
// it). A folder outside any git repository is not an error: the Repo then has
// no history (HasGit is false) and Notes says so once.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return nil, fmt.Errorf("history: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("history: %s is not a folder", dir)
	}
	r := &Repo{dir: abs}
	probe, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		r.notes = append(r.notes, diag.M("history.open.message",
			dir))
		return r, nil
	}
	if err != nil {
		return nil, fmt.Errorf("history: opening the git repository around %s: %w", dir, err)
	}
	fsStore, ok := probe.Storer.(*filesystem.Storage)
	if !ok {
		return nil, fmt.Errorf("history: unexpected git storage %T", probe.Storer)
	}
	// Reopen the same .git with packfile descriptors kept open: by default
	// go-git opens and closes the packfile for every object it reads, which
	// dominates a walk over thousands of commits.
	st := filesystem.NewStorageWithOptions(fsStore.Filesystem(), cache.NewObjectLRUDefault(), filesystem.Options{KeepDescriptors: true})
	wt, err := probe.Worktree()
	switch {
	case errors.Is(err, git.ErrIsBareRepository):
		r.repo, err = git.Open(st, nil)
	case err != nil:
		return nil, fmt.Errorf("history: %w", err)
	default:
		top := wt.Filesystem.Root()
		rel, rerr := relativeTo(top, abs)
		if rerr != nil {
			return nil, rerr
		}
		r.root = rel
		r.repo, err = git.Open(st, wt.Filesystem)
	}
	if err != nil {
		return nil, fmt.Errorf("history: opening the git repository around %s: %w", dir, err)
	}
	r.objs = st
	r.rd = newObjectReader(st)
	r.closer = func() error {
		r.rd.close()
		return st.Close()
	}
	r.trees = newTreeCache(r.rd)
	if _, err := r.repo.Head(); errors.Is(err, plumbing.ErrReferenceNotFound) {
		r.unborn = true
		r.notes = append(r.notes, diag.M("history.open.message-2"))
	}
	hs, err := st.Shallow()
	if err != nil {
		return nil, fmt.Errorf("history: reading the shallow-clone list: %w", err)
	}
	if len(hs) > 0 {
		r.shallow = map[plumbing.Hash]bool{}
		for _, h := range hs {
			r.shallow[h] = true
		}
		r.notes = append(r.notes, r.shallowNote(hs))
	}
	return r, nil
}

// relativeTo gives dir relative to the worktree root top, slash-separated,
// resolving symbolic links on both so that /tmp and /private/tmp agree.
func relativeTo(top, dir string) (string, error) {
	if t, err := filepath.EvalSymlinks(top); err == nil {
		top = t
	}
	if d, err := filepath.EvalSymlinks(dir); err == nil {
		dir = d
	}
	rel, err := filepath.Rel(top, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("history: %s lies outside the git worktree %s", dir, top)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}

func (r *Repo) shallowNote(hs []plumbing.Hash) diag.Text {
	// Name the newest cut commit: in a depth-1 clone it is the only one.
	var best *object.Commit
	for _, h := range hs {
		c, err := r.rd.commit(h)
		if err != nil {
			continue
		}
		if best == nil || c.Committer.When.After(best.Committer.When) {
			best = c
		}
	}
	at := hs[0].String()[:12]
	if best != nil {
		at = fmt.Sprintf("%s (%s)", best.Hash.String()[:12], best.Committer.When.UTC().Format(time.DateOnly))
	}
	return diag.M("history.repo-shallow-note.text",
		at)
}

// HasGit reports whether the data folder lies in a git repository. Without
// one, every history method returns ErrNoGit.
func (r *Repo) HasGit() bool { return r.repo != nil }

// HasCommits reports whether the data folder lies in a git repository whose
// HEAD names a commit; a fresh git init has none yet.
func (r *Repo) HasCommits() bool { return r.repo != nil && !r.unborn }

// Shallow reports whether the repository is a shallow clone.
func (r *Repo) Shallow() bool { return len(r.shallow) > 0 }

// Notes are what a user should know about the history features, at most one
// per condition: no git repository (history is off), or a shallow clone
// (history is cut, and how to get it all).
func (r *Repo) Notes() []diag.Text { return r.notes }

// DataRoot is the data folder relative to the top of the git worktree,
// slash-separated, "" when the data lives at the top. Paths in results are
// relative to the data folder.
func (r *Repo) DataRoot() string { return r.root }

// Dir is the data folder as an absolute path.
func (r *Repo) Dir() string { return r.dir }

// Close releases the open (and memory-mapped) packfiles. Reading after
// Close still works, more slowly, through go-git.
func (r *Repo) Close() error {
	if r.closer == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.closer()
}

// ErrNoGit is returned by history methods when the data folder is not in a git
// repository.
var ErrNoGit = errors.New("history: the data folder is not in a git repository")

// WorkFS is the data folder as it is on disk (the work tree), symbolic links
// included: load.Dir, like os.DirFS, implements fs.ReadLinkFS.
func (r *Repo) WorkFS() fs.FS { return load.Dir(r.dir) }

// Resolve turns a revision (branch, tag, remote branch such as origin/main, a
// full or abbreviated commit hash, HEAD~1, HEAD^2, ...) into a full commit
// hash. A name that more than one kind of ref has (a tag and a remote
// branch both called origin/main) fails with an AmbiguousError; a full
// commit id or a full ref name (refs/remotes/origin/main) never does. In a
// shallow clone, a revision that is not there fails with a FetchError saying
// how to fetch it.
func (r *Repo) Resolve(rev string) (string, error) {
	h, err := r.resolveHash(rev)
	if err != nil {
		return "", err
	}
	return h.String(), nil
}

func (r *Repo) resolveHash(rev string) (plumbing.Hash, error) {
	if r.repo == nil {
		return plumbing.ZeroHash, ErrNoGit
	}
	if rev == "" {
		rev = "HEAD"
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	h, err := r.resolve(rev)
	if err != nil {
		var ae *AmbiguousError
		if errors.As(err, &ae) {
			return plumbing.ZeroHash, ae
		}
		if r.Shallow() {
			return plumbing.ZeroHash, &FetchError{Err: err, Text: diag.M("history.repo-resolve-hash.text",
				rev, strings.TrimPrefix(rev, "origin/"))}
		}
		return plumbing.ZeroHash, fmt.Errorf("history: cannot resolve revision %q: %w", rev, err)
	}
	return h, nil
}

// resolve does Resolve's work; callers hold r.mu. go-git's revision parser
// does not know ^N (the Nth parent), so the ~N and ^N steps after a name are
// walked here; other syntax is left to go-git.
func (r *Repo) resolve(rev string) (plumbing.Hash, error) {
	name, steps, ok := splitRevision(rev)
	if !ok {
		name, steps = rev, nil
	}
	cur, err := r.resolveName(name)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	for _, s := range steps {
		for i := 0; i < s.count; i++ {
			if s.parent == 0 {
				break
			}
			c, err := r.commit(cur)
			if err != nil {
				return plumbing.ZeroHash, err
			}
			if r.shallow[cur] || s.parent > len(c.ParentHashes) {
				return plumbing.ZeroHash, fmt.Errorf("%s has no parent number %d here", cur.String()[:12], s.parent)
			}
			cur = c.ParentHashes[s.parent-1]
		}
	}
	return cur, nil
}

// resolveName resolves a name to a commit, peeling tags. A full hash is
// always a commit id. A name starting with refs/ is that ref and nothing
// else. Any other name is looked up the way git rev-parse does (NAME,
// refs/NAME, refs/tags/NAME, refs/heads/NAME, refs/remotes/NAME,
// refs/remotes/NAME/HEAD), but where git takes the first that exists, a
// name that more than one of them has fails with an AmbiguousError: a tag
// or a local branch named origin/main must not silently stand in for the
// remote branch the gate compares with. An abbreviated hash is a commit id
// only when no ref has the name and exactly one commit has the prefix.
// Callers hold r.mu.
func (r *Repo) resolveName(name string) (plumbing.Hash, error) {
	if plumbing.IsHash(name) {
		return r.peel(plumbing.NewHash(name))
	}
	candidates := []string{name}
	if !strings.HasPrefix(name, "refs/") {
		candidates = []string{name, "refs/" + name, "refs/tags/" + name, "refs/heads/" + name, "refs/remotes/" + name, "refs/remotes/" + name + "/HEAD"}
	}
	var found []string
	var hash plumbing.Hash
	for _, full := range candidates {
		ref, err := r.repo.Reference(plumbing.ReferenceName(full), true)
		switch {
		case err == nil:
			found = append(found, full)
			hash = ref.Hash()
		case errors.Is(err, plumbing.ErrReferenceNotFound), errors.Is(err, dotgit.ErrReferenceNameEscape):
			// No such ref, or a name no ref can have.
		default:
			return plumbing.ZeroHash, fmt.Errorf("reading the ref %s: %w", full, err)
		}
	}
	commits, err := r.commitsWithPrefix(name)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	switch {
	case len(found) == 1 && len(commits) == 0:
		return r.peel(hash)
	case len(found)+len(commits) > 1:
		return plumbing.ZeroHash, newAmbiguousError(name, found, commits)
	case len(commits) == 1:
		return commits[0], nil
	}
	if _, _, ok := splitRevision(name); ok {
		return plumbing.ZeroHash, fmt.Errorf("%w: no ref or commit is named %s", plumbing.ErrReferenceNotFound, name)
	}
	// Syntax go-git knows and this resolver does not (name^{commit},
	// name^{/text}): the name in front is resolved here, with the same
	// refusal of ambiguous names, and go-git is given its full hash.
	i := strings.IndexAny(name, "^@:")
	if i > 0 {
		h, err := r.resolveName(name[:i])
		if err != nil {
			return plumbing.ZeroHash, err
		}
		name = h.String() + name[i:]
	}
	h, err := r.repo.ResolveRevision(plumbing.Revision(name))
	if err != nil {
		return plumbing.ZeroHash, err
	}
	return *h, nil
}

// commitsWithPrefix gives the commits (or tags of commits, peeled) whose
// hash begins with prefix, when prefix can be an abbreviated hash: 4 to 39
// hexadecimal digits, as git abbreviates. Callers hold r.mu.
func (r *Repo) commitsWithPrefix(prefix string) ([]plumbing.Hash, error) {
	if len(prefix) < 4 || len(prefix) >= 40 || strings.Trim(strings.ToLower(prefix), "0123456789abcdef") != "" {
		return nil, nil
	}
	st, ok := r.objs.(interface {
		HashesWithPrefix([]byte) ([]plumbing.Hash, error)
	})
	if !ok {
		return nil, nil
	}
	prefix = strings.ToLower(prefix)
	b, err := hex.DecodeString(prefix[:len(prefix)&^1])
	if err != nil {
		return nil, nil
	}
	hs, err := st.HashesWithPrefix(b)
	if err != nil {
		return nil, fmt.Errorf("looking up the abbreviated hash %s: %w", prefix, err)
	}
	var out []plumbing.Hash
	for _, h := range hs {
		if !strings.HasPrefix(h.String(), prefix) {
			continue
		}
		c, err := r.peel(h)
		if err != nil {
			continue // a tree or a blob: not a revision
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b plumbing.Hash) int { return strings.Compare(a.String(), b.String()) })
	return out, nil
}

// AmbiguousError says that a revision name names more than one thing: refs
// of different kinds (a tag and a remote branch both called origin/main), or
// a ref and an abbreviated commit id, or several commits. pmgov refuses to
// pick one, since the choice decides what a change is compared with.
type AmbiguousError struct {
	// Name is the name as given.
	Name string
	// Candidates are the full ref names (refs/tags/origin/main, ...) in
	// git's lookup order, then the full hashes of the commits it
	// abbreviates.
	Candidates []string
	// Text says it in both languages, with what to pass instead.
	Text diag.Text
}

func newAmbiguousError(name string, refs []string, commits []plumbing.Hash) *AmbiguousError {
	cands := slices.Clone(refs)
	for _, c := range commits {
		cands = append(cands, c.String())
	}
	// The example names the remote branch where there is one: it is what
	// --base origin/main means in a pull request's checkout.
	example := "refs/remotes/origin/main"
	for _, c := range refs {
		if strings.HasPrefix(c, "refs/") {
			example = c
			break
		}
	}
	for _, c := range refs {
		if strings.HasPrefix(c, "refs/remotes/") {
			example = c
			break
		}
	}
	list := strings.Join(cands, ", ")
	return &AmbiguousError{Name: name, Candidates: cands, Text: diag.M("history.new-ambiguous-error.text",
		name, list, example)}
}

// Error gives the English text.
func (e *AmbiguousError) Error() string { return "history: " + e.Text.EN }

// peel follows annotated tags to the commit they name.
func (r *Repo) peel(h plumbing.Hash) (plumbing.Hash, error) {
	for range 16 {
		t, data, err := r.rd.read(h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		switch t {
		case plumbing.CommitObject:
			return h, nil
		case plumbing.TagObject:
			line, _, _ := strings.Cut(string(data), "\n")
			obj, ok := strings.CutPrefix(line, "object ")
			if !ok || !plumbing.IsHash(obj) {
				return plumbing.ZeroHash, fmt.Errorf("tag %s names no object", h)
			}
			h = plumbing.NewHash(obj)
		default:
			return plumbing.ZeroHash, fmt.Errorf("%s is a %s, not a commit", h, t)
		}
	}
	return plumbing.ZeroHash, fmt.Errorf("tag %s: too many levels of tags", h)
}

// revStep is ~N (count N of parent 1) or ^N (count 1 of parent N).
type revStep struct{ parent, count int }

// splitRevision splits "name~2^2" into the name and its parent steps. ok is
// false for syntax it does not know (@{...}, ^{...}, :path).
func splitRevision(rev string) (name string, steps []revStep, ok bool) {
	i := strings.IndexAny(rev, "^~")
	if i <= 0 {
		return rev, nil, !strings.ContainsAny(rev, "^~")
	}
	name, rest := rev[:i], rev[i:]
	for rest != "" {
		op := rest[0]
		rest = rest[1:]
		j := 0
		for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		n := 1
		if j > 0 {
			v, err := strconv.Atoi(rest[:j])
			if err != nil {
				return "", nil, false
			}
			n = v
		}
		rest = rest[j:]
		switch op {
		case '~':
			steps = append(steps, revStep{parent: 1, count: n})
		case '^':
			steps = append(steps, revStep{parent: n, count: 1})
		default:
			return "", nil, false
		}
	}
	return name, steps, true
}

// commit reads a commit object; callers hold r.mu.
func (r *Repo) commit(h plumbing.Hash) (*object.Commit, error) {
	c, err := r.rd.commit(h)
	if err != nil {
		return nil, fmt.Errorf("history: reading commit %s: %w", h, err)
	}
	return c, nil
}

// dataTree gives the tree hash of the data folder in commit c, or false when
// the folder does not exist there; callers hold r.mu.
func (r *Repo) dataTree(c *object.Commit) (plumbing.Hash, bool, error) {
	h := c.TreeHash
	if r.root == "" {
		return h, true, nil
	}
	for part := range strings.SplitSeq(r.root, "/") {
		t, err := r.trees.get(h)
		if err != nil {
			return plumbing.ZeroHash, false, err
		}
		e, ok := t.find(part)
		if !ok || e.mode != modeDir {
			return plumbing.ZeroHash, false, nil
		}
		h = e.hash
	}
	return h, true, nil
}
