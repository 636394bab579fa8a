package sitebuild

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// exchangeWorks reports whether the file system of dir exchanges folders
// with renameat2, asked directly rather than through exchange, which the
// tests hold to it.
func exchangeWorks(t *testing.T, dir string) bool {
	t.Helper()
	a, b := filepath.Join(dir, "probe-a"), filepath.Join(dir, "probe-b")
	for _, d := range []string{a, b} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(d)
	}
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if err != nil {
		t.Logf("renameat2 RENAME_EXCHANGE in %s: %v: the fallback is expected", dir, err)
	}
	return err == nil
}
