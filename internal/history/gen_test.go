package history

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
	"github.com/go-git/go-git/v5/storage/memory"
)

// genOptions shapes a generated governance history.
type genOptions struct {
	Commits int // commits on all branches, merges included
	Files   int // files at the end (about)
	Seed    uint64
	// Branch, when set, makes side branches of a few commits that are
	// merged back, sometimes with a change of their own in the merge.
	Branch bool
	// Skew dates some commits before their parents.
	Skew bool
	// Delta lets the packfile store objects as deltas, as git gc does;
	// RefDeltas names delta bases by hash instead of by offset.
	Delta, RefDeltas bool
}

// genState is one branch's files: folder → file name → blob.
type genState map[string]map[string]plumbing.Hash

func (s genState) clone() genState {
	out := genState{}
	for d, files := range s {
		m := make(map[string]plumbing.Hash, len(files))
		for f, h := range files {
			m[f] = h
		}
		out[d] = m
	}
	return out
}

type generator struct {
	o     genOptions
	st    *memory.Storage
	rnd   *rand.Rand
	when  time.Time
	blobs int
	dirs  []string
	names []string // author names
}

// generate writes a repository into dir without a work tree: blobs, trees
// and commits go straight to an object store and then into one packfile,
// which is many times faster than committing through a work tree.
func generate(dir string, o genOptions) (head plumbing.Hash, err error) {
	g := &generator{
		o: o, st: memory.NewStorage(), rnd: rand.New(rand.NewPCG(o.Seed, 1)),
		when:  time.Date(2020, 1, 1, 8, 0, 0, 0, time.UTC),
		names: []string{"Alice Berg", "Bob Dahl", "Carol Eide", "Dave Foss", "Erin Gran", "Frank Haug"},
	}
	ndirs := max(1, o.Files/10)
	for i := range ndirs {
		g.dirs = append(g.dirs, fmt.Sprintf("centers/c%03d", i))
	}
	main := genState{"": {}}
	for i := range o.Files - 1 {
		d := g.dirs[i%ndirs]
		if main[d] == nil {
			main[d] = map[string]plumbing.Hash{}
		}
		main[d][fmt.Sprintf("f%03d.yaml", i)] = g.blob()
	}
	main[""]["governance.yaml"] = g.blob()
	// A file no commit touches after the first, as a charter would be:
	// the last-change walk has to go all the way to the root for it.
	main[""]["charter.md"] = g.blob()
	head, err = g.commit(main, "Initial import", nil)
	if err != nil {
		return head, err
	}
	var side genState
	var sideHead plumbing.Hash
	var sideBlobs map[plumbing.Hash]bool
	sideLeft := 0
	for n := 1; n < o.Commits; n++ {
		switch {
		case o.Branch && side == nil && g.rnd.IntN(25) == 0:
			side, sideHead, sideBlobs = main.clone(), head, map[plumbing.Hash]bool{}
			sideLeft = 2 + g.rnd.IntN(6)
		case side != nil && sideLeft == 0:
			// Merge: main's files, then what the branch changed since
			// the fork; now and then the merge resolves a file itself.
			merged := main.clone()
			for d, files := range side {
				for f, h := range files {
					if merged[d] == nil {
						merged[d] = map[string]plumbing.Hash{}
					}
					if sideBlobs[h] {
						merged[d][f] = h
					}
				}
			}
			if g.rnd.IntN(3) == 0 {
				d := g.pickDir(merged)
				var names []string
				for f := range merged[d] {
					if f != "charter.md" {
						names = append(names, f)
					}
				}
				slices.Sort(names)
				if len(names) > 0 {
					merged[d][names[g.rnd.IntN(len(names))]] = g.blob()
				}
			}
			head, err = g.commit(merged, "Merge branch", []plumbing.Hash{head, sideHead})
			if err != nil {
				return head, err
			}
			main, side = merged, nil
			continue
		}
		if side != nil && g.rnd.IntN(2) == 0 {
			g.change(side, sideBlobs)
			sideHead, err = g.commit(side, fmt.Sprintf("Branch change %d", n), []plumbing.Hash{sideHead})
			sideLeft--
		} else {
			g.change(main, nil)
			head, err = g.commit(main, fmt.Sprintf("Change %d", n), []plumbing.Hash{head})
		}
		if err != nil {
			return head, err
		}
	}
	return head, g.write(dir, head)
}

func (g *generator) blob() plumbing.Hash {
	g.blobs++
	obj := g.st.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	w, _ := obj.Writer()
	fmt.Fprintf(w, "id: x%d\nname: Version %d\nnote: %s\n", g.blobs, g.blobs, "lorem ipsum dolor sit amet, consectetur adipiscing elit")
	w.Close()
	h, _ := g.st.SetEncodedObject(obj)
	return h
}

