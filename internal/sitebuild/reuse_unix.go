//go:build unix

package sitebuild

import (
	"bytes"
	"path/filepath"
	"sync"
	"syscall"
)

// reuser hard-links files of the previous site into the new one when their
// bytes have not changed. A nil reuser reuses nothing.
type reuser struct {
	prev string
	// mode and uid are those of a file the build has just written: a file
	// of the previous site is reused only when it is a regular file with
	// the same permissions and owner, so that a rebuild gives the same
	// site as a build into a new folder.
	mode uint32
	uid  uint32
	// scratch holds buffers to read previous files into.
	scratch sync.Pool
}

// newReuser reuses files of the site in prev; fresh is a file the build
// has written. It returns nil when fresh cannot be examined.
func newReuser(prev, fresh string) *reuser {
	var st syscall.Stat_t
	if err := syscall.Lstat(fresh, &st); err != nil {
		return nil
	}
	return &reuser{prev: prev, mode: uint32(st.Mode), uid: st.Uid}
}

// link makes name a hard link to the previous site's file at rel when that
// file holds exactly data, and reports whether it did. Any failure (no
// such file, another size, mode or owner, different bytes, a file system
// without hard links) reports false, and the caller writes the file.
func (r *reuser) link(rel, name string, data []byte) bool {
	if r == nil {
		return false
	}
	old := filepath.Join(r.prev, rel)
	if !r.same(old, data) {
		return false
	}
	for {
		err := syscall.Link(old, name)
		if err != syscall.EINTR {
			return err == nil
		}
	}
}

// same reports whether the file at old is a regular file like a fresh one
// holding exactly data.
func (r *reuser) same(old string, data []byte) bool {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(old, syscall.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return false
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return false
	}
	if uint32(st.Mode) != r.mode || st.Uid != r.uid || st.Size != int64(len(data)) {
		return false
	}
	bp, _ := r.scratch.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	defer r.scratch.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	// One byte more than expected: a file that grew since fstat differs.
	buf := (*bp)[:len(data)+1]
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return false
		}
		if m == 0 {
			break
		}
		n += m
	}
	return n == len(data) && bytes.Equal(buf[:n], data)
}
