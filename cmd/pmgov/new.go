package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/output"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/internal/scaffold"
)

// newFlags are the flags each kind takes, named after the data model's
// fields in kebab-case. A flag given to a kind that does not use it is
// refused, so a typo cannot pass silently.
var newFlags = map[doc.Kind][]string{
	doc.Center:     {"id", "name", "short-name", "kind", "mandate", "theme", "anchor-unit", "leader", "start", "status"},
	doc.Strategy:   {"center", "period", "title"},
	doc.ActionPlan: {"center", "year", "strategy"},
	doc.Report:     {"center", "period", "author"},
	doc.Decision:   {"id", "date", "meeting", "title", "type", "center", "rule", "until"},
	doc.Meeting:    {"date", "title"},
	doc.Advice:     {"center", "date", "title", "slug", "to-unit", "priority", "status"},
	doc.Evaluation: {"center", "term", "date", "outcome", "decision"},
}

func newNewCmd(g *globals) *cobra.Command {
	var f runFlags
	var r scaffold.Request
	cmd := &cobra.Command{
		Use:   "new KIND [flags]",
		Short: "Write the skeleton of a new file in the right place",
		Long: `new writes a new governance file where it belongs, with every required field,
a Norwegian comment above each, and the values it can derive from the
repository. Text you must write yourself is marked "FYLL INN". It never
overwrites a file. Afterwards it lists what is left to fill in and checks
the new file.

Kinds and their flags (flags are the data model's field names):
  center       --id --name --short-name --kind --mandate --theme --anchor-unit
               --leader --start --status
               (a proposed center with the mandate of its kind and a first term
               of the mandate's length from --start, default --as-of)
  strategy     --center --period FROM-TO --title
               (period: the current term's years)
  action-plan  --center --year --strategy
               (year: the --as-of year; copies last year's unfinished actions)
  report       --center --period --author
               (period: the earliest ended period of the current term without a
               report; author: the center leader; actions and effort from the plan
               and the disease groups)
  decision     --id --date --meeting --title --type --center --rule --until
               (id: the next free number of the year, e.g. PMU-2025-04;
               meeting: the next meeting on or after --as-of; a waiver,
               --type waiver, names the --rule waived for --center --until a day)
  meeting      --date --title
               (attendees: the committee's members)
  advice       --center --date --title --slug --to-unit --priority --status
               (file name: date and a slug made from --title)
  evaluation   --center --term --date --outcome --decision
               (term: the first term without an evaluation)

--center may be left out when the repository has a single center.

Exit status: 0 the file was written (even with places left to fill in),
2 refused (bad input, or the file exists).`,
		Example: `  pmgov new report --center kre
  pmgov new report --center kre --period 2025-T2
  pmgov new action-plan --center kre --year 2026
  pmgov new advice --center kre --title "Sekvenseringskapasitet" --to-unit KLM
  pmgov new decision --type approve-strategy --center kre --title "Strategi for SEPREK"`,
		ValidArgs: kindNames(),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef("cli.new.kind-missing", strings.Join(kindNames(), ", "))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			r.Kind = doc.Kind(args[0])
			allowed, ok := newFlags[r.Kind]
			if !ok {
				return usagef("cli.new.kind-unknown", args[0], strings.Join(kindNames(), ", "))
			}
			return runNew(g, &f, r, onlyFlags(cmd, r.Kind, allowed))
		},
	}
	fl := cmd.Flags()
	// --as-of and --lang as validate has them; --strict has no meaning here.
	fl.StringVar(&f.asOf, "as-of", "", "today's date, `YYYY-MM-DD`: decides the defaults (default today)")
	fl.StringVar(&f.lang, "lang", "", "message language, nb or en (default: the first of governance.yaml's languages)")
	fl.StringVar(&r.Center, "center", "", "the center's `ID` (centers/<id>/)")
	fl.StringVar(&r.Period, "period", "", "report: `PERIOD` such as 2025-T2; strategy: FROM-TO such as 2024-2027")
	fl.IntVar(&r.Year, "year", 0, "action plan: the `YEAR`")
	fl.StringVar(&r.ID, "id", "", "center id (kre) or decision id (PMU-2025-04)")
	fl.StringVar(&r.Title, "title", "", "the title")
	fl.StringVar(&r.Name, "name", "", "center: its name")
	fl.StringVar(&r.ShortName, "short-name", "", "center: its short name, e.g. SEPREK")
	fl.StringVar(&r.CenterKind, "kind", "", "center: treatment or technology (default treatment)")
	fl.StringVar(&r.Mandate, "mandate", "", "center: the mandate's `ID` (default: the one for its kind)")
	fl.StringVar(&r.Theme, "theme", "", "center: one of the mandate's themes (default: the first no active center has)")
	fl.StringVar(&r.AnchorUnit, "anchor-unit", "", "center: the line `UNIT` it is anchored in (default: the mandate's initial center for the theme)")
	fl.StringVar(&r.Leader, "leader", "", "center: the leader's `PERSON` id")
	fl.StringVar(&r.Start, "start", "", "center: first day of the first term, `YYYY-MM-DD` (default --as-of)")
	fl.StringVar(&r.Status, "status", "", "center: proposed|active|closed; advice: proposed|accepted|declined")
	fl.StringVar(&r.Date, "date", "", "the document's date, `YYYY-MM-DD` (default --as-of)")
	fl.StringVar(&r.Meeting, "meeting", "", "decision: the meeting's date, `YYYY-MM-DD`")
	fl.StringVar(&r.Type, "type", "", "decision: "+strings.Join(decisionTypeNames, "|")+" (default other)")
	fl.IntVar(&r.Term, "term", 0, "evaluation: the term's number `N`, counted from 1")
	fl.StringVar(&r.ToUnit, "to-unit", "", "advice: the line `UNIT` the advice is for (default: the center's budget unit)")
	fl.StringVar(&r.Priority, "priority", "", "advice: high|medium|low (default medium)")
	fl.StringVar(&r.Slug, "slug", "", "advice: the file name's short name, e.g. sekvensering (default: made from --title)")
	fl.StringVar(&r.Author, "author", "", "report: the author's `PERSON` id (default: the center leader)")
	fl.StringVar(&r.Strategy, "strategy", "", "action plan: strategy-FROM-TO (default: the strategy covering the year)")
	fl.StringVar(&r.Outcome, "outcome", "", "evaluation: continue|adjust|close (default continue)")
	fl.StringVar(&r.Decision, "decision", "", "evaluation: the committee's decision `ID`")
	fl.StringVar(&r.Rule, "rule", "", "waiver decision: the `RULE` waived (pmgov rules lists them)")
	fl.StringVar(&r.Until, "until", "", "waiver decision: the waiver's last day, `YYYY-MM-DD` (default a year on)")
	return cmd
}

