package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/ownership"
)

func newCodeownersCmd(g *globals) *cobra.Command {
	var f runFlags
	var check bool
	cmd := &cobra.Command{
		Use:   "codeowners [DIR]",
		Short: "Write .github/CODEOWNERS from the data, or check that it is current",
		Long: `codeowners writes .github/CODEOWNERS from the governance data: each center's
folder to its leader's, board members' and editors' GitHub handles; the toolkit
(cmd/, internal/, schemas/, site/, .github/) to the maintainers in
governance.yaml; everything else to the committee secretariat.

With --check it writes nothing and exits 1 when the file differs from what the
data generates.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := g.repoDir(args)
			res, err := f.open(dir)
			if err != nil {
				return err
			}
			path := filepath.Join(dir, filepath.FromSlash(ownership.CodeownersPath))
			current, err := os.ReadFile(path)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return wrapUsage(err, "cli.codeowners.read", path)
			}
			if check {
				lang, err := f.language(res)
				if err != nil {
					return err
				}
				if d := ownership.CheckCODEOWNERS(res.Repo, current); d != nil {
					fmt.Fprintf(g.stdout, "%s: %s [%s]\n    %s\n", d.Pos, d.Message.In(lang), d.Rule, d.Hint.In(lang))
					return exitError{exitFindings}
				}
				fmt.Fprintf(g.stdout, "%s is current\n", ownership.CodeownersPath)
				return nil
			}
			if err := writeFileAtomic(path, ownership.CODEOWNERS(res.Repo)); err != nil {
				return err
			}
			fmt.Fprintf(g.stdout, "wrote %s\n", ownership.CodeownersPath)
			return nil
		},
	}
	// Only the date and language matter here: CODEOWNERS does not depend
	// on findings, so --strict would mean nothing.
	cmd.Flags().StringVar(&f.asOf, "as-of", "", "read the repository as of `YYYY-MM-DD` (default today)")
	cmd.Flags().StringVar(&f.lang, "lang", "", "message language, nb or en (default: the first of governance.yaml's languages)")
	cmd.Flags().BoolVar(&check, "check", false, "only check; exit 1 when the file is not what the data generates")
	return cmd
}

// writeFileAtomic writes data to path through a temporary file in the same
// folder, so that a reader never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pmgov-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
