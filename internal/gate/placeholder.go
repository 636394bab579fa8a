package gate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/scaffold"
)

// checkPlaceholders refuses changed files that still hold a "FYLL INN"
// text from `pmgov new`. Such a text is valid for the schema on purpose,
// so that a new file loads while it is being written; merged, it would
// reach the committee's site and report as it stands.
func checkPlaceholders(head []*doc.Document, changed []string) []diag.Diagnostic {
	want := make(map[string]bool, len(changed))
	for _, p := range changed {
		want[p] = true
	}
	var out []diag.Diagnostic
	for _, d := range head {
		if !want[d.Path] {
			continue
		}
		add := func(line, col int, what diag.Text) {
			out = append(out, diag.Diagnostic{
				Rule: "schema", Severity: diag.Error, Center: d.Center,
				Pos: diag.Pos{File: d.Path, Line: line, Col: col},
				Message: diag.Text{
					NB: fmt.Sprintf("%s står fortsatt som «%s» fra pmgov new", what.NB, scaffold.Placeholder),
					EN: fmt.Sprintf("%s still says \"%s\" from pmgov new", what.EN, scaffold.Placeholder),
				},
				Hint: diag.T("Skriv inn det som skal stå der (teksten etter «%s:» sier hva), eller fjern linjen om feltet ikke er påkrevd.",
					"Write what belongs there (the text after \"%s:\" says what), or remove the line if the field is not required.", scaffold.Placeholder),
			})
		}
		walkScalars(d.Root, nil, func(n *doc.Node, path []string) {
			if strings.Contains(n.Value, scaffold.Placeholder) {
				field := strings.Join(path, ".")
				add(n.Line, n.Col, diag.T("feltet %s", "the field %s", field))
			}
		})
		for i, line := range strings.Split(d.Body, "\n") {
			if c := strings.Index(line, scaffold.Placeholder); c >= 0 {
				add(d.BodyLine+i, len([]rune(line[:c]))+1, diag.T("teksten", "the text"))
			}
		}
	}
	return out
}

// walkScalars calls f for every scalar under n with the path of keys and
// item numbers (1-based, as a person counts) that leads to it.
func walkScalars(n *doc.Node, path []string, f func(*doc.Node, []string)) {
	if n == nil {
		return
	}
	switch n.Kind {
	case doc.Scalar:
		f(n, path)
	case doc.Map:
		for i, k := range n.Keys {
			walkScalars(n.Values[i], append(path[:len(path):len(path)], k.Value), f)
		}
	case doc.Seq:
		for i, v := range n.Values {
			walkScalars(v, append(path[:len(path):len(path)], strconv.Itoa(i+1)), f)
		}
	}
}
