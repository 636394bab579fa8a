// Package demo builds a demonstration git repository from governance
// content: the same files, committed over the years the data covers by the
// people who would have made them, so that the site's history (each page's
// last change, a center's recent changes, what changed since the last
// meeting) has something true to show. The toolkit's own repository cannot
// show it: its history is the developers'.
//
// The story is read from the data, not written beside it: each decision is
// committed on its date by the secretariat, each center when the committee
// establishes it and again as later decisions organise it, place it in the
// matrix and give it a new term, each report on the day it was submitted by
// its author, and so on. Earlier versions of a file are the final file with
// what had not happened yet taken out; the last version of every file is the
// content byte for byte. Dates, people and order are all fixed, so the
// commits have the same hashes on every run.
package demo

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/memory"

	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/ownership"
	"github.com/ous-pm/pmgov/internal/validate"
)

// Roots are the paths of a governance repository that the demonstration
// carries: the data and the CODEOWNERS file generated from it.
var Roots = []string{"governance.yaml", "org", "committee", "centers", ownership.CodeownersPath}

// Commit is one commit of the demonstration.
type Commit struct {
	// When is the author and committer date, Oslo time.
	When time.Time
	// Person is the author's id in org/people.yaml; Name and Email are
	// theirs.
	Person, Name, Email string
	// Subject is the commit message, in Norwegian.
	Subject string
	// Files are the files the commit writes, by slash path.
	Files map[string][]byte
}

// catchUp is the subject of a last commit that brings files the story has
// no date for to their content. The default content needs none.
const catchUp = "Øvrige filer i styringsdataene"

// Build writes the demonstration repository of the governance content in
// src into dir, which must be absent or empty: a git repository on branch
// main whose history is Plan's commits and whose work tree and index are
// its last commit, checked out.
func Build(src fs.FS, dir string) error {
	commits, err := Plan(src)
	if err != nil {
		return err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("demo: %s is not empty", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("demo: %w", err)
	}
	repo, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{InitOptions: git.InitOptions{DefaultBranch: plumbing.Main}})
	if err != nil {
		return fmt.Errorf("demo: git init %s: %w", dir, err)
	}
	// The objects are made in memory and written as one pack, which is many
	// times faster than staging every commit through the work tree or
	// writing loose objects; one checkout at the end writes the files and
	// the index.
	st := &objects{st: memory.NewStorage(), seen: map[plumbing.Hash]bool{}}
	blobs := map[string]plumbing.Hash{}
	var parent plumbing.Hash
	for _, c := range commits {
		for p, b := range c.Files {
			if blobs[p], err = st.blob(b); err != nil {
				return err
			}
		}
		tree, err := st.tree(blobs, "")
		if err != nil {
			return err
		}
		sig := object.Signature{Name: c.Name, Email: c.Email, When: c.When}
		commit := &object.Commit{Author: sig, Committer: sig, Message: c.Subject + "\n", TreeHash: tree}
		if !parent.IsZero() {
			commit.ParentHashes = []plumbing.Hash{parent}
		}
		if parent, err = st.put(commit); err != nil {
			return fmt.Errorf("demo: commit %q: %w", c.Subject, err)
		}
	}
	if err := st.pack(repo.Storer); err != nil {
		return err
	}
	if err := repo.Storer.SetReference(plumbing.NewHashReference(plumbing.Main, parent)); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := wt.Reset(&git.ResetOptions{Commit: parent, Mode: git.HardReset}); err != nil {
		return fmt.Errorf("demo: checking out %s: %w", parent, err)
	}
	return nil
}

// objects writes git objects, each once.
type objects struct {
	st   storer.EncodedObjectStorer
	seen map[plumbing.Hash]bool
}

// put stores an encodable object unless it is stored already.
func (o *objects) put(v interface {
	Encode(plumbing.EncodedObject) error
}) (plumbing.Hash, error) {
	obj := o.st.NewEncodedObject()
	if err := v.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	h := obj.Hash()
	if o.seen[h] {
		return h, nil
	}
	o.seen[h] = true
	return o.st.SetEncodedObject(obj)
}

