package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/gate"
	"github.com/ous-pm/pmgov/internal/history"
)

// TestFailuresInTheChosenLanguage shows what the user reads on stderr for
// failures below the command line: the gate's and a file operation's, in
// Norwegian and in English, with the lead translated and the path kept.
func TestFailuresInTheChosenLanguage(t *testing.T) {
	// A folder with governance data but no git: check cannot compare.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "governance.yaml"), []byte("languages: [nb]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := history.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = gate.Check(h, gate.Options{Base: "main", Actor: "kari-nordmann"})
	if err == nil {
		t.Fatal("check without git did not fail")
	}
	for _, c := range []struct {
		err  error
		lang diag.Lang
		want string
	}{
		{err, diag.NB, "check trenger et git-repositorium: mappen har ingen historikk å sammenligne med --base"},
		{err, diag.EN, "check needs a git repository: the folder has no history to compare with --base"},
		{fmt.Errorf("site: %w", &fs.PathError{Op: "write", Path: "public/index.html", Err: syscall.ENOSPC}), diag.NB,
			"kan ikke skrive public/index.html: ingen plass igjen på disken"},
		{&fs.PathError{Op: "write", Path: "public/index.html", Err: syscall.ENOSPC}, diag.EN,
			"cannot write public/index.html: no space left on the disk"},
		{&fs.PathError{Op: "mkdir", Path: "public", Err: syscall.EROFS}, diag.NB,
			"kan ikke lage mappen public: filsystemet er skrivebeskyttet"},
		{&fs.PathError{Op: "open", Path: "x.yaml", Err: syscall.ENOENT}, diag.NB, "x.yaml finnes ikke"},
	} {
		if got := message(c.err, c.lang); got != c.want {
			t.Errorf("%s: %v\n got: %s\nwant: %s", c.lang, c.err, got, c.want)
		}
	}
	// An unknown reason keeps the system's words behind a translated lead.
	got := message(&fs.PathError{Op: "rename", Path: "public", Err: syscall.EXDEV}, diag.NB)
	if !strings.HasPrefix(got, "kan ikke flytte public på plass: ") {
		t.Errorf("rename: %s", got)
	}
}
