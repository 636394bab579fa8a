package sitebuild

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

// BenchmarkBuild builds the site of the 10,000-document synthetic
// repository (100 centers × 100 files): about 20,000 HTML pages in two
// languages plus the API. Validation is measured apart, as
// BenchmarkValidateAndBuild shows the whole `pmgov build`.
//
//	go test -run '^$' -bench Build -benchtime 3x -benchmem ./internal/sitebuild
func BenchmarkBuild(b *testing.B) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	res := validate.Run(synth.MapFS(synth.Spec{Centers: 100, DocsPerCenter: 99}), validate.Options{AsOf: day})
	out := filepath.Join(benchDir(b), "public")
	b.ResetTimer()
	for b.Loop() {
		if err := Build(res, Options{Out: out, AsOf: day}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidateAndBuild is the whole of `pmgov build` on the same
// repository: load, validate, generate, write.
func BenchmarkValidateAndBuild(b *testing.B) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	fsys := synth.MapFS(synth.Spec{Centers: 100, DocsPerCenter: 99})
	out := filepath.Join(benchDir(b), "public")
	b.ResetTimer()
	for b.Loop() {
		res := validate.Run(fsys, validate.Options{AsOf: day})
		if err := Build(res, Options{Out: out, AsOf: day}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchDir is where the benchmark writes: $PMGOV_BENCH_DIR (for example a
// tmpfs, to measure the generator rather than the disk), else a temporary
// folder.
func benchDir(b *testing.B) string {
	if d := os.Getenv("PMGOV_BENCH_DIR"); d != "" {
		dir, err := os.MkdirTemp(d, "bench-")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	return b.TempDir()
}
