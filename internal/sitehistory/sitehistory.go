// Package sitehistory reads, before the site is rendered, what git says
// about the repository the site is built from: the last change of every
// file, the recent changes of every center's folder, and what changed since
// an earlier state (that state validated with the same options, then
// compared by changes.Diff). The result is plain data (changes.History)
// that sitebuild renders without reading git or validating anything.
package sitehistory

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ous-pm/pmgov/internal/changes"
	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/validate"
)

// RecentPerCenter is how many recent changes a center page lists.
const RecentPerCenter = 10

// Options say which history to read.
type Options struct {
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

// Read reads the history the site needs from h for the repository res was
// validated from: one walk for the last change of every file and one for
// the recent changes of all center folders, never a walk per file or page,
// then the comparison with the earlier state. A folder without git gives a
// History with Notes only; a shallow clone marks what is cut. Only failures
// that make the request itself wrong (an unknown --since revision) and
// failures to read git are errors.
func Read(h *history.Repo, res *validate.Result, opt Options) (*changes.History, error) {
	return read(h, res, opt, nil)
}

// Cache keeps, between the builds of one repository (pmgov serve), what a
// read costs most and what depends on git's objects alone: the last and
// recent changes at a commit and the earlier state validated. An edit to
// the work tree changes none of them; a new commit, another --since or
// as-of date, or a clone deepened reads them again. The comparison with
// the work tree is made anew at every read. The zero Cache is empty and
// ready; the histories read through it share their maps and must not be
// changed.
type Cache struct {
	mu sync.Mutex
	// lastKey names the commit (and notes) last was read at.
	lastKey string
	last    map[string]changes.Commit
	// recentKey adds the folders and the count to lastKey.
	recentKey string
	recent    map[string][]changes.Commit
	// oldKey names the earlier state's commit and the validation options.
	oldKey string
	old    *validate.Result
	oldAt  time.Time
}

// Read is Read through the cache.
func (c *Cache) Read(h *history.Repo, res *validate.Result, opt Options) (*changes.History, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return read(h, res, opt, c)
}

func read(h *history.Repo, res *validate.Result, opt Options, c *Cache) (*changes.History, error) {
	out := &changes.History{Notes: h.Notes()}
	if !h.HasGit() {
		out.Since = &changes.Since{What: sinceWhat(opt.Since, ""), Unavailable: diag.M("site.since.no-git")}
		return out, nil
	}
	rev := opt.Rev
	if rev == "" {
		rev = "HEAD"
		if !h.HasCommits() {
			// A fresh git init: no commits yet, which Notes says.
			out.Since = &changes.Since{What: sinceWhat(opt.Since, ""), Unavailable: diag.M("site.since.no-commits")}
			return out, nil
		}
	}
	// The cache's key: the commit rev is, and what the notes say of the
	// clone (a shallow clone deepened attributes its files anew).
	key := ""
	if c != nil {
		if hash, err := h.Resolve(rev); err == nil {
			key = hash
			for _, n := range h.Notes() {
				key += "\x00" + n.EN
			}
		}
	}
	if key != "" && key == c.lastKey {
		out.Last = c.last
	} else {
		last, err := h.LastChanges(rev)
		if err != nil {
			return nil, fmt.Errorf("history: last changes: %w", err)
		}
		out.Last = make(map[string]changes.Commit, len(last))
		for p, ch := range last {
			out.Last[p] = commitOf(ch)
		}
		if key != "" {
			c.lastKey, c.last = key, out.Last
		}
	}
	last := out.Last
	var folders []string
	ids := map[string]string{}
	for _, center := range res.Repo.Centers {
		id := center.ID.V
		if center.Doc != nil && center.Doc.Center != "" {
			id = center.Doc.Center
		}
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
	recentKey := ""
	if key != "" {
		recentKey = fmt.Sprintf("%s\x00%d\x00%s", key, n, strings.Join(folders, "\x00"))
	}
	if recentKey != "" && recentKey == c.recentKey {
		out.Recent = c.recent
	} else {
		recent, err := h.RecentChanges(rev, folders, n)
		if err != nil {
			return nil, fmt.Errorf("history: recent changes: %w", err)
		}
		out.Recent = make(map[string][]changes.Commit, len(recent))
		for f, cs := range recent {
			list := make([]changes.Commit, len(cs))
			for i, ch := range cs {
				list[i] = commitOf(ch)
			}
			out.Recent[ids[f]] = list
		}
		if recentKey != "" {
			c.recentKey, c.recent = recentKey, out.Recent
		}
	}
	var err error
	out.Since, err = readSince(h, res, rev, opt, c)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// commitOf is a change as the site keeps it.
func commitOf(c history.Change) changes.Commit {
	return changes.Commit{Date: c.Date, Author: c.Author, Subject: c.Subject, Hash: c.Hash, Truncated: c.Truncated}
}

// sinceWhat names the earlier state.
func sinceWhat(since, meeting string) diag.Text {
	switch {
	case meeting != "":
		return diag.M("site.since.meeting-on", meeting)
	case since == "":
		return diag.M("site.since.meeting")
	case dateOnly.MatchString(since):
		return diag.M("site.since.date", since)
	}
	return diag.M("site.since.revision", since)
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
func readSince(h *history.Repo, res *validate.Result, rev string, opt Options, c *Cache) (*changes.Since, error) {
	s := &changes.Since{What: sinceWhat(opt.Since, "")}
	var from string
	switch {
	case opt.Since == "" || dateOnly.MatchString(opt.Since):
		day := opt.Since
		if day == "" {
			day = previousMeeting(res, opt.AsOf)
			if day == "" {
				s.Unavailable = diag.M("site.since.no-meeting", opt.AsOf.Format(time.DateOnly))
				return s, nil
			}
			s.What = sinceWhat("", day)
		}
		t, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return nil, diag.Failf("site.since.bad-date", opt.Since)
		}
		// The state at the start of the day: what changed on the day
		// itself counts as changed since.
		from, err = h.RevisionAt(rev, t)
		var fe *history.FetchError
		switch {
		case errors.Is(err, history.ErrNoRevision):
			s.Unavailable = diag.M("site.since.history-begins-after", day)
			return s, nil
		case errors.As(err, &fe):
			s.Unavailable = fe.Text
			return s, nil
		case err != nil:
			return nil, diag.Wrapf(err, "site.since.failed", day, err)
		}
	default:
		var err error
		from, err = h.Resolve(opt.Since)
		if err != nil {
			var fe *history.FetchError
			if errors.As(err, &fe) {
				return nil, diag.Wrapf(err, "site.since.failed", opt.Since, fe.Text)
			}
			return nil, diag.Wrapf(err, "site.since.failed", opt.Since, err)
		}
	}
	s.Commit = from
	oldKey := ""
	if c != nil {
		oldKey = fmt.Sprintf("%s\x00%s\x00%t", from, opt.AsOf.Format(time.RFC3339Nano), opt.Strict)
		if oldKey == c.oldKey {
			s.Date = c.oldAt
			s.Changes = changes.Diff(changes.State{Repo: c.old.Repo, Diags: c.old.Diags}, changes.State{Repo: res.Repo, Diags: res.Diags})
			return s, nil
		}
	}
	fsys, err := h.FS(from)
	if errors.Is(err, history.ErrNoDataFolder) {
		s.Unavailable = diag.M("site.since.no-data-folder", short(from))
		return s, nil
	}
	if err != nil {
		return nil, diag.Wrapf(err, "site.since.read-commit", short(from), err)
	}
	// A revision's file system dates its files at the commit.
	if st, err := fs.Stat(fsys, "."); err == nil {
		s.Date = st.ModTime()
	}
	old := validate.Run(fsys, validate.Options{AsOf: opt.AsOf, Strict: opt.Strict})
	// A file of the earlier state that cannot be read (a partial clone)
	// would show as removed: fail instead.
	if err := old.Fault(); err != nil {
		return nil, diag.Wrapf(err, "site.since.read-commit", short(from), err)
	}
	if oldKey != "" {
		c.oldKey, c.old, c.oldAt = oldKey, old, s.Date
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
