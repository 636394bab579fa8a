// Package load reads a governance repository into documents whose values keep
// their file, line and column. It reports every file that cannot be read as a
// positioned syntax, limits or unknown-file diagnostic and goes on with the
// rest: one run shows every problem. It decides nothing about policy.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

// Result is what loading a repository gives.
type Result struct {
	// Docs are the documents that parsed, sorted by path.
	Docs []*doc.Document
	// Diags are the syntax, limits and unknown-file diagnostics.
	Diags []diag.Diagnostic
	// Files is the number of data files examined.
	Files int
	// Sources holds the text of every data file read (BOM stripped), by
	// path, so that checks over raw text (personal-id) can see what the
	// parser did not keep.
	Sources map[string][]byte
	// Made holds, for each of Docs, what Reuse.Parsed returned for it (nil
	// without Parsed).
	Made []any
	// Faults are the files and folders that could not be read for a reason
	// that is neither their content nor their absence: a git object missing
	// from a partial clone or damaged, a file the work tree does not let
	// pmgov read. Each is also a syntax diagnostic at its file, but a
	// repository that could not be read in full has no verdict: a caller
	// that must fail closed (a revision read from git, the pull-request
	// gate) fails instead of reporting what it saw. In walk order, then in
	// path order.
	Faults []*ReadError

	// outcome is what reading each data file gave, by path, so that a
	// later load of the same content (the base side of the pull-request
	// gate) can take it over instead of parsing the file again.
	outcome map[string]loaded
	// walk is what walking the folders gave, for a later load of a tree
	// with the same files (Reuse.Touched); nil when the load was limited
	// by Reuse.Keep.
	walk *walked
}

// walked is what a load's walk found before it read any file: the data
// files, with their kinds, and the findings and faults about folders,
// names and links, in walk order.
type walked struct {
	files  []entry
	diags  []diag.Diagnostic
	faults []*ReadError
	known  map[string]bool // the paths of files, that are not links
}

// Reuse lets a load take documents over from an earlier one.
type Reuse struct {
	// Prev is the earlier load.
	Prev *Result
	// Same reports whether the file at path holds exactly the bytes Prev
	// read there. Only then is Prev's outcome for the file (its document,
	// or its syntax or limits diagnostic) taken over without reading the
	// file: a document is a function of its path and its bytes.
	Same func(path string) bool
	// Keep, when set, limits the load to the files and folders it accepts
	// (repository paths, slash-separated); the rest is not even looked
	// at. For a caller that needs a few files' data, not a verdict on the
	// repository.
	Keep func(path string) bool
	// Walked, when set, is told how many data files the walk found, before
	// any is read: the command sizes its memory limit from it.
	Walked func(files int)
	// Parsed, when set, is given every document the load reads and parses,
	// on the worker that parsed it, as soon as it has: a caller that checks
	// and decodes each document alone can do it there, on all cores, and
	// may then drop the document's parse tree (set Root to nil) instead of
	// holding every tree until the load is done. What it returns is kept
	// with the document (Result.Made). It runs on several goroutines at
	// once. With Parsed, the load is no Prev for a later one (which would
	// take over documents without their data): it neither takes over from
	// Prev nor keeps what a later load would take over.
	Parsed func(d *doc.Document) any
	// Touched, when not nil, holds every path that may have been created,
	// changed or deleted since Prev was loaded (an editor knows which
	// files it changed). When each of them is a file Prev's walk found
	// that is still a regular file, or a path below the top level outside
	// the data roots, the folders hold the files Prev's walk found: the
	// load takes that walk over (the files, their kinds, and its findings
	// about folders and names) instead of walking and classifying again.
	// Otherwise, and when Touched is nil, it walks.
	Touched []string
}

// ReadError is a file or folder that could not be read (see Result.Faults).
type ReadError struct {
	// Path is the file or folder, a repository path.
	Path string
	// Err is what reading it gave.
	Err error
}

// Error names the file and the cause.
func (e *ReadError) Error() string { return fmt.Sprintf("cannot read %s: %v", e.Path, e.Err) }

// Unwrap gives the cause.
func (e *ReadError) Unwrap() error { return e.Err }

// isFault reports whether err, from reading a path, is about something
// other than the path's absence: a path that is not there is a finding
// (a required file missing, a link to nothing), not a failure to read.
func isFault(err error) bool { return err != nil && !errors.Is(err, fs.ErrNotExist) }

