package history

import (
	"container/heap"
	"errors"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Change is a commit that changed a file or folder.
type Change struct {
	// Date is when the change was authored, as git log shows it.
	Date    time.Time
	Author  string
	Email   string
	Subject string
	Hash    string
	// Truncated is set when this is the cut of a shallow clone rather than
	// a change seen: the path changed at this commit or earlier. Notes
	// explains how to get the whole history.
	Truncated bool
}

// pathNode is a folder or file of the tree being attributed. Files are
// numbered in git's tree order, so every folder covers a contiguous range of
// file numbers and a set of pending files is a sorted slice.
type pathNode struct {
	name     string
	dir      bool
	id       int32 // file number (files only)
	lo, hi   int32 // file numbers below this folder: [lo, hi)
	children []*pathNode
}

// LastChanges gives, for every file of the data folder at revision rev, the
// last commit that changed it, exactly as `git log -1 -- FILE` finds it: from
// rev, a commit that leaves the file as one of its parents has it passes the
// search on to the first such parent; the first commit that differs from all
// its parents (or a root commit) changed it.
//
// All files are attributed in one walk over the commits that compares tree
// hashes and descends only into folders that differ and still hold files
// waiting for an answer. The walk stops once every file has its answer. In a
// shallow clone, files whose change lies beyond the cut are attributed to the
// cut commit with Truncated set; nothing fails.
func (r *Repo) LastChanges(rev string) (map[string]Change, error) {
	if r.repo == nil {
		return nil, ErrNoGit
	}
	if r.unborn && (rev == "" || rev == "HEAD") {
		return map[string]Change{}, nil
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
	w := &lastWalk{r: r, out: map[string]Change{}}
	// The walk compares whole commit trees, so the folders above the data
	// folder form a chain of single-child nodes down to it.
	dataHash, ok, err := r.dataTree(head)
	if err != nil || !ok {
		return w.out, err
	}
	root := &pathNode{dir: true}
	parent := root
	if r.root != "" {
		for part := range strings.SplitSeq(r.root, "/") {
			n := &pathNode{name: part, dir: true}
			parent.children = []*pathNode{n}
			parent = n
		}
	}
	if err := w.build(parent, dataHash, ""); err != nil {
		return nil, err
	}
	for n := root; n != parent; n = n.children[0] {
		n.lo, n.hi = parent.lo, parent.hi
	}
	if len(w.paths) == 0 {
		return w.out, nil
	}
	all := make([]int32, len(w.paths))
	for i := range all {
		all[i] = int32(i)
	}
	w.root = root
	if err := w.run(head, all); err != nil {
		return nil, err
	}
	return w.out, nil
}

type lastWalk struct {
	r     *Repo
	root  *pathNode
	paths []string
	out   map[string]Change
	left  int
	queue commitQueue
	byID  map[plumbing.Hash]*queued
}

// build numbers the files below the folder n (tree hash h) in git order.
func (w *lastWalk) build(n *pathNode, h plumbing.Hash, prefix string) error {
	t, err := w.r.trees.get(h)
	if err != nil {
		return err
	}
	n.lo = int32(len(w.paths))
	for _, e := range t.entries {
		switch e.mode {
		case modeDir:
			c := &pathNode{name: string(e.name), dir: true}
			if err := w.build(c, e.hash, prefix+c.name+"/"); err != nil {
				return err
			}
			if c.hi > c.lo {
				n.children = append(n.children, c)
			}
		case modeFile, modeExec, modeSymlink:
			c := &pathNode{name: string(e.name), id: int32(len(w.paths))}
			c.lo, c.hi = c.id, c.id+1
			w.paths = append(w.paths, prefix+c.name)
			n.children = append(n.children, c)
		}
		// Submodules (gitlinks) are not files of the data folder.
	}
	n.hi = int32(len(w.paths))
	return nil
}

type queued struct {
	c       *object.Commit
	pending []int32
	index   int
	seq     int
}

// commitQueue orders commits newest first by committer date, first queued
// first among equal dates, as git log does. The last-change walk does not
// depend on the order (each file follows its own chain of parents); the order
// only makes it rare that files reach a commit after it was processed, which
// then costs a second visit. The recent-changes walk lists changes in this
// order.
type commitQueue struct {
	items []*queued
	seq   int
}

func (q *commitQueue) Len() int { return len(q.items) }
func (q *commitQueue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if ta, tb := a.c.Committer.When, b.c.Committer.When; !ta.Equal(tb) {
		return ta.After(tb)
	}
	return a.seq < b.seq
}
func (q *commitQueue) Swap(i, j int) {
	q.items[i], q.items[j] = q.items[j], q.items[i]
	q.items[i].index, q.items[j].index = i, j
}
func (q *commitQueue) Push(x any) {
	it := x.(*queued)
	it.index = len(q.items)
	it.seq = q.seq
	q.seq++
	q.items = append(q.items, it)
}
func (q *commitQueue) Pop() any {
	it := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return it
}

func (w *lastWalk) run(head *object.Commit, all []int32) error {
	w.left = len(all)
	w.byID = map[plumbing.Hash]*queued{}
	w.enqueue(head, all)
	var same, differ []int32
	for w.queue.Len() > 0 && w.left > 0 {
		it := heap.Pop(&w.queue).(*queued)
		delete(w.byID, it.c.Hash)
		c, pending := it.c, it.pending
		if w.r.shallow[c.Hash] {
			w.attribute(c, pending, true)
			continue
		}
		cTree := c.TreeHash
		for _, ph := range c.ParentHashes {
			p, err := w.r.rd.commit(ph)
			if errors.Is(err, plumbing.ErrObjectNotFound) {
				// A parent missing without a shallow entry (a damaged or
				// partial clone) cuts the history just the same.
				w.attribute(c, pending, true)
				pending = nil
				break
			}
			if err != nil {
				return err
			}
			pTree := p.TreeHash
			differ = differ[:0]
			if err := w.r.diffTargets(w.root, cTree, pTree, pending, &differ); err != nil {
				return err
			}
			same = subtract(same[:0], pending, differ)
			if len(same) > 0 {
				w.enqueue(p, append([]int32(nil), same...))
			}
			pending = append(pending[:0], differ...)
			if len(pending) == 0 {
				break
			}
		}
		if len(pending) > 0 {
			w.attribute(c, pending, false)
		}
	}
	return nil
}

func (w *lastWalk) enqueue(c *object.Commit, files []int32) {
	if it, ok := w.byID[c.Hash]; ok {
		it.pending = union(it.pending, files)
		return
	}
	it := &queued{c: c, pending: files}
	w.byID[c.Hash] = it
	heap.Push(&w.queue, it)
}

func (w *lastWalk) attribute(c *object.Commit, files []int32, truncated bool) {
	if len(files) == 0 {
		return
	}
	ch := changeOf(c, truncated)
	for _, id := range files {
		w.out[w.paths[id]] = ch
	}
	w.left -= len(files)
}

func changeOf(c *object.Commit, truncated bool) Change {
	return Change{
		Date:      c.Author.When,
		Author:    c.Author.Name,
		Email:     c.Author.Email,
		Subject:   subject(c.Message),
		Hash:      c.Hash.String(),
		Truncated: truncated,
	}
}

// subject is a commit's subject as git log %s shows it: the first paragraph
// of the message, its lines stripped of trailing white space and joined with
// spaces.
func subject(msg string) string {
	var b strings.Builder
	started := false
	for line := range strings.SplitSeq(msg, "\n") {
		line = strings.TrimRight(line, " \t\r\f\v")
		if line == "" {
			if started {
				break
			}
			continue
		}
		if started {
			b.WriteByte(' ')
		}
		b.WriteString(line)
		started = true
	}
	return b.String()
}

// diffTargets appends to out the pending targets (files, or folders taken as
// a whole) below folder n whose entries differ between the trees a (the
// commit) and b (a parent). pending is sorted and lies within n's range; out
// stays sorted. Callers hold r.mu.
func (r *Repo) diffTargets(n *pathNode, a, b plumbing.Hash, pending []int32, out *[]int32) error {
	if a == b || len(pending) == 0 {
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
	for _, ch := range n.children {
		// Skip the pending files before this child; stop after its range.
		for len(pending) > 0 && pending[0] < ch.lo {
			pending = pending[1:]
		}
		if len(pending) == 0 {
			break
		}
		if pending[0] >= ch.hi {
			continue
		}
		ea, okA := ta.find(ch.name)
		eb, okB := tb.find(ch.name)
		if !ch.dir {
			if okA != okB || okA && (ea.mode != eb.mode || ea.hash != eb.hash) {
				*out = append(*out, ch.id)
			}
			continue
		}
		var ha, hb plumbing.Hash
		if okA && ea.mode == modeDir {
			ha = ea.hash
		}
		if okB && eb.mode == modeDir {
			hb = eb.hash
		}
		if ha == hb {
			continue
		}
		end := 0
		for end < len(pending) && pending[end] < ch.hi {
			end++
		}
		if err := r.diffTargets(ch, ha, hb, pending[:end], out); err != nil {
			return err
		}
	}
	return nil
}

// subtract appends to dst the elements of a (sorted) not in b (sorted).
func subtract(dst, a, b []int32) []int32 {
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j < len(b) && b[j] == x {
			continue
		}
		dst = append(dst, x)
	}
	return dst
}

// union merges two sorted, disjoint sets.
func union(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] < b[j] {
			out = append(out, a[i])
			i++
		} else if a[i] > b[j] {
			out = append(out, b[j])
			j++
		} else {
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}
