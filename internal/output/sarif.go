package output

import (
	"bytes"
	"cmp"
	"net/url"
	"slices"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
)

// The fixed parts of pmgov's SARIF log.
const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	toolName     = "pmgov"
	toolURI      = "https://github.com/ous-pm/pmgov"
	// srcRoot is the base every artifact URI is relative to; code scanning
	// resolves it to the checkout.
	srcRoot = "%SRCROOT%"
)

// The subset of SARIF 2.1.0 pmgov writes. Field names follow the standard
// exactly; see https://docs.oasis-open.org/sarif/sarif/v2.1.0/.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool sarifTool `json:"tool"`
		// Language is the language of every message in the run.
		Language string `json:"language"`
		// ColumnKind says columns count Unicode code points, as the YAML
		// parser's positions do.
		ColumnKind string        `json:"columnKind"`
		Results    []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		InformationURI string      `json:"informationUri"`
		Version        string      `json:"version,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string          `json:"id"`
		Name                 string          `json:"name"`
		ShortDescription     sarifMessage    `json:"shortDescription"`
		FullDescription      sarifMessage    `json:"fullDescription"`
		Help                 sarifMessage    `json:"help"`
		DefaultConfiguration sarifConfig     `json:"defaultConfiguration"`
		Properties           *sarifRuleProps `json:"properties,omitempty"`
	}
	sarifRuleProps struct {
		Clause string `json:"clause"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID       string             `json:"ruleId"`
		RuleIndex    int                `json:"ruleIndex"`
		Level        string             `json:"level"`
		Message      sarifMessage       `json:"message"`
		Locations    []sarifLocation    `json:"locations,omitempty"`
		Suppressions []sarifSuppression `json:"suppressions,omitempty"`
		Properties   *sarifResultProps  `json:"properties,omitempty"`
	}
	sarifResultProps struct {
		Clause string `json:"clause,omitempty"`
		Center string `json:"center,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	}
	sarifPhysicalLocation struct {
		ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
		Region           *sarifRegion          `json:"region,omitempty"`
	}
	sarifArtifactLocation struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
	sarifSuppression struct {
		Kind          string `json:"kind"`
		Status        string `json:"status"`
		Justification string `json:"justification"`
	}
)

// writeSARIF prints a SARIF 2.1.0 log with one run. The driver lists every
// catalogue rule in opt.Rules, in order, then (sorted by id) any rule a
// diagnostic names that the catalogue lacks, so every result has a rule
// entry and none is ever dropped. Waived diagnostics are notes carrying an
// external, accepted suppression naming the decision, so code scanning shows
// them as dismissed rather than open.
func writeSARIF(buf *bytes.Buffer, ds []diag.Diagnostic, opt Options) error {
	rules, index := sarifRules(ds, opt)
	results := make([]sarifResult, 0, len(ds))
	for _, d := range ds {
		results = append(results, sarifResultOf(d, index[d.Rule], opt.Lang))
	}
	lang := "nb-NO"
	if opt.Lang == diag.EN {
		lang = "en"
	}
	return encodeJSON(buf, sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:           toolName,
				InformationURI: toolURI,
				Version:        opt.ToolVersion,
				Rules:          rules,
			}},
			Language:   lang,
			ColumnKind: "unicodeCodePoints",
			Results:    results,
		}},
	})
}

// sarifRules builds the driver's rule list and the index of each rule id in
// it. A catalogue id listed twice keeps its first entry.
func sarifRules(ds []diag.Diagnostic, opt Options) ([]sarifRule, map[string]int) {
	rules := make([]sarifRule, 0, len(opt.Rules))
	index := map[string]int{}
	for _, r := range opt.Rules {
		if _, dup := index[r.ID]; dup {
			continue
		}
		index[r.ID] = len(rules)
		rules = append(rules, catalogueRule(r, opt.Lang))
	}
	// Rules outside the catalogue (say a loader's syntax rule when the caller
	// passed a partial catalogue) get an entry built from their diagnostics:
	// the most severe of them sets the default level.
	type seen struct {
		sev    diag.Severity
		clause string
	}
	extra := map[string]seen{}
	for _, d := range ds {
		if _, ok := index[d.Rule]; ok {
			continue
		}
		e := extra[d.Rule]
		extra[d.Rule] = seen{sev: max(e.sev, d.Severity), clause: cmp.Or(e.clause, d.Clause)}
	}
	ids := make([]string, 0, len(extra))
	for id := range extra {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		e := extra[id]
		index[id] = len(rules)
		rules = append(rules, catalogueRule(RuleInfo{ID: id, Clause: e.clause, Severity: e.sev}, opt.Lang))
	}
	return rules, index
}

// catalogueRule describes one rule for the SARIF driver. A missing summary
// falls back to the id, a missing doc to the summary, so no description is
// ever empty. The help text ends with the mandate clause the rule enforces.
func catalogueRule(r RuleInfo, lang diag.Lang) sarifRule {
	summary := cmp.Or(r.Summary.In(lang), r.ID)
	doc := cmp.Or(r.Doc.In(lang), summary)
	help := doc
	var props *sarifRuleProps
	if r.Clause != "" {
		help += "\n\n" + diag.M("output.catalogue-rule.text", r.Clause).In(lang)
		props = &sarifRuleProps{Clause: r.Clause}
	}
	return sarifRule{
		ID:                   r.ID,
		Name:                 r.ID,
		ShortDescription:     sarifMessage{Text: summary},
		FullDescription:      sarifMessage{Text: doc},
		Help:                 sarifMessage{Text: help},
		DefaultConfiguration: sarifConfig{Level: sarifLevel(r.Severity)},
		Properties:           props,
	}
}

// sarifResultOf converts one diagnostic. The message carries the hint on its
// own line, as the text format does, since SARIF results have no hint field.
// A diagnostic without a file has no location; one without a line points at
// the whole file (no region).
func sarifResultOf(d diag.Diagnostic, ruleIndex int, lang diag.Lang) sarifResult {
	msg := d.Message.In(lang)
	if hint := d.Hint.In(lang); hint != "" {
		msg += "\n" + hintLabel.In(lang) + ": " + hint
	}
	res := sarifResult{
		RuleID:    d.Rule,
		RuleIndex: ruleIndex,
		Level:     sarifLevel(d.Severity),
		Message:   sarifMessage{Text: msg},
	}
	if d.Pos.File != "" {
		loc := sarifLocation{PhysicalLocation: sarifPhysicalLocation{
			ArtifactLocation: sarifArtifactLocation{URI: fileURI(d.Pos.File), URIBaseID: srcRoot},
		}}
		if d.Pos.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: d.Pos.Line, StartColumn: max(d.Pos.Col, 0)}
		}
		res.Locations = []sarifLocation{loc}
	}
	if d.Severity == diag.Waived {
		why := diag.M("output.sarif-result-of.text").In(lang)
		if d.WaivedBy != "" {
			why = waivedBy(d.WaivedBy, lang)
		}
		res.Suppressions = []sarifSuppression{{Kind: "external", Status: "accepted", Justification: why}}
	}
	if d.Clause != "" || d.Center != "" {
		res.Properties = &sarifResultProps{Clause: d.Clause, Center: d.Center}
	}
	return res
}

// sarifLevel maps a severity to a SARIF level. Waived and info findings are
// notes: they never fail a run.
func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Error:
		return "error"
	case diag.Warning:
		return "warning"
	}
	return "note"
}

// fileURI turns a repository-relative path into a relative URI reference:
// each segment percent-encoded, and ":" too so a first segment can never read
// as a URI scheme.
func fileURI(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
	}
	return strings.Join(segs, "/")
}
