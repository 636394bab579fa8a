// Package gate is the pull-request gate: it validates the head of a branch
// as `validate` does, then checks what only a change can break — who changed
// each file (ownership), a center's theme changed without a committee
// decision (theme), and .github/CODEOWNERS kept true to the data
// (codeowners) — and can keep to the findings the base did not already have.
package gate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/ownership"
	"github.com/ous-pm/pmgov/internal/validate"
)

// Options control the gate.
type Options struct {
	// Base is the revision the pull request merges into (e.g. origin/main).
	Base string
	// Actor is the GitHub login of who opened or updated the pull request.
	Actor string
	// NewOnly keeps only findings the base did not already have (the
	// gate's own findings are always new).
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
	// Diags are the head's findings (or only the new ones) and the gate's.
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
		return nil, errors.New("check needs a git repository: the folder has no history to compare with --base")
	}
	if opt.Actor == "" {
		return nil, errors.New("no actor: pass --actor LOGIN (CI sets $GITHUB_ACTOR)")
	}
	changed, err := h.ChangedFiles(opt.Base)
	if err != nil {
		return nil, err
	}
	baseFS, err := h.FS(opt.Base)
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
	res := &Result{
		Head:    headRes,
		Base:    baseRes,
		Changed: changed,
		Notes:   h.Notes(),
	}
	head, base := res.Head.Repo, res.Base.Repo

	var own []diag.Diagnostic
	own = append(own, checkOwnership(base, head, changed, opt.Actor)...)
	commits, err := h.Commits(opt.Base)
	if err != nil {
		return nil, err
	}
	own = append(own, checkAuthors(base, head, commits)...)
	own = append(own, checkThemes(base, head)...)
	own = append(own, checkPlaceholders(headRes.Repo.Docs, changed)...)
	if d := checkCodeowners(h, head); d != nil {
		own = append(own, *d)
	}
	if opt.Validate.Strict {
		for i := range own {
			if own[i].Severity == diag.Warning {
				own[i].Severity = diag.Error
			}
		}
	}

	ds := res.Head.Diags
	if opt.NewOnly {
		ds = newOnly(res.Base.Diags, ds)
	}
	res.Diags = append(append([]diag.Diagnostic(nil), ds...), own...)
	diag.Sort(res.Diags)
	return res, nil
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

// personByLogin finds the person whose github handle is login
// (case-insensitive, as GitHub logins are).
func personByLogin(r *model.Repository, login string) *model.Person {
	for _, p := range r.People {
		if strings.EqualFold(p.GitHub.V, login) {
			return p
		}
	}
	return nil
}

// checkOwnership refuses each changed file the actor may not change.
// Permissions come from the BASE: a pull request cannot grant its own
// author the right to make it.
func checkOwnership(base, head *model.Repository, changed []string, actor string) []diag.Diagnostic {
	areas := ownership.Areas(base)
	who := personByLogin(base, actor)
	var out []diag.Diagnostic
	for _, path := range changed {
		// CODEOWNERS is generated from the data: anyone may commit the
		// regenerated file, and the codeowners check proves it is exactly
		// what the data gives.
		if path == ownership.CodeownersPath {
			continue
		}
		if ownership.MayChange(areas, path, who) {
			continue
		}
		area := ownership.AreaOf(areas, path)
		names := peopleList(area.People)
		var msg diag.Text
		if who == nil {
			msg = diag.Text{
				NB: fmt.Sprintf("GitHub-brukeren %s er ikke en kjent person (github i org/people.yaml) og kan ikke endre %s; det kan %s: %s", actor, path, area.Who.NB, names),
				EN: fmt.Sprintf("the GitHub user %s is not a known person (github in org/people.yaml) and may not change %s; %s may: %s", actor, path, area.Who.EN, names),
			}
		} else {
			msg = diag.Text{
				NB: fmt.Sprintf("%s (@%s) kan ikke endre %s; det kan %s: %s", who.Name.V, actor, path, area.Who.NB, names),
				EN: fmt.Sprintf("%s (@%s) may not change %s; %s may: %s", who.Name.V, actor, path, area.Who.EN, names),
			}
		}
		out = append(out, diag.Diagnostic{
			Rule: "ownership", Severity: diag.Error, Pos: diag.Pos{File: path}, Message: msg,
			Hint: diag.T("Be en av dem om å gjøre eller godkjenne endringen, eller fjern filen fra denne pull requesten.",
				"Ask one of them to make or approve the change, or take the file out of this pull request."),
		})
	}
	return out
}

