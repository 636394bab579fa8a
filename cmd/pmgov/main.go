// Command pmgov validates, gates and publishes a precision-medicine
// governance repository. This package wires the commands; the work is done
// by the packages under internal/.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/memlimit"
)

// Exit codes, as architecture.md defines them.
const (
	exitOK       = 0
	exitFindings = 1 // validation errors, a failed check, a stale file
	exitUsage    = 2 // bad usage or a failure of the tool itself
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	memory = memlimit.Start(os.Getenv)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// memory sets the collector for the process (internal/memlimit): GOGC=400
// from the start, and a soft memory limit sized from the repository once the
// loader has counted its files. It is nil when run is called from tests,
// which then keep the test process's settings.
var memory *memlimit.Tuner

// exitError carries an exit code through cobra without printing usage.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// run executes the command line and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	var ee exitError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintf(stderr, "pmgov: %s\n", message(err, usageLang(args)))
		return exitUsage
	}
}

// message is the line a failure is shown as, in lang: pmgov's own usage
// errors and the history errors that say what to do about them (a revision
// that is ambiguous, an object a partial or damaged clone lacks, history a
// shallow clone lacks) carry their text in both languages, and cobra's
// usage messages are translated (causeText).
func message(err error, lang diag.Lang) string {
	return causeText(err).In(lang)
}

// globals are the flags every command shares.
type globals struct {
	dir    string
	stdout io.Writer
	stderr io.Writer
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	g := &globals{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "pmgov",
		Short: "Precision-medicine governance as documents-as-code",
		Long: `pmgov keeps a hospital's precision-medicine governance (centers, their
boards, strategies, action plans, status reports and the committee's decisions)
as YAML and Markdown in a git repository. It validates every rule of the
mandate, gates pull requests, and builds the committee's site and report.

Every command works on the repository in --dir (default: the current folder)
or the folder given as its argument.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.PersistentFlags().StringVar(&g.dir, "dir", ".", "root `DIR` of the governance repository")
	root.AddCommand(
		newVersionCmd(g),
		newValidateCmd(g),
		newRulesCmd(g),
		newExplainCmd(g),
		newCodeownersCmd(g),
		newSchemaCmd(g),
		newCheckCmd(g),
		newNewCmd(g),
		newBuildCmd(g),
		newReportCmd(g),
		newAgendaCmd(g),
		newServeCmd(g),
		newLspCmd(g),
	)
	return root
}

func newVersionCmd(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print pmgov's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintf(g.stdout, "pmgov %s\n", version)
			return nil
		},
	}
}

// repoDir returns the repository folder: the positional argument when
// given, else --dir.
func (g *globals) repoDir(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return g.dir
}
