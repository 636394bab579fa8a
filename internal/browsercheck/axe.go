package browsercheck

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/chromedp/chromedp"
)

// WCAGTags are the axe-core rule tags of WCAG 2.0 and 2.1, levels A and AA:
// the level the site promises.
var WCAGTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// ReadAxe reads axe.min.js.
func ReadAxe(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("axe-core: %w", err)
	}
	if !strings.Contains(string(b[:min(len(b), 4096)]), "axe") {
		return "", fmt.Errorf("axe-core: %s does not look like axe.min.js", path)
	}
	return string(b), nil
}

// Violation is one axe-core rule a page breaks, with the first element that
// breaks it.
type Violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	URL    string `json:"helpUrl"`
	// Nodes is how many elements break the rule.
	Nodes int `json:"nodes"`
	// Target is the first element's CSS selector path, HTML its markup and
	// Summary what axe says to fix there.
	Target  string `json:"target"`
	HTML    string `json:"html"`
	Summary string `json:"summary"`
}

// String renders the violation so it can be found and fixed from a test log.
func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s — %d element(s), first %s: %s — %s",
		v.ID, v.Impact, v.Help, v.Nodes, v.Target, oneLine(v.HTML), oneLine(v.Summary))
}

// oneLine folds whitespace runs, newlines included, into single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// runAxeScript runs axe over the whole document for the WCAG 2.1 A/AA rules
// and keeps only what a report needs, so little crosses the protocol.
var runAxeScript = `axe.run(document, {
  runOnly: {type: 'tag', values: ` + jsList(WCAGTags) + `},
  resultTypes: ['violations'],
}).then((r) => r.violations.map((v) => ({
  id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
  nodes: v.nodes.length,
  target: v.nodes.length ? v.nodes[0].target.join(' ') : '',
  html: v.nodes.length ? v.nodes[0].html.slice(0, 300) : '',
  summary: v.nodes.length ? (v.nodes[0].failureSummary || '') : '',
})))`

func jsList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "'" + s + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// runAxe runs axe-core, which Check has injected into the loaded page. The
// injection goes through the DevTools protocol, which a page's
// Content-Security-Policy does not govern, so the page is checked with the
// policy it really has.
func (b *Browser) runAxe(ctx context.Context) ([]Violation, error) {
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](runAxeScript, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("running axe-core: %w", err)
	}
	return vs, nil
}
