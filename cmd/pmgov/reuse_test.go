package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestOpenReusingEqualsOpen holds serve's rebuild, which takes over the last
// validation's work on unchanged files, to a fresh validation of the folder
// after a file is changed, broken and restored.
func TestOpenReusingEqualsOpen(t *testing.T) {
	repo := t.TempDir()
	writeFixture(t, repo)
	f := &runFlags{asOf: "2026-11-25"}
	prev, err := f.open(repo)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(repo, "org", "people.yaml")
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range []string{strings.Replace(string(orig), "id:", "id :", 1), "people: [\n", string(orig)} {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := f.openReusing(repo, prev)
		if err != nil {
			t.Fatal(err)
		}
		want, err := f.open(repo)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Diags, want.Diags) {
			t.Fatalf("step %d: the reusing run differs from a fresh one:\n got %v\nwant %v", i, got.Diags, want.Diags)
		}
		prev = got
	}
}
