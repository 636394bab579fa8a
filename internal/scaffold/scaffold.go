// Package scaffold writes the skeleton of a new governance file: the right
// path, the schema line, every required field with a value derived from the
// repository where one can be derived, and a Norwegian comment above each
// field in the words of the mandate and the data model. It serves
// `pmgov new KIND`, so that the center staff, who are clinicians and
// advisers, start from a file that loads rather than from an empty page.
//
// Generate never touches the disk; Write writes a generated file without
// ever overwriting one that exists.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/rules"
)

// Kinds are the kinds `pmgov new` can write, in the order help lists them.
var Kinds = []doc.Kind{
	doc.Center, doc.Strategy, doc.ActionPlan, doc.Report,
	doc.Decision, doc.Meeting, doc.Advice, doc.Evaluation,
}

// Placeholder starts every text the author must replace. It is valid for
// the schema (so the file loads) but impossible to overlook, and every line
// holding it is listed in File.Todo.
const Placeholder = rules.Placeholder

// Request is what the user asked for: the kind, the as-of date and the
// flag values, named after the data model's fields. An empty string or a
// zero number means "derive it".
type Request struct {
	Kind doc.Kind
	// AsOf is "today": the default date of new documents and the date
	// that decides which period, term and strategy are current.
	AsOf time.Time

	Center     string // the center the document belongs to
	Period     string // report: 2025-T2; strategy: 2024-2027
	Year       int    // action plan
	ID         string // center id, decision id
	Title      string
	Name       string // center name
	ShortName  string
	CenterKind string // center kind: treatment | technology (--kind)
	Mandate    string
	Theme      string
	AnchorUnit string
	Leader     string
	Start      string // first day of a new center's term
	Date       string
	Type       string // decision type
	Meeting    string // decision's meeting date
	Term       int    // evaluation's term number
	ToUnit     string // advice
	Priority   string // advice
	Status     string
	Slug       string // advice
	Author     string // report
	Strategy   string // action plan: strategy-<from>-<to>
	Outcome    string // evaluation
	Decision   string // evaluation
	Rule       string // waiver decision: the rule waived
	Until      string // waiver decision: the waiver's last day
}

// Todo is one place in a written file the author must still fill in.
type Todo struct {
	Line  int
	Field string
	What  diag.Text
}

// File is a generated file.
type File struct {
	// Path is relative to the repository root, with forward slashes.
	Path    string
	Kind    doc.Kind
	Content []byte
	// Todo lists the placeholders, in line order.
	Todo []Todo
	// Notes are derived values the author should check, and related files
	// to update by hand (Generate never changes another file).
	Notes []diag.Text
}

// Error is a refusal: bad input, or a file that already exists. Its
// message and hint are for the user, in both languages.
type Error struct {
	Msg, Hint diag.Text
	// Exists is set when the refusal is that the file is already there.
	Exists bool
}

func (e *Error) Error() string { return e.Msg.EN }

func refuse(msg, hint diag.Text) error { return &Error{Msg: msg, Hint: hint} }

