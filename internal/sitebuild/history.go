package sitebuild

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ous-pm/pmgov/internal/changes"
	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/validate"
)

// RecentPerCenter is how many recent changes a center page lists.
const RecentPerCenter = 10

// History is what git says about the repository a site is built from: the
// last change of every file, the recent changes of every center's folder
// and what changed since an earlier state. A nil History (or one read from
// a folder without git) leaves the history parts out of the pages; the
// report then says that history is unavailable.
type History struct {
	// Last is the last change of each file, by path relative to the data
	// folder (as doc.Document.Path).
	Last map[string]history.Change
	// Recent is the recent changes of each center's folder, by center id.
	Recent map[string][]history.Change
	// Since is what changed since the earlier state; nil when not asked.
	Since *Since
	// Notes say what is missing (no git, a shallow clone), once.
	Notes []diag.Text
}

// Since is the comparison of the repository with an earlier state.
type Since struct {
	// What names the earlier state for the reader: a revision, a date or
	// the previous meeting.
	What diag.Text
	// Commit and Date identify the earlier state's commit (empty when
	// there is none).
	Commit string
	Date   time.Time
	// Changes are the differences, ordered by center then kind.
	Changes []changes.Change
	// Unavailable says why there is no comparison (no git, history that
	// begins later, a shallow clone); Changes is then empty.
	Unavailable diag.Text
}

// HistoryOptions say which history to read.
type HistoryOptions struct {
	// Rev is the revision the site shows (--at); "" is HEAD.
	Rev string
	// Since is a revision or a YYYY-MM-DD date to compare with; "" means
	// the previous committee meeting before AsOf.
	Since string
	// AsOf and Strict are the validation options; the earlier state is
	// validated with the same ones, so that only the data's changes show.
	AsOf   time.Time
	Strict bool
	// Recent is how many changes each center page lists (0: RecentPerCenter).
	Recent int
}

// dateOnly recognises --since DATE.
var dateOnly = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// ReadHistory reads the history the site needs from h for the repository res
// was validated from: one walk for the last change of every file and one for
// the recent changes of all center folders, never a walk per file or page,
// then the comparison with the earlier state. A folder without git gives a
// History with Notes only; a shallow clone marks what is cut. Only failures
// that make the request itself wrong (an unknown --since revision) are
// errors.
func ReadHistory(h *history.Repo, res *validate.Result, opt HistoryOptions) (*History, error) {
	out := &History{Notes: h.Notes()}
	if !h.HasGit() {
		out.Since = &Since{What: sinceWhat(opt.Since, ""), Unavailable: diag.T(
			"Endringshistorikken er ikke tilgjengelig: repositoriet er ikke et git-repositorium.",
			"The history of changes is unavailable: the repository is not a git repository.")}
		return out, nil
	}
	rev := opt.Rev
	if rev == "" {
		rev = "HEAD"
		if !h.HasCommits() {
			// A fresh git init: no commits yet, which Notes says.
			out.Since = &Since{What: sinceWhat(opt.Since, ""), Unavailable: diag.T(
				"Endringshistorikken er ikke tilgjengelig: git-repositoriet har ingen commits ennå.",
				"The history of changes is unavailable: the git repository has no commits yet.")}
			return out, nil
		}
	}
	last, err := h.LastChanges(rev)
	if err != nil {
		return nil, fmt.Errorf("history: last changes: %w", err)
	}
	out.Last = last
	var folders []string
	ids := map[string]string{}
	for _, c := range res.Repo.Centers {
		id := centerID(c)
		f := "centers/" + id
		// A center is read from centers/<id>/center.yaml; only folders that
		// exist at rev are asked for.
		if _, ok := last[f+"/center.yaml"]; ok && ids[f] == "" {
			folders = append(folders, f)
			ids[f] = id
		}
	}
	slices.Sort(folders)
	n := opt.Recent
	if n <= 0 {
		n = RecentPerCenter
	}
	recent, err := h.RecentChanges(rev, folders, n)
	if err != nil {
		return nil, fmt.Errorf("history: recent changes: %w", err)
	}
	out.Recent = map[string][]history.Change{}
	for f, cs := range recent {
		out.Recent[ids[f]] = cs
	}
	out.Since, err = readSince(h, res, rev, opt)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// sinceWhat names the earlier state.
func sinceWhat(since, meeting string) diag.Text {
	switch {
	case meeting != "":
		return diag.T("forrige møte %s", "the previous meeting on %s", meeting)
	case since == "":
		return diag.T("forrige møte", "the previous meeting")
	case dateOnly.MatchString(since):
		return diag.T("%s", "%s", since)
	}
	return diag.T("revisjon %s", "revision %s", since)
}

// previousMeeting is the date of the latest committee meeting strictly
// before asOf, "" when there is none.
func previousMeeting(res *validate.Result, asOf time.Time) string {
	var best string
	day := asOf.Format(time.DateOnly)
	for _, m := range res.Repo.Meetings {
		d := m.Date.String()
		if !m.Date.Valid() || d >= day {
			continue
		}
		if d > best {
			best = d
		}
	}
	return best
}

// readSince compares the repository at rev with the earlier state opt.Since
// names (default: the previous meeting).
func readSince(h *history.Repo, res *validate.Result, rev string, opt HistoryOptions) (*Since, error) {
	s := &Since{What: sinceWhat(opt.Since, "")}
	var from string
	switch {
	case opt.Since == "" || dateOnly.MatchString(opt.Since):
		day := opt.Since
		if day == "" {
			day = previousMeeting(res, opt.AsOf)
			if day == "" {
				s.Unavailable = diag.T(
					"Det finnes ikke noe møte i committee/meetings/ før %s å sammenligne med. Bruk --since REV eller --since ÅÅÅÅ-MM-DD.",
					"There is no meeting in committee/meetings/ before %s to compare with. Use --since REV or --since YYYY-MM-DD.",
					opt.AsOf.Format(time.DateOnly))
				return s, nil
			}
			s.What = sinceWhat("", day)
		}
		t, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return nil, fmt.Errorf("--since %q: want a revision or a date written YYYY-MM-DD", opt.Since)
		}
		// The state at the start of the day: what changed on the day
		// itself counts as changed since.
		from, err = h.RevisionAt(rev, t)
		var fe *history.FetchError
		switch {
		case errors.Is(err, history.ErrNoRevision):
			s.Unavailable = diag.T(
				"Git-historikken begynner etter %s, så det finnes ingen tidligere tilstand å sammenligne med.",
				"The git history begins after %s, so there is no earlier state to compare with.", day)
			return s, nil
		case errors.As(err, &fe):
			s.Unavailable = fe.Text
			return s, nil
		case err != nil:
			return nil, fmt.Errorf("--since %s: %w", day, err)
		}
	default:
		var err error
		from, err = h.Resolve(opt.Since)
		if err != nil {
			var fe *history.FetchError
			if errors.As(err, &fe) {
				return nil, fmt.Errorf("--since %s: %s", opt.Since, fe.Text.EN)
			}
			return nil, fmt.Errorf("--since %s: %w", opt.Since, err)
		}
	}
	s.Commit = from
	fsys, err := h.FS(from)
	if errors.Is(err, history.ErrNoDataFolder) {
		s.Unavailable = diag.T(
			"Datamappen fantes ikke ved commit %s, så det finnes ingen tidligere tilstand å sammenligne med.",
			"The data folder did not exist at commit %s, so there is no earlier state to compare with.", short(from))
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("--since: reading commit %s: %w", short(from), err)
	}
	// A revision's file system dates its files at the commit.
	if st, err := fs.Stat(fsys, "."); err == nil {
		s.Date = st.ModTime()
	}
	old := validate.Run(fsys, validate.Options{AsOf: opt.AsOf, Strict: opt.Strict})
	// A file of the earlier state that cannot be read (a partial clone)
	// would show as removed: fail instead.
	if err := old.Fault(); err != nil {
		return nil, fmt.Errorf("--since: reading commit %s: %w", short(from), err)
	}
	s.Changes = changes.Diff(changes.State{Repo: old.Repo, Diags: old.Diags}, changes.State{Repo: res.Repo, Diags: res.Diags})
	return s, nil
}

