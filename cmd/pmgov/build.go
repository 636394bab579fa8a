package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/changes"
	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/memlimit"
	"github.com/ous-pm/pmgov/internal/sitebuild"
	"github.com/ous-pm/pmgov/internal/sitehistory"
	"github.com/ous-pm/pmgov/internal/validate"
)

// siteFlags are the flags of the commands that render the site or report:
// the validation flags plus --theme and --since.
type siteFlags struct {
	runFlags
	theme   string
	since   string
	horizon int
}

func (f *siteFlags) register(cmd *cobra.Command) {
	f.runFlags.register(cmd)
	// The site and the report are rendered whole before they are written.
	f.budget = memlimit.Build
	cmd.Flags().StringVar(&f.theme, "theme", "", "take templates, CSS and translations from `DIR` where it has them (same paths as site/)")
	cmd.Flags().IntVar(&f.horizon, "horizon", 0, "forecast the findings of the next `DAYS` days (default: up to the next meeting in committee/meetings/ after --as-of, else 90)")
	cmd.Flags().StringVar(&f.since, "since", "", "say what changed since git revision or date `REV|YYYY-MM-DD` (default: the previous committee meeting before --as-of)")
}

// history reads the git history the site and report show for the
// repository in dir that res was validated from, and prints its notes (no
// git, a shallow clone) once to log.
func (f *siteFlags) history(dir string, res *validate.Result, log io.Writer) (*changes.History, error) {
	return f.historyCached(dir, res, log, nil)
}

// historyCached is history read through cache (nil: none), for the
// rebuilds of serve.
func (f *siteFlags) historyCached(dir string, res *validate.Result, log io.Writer, cache *sitehistory.Cache) (*changes.History, error) {
	asOf, err := f.date()
	if err != nil {
		return nil, err
	}
	lang, err := f.language(res)
	if err != nil {
		return nil, err
	}
	h, err := history.Open(dir)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	opt := sitehistory.Options{Rev: f.at, Since: f.since, AsOf: asOf, Strict: f.strict}
	read := sitehistory.Read
	if cache != nil {
		read = cache.Read
	}
	hist, err := read(h, res, opt)
	if err != nil {
		return nil, err
	}
	for _, n := range hist.Notes {
		fmt.Fprintf(log, "note: %s\n", n.In(lang))
	}
	return hist, nil
}

// options turns the flags into the generator's options for res.
func (f *siteFlags) options(res *validate.Result, out string) (sitebuild.Options, error) {
	asOf, err := f.date()
	if err != nil {
		return sitebuild.Options{}, err
	}
	lang, err := f.language(res)
	if err != nil {
		return sitebuild.Options{}, err
	}
	if f.horizon < 0 {
		return sitebuild.Options{}, usagef("cli.build.horizon", f.horizon)
	}
	opt := sitebuild.Options{Out: out, AsOf: asOf, Langs: []diag.Lang{lang},
		Forecast: forecast.Judge(res, forecast.Options{AsOf: asOf, Days: f.horizon, Strict: f.strict})}
	if f.theme != "" {
		info, err := os.Stat(f.theme)
		if err != nil {
			return opt, wrapUsage(err, "cli.site.theme")
		}
		if !info.IsDir() {
			return opt, usagef("cli.site.theme-not-a-folder", f.theme)
		}
		opt.Theme = os.DirFS(f.theme)
	}
	return opt, nil
}

func newBuildCmd(g *globals) *cobra.Command {
	var f siteFlags
	var out string
	cmd := &cobra.Command{
		Use:   "build [DIR]",
		Short: "Build the committee's static site, report and JSON API",
		Long: `build writes the static site: a dashboard of the centers, a page per center
and per document, the committee, the matrix of treatment centers and technology
areas, the mandate with the rules enforcing each clause, every finding of the
validation, the committee report and a JSON API under api/v1/. The first
language (--lang, else governance.yaml's first) is at the root, the other in
a folder named by its code.

Where the repository is in git, every page says when its files last
changed, each center page lists its recent changes, and the report says what
changed since --since (default: the previous committee meeting). --at builds
the repository as it was at a revision, read from git objects.

The site builds even when rules fail: the findings are part of it. It is
written beside the output folder and swapped in only when complete, on Linux
in one step, so that the folder never goes missing; what a killed build left
beside it goes at the next build. A folder that is not empty and was not
built by pmgov is never replaced. An output folder that is a symbolic link is
replaced where the link points, and the link is kept; a link to nothing is
refused.

Exit status: 0 built, 2 could not build.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := g.repoDir(args)
			res, err := f.open(dir)
			if err != nil {
				return err
			}
			// What follows reads the model and the findings only: the
			// parse trees need not stay alive while the forecast judges
			// later days and the pages render (validate.Result.Release).
			res.Release()
			opt, err := f.options(res, out)
			if err != nil {
				return err
			}
			if opt.History, err = f.history(dir, res, g.stderr); err != nil {
				return err
			}
			if err := sitebuild.Build(res, opt); err != nil {
				return err
			}
			s := diag.Summarize(res.Files, res.Diags)
			fmt.Fprintf(g.stdout, "built %s as of %s: %d files read, %d errors, %d warnings, %d waived\n",
				out, opt.AsOf.Format("2006-01-02"), s.Files, s.Errors, s.Warnings, s.Waived)
			return nil
		},
	}
	f.register(cmd)
	f.registerAt(cmd)
	cmd.Flags().StringVarP(&out, "out", "o", "public", "write the site into `DIR`")
	return cmd
}
