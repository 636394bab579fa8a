package history

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"
)

// Canonical git modes, as git itself compares them (tree-diff canonicalises
// modes before comparing, so a historic 100664 equals 100644).
const (
	modeDir     uint32 = 0o040000
	modeFile    uint32 = 0o100644
	modeExec    uint32 = 0o100755
	modeSymlink uint32 = 0o120000
	modeGitlink uint32 = 0o160000
)

func canonMode(m uint32) uint32 {
	switch m & 0o170000 {
	case 0o040000:
		return modeDir
	case 0o120000:
		return modeSymlink
	case 0o160000:
		return modeGitlink
	}
	if m&0o111 != 0 {
		return modeExec
	}
	return modeFile
}

// rawEntry is one entry of a tree object. The name aliases the tree's raw
// bytes, so decoding a tree allocates once for the entries, never per name.
type rawEntry struct {
	name []byte
	mode uint32
	hash plumbing.Hash
}

// rawTree is a decoded tree object; entries keep git's order (by name, with
// folders compared as if their name ended in "/").
type rawTree struct {
	entries []rawEntry
}

var emptyTree = &rawTree{}

func parseTree(data []byte) (*rawTree, error) {
	// Count entries first so the slice is allocated exactly once.
	n := bytes.Count(data, []byte{0})
	t := &rawTree{entries: make([]rawEntry, 0, n)}
	for len(data) > 0 {
		sp := bytes.IndexByte(data, ' ')
		if sp <= 0 {
			return nil, fmt.Errorf("malformed tree entry mode")
		}
		var mode uint32
		for _, c := range data[:sp] {
			if c < '0' || c > '7' {
				return nil, fmt.Errorf("malformed tree entry mode %q", data[:sp])
			}
			mode = mode<<3 | uint32(c-'0')
		}
		data = data[sp+1:]
		nul := bytes.IndexByte(data, 0)
		if nul <= 0 || len(data) < nul+1+20 {
			return nil, fmt.Errorf("malformed tree entry")
		}
		e := rawEntry{name: data[:nul:nul], mode: canonMode(mode)}
		copy(e.hash[:], data[nul+1:nul+21])
		t.entries = append(t.entries, e)
		data = data[nul+21:]
	}
	return t, nil
}

// compareName orders a tree entry against a name the way git sorts trees:
// a folder's name compares as if followed by "/".
func compareName(entry []byte, entryDir bool, name string, nameDir bool) int {
	n := min(len(entry), len(name))
	for i := range n {
		if entry[i] != name[i] {
			if entry[i] < name[i] {
				return -1
			}
			return 1
		}
	}
	var a, b byte
	if len(entry) > n {
		a = entry[n]
	} else if entryDir {
		a = '/'
	}
	if len(name) > n {
		b = name[n]
	} else if nameDir {
		b = '/'
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// find looks an entry up by name, whatever its type: the same name sorts at a
// different place as a file than as a folder, so both places are searched.
func (t *rawTree) find(name string) (rawEntry, bool) {
	for _, dir := range [2]bool{false, true} {
		i := sort.Search(len(t.entries), func(i int) bool {
			e := &t.entries[i]
			return compareName(e.name, e.mode == modeDir, name, dir) >= 0
		})
		if i < len(t.entries) {
			e := t.entries[i]
			if string(e.name) == name && (e.mode == modeDir) == dir {
				return e, true
			}
		}
	}
	return rawEntry{}, false
}

// treeCache keeps decoded trees by hash. A walk needs the trees of the commit
// it is at and of its parents, which the next steps revisit; the cache is
// dropped whole once it holds too much, which bounds memory without
// bookkeeping per entry.
type treeCache struct {
	rd    *objectReader
	m     map[plumbing.Hash]*rawTree
	bytes int
}

const treeCacheLimit = 64 << 20

func newTreeCache(rd *objectReader) treeCache {
	return treeCache{rd: rd, m: map[plumbing.Hash]*rawTree{}}
}

// get returns the tree with hash h; the zero hash is the empty tree (an absent
// folder).
func (c *treeCache) get(h plumbing.Hash) (*rawTree, error) {
	if h.IsZero() {
		return emptyTree, nil
	}
	if t, ok := c.m[h]; ok {
		return t, nil
	}
	typ, data, err := c.rd.read(h)
	if err == nil && typ != plumbing.TreeObject {
		err = fmt.Errorf("%s is a %s, not a tree", h, typ)
	}
	if err != nil {
		return nil, fmt.Errorf("history: reading tree %s: %w", h, err)
	}
	size := len(data)
	t, err := parseTree(data)
	if err != nil {
		return nil, fmt.Errorf("history: tree %s: %w", h, err)
	}
	if c.bytes+size > treeCacheLimit {
		clear(c.m)
		c.bytes = 0
	}
	c.m[h] = t
	c.bytes += size + 64*len(t.entries)
	return t, nil
}
