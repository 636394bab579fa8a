package history

import (
	"container/heap"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/ous-pm/pmgov/internal/diag"
)

// RecentChanges gives, for each path (a folder such as centers/lunge, or a
// file; relative to the data folder), its n most recent changes newest first,
// exactly as `git log -n N -- PATH` lists them: a merge that leaves the path
// as one of its parents has it passes on to that parent only and is not
// listed; a commit that differs from all its parents is listed and its
// parents are all followed. n <= 0 lists every change. Paths may not lie
// inside one another.
//
// All paths are served by one walk that compares tree hashes, as
// LastChanges does. In a shallow clone the walk ends at the cut: a path that
// exists there gets the cut commit as a last entry marked Truncated.
func (r *Repo) RecentChanges(rev string, paths []string, n int) (map[string][]Change, error) {
	if r.repo == nil {
		return nil, ErrNoGit
	}
	out := map[string][]Change{}
	if len(paths) == 0 || r.unborn && (rev == "" || rev == "HEAD") {
		return out, nil
	}
	root, targets, err := targetTree(r.root, paths)
	if err != nil {
		return nil, err
	}
	start, err := r.resolveHash(rev)
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	head, err := r.commit(start)
	if err != nil {
		return nil, err
	}
	w := &recentWalk{r: r, root: root, targets: targets, n: n, out: out,
		inQ: map[plumbing.Hash]*queued{}, seen: map[plumbing.Hash][]int32{}}
	all := make([]int32, len(targets))
	for i := range all {
		all[i] = int32(i)
	}
	w.active = len(all)
	w.enqueue(head, all)
	return out, w.run()
}

// targetTree builds the path tree of the targets below the data folder root,
// numbering them in tree order so that every folder covers a range.
func targetTree(root string, paths []string) (*pathNode, []string, error) {
	clean := make([]string, 0, len(paths))
	for _, p := range paths {
		c := path.Clean(strings.Trim(p, "/"))
		if c == "." || c == ".." || strings.HasPrefix(c, "../") {
			return nil, nil, diag.Failf("history.recent.outside", p)
		}
		clean = append(clean, c)
	}
	slices.Sort(clean)
	clean = slices.Compact(clean)
	for i := 1; i < len(clean); i++ {
		if strings.HasPrefix(clean[i], clean[i-1]+"/") {
			return nil, nil, diag.Failf("history.recent.nested", clean[i], clean[i-1])
		}
	}
	top := &pathNode{dir: true}
	for _, p := range clean {
		full := p
		if root != "" {
			full = root + "/" + p
		}
		n := top
		parts := strings.Split(full, "/")
		for i, part := range parts {
			var next *pathNode
			for _, ch := range n.children {
				if ch.name == part {
					next = ch
				}
			}
			if next == nil {
				next = &pathNode{name: part, dir: i < len(parts)-1}
				n.children = append(n.children, next)
			}
			n = next
		}
	}
	// Sorted input and appended children make a depth-first numbering
	// follow the sorted order of the targets.
	var targets []string
	var number func(n *pathNode, prefix string)
	number = func(n *pathNode, prefix string) {
		n.lo = int32(len(targets))
		for _, ch := range n.children {
			if !ch.dir {
				ch.id = int32(len(targets))
				ch.lo, ch.hi = ch.id, ch.id+1
				targets = append(targets, strings.TrimPrefix(prefix+ch.name, rootPrefix(root)))
				continue
			}
			number(ch, prefix+ch.name+"/")
		}
		n.hi = int32(len(targets))
	}
	number(top, "")
	return top, targets, nil
}

func rootPrefix(root string) string {
	if root == "" {
		return ""
	}
	return root + "/"
}

type recentWalk struct {
	r       *Repo
	root    *pathNode
	targets []string
	n       int
	out     map[string][]Change
	active  int // targets still wanting changes
	done    []bool
	queue   commitQueue
	inQ     map[plumbing.Hash]*queued
	// seen holds, per commit, the targets whose walk already reached it: a
	// walk visits a commit once, however many paths lead there.
	seen map[plumbing.Hash][]int32
}

func (w *recentWalk) enqueue(c *object.Commit, ts []int32) {
	ts = subtract(nil, ts, w.seen[c.Hash])
	if len(ts) == 0 {
		return
	}
	w.seen[c.Hash] = union(w.seen[c.Hash], ts)
	if it, ok := w.inQ[c.Hash]; ok {
		it.pending = union(it.pending, ts)
		return
	}
	it := &queued{c: c, pending: ts}
	w.inQ[c.Hash] = it
	heap.Push(&w.queue, it)
}

// record lists c as a change of the targets ts, dropping targets that have
// all they asked for.
func (w *recentWalk) record(c *object.Commit, ts []int32, truncated bool) {
	ch := changeOf(c, truncated)
	for _, t := range ts {
		if w.isDone(t) {
			continue
		}
		name := w.targets[t]
		w.out[name] = append(w.out[name], ch)
		if w.n > 0 && len(w.out[name]) >= w.n {
			w.markDone(t)
		}
	}
}

func (w *recentWalk) isDone(t int32) bool { return w.done != nil && w.done[t] }

func (w *recentWalk) markDone(t int32) {
	if w.done == nil {
		w.done = make([]bool, len(w.targets))
	}
	w.done[t] = true
	w.active--
}

func (w *recentWalk) live(ts []int32) []int32 {
	if w.done == nil {
		return ts
	}
	return slices.DeleteFunc(ts, func(t int32) bool { return w.done[t] })
}

func (w *recentWalk) run() error {
	var differ, same []int32
	for w.queue.Len() > 0 && w.active > 0 {
		it := heap.Pop(&w.queue).(*queued)
		delete(w.inQ, it.c.Hash)
		c := it.c
		pending := w.live(it.pending)
		if len(pending) == 0 {
			continue
		}
		parents := c.ParentHashes
		truncated := w.r.shallow[c.Hash]
		var pcs []*object.Commit
		if !truncated {
			for _, ph := range parents {
				p, err := w.r.rd.commit(ph)
				if errors.Is(err, plumbing.ErrObjectNotFound) {
					truncated = true
					break
				}
				if err != nil {
					return fmt.Errorf("history: reading commit %s: %w", ph, err)
				}
				pcs = append(pcs, p)
			}
		}
		if truncated || len(pcs) == 0 {
			// A root, or the cut of a shallow clone: listed where the
			// path exists (differs from the empty tree).
			differ = differ[:0]
			if err := w.r.diffTargets(w.root, c.TreeHash, plumbing.ZeroHash, pending, &differ); err != nil {
				return err
			}
			w.record(c, differ, truncated)
			continue
		}
		rest := pending
		for _, p := range pcs {
			differ = differ[:0]
			if err := w.r.diffTargets(w.root, c.TreeHash, p.TreeHash, rest, &differ); err != nil {
				return err
			}
			same = subtract(same[:0], rest, differ)
			if len(same) > 0 {
				w.enqueue(p, slices.Clone(same))
			}
			rest = slices.Clone(differ)
			if len(rest) == 0 {
				break
			}
		}
		if len(rest) == 0 {
			continue
		}
		// Changed against every parent: listed, and every parent followed.
		w.record(c, rest, false)
		rest = w.live(rest)
		for _, p := range pcs {
			if len(rest) > 0 {
				w.enqueue(p, slices.Clone(rest))
			}
		}
	}
	return nil
}
