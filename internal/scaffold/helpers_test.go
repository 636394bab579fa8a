package scaffold

import (
	"github.com/ous-pm/pmgov/internal/fixture"

	"testing"
	"testing/fstest"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/validate"
)

// asOf is the date the base repository is clean on.
var asOf = time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)

// baseFS is the shared base repository (internal/fixture) with edits
// applied: an empty content removes a file.
func baseFS(_ testing.TB, edits map[string]string) fstest.MapFS {
	return fixture.BaseWith(edits)
}

// generate runs Generate on fsys and fails the test on a refusal.
func generate(t *testing.T, fsys fstest.MapFS, req Request) *File {
	t.Helper()
	if req.AsOf.IsZero() {
		req.AsOf = asOf
	}
	res := validate.Run(fsys, validate.Options{AsOf: req.AsOf})
	f, err := Generate(res.Repo, req)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", req, err)
	}
	return f
}

// refusal runs Generate and returns its refusal, failing when it writes.
func refusal(t *testing.T, fsys fstest.MapFS, req Request) *Error {
	t.Helper()
	if req.AsOf.IsZero() {
		req.AsOf = asOf
	}
	res := validate.Run(fsys, validate.Options{AsOf: req.AsOf})
	f, err := Generate(res.Repo, req)
	if err == nil {
		t.Fatalf("Generate(%+v) wrote %s, want a refusal", req, f.Path)
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("Generate(%+v): %v is not a refusal (*Error)", req, err)
	}
	return e
}

// structural returns the diagnostics that say a written file is broken
// (syntax, schema, unknown-file, id-mismatch, limits), from the loader, the
// JSON Schema and the model (validate.Run runs all three), with f added to
// fsys.
func structural(t *testing.T, fsys fstest.MapFS, f *File) []diag.Diagnostic {
	t.Helper()
	withFile := fstest.MapFS{}
	for p, m := range fsys {
		withFile[p] = m
	}
	withFile[f.Path] = &fstest.MapFile{Data: f.Content, Mode: 0o644}
	all := validate.Run(withFile, validate.Options{AsOf: asOf}).Diags
	var out []diag.Diagnostic
	for _, d := range all {
		switch d.Rule {
		case "syntax", "schema", "unknown-file", "id-mismatch", "limits":
			if d.Pos.File == f.Path {
				out = append(out, d)
			}
		}
	}
	return out
}

// baseFSF is baseFS for a fuzz target's setup.
func baseFSF(f *testing.F) fstest.MapFS { return baseFS(f, nil) }
