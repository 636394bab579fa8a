// Package validate runs the whole flow over a repository: load, schema,
// model, rules. validate, build, report and check all call Run, so the site
// and the gate can never disagree with the validator about the data.
package validate

import (
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/internal/schema"
)

// Options control a run.
type Options struct {
	// AsOf is the date every date rule reads.
	AsOf time.Time
	// Strict turns warnings into errors.
	Strict bool
	// Walked, when set, is told how many data files the load found before
	// it reads them (load.Reuse.Walked).
	Walked func(files int)
	// Once is for a caller that reads the result and lets it go, as a
	// command does: each document is checked against its schema and
	// decoded on the loader's workers as soon as it parses, and its parse
	// tree dropped then, instead of every tree staying alive until the
	// model is built (at 100,000 documents some 380 MB, which the collector
	// traces at every cycle while the rules run). The findings and the
	// model are the same (TestOnceIsTheSame). The result is released
	// (Release): no later run can take its work over, and a run given a
	// Reuse.Prev does not drop trees.
	Once bool
}

// Result is a validated repository.
type Result struct {
	Repo  *model.Repository
	Diags []diag.Diagnostic
	// Files is the number of data files examined.
	Files int

	// raw are the findings before rules.Apply judged them; those from
	// dated on are the rules', which depend on the as-of date.
	raw   []diag.Diagnostic
	dated int
	// loaded and schemaDiags (the schema findings of loaded.Docs[i]) are
	// kept for a later run that reuses this one's work.
	loaded      *load.Result
	schemaDiags [][]diag.Diagnostic
}

// Reuse lets a run take over an earlier run's work on unchanged files: the
// pull-request gate validates the base after the head, and a pull request
// changes a few files of thousands.
type Reuse struct {
	// Prev is the earlier run.
	Prev *Result
	// Same reports whether the file at path holds exactly the bytes Prev
	// read there (Prev.Repo.Sources[path]).
	Same func(path string) bool
	// Touched, when not nil, holds every path that may have been created,
	// changed or deleted since Prev: the load then takes over Prev's walk
	// of the folders when those paths leave the set of files as it was
	// (load.Reuse.Touched).
	Touched []string
}

// Run loads and validates the repository in fsys.
func Run(fsys fs.FS, opt Options) *Result {
	return RunReusing(fsys, opt, Reuse{})
}

// RunReusing is Run, taking over from re.Prev the parsed document and the
// schema findings of every file re.Same says is unchanged: both depend on
// nothing but the file's path and bytes. The model and the rules, which
// look across files, always run on the whole repository.
func RunReusing(fsys fs.FS, opt Options, re Reuse) *Result {
	var lre load.Reuse
	var prevSchema map[*doc.Document][]diag.Diagnostic
	if re.Prev != nil && re.Prev.loaded != nil && re.Same != nil {
		lre = load.Reuse{Prev: re.Prev.loaded, Same: re.Same, Touched: re.Touched}
		prevSchema = make(map[*doc.Document][]diag.Diagnostic, len(re.Prev.loaded.Docs))
		for i, d := range re.Prev.loaded.Docs {
			prevSchema[d] = re.Prev.schemaDiags[i]
		}
	}
	lre.Walked = opt.Walked
	if opt.Once && lre.Prev == nil {
		return runOnce(fsys, opt, lre)
	}
	lr := load.LoadReusing(fsys, lre)
	var prevRepo *model.Repository
	if lre.Prev != nil {
		prevRepo = re.Prev.Repo
	}
	// The schemas are checked on all cores while the model is built and
	// the rules run, which is work for one core: the model reads the
	// documents without changing them, as the schema check does, and
	// neither needs the other's findings.
	var per [][]diag.Diagnostic
	schemaDone := make(chan struct{})
	go func() {
		defer close(schemaDone)
		per = checkSchemas(lr, prevSchema)
	}()
	repo, md := model.BuildReusing(lr.Docs, lr.Sources, lr.Files, prevRepo)
	ruleDiags := rules.Check(repo, rules.Options{AsOf: opt.AsOf})
	<-schemaDone
	return finish(lr, per, repo, md, ruleDiags, opt)
}