// pack writes every object into dst as one packfile.
func (o *objects) pack(dst storer.EncodedObjectStorer) error {
	pw, ok := dst.(storer.PackfileWriter)
	if !ok {
		return errors.New("demo: the repository's storage cannot take a packfile")
	}
	w, err := pw.PackfileWriter()
	if err != nil {
		return fmt.Errorf("demo: writing the pack: %w", err)
	}
	hashes := slices.SortedFunc(maps.Keys(o.seen), func(a, b plumbing.Hash) int { return bytes.Compare(a[:], b[:]) })
	if _, err := packfile.NewEncoder(w, o.st, false).Encode(hashes, 10); err != nil {
		w.Close()
		return fmt.Errorf("demo: writing the pack: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("demo: writing the pack: %w", err)
	}
	return nil
}

// blob stores a file's bytes.
func (o *objects) blob(b []byte) (plumbing.Hash, error) {
	h, err := o.put(blobBytes(b))
	if err != nil {
		return h, fmt.Errorf("demo: writing a file: %w", err)
	}
	return h, nil
}

// blobBytes encodes as a blob.
type blobBytes []byte

func (b blobBytes) Encode(obj plumbing.EncodedObject) error {
	obj.SetType(plumbing.BlobObject)
	w, err := obj.Writer()
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		return err
	}
	return w.Close()
}

// tree stores the tree of the files under dir ("" for the root), by slash
// path, and its subtrees.
func (o *objects) tree(files map[string]plumbing.Hash, dir string) (plumbing.Hash, error) {
	prefix := ""
	if dir != "" {
		prefix = dir + "/"
	}
	var entries []object.TreeEntry
	subdirs := map[string]bool{}
	for p, h := range files {
		rest, ok := strings.CutPrefix(p, prefix)
		if !ok {
			continue
		}
		if name, _, sub := strings.Cut(rest, "/"); sub {
			subdirs[name] = true
		} else {
			entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Regular, Hash: h})
		}
	}
	for name := range subdirs {
		h, err := o.tree(files, prefix+name)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		entries = append(entries, object.TreeEntry{Name: name, Mode: filemode.Dir, Hash: h})
	}
	// Git orders a tree's entries by name, a folder's name as if it ended
	// in a slash.
	key := func(e object.TreeEntry) string {
		if e.Mode == filemode.Dir {
			return e.Name + "/"
		}
		return e.Name
	}
	slices.SortFunc(entries, func(a, b object.TreeEntry) int { return strings.Compare(key(a), key(b)) })
	h, err := o.put(&object.Tree{Entries: entries})
	if err != nil {
		return h, fmt.Errorf("demo: writing a tree: %w", err)
	}
	return h, nil
}

// Plan gives the commits of the demonstration of the content in src, oldest
// first.
func Plan(src fs.FS) ([]Commit, error) {
	final, err := readContent(src)
	if err != nil {
		return nil, err
	}
	// The model only supplies dates, people and ids; the rules' verdict on
	// the content does not matter here.
	res := validate.Run(mapFS(final), validate.Options{AsOf: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)})
	r := res.Repo
	if r == nil || r.Committee == nil || len(r.Committee.Secretariat) == 0 || r.Governance == nil {
		return nil, errors.New("demo: the content needs governance.yaml and a committee with a secretariat")
	}
	s := &story{r: r, final: final, tree: map[string][]byte{}, ids: map[string][]string{}, slot: map[string]int{}}
	s.tell()
	return s.play()
}

