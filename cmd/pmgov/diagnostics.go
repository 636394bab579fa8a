package main

import (
	"io"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/output"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/internal/validate"
)

// ruleInfos describes the catalogue for SARIF.
func ruleInfos() []output.RuleInfo {
	out := make([]output.RuleInfo, len(rules.All))
	for i, r := range rules.All {
		out[i] = output.RuleInfo{ID: r.ID, Clause: r.Clause, Severity: r.Severity, Summary: r.Summary, Doc: r.Doc}
	}
	return out
}

// writeDiagnostics prints a validation result in format.
func writeDiagnostics(w io.Writer, format string, res *validate.Result, lang diag.Lang, asOf func() (time.Time, error)) error {
	d, err := asOf()
	if err != nil {
		return err
	}
	return output.Write(w, format, res.Diags, output.Options{
		Lang: lang, AsOf: d.Format(time.DateOnly), Files: res.Files, Rules: ruleInfos(),
		Sources: res.Repo.Sources, ToolVersion: version,
	})
}