// short is a commit hash as git abbreviates it.
func short(h string) string {
	if len(h) > 7 {
		return h[:7]
	}
	return h
}

// changeView is a change as a page shows it.
type changeView struct {
	Date      string
	Author    string
	Subject   string
	Hash      string
	Truncated bool
}

func viewOf(c history.Change) *changeView {
	return &changeView{Date: c.Date.Format(time.DateOnly), Author: c.Author, Subject: c.Subject, Hash: short(c.Hash), Truncated: c.Truncated}
}

// latest is the newest change among paths (by author date, then hash, so
// ties are settled the same way every build); nil when none has history.
func latest(last map[string]history.Change, paths []string) *changeView {
	var best history.Change
	found := false
	for _, p := range paths {
		c, ok := last[p]
		if !ok {
			continue
		}
		if !found || c.Date.After(best.Date) || c.Date.Equal(best.Date) && c.Hash > best.Hash {
			best, found = c, true
		}
	}
	if !found {
		return nil
	}
	return viewOf(best)
}

// lastIndex holds the last change of each page's files, computed once per
// build from the one walk's result.
type lastIndex struct {
	all, committee, matrix *changeView
	center                 map[string]*changeView
	recent                 map[string][]*changeView
}

func (g *generator) indexHistory(h *History) {
	if h == nil || h.Last == nil {
		return
	}
	ix := &lastIndex{center: map[string]*changeView{}, recent: map[string][]*changeView{}}
	var all, committee, matrix []string
	byCenter := map[string][]string{}
	for _, d := range g.repo.Docs {
		p := d.Path
		all = append(all, p)
		switch {
		case strings.HasPrefix(p, "committee/mandates/"):
			// A mandate has a page of its own.
		case strings.HasPrefix(p, "committee/"):
			committee = append(committee, p)
		case d.Center != "":
			byCenter[d.Center] = append(byCenter[d.Center], p)
			if path.Base(p) == "center.yaml" {
				matrix = append(matrix, p)
			}
		}
	}
	ix.all = latest(h.Last, all)
	ix.committee = latest(h.Last, committee)
	ix.matrix = latest(h.Last, matrix)
	for id, ps := range byCenter {
		ix.center[id] = latest(h.Last, ps)
	}
	for id, cs := range h.Recent {
		for _, c := range cs {
			ix.recent[id] = append(ix.recent[id], viewOf(c))
		}
	}
	g.last = ix
}

// lastFor is the last change a page shows: the latest of the files it
// renders (paths), or for aggregate pages of the files they summarise.
func (g *generator) lastFor(kind, center string, paths ...string) *changeView {
	ix := g.last
	if ix == nil {
		return nil
	}
	switch kind {
	case "center":
		return ix.center[center]
	case "committee":
		return ix.committee
	case "matrix":
		return ix.matrix
	case "document", "mandate":
		return latest(g.history.Last, paths)
	}
	return ix.all
}