// finish puts a run's findings together in the order the stages ran:
// loading, the schemas (of lr.Docs[i] at per[i]), the model, the missing
// files, then the rules, and judges them (With).
func finish(lr *load.Result, per [][]diag.Diagnostic, repo *model.Repository, md, ruleDiags []diag.Diagnostic, opt Options) *Result {
	ds := lr.Diags
	for _, sd := range per {
		ds = append(ds, sd...)
	}
	ds = append(ds, md...)
	ds = append(ds, missingFiles(lr)...)
	dated := len(ds)
	ds = append(ds, ruleDiags...)
	res := &Result{Repo: repo, Files: lr.Files, raw: ds, dated: dated, loaded: lr, schemaDiags: per}
	res.Diags = res.With(nil, opt)
	return res
}

// runOnce is RunReusing for Options.Once without a previous run: the
// loader's workers check and decode each document as it parses and drop
// its tree, and the model is built from the values (model.BuildFrom).
func runOnce(fsys fs.FS, opt Options, lre load.Reuse) *Result {
	type made struct {
		schema []diag.Diagnostic
		value  any
	}
	lre.Parsed = func(d *doc.Document) any {
		m := made{schema.Validate(d), model.Decode(d)}
		d.Root = nil
		return m
	}
	lr := load.LoadReusing(fsys, lre)
	per := make([][]diag.Diagnostic, len(lr.Docs))
	values := make([]any, len(lr.Docs))
	for i, d := range lr.Docs {
		m, ok := lr.Made[i].(made)
		if !ok { // the loader gives Parsed every document it gives
			m = made{schema.Validate(d), model.Decode(d)}
		}
		per[i], values[i] = m.schema, m.value
	}
	lr.Made = nil
	repo, md := model.BuildFrom(lr.Docs, lr.Sources, lr.Files, nil, values)
	res := finish(lr, per, repo, md, rules.Check(repo, rules.Options{AsOf: opt.AsOf}), opt)
	res.Release()
	return res
}

// With judges this run's findings together with extra ones found outside
// it (the pull-request gate's change rules) as Run judges its own: severity
// overrides, waivers and --strict (rules.Apply) over all of them at once,
// sorted. Without extra it gives Diags again.
func (r *Result) With(extra []diag.Diagnostic, opt Options) []diag.Diagnostic {
	ds := append(slices.Clip(r.raw), extra...)
	ds = rules.Apply(r.Repo, ds, opt.AsOf, opt.Strict)
	diag.Sort(ds)
	return ds
}

// At judges the same repository as of another day: the rules run again
// over the same model at asOf, beside the findings of loading, the schemas
// and the model (which no date changes), and rules.Apply judges them all at
// asOf, as Run judged its own. The forecast reads the days ahead with it,
// so that it can never foresee what validate would not find on that day.
func (r *Result) At(asOf time.Time, strict bool) []diag.Diagnostic {
	if r == nil || r.Repo == nil {
		return nil
	}
	ds := slices.Clip(r.raw[:r.dated])
	for _, d := range r.raw[r.dated:] {
		// A Structure or Dateless rule's check reads no date: its
		// findings hold on every day.
		if ru := rules.ByID(d.Rule); ru != nil && !rules.ReadsDate(ru) {
			ds = append(ds, d)
		}
	}
	ds = append(ds, rules.CheckDated(r.Repo, rules.Options{AsOf: asOf})...)
	ds = rules.Apply(r.Repo, ds, asOf, strict)
	diag.Sort(ds)
	return ds
}

// Data loads the files of fsys that keep accepts (repository paths of files
// and of the folders to walk into) and builds the model from them, taking
// over re.Prev's parse of unchanged files, but checks neither schemas nor
// rules: for a caller that needs some of the data, not a verdict on it. The
// pull-request gate reads who may change what at the base this way,
// without the thousands of documents that do not say it. Diags holds what
// loading and resolving gave.
func Data(fsys fs.FS, keep func(path string) bool, re Reuse) *Result {
	lre := load.Reuse{Keep: keep}
	if re.Prev != nil && re.Prev.loaded != nil && re.Same != nil {
		lre.Prev, lre.Same = re.Prev.loaded, re.Same
	}
	lr := load.LoadReusing(fsys, lre)
	var prevRepo *model.Repository
	if lre.Prev != nil {
		prevRepo = re.Prev.Repo
	}
	repo, md := model.BuildReusing(lr.Docs, lr.Sources, lr.Files, prevRepo)
	ds := append(append([]diag.Diagnostic(nil), lr.Diags...), md...)
	diag.Sort(ds)
	return &Result{Repo: repo, Diags: ds, Files: lr.Files, loaded: lr}
}

