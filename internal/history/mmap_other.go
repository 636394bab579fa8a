//go:build !unix

package history

// mapPack does not map files on this system; the reader uses ReadAt.
func mapPack(any, int64) []byte { return nil }

func unmapPack([]byte) {}
