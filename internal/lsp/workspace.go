package lsp

import (
	"io/fs"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/validate"
)

// Workspace is one governance repository as the editor sees it: the folder
// with the unsaved text of its open documents, judged as a whole. It keeps
// the last run, and a new run takes over the parse and the schema findings
// of every file that has not changed since (validate.RunReusing): a change
// costs the changed file's parse plus the model and the rules, which look
// across files and so always judge the whole repository.
type Workspace struct {
	// Root is the repository's folder on disk.
	Root string

	fsys *overlay
	opt  validate.Options

	mu    sync.Mutex
	res   *validate.Result
	dirty map[string]bool
	// rewalk is set when files may have been created or deleted by
	// something other than the open documents (FilesChanged): the next run
	// walks the folders again instead of taking the last run's walk.
	rewalk bool
	byFile map[string][]diag.Diagnostic
}

// NewWorkspace is the repository in base (the folder at root), not yet
// judged.
func NewWorkspace(root string, base fs.FS, opt validate.Options) *Workspace {
	return &Workspace{Root: root, fsys: newOverlay(base), opt: opt, dirty: map[string]bool{}, byFile: map[string][]diag.Diagnostic{}}
}

// Set makes text the content of the file at p (a repository path), as an
// open document whose text is not saved.
func (w *Workspace) Set(p string, text []byte) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.fsys.Set(p, text)
	w.dirty[p] = true
}

// Close lets the file at p be read from disk again.
func (w *Workspace) Close(p string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.fsys.Drop(p)
	w.dirty[p] = true
}

// FilesChanged says the files at ps changed on disk (created, changed or
// deleted by something other than the editor's open documents).
func (w *Workspace) FilesChanged(ps []string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.fsys.Forget()
	w.rewalk = true
	for _, p := range ps {
		w.dirty[p] = true
	}
}

// Text is the text of the file at p as judged: the open document's, or
// what the last run read from disk.
func (w *Workspace) Text(p string) ([]byte, bool) {
	if b, ok := w.fsys.Text(p); ok {
		return b, true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.res == nil {
		return nil, false
	}
	b, ok := w.res.Repo.Sources[p]
	return b, ok
}

// Result is the last run, nil before the first.
func (w *Workspace) Result() *validate.Result {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.res
}

// Findings are the last run's findings in the file at p.
func (w *Workspace) Findings(p string) []diag.Diagnostic {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.byFile[p]
}

// Judge validates the repository as it now is and returns the files whose
// findings changed, with their findings (empty for a file that has none
// any longer), and every file that changed since the last run, whose
// positions may have moved even where the findings did not.
func (w *Workspace) Judge() map[string][]diag.Diagnostic {
	w.mu.Lock()
	defer w.mu.Unlock()
	dirty := w.dirty
	w.dirty = map[string]bool{}
	re := validate.Reuse{}
	if w.res != nil {
		re = validate.Reuse{Prev: w.res, Same: func(p string) bool { return !dirty[p] }}
		if !w.rewalk {
			// Only the open documents changed: the load checks that each
			// was a file of the last walk and still is one.
			re.Touched = slices.Collect(maps.Keys(dirty))
			if re.Touched == nil {
				re.Touched = []string{}
			}
		}
	}
	w.rewalk = false
	w.res = validate.RunReusing(w.fsys, w.opt, re)
	by := map[string][]diag.Diagnostic{}
	for _, d := range w.res.Diags {
		by[d.Pos.File] = append(by[d.Pos.File], d)
	}
	out := map[string][]diag.Diagnostic{}
	for f, ds := range by {
		if dirty[f] || !slices.Equal(ds, w.byFile[f]) {
			out[f] = ds
		}
	}
	for f := range w.byFile {
		if _, still := by[f]; !still {
			out[f] = nil
		}
	}
	for f := range dirty {
		if _, ok := out[f]; !ok {
			out[f] = by[f]
		}
	}
	w.byFile = by
	return out
}

// setAsOf sets the date the next run judges by.
func (w *Workspace) setAsOf(d time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.opt.AsOf = d
}

// repo is the last run's model, nil before the first run.
func (w *Workspace) repo() *model.Repository {
	if r := w.Result(); r != nil {
		return r.Repo
	}
	return nil
}
