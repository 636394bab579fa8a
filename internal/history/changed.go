package history

import (
	"container/heap"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/ous-pm/pmgov/internal/diag"
)

// Commit is a commit a pull request brings.
type Commit struct {
	Hash    string
	Author  string
	Email   string
	Date    time.Time
	Subject string
}

// ErrBaseNotFetched is wrapped by ChangedFiles and Commits when the merge base
// of the base and HEAD is not in the clone (a shallow checkout).
var ErrBaseNotFetched = errors.New("history: the merge base is not in this clone")

// FetchError says that the clone lacks history a command needs, in both
// languages, with the command that fetches it. errors.As finds it in the
// errors of Resolve, ChangedFiles, Commits, FS and LastChanges.
type FetchError struct {
	Text diag.Text
	Err  error
}

// Error gives the English text.
func (e *FetchError) Error() string { return "history: " + e.Text.EN }

// Unwrap gives the cause (ErrBaseNotFetched, or why a revision did not resolve).
func (e *FetchError) Unwrap() error { return e.Err }

// ChangedFiles lists the files that differ between the merge base of base and
// HEAD, and HEAD (what `git diff --name-only base...HEAD` shows): added,
// modified and deleted files, and both paths of a renamed file. Paths are
// relative to the data folder, slash-separated and sorted; files outside the
// data folder are left out.
func (r *Repo) ChangedFiles(base string) ([]string, error) {
	if r.repo == nil {
		return nil, ErrNoGit
	}
	mb, head, err := r.mergeBase(base)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	if err := r.diffTrees(mb.TreeHash, head.TreeHash, "", &out); err != nil {
		return nil, err
	}
	var rel []string
	prefix := ""
	if r.root != "" {
		prefix = r.root + "/"
	}
	for _, p := range out {
		if after, ok := strings.CutPrefix(p, prefix); ok {
			rel = append(rel, after)
		}
	}
	slices.Sort(rel)
	return rel, nil
}

// diffTrees appends every file path that differs between trees a and b,
// descending only into folders whose hashes differ. Callers hold r.mu.
func (r *Repo) diffTrees(a, b plumbing.Hash, prefix string, out *[]string) error {
	if a == b {
		return nil
	}
	ta, err := r.trees.get(a)
	if err != nil {
		return err
	}
	tb, err := r.trees.get(b)
	if err != nil {
		return err
	}
	// Merge the two sorted entry lists; a name that is a folder on one side
	// and a file on the other is two different entries in git order.
	i, j := 0, 0
	for i < len(ta.entries) || j < len(tb.entries) {
		var ea, eb *rawEntry
		switch {
		case j == len(tb.entries):
			ea = &ta.entries[i]
			i++
		case i == len(ta.entries):
			eb = &tb.entries[j]
			j++
		default:
			x, y := &ta.entries[i], &tb.entries[j]
			c := compareName(x.name, x.mode == modeDir, string(y.name), y.mode == modeDir)
			switch {
			case c < 0:
				ea = x
				i++
			case c > 0:
				eb = y
				j++
			default:
				ea, eb = x, y
				i++
				j++
			}
		}
		if ea != nil && eb != nil && ea.mode == eb.mode && ea.hash == eb.hash {
			continue
		}
		var e *rawEntry
		if ea != nil {
			e = ea
		} else {
			e = eb
		}
		name := prefix + string(e.name)
		if e.mode == modeDir {
			var ha, hb plumbing.Hash
			if ea != nil {
				ha = ea.hash
			}
			if eb != nil {
				hb = eb.hash
			}
			if err := r.diffTrees(ha, hb, name+"/", out); err != nil {
				return err
			}
			continue
		}
		*out = append(*out, name)
	}
	return nil
}

