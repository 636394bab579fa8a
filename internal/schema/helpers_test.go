package schema

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/load"
)

// loadOne loads a repository holding the single file path with content src
// and returns its document, failing the test on any loader diagnostic.
func loadOne(t *testing.T, path, src string) *doc.Document {
	t.Helper()
	res := load.Load(mapFS(path, src))
	if len(res.Diags) > 0 {
		t.Fatalf("loading %s: %s: %s", path, res.Diags[0].Pos, res.Diags[0].Message.EN)
	}
	if len(res.Docs) != 1 {
		t.Fatalf("loading %s: got %d documents, want 1", path, len(res.Docs))
	}
	return res.Docs[0]
}

// lines renders diagnostics as "line:col: message" for comparisons.
func lines(ds []diag.Diagnostic) string {
	var sb strings.Builder
	for _, d := range ds {
		sb.WriteString(d.Pos.String())
		sb.WriteString(": ")
		sb.WriteString(d.Message.EN)
		sb.WriteString(" | ")
		sb.WriteString(d.Hint.EN)
		sb.WriteString("\n")
	}
	return sb.String()
}

func mapFS(path, src string) fstest.MapFS {
	return fstest.MapFS{path: {Data: []byte(src)}}
}
