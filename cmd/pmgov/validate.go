package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/memlimit"
	"github.com/ous-pm/pmgov/internal/output"
	"github.com/ous-pm/pmgov/internal/validate"
)

// runFlags are the flags of commands that validate: --as-of, --lang,
// --strict.
type runFlags struct {
	asOf   string
	lang   string
	strict bool
	at     string
	// budget is the memory the command needs per file (memlimit.Validate
	// when zero).
	budget memlimit.Budget
}

func (f *runFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "judge the repository as of `YYYY-MM-DD` (default today)")
	cmd.Flags().StringVar(&f.lang, "lang", "", "message language, nb or en (default: the first of governance.yaml's languages)")
	cmd.Flags().BoolVar(&f.strict, "strict", false, "treat warnings as errors")
}

// registerAt adds --at, for commands that can read a past revision.
func (f *runFlags) registerAt(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.at, "at", "", "read the repository as it was at git revision `REV` (from git objects, not the work tree)")
}

// date parses --as-of, defaulting to today (UTC).
func (f *runFlags) date() (time.Time, error) {
	if f.asOf == "" {
		y, m, d := time.Now().UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	t, err := time.Parse(time.DateOnly, f.asOf)
	if err != nil {
		return time.Time{}, usagef("cli.lsp.as-of", f.asOf)
	}
	return t, nil
}

// language resolves --lang, defaulting to the repository's first language.
func (f *runFlags) language(res *validate.Result) (diag.Lang, error) {
	if f.lang != "" {
		l, ok := diag.ParseLang(f.lang)
		if !ok {
			return "", usagef("cli.lsp.lang", f.lang)
		}
		return l, nil
	}
	if res != nil && res.Repo.Governance != nil && len(res.Repo.Governance.Languages) > 0 {
		if l, ok := diag.ParseLang(res.Repo.Governance.Languages[0].V); ok {
			return l, nil
		}
	}
	return diag.NB, nil
}

// open validates the repository in dir once, for a command that reads the
// result and exits: each file's parse tree is dropped as soon as it is
// checked and decoded, and the result is released (validate.Options.Once).
func (f *runFlags) open(dir string) (*validate.Result, error) {
	return f.run(dir, nil, true)
}

// openReusing is open, taking over from prev (an earlier open of the same
// folder, nil for none) the parse, schema findings and decoding of every
// file that still holds the bytes prev read: serve rebuilds this way.
// Each file is read to compare it, so no change can be missed; only the
// parse is saved. A revision (--at) is validated afresh. The result keeps
// what a later openReusing takes over.
func (f *runFlags) openReusing(dir string, prev *validate.Result) (*validate.Result, error) {
	return f.run(dir, prev, false)
}

// run is open (once) or openReusing.
func (f *runFlags) run(dir string, prev *validate.Result, once bool) (*validate.Result, error) {
	asOf, err := f.date()
	if err != nil {
		return nil, err
	}
	if f.lang != "" {
		if _, ok := diag.ParseLang(f.lang); !ok {
			return nil, usagef("cli.lsp.lang", f.lang)
		}
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, wrapUsage(err, "cli.open.repository", dir)
	}
	if !info.IsDir() {
		return nil, usagef("cli.open.not-a-folder", dir)
	}
	fsys := load.Dir(dir)
	if f.at != "" {
		h, err := history.Open(dir)
		if err != nil {
			return nil, err
		}
		defer h.Close()
		if !h.HasGit() {
			return nil, usagef("cli.open.at-not-git", f.at, dir)
		}
		if fsys, err = h.FS(f.at); err != nil {
			return nil, wrapUsage(err, "cli.open.at", f.at)
		}
		// A missing top folder must not pass for a folder without data.
		if _, err := fs.ReadDir(fsys, "."); err != nil {
			return nil, wrapUsage(err, "cli.open.at", f.at)
		}
	}
	if !validate.IsRepository(fsys) {
		return nil, usagef("cli.open.not-governance", dir)
	}
	budget := f.budget
	if budget == (memlimit.Budget{}) {
		budget = memlimit.Validate
	}
	var re validate.Reuse
	if prev != nil && prev.Repo != nil && f.at == "" {
		re = validate.Reuse{Prev: prev, Same: func(p string) bool {
			old, ok := prev.Repo.Sources[p]
			if !ok {
				return false
			}
			now, err := fs.ReadFile(fsys, p)
			return err == nil && bytes.Equal(now, old)
		}}
	}
	res := validate.RunReusing(fsys, validate.Options{AsOf: asOf, Strict: f.strict, Once: once, Walked: func(n int) { memory.Fit(budget, n) }}, re)
	if f.at != "" {
		// A revision is read from git objects: one that cannot be read
		// (a partial clone, a damaged repository) is a failure of the
		// tool, never a file that is absent or a finding at it.
		if err := res.Fault(); err != nil {
			return nil, wrapUsage(err, "cli.open.at", f.at)
		}
	}
	return res, nil
}

func newValidateCmd(g *globals) *cobra.Command {
	var f runFlags
	var format string
	cmd := &cobra.Command{
		Use:   "validate [DIR | FILE...]",
		Short: "Check every file and every rule of the mandate",
		Long: `validate loads the governance repository, checks every file against its
schema, resolves every reference and runs every rule of the mandate. It prints
each finding with its file, line and column, a message and a hint.

--at REV validates the repository as it was at a git revision, read from git
objects. REV must name one thing: a name that is both a tag and a branch (or a
remote branch) is refused; pass a full commit id or a full ref name such as
refs/remotes/origin/main. A file whose git object cannot be read (a partial
clone, a damaged repository) fails the command (exit 2), never counts as absent.

Given files instead of a folder (validate centers/kre/reports/2026-T3.md), it
judges the whole repository that holds them, since a finding in one file may
come from another, and prints only the findings in those files, saying how many
there are elsewhere; the exit status counts only theirs.

Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 bad usage or
a revision that cannot be read.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			dir, files, err := validateTargets(g, args)
			if err != nil {
				return err
			}
			res, err := f.open(dir)
			if err != nil {
				return err
			}
			lang, err := f.language(res)
			if err != nil {
				return err
			}
			if files != nil {
				shown := *res
				shown.Diags, shown.Files = nil, len(files)
				elsewhere := 0
				for _, d := range res.Diags {
					if slices.Contains(files, d.Pos.File) {
						shown.Diags = append(shown.Diags, d)
					} else if d.Severity != diag.Info {
						elsewhere++
					}
				}
				res = &shown
				if elsewhere > 0 {
					all := diag.M("cli.validate.others-in", elsewhere, dir, dir)
					if dir == "." {
						all = diag.M("cli.validate.others", elsewhere)
					}
					fmt.Fprintf(g.stderr, "pmgov: %s\n", all.In(lang))
				}
			}
			if err := writeDiagnostics(g.stdout, format, res, lang, f.date); err != nil {
				return err
			}
			if res.Failed() {
				return exitError{exitFindings}
			}
			return nil
		},
	}
	f.register(cmd)
	f.registerAt(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "output `FORMAT`: text, json, sarif or github")
	return cmd
}

// validateTargets reads validate's arguments: none (the repository in
// --dir), one folder (the repository), or files of one repository, which it
// gives as repository paths with the repository's folder.
func validateTargets(g *globals, args []string) (dir string, files []string, err error) {
	if len(args) == 0 {
		return g.dir, nil, nil
	}
	if len(args) == 1 {
		if info, err := os.Stat(args[0]); err == nil && info.IsDir() {
			return args[0], nil, nil
		}
	}
	for _, a := range args {
		info, err := os.Stat(a)
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil, usagef("cli.validate.not-exist", a)
		}
		if err != nil {
			return "", nil, wrapUsage(err, "cli.validate.unreadable", a)
		}
		if info.IsDir() {
			return "", nil, usagef("cli.validate.folder-among-files", a)
		}
		root, rel, ok := repositoryOf(a)
		if !ok {
			return "", nil, usagef("cli.validate.not-in-repository", a)
		}
		if dir != "" && root != dir {
			return "", nil, usagef("cli.validate.two-repositories", args[0], a)
		}
		dir = root
		files = append(files, rel)
	}
	return dir, files, nil
}

// repositoryOf finds the governance repository holding file: the nearest
// folder above it that holds governance data and under which the file lies
// in a data root. It gives the folder and the file's repository path.
func repositoryOf(file string) (root, rel string, ok bool) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", "", false
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		r, err := filepath.Rel(dir, abs)
		if err == nil && validate.IsRepository(load.Dir(dir)) && load.IsData(strings.Split(filepath.ToSlash(r), "/")[0]) {
			return relDir(dir), filepath.ToSlash(r), true
		}
		if parent := filepath.Dir(dir); parent == dir {
			return "", "", false
		}
	}
}

// relDir gives dir relative to the working folder, as the user would write
// it ("../.." from a center's folder).
func relDir(dir string) string {
	if wd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(wd, dir); err == nil {
			return r
		}
	}
	return dir
}

// checkFormat refuses an unknown --format before any work is done.
func checkFormat(format string) error {
	if !slices.Contains(output.Formats(), format) {
		return usagef("cli.check.format", format, strings.Join(output.Formats(), ", "))
	}
	return nil
}
