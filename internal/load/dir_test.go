//go:build unix

package load

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// readFile, the short way Dir reads a file, gives what the long way through
// fs.File gives: the bytes, the type of what is not a file, the size of
// what is too large, and errors naming the path in the repository, not on
// the disk. It never waits on a named pipe.
func TestDirReadFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "org/people.yaml", []byte("people: []\n"))
	writeFile(t, dir, "big.yaml", []byte(strings.Repeat("x", 100)))
	writeFile(t, dir, "empty.yaml", nil)
	if err := os.Mkdir(filepath.Join(dir, "folder.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	fr := Dir(dir).(fileReader)

	data, mode, size, err := fr.readFile("org/people.yaml", 50)
	if err != nil || string(data) != "people: []\n" || !mode.IsRegular() || size != 11 {
		t.Errorf("a file: %q %v %d %v", data, mode, size, err)
	}
	if data, mode, size, err := fr.readFile("empty.yaml", 50); err != nil || len(data) != 0 || !mode.IsRegular() || size != 0 {
		t.Errorf("an empty file: %q %v %d %v", data, mode, size, err)
	}
	if data, _, size, err := fr.readFile("big.yaml", 50); err != nil || data != nil || size != 100 {
		t.Errorf("a file over the limit: %d bytes read, size %d, %v", len(data), size, err)
	}
	if data, _, size, err := fr.readFile("big.yaml", 100); err != nil || len(data) != 100 || size != 100 {
		t.Errorf("a file at the limit: %d bytes read, size %d, %v", len(data), size, err)
	}
	if _, mode, _, err := fr.readFile("folder.yaml", 50); err != nil || !mode.IsDir() {
		t.Errorf("a folder: %v %v", mode, err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, mode, _, err := fr.readFile("pipe.yaml", 50); err != nil || mode.IsRegular() || mode.IsDir() {
			t.Errorf("a named pipe: %v %v", mode, err)
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("reading a named pipe waits for a writer")
	}
	_, _, _, err = fr.readFile("org/missing.yaml", 50)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != "org/missing.yaml" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
	if _, _, _, err := fr.readFile("../outside", 50); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("a path out of the folder: %v", err)
	}
}
