package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	shared "github.com/ous-pm/pmgov/internal/fixture"
)

func TestMain(m *testing.M) {
	testscript.Main(removing{m}, map[string]func(){
		"pmgov": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// benchTemp are the folders the benchmarks wrote for the whole run.
var benchTemp []string

// removing runs the tests and then removes benchTemp.
type removing struct{ m *testing.M }

func (r removing) Run() int {
	code := r.m.Run()
	for _, dir := range benchTemp {
		os.RemoveAll(dir)
	}
	return code
}

// TestScripts runs the end-to-end scripts in testdata/script: each is a
// repository, a pmgov command line, and the output and exit code a user
// sees. A script that starts from the shared fixture says `fixture`: the
// files of internal/fixture/base.txtar are written into its work folder,
// under the files the script carries itself, so a script holds only what it
// changes (`rm FILE` takes one away).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Cmds:                map[string]func(ts *testscript.TestScript, neg bool, args []string){"fixture": cmdFixture},
	})
}

// cmdFixture writes the base fixture's files that the work folder does not
// have yet.
func cmdFixture(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 0 {
		ts.Fatalf("usage: fixture")
	}
	base := shared.Base()
	names := make([]string, 0, len(base))
	for n := range base {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		p := ts.MkAbs(filepath.FromSlash(n))
		if _, err := os.Lstat(p); err == nil {
			continue // the script's own version stands
		} else if !errors.Is(err, fs.ErrNotExist) {
			ts.Fatalf("fixture: %v", err)
		}
		ts.Check(os.MkdirAll(filepath.Dir(p), 0o755))
		ts.Check(os.WriteFile(p, base[n], 0o644))
	}
}
