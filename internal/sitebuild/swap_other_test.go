//go:build !linux

package sitebuild

import "testing"

// exchangeWorks reports false: only Linux exchanges folders atomically.
func exchangeWorks(t *testing.T, dir string) bool { return false }
