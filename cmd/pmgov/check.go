package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/gate"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/review"
	"github.com/ous-pm/pmgov/internal/validate"
)

func newCheckCmd(g *globals) *cobra.Command {
	var f runFlags
	var format, base, actor, approvals string
	var newOnly bool
	cmd := &cobra.Command{
		Use:   "check --base REV [--actor LOGIN] [--approvals FILE] [DIR]",
		Short: "The pull-request gate: validate the head, then who may change what, the decisions a change needs, and CODEOWNERS",
		Long: `check validates the work tree as validate does, then runs the rules that judge
the change itself, over the files changed between the merge base of --base and
HEAD:

  ownership   every changed file may be changed by the pull request's author, or
              was approved on the head commit by someone who may (--approvals);
              who may is read from the base, so a pull request cannot grant its
              own author the right. Only governance.yaml, org/, committee/ and
              centers/ are data; every other path is the maintainers'. Commits
              authored in another known person's name, or by no known person,
              are warnings
  change-decision
              a change to an existing center's terms, leader, board, anchor unit,
              status, theme or organisation comes with a fitting committee
              decision added in the pull request (or taken since the center's
              file last changed at the base)
  codeowners  .github/CODEOWNERS is exactly what the data generates
  schema      no changed file still says "FYLL INN" (a text pmgov new left to write)

These are rules of the catalogue like any other: --strict, severity overrides
in governance.yaml and waivers apply to them alike, except that ownership and
codeowners can be neither lowered nor waived.

--base takes a commit id (what CI passes) or a name; a name that more than one
kind of ref answers to (a tag and a branch both called origin/main) is refused.
--actor defaults to the pull request's author in the GitHub Actions event
($GITHUB_EVENT_PATH), never to whoever started the run. --approvals reads the
pull request's reviews as GitHub's API gives them (gh api --paginate
repos/OWNER/REPO/pulls/N/reviews): only each reviewer's latest review counts,
and only an approval of the head commit.

With --new-only it fails only on findings the base did not already have (both
sides judged with the same --as-of). In a shallow clone, fetch the base first
(actions/checkout with fetch-depth: 0).

Exit status: 0 no errors, 1 errors, 2 bad usage or a revision, file or git
object that cannot be read.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			if base == "" {
				return usagef("cli.check.base-required")
			}
			asOf, err := f.date()
			if err != nil {
				return err
			}
			if actor == "" {
				if actor, err = eventAuthor(); err != nil {
					return err
				}
			}
			if actor == "" {
				return usagef("cli.check.actor-required")
			}
			var reviews []review.Review
			if approvals != "" {
				if reviews, err = readReviews(approvals); err != nil {
					return err
				}
			}
			h, err := history.Open(g.repoDir(args))
			if err != nil {
				return err
			}
			defer h.Close()
			res, err := gate.Check(h, gate.Options{
				Base: base, Actor: actor, Reviews: reviews, NewOnly: newOnly,
				Validate: validate.Options{AsOf: asOf, Strict: f.strict},
			})
			if err != nil {
				return err // run tells it in the chosen language (causeText)
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
	cmd.Flags().StringVar(&base, "base", "", "the `REV` the change merges into: a commit id, or a branch or tag name that names one ref only")
	cmd.Flags().StringVar(&actor, "actor", "", "GitHub `LOGIN` of the pull request's author (default: from $GITHUB_EVENT_PATH)")
	cmd.Flags().StringVar(&approvals, "approvals", "", "`FILE` with the pull request's reviews as GitHub's API lists them")
	cmd.Flags().BoolVar(&newOnly, "new-only", false, "fail only on findings the base did not already have")
	return cmd
}

// readReviews reads the --approvals file.
func readReviews(name string) ([]review.Review, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, wrapUsage(err, "cli.check.approvals")
	}
	defer f.Close()
	rs, err := review.Parse(f)
	if err != nil {
		// review.Parse puts line:column first: file:line:col, as every
		// finding is written.
		return nil, usagef("cli.check.approvals-not-reviews", name, err)
	}
	return rs, nil
}

// eventAuthor gives the pull request's author from the GitHub Actions event
// payload, "" outside a pull request's run. github.actor (and
// $GITHUB_ACTOR) is whoever triggered the run, which for a re-run or a
// review is not the author, so it is never used.
func eventAuthor() (string, error) {
	path := os.Getenv("GITHUB_EVENT_PATH")
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", wrapUsage(err, "cli.check.event-unreadable")
	}
	var ev struct {
		PullRequest *struct {
			User struct {
				Login string `json:"login"`
			} `json:"user"`
		} `json:"pull_request"`
	}
	if err := json.Unmarshal(b, &ev); err != nil {
		return "", wrapUsage(err, "cli.check.event-file", path)
	}
	if ev.PullRequest == nil {
		return "", nil
	}
	return ev.PullRequest.User.Login, nil
}
