package main

import (
	"fmt"
	"io/fs"
	"os"
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
		return time.Time{}, fmt.Errorf("--as-of %q: want a date written YYYY-MM-DD", f.asOf)
	}
	return t, nil
}

// language resolves --lang, defaulting to the repository's first language.
func (f *runFlags) language(res *validate.Result) (diag.Lang, error) {
	if f.lang != "" {
		l, ok := diag.ParseLang(f.lang)
		if !ok {
			return "", fmt.Errorf("--lang %q: want nb or en", f.lang)
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

// open validates the repository in dir.
func (f *runFlags) open(dir string) (*validate.Result, error) {
	asOf, err := f.date()
	if err != nil {
		return nil, err
	}
	if f.lang != "" {
		if _, ok := diag.ParseLang(f.lang); !ok {
			return nil, fmt.Errorf("--lang %q: want nb or en", f.lang)
		}
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("repository %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("repository %s: not a folder", dir)
	}
	fsys := load.Dir(dir)
	if f.at != "" {
		h, err := history.Open(dir)
		if err != nil {
			return nil, err
		}
		defer h.Close()
		if !h.HasGit() {
			return nil, fmt.Errorf("--at %s: %s is not in a git repository", f.at, dir)
		}
		if fsys, err = h.FS(f.at); err != nil {
			return nil, fmt.Errorf("--at %s: %w", f.at, err)
		}
		// A missing top folder must not pass for a folder without data.
		if _, err := fs.ReadDir(fsys, "."); err != nil {
			return nil, fmt.Errorf("--at %s: %w", f.at, err)
		}
	}
	if !validate.IsRepository(fsys) {
		return nil, fmt.Errorf("%s is not a governance repository: it has no governance.yaml, org/, committee/ or centers/ (use --dir or give the folder as the argument)", dir)
	}
	budget := f.budget
	if budget == (memlimit.Budget{}) {
		budget = memlimit.Validate
	}
	res := validate.Run(fsys, validate.Options{AsOf: asOf, Strict: f.strict, Walked: func(n int) { memory.Fit(budget, n) }})
	if f.at != "" {
		// A revision is read from git objects: one that cannot be read
		// (a partial clone, a damaged repository) is a failure of the
		// tool, never a file that is absent or a finding at it.
		if err := res.Fault(); err != nil {
			return nil, fmt.Errorf("--at %s: %w", f.at, err)
		}
	}
	return res, nil
}

func newValidateCmd(g *globals) *cobra.Command {
	var f runFlags
	var format string
	cmd := &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check every file and every rule of the mandate",
		Long: `validate loads the governance repository, checks every file against its
schema, resolves every reference and runs every rule of the mandate. It prints
each finding with its file, line and column, a message and a hint.

--at REV validates the repository as it was at a git revision, read from git
objects. REV must name one thing: a name that is both a tag and a branch (or a
remote branch) is refused; pass a full commit id or a full ref name such as
refs/remotes/origin/main. A file whose git object cannot be read (a partial
clone, a damaged repository) fails the command (exit 2), never counts as absent.

Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 bad usage or
a revision that cannot be read.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			res, err := f.open(g.repoDir(args))
			if err != nil {
				return err
			}
			lang, err := f.language(res)
			if err != nil {
				return err
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

// checkFormat refuses an unknown --format before any work is done.
func checkFormat(format string) error {
	if !slices.Contains(output.Formats(), format) {
		return fmt.Errorf("--format %q: want one of %s", format, strings.Join(output.Formats(), ", "))
	}
	return nil
}
