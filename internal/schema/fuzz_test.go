package schema

import (
	"testing"

	"github.com/ous-pm/pmgov/internal/load"
)

// FuzzValidate feeds arbitrary text through the loader and the schema check
// as every kind of file: whatever the input, Validate must return positioned
// diagnostics with text, never panic.
func FuzzValidate(f *testing.F) {
	for path, src := range full {
		f.Add(path, src)
	}
	for _, m := range minimal {
		f.Add(m[0], m[1])
	}
	f.Add("centers/kre/center.yaml", "id: 5\nterms: [[1]]\nboard: {a: [b, {c: ~}]}\n\"~1/0\": x\n")
	paths := map[string]bool{}
	for _, m := range minimal {
		paths[m[0]] = true
	}
	f.Fuzz(func(t *testing.T, path, src string) {
		if !paths[path] {
			return
		}
		res := load.Load(mapFS(path, src))
		for _, d := range res.Docs {
			for _, x := range Validate(d) {
				if x.Pos.File != path || x.Pos.Line < 1 || x.Pos.Col < 1 {
					t.Fatalf("bad position %v for %q", x.Pos, src)
				}
				if x.Message.NB == "" || x.Message.EN == "" || x.Hint.NB == "" || x.Hint.EN == "" {
					t.Fatalf("missing text in %+v for %q", x, src)
				}
			}
		}
	})
}
