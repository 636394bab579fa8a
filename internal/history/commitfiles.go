package history

import (
	"fmt"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/ous-pm/pmgov/internal/diag"
)

// CommitFiles lists the files one commit changed against its first parent
// (against nothing for a root commit), relative to the data folder and
// sorted, as ChangedFiles lists a whole pull request's: the gate asks, for
// each commit, whether its author may change what it touched. Files outside
// the data folder are left out.
func (r *Repo) CommitFiles(hash string) ([]string, error) {
	if r.repo == nil {
		return nil, ErrNoGit
	}
	if !plumbing.IsHash(hash) {
		return nil, diag.Failf("history.commit-files.not-a-commit", hash)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	c, err := r.commit(plumbing.NewHash(hash))
	if err != nil {
		return nil, err
	}
	var parent plumbing.Hash
	if len(c.ParentHashes) > 0 && !r.shallow[c.Hash] {
		p, err := r.commit(c.ParentHashes[0])
		if err != nil {
			return nil, err
		}
		parent = p.TreeHash
	}
	var out []string
	if err := r.diffTrees(parent, c.TreeHash, "", &out); err != nil {
		return nil, fmt.Errorf("history: the files of commit %s: %w", hash[:12], err)
	}
	prefix := ""
	if r.root != "" {
		prefix = r.root + "/"
	}
	var rel []string
	for _, p := range out {
		if after, ok := strings.CutPrefix(p, prefix); ok {
			rel = append(rel, after)
		}
	}
	slices.Sort(rel)
	return rel, nil
}
