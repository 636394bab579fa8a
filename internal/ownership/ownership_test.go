package ownership

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

func repo(t *testing.T) *model.Repository {
	t.Helper()
	fsys := synth.MapFS(synth.Spec{Centers: 2, DocsPerCenter: 8})
	// c001 gets an editor and the governance a maintainer.
	fsys["centers/c001/center.yaml"].Data = append(fsys["centers/c001/center.yaml"].Data, "editors: [c000.medlem]\n"...)
	return validate.Run(fstest.MapFS(fsys), validate.Options{AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}).Repo
}

func TestMayChange(t *testing.T) {
	r := repo(t)
	areas := Areas(r)
	for _, tc := range []struct {
		path, person string
		want         bool
	}{
		{"centers/c000/reports/2026-T1.md", "c000.leder", true},
		{"centers/c000/reports/2026-T1.md", "c000.medlem", true}, // board member
		{"centers/c000/reports/2026-T1.md", "c001.leder", false}, // another center's leader
		{"centers/c001/center.yaml", "c000.medlem", true},        // editor of c001
		{"centers/c000/center.yaml", "sekretar", false},          // the secretariat does not own centers
		{"committee/decisions/PMU-2021-01.md", "sekretar", true},
		{"committee/decisions/PMU-2021-01.md", "c000.leder", false},
		{"org/people.yaml", "sekretar", true},
		{"governance.yaml", "sekretar", true},
		{"README.md", "sekretar", true},
		{"internal/rules/rule.go", "sekretar", true}, // sekretar is the maintainer in synth
		{"internal/rules/rule.go", "c000.leder", false},
		{"centers/c0001/center.yaml", "c000.leder", false}, // a prefix is not a folder
	} {
		if got := MayChange(areas, tc.path, r.Person(tc.person)); got != tc.want {
			t.Errorf("MayChange(%s, %s) = %v, want %v", tc.path, tc.person, got, tc.want)
		}
	}
}

func TestCODEOWNERS(t *testing.T) {
	got := string(CODEOWNERS(repo(t)))
	for _, want := range []string{
		Header,
		"\n* @sekretar-utvalg\n",
		"\n/centers/c000/ @c000-leder @c000-medlem\n",
		"\n/centers/c001/ @c001-leder @c001-medlem @c000-medlem\n",
		"\n/internal/ @sekretar-utvalg\n",
		"\n/.github/ @sekretar-utvalg\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("CODEOWNERS lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(got, "\n* ") > strings.Index(got, "/centers/") {
		t.Error("the catch-all must come first: in CODEOWNERS the last match wins")
	}
}
