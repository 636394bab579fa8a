package load

import (
	"regexp"
	"strings"

	"github.com/ous-pm/pmgov/internal/doc"
)

// DataRoots are the top-level entries that hold governance data. Everything
// else in a repository (the toolkit's own code, README, .github) is not data.
var DataRoots = []string{"governance.yaml", "org", "committee", "centers"}

var (
	reMandate    = regexp.MustCompile(`^committee/mandates/([a-z0-9][a-z0-9-]*)\.yaml$`)
	reMandateMD  = regexp.MustCompile(`^committee/mandates/([a-z0-9][a-z0-9-]*)\.md$`)
	reDecision   = regexp.MustCompile(`^committee/decisions/([A-Za-z0-9][A-Za-z0-9-]*)\.md$`)
	reMeeting    = regexp.MustCompile(`^committee/meetings/(\d{4}-\d{2}-\d{2})\.md$`)
	reCenter     = regexp.MustCompile(`^centers/([a-z0-9][a-z0-9-]*)/center\.yaml$`)
	reStrategy   = regexp.MustCompile(`^centers/([a-z0-9][a-z0-9-]*)/strategy-(\d{4}-\d{4})\.md$`)
	reActionPlan = regexp.MustCompile(`^centers/([a-z0-9][a-z0-9-]*)/action-plans/(\d{4})\.yaml$`)
	reReport     = regexp.MustCompile(`^centers/([a-z0-9][a-z0-9-]*)/reports/(\d{4}-(?:T[1-3]|Q[1-4]|H[12]|Y))\.md$`)
	reEducation  = regexp.MustCompile(`^centers/([a-z0-9][a-z0-9-]*)/education\.yaml$`)
	reAdvice     = regexp.MustCompile(`^centers/([a-z0-9][a-z0-9-]*)/advice/(\d{4}-\d{2}-\d{2}-[a-z0-9][a-z0-9-]*)\.md$`)
	reEvaluation = regexp.MustCompile(`^centers/([a-z0-9][a-z0-9-]*)/evaluations/term-(\d+)\.md$`)
)

var fixed = map[string]doc.Kind{
	"governance.yaml":              doc.Governance,
	"org/units.yaml":               doc.Units,
	"org/people.yaml":              doc.People,
	"org/national-activities.yaml": doc.NationalActivities,
	"committee/committee.yaml":     doc.Committee,
}

var patterns = []struct {
	re       *regexp.Regexp
	kind     doc.Kind
	isCenter bool
}{
	{reMandate, doc.Mandate, false},
	{reMandateMD, doc.MandateText, false},
	{reDecision, doc.Decision, false},
	{reMeeting, doc.Meeting, false},
	{reCenter, doc.Center, true},
	{reStrategy, doc.Strategy, true},
	{reActionPlan, doc.ActionPlan, true},
	{reReport, doc.Report, true},
	{reEducation, doc.Education, true},
	{reAdvice, doc.Advice, true},
	{reEvaluation, doc.Evaluation, true},
}

// Classify tells the kind of a repository path, with the identifying part of
// the path and the center folder. ok is false for a path that has no place in
// the data model.
func Classify(path string) (kind doc.Kind, pathID, center string, ok bool) {
	if k, found := fixed[path]; found {
		return k, "", "", true
	}
	for _, p := range patterns {
		m := p.re.FindStringSubmatch(path)
		if m == nil {
			continue
		}
		if p.isCenter {
			center = m[1]
			pathID = m[1]
			if len(m) > 2 {
				pathID = m[2]
			}
			return p.kind, pathID, center, true
		}
		return p.kind, m[1], "", true
	}
	return "", "", "", false
}

// IsData reports whether path lies under one of the data roots.
func IsData(path string) bool {
	for _, r := range DataRoots {
		if path == r || strings.HasPrefix(path, r+"/") {
			return true
		}
	}
	return false
}

// knownDirs are the folders the data model has, as patterns.
var knownDirs = []*regexp.Regexp{
	regexp.MustCompile(`^(org|committee|centers)$`),
	regexp.MustCompile(`^committee/(mandates|decisions|meetings)$`),
	regexp.MustCompile(`^centers/[a-z0-9][a-z0-9-]*$`),
	regexp.MustCompile(`^centers/[a-z0-9][a-z0-9-]*/(action-plans|reports|advice|evaluations)$`),
}

// isKnownDir reports whether a folder has a place in the data model.
func isKnownDir(path string) bool {
	for _, re := range knownDirs {
		if re.MatchString(path) {
			return true
		}
	}
	return false
}

// Expected describes, for a message, where files belong.
const Expected = "governance.yaml, org/{units,people,national-activities}.yaml, committee/committee.yaml, " +
	"committee/mandates/<id>.{yaml,md}, committee/decisions/<ID>.md, committee/meetings/<YYYY-MM-DD>.md, " +
	"centers/<id>/{center.yaml,education.yaml,strategy-<YYYY>-<YYYY>.md}, centers/<id>/action-plans/<YYYY>.yaml, " +
	"centers/<id>/reports/<YYYY>-<period>.md, centers/<id>/advice/<YYYY-MM-DD>-<slug>.md, centers/<id>/evaluations/term-<n>.md"