// unreadable reports the path p that could not be read, as a finding at
// the path and, unless it is simply absent, as a fault.
func (r *Result) unreadable(p string, err error) {
	r.addFileDiag(p, "syntax", diag.M("load.result-unreadable.message", p, err), unreadableHint)
	if isFault(err) {
		r.Faults = append(r.Faults, &ReadError{Path: p, Err: err})
	}
}

type entry struct {
	path string
	kind doc.Kind
	id   string
	cent string
	link bool // a symbolic link (to a file inside the repository)
}

// Load reads every data file of the repository in fsys, in parallel, and
// reports every problem it meets. A symbolic link to a file is followed when
// every step of it stays inside the repository; a link that leaves it, goes
// round, points at nothing or leads to a folder is reported instead. Links
// are seen only when fsys implements fs.ReadLinkFS, as os.DirFS does.
func Load(fsys fs.FS) *Result {
	return LoadReusing(fsys, Reuse{})
}

// LoadReusing is Load, taking over from re.Prev every file re.Same says is
// unchanged. The documents taken over are shared, not copied: nothing
// changes a document after loading.
func LoadReusing(fsys fs.FS, re Reuse) *Result {
	res := &Result{Sources: map[string][]byte{}}
	if w := sameWalk(fsys, re); w != nil {
		res.walk = w
		res.Diags = slices.Clone(w.diags)
		res.Faults = slices.Clone(w.faults)
		res.Files = len(w.files)
		if re.Walked != nil {
			re.Walked(res.Files)
		}
		res.read(fsys, w.files, re)
		return res
	}
	var files []entry
	if re.Keep == nil {
		res.nearMisses(fsys)
	}
	for _, root := range DataRoots {
		if re.Keep != nil && !re.Keep(root) {
			continue
		}
		info, err := fs.Lstat(fsys, root)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				res.unreadable(root, err)
			}
			continue
		}
		if !info.IsDir() {
			files = res.visit(fsys, root, info.Mode(), files)
			continue
		}
		err = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if re.Keep != nil && p != root && !re.Keep(p) {
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if err != nil {
				res.unreadable(p, err)
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if _, _, _, isFile := Classify(p); isFile {
					res.addFileDiag(p, "syntax",
						diag.M("load.load-reusing.message", p),
						diag.M("load.load-reusing.hint", p))
					return fs.SkipDir
				}
				if !isKnownDir(p) {
					hint := diag.M("load.load-reusing.hint-2", Expected)
					if s := Suggest(p, true); s != "" {
						hint = diag.M("load.load-reusing.hint-3", s, p)
					}
					res.addFileDiag(p, "unknown-file",
						diag.M("load.load-reusing.message-2", p), hint)
					return fs.SkipDir
				}
				return nil
			}
			files = res.visit(fsys, p, d.Type(), files)
			return nil
		})
		if err != nil {
			res.unreadable(root, err)
		}
	}
	res.Files = len(files)
	if re.Keep == nil && re.Parsed == nil {
		w := &walked{files: files, diags: slices.Clone(res.Diags), faults: slices.Clone(res.Faults), known: make(map[string]bool, len(files))}
		for _, e := range files {
			if !e.link {
				w.known[e.path] = true
			}
		}
		res.walk = w
	}
	if re.Walked != nil {
		re.Walked(res.Files)
	}
	res.read(fsys, files, re)
	return res
}

// sameWalk is Prev's walk when re says the folders hold the same files
// (Reuse.Touched), nil when the load must walk.
func sameWalk(fsys fs.FS, re Reuse) *walked {
	if re.Touched == nil || re.Keep != nil || re.Prev == nil || re.Prev.walk == nil || re.Parsed != nil {
		return nil
	}
	w := re.Prev.walk
	for _, p := range re.Touched {
		if !IsData(p) {
			// Not walked; only a top-level name a slip away from a data
			// root is a finding (nearMisses).
			top, _, _ := strings.Cut(p, "/")
			if IsData(Suggest(top, false)) || IsData(Suggest(top, true)) {
				return nil
			}
			continue
		}
		if !w.known[p] {
			return nil
		}
		info, err := fs.Lstat(fsys, p)
		if err != nil || !info.Mode().IsRegular() {
			return nil
		}
	}
	return w
}