// Generate builds the file req asks for from the repository repo. It
// refuses, with an *Error, bad input and a kind it does not know.
func Generate(repo *model.Repository, req Request) (*File, error) {
	if req.AsOf.IsZero() {
		y, m, d := time.Now().UTC().Date()
		req.AsOf = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	if err := checkText(req); err != nil {
		return nil, err
	}
	g := &gen{repo: repo, req: req}
	var err error
	switch req.Kind {
	case doc.Center:
		err = g.center()
	case doc.Strategy:
		err = g.strategy()
	case doc.ActionPlan:
		err = g.actionPlan()
	case doc.Report:
		err = g.report()
	case doc.Decision:
		err = g.decision()
	case doc.Meeting:
		err = g.meeting()
	case doc.Advice:
		err = g.advice()
	case doc.Evaluation:
		err = g.evaluation()
	default:
		return nil, refuse(
			diag.M("scaffold.generate.message", req.Kind),
			diag.M("scaffold.generate.hint", kindList()))
	}
	if err != nil {
		return nil, err
	}
	// One newline at the end, however the last section ended.
	content := strings.TrimRight(g.w.String(), "\n") + "\n"
	f := &File{Path: g.path, Kind: req.Kind, Content: []byte(content), Todo: g.w.todos, Notes: g.notes}
	if err := selfCheck(f); err != nil {
		return nil, err
	}
	return f, nil
}

// checkText refuses flag values that are not one line of text: invalid
// UTF-8 would be replaced silently, and a control character (a line break
// pasted into a title, say) is never what was meant.
func checkText(r Request) error {
	for _, f := range []struct{ flag, v string }{
		{"center", r.Center}, {"period", r.Period}, {"id", r.ID}, {"title", r.Title}, {"name", r.Name},
		{"short-name", r.ShortName}, {"kind", r.CenterKind}, {"mandate", r.Mandate}, {"theme", r.Theme},
		{"anchor-unit", r.AnchorUnit}, {"leader", r.Leader}, {"start", r.Start}, {"date", r.Date},
		{"type", r.Type}, {"meeting", r.Meeting}, {"to-unit", r.ToUnit}, {"priority", r.Priority},
		{"status", r.Status}, {"slug", r.Slug}, {"author", r.Author}, {"strategy", r.Strategy},
		{"outcome", r.Outcome}, {"decision", r.Decision}, {"rule", r.Rule}, {"until", r.Until},
	} {
		if !utf8.ValidString(f.v) {
			return refuse(diag.M("scaffold.check-text.message", f.flag),
				diag.M("scaffold.check-text.hint"))
		}
		if strings.IndexFunc(f.v, unicode.IsControl) >= 0 {
			return refuse(diag.M("scaffold.check-text.message-2", f.flag),
				diag.M("scaffold.check-text.hint-2"))
		}
	}
	return nil
}

func kindList() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// selfCheck loads the generated file alone, as the validator will, so that
// a bug here can never leave a file on disk that does not parse or sits in
// the wrong place.
func selfCheck(f *File) error {
	if k, _, _, ok := load.Classify(f.Path); !ok || k != f.Kind {
		return fmt.Errorf("scaffold: generated path %s is not a %s (internal error)", f.Path, f.Kind)
	}
	res := load.Load(fstest.MapFS{f.Path: &fstest.MapFile{Data: f.Content, Mode: 0o644}})
	for _, d := range res.Diags {
		if d.Pos.File == f.Path && d.Severity == diag.Error {
			return fmt.Errorf("scaffold: generated %s does not load: %s (internal error)", f.Path, d.Message.EN)
		}
	}
	if len(res.Docs) != 1 || res.Docs[0].Root == nil {
		return fmt.Errorf("scaffold: generated %s does not load (internal error)", f.Path)
	}
	return nil
}

// Write writes f into the repository folder dir, creating folders as
// needed. It never overwrites: when the file exists it returns an *Error
// with Exists set. The content appears whole or not at all (a temporary
// file in the same folder, then a hard link to the final name, which fails
// rather than replaces when the name is taken).
func Write(dir string, f *File) error {
	full := filepath.Join(dir, filepath.FromSlash(f.Path))
	if _, err := os.Lstat(full); err == nil {
		return existsError(f.Path)
	}
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return fmt.Errorf("create folder for %s: %w", f.Path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), ".pmgov-new-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", f.Path, err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName)
	if _, err := tmp.Write(f.Content); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", f.Path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", f.Path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", f.Path, err)
	}
	if err := os.Chmod(tmpName, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", f.Path, err)
	}
	if err := os.Link(tmpName, full); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return existsError(f.Path)
		}
		// Some file systems have no hard links: fall back to a rename,
		// having checked just above that the name is free.
		if _, serr := os.Lstat(full); serr == nil {
			return existsError(f.Path)
		}
		if rerr := os.Rename(tmpName, full); rerr != nil {
			return fmt.Errorf("write %s: %w", f.Path, rerr)
		}
	}
	return nil
}

func existsError(path string) error {
	return &Error{
		Exists: true,
		Msg:    diag.M("scaffold.exists-error.msg", path),
		Hint:   diag.M("scaffold.exists-error.hint"),
	}
}
