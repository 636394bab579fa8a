package output

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/diag"
)

// The SARIF 2.1.0 objects the output may use, defined here independently of
// the writer, with the spec's property names and pointers for required ones.
// Decoding with unknown fields disallowed rejects any misspelt property.
type (
	testSARIFLog struct {
		Schema  string         `json:"$schema"`
		Version string         `json:"version"`
		Runs    []testSARIFRun `json:"runs"`
	}
	testSARIFRun struct {
		Tool *struct {
			Driver *struct {
				Name           string          `json:"name"`
				InformationURI string          `json:"informationUri"`
				Version        string          `json:"version"`
				Rules          []testSARIFRule `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Language   string            `json:"language"`
		ColumnKind string            `json:"columnKind"`
		Results    []testSARIFResult `json:"results"`
	}
	testSARIFText struct {
		Text *string `json:"text"`
	}
	testSARIFRule struct {
		ID                   *string        `json:"id"`
		Name                 string         `json:"name"`
		ShortDescription     *testSARIFText `json:"shortDescription"`
		FullDescription      *testSARIFText `json:"fullDescription"`
		Help                 *testSARIFText `json:"help"`
		DefaultConfiguration *struct {
			Level string `json:"level"`
		} `json:"defaultConfiguration"`
		Properties map[string]any `json:"properties"`
	}
	testSARIFResult struct {
		RuleID    string         `json:"ruleId"`
		RuleIndex *int           `json:"ruleIndex"`
		Level     string         `json:"level"`
		Message   *testSARIFText `json:"message"`
		Locations []struct {
			PhysicalLocation *struct {
				ArtifactLocation *struct {
					URI       string `json:"uri"`
					URIBaseID string `json:"uriBaseId"`
				} `json:"artifactLocation"`
				Region *struct {
					StartLine   int `json:"startLine"`
					StartColumn int `json:"startColumn"`
				} `json:"region"`
			} `json:"physicalLocation"`
		} `json:"locations"`
		Suppressions []struct {
			Kind          string `json:"kind"`
			Status        string `json:"status"`
			Justification string `json:"justification"`
		} `json:"suppressions"`
		Properties map[string]any `json:"properties"`
	}
)

// decodeSARIF decodes out and checks every constraint of the SARIF 2.1.0
// schema that applies to the objects used.
func decodeSARIF(t *testing.T, out string) testSARIFLog {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	var log testSARIFLog
	if err := dec.Decode(&log); err != nil {
		t.Fatalf("not a SARIF log pmgov should write: %v\n%s", err, out)
	}
	if log.Schema != "https://json.schemastore.org/sarif-2.1.0.json" || log.Version != "2.1.0" {
		t.Errorf("$schema %q version %q", log.Schema, log.Version)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool == nil || run.Tool.Driver == nil || run.Tool.Driver.Name != "pmgov" {
		t.Fatal("tool.driver.name is not pmgov")
	}
	if u, err := url.Parse(run.Tool.Driver.InformationURI); err != nil || u.Scheme != "https" {
		t.Errorf("informationUri %q is not an absolute https URI", run.Tool.Driver.InformationURI)
	}
	levels := []string{"none", "note", "warning", "error"}
	if !slices.Contains([]string{"unicodeCodePoints", "utf16CodeUnits"}, run.ColumnKind) {
		t.Errorf("columnKind %q", run.ColumnKind)
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == nil || *r.ID == "" {
			t.Fatal("a rule has no id")
		}
		for name, m := range map[string]*testSARIFText{"shortDescription": r.ShortDescription,
			"fullDescription": r.FullDescription, "help": r.Help} {
			if m == nil || m.Text == nil || *m.Text == "" {
				t.Errorf("rule %s: %s has no text", *r.ID, name)
			}
		}
		if r.DefaultConfiguration == nil || !slices.Contains(levels, r.DefaultConfiguration.Level) {
			t.Errorf("rule %s: bad defaultConfiguration", *r.ID)
		}
	}
	for i, r := range run.Results {
		if r.Message == nil || r.Message.Text == nil || *r.Message.Text == "" {
			t.Errorf("result %d has no message text", i)
		}
		if !slices.Contains(levels, r.Level) {
			t.Errorf("result %d: level %q", i, r.Level)
		}
		for _, l := range r.Locations {
			p := l.PhysicalLocation
			if p == nil || p.ArtifactLocation == nil || p.ArtifactLocation.URIBaseID != "%SRCROOT%" {
				t.Fatalf("result %d: location without artifactLocation under %%SRCROOT%%", i)
			}
			if u, err := url.Parse(p.ArtifactLocation.URI); err != nil || u.IsAbs() || strings.HasPrefix(u.Path, "/") {
				t.Errorf("result %d: uri %q is not a relative reference (%v)", i, p.ArtifactLocation.URI, err)
			}
			if p.Region != nil && (p.Region.StartLine < 1 || p.Region.StartColumn < 0) {
				t.Errorf("result %d: region %+v", i, *p.Region)
			}
		}
		for _, s := range r.Suppressions {
			if !slices.Contains([]string{"inSource", "external"}, s.Kind) ||
				!slices.Contains([]string{"accepted", "underReview", "rejected"}, s.Status) {
				t.Errorf("result %d: suppression %+v", i, s)
			}
		}
	}
	return log
}

func TestSARIFRulesAndResults(t *testing.T) {
	opt := fixtureOptions(diag.EN)
	log := decodeSARIF(t, write(t, "sarif", fixture(), opt))
	run := log.Runs[0]
	if run.Tool.Driver.Version != "0.1.0" {
		t.Errorf("driver version %q", run.Tool.Driver.Version)
	}
	var ids []string
	for _, r := range run.Tool.Driver.Rules {
		ids = append(ids, *r.ID)
	}
	// The catalogue in its own order, then the rules it lacks, sorted.
	want := []string{"anchor-level", "leader", "action-overdue", "research", "effort-allocation", "waiver", "syntax", "unknown-file"}
	if !slices.Equal(ids, want) {
		t.Errorf("rules %v, want %v", ids, want)
	}
	if len(run.Results) != len(fixture()) {
		t.Fatalf("%d results, want %d: a diagnostic was dropped", len(run.Results), len(fixture()))
	}
	for _, r := range run.Results {
		if r.RuleIndex == nil || *r.RuleIndex < 0 || *r.RuleIndex >= len(ids) || ids[*r.RuleIndex] != r.RuleID {
			t.Errorf("result %s: ruleIndex %v does not point at its rule", r.RuleID, r.RuleIndex)
		}
	}
	byRule := map[string]testSARIFResult{}
	for _, r := range run.Results {
		byRule[r.RuleID] = r
	}
	for rule, level := range map[string]string{"anchor-level": "error", "action-overdue": "warning",
		"research": "note", "waiver": "note", "unknown-file": "error"} {
		if got := byRule[rule].Level; got != level {
			t.Errorf("%s: level %q, want %q", rule, got, level)
		}
	}
	a := byRule["anchor-level"]
	if len(a.Locations) != 1 || a.Locations[0].PhysicalLocation.ArtifactLocation.URI != "centers/kre/center.yaml" ||
		a.Locations[0].PhysicalLocation.Region == nil || a.Locations[0].PhysicalLocation.Region.StartLine != 7 ||
		a.Locations[0].PhysicalLocation.Region.StartColumn != 14 {
		t.Errorf("anchor-level location %+v", a.Locations)
	}
	if msg := *a.Message.Text; msg != "the anchor unit KRE-AOF is at level N3, the mandate requires N2\nhint: set anchor_unit to a unit at level N2, such as KRE" {
		t.Errorf("anchor-level message %q", msg)
	}
	u := byRule["unknown-file"]
	if len(u.Locations) != 1 || u.Locations[0].PhysicalLocation.Region != nil {
		t.Errorf("a whole-file result must have a location without region: %+v", u.Locations)
	}
	if got := u.Locations[0].PhysicalLocation.ArtifactLocation.URI; got != "centers/kre/notes%2C%20v2%3Afinal.txt" {
		t.Errorf("uri %q", got)
	}
	if w := byRule["research"]; len(w.Suppressions) != 1 || w.Suppressions[0].Kind != "external" ||
		w.Suppressions[0].Justification != "waived by PMU-2025-004" {
		t.Errorf("waived result suppressions %+v", w.Suppressions)
	}
	for _, rule := range []string{"anchor-level", "action-overdue", "waiver"} {
		if len(byRule[rule].Suppressions) != 0 {
			t.Errorf("%s is suppressed", rule)
		}
	}
	anchor := run.Tool.Driver.Rules[0]
	if anchor.Properties["clause"] != "A, P1" || anchor.DefaultConfiguration.Level != "error" ||
		*anchor.ShortDescription.Text != "The center is anchored at level N2" ||
		!strings.HasSuffix(*anchor.Help.Text, "Mandate clause: A, P1") {
		t.Errorf("anchor-level rule entry %+v", anchor)
	}
	if syntax := run.Tool.Driver.Rules[6]; syntax.DefaultConfiguration.Level != "error" {
		t.Errorf("rule missing from the catalogue has level %q", syntax.DefaultConfiguration.Level)
	}
}

func TestSARIFEmpty(t *testing.T) {
	out := write(t, "sarif", nil, Options{})
	log := decodeSARIF(t, out)
	if !strings.Contains(out, `"results": []`) || !strings.Contains(out, `"rules": []`) {
		t.Errorf("empty run must list empty results and rules:\n%s", out)
	}
	if log.Runs[0].Language != "nb-NO" {
		t.Errorf("default language %q", log.Runs[0].Language)
	}
}

func TestSARIFNoFile(t *testing.T) {
	log := decodeSARIF(t, write(t, "sarif", []diag.Diagnostic{{Rule: "initial-centers", Severity: diag.Error,
		Message: diag.T("m", "m")}}, Options{}))
	if r := log.Runs[0].Results; len(r) != 1 || len(r[0].Locations) != 0 {
		t.Errorf("a result without a file must have no location: %+v", r)
	}
}

func TestFileURI(t *testing.T) {
	for in, want := range map[string]string{
		"centers/kre/center.yaml":  "centers/kre/center.yaml",
		"centers/bar/møte #1?.md":  "centers/bar/m%C3%B8te%20%231%3F.md",
		"c:d/e.yaml":               "c%3Ad/e.yaml",
		"committee/100%/a,b.yaml":  "committee/100%25/a%2Cb.yaml",
		"org/people/p-hansen.yaml": "org/people/p-hansen.yaml",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}
