package history

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// objectReader reads commits and trees for the walks. Packed objects are read
// straight from the packfiles (index lookup, inflate, delta resolution with a
// cache of delta bases, as git does); everything else (loose objects,
// alternates, anything the reader does not understand) goes through go-git.
// Reading packs directly avoids go-git's per-object allocations and hashing,
// which dominate a walk over thousands of commits.
type objectReader struct {
	objs  storer.EncodedObjectStorer
	packs []*pack
	zr    io.ReadCloser
	comp  []byte
	src   bytes.Reader
	bases map[baseKey][]byte
	bsize int
}

type baseKey struct {
	pack int
	off  int64
}

const baseCacheLimit = 32 << 20

type packFile interface {
	io.ReaderAt
	io.Closer
}

type pack struct {
	f       packFile
	data    []byte // the whole pack, mapped into memory, or nil
	fanout  [256]uint32
	hashes  []byte  // sorted object ids, 20 bytes each
	offsets []int64 // by position in hashes
	ends    []int64 // object offsets sorted, to find where an object's data ends
	dataEnd int64   // where the trailing checksum starts
}

func newObjectReader(st *filesystem.Storage) *objectReader {
	r := &objectReader{objs: st, bases: map[baseKey][]byte{}}
	hs, err := st.ObjectPacks()
	if err != nil {
		return r
	}
	fsys := st.Filesystem()
	dir := objectsDir(fsys.Root())
	for _, h := range hs {
		p, err := openPack(fsys, dir, h)
		if err != nil {
			// go-git reads what this reader cannot.
			continue
		}
		r.packs = append(r.packs, p)
	}
	return r
}

func (r *objectReader) close() {
	for _, p := range r.packs {
		unmapPack(p.data)
		p.f.Close()
	}
	r.packs = nil
}

// objectsDir is where a git directory keeps its objects: a linked
// worktree's git directory names the main one in its commondir file.
func objectsDir(gitDir string) string {
	if b, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		common := strings.TrimSpace(string(b))
		if !filepath.IsAbs(common) {
			common = filepath.Join(gitDir, common)
		}
		return filepath.Join(common, "objects")
	}
	return filepath.Join(gitDir, "objects")
}

// openPack opens a pack and its index as plain files, so that the pack can
// be mapped into memory, or through go-git's file system when that fails.
func openPack(fsys billy.Filesystem, objects string, h plumbing.Hash) (*pack, error) {
	base := "objects/pack/pack-" + h.String()
	osBase := filepath.Join(objects, "pack", "pack-"+h.String())
	idx, err := os.ReadFile(osBase + ".idx")
	var f packFile
	var size int64
	if err == nil {
		of, oerr := os.Open(osBase + ".pack")
		if oerr == nil {
			if info, serr := of.Stat(); serr == nil {
				f, size = of, info.Size()
			} else {
				of.Close()
			}
		}
	}
	if f == nil {
		if idx, err = readAll(fsys, base+".idx"); err != nil {
			return nil, err
		}
		bf, err := fsys.Open(base + ".pack")
		if err != nil {
			return nil, err
		}
		info, err := fsys.Stat(base + ".pack")
		if err != nil {
			bf.Close()
			return nil, err
		}
		f, size = bf, info.Size()
	}
	p, err := parseIndex(idx)
	if err != nil {
		f.Close()
		return nil, err
	}
	p.f = f
	p.dataEnd = size - 20
	p.data = mapPack(f, size)
	return p, nil
}

// parseIndex reads a version 2 pack index.
func parseIndex(idx []byte) (*pack, error) {
	p := &pack{}
	if len(idx) < 8+256*4 || !bytes.Equal(idx[:4], []byte{0xff, 't', 'O', 'c'}) || binary.BigEndian.Uint32(idx[4:8]) != 2 {
		return nil, errors.New("not a version 2 pack index")
	}
	for i := range 256 {
		p.fanout[i] = binary.BigEndian.Uint32(idx[8+4*i:])
	}
	n := int(p.fanout[255])
	pos := 8 + 256*4
	if len(idx) < pos+n*(20+4+4)+40 {
		return nil, errors.New("short pack index")
	}
	p.hashes = idx[pos : pos+20*n]
	pos += 20 * n
	pos += 4 * n // CRCs
	small := idx[pos : pos+4*n]
	large := idx[pos+4*n:]
	p.offsets = make([]int64, n)
	for i := range n {
		o := binary.BigEndian.Uint32(small[4*i:])
		if o&0x80000000 != 0 {
			j := int(o & 0x7fffffff)
			if len(large) < 8*j+8 {
				return nil, errors.New("bad large offset")
			}
			p.offsets[i] = int64(binary.BigEndian.Uint64(large[8*j:]))
		} else {
			p.offsets[i] = int64(o)
		}
	}
	p.ends = slices.Clone(p.offsets)
	slices.Sort(p.ends)
	return p, nil
}

