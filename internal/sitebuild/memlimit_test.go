package sitebuild

import (
	"runtime/debug"
	"testing"
)

// TestRaiseMemoryLimit: a build raises a tighter soft limit and puts it
// back after, never lowers a looser one, and leaves a GOMEMLIMIT the user
// chose alone.
func TestRaiseMemoryLimit(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	orig := debug.SetMemoryLimit(160 << 20)
	defer debug.SetMemoryLimit(orig)

	restore := raiseMemoryLimit(256 << 20)
	if got := debug.SetMemoryLimit(-1); got != 256<<20 {
		t.Errorf("during the build the limit is %d, want %d", got, 256<<20)
	}
	restore()
	if got := debug.SetMemoryLimit(-1); got != 160<<20 {
		t.Errorf("after the build the limit is %d, want the previous %d", got, 160<<20)
	}

	debug.SetMemoryLimit(1 << 30)
	raiseMemoryLimit(256 << 20)()
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("a looser limit became %d", got)
	}

	t.Setenv("GOMEMLIMIT", "100MiB")
	debug.SetMemoryLimit(100 << 20)
	restore = raiseMemoryLimit(256 << 20)
	if got := debug.SetMemoryLimit(-1); got != 100<<20 {
		t.Errorf("with GOMEMLIMIT set the limit became %d", got)
	}
	restore()
}
