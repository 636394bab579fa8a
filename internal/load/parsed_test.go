package load_test

import (
	"sync"
	"testing"
	"testing/fstest"

	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/load"
)

// TestParsedKeepsWhatItMade gives every document that parses to
// Reuse.Parsed and keeps what it returns beside the document, in the order
// of Docs, also when the walk's order is not the paths' ("kre/" is walked
// before "kre-x/", which sorts first); a file that does not parse is given
// to no one.
func TestParsedKeepsWhatItMade(t *testing.T) {
	fsys := fstest.MapFS{
		"centers/kre/center.yaml":    {Data: []byte("id: kre\nname: Kreft\n")},
		"centers/kre-x/center.yaml":  {Data: []byte("id: kre-x\nname: Annet\n")},
		"centers/kre/education.yaml": {Data: []byte("programmes: []\n")},
		"centers/bad/center.yaml":    {Data: []byte("id: [bad\n")},
	}
	var mu sync.Mutex
	given := map[string]int{}
	res := load.LoadReusing(fsys, load.Reuse{Parsed: func(d *doc.Document) any {
		mu.Lock()
		given[d.Path]++
		mu.Unlock()
		return d.Path
	}})
	if len(given) != 3 || given["centers/bad/center.yaml"] != 0 {
		t.Errorf("Parsed was given %v; want each of the three files that parse once", given)
	}
	if len(res.Made) != len(res.Docs) || len(res.Docs) != 3 {
		t.Fatalf("%d documents, %d made; want 3 of each", len(res.Docs), len(res.Made))
	}
	for i, d := range res.Docs {
		if res.Made[i] != d.Path {
			t.Errorf("Made[%d] is %v, made for %s", i, res.Made[i], d.Path)
		}
	}
	if res.Docs[0].Path != "centers/kre-x/center.yaml" {
		t.Errorf("first document %s, want centers/kre-x/center.yaml (paths sort '-' before '/')", res.Docs[0].Path)
	}
	if plain := load.Load(fsys); plain.Made != nil {
		t.Errorf("a load without Parsed made %v", plain.Made)
	}
}
