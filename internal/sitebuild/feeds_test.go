package sitebuild

import (
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/changes"
	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/validate"
)

// TestFeedFindings: with history, the findings opened and resolved since
// the earlier state are news, in the whole feed and the center's, with
// ids that stay the same for the same change; other changes are not.
func TestFeedFindings(t *testing.T) {
	res := validate.Run(fixture.BaseWith(nil), validate.Options{AsOf: fixture.BaseAsOf})
	hist := &History{Since: &Since{What: diag.T("forrige møte", "the previous meeting"), Commit: "0123456789abcdef", Changes: []changes.Change{
		{Kind: changes.FindingOpened, Center: "kre", Text: diag.T("nytt funn: rapporten mangler", "new finding: the report is missing")},
		{Kind: changes.FindingResolved, Text: diag.T("funn løst: møtet mangler", "finding resolved: the meeting is missing")},
		{Kind: changes.Kind("report-submitted"), Center: "kre", Text: diag.T("rapport levert", "report submitted")},
	}}}
	build := func() (string, string) {
		dir := buildSite(t, res, Options{AsOf: fixture.BaseAsOf, History: hist})
		return readFile(t, dir, "feed.xml"), readFile(t, dir, "centers/kre/feed.xml")
	}
	all, kre := build()
	contains(t, "feed.xml", all, "<title type=\"text\">nytt funn: rapporten mangler</title>", "<title type=\"text\">funn løst: møtet mangler</title>",
		`<category term="nytt funn"></category>`, `href="report.html#changes"`)
	contains(t, "centers/kre/feed.xml", kre, "nytt funn: rapporten mangler", `href="../../report.html#changes"`)
	if strings.Contains(kre, "møtet mangler") || strings.Contains(all, "rapport levert") {
		t.Error("a committee-wide finding is in the center's feed, or a change that is no finding is in the feed")
	}
	again, _ := build()
	if again != all {
		t.Error("two builds give different feeds")
	}
}
