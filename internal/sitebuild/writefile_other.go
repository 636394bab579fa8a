//go:build !unix

package sitebuild

import (
	"fmt"
	"os"
)

// createFile writes data to a new file at name, which must not exist (the
// site is written into a folder made fresh for the build).
func createFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("build: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	return nil
}
