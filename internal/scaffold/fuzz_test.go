package scaffold

import (
	"testing"
	"testing/fstest"

	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/validate"
)

// FuzzFreeText feeds arbitrary titles and slugs to advice: Generate either
// refuses or writes a file that loads, sits where its kind belongs, and
// holds the title unchanged. It never panics and never writes broken YAML.
func FuzzFreeText(f *testing.F) {
	f.Add("Sekvensering: fase 2", "")
	f.Add("\"#\n---\t", "x")
	f.Add("", "a-b")
	f.Add("æøå 🧬", "--")
	fsys := baseFSF(f)
	repo := validate.Run(fsys, validate.Options{AsOf: asOf}).Repo
	f.Fuzz(func(t *testing.T, title, slug string) {
		file, err := Generate(repo, Request{Kind: doc.Advice, AsOf: asOf, Center: "kre", Title: title, Slug: slug})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("title %q slug %q: %v is not a refusal", title, slug, err)
			}
			return
		}
		res := load.Load(fstest.MapFS{file.Path: &fstest.MapFile{Data: file.Content}})
		if len(res.Docs) != 1 || res.Docs[0].Root == nil || res.Docs[0].Kind != doc.Advice {
			t.Fatalf("title %q slug %q: %s does not load:\n%s", title, slug, file.Path, file.Content)
		}
		if title != "" {
			if got := res.Docs[0].Root.Get("title"); got == nil || got.Value != title {
				t.Fatalf("title %q read back as %+v", title, got)
			}
		}
	})
}
