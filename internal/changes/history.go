package changes

import (
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
)

// History is what git says about the repository a site is built from: the
// last change of every file, the recent changes of every center's folder
// and what changed since an earlier state. It is plain data, read before
// the site is rendered (package sitehistory) so that the renderer reads no
// git. A nil History (or one read from a folder without git) leaves the
// history parts out of the pages; the report then says that history is
// unavailable.
type History struct {
	// Last is the last change of each file, by path relative to the data
	// folder (as doc.Document.Path).
	Last map[string]Commit
	// Recent is the recent changes of each center's folder, by center id,
	// newest first.
	Recent map[string][]Commit
	// Since is what changed since the earlier state; nil when not asked.
	Since *Since
	// Notes say what is missing (no git, a shallow clone), once.
	Notes []diag.Text
}

// Commit is one change git recorded, as the pages show it. The author's
// e-mail address is left out: the site never shows one.
type Commit struct {
	// Date is when the change was authored, as git log shows it.
	Date    time.Time
	Author  string
	Subject string
	Hash    string
	// Truncated is set when this is the cut of a shallow clone rather than
	// a change seen: the path changed at this commit or earlier.
	Truncated bool
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
	Changes []Change
	// Unavailable says why there is no comparison (no git, history that
	// begins later, a shallow clone); Changes is then empty.
	Unavailable diag.Text
}
