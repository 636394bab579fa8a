//go:build !unix

package history

import "github.com/go-git/go-billy/v5"

// mapPack does not map files on this system; the reader uses ReadAt.
func mapPack(billy.File, int64) []byte { return nil }

func unmapPack([]byte) {}
