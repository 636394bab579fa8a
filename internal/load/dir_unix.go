//go:build unix

package load

import (
	"errors"
	"io/fs"
	"syscall"
)

var _ fileReader = dirFS{}

func (d dirFS) readFile(name string, limit int64) ([]byte, fs.FileMode, int64, error) {
	if !fs.ValidPath(name) {
		return nil, 0, 0, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	var fd int
	err := retry(func() (err error) {
		// O_NONBLOCK: opening a named pipe must not wait for a writer.
		fd, err = syscall.Open(d.root+"/"+name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		return err
	})
	if err != nil {
		return nil, 0, 0, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := retry(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return nil, 0, 0, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	var mode fs.FileMode
	switch st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFDIR:
		return nil, fs.ModeDir, st.Size, nil
	default:
		return nil, fs.ModeIrregular, st.Size, nil
	}
	if st.Size > limit {
		return nil, mode, st.Size, nil
	}
	// One byte more than the size, so that a file that ends where fstat
	// said is read in one call; the loop catches one that grew.
	buf := make([]byte, 0, st.Size+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		var n int
		err := retry(func() (err error) {
			n, err = syscall.Read(fd, buf[len(buf):min(cap(buf), int(limit)+1)])
			return err
		})
		if err != nil {
			return nil, 0, 0, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if n == 0 {
			return buf, mode, int64(len(buf)), nil
		}
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > limit {
			return buf, mode, int64(len(buf)), nil
		}
	}
}

// retry repeats a system call interrupted by a signal, as package os does.
func retry(call func() error) error {
	for {
		err := call()
		if !errors.Is(err, syscall.EINTR) {
			return err
		}
	}
}
