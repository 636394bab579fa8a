package main

import (
	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/sitebuild"
)

func newReportCmd(g *globals) *cobra.Command {
	var f siteFlags
	var format, out string
	cmd := &cobra.Command{
		Use:   "report [DIR]",
		Short: "Write the committee report alone, as HTML or Markdown",
		Long: `report writes the committee report: the state of every center against the
mandate, what needs a decision by center (every open error and every error
the forecast holds, proposed centers, strategies awaiting approval, waivers
expiring, evaluations falling due, the decisions' follow-up deadlines), what
is coming within --horizon DAYS (default: up to the next meeting in
committee/meetings/ after --as-of, else 90 days: every finding that is not
there today but will be, found by judging the same data with the same rules
at later dates, with the day it starts), overdue actions and the effort allocation. html is one
printable page (A4, a page per center) with its stylesheet inside; md suits a
pull request, an e-mail or the minutes.

It begins with what changed since --since REV|YYYY-MM-DD (default: the
previous meeting in committee/meetings/ before --as-of): centers, leaders,
boards, terms, strategies, actions, reports, decisions, meetings and findings,
both states validated with the same --as-of. --at writes the report for the
repository as it was at a revision.

Exit status: 0 written, 2 could not.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "html" && format != "md" {
				return usagef("cli.report.format", format)
			}
			dir := g.repoDir(args)
			res, err := f.open(dir)
			if err != nil {
				return err
			}
			// What follows reads the model and the findings only: the
			// parse trees need not stay alive while the forecast judges
			// later days and the pages render (validate.Result.Release).
			res.Release()
			opt, err := f.options(res, "")
			if err != nil {
				return err
			}
			if opt.History, err = f.history(dir, res, g.stderr); err != nil {
				return err
			}
			var b []byte
			if format == "md" {
				b, err = sitebuild.ReportMarkdown(res, opt)
			} else {
				b, err = sitebuild.ReportHTML(res, opt)
			}
			if err != nil {
				return err
			}
			if out == "" || out == "-" {
				_, err = g.stdout.Write(b)
				return err
			}
			if err := writeFileAtomic(out, b); err != nil {
				return wrapUsage(err, "cli.report.write", out)
			}
			return nil
		},
	}
	f.register(cmd)
	f.registerAt(cmd)
	cmd.Flags().StringVar(&format, "format", "html", "`FORMAT` html or md")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to `FILE` instead of standard output")
	return cmd
}
