package lsp

import (
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

// TestIncrementalEqualsFresh holds the server's incremental judging to a
// fresh validate.Run: after each of many random edits of a synthetic
// repository (open documents changed, closed again, lines broken, ids
// removed), the findings, and the findings the editor was sent for every
// file, are exactly those of validating the same text from scratch.
func TestIncrementalEqualsFresh(t *testing.T) {
	base := synth.MapFS(synth.Spec{Centers: 4, DocsPerCenter: 25})
	opt := validate.Options{AsOf: benchAsOf}
	w := NewWorkspace("/repo", base, opt)
	shown := map[string][]diag.Diagnostic{}
	apply := func(changed map[string][]diag.Diagnostic) {
		for f, ds := range changed {
			if len(ds) == 0 {
				delete(shown, f)
			} else {
				shown[f] = ds
			}
		}
	}
	apply(w.Judge())

	now := fstest.MapFS{}
	maps.Copy(now, base)
	paths := slices.Sorted(maps.Keys(base))
	rng := rand.New(rand.NewPCG(1, 13))
	for step := range 150 {
		p := paths[rng.IntN(len(paths))]
		if rng.IntN(8) == 0 {
			w.Close(p)
			now[p] = base[p]
		} else {
			text := mutate(rng, string(now[p].Data))
			w.Set(p, []byte(text))
			now[p] = &fstest.MapFile{Data: []byte(text)}
		}
		apply(w.Judge())
		want := validate.Run(now, opt)
		got := w.Result()
		if !reflect.DeepEqual(got.Diags, want.Diags) {
			t.Fatalf("step %d (%s): incremental findings differ from a fresh run\nincremental %v\nfresh       %v", step, p, got.Diags, want.Diags)
		}
		wantShown := map[string][]diag.Diagnostic{}
		for _, d := range want.Diags {
			wantShown[d.Pos.File] = append(wantShown[d.Pos.File], d)
		}
		if !reflect.DeepEqual(shown, wantShown) {
			t.Fatalf("step %d (%s): the editor shows other findings than a fresh run gives", step, p)
		}
	}
}

// mutate makes one edit an author might: a value changed, a line removed,
// doubled or broken, an id misspelt.
func mutate(rng *rand.Rand, s string) string {
	lines := strings.Split(s, "\n")
	i := rng.IntN(len(lines))
	switch rng.IntN(6) {
	case 0:
		lines = slices.Delete(lines, i, i+1)
	case 1:
		lines = slices.Insert(lines, i, lines[i])
	case 2:
		lines[i] = strings.Replace(lines[i], ": ", ":", 1)
	case 3:
		lines[i] += "x"
	case 4:
		lines[i] = " " + lines[i]
	case 5:
		lines[i] = strings.Replace(lines[i], "-", "_", 1)
	}
	return strings.Join(lines, "\n")
}
