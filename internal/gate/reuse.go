package gate

import (
	"crypto/sha1"
	"fmt"
	"path"
	"strconv"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ous-pm/pmgov/internal/history"
)

// unchangedSince returns a test of whether a data file in the work tree,
// whose bytes sources holds (as the head's validation read them), is
// identical to the same path at the base, whose blob hashes blobs holds
// (see baseBlobs). It compares git blob hashes: the base's come from its
// trees, without reading a single blob; the work tree's are computed from
// the bytes already read. Identity of bytes, not
// the list of changed files, decides, so that uncommitted edits and a base
// that moved on since the merge base are judged right. Any file it cannot
// vouch for (a symbolic link, a file the head could not read, a BOM the
// loader stripped) is simply read again.
func unchangedSince(blobs map[string]plumbing.Hash, sources map[string][]byte) func(string) bool {
	return func(p string) bool {
		want, ok := blobs[p]
		src, read := sources[p]
		return ok && read && blobHash(src) == want
	}
}

// baseBlobs gives the blob hash of every regular file in the data folder at
// revision base, by path in the folder, from the trees alone.
func baseBlobs(h *history.Repo, base string) (map[string]plumbing.Hash, error) {
	rev, err := h.Resolve(base)
	if err != nil {
		return nil, err
	}
	repo, err := git.PlainOpenWithOptions(h.Dir(), &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if err != nil {
		return nil, fmt.Errorf("opening the git repository: %w", err)
	}
	c, err := repo.CommitObject(plumbing.NewHash(rev))
	if err != nil {
		return nil, fmt.Errorf("reading commit %s: %w", rev, err)
	}
	t, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("reading the tree of %s: %w", rev, err)
	}
	if root := h.DataRoot(); root != "" {
		if t, err = t.Tree(root); err != nil {
			return nil, fmt.Errorf("reading %s at %s: %w", root, rev, err)
		}
	}
	blobs := map[string]plumbing.Hash{}
	if err := collectBlobs(repo, t, "", blobs); err != nil {
		return nil, err
	}
	return blobs, nil
}

// collectBlobs records the blob hash of every regular file under t.
func collectBlobs(repo *git.Repository, t *object.Tree, prefix string, out map[string]plumbing.Hash) error {
	for _, e := range t.Entries {
		p := path.Join(prefix, e.Name)
		switch e.Mode {
		case filemode.Regular, filemode.Executable, filemode.Deprecated:
			out[p] = e.Hash
		case filemode.Dir:
			sub, err := repo.TreeObject(e.Hash)
			if err != nil {
				return fmt.Errorf("reading the folder %s: %w", p, err)
			}
			if err := collectBlobs(repo, sub, p, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// blobHash is the hash git gives a file holding b.
func blobHash(b []byte) plumbing.Hash {
	d := sha1.New()
	d.Write([]byte("blob " + strconv.Itoa(len(b)) + "\x00"))
	d.Write(b)
	var h plumbing.Hash
	copy(h[:], d.Sum(nil))
	return h
}
