package ownership_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ous-pm/pmgov/internal/model"
	. "github.com/ous-pm/pmgov/internal/ownership"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

func repo(t *testing.T) *model.Repository {
	t.Helper()
	fsys := synth.MapFS(synth.Spec{Centers: 2, DocsPerCenter: 8})
	// c001 gets an editor, and the toolkit a maintainer who is not the
	// secretariat, so that the two areas can be told apart.
	fsys["centers/c001/center.yaml"].Data = append(fsys["centers/c001/center.yaml"].Data, "editors: [c000.medlem]\n"...)
	gov := fsys["governance.yaml"]
	gov.Data = []byte(strings.Replace(string(gov.Data), "maintainers: [sekretar]", "maintainers: [tek.leder]", 1))
	if !strings.Contains(string(gov.Data), "maintainers: [tek.leder]") {
		t.Fatal("synth's governance.yaml no longer names sekretar as maintainer")
	}
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
		{"org/people.yaml", "tek.leder", false},
		{"governance.yaml", "sekretar", true},
		{"governance.yaml.bak", "sekretar", false},   // a file pattern names one file
		{"centers/ny/center.yaml", "sekretar", true}, // a new center's folder
		{"centers/ny/center.yaml", "c000.leder", false},
		// Default-deny: everything that is not data is the maintainers'.
		{"README.md", "sekretar", false},
		{"README.md", "tek.leder", true},
		{"go.mod", "sekretar", false},
		{"go.work", "sekretar", false},
		{"vendor/modules.txt", "c000.leder", false},
		{".ci/run", "sekretar", false},
		{"docs/rules.md", "sekretar", false},
		{"new-top-level.txt", "sekretar", false},
		{"new-top-level.txt", "tek.leder", true},
		{"internal/rules/rule.go", "tek.leder", true},
		{"internal/rules/rule.go", "c000.leder", false},
		{"centers/c0001/center.yaml", "c000.leder", false}, // a prefix is not a folder
		{"Centers/c000/center.yaml", "c000.leder", false},  // nor another spelling
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
		"\n* @tek-leder\n",
		"\n/governance.yaml @sekretar-utvalg\n",
		"\n/org/ @sekretar-utvalg\n",
		"\n/committee/ @sekretar-utvalg\n",
		"\n/centers/ @sekretar-utvalg\n",
		"\n/centers/c000/ @c000-leder @c000-medlem\n",
		"\n/centers/c001/ @c001-leder @c001-medlem @c000-medlem\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("CODEOWNERS lacks %q:\n%s", want, got)
		}
	}
	if strings.Index(got, "\n* ") > strings.Index(got, "/centers/") || strings.Index(got, "\n/centers/ ") > strings.Index(got, "/centers/c000/") {
		t.Error("the catch-all must come first and each center after /centers/: in CODEOWNERS the last match wins")
	}
	for _, old := range []string{"/internal/", "/cmd/", "/.github/"} {
		if strings.Contains(got, "\n"+old+" ") {
			t.Errorf("CODEOWNERS still lists %s: the catch-all is the maintainers'", old)
		}
	}
}

// The files Decides accepts are enough: a model built from them alone gives
// the same areas, and the same CODEOWNERS, as the whole repository.
func TestDecidesIsEnough(t *testing.T) {
	fsys := synth.MapFS(synth.Spec{Centers: 3, DocsPerCenter: 8})
	fsys["centers/c001/center.yaml"].Data = append(fsys["centers/c001/center.yaml"].Data, "editors: [c000.medlem]\n"...)
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	whole := validate.Run(fstest.MapFS(fsys), validate.Options{AsOf: day})
	part := validate.Data(fstest.MapFS(fsys), Decides, validate.Reuse{})
	// governance, people, committee and 4 center.yaml (synth adds a technology center).
	if part.Files >= whole.Files || part.Files != 3+4 {
		t.Fatalf("read %d files of %d, want the 7 that decide ownership", part.Files, whole.Files)
	}
	if got, want := string(CODEOWNERS(part.Repo)), string(CODEOWNERS(whole.Repo)); got != want {
		t.Fatalf("CODEOWNERS from the deciding files:\n%s\nfrom the whole repository:\n%s", got, want)
	}
	for _, tc := range []struct {
		path string
		want bool
	}{
		{"governance.yaml", true}, {"org", true}, {"org/people.yaml", true}, {"org/units.yaml", false},
		{"committee", true}, {"committee/committee.yaml", true}, {"committee/decisions", false},
		{"centers", true}, {"centers/kre", true}, {"centers/kre/center.yaml", true},
		{"centers/kre/reports", false}, {"centers/kre/education.yaml", false}, {"centers/", false},
		{"README.md", false},
	} {
		if got := Decides(tc.path); got != tc.want {
			t.Errorf("Decides(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}
