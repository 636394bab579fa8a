package main

import (
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/lsp"
)

func newLspCmd(g *globals) *cobra.Command {
	var asOf, lang string
	cmd := &cobra.Command{
		Use:   "lsp",
		Short: "Run the Language Server for editors (VS Code: editors/vscode) over stdin and stdout",
		Long: `lsp speaks the Language Server Protocol over stdin and stdout, for an editor
to start (VS Code through the extension in editors/vscode). For the governance
repository that holds each opened file it shows every finding of validate
(syntax, schema, references, every rule of the mandate) from the unsaved text
as you type, in that file and in every other file the change affects; the
schema's help and a finding's rule and mandate clause on hover; completion of
field names, allowed values and ids; quick fixes where the fix is certain;
and go to definition from an id to where it is defined.

Messages are in the editor's language when it is Norwegian or English (or
--lang), else in the repository's first language.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opt := lsp.Options{Log: g.stderr, Version: version, Lang: diag.Lang("")}
			if asOf != "" {
				t, err := time.Parse(time.DateOnly, asOf)
				if err != nil {
					return usagef("cli.lsp.as-of", asOf)
				}
				opt.AsOf = t
			}
			if lang != "" {
				l, ok := diag.ParseLang(lang)
				if !ok {
					return usagef("cli.lsp.lang", lang)
				}
				opt.Lang = l
			}
			// A server keeps the repository between changes: the CLI's
			// settings (a large GOGC for a run that exits) do not fit it.
			if os.Getenv("GOGC") == "" {
				debug.SetGCPercent(lsp.GCPercent)
			}
			if os.Getenv("GOMEMLIMIT") == "" {
				debug.SetMemoryLimit(lsp.MemoryLimit)
			}
			return lsp.Serve(cmd.Context(), stdio{}, opt)
		},
	}
	cmd.Flags().StringVar(&asOf, "as-of", "", "judge as of `YYYY-MM-DD` (default today)")
	cmd.Flags().StringVar(&lang, "lang", "", "message language, nb or en (default: the editor's, else the repository's)")
	return cmd
}

// stdio is the server's end of the editor's pipe.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error                { return nil }
