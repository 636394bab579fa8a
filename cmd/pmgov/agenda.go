package main

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/sitebuild"
)

func newAgendaCmd(g *globals) *cobra.Command {
	var f siteFlags
	var meeting, out string
	cmd := &cobra.Command{
		Use:   "agenda [DIR]",
		Short: "Draft the next committee meeting's agenda, as Markdown",
		Long: `agenda drafts the agenda of the PM committee's next meeting from the data:
the opening items, one item per decision needed (every open error and every
error the forecast holds, by center; proposed centers, strategies awaiting
approval, waivers expiring, evaluations falling due), the centers' status
reports since the last meeting, the follow-ups of earlier decisions that fall
due by the meeting, and any other business. The site has the same agenda as
agenda.html.

--meeting YYYY-MM-DD is the meeting's day (default: the next meeting in
committee/meetings/ after --as-of); the forecast then runs to that day.
Without a meeting planned it runs --horizon DAYS (default 90).

Exit status: 0 written, 2 could not.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			asOf, err := f.date()
			if err != nil {
				return err
			}
			var day time.Time
			if meeting != "" {
				if day, err = time.Parse(time.DateOnly, meeting); err != nil {
					return usagef("cli.agenda.meeting-date", meeting)
				}
				if !day.After(asOf) {
					return usagef("cli.agenda.meeting-after", meeting, asOf.Format(time.DateOnly))
				}
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
			if !day.IsZero() {
				opt.Meeting = day
				if f.horizon == 0 {
					opt.Forecast = forecast.Judge(res, forecast.Options{AsOf: asOf, Days: int(day.Sub(asOf).Hours() / 24), Strict: f.strict})
				}
			}
			b, err := sitebuild.AgendaMarkdown(res, opt)
			if err != nil {
				return err
			}
			if out == "" || out == "-" {
				_, err = g.stdout.Write(b)
				return err
			}
			if err := writeFileAtomic(out, b); err != nil {
				return wrapUsage(err, "cli.agenda.write", out)
			}
			return nil
		},
	}
	f.register(cmd)
	f.registerAt(cmd)
	cmd.Flags().StringVar(&meeting, "meeting", "", "draft the agenda of the meeting on `YYYY-MM-DD` (default: the next in committee/meetings/)")
	cmd.Flags().StringVarP(&out, "out", "o", "", "write to `FILE` instead of standard output")
	return cmd
}
