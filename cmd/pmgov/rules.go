package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/rules"
)

// langFlag parses a --lang value for commands that need no repository.
func langFlag(s string) (diag.Lang, error) {
	if s == "" {
		return diag.NB, nil
	}
	l, ok := diag.ParseLang(s)
	if !ok {
		return "", usagef("cli.lsp.lang", s)
	}
	return l, nil
}

func newRulesCmd(g *globals) *cobra.Command {
	var lang, format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rule catalogue",
		Long: `rules lists every rule with its id, default severity, the clause of the
mandate it enforces and what it checks. --format md writes the catalogue page
(docs/rules.md is this output).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			l, err := langFlag(lang)
			if err != nil {
				return err
			}
			switch format {
			case "text":
				return rules.WriteTable(g.stdout, l)
			case "md":
				_, err := g.stdout.Write(rules.Markdown(l))
				return err
			}
			return usagef("cli.rules.format", format)
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "nb", "language, nb or en")
	cmd.Flags().StringVar(&format, "format", "text", "`FORMAT`: text or md")
	return cmd
}

func newExplainCmd(g *globals) *cobra.Command {
	var lang string
	cmd := &cobra.Command{
		Use:   "explain RULE",
		Short: "Explain one rule: what it checks, the mandate's words, an example and its fix",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := langFlag(lang)
			if err != nil {
				return err
			}
			r := rules.ByID(args[0])
			if r == nil {
				if near := rules.Suggest(args[0]); len(near) > 0 {
					return usagef("cli.explain.unknown-near", args[0], strings.Join(near, ", "))
				}
				return usagef("cli.explain.unknown", args[0])
			}
			return rules.Explain(g.stdout, r, l)
		},
	}
	cmd.Flags().StringVar(&lang, "lang", "nb", "language, nb or en")
	return cmd
}
