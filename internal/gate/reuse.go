package gate

import (
	"crypto/sha1"
	"strconv"

	"github.com/go-git/go-git/v5/plumbing"
)

// unchangedSince returns a test of whether a data file in the work tree,
// whose bytes sources holds (as the head's validation read them), is
// identical to the same path at the base, whose blob hashes blobs holds
// (history.Repo.Blobs). It compares git blob hashes: the base's come from its
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

// blobHash is the hash git gives a file holding b.
func blobHash(b []byte) plumbing.Hash {
	d := sha1.New()
	d.Write([]byte("blob " + strconv.Itoa(len(b)) + "\x00"))
	d.Write(b)
	var h plumbing.Hash
	copy(h[:], d.Sum(nil))
	return h
}