// Commits lists the commits reachable from HEAD but not from base (what
// `git log base..HEAD` shows), newest first, with their authors, so that a
// pull request's authors can be matched to people.
func (r *Repo) Commits(base string) ([]Commit, error) {
	if r.repo == nil {
		return nil, ErrNoGit
	}
	// The merge base also proves that the history between base and HEAD is
	// in the clone.
	if _, _, err := r.mergeBase(base); err != nil {
		return nil, err
	}
	bh, err := r.resolveHash(base)
	if err != nil {
		return nil, err
	}
	hh, err := r.resolveHash("HEAD")
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	w := newPaint(r)
	if err := w.add(hh, fromHead); err != nil {
		return nil, err
	}
	if err := w.add(bh, fromBase); err != nil {
		return nil, err
	}
	var seen []*object.Commit
	var oldest time.Time
	// Stop when only commits reachable from base remain queued and they are
	// older than every commit taken, plus a few more steps: git's slop,
	// which lets a commit dated before its parents (a skewed clock) still be
	// recognised as reachable from base.
	const slop = 5
	left := slop
	done := func() bool {
		top := w.queue.items[0].c.Committer.When
		if !top.Before(oldest) || !w.allFlagged(fromBase) {
			left = slop
			return false
		}
		left--
		return left <= 0
	}
	if err := w.run(done, func(c *object.Commit) {
		seen = append(seen, c)
		if w.flags[c.Hash]&fromBase == 0 && (oldest.IsZero() || c.Committer.When.Before(oldest)) {
			oldest = c.Committer.When
		}
	}); err != nil {
		return nil, err
	}
	var out []Commit
	for _, c := range seen {
		if w.flags[c.Hash]&fromBase != 0 {
			continue
		}
		out = append(out, Commit{
			Hash: c.Hash.String(), Author: c.Author.Name, Email: c.Author.Email,
			Date: c.Author.When, Subject: subject(c.Message),
		})
	}
	return out, nil
}