// nearMisses reports the top-level entries whose names are a slip away
// from a data root (centres/, Centers/, governance.yml): pmgov reads only
// the data roots, and would otherwise pass over such a folder in silence.
// Everything else at the top (the toolkit, README, docs) is not data.
func (r *Result) nearMisses(fsys fs.FS) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		if isFault(err) {
			r.Faults = append(r.Faults, &ReadError{Path: ".", Err: err})
		}
		return
	}
	for _, e := range entries {
		name := e.Name()
		if IsData(name) {
			continue
		}
		s := Suggest(name, e.IsDir())
		if s == "" || !IsData(s) {
			continue
		}
		hint := diag.M("load.result-near-misses.hint", s)
		if _, err := fs.Stat(fsys, s); err == nil {
			// Both exist: the right one may hold less than it should.
			hint = diag.M("load.result-near-misses.hint-2", s, name)
		}
		r.addFileDiag(name, "unknown-file",
			diag.M("load.result-near-misses.message", name, s, s), hint)
	}
}

var unreadableHint = diag.M("load.unreadable-hint.unreadable-hint")

// visit classifies one non-folder entry and queues it for reading.
func (r *Result) visit(fsys fs.FS, p string, mode fs.FileMode, files []entry) []entry {
	kind, id, center, ok := Classify(p)
	if mode&fs.ModeSymlink != 0 {
		target, err := resolve(fsys, p)
		if err == nil {
			if info, serr := fs.Stat(fsys, target); serr == nil && info.IsDir() {
				// Walking into it could loop (a link to a parent), and
				// skipping it would hide its files: say so instead.
				r.addFileDiag(p, "limits",
					diag.M("load.result-visit.message", p),
					diag.M("load.result-visit.hint"))
				return files
			}
		}
		if err != nil {
			switch {
			case errors.Is(err, errEscapes):
				r.addFileDiag(p, "limits",
					diag.M("load.result-visit.message-2", p),
					diag.M("load.result-visit.hint-2"))
			case errors.Is(err, errLoop):
				r.addFileDiag(p, "limits",
					diag.M("load.result-visit.message-3", p),
					diag.M("load.result-visit.hint-2"))
			default:
				r.addFileDiag(p, "syntax",
					diag.M("load.result-visit.message-4", p, err),
					diag.M("load.result-visit.hint-3"))
				if isFault(err) {
					r.Faults = append(r.Faults, &ReadError{Path: p, Err: err})
				}
			}
			return files
		}
	} else if !mode.IsRegular() {
		r.addFileDiag(p, "syntax",
			diag.M("load.result-visit.message-5", p),
			diag.M("load.result-visit.hint-4"))
		return files
	}
	if !ok {
		hint := diag.M("load.result-visit.hint-5", Expected)
		if s := Suggest(p, false); s != "" {
			hint = diag.M("load.result-visit.hint-6", s)
		}
		r.addFileDiag(p, "unknown-file",
			diag.M("load.result-visit.message-6", p), hint)
		return files
	}
	return append(files, entry{path: p, kind: kind, id: id, cent: center, link: mode&fs.ModeSymlink != 0})
}

var (
	errEscapes = errors.New("the link leads outside the repository")
	errLoop    = errors.New("too many symbolic links (a loop)")
)

// maxLinks bounds the links followed while resolving one path, as the
// operating system does (ELOOP).
const maxLinks = 40

// resolve follows every symbolic link on the way to p, component by
// component, and returns the path it leads to. It fails with errEscapes when
// any step leaves the repository (an absolute target, or ".." above the
// root), also through a linked folder or a chain of links, and with errLoop
// when links go round. fsys must implement fs.ReadLinkFS for links to be seen
// at all; os.DirFS does.
func resolve(fsys fs.FS, p string) (string, error) {
	todo := strings.Split(p, "/")
	done := "" // a resolved prefix free of links, "" for the root
	links := 0
	for len(todo) > 0 {
		part := todo[0]
		todo = todo[1:]
		switch part {
		case "", ".":
			continue
		case "..":
			if done == "" {
				return "", errEscapes
			}
			if done = path.Dir(done); done == "." {
				done = ""
			}
			continue
		}
		next := part
		if done != "" {
			next = done + "/" + part
		}
		info, err := fs.Lstat(fsys, next)
		if err != nil {
			return "", fmt.Errorf("resolve %s: %w", p, err)
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			done = next
			continue
		}
		if links++; links > maxLinks {
			return "", errLoop
		}
		target, err := fs.ReadLink(fsys, next)
		if err != nil {
			return "", fmt.Errorf("resolve %s: %w", p, err)
		}
		if path.IsAbs(target) || strings.HasPrefix(target, "/") {
			return "", errEscapes
		}
		todo = append(strings.Split(target, "/"), todo...)
	}
	return done, nil
}

