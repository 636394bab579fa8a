package load

import (
	"maps"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/ous-pm/pmgov/internal/synth"
)

// TestTouchedReusesWalk holds a load that takes over the last walk
// (Reuse.Touched) to a fresh load of the same tree: when the touched paths
// are files the walk found, it takes the walk over, and when a file was
// created, deleted or misnamed, it walks again and finds it.
func TestTouchedReusesWalk(t *testing.T) {
	base := synth.MapFS(synth.Spec{Centers: 2, DocsPerCenter: 10})
	prev := Load(base)
	const p = "centers/c001/center.yaml"
	if _, ok := base[p]; !ok {
		t.Fatalf("the synthetic repository has no %s", p)
	}
	cases := []struct {
		name  string
		edit  func(fstest.MapFS)
		touch []string
		reuse bool
	}{
		{"changed", func(m fstest.MapFS) { m[p] = &fstest.MapFile{Data: []byte("id: c001\nname: x\n")} }, []string{p}, true},
		{"nothing", func(fstest.MapFS) {}, []string{}, true},
		{"outside the data", func(m fstest.MapFS) { m["docs/x.md"] = &fstest.MapFile{Data: []byte("x")} }, []string{"docs/x.md"}, true},
		{"created", func(m fstest.MapFS) { m["centers/c001/notes.yaml"] = &fstest.MapFile{Data: []byte("a: 1\n")} }, []string{"centers/c001/notes.yaml"}, false},
		{"deleted", func(m fstest.MapFS) { delete(m, p) }, []string{p}, false},
		{"near miss", func(m fstest.MapFS) { m["centres/x.yaml"] = &fstest.MapFile{Data: []byte("a: 1\n")} }, []string{"centres/x.yaml"}, false},
		{"unknown", func(fstest.MapFS) {}, nil, false},
	}
	for _, c := range cases {
		now := fstest.MapFS{}
		maps.Copy(now, base)
		c.edit(now)
		touched := map[string]bool{}
		for _, p := range c.touch {
			touched[p] = true
		}
		got := LoadReusing(now, Reuse{Prev: prev, Same: func(p string) bool { return !touched[p] }, Touched: c.touch})
		want := Load(now)
		if reused := got.walk == prev.walk; reused != c.reuse {
			t.Errorf("%s: walk taken over %v, want %v", c.name, reused, c.reuse)
		}
		if !reflect.DeepEqual(got.Diags, want.Diags) || !reflect.DeepEqual(got.Docs, want.Docs) || got.Files != want.Files || !reflect.DeepEqual(got.Faults, want.Faults) {
			t.Errorf("%s: the load differs from a fresh one:\n got %v (%d files)\nwant %v (%d files)", c.name, got.Diags, got.Files, want.Diags, want.Files)
		}
	}
}