func (g *generator) pickDir(s genState) string {
	keys := make([]string, 0, len(s))
	for d := range s {
		keys = append(keys, d)
	}
	slices.Sort(keys)
	return keys[g.rnd.IntN(len(keys))]
}

// change edits one to three files; now and then it renames, deletes or adds
// one. New blobs are recorded in mark when it is not nil.
func (g *generator) change(s genState, mark map[plumbing.Hash]bool) {
	for range 1 + g.rnd.IntN(3) {
		d := g.pickDir(s)
		var names []string
		for f := range s[d] {
			names = append(names, f)
		}
		if len(names) == 0 {
			s[d]["new.yaml"] = g.blob()
			continue
		}
		slices.Sort(names)
		f := names[g.rnd.IntN(len(names))]
		if f == "charter.md" {
			continue
		}
		switch r := g.rnd.IntN(100); {
		case r < 3: // rename within the folder
			s[d]["r"+f] = s[d][f]
			delete(s[d], f)
		case r < 6: // delete
			delete(s[d], f)
		case r < 9: // add
			h := g.blob()
			s[d][fmt.Sprintf("n%d.yaml", g.blobs)] = h
			if mark != nil {
				mark[h] = true
			}
		default:
			h := g.blob()
			s[d][f] = h
			if mark != nil {
				mark[h] = true
			}
		}
	}
}

// commit writes the trees of a state and a commit on top of parents.
func (g *generator) commit(s genState, msg string, parents []plumbing.Hash) (plumbing.Hash, error) {
	root, err := g.tree(s)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	g.when = g.when.Add(time.Duration(30+g.rnd.IntN(600)) * time.Minute)
	when := g.when
	if g.o.Skew && g.rnd.IntN(40) == 0 {
		when = when.Add(-time.Duration(1+g.rnd.IntN(30)) * 24 * time.Hour)
	}
	who := g.names[g.rnd.IntN(len(g.names))]
	sig := object.Signature{Name: who, Email: fmt.Sprintf("u%d@ous.example", len(who)), When: when}
	c := &object.Commit{Author: sig, Committer: sig, Message: msg + "\n", TreeHash: root, ParentHashes: parents}
	obj := g.st.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return g.st.SetEncodedObject(obj)
}

// tree writes the folder trees (centers/<id>, centers, the root) of a state.
// Unchanged folders encode to the hashes they had, so the store keeps one
// copy of each.
func (g *generator) tree(s genState) (plumbing.Hash, error) {
	sub := map[string][]object.TreeEntry{} // parent path → entries
	for d, files := range s {
		if len(files) == 0 {
			continue
		}
		var es []object.TreeEntry
		for f, h := range files {
			es = append(es, object.TreeEntry{Name: f, Mode: filemode.Regular, Hash: h})
		}
		if d == "" {
			sub[""] = append(sub[""], es...)
			continue
		}
		h, err := g.writeTree(es)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		parent, name := "centers", d[len("centers/"):]
		sub[parent] = append(sub[parent], object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
	}
	if len(sub["centers"]) > 0 {
		h, err := g.writeTree(sub["centers"])
		if err != nil {
			return plumbing.ZeroHash, err
		}
		sub[""] = append(sub[""], object.TreeEntry{Name: "centers", Mode: filemode.Dir, Hash: h})
	}
	return g.writeTree(sub[""])
}

func (g *generator) writeTree(es []object.TreeEntry) (plumbing.Hash, error) {
	slices.SortFunc(es, func(a, b object.TreeEntry) int {
		return compareName([]byte(a.Name), a.Mode == filemode.Dir, b.Name, b.Mode == filemode.Dir)
	})
	t := &object.Tree{Entries: es}
	obj := g.st.NewEncodedObject()
	if err := t.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	return g.st.SetEncodedObject(obj)
}

// write stores everything reachable from head as one packfile in a new
// repository at dir, with master and HEAD pointing at head.
func (g *generator) write(dir string, head plumbing.Hash) error {
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		return err
	}
	fsStore := repo.Storer.(*filesystem.Storage)
	var hashes []plumbing.Hash
	iter, err := g.st.IterEncodedObjects(plumbing.AnyObject)
	if err != nil {
		return err
	}
	if err := iter.ForEach(func(o plumbing.EncodedObject) error {
		hashes = append(hashes, o.Hash())
		return nil
	}); err != nil {
		return err
	}
	w, err := fsStore.PackfileWriter()
	if err != nil {
		return err
	}
	window := uint(0)
	if g.o.Delta {
		window = 10
	}
	if _, err := packfile.NewEncoder(w, g.st, g.o.RefDeltas).Encode(hashes, window); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return fsStore.SetReference(plumbing.NewHashReference(plumbing.Master, head))
}