func readAll(fsys billy.Filesystem, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// find gives the pack offset of object h, or -1.
func (p *pack) find(h plumbing.Hash) int64 {
	lo := 0
	if h[0] > 0 {
		lo = int(p.fanout[h[0]-1])
	}
	hi := int(p.fanout[h[0]])
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch c := bytes.Compare(p.hashes[20*m:20*m+20], h[:]); {
		case c == 0:
			return p.offsets[m]
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return -1
}

var errPackFormat = errors.New("unexpected pack data")

// read gives the type and content of object h.
func (r *objectReader) read(h plumbing.Hash) (plumbing.ObjectType, []byte, error) {
	var packErr error
	for i, p := range r.packs {
		if off := p.find(h); off >= 0 {
			t, data, err := r.readAt(i, off, 0)
			if err == nil {
				return t, data, nil
			}
			packErr = err
			break
		}
	}
	obj, err := r.objs.EncodedObject(plumbing.AnyObject, h)
	if err != nil {
		if packErr != nil {
			return 0, nil, packErr
		}
		return 0, nil, err
	}
	rd, err := obj.Reader()
	if err != nil {
		return 0, nil, err
	}
	defer rd.Close()
	data := make([]byte, obj.Size())
	if _, err := io.ReadFull(rd, data); err != nil {
		return 0, nil, err
	}
	// go-git does not check what it inflates against the object's name: a
	// damaged object must be an error, never other bytes.
	if got := plumbing.ComputeHash(obj.Type(), data); got != h {
		if packErr != nil {
			return 0, nil, packErr
		}
		return 0, nil, fmt.Errorf("object %s is damaged: its content hashes to %s", h, got)
	}
	return obj.Type(), data, nil
}

// maxDeltaDepth bounds delta chains (git writes at most 50 deep by
// default, 250 when aggressive), so that a corrupt pack cannot loop.
const maxDeltaDepth = 4096

// readAt reads the object at off in pack pi, resolving deltas.
func (r *objectReader) readAt(pi int, off int64, depth int) (plumbing.ObjectType, []byte, error) {
	if depth > maxDeltaDepth {
		return 0, nil, errPackFormat
	}
	p := r.packs[pi]
	var b []byte
	if p.data != nil {
		if off >= int64(len(p.data)) {
			return 0, nil, errPackFormat
		}
		b = p.data[off:min(off+32, int64(len(p.data)))]
	} else {
		var hdr [32]byte
		n, err := p.f.ReadAt(hdr[:], off)
		if n == 0 {
			return 0, nil, fmt.Errorf("reading pack: %w", err)
		}
		b = hdr[:n]
	}
	i := 0
	next := func() (byte, bool) {
		if i >= len(b) {
			return 0, false
		}
		c := b[i]
		i++
		return c, true
	}
	c, _ := next()
	typ := plumbing.ObjectType((c >> 4) & 7)
	size := uint64(c & 15)
	shift := uint(4)
	for c&0x80 != 0 {
		var ok bool
		if c, ok = next(); !ok || shift > 56 {
			return 0, nil, errPackFormat
		}
		size |= uint64(c&0x7f) << shift
		shift += 7
	}
	var baseOff int64 = -1
	var baseHash plumbing.Hash
	switch typ {
	case plumbing.CommitObject, plumbing.TreeObject, plumbing.BlobObject, plumbing.TagObject:
	case plumbing.OFSDeltaObject:
		c, ok := next()
		if !ok {
			return 0, nil, errPackFormat
		}
		rel := int64(c & 0x7f)
		for c&0x80 != 0 {
			if c, ok = next(); !ok {
				return 0, nil, errPackFormat
			}
			rel = (rel+1)<<7 | int64(c&0x7f)
		}
		baseOff = off - rel
		if rel <= 0 || baseOff < 12 {
			return 0, nil, errPackFormat
		}
	case plumbing.REFDeltaObject:
		if len(b)-i < 20 {
			return 0, nil, errPackFormat
		}
		copy(baseHash[:], b[i:i+20])
		i += 20
		// A base in the same pack is read (and cached) by offset.
		baseOff = p.find(baseHash)
	default:
		return 0, nil, errPackFormat
	}
	start := off + int64(i)
	end := p.dataEnd
	if k, found := slices.BinarySearch(p.ends, off); found && k+1 < len(p.ends) {
		end = p.ends[k+1]
	}
	if end <= start || size > 1<<31 {
		return 0, nil, errPackFormat
	}
	raw, err := r.inflate(p, start, end, int(size))
	if err != nil {
		return 0, nil, err
	}
	if typ != plumbing.OFSDeltaObject && typ != plumbing.REFDeltaObject {
		return typ, raw, nil
	}
	var btyp plumbing.ObjectType
	var base []byte
	if baseOff >= 0 {
		key := baseKey{pi, baseOff}
		if cached, ok := r.bases[key]; ok {
			btyp, base = plumbing.ObjectType(cached[len(cached)-1]), cached[:len(cached)-1]
		} else {
			btyp, base, err = r.readAt(pi, baseOff, depth+1)
			if err != nil {
				return 0, nil, err
			}
			r.keepBase(key, btyp, base)
		}
	} else {
		btyp, base, err = r.read(baseHash)
		if err != nil {
			return 0, nil, err
		}
	}
	out, err := applyDelta(base, raw)
	if err != nil {
		return 0, nil, err
	}
	return btyp, out, nil
}

// keepBase caches a delta base with its type in a last byte; the cache is
// dropped whole when full, which keeps it simple and bounded.
func (r *objectReader) keepBase(key baseKey, t plumbing.ObjectType, data []byte) {
	if r.bsize+len(data) > baseCacheLimit {
		clear(r.bases)
		r.bsize = 0
	}
	v := make([]byte, len(data)+1)
	copy(v, data)
	v[len(data)] = byte(t)
	r.bases[key] = v
	r.bsize += len(v)
}

func (r *objectReader) inflate(p *pack, start, end int64, size int) ([]byte, error) {
	var comp []byte
	if p.data != nil {
		if end > int64(len(p.data)) {
			return nil, errPackFormat
		}
		comp = p.data[start:end]
	} else {
		n := int(end - start)
		if cap(r.comp) < n {
			r.comp = make([]byte, n)
		}
		comp = r.comp[:n]
		if _, err := p.f.ReadAt(comp, start); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("reading pack: %w", err)
		}
	}
	r.src.Reset(comp)
	src := &r.src
	if r.zr == nil {
		zr, err := zlib.NewReader(src)
		if err != nil {
			return nil, err
		}
		r.zr = zr
	} else if err := r.zr.(zlib.Resetter).Reset(src, nil); err != nil {
		return nil, err
	}
	out := make([]byte, size)
	if _, err := io.ReadFull(r.zr, out); err != nil {
		return nil, fmt.Errorf("inflating pack object: %w", err)
	}
	// The stream must end here, and zlib checks its checksum only at the
	// end: a damaged object is an error, never different bytes.
	var one [1]byte
	if n, err := r.zr.Read(one[:]); n != 0 || err != io.EOF {
		if err == nil || err == io.EOF {
			err = errPackFormat
		}
		return nil, fmt.Errorf("inflating pack object: %w", err)
	}
	return out, nil
}

// applyDelta rebuilds an object from its base and a git delta.
func applyDelta(base, delta []byte) ([]byte, error) {
	varint := func() (uint64, bool) {
		var v uint64
		var shift uint
		for len(delta) > 0 && shift < 64 {
			c := delta[0]
			delta = delta[1:]
			v |= uint64(c&0x7f) << shift
			shift += 7
			if c&0x80 == 0 {
				return v, true
			}
		}
		return 0, false
	}
	srcSize, ok1 := varint()
	dstSize, ok2 := varint()
	if !ok1 || !ok2 || srcSize != uint64(len(base)) || dstSize > 1<<31 {
		return nil, errPackFormat
	}
	out := make([]byte, 0, dstSize)
	for len(delta) > 0 {
		cmd := delta[0]
		delta = delta[1:]
		switch {
		case cmd&0x80 != 0:
			var off, n uint64
			for k := range 4 {
				if cmd&(1<<k) != 0 {
					if len(delta) == 0 {
						return nil, errPackFormat
					}
					off |= uint64(delta[0]) << (8 * k)
					delta = delta[1:]
				}
			}
			for k := range 3 {
				if cmd&(0x10<<k) != 0 {
					if len(delta) == 0 {
						return nil, errPackFormat
					}
					n |= uint64(delta[0]) << (8 * k)
					delta = delta[1:]
				}
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) {
				return nil, errPackFormat
			}
			out = append(out, base[off:off+n]...)
		case cmd != 0:
			if int(cmd) > len(delta) {
				return nil, errPackFormat
			}
			out = append(out, delta[:cmd]...)
			delta = delta[cmd:]
		default:
			return nil, errPackFormat
		}
	}
	if uint64(len(out)) != dstSize {
		return nil, errPackFormat
	}
	return out, nil
}

// commit reads and decodes a commit: its tree, parents, author, committer
// and message.
func (r *objectReader) commit(h plumbing.Hash) (*object.Commit, error) {
	t, data, err := r.read(h)
	if err != nil {
		return nil, err
	}
	if t != plumbing.CommitObject {
		return nil, plumbing.ErrObjectNotFound
	}
	c := &object.Commit{Hash: h}
	rest := data
	for len(rest) > 0 {
		nl := bytes.IndexByte(rest, '\n')
		if nl < 0 {
			nl = len(rest)
		}
		line := rest[:nl]
		rest = rest[min(nl+1, len(rest)):]
		if len(line) == 0 {
			c.Message = string(rest)
			break
		}
		if line[0] == ' ' {
			continue // continuation of a multi-line header (gpgsig, mergetag)
		}
		key, val, _ := strings.Cut(string(line), " ")
		switch key {
		case "tree":
			c.TreeHash = plumbing.NewHash(val)
		case "parent":
			c.ParentHashes = append(c.ParentHashes, plumbing.NewHash(val))
		case "author":
			c.Author.Decode([]byte(val))
		case "committer":
			c.Committer.Decode([]byte(val))
		}
	}
	return c, nil
}
