package validate_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/synth"
)

// testRepo is a repository that the tests holding one way of validating
// to another judge, and the date to judge it on.
type testRepo struct {
	name string
	fsys fs.FS
	asOf time.Time
}

// testRepos are the default content, a small synthetic repository, the
// base with an unreadable center.yaml, and the base with each rule
// fixture's files (among them files that do not parse and mandate texts):
// between them every rule finds something.
func testRepos(t *testing.T) []testRepo {
	t.Helper()
	repos := []testRepo{
		{"default content", os.DirFS("../.."), contentDate},
		{"synthetic", synth.MapFS(synth.Spec{Centers: 5, DocsPerCenter: 40}), contentDate},
		{"unreadable center.yaml", fixture.BaseWith(map[string]string{"centers/kre/center.yaml": "id: kre\nname: \"Kreft\n"}), fixture.BaseAsOf},
	}
	cases, _ := filepath.Glob("../rules/testdata/cases/*.txtar")
	if len(cases) < 100 {
		t.Fatalf("only %d rule fixtures in ../rules/testdata/cases", len(cases))
	}
	for _, c := range cases {
		a, err := txtar.ParseFile(c)
		if err != nil {
			t.Fatal(err)
		}
		fsys := fixture.BaseWith(nil)
		for _, f := range a.Files {
			fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
		}
		repos = append(repos, testRepo{filepath.Base(c), fsys, fixture.BaseAsOf})
	}
	return repos
}
