package main

import (
	"context"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/preview"
	"github.com/ous-pm/pmgov/internal/sitebuild"
	"github.com/ous-pm/pmgov/internal/sitehistory"
	"github.com/ous-pm/pmgov/internal/validate"
)

func newServeCmd(g *globals) *cobra.Command {
	var f siteFlags
	var addr string
	cmd := &cobra.Command{
		Use:   "serve [DIR]",
		Short: "Build the site, serve it locally and rebuild on every change",
		Long: `serve builds the site into a temporary folder, serves it on --addr (default
127.0.0.1:8080, this machine only) and rebuilds whenever a file of the
repository or of --theme changes. After every rebuild the pages open in a
browser reload by themselves: serve adds a small script to the pages it
sends (never to the files, and pmgov build writes none) that listens to
/_pmgov/events. A build that fails shows its error in the browser instead of
stopping the server; fix the file and the page reloads with the site. The
site is built in memory where the system has a place for it
($XDG_RUNTIME_DIR, /dev/shm), else in the temporary folder (TMPDIR). Stop
it with Ctrl-C.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return wrapUsage(err, "cli.serve.lead")
			}
			return serveSite(ctx, ln, g.repoDir(args), &f, g.stdout)
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	return cmd
}

// serveSite serves the repository in dir with the site flags f until ctx
// ends.
func serveSite(ctx context.Context, ln net.Listener, dir string, f *siteFlags, log io.Writer) error {
	roots := []string{dir}
	if f.theme != "" {
		roots = append(roots, f.theme)
	}
	// The last build's validation, whose work on the files that did not
	// change the next build takes over. Builds run one at a time.
	var prev *validate.Result
	// What the history holds of git alone (the last and recent changes at
	// HEAD, the earlier state validated) is read again only when git has
	// changed, not at every save.
	var hist sitehistory.Cache
	return preview.Serve(ctx, ln, preview.Config{
		Roots: roots,
		Log:   log,
		Build: func(out string, first bool) error {
			res, err := f.openReusing(dir, prev)
			if err != nil {
				return err
			}
			prev = res
			opt, err := f.options(res, out)
			if err != nil {
				return err
			}
			// The history's notes (no git, a shallow clone) are said at
			// the first build only, not at every rebuild.
			notes := log
			if !first {
				notes = io.Discard
			}
			if opt.History, err = f.historyCached(dir, res, notes, &hist); err != nil {
				return err
			}
			return sitebuild.Build(res, opt)
		},
	})
}
