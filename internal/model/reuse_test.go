package model_test

import (
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/model"
)

// TestBuildReusingEqualsBuild holds a build that takes the decoding of
// unchanged documents from the previous build to a fresh build of the same
// documents, also after the references those documents resolve to have
// changed and changed back: no resolution of one build shows in another.
func TestBuildReusingEqualsBuild(t *testing.T) {
	steps := []map[string]string{
		nil,
		{"org/units.yaml": "units:\n  - {id: OUS, name: OUS, level: N1}\n"},
		{"centers/kre/action-plans/2025.yaml": "year: 2024\nactions:\n  - {id: KRE-2025-01, title: Tiltak, owner: ola}\n"},
		nil,
	}
	var prevLoad *load.Result
	var prevRepo, firstRepo *model.Repository
	changed := map[string]bool{}
	for i, change := range steps {
		fsys := fstest.MapFS{}
		for p, s := range base {
			fsys[p] = &fstest.MapFile{Data: []byte(s)}
		}
		for p, s := range change {
			fsys[p] = &fstest.MapFile{Data: []byte(s)}
		}
		now := map[string]bool{}
		for p := range change {
			now[p] = true
		}
		same := func(p string) bool { return !changed[p] && !now[p] }
		lr := load.LoadReusing(fsys, load.Reuse{Prev: prevLoad, Same: same})
		got, gotDiags := model.BuildReusing(lr.Docs, lr.Sources, lr.Files, prevRepo)
		want, wantDiags := model.Build(lr.Docs, lr.Sources, lr.Files)
		if !reflect.DeepEqual(gotDiags, wantDiags) {
			t.Fatalf("step %d: findings differ from a fresh build:\n got %v\nwant %v", i, gotDiags, wantDiags)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("step %d: the model differs from a fresh build", i)
		}
		if firstRepo != nil && got.Units[0] == firstRepo.Units[0] {
			t.Fatalf("step %d: the build shares a unit with an earlier build", i)
		}
		if i == 0 {
			firstRepo = got
		}
		prevLoad, prevRepo, changed = lr, got, now
	}
}

// TestMemo holds Memo to its word: a build takes a file's result from the
// previous build only when it shares the file's text with it.
func TestMemo(t *testing.T) {
	calls := 0
	count := func(src []byte) any { calls++; return string(src) }
	memo := func(r *model.Repository) map[string]any {
		out := map[string]any{}
		r.Memo("c", count, func(p string, v any) { out[p] = v })
		return out
	}
	same, changed := []byte("a: 1\n"), []byte("a: 2\n")
	r1, _ := model.Build(nil, map[string][]byte{"x.yaml": same, "y.yaml": same}, 2)
	if got := memo(r1); !reflect.DeepEqual(got, map[string]any{"x.yaml": "a: 1\n", "y.yaml": "a: 1\n"}) || calls != 2 {
		t.Fatalf("first build: %v, %d calls, want 2", got, calls)
	}
	r2, _ := model.BuildReusing(nil, map[string][]byte{"x.yaml": same, "y.yaml": changed}, 2, r1)
	if got := memo(r2); !reflect.DeepEqual(got, map[string]any{"x.yaml": "a: 1\n", "y.yaml": "a: 2\n"}) || calls != 3 {
		t.Fatalf("second build: %v, %d calls, want 3 (only the changed file checked again)", got, calls)
	}
	r3, _ := model.BuildReusing(nil, map[string][]byte{"x.yaml": []byte("a: 1\n")}, 1, r2)
	if got := memo(r3); !reflect.DeepEqual(got, map[string]any{"x.yaml": "a: 1\n"}) || calls != 4 {
		t.Fatalf("third build: %v, %d calls: text read anew must be checked again", got, calls)
	}
}
