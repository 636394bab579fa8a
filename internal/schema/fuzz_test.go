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

// FuzzPrecheck holds the pre-check to the library on arbitrary documents of
// every kind: what it calls valid the library must accept, what it calls
// invalid the library must refuse. Seeded with valid documents, so that
// most inputs are near the boundary between the two.
func FuzzPrecheck(f *testing.F) {
	for path, src := range full {
		f.Add(path, src)
	}
	for _, m := range minimal {
		f.Add(m[0], m[1])
	}
	f.Add("committee/decisions/PMU-2024-03.md", "---\nid: PMU-2024-03\ndate: 2024-02-29\ntitle: x\ntype: waiver\nwaivers: []\n---\n")
	f.Add("org/units.yaml", "units:\n  - {id: KRE, name: x, level: N2, parent: OUS}\n")
	f.Add("centers/kre/reports/2025-T1.md", "---\nperiod: 2025-T1\nsubmitted: 2025-05-10\nauthor: a\neffort: {unit: percent, allocation: [{group: g, share: 1e2, rationale: x}]}\n---\n")
	paths := map[string]bool{}
	for _, m := range minimal {
		paths[m[0]] = true
	}
	once.Do(setup)
	if setupErr != nil {
		f.Fatal(setupErr)
	}
	f.Fuzz(func(t *testing.T, path, src string) {
		if !paths[path] {
			return
		}
		for _, d := range load.Load(mapFS(path, src)).Docs {
			cs := byKind[d.Kind]
			if d.Root == nil || cs == nil {
				continue
			}
			v := cs.pre.eval(d.Root)
			err := cs.sch.Validate(d.Root.Any())
			if v == valid && err != nil {
				t.Fatalf("the pre-check says valid, the library says\n%v\nfor %q", err, src)
			}
			if v == invalid && err == nil {
				t.Fatalf("the pre-check says invalid, the library finds nothing for %q", src)
			}
		}
	})
}