// readContent reads the files under Roots.
func readContent(src fs.FS) (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, root := range Roots {
		err := fs.WalkDir(src, root, func(p string, d fs.DirEntry, err error) error {
			if errors.Is(err, fs.ErrNotExist) && p == root {
				return fs.SkipDir
			}
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(src, p)
			out[p] = b
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("demo: reading the content: %w", err)
		}
	}
	if out["governance.yaml"] == nil {
		return nil, errors.New("demo: the content has no governance.yaml")
	}
	return out, nil
}

// Event ranks order the commits of one day: the committee decides, then
// centers follow up, then center staff do their routine work.
const (
	rankFoundation = iota
	rankDecision
	rankMandate
	rankEstablish
	rankMinutes
	rankFollowUp
	rankWork
	rankStatus
	rankReport
)

// event is something that happened on a day: who wrote which files.
type event struct {
	day     string
	rank    int
	who     string
	subject string
	files   map[string][]byte
}

// story turns the content into events and plays them as commits.
type story struct {
	r      *model.Repository
	final  map[string][]byte
	events []event
	// tree is the content as of the last commit.
	tree map[string][]byte
	// ids are the people each file of tree names, by path.
	ids  map[string][]string
	slot map[string]int
	out  []Commit
}

func (s *story) add(day string, rank int, who, subject string, files map[string][]byte) {
	if day == "" || len(files) == 0 {
		return
	}
	s.events = append(s.events, event{day: day, rank: rank, who: who, subject: subject, files: files})
}

// play commits the events in order, then whatever the story has no date
// for, and checks that the result is the content.
func (s *story) play() ([]Commit, error) {
	sort.SliceStable(s.events, func(i, j int) bool {
		a, b := s.events[i], s.events[j]
		if a.day != b.day {
			return a.day < b.day
		}
		return a.rank < b.rank
	})
	if len(s.events) == 0 {
		return nil, errors.New("demo: nothing in the content has a date (no decisions, meetings or centers)")
	}
	sec := s.r.Committee.Secretariat.Values()
	secretary := sec[0]
	for _, e := range s.events {
		next := maps.Clone(s.tree)
		maps.Copy(next, e.files)
		derived := s.derived(next)
		if len(derived) > 0 && !slices.Contains(sec, e.who) {
			// People and committee belong to the secretariat, who add a
			// person before a center may name them.
			s.commit(e.day, secretary, peopleSubject(s.r, s.tree, derived), derived)
			derived = nil
		}
		files := maps.Clone(e.files)
		maps.Copy(files, derived)
		s.commit(e.day, e.who, e.subject, files)
	}
	rest := map[string][]byte{}
	for p, b := range s.final {
		if cur, ok := s.tree[p]; !ok || !bytes.Equal(cur, b) {
			rest[p] = b
		}
	}
	if len(rest) > 0 {
		day := s.events[len(s.events)-1].day
		s.commit(day, secretary, catchUp, rest)
	}
	for p, b := range s.tree {
		if !bytes.Equal(s.final[p], b) {
			return nil, fmt.Errorf("demo: %s ends differing from the content", p)
		}
	}
	return s.out, nil
}

// commit records files as one commit by who on day, with CODEOWNERS
// regenerated when the files change who owns what (anyone may commit a
// regenerated CODEOWNERS). Files already as written are left out; nothing
// left, no commit.
func (s *story) commit(day, who, subject string, files map[string][]byte) {
	changed := map[string][]byte{}
	for p, b := range files {
		if cur, ok := s.tree[p]; !ok || !bytes.Equal(cur, b) {
			changed[p] = b
		}
	}
	if len(changed) == 0 {
		return
	}
	for p, b := range changed {
		s.tree[p] = b
		s.ids[p] = s.namedPeople(b)
	}
	if _, ok := s.final[ownership.CodeownersPath]; ok && slices.ContainsFunc(slices.Collect(maps.Keys(changed)), decidesOwners) {
		res := validate.Run(mapFS(s.tree), validate.Options{AsOf: time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)})
		if co := ownership.CODEOWNERS(res.Repo); !bytes.Equal(co, s.tree[ownership.CodeownersPath]) {
			changed[ownership.CodeownersPath] = co
			s.tree[ownership.CodeownersPath] = co
		}
	}
	p := s.r.Person(who)
	name, email := who, who+"@example.org"
	if p != nil {
		name, email = p.Name.V, p.Email.V
	}
	s.out = append(s.out, Commit{When: clock(day, s.slot[day]), Person: who, Name: name, Email: email, Subject: subject, Files: changed})
	s.slot[day]++
}

// decidesOwners reports whether a file's change can change CODEOWNERS.
func decidesOwners(p string) bool {
	return p == "governance.yaml" || p == "org/people.yaml" || p == "committee/committee.yaml" ||
		strings.HasPrefix(p, "centers/") && path.Base(p) == "center.yaml"
}

// clock is the time of the n-th commit of a day: from 09:00 Oslo time, a
// quarter of an hour apart.
func clock(day string, n int) time.Time {
	d, _ := time.Parse(time.DateOnly, day)
	zone := time.FixedZone("CET", 3600)
	if summerTime(d) {
		zone = time.FixedZone("CEST", 2*3600)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, zone).Add(time.Duration(n) * 15 * time.Minute)
}

// summerTime reports whether Norway keeps summer time at 09:00 on day: from
// the last Sunday of March to the last Sunday of October (the EU rule, fixed
// here so the demonstration does not depend on the machine's time zones).
func summerTime(day time.Time) bool {
	last := func(m time.Month) time.Time {
		t := time.Date(day.Year(), m+1, 0, 0, 0, 0, 0, time.UTC)
		return t.AddDate(0, 0, -int(t.Weekday()))
	}
	return !day.Before(last(time.March)) && day.Before(last(time.October))
}

// mapFS is an in-memory file system of files by slash path.
func mapFS(files map[string][]byte) fs.FS {
	m := make(fstest.MapFS, len(files))
	for p, b := range files {
		m[p] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	return m
}