func (r *Result) addFileDiag(p, rule string, msg, hint diag.Text) {
	r.Diags = append(r.Diags, diag.Diagnostic{
		Rule: rule, Severity: diag.Error, Pos: diag.Pos{File: p, Line: 1, Col: 1},
		Message: msg, Hint: hint,
	})
}

type loaded struct {
	doc   *doc.Document
	src   []byte
	diag  *diag.Diagnostic
	fault *ReadError // why the file could not be read, when it is a fault
	made  any        // what Reuse.Parsed made of doc
}

// read parses the queued files on all cores and collects the results in path
// order.
func (r *Result) read(fsys fs.FS, files []entry, re Reuse) {
	out := make([]loaded, len(files))
	todo := make([]int, 0, len(files))
	for i, e := range files {
		if re.Prev != nil && re.Same != nil && !e.link && re.Parsed == nil {
			if l, ok := re.Prev.outcome[e.path]; ok && re.Same(e.path) {
				out[i] = l
				continue
			}
		}
		todo = append(todo, i)
	}
	readAll(fsys, files, out, todo, re.Parsed)
	if len(r.Sources) == 0 {
		r.Sources = make(map[string][]byte, len(files))
	}
	if re.Parsed == nil {
		r.outcome = make(map[string]loaded, len(files))
		for i, l := range out {
			r.outcome[files[i].path] = l
		}
	}
	var made []any
	for _, l := range out {
		if l.fault != nil {
			r.Faults = append(r.Faults, l.fault)
		}
		if l.src != nil {
			r.Sources[l.doc.Path] = l.src
		}
		if l.diag != nil {
			r.Diags = append(r.Diags, *l.diag)
			continue
		}
		r.Docs = append(r.Docs, l.doc)
		if re.Parsed != nil {
			made = append(made, l.made)
		}
	}
	// The walk gives path order but for names with characters that sort
	// before "/" (a-b before a/b): check before sorting.
	byPath := func(a, b *doc.Document) int { return strings.Compare(a.Path, b.Path) }
	if !slices.IsSortedFunc(r.Docs, byPath) {
		if made != nil {
			// Made follows its documents.
			at := make(map[*doc.Document]any, len(r.Docs))
			for i, d := range r.Docs {
				at[d] = made[i]
			}
			slices.SortFunc(r.Docs, byPath)
			for i, d := range r.Docs {
				made[i] = at[d]
			}
		} else {
			slices.SortFunc(r.Docs, byPath)
		}
	}
	r.Made = made
}

// readAll reads the files whose indexes are in todo into out, on all cores,
// and gives each document that parsed to parsed, when set, keeping what it
// makes.
func readAll(fsys fs.FS, files []entry, out []loaded, todo []int, parsed func(*doc.Document) any) {
	work := make(chan int)
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), len(todo))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				out[i] = readOne(fsys, files[i])
				if parsed != nil && out[i].diag == nil {
					out[i].made = parsed(out[i].doc)
				}
			}
		}()
	}
	for _, i := range todo {
		work <- i
	}
	close(work)
	wg.Wait()
}

