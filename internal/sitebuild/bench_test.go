package sitebuild

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/memlimit"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

// BenchmarkBuild builds the site of the 10,000-document synthetic
// repository (100 centers × 100 files) into a new folder: about 18,500
// HTML pages in two languages plus the API. Validation is measured apart, as
// BenchmarkValidateAndBuild shows the whole `pmgov build`.
//
//	go test -run '^$' -bench Build -benchtime 3x -benchmem ./internal/sitebuild
func BenchmarkBuild(b *testing.B) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	res := validate.Run(synth.MapFS(synth.Spec{Centers: 100, DocsPerCenter: 99}), validate.Options{AsOf: day})
	dir := benchDir(b)
	n := 0
	var cpu time.Duration
	b.ResetTimer()
	for b.Loop() {
		// A new folder each time: a build over a previous site is
		// BenchmarkRebuild.
		n++
		out := filepath.Join(dir, "public"+strconv.Itoa(n))
		cpu0 := fixture.CPUTime()
		if err := Build(res, Options{Out: out, AsOf: day}); err != nil {
			b.Fatal(err)
		}
		// The sites are removed at the end, not here: on ext4, creating
		// files right after thousands were deleted is many times slower
		// (the allocator skips recently freed inodes), which would
		// measure the removal instead of the build.
		cpu += fixture.CPUTime() - cpu0
	}
	reportCPU(b, cpu)
}

// reportCPU reports the CPU time (user and system) per operation: on a
// shared machine the wall time says more about the neighbours than about
// the build.
func reportCPU(b *testing.B, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkRebuild builds the same site over its previous build, as a
// second `pmgov build` or `pmgov serve` after an edit does: the unchanged
// files are reused and the previous site removed.
//
//	go test -run '^$' -bench Rebuild -benchtime 3x ./internal/sitebuild
func BenchmarkRebuild(b *testing.B) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	res := validate.Run(synth.MapFS(synth.Spec{Centers: 100, DocsPerCenter: 99}), validate.Options{AsOf: day})
	out := filepath.Join(benchDir(b), "public")
	if err := Build(res, Options{Out: out, AsOf: day}); err != nil {
		b.Fatal(err)
	}
	cpu0 := fixture.CPUTime()
	b.ResetTimer()
	for b.Loop() {
		if err := Build(res, Options{Out: out, AsOf: day}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, fixture.CPUTime()-cpu0)
}

// BenchmarkValidateAndBuild is the whole of `pmgov build` on the same
// repository: load, validate, generate, write.
func BenchmarkValidateAndBuild(b *testing.B) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	fsys := synth.MapFS(synth.Spec{Centers: 100, DocsPerCenter: 99})
	out := filepath.Join(benchDir(b), "public")
	cpu0 := fixture.CPUTime()
	b.ResetTimer()
	for b.Loop() {
		res := validate.Run(fsys, validate.Options{AsOf: day})
		if err := Build(res, Options{Out: out, AsOf: day}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, fixture.CPUTime()-cpu0)
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

// BenchmarkBuildCommand10k is the whole of `pmgov build` as the command runs
// it on the synthetic repository read from disk: load, validate, forecast,
// generate and write, under the command's collector settings
// (internal/memlimit).
// cpu-ns/doc is the CPU time per document; compare it with
// BenchmarkBuildCommand100k's in one run:
//
//	PMGOV_BENCH_100K=1 go test -run '^$' -bench 'BuildCommand' -benchtime 2x ./internal/sitebuild
func BenchmarkBuildCommand10k(b *testing.B) { benchBuildCommand(b, 100) }

// BenchmarkBuildCommand100k is BenchmarkBuildCommand10k on 100,014
// documents (about 185,000 pages), only with PMGOV_BENCH_100K=1. Its
// cpu-ns/doc over the 10k's is how much more each document costs in a
// repository ten times the size, start-up left out and the process warm
// (1.1 to 1.2 on a 2-core machine); the command as a user runs it is
// BenchmarkCommandBuild in cmd/pmgov.
func BenchmarkBuildCommand100k(b *testing.B) {
	if os.Getenv("PMGOV_BENCH_100K") == "" {
		b.Skip("set PMGOV_BENCH_100K=1 to build the site of 100,000 documents")
	}
	benchBuildCommand(b, 1000)
}

func benchBuildCommand(b *testing.B, centers int) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	dir := benchDir(b)
	repo := filepath.Join(dir, "repo")
	if err := synth.Write(repo, synth.Spec{Centers: centers, DocsPerCenter: 99}); err != nil {
		b.Fatal(err)
	}
	gc := memlimit.Start(os.Getenv)
	defer gc.Restore()
	var cpu time.Duration
	n, docs := 0, 0
	for b.Loop() {
		b.StopTimer()
		// Each build writes a new folder, as a first `pmgov build` does,
		// and the last one's is removed first: a tmpfs holds its files in
		// memory, and on a virtual machine memory the guest has not used
		// before costs more to write to than memory it has used.
		if n > 0 {
			if err := os.RemoveAll(filepath.Join(dir, "public"+strconv.Itoa(n))); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		gc.Reset()
		n++
		out := filepath.Join(dir, "public"+strconv.Itoa(n))
		b.StartTimer()
		cpu0 := fixture.CPUTime()
		// As the command does: each tree dropped once its document is
		// checked and decoded, then the forecast.
		res := validate.Run(load.Dir(repo), validate.Options{AsOf: day, Once: true, Walked: func(n int) { gc.Fit(memlimit.Build, n) }})
		docs = res.Files
		f := forecast.Judge(res, forecast.Options{AsOf: day})
		if err := Build(res, Options{Out: out, AsOf: day, Forecast: f}); err != nil {
			b.Fatal(err)
		}
		cpu += fixture.CPUTime() - cpu0
	}
	reportCPU(b, cpu)
	if cpu > 0 && docs > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(docs), "cpu-ns/doc")
	}
}
