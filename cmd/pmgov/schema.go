package main

import (
	"strings"

	"github.com/ous-pm/pmgov/internal/spelling"

	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/schema"
	"github.com/ous-pm/pmgov/schemas"
)

func newSchemaCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "schema KIND",
		Short: "Print the JSON Schema of a kind of file",
		Long: "schema prints the JSON Schema (draft 2020-12) of one kind of governance file,\n" +
			"the same schema editors use for completion and pmgov validates with.\n\n" +
			"Kinds: " + strings.Join(schema.Names(), ", "),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, ok := schemas.Get(args[0])
			if !ok {
				kinds := strings.Join(schema.Names(), ", ")
				if near := spelling.Nearest(args[0], schema.Names()); near != "" {
					return usagef("cli.schema.unknown-near", args[0], near, kinds)
				}
				return usagef("cli.schema.unknown", args[0], kinds)
			}
			_, err := g.stdout.Write(b)
			return err
		},
	}
}