// mergeBase finds the best common ancestor of base and HEAD, as git
// merge-base does (the first one when there are several).
func (r *Repo) mergeBase(base string) (mb, head *object.Commit, err error) {
	bh, err := r.resolveHash(base)
	if err != nil {
		return nil, nil, err
	}
	hh, err := r.resolveHash("HEAD")
	if err != nil {
		return nil, nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	w := newPaint(r)
	if err := w.add(hh, fromHead); err != nil {
		return nil, nil, err
	}
	if err := w.add(bh, fromBase); err != nil {
		return nil, nil, err
	}
	var found []*object.Commit
	// Done when every queued commit is below a merge base already found.
	err = w.run(func() bool { return w.allFlagged(stale) }, func(c *object.Commit) {
		flags := w.flags[c.Hash]
		if flags&(fromHead|fromBase) == fromHead|fromBase && flags&stale == 0 {
			found = append(found, c)
			w.flags[c.Hash] |= stale
		}
	})
	if err != nil {
		return nil, nil, err
	}
	// Drop candidates that are ancestors of other candidates. The walk
	// marks most of them already; one found before a descendant (a skewed
	// clock) needs a walk of its own, as in git's remove_redundant.
	var best []*object.Commit
	for i, c := range found {
		if w.flags[c.Hash]&redundant != 0 {
			continue
		}
		var others []plumbing.Hash
		for j, o := range found {
			if j != i {
				others = append(others, o.Hash)
			}
		}
		below, err := r.reachableFrom(c.Hash, others)
		if err != nil {
			return nil, nil, err
		}
		if !below {
			best = append(best, c)
		}
	}
	if len(best) == 0 {
		if w.cut {
			return nil, nil, &FetchError{Err: ErrBaseNotFetched, Text: diag.M("history.repo-merge-base.text",
				base)}
		}
		return nil, nil, diag.Failf("history.merge-base.none", base)
	}
	head, err = r.commit(hh)
	if err != nil {
		return nil, nil, err
	}
	return best[0], head, nil
}

// reachableFrom reports whether commit a is an ancestor of one of others,
// by the same paint walk: a is reached from others before the walk runs
// out of commits that could still lead to it. Callers hold r.mu.
func (r *Repo) reachableFrom(a plumbing.Hash, others []plumbing.Hash) (bool, error) {
	if len(others) == 0 {
		return false, nil
	}
	w := newPaint(r)
	if err := w.add(a, fromHead); err != nil {
		return false, err
	}
	for _, o := range others {
		if err := w.add(o, fromBase); err != nil {
			return false, err
		}
	}
	err := w.run(func() bool {
		return w.flags[a]&fromBase != 0 || w.allFlagged(stale)
	}, func(c *object.Commit) {
		if f := w.flags[c.Hash]; f&(fromHead|fromBase) == fromHead|fromBase {
			w.flags[c.Hash] |= stale
		}
	})
	return w.flags[a]&fromBase != 0, err
}

const (
	fromHead uint8 = 1 << iota
	fromBase
	stale
	redundant
)

// paint walks commits newest first from several starting points, carrying
// flags down to parents, as git's merge-base and revision walks do.
type paint struct {
	r     *Repo
	flags map[plumbing.Hash]uint8
	queue commitQueue
	inQ   map[plumbing.Hash]*queued
	cut   bool // a shallow commit was met
}

func newPaint(r *Repo) *paint {
	return &paint{r: r, flags: map[plumbing.Hash]uint8{}, inQ: map[plumbing.Hash]*queued{}}
}

func (p *paint) add(h plumbing.Hash, f uint8) error {
	c, err := p.r.commit(h)
	if err != nil {
		return err
	}
	p.push(c, f)
	return nil
}

func (p *paint) push(c *object.Commit, f uint8) {
	p.flags[c.Hash] |= f
	if _, ok := p.inQ[c.Hash]; ok {
		return
	}
	it := &queued{c: c}
	p.inQ[c.Hash] = it
	heap.Push(&p.queue, it)
}

// allFlagged reports whether every queued commit carries flag f.
func (p *paint) allFlagged(f uint8) bool {
	for _, it := range p.queue.items {
		if p.flags[it.c.Hash]&f == 0 {
			return false
		}
	}
	return true
}

// run pops commits until done says so or the queue is empty, visiting each
// before its flags pass to its parents. What a found merge base (stale)
// reaches is marked redundant, which drops a candidate found earlier that
// turns out to be an ancestor of a later one.
func (p *paint) run(done func() bool, visit func(*object.Commit)) error {
	for p.queue.Len() > 0 && !done() {
		it := heap.Pop(&p.queue).(*queued)
		delete(p.inQ, it.c.Hash)
		c := it.c
		visit(c)
		f := p.flags[c.Hash]
		if p.r.shallow[c.Hash] {
			p.cut = true
			continue
		}
		for _, ph := range c.ParentHashes {
			// A parent missing without a shallow entry is a damaged
			// clone: the merge base and the commits a pull request
			// brings would come out wrong, so it is an error, not a cut.
			pc, err := p.r.rd.commit(ph)
			if err != nil {
				return fmt.Errorf("history: reading commit %s, a parent of %s: %w", ph, c.Hash, err)
			}
			pf := f
			if f&stale != 0 {
				pf |= redundant
			}
			if p.flags[ph]&pf == pf {
				continue
			}
			p.push(pc, pf)
		}
	}
	return nil
}

// RevisionAt gives the commit that was the tip of rev's branch (HEAD when
// rev is empty) at time t: the first commit along rev's first parents
// committed at or before t (what `git rev-list -1 --first-parent --before=T
// REV` names), so that "what changed since a date" compares with the state
// the branch had then. It fails with ErrNoRevision when the branch is
// younger than t, and with a FetchError when a shallow clone's history is cut
// before t.
func (r *Repo) RevisionAt(rev string, t time.Time) (string, error) {
	if r.repo == nil {
		return "", ErrNoGit
	}
	h, err := r.resolveHash(rev)
	if err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		c, err := r.commit(h)
		if err != nil {
			return "", err
		}
		if !c.Committer.When.After(t) {
			return c.Hash.String(), nil
		}
		if len(c.ParentHashes) == 0 {
			return "", diag.Wrapf(ErrNoRevision, "history.revision-at.too-early", c.Committer.When.UTC().Format(time.DateOnly))
		}
		if r.shallow[h] {
			return "", &FetchError{Err: ErrBaseNotFetched, Text: diag.M("history.repo-revision-at.text",
				t.Format(time.DateOnly), t.Format(time.DateOnly))}
		}
		h = c.ParentHashes[0]
	}
}

// ErrNoRevision is wrapped by RevisionAt when the branch did not exist yet at
// the time asked for.
var ErrNoRevision = errors.New("history: no commit that early")
