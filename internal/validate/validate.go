// Package validate runs the whole flow over a repository: load, schema,
// model, rules. validate, build, report and check all call Run, so the site
// and the gate can never disagree with the validator about the data.
package validate

import (
	"io/fs"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/rules"
)

// Options control a run.
type Options struct {
	// AsOf is the date every date rule reads.
	AsOf time.Time
	// Strict turns warnings into errors.
	Strict bool
}

// Result is a validated repository.
type Result struct {
	Repo  *model.Repository
	Diags []diag.Diagnostic
	// Files is the number of data files examined.
	Files int
}

// Run loads and validates the repository in fsys.
func Run(fsys fs.FS, opt Options) *Result {
	lr := load.Load(fsys)
	ds := lr.Diags
	repo, md := model.Build(lr.Docs, lr.Sources, lr.Files)
	ds = append(ds, md...)
	ds = append(ds, rules.Check(repo, rules.Options{AsOf: opt.AsOf})...)
	ds = rules.Apply(repo, ds, opt.AsOf, opt.Strict)
	diag.Sort(ds)
	return &Result{Repo: repo, Diags: ds, Files: lr.Files}
}

// Failed reports whether any diagnostic is an error.
func (r *Result) Failed() bool {
	for _, d := range r.Diags {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}
