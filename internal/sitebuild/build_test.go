package sitebuild

import (
	"github.com/ous-pm/pmgov/internal/fixture"

	"slices"
	"testing"
	"testing/fstest"
)

func TestPageSet(t *testing.T) {
	res := validated(t, fixture.BaseWith(nil))
	dir := buildSite(t, res, Options{})
	files := siteFiles(t, dir)
	for _, want := range []string{
		".pmgov-site", "style.css",
		"index.html", "centers/kre.html", "centers/gen.html",
		"centers/kre/strategy-2024-2027.html", "centers/kre/reports/2025-T1.html", "centers/kre/reports/2024-T3.html",
		"centers/kre/advice/2025-03-01-sekvensering.html", "centers/kre/evaluations/term-1.html",
		"committee.html", "committee/decisions/PMU-2024-01.html", "committee/meetings/2024-06-20.html",
		"matrix.html", "mandates/treatment-centers.html", "validation.html", "rules.html", "report.html",
		"en/index.html", "en/centers/kre.html", "en/report.html", "en/mandates/treatment-centers.html",
		"api/v1/centers.json", "api/v1/centers/kre.json", "api/v1/people.json", "api/v1/units.json",
		"api/v1/decisions.json", "api/v1/diagnostics.json",
	} {
		if !slices.Contains(files, want) {
			t.Errorf("site lacks %s", want)
		}
	}
}

// TestEmptyAndBrokenRepositories builds what a new or broken repository
// holds: the site still builds and shows the findings.
func TestEmptyAndBrokenRepositories(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"empty": {},
		"broken": {
			"governance.yaml":              {Data: []byte("organisation: [unclosed\n")},
			"centers/x/center.yaml":        {Data: []byte("id: x\nterms: [{start: 2021-13-45}]\nboard: nope\n")},
			"centers/x/reports/2025-T1.md": {Data: []byte("---\nperiod: 2025-T1\neffort: {allocation: [{group: a, share: lots}]}\n---\n# Hei\n")},
			"committee/mandates/m.md":      {Data: []byte("# **A** tekst\n")},
		},
	} {
		t.Run(name, func(t *testing.T) {
			res := validated(t, fsys)
			dir := buildSite(t, res, Options{})
			checkLinks(t, dir)
			checkPages(t, dir)
			if _, err := ReportMarkdown(res, Options{AsOf: asOf}); err != nil {
				t.Fatal(err)
			}
			if _, err := ReportHTML(res, Options{AsOf: asOf}); err != nil {
				t.Fatal(err)
			}
		})
	}
}
