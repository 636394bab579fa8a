package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/gate"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/validate"
)

func newCheckCmd(g *globals) *cobra.Command {
	var f runFlags
	var format, base, actor string
	var newOnly bool
	cmd := &cobra.Command{
		Use:   "check --base REF [DIR]",
		Short: "The pull-request gate: validate the head, then ownership, theme changes and CODEOWNERS",
		Long: `check validates the work tree as validate does, then checks what the change
itself may break, for the files changed between the merge base of --base and HEAD:

  ownership   the actor may change every changed file (who may is read from the
              base, so a pull request cannot grant its own author the right);
              commit authors who match no person are a warning
  theme       a changed theme of an existing center cites a change-theme decision
  codeowners  .github/CODEOWNERS is exactly what the data generates
  schema      no changed file still says "FYLL INN" (a text pmgov new left to write)

With --new-only it fails only on findings the base did not already have (both
sides judged with the same --as-of). In a shallow clone, fetch the base first
(actions/checkout with fetch-depth: 0).

Exit status: 0 no errors, 1 errors, 2 bad usage or the base cannot be read.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			if base == "" {
				return errors.New("--base REF is required (the branch the pull request merges into, e.g. origin/main)")
			}
			asOf, err := f.date()
			if err != nil {
				return err
			}
			if actor == "" {
				actor = os.Getenv("GITHUB_ACTOR")
			}
			h, err := history.Open(g.repoDir(args))
			if err != nil {
				return err
			}
			defer h.Close()
			res, err := gate.Check(h, gate.Options{
				Base: base, Actor: actor, NewOnly: newOnly,
				Validate: validate.Options{AsOf: asOf, Strict: f.strict},
			})
			if err != nil {
				var fe *history.FetchError
				if errors.As(err, &fe) {
					return errors.New(fe.Text.EN)
				}
				return err
			}
			lang, err := f.language(res.Head)
			if err != nil {
				return err
			}
			for _, n := range res.Notes {
				fmt.Fprintf(g.stderr, "pmgov: %s\n", n.In(lang))
			}
			shown := *res.Head
			shown.Diags = res.Diags
			if err := writeDiagnostics(g.stdout, format, &shown, lang, f.date); err != nil {
				return err
			}
			if res.Failed() {
				return exitError{exitFindings}
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "output `FORMAT`: text, json, sarif or github")
	cmd.Flags().StringVar(&base, "base", "", "the `REF` the change merges into (branch, tag or commit)")
	cmd.Flags().StringVar(&actor, "actor", "", "GitHub `LOGIN` of who makes the change (default $GITHUB_ACTOR)")
	cmd.Flags().BoolVar(&newOnly, "new-only", false, "fail only on findings the base did not already have")
	return cmd
}
