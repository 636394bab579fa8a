//go:build unix

package sitebuild

import (
	"fmt"
	"syscall"
)

// createFile writes data to a new file at name, which must not exist: the
// site is written into a folder made fresh for the build, so O_EXCL both
// guards against writing a file twice and spares the kernel the truncate.
// Plain system calls rather than os.WriteFile: a build writes some 20,000
// files, and os.File's registration with the network poller (which fails
// for regular files anyway), its finalizer and its allocations cost more
// than the three calls the write needs.
func createFile(name string, data []byte) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("build: open %s: %w", name, err)
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return fmt.Errorf("build: write %s: %w", name, err)
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return fmt.Errorf("build: close %s: %w", name, err)
	}
	return nil
}