func peopleList(ps []*model.Person) string {
	if len(ps) == 0 {
		return "-"
	}
	var parts []string
	for _, p := range ps {
		s := p.Name.V
		if p.GitHub.Set() {
			s += " (@" + p.GitHub.V + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// checkAuthors warns about commit authors who match no person by email or
// name: the governance record should say who changed it.
func checkAuthors(base, head *model.Repository, commits []history.Commit) []diag.Diagnostic {
	known := func(c history.Commit) bool {
		for _, r := range []*model.Repository{base, head} {
			for _, p := range r.People {
				if strings.EqualFold(p.Email.V, c.Email) || p.Name.V == c.Author {
					return true
				}
			}
		}
		return false
	}
	seen := map[string]bool{}
	var out []diag.Diagnostic
	for _, c := range commits {
		// GitHub's own merge commits are not anyone's change.
		if strings.EqualFold(c.Email, "noreply@github.com") || seen[c.Email] || known(c) {
			continue
		}
		seen[c.Email] = true
		short := c.Hash
		if len(short) > 7 {
			short = short[:7]
		}
		out = append(out, diag.Diagnostic{
			Rule: "ownership", Severity: diag.Warning, Pos: diag.Pos{File: "org/people.yaml"},
			Message: diag.T("commit %s er skrevet av %s <%s>, som ikke er en kjent person", "commit %s is authored by %s <%s>, who is not a known person", short, c.Author, c.Email),
			Hint: diag.T("Legg personen til i org/people.yaml med denne e-postadressen, eller skriv commiten med adressen som står der.",
				"Add the person to org/people.yaml with this email, or author the commit with the address listed there."),
		})
	}
	return out
}

// checkThemes requires a change-theme decision for every existing center
// whose theme the change alters.
func checkThemes(base, head *model.Repository) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, c := range head.Centers {
		old := base.Center(c.ID.V)
		if old == nil || old.Theme.V == c.Theme.V {
			continue
		}
		if hasDecision(head, "change-theme", c.ID.V) {
			continue
		}
		out = append(out, diag.Diagnostic{
			Rule: "theme", Severity: diag.Error, Pos: c.Theme.Pos, Center: c.ID.V, Clause: "A",
			Message: diag.T("temaet til %s endres fra %s til %s uten vedtak i PM-utvalget", "the theme of %s changes from %s to %s without a PM committee decision", c.ID.V, old.Theme.V, c.Theme.V),
			Hint: diag.T("Et senter kan velge navn selv, men ikke tema: legg ved et vedtak med type: change-theme og centers: [%s] (pmgov new decision --type change-theme --center %s).",
				"A center may choose its own name, but not its theme: include a decision with type: change-theme and centers: [%s] (pmgov new decision --type change-theme --center %s).", c.ID.V, c.ID.V),
		})
	}
	return out
}

func hasDecision(r *model.Repository, typ, center string) bool {
	for _, d := range r.Decisions {
		if d.Type.V == typ && d.Centers.Contains(center) {
			return true
		}
	}
	return false
}

// checkCodeowners compares .github/CODEOWNERS at the top of the work tree
// with what the head's data generates.
func checkCodeowners(h *history.Repo, head *model.Repository) *diag.Diagnostic {
	top := h.Dir()
	if root := h.DataRoot(); root != "" {
		top = strings.TrimSuffix(filepath.ToSlash(top), "/"+root)
	}
	b, err := os.ReadFile(filepath.Join(top, filepath.FromSlash(ownership.CodeownersPath)))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			return &diag.Diagnostic{Rule: "codeowners", Severity: diag.Error, Pos: diag.Pos{File: ownership.CodeownersPath},
				Message: diag.T("kan ikke lese filen: %v", "cannot read the file: %v", err),
				Hint:    diag.T("Kjør `pmgov codeowners`.", "Run `pmgov codeowners`.")}
		}
		b = nil
	}
	return ownership.CheckCODEOWNERS(head, b)
}
