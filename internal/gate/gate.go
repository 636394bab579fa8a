// Package gate is the pull-request gate: it validates the head of a branch
// as `validate` does, then runs the change checks of the rule catalogue
// (rules.CheckChange: ownership with approvals, commit authors, a theme
// changed without a decision, CODEOWNERS kept true, no "FYLL INN" left) over
// what the pull request changes, and judges both through rules.Apply, so that
// --strict, severity overrides and waivers behave alike for every rule. It
// can keep to the findings the base did not already have.
package gate

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/ownership"
	"github.com/ous-pm/pmgov/internal/review"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/internal/validate"
)

// Options control the gate.
type Options struct {
	// Base is the revision the pull request merges into: in CI the full
	// commit id of the pull request's base.
	Base string
	// Actor is the GitHub login of the pull request's author.
	Actor string
	// Reviews are the pull request's reviews (review.Parse); the approvals
	// of the head commit among them count as consent of their authors.
	Reviews []review.Review
	// NewOnly keeps only findings the base did not already have (the
	// change rules' findings are always new).
	NewOnly  bool
	Validate validate.Options
}

// Result is the outcome of the gate.
type Result struct {
	Head *validate.Result
	// Base is the base as far as the gate needed it: the whole repository
	// validated with --new-only, else only the files that decide ownership
	// (see ownership.Decides), loaded and resolved but not checked.
	Base    *validate.Result
	Changed []string
	// Approvers are the logins whose approval of the head commit counted.
	Approvers []string
	// Diags are the head's findings (or only the new ones) and the change
	// rules'.
	Diags []diag.Diagnostic
	Notes []diag.Text
}

// Failed reports whether any finding is an error.
func (r *Result) Failed() bool {
	for _, d := range r.Diags {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}

// Check runs the gate on the repository h, whose work tree is the head.
func Check(h *history.Repo, opt Options) (*Result, error) {
	if !h.HasGit() {
		return nil, diag.Failf("gate.check.no-git")
	}
	if opt.Actor == "" {
		return nil, diag.Failf("gate.check.no-author")
	}
	changed, err := h.ChangedFiles(opt.Base)
	if err != nil {
		return nil, err
	}
	baseFS, err := h.FS(opt.Base)
	if err != nil {
		return nil, err
	}
	headCommit, err := h.Resolve("HEAD")
	if err != nil {
		return nil, err
	}
	// The base differs from the head in a few files: take over the head's
	// parse and schema findings for every file whose bytes are the same,
	// and read only the rest from git objects. The base's blob hashes are
	// gathered while the head is validated. Should that fail, the base is
	// read in full, which is slower but no less right.
	type blobsResult struct {
		blobs map[string]plumbing.Hash
		err   error
	}
	blobsDone := make(chan blobsResult, 1)
	go func() {
		b, err := h.Blobs(opt.Base)
		blobsDone <- blobsResult{b, err}
	}()
	headRes := validate.Run(h.WorkFS(), opt.Validate)
	// Fail closed: a file the gate could not read is not judged as absent,
	// on either side (a partial clone, a damaged object, a permission).
	if err := headRes.Fault(); err != nil {
		<-blobsDone
		return nil, err
	}
	var same func(string) bool
	if br := <-blobsDone; br.err == nil {
		same = unchangedSince(br.blobs, headRes.Repo.Sources)
	}
	// Who may change what is read from the base; its findings matter only
	// to --new-only. Without it, the base's few files that decide
	// ownership are enough.
	reuse := validate.Reuse{Prev: headRes, Same: same}
	var baseRes *validate.Result
	if opt.NewOnly {
		baseRes = validate.RunReusing(baseFS, opt.Validate, reuse)
	} else {
		baseRes = validate.Data(baseFS, ownership.Decides, reuse)
	}
	if err := baseRes.Fault(); err != nil {
		return nil, err
	}
	commits, err := prCommits(h, opt.Base)
	if err != nil {
		return nil, err
	}
	co, err := readCodeowners(h)
	if err != nil {
		return nil, err
	}
	baseChanged, err := baseChanges(h, opt.Base, changed)
	if err != nil {
		return nil, err
	}
	pr := &rules.PullRequest{
		BaseChanged: baseChanged,
		Base:        baseRes.Repo,
		Changed:     changed,
		Author:      opt.Actor,
		Approvers:   review.Approvers(opt.Reviews, headCommit),
		Commits:     commits,
		Codeowners:  co,
	}
	change := rules.CheckChange(headRes.Repo, pr, rules.Options{AsOf: opt.Validate.AsOf})
	ds := headRes.With(change, opt.Validate)
	if opt.NewOnly {
		ds = newOnly(baseRes.Diags, ds)
	}
	return &Result{
		Head: headRes, Base: baseRes, Changed: changed, Approvers: pr.Approvers,
		Diags: ds, Notes: h.Notes(),
	}, nil
}

// baseChanges gives the day each changed center.yaml last changed at the
// base, for change-decision: a decision dated after it may authorise the
// change. Files the base does not have are left out.
func baseChanges(h *history.Repo, base string, changed []string) (map[string]time.Time, error) {
	var paths []string
	for _, f := range changed {
		if _, file, ok := strings.Cut(strings.TrimPrefix(f, "centers/"), "/"); ok && file == "center.yaml" && strings.HasPrefix(f, "centers/") {
			paths = append(paths, f)
		}
	}
	out := map[string]time.Time{}
	if len(paths) == 0 {
		return out, nil
	}
	cs, err := h.RecentChanges(base, paths, 1)
	if err != nil {
		return nil, err
	}
	for p, list := range cs {
		if len(list) > 0 {
			out[p] = list[0].Date
		}
	}
	return out, nil
}

// prCommits lists the pull request's commits with the files each changed.
func prCommits(h *history.Repo, base string) ([]rules.Commit, error) {
	cs, err := h.Commits(base)
	if err != nil {
		return nil, err
	}
	out := make([]rules.Commit, len(cs))
	for i, c := range cs {
		files, err := h.CommitFiles(c.Hash)
		if err != nil {
			return nil, err
		}
		out[i] = rules.Commit{Hash: c.Hash, Author: c.Author, Email: c.Email, Files: files}
	}
	return out, nil
}

// readCodeowners reads .github/CODEOWNERS at the top of the work tree, nil
// when there is none. Any other failure to read it is the tool's, not a
// finding: the gate does not judge what it could not read.
func readCodeowners(h *history.Repo) ([]byte, error) {
	top := h.Dir()
	if root := h.DataRoot(); root != "" {
		top = strings.TrimSuffix(filepath.ToSlash(top), "/"+root)
	}
	b, err := os.ReadFile(filepath.Join(top, filepath.FromSlash(ownership.CodeownersPath)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, diag.Wrapf(err, "gate.codeowners.read", ownership.CodeownersPath, err)
	}
	return b, nil
}

// key identifies a finding across revisions: lines move when text is added
// above, so rule, file and message identify it.
func key(d diag.Diagnostic) string { return d.Rule + "\x00" + d.Pos.File + "\x00" + d.Message.EN }

func newOnly(base, head []diag.Diagnostic) []diag.Diagnostic {
	old := map[string]int{}
	for _, d := range base {
		old[key(d)]++
	}
	var out []diag.Diagnostic
	for _, d := range head {
		if old[key(d)] > 0 {
			old[key(d)]--
			continue
		}
		out = append(out, d)
	}
	return out
}
