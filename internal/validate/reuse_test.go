package validate_test

import (
	"bytes"
	"maps"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

// RunReusing must give exactly what Run gives on the second repository,
// whatever it takes over from the first: the findings of changed files are
// their own, and an unchanged file's findings are the same as a fresh read.
func TestRunReusingEqualsRun(t *testing.T) {
	asOf := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	opt := validate.Options{AsOf: asOf}
	a := synth.MapFS(synth.Spec{Centers: 3, DocsPerCenter: 20})
	// The first repository has problems of its own, in files the second
	// one changes and in files it keeps.
	replace(t, a, "centers/c000/center.yaml", "theme: ", "theme: [")                         // syntax, changed below
	replace(t, a, "centers/c001/center.yaml", "name: Senter 1\n", "name: Senter 1\nx: 17\n") // schema, kept
	b := fstest.MapFS{}
	maps.Copy(b, a)
	b["centers/c000/center.yaml"] = &fstest.MapFile{Data: synth.Files(synth.Spec{Centers: 3, DocsPerCenter: 20})["centers/c000/center.yaml"]}
	replace(t, b, "centers/c002/center.yaml", "status: active", "status: sleeping") // a new schema finding
	delete(b, "centers/c002/education.yaml")                                        // a file gone

	prev := validate.Run(a, opt)
	if !hasRule(prev.Diags, "syntax", "centers/c000/center.yaml") || !hasRule(prev.Diags, "schema", "centers/c001/center.yaml") {
		t.Fatalf("the first repository lacks the findings the test relies on: %v", prev.Diags)
	}
	reads := 0
	same := func(p string) bool {
		reads++
		f, ok := b[p]
		return ok && bytes.Equal(f.Data, prev.Repo.Sources[p])
	}
	got := validate.RunReusing(b, opt, validate.Reuse{Prev: prev, Same: same})
	want := validate.Run(b, opt)
	if reads == 0 {
		t.Fatal("RunReusing never asked whether a file was unchanged")
	}
	if !reflect.DeepEqual(got.Diags, want.Diags) {
		t.Errorf("findings differ:\nreusing %v\nfresh   %v", got.Diags, want.Diags)
	}
	if !hasRule(got.Diags, "schema", "centers/c002/center.yaml") || hasRule(got.Diags, "syntax", "centers/c000/center.yaml") || !hasRule(got.Diags, "schema", "centers/c001/center.yaml") {
		t.Errorf("reusing run judged changed files by the old content: %v", got.Diags)
	}
	if len(got.Repo.Docs) != len(want.Repo.Docs) || got.Files != want.Files {
		t.Errorf("reusing run has %d documents of %d files, fresh %d of %d", len(got.Repo.Docs), got.Files, len(want.Repo.Docs), want.Files)
	}
	// Unchanged documents are shared with the first run, not parsed again.
	shared := 0
	for i, d := range got.Repo.Docs {
		if !reflect.DeepEqual(d, want.Repo.Docs[i]) {
			t.Errorf("document %s differs from a fresh load", d.Path)
		}
		for _, p := range prev.Repo.Docs {
			if p == d {
				shared++
			}
		}
	}
	if shared != len(got.Repo.Docs)-2 { // all but the two changed center files
		t.Errorf("%d of %d documents were taken over, want all but 2", shared, len(got.Repo.Docs))
	}
}

func replace(t *testing.T, m fstest.MapFS, p, from, to string) {
	t.Helper()
	f, ok := m[p]
	if !ok || !bytes.Contains(f.Data, []byte(from)) {
		t.Fatalf("%s lacks %q", p, from)
	}
	m[p] = &fstest.MapFile{Data: []byte(strings.Replace(string(f.Data), from, to, 1)), Mode: f.Mode}
}

func hasRule(ds []diag.Diagnostic, rule, file string) bool {
	for _, d := range ds {
		if d.Rule == rule && d.Pos.File == file {
			return true
		}
	}
	return false
}