// checkSchemas validates every document against its kind's schema on all
// cores, taking the findings of a document shared with an earlier run
// (reused) from that run. It gives the findings of lr.Docs[i] at i.
func checkSchemas(lr *load.Result, reused map[*doc.Document][]diag.Diagnostic) [][]diag.Diagnostic {
	per := make([][]diag.Diagnostic, len(lr.Docs))
	todo := make([]int, 0, len(lr.Docs))
	for i, d := range lr.Docs {
		if ds, ok := reused[d]; ok {
			per[i] = ds
			continue
		}
		todo = append(todo, i)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, min(runtime.GOMAXPROCS(0), len(todo))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				per[i] = schema.Validate(lr.Docs[i])
			}
		}()
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	return per
}

// required are the files every governance repository has.
var required = []string{"governance.yaml", "org/units.yaml", "org/people.yaml", "committee/committee.yaml"}

// requiredKind is the schema kind of each required file, for the hint.
var requiredKind = map[string]string{
	"governance.yaml": "governance", "org/units.yaml": "units", "org/people.yaml": "people", "committee/committee.yaml": "committee",
}

// requiredWhat says what each required file holds.
var requiredWhat = map[string]diag.Text{
	"governance.yaml":          diag.M("validate.required-what.governance-yaml"),
	"org/units.yaml":           diag.M("validate.required-what.org-units-yaml"),
	"org/people.yaml":          diag.M("validate.required-what.org-people-yaml"),
	"committee/committee.yaml": diag.M("validate.required-what.committee-committee-yaml"),
}

// missingFiles reports required files that are absent. A file that exists
// but could not be read has already been reported by the loader.
func missingFiles(lr *load.Result) []diag.Diagnostic {
	reported := map[string]bool{}
	for _, d := range lr.Diags {
		reported[d.Pos.File] = true
	}
	var out []diag.Diagnostic
	for _, p := range required {
		if _, read := lr.Sources[p]; read || reported[p] {
			continue
		}
		out = append(out, diag.Diagnostic{
			Rule: "schema", Severity: diag.Error, Pos: diag.Pos{File: p},
			Message: diag.M("validate.missing-files.message", p, requiredWhat[p]),
			Hint:    diag.M("validate.missing-files.hint", p, requiredKind[p]),
		})
	}
	return out
}

// IsRepository reports whether fsys holds any governance data at all, so
// that a command pointed at the wrong folder can say so instead of
// reporting every file missing.
func IsRepository(fsys fs.FS) bool {
	for _, r := range load.DataRoots {
		if _, err := fs.Stat(fsys, r); err == nil {
			return true
		}
	}
	return false
}

// Release drops what the run keeps only for a later run to take over: the
// files' parse trees and their schema findings (model.Repository.Release). A command that validates
// once and then only reads the model and the findings (build, report,
// agenda) calls it before its long work: the trees are most of what a
// validation holds (at 100,000 documents some 380 MB of about 630 MB), and
// a collector that must not let the heap pass a limit scans whatever is
// live at every cycle. What Fault says is kept. A later run given this one
// as Reuse.Prev does all its work afresh.
func (r *Result) Release() {
	if r == nil {
		return
	}
	if r.loaded != nil {
		r.loaded = &load.Result{Files: r.loaded.Files, Faults: r.loaded.Faults}
	}
	r.schemaDiags = nil
	r.Repo.Release()
}

// Fault says why the repository could not be read in full: nil when every
// file and folder could be read, else an error naming the first that could
// not (a *load.ReadError, which wraps the cause: for a git revision a
// *history.ObjectError when an object is missing from a partial clone or
// damaged). Such a file is never taken as absent, but its diagnostics are
// no verdict either: whoever must fail closed (validate --at, the
// pull-request gate, report --since) returns the fault, which is exit 2,
// instead of the findings. Plain validate over the work tree shows the
// unreadable file as the syntax finding at it.
func (r *Result) Fault() error {
	if r == nil || r.loaded == nil || len(r.loaded.Faults) == 0 {
		return nil
	}
	fs := r.loaded.Faults
	if len(fs) == 1 {
		return fs[0]
	}
	return &faults{first: fs[0], more: len(fs) - 1}
}

// faults is more than one fault, shown as the first and a count.
type faults struct {
	first *load.ReadError
	more  int
}

func (f *faults) Error() string {
	unit := "others"
	if f.more == 1 {
		unit = "other"
	}
	return fmt.Sprintf("%v (and %d %s that cannot be read)", f.first, f.more, unit)
}

func (f *faults) Unwrap() error { return f.first }

// Failed reports whether any diagnostic is an error.
func (r *Result) Failed() bool {
	for _, d := range r.Diags {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}
