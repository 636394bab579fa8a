// Command pmgov validates, gates and publishes a precision-medicine
// governance repository. This package wires the commands; the work is done
// by the packages under internal/.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/history"
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
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// GC settings for a command that runs for about a second and exits. At Go's
// default (GOGC=100) the collector runs every time the heap doubles, and
// validating a large repository spends a third of its CPU time collecting
// garbage it will drop at exit anyway. Collecting only when the heap has
// grown fivefold cuts that to a fraction; the soft memory limit keeps the
// peak under a 200 MB budget for 10,000 documents by collecting sooner when the
// heap nears it. GOGC and GOMEMLIMIT in the environment still win, so a
// user on a small machine can choose otherwise.
const (
	gcPercent   = 400
	memoryLimit = 160 << 20
)

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

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
		fmt.Fprintf(stderr, "pmgov: %s\n", message(err))
		return exitUsage
	}
}

// message is the line a failure is shown as. The history errors that say
// what to do about them (a revision that is ambiguous, an object a partial
// or damaged clone lacks, history a shallow clone lacks) carry that text in
// both languages and name the revision and the file themselves; it is
// shown, in English as every such line, instead of the chain of wrappers.
func message(err error) string {
	var ae *history.AmbiguousError
	var oe *history.ObjectError
	var fe *history.FetchError
	switch {
	case errors.As(err, &ae):
		return ae.Text.EN
	case errors.As(err, &oe):
		return oe.Text.EN
	case errors.As(err, &fe):
		return fe.Text.EN
	}
	return err.Error()
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
