package validate_test

import (
	"os"
	"sync"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

var (
	benchOnce sync.Once
	benchDir  string
)

// synthDir writes the 10,000-document synthetic repository once per run.
func synthDir(b *testing.B) string {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pmgov-bench-")
		if err != nil {
			b.Fatal(err)
		}
		if err := synth.Write(dir, synth.Spec{Centers: 100, DocsPerCenter: 99}); err != nil {
			b.Fatal(err)
		}
		benchDir = dir
	})
	return benchDir
}

// BenchmarkValidate10k is `pmgov validate` on 10,010 documents read from
// disk: load, schema, model and every rule. Target on a 2-core machine:
// ≤ 1.3 s and ≤ 200 MB peak RSS (issue 2).
func BenchmarkValidate10k(b *testing.B) {
	dir := synthDir(b)
	asOf := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		res := validate.Run(os.DirFS(dir), validate.Options{AsOf: asOf})
		if res.Files < 10000 {
			b.Fatalf("only %d files", res.Files)
		}
	}
}
