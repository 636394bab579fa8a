//go:build unix

package history

import (
	"syscall"
)

// mapPack maps a packfile into memory, so that reading an object costs no
// system call. It returns nil when the file cannot be mapped; the reader then
// reads with ReadAt.
func mapPack(f any, size int64) []byte {
	fd, ok := f.(interface{ Fd() uintptr })
	if !ok || size <= 0 || size > 1<<40 || int64(int(size)) != size {
		return nil
	}
	b, err := syscall.Mmap(int(fd.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil
	}
	return b
}

func unmapPack(b []byte) {
	if b != nil {
		syscall.Munmap(b)
	}
}