// readLimited reads a file of at most MaxFileSize bytes. It opens the file
// once and asks the open file for its size, which saves a lookup per file;
// only behind a link does it look first, because opening a named pipe would
// wait for a writer forever.
func readLimited(fsys fs.FS, e entry) ([]byte, *problem) {
	cannot := func(err error) *problem {
		p := syntaxErr(1, 1, diag.M("load.read-limited.message", err), unreadableHint)
		if isFault(err) {
			p.fault = &ReadError{Path: e.path, Err: err}
		}
		return p
	}
	notRegular := func(mode fs.FileMode) *problem {
		if mode.IsDir() {
			return syntaxErr(1, 1,
				diag.M("load.load-reusing.message", e.path),
				diag.M("load.read-limited.hint", e.path))
		}
		if !mode.IsRegular() {
			return syntaxErr(1, 1,
				diag.M("load.result-visit.message-5", e.path),
				diag.M("load.result-visit.hint-4"))
		}
		return nil
	}
	if fr, ok := fsys.(fileReader); ok && !e.link {
		data, mode, size, err := fr.readFile(e.path, MaxFileSize)
		if err != nil {
			return nil, cannot(err)
		}
		if p := notRegular(mode); p != nil {
			return nil, p
		}
		if size > MaxFileSize {
			return nil, limitsErr(1, 1,
				diag.M("load.read-limited.message-2", size, MaxFileSize),
				diag.M("load.read-limited.hint-2"))
		}
		return data, nil
	}
	if e.link {
		info, err := fs.Stat(fsys, e.path)
		if err != nil {
			return nil, cannot(err)
		}
		if p := notRegular(info.Mode()); p != nil {
			return nil, p
		}
	}
	f, err := fsys.Open(e.path)
	if err != nil {
		return nil, cannot(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, cannot(err)
	}
	if p := notRegular(info.Mode()); p != nil {
		return nil, p
	}
	if info.Size() > MaxFileSize {
		return nil, limitsErr(1, 1,
			diag.M("load.read-limited.message-2", info.Size(), MaxFileSize),
			diag.M("load.read-limited.hint-2"))
	}
	var buf bytes.Buffer
	buf.Grow(int(info.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, cannot(err)
	}
	if buf.Len() > MaxFileSize { // the file grew after Stat, or Stat lied
		return nil, limitsErr(1, 1,
			diag.M("load.read-limited.message-3", MaxFileSize),
			diag.M("load.read-limited.hint-2"))
	}
	return buf.Bytes(), nil
}

func readOne(fsys fs.FS, e entry) (l loaded) {
	d := &doc.Document{Path: e.path, Kind: e.kind, PathID: e.id, Center: e.cent}
	l.doc = d
	fail := func(p *problem) loaded {
		l.fault = p.fault
		l.diag = &diag.Diagnostic{
			Rule: p.rule, Severity: diag.Error,
			Pos:     diag.Pos{File: e.path, Line: max(p.line, 1), Col: max(p.col, 1)},
			Message: p.msg, Hint: p.hint, Center: e.cent,
		}
		return l
	}
	raw, p := readLimited(fsys, e)
	if p != nil {
		return fail(p)
	}
	src, p := checkEncoding(raw)
	if p != nil {
		return fail(p)
	}
	l.src = src
	if len(bytes.TrimSpace(src)) == 0 {
		return fail(syntaxErr(1, 1,
			diag.M("load.read-one.message"),
			diag.M("load.read-one.hint", e.kind)))
	}
	yamlSrc, lineOffset := src, 0
	if strings.HasSuffix(e.path, ".md") {
		front, body, bodyLine, found, p := splitFrontMatter(src)
		if p != nil {
			return fail(p)
		}
		d.Markdown = true
		d.Body, d.BodyLine = string(body), bodyLine
		if !found {
			if e.kind == doc.MandateText {
				return l // the mandate's text needs no front matter
			}
			if t := bytes.TrimLeft(src, " \r\n"); len(t) < len(src) && bytes.HasPrefix(t, []byte("---")) {
				return fail(syntaxErr(1, 1,
					diag.M("load.read-one.message-2"),
					diag.M("load.read-one.hint-2")))
			}
			return fail(syntaxErr(1, 1,
				diag.M("load.read-one.message-3"),
				diag.M("load.read-one.hint-3")))
		}
		yamlSrc, lineOffset = front, 1
	}
	root, p := parseYAML(yamlSrc, lineOffset)
	if p != nil {
		return fail(p)
	}
	if root == nil {
		if e.kind == doc.MandateText {
			return l
		}
		return fail(syntaxErr(1+lineOffset, 1,
			diag.M("load.read-one.message-4"),
			diag.M("load.read-one.hint-4", e.kind)))
	}
	if root.Kind != doc.Map {
		if root.Kind == doc.Scalar {
			if p := gluedColonAt(lineOf(string(yamlSrc), root.Line-lineOffset), root.Line-lineOffset, lineOffset); p != nil {
				return fail(p) // "submitted:2026-12-03" alone: one text, not a field
			}
		}
		return fail(syntaxErr(root.Line, root.Col,
			diag.M("load.read-one.not-a-map", describe(root)),
			diag.M("load.read-one.message-5")))
	}
	d.Root = root
	return l
}

// describe names what a top-level value is, in words a reader knows.
func describe(n *doc.Node) diag.Text {
	switch {
	case n.Kind == doc.Seq:
		return diag.M("load.describe.list")
	case n.Kind == doc.Scalar && n.Type == doc.Str:
		return diag.M("load.describe.text")
	case n.Kind == doc.Scalar:
		return diag.M("load.describe.value")
	}
	return diag.M("load.describe.empty")
}
