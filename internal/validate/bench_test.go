package validate_test

import (
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/memlimit"
	"github.com/ous-pm/pmgov/internal/schema"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

var (
	benchMu   sync.Mutex
	benchDirs = map[int]string{}
)

// TestMain removes the synthetic repositories the benchmarks wrote: at
// 100,000 documents one is 390 MB, and on a tmpfs it stays in memory.
func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range benchDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// synthDir writes the synthetic repository of the given number of centers
// (100 files each: 100 centers make 10,014 files) once per run.
func synthDir(b *testing.B, centers int) string {
	benchMu.Lock()
	defer benchMu.Unlock()
	if dir, ok := benchDirs[centers]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", "pmgov-bench-")
	if err != nil {
		b.Fatal(err)
	}
	if err := synth.Write(dir, synth.Spec{Centers: centers, DocsPerCenter: 99}); err != nil {
		b.Fatal(err)
	}
	benchDirs[centers] = dir
	return dir
}

// BenchmarkValidate10k is `pmgov validate` on 10,014 documents read from
// disk: load, schema, model and every rule, under the command's collector
// settings. Target on a 2-core machine: ≤ 1.3 s and ≤ 200 MB peak RSS.
// cpu-ns/doc is the CPU time per document; compare it with
// BenchmarkValidate100k's in one run:
//
//	PMGOV_BENCH_100K=1 go test -run '^$' -bench 'Validate10' -benchtime 3x ./internal/validate
func BenchmarkValidate10k(b *testing.B) { benchValidate(b, 100) }

// BenchmarkValidate100k is BenchmarkValidate10k on 100,014 documents. It
// writes 100,000 files and takes a minute, so it runs only with
// PMGOV_BENCH_100K=1. Its cpu-ns/doc over the 10k's is how much more each
// document costs in a repository ten times the size, start-up left out and
// the process warm: 1.1 to 1.15 on a 2-core machine, the excess (in CPU
// profiles) in the collector's marking, lookups in larger maps and page
// faults, which all reach more memory. The command as a user runs it is
// BenchmarkCommandValidate in cmd/pmgov.
func BenchmarkValidate100k(b *testing.B) {
	if os.Getenv("PMGOV_BENCH_100K") == "" {
		b.Skip("set PMGOV_BENCH_100K=1 to validate 100,000 documents")
	}
	benchValidate(b, 1000)
}

func benchValidate(b *testing.B, centers int) {
	dir := synthDir(b, centers)
	asOf := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	gc := memlimit.Start(os.Getenv)
	defer gc.Restore()
	b.ReportAllocs()
	var cpu time.Duration
	docs := 0
	for b.Loop() {
		// Each run starts from a collected heap, as a command does, and
		// sizes the limit as the command does.
		b.StopTimer()
		runtime.GC()
		gc.Reset()
		b.StartTimer()
		cpu0 := fixture.CPUTime()
		res := validate.Run(load.Dir(dir), validate.Options{AsOf: asOf, Once: true, Walked: func(n int) { gc.Fit(memlimit.Validate, n) }})
		cpu += fixture.CPUTime() - cpu0
		if res.Files < centers*100 {
			b.Fatalf("only %d files", res.Files)
		}
		docs = res.Files
	}
	reportCPU(b, cpu, docs)
}

// reportCPU reports the CPU time (user and system) per operation and per
// document: on a shared machine it says more about the code than wall time.
func reportCPU(b *testing.B, cpu time.Duration, docs int) {
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
		if docs > 0 {
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(docs), "cpu-ns/doc")
		}
	}
}

// BenchmarkSchemaOnly10k is JSON Schema checking alone of the same 10,010
// documents, already parsed, on all cores, as schema.Validate does it (the
// pre-check, then the library for what it cannot vouch for). Run both in
// one go and compare: on a shared machine their ratio means more than
// either time.
func BenchmarkSchemaOnly10k(b *testing.B) {
	lr := load.Load(os.DirFS(synthDir(b, 100)))
	if len(lr.Docs) < 10000 {
		b.Fatalf("only %d documents", len(lr.Docs))
	}
	gc := memlimit.Start(os.Getenv)
	defer gc.Restore()
	gc.Fit(memlimit.Validate, len(lr.Docs))
	b.ReportAllocs()
	cpu0 := fixture.CPUTime()
	for b.Loop() {
		var wg sync.WaitGroup
		next := make(chan *doc.Document)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for d := range next {
					if ds := schema.Validate(d); len(ds) > 0 {
						b.Errorf("%s: %v", d.Path, ds)
					}
				}
			})
		}
		for _, d := range lr.Docs {
			next <- d
		}
		close(next)
		wg.Wait()
	}
	reportCPU(b, fixture.CPUTime()-cpu0, len(lr.Docs))
}