// decisionTypeNames are the data model's decision types, for help.
var decisionTypeNames = rules.DecisionTypes()

func kindNames() []string {
	out := make([]string, len(scaffold.Kinds))
	for i, k := range scaffold.Kinds {
		out[i] = string(k)
	}
	return out
}

// onlyFlags refuses flags that kind does not use.
func onlyFlags(cmd *cobra.Command, kind doc.Kind, allowed []string) *scaffold.Error {
	ok := map[string]bool{"as-of": true, "lang": true, "dir": true, "help": true}
	for _, a := range allowed {
		ok[a] = true
	}
	var bad []string
	cmd.Flags().Visit(func(fl *pflag.Flag) {
		if !ok[fl.Name] {
			bad = append(bad, "--"+fl.Name)
		}
	})
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = "--" + a
	}
	return &scaffold.Error{
		Msg:  diag.M("cli.new.flag-not-for-kind", strings.Join(bad, ", "), kind),
		Hint: diag.M("cli.new.flags-of-kind", kind, strings.Join(names, " ")),
	}
}

// runNew generates, writes, reports and checks one new file. A refusal
// found earlier (a flag the kind does not take) is reported here, once the
// repository's language is known.
func runNew(g *globals, f *runFlags, r scaffold.Request, refused *scaffold.Error) error {
	dir := g.dir
	res, err := f.open(dir)
	if err != nil {
		return err
	}
	lang, err := f.language(res)
	if err != nil {
		return err
	}
	if r.AsOf, err = f.date(); err != nil {
		return err
	}
	var file *scaffold.File
	if refused != nil {
		err = refused
	} else if file, err = scaffold.Generate(res.Repo, r); err == nil {
		err = scaffold.Write(dir, file)
	}
	var refusal *scaffold.Error
	if errors.As(err, &refusal) {
		fmt.Fprintf(g.stderr, "pmgov new: %s\n", refusal.Msg.In(lang))
		if h := refusal.Hint.In(lang); h != "" {
			fmt.Fprintf(g.stderr, "    %s: %s\n", diag.M("cli.new.hint").In(lang), h)
		}
		return exitError{exitUsage}
	}
	if err != nil {
		return err
	}
	report(g.stdout, file, lang)

	after, err := f.open(dir)
	if err != nil {
		return err
	}
	var own []diag.Diagnostic
	for _, d := range after.Diags {
		if d.Pos.File == file.Path {
			own = append(own, d)
		}
	}
	fmt.Fprintf(g.stdout, "\n%s\n", diag.M("cli.new.check-of", file.Path).In(lang))
	asOf, _ := f.date()
	if err := output.Write(g.stdout, "text", own, output.Options{
		Lang: lang, AsOf: asOf.Format("2006-01-02"), Files: 1, Rules: ruleInfos(),
		Sources: after.Repo.Sources, ToolVersion: version,
	}); err != nil {
		return err
	}
	switch n := len(file.Todo); {
	case n > 0:
		fmt.Fprintf(g.stdout, "\n%s\n", diag.M("cli.new.written-with-todos", n).In(lang))
	default:
		fmt.Fprintf(g.stdout, "\n%s\n", diag.M("cli.new.written").In(lang))
	}
	return nil
}

// report prints the path written, the places left to fill in and the
// derived values to check.
func report(w io.Writer, file *scaffold.File, lang diag.Lang) {
	fmt.Fprintf(w, "%s\n", diag.M("cli.new.wrote", file.Path).In(lang))
	if len(file.Todo) > 0 {
		fmt.Fprintf(w, "\n%s\n", diag.M("cli.new.left-to-fill").In(lang))
		for _, t := range file.Todo {
			field := ""
			if t.Field != "" {
				field = t.Field + ": "
			}
			fmt.Fprintf(w, "  %s:%d: %s%s\n", file.Path, t.Line, field, t.What.In(lang))
		}
	}
	if len(file.Notes) > 0 {
		fmt.Fprintf(w, "\n%s\n", diag.M("cli.new.check-also").In(lang))
		for _, n := range file.Notes {
			fmt.Fprintf(w, "  - %s\n", n.In(lang))
		}
	}
}
