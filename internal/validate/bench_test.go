package validate_test

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/schema"
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
// ≤ 1.3 s and ≤ 200 MB peak RSS.
func BenchmarkValidate10k(b *testing.B) {
	dir := synthDir(b)
	asOf := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	defer cliGC()()
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		res := validate.Run(os.DirFS(dir), validate.Options{AsOf: asOf})
		if res.Files < 10000 {
			b.Fatalf("only %d files", res.Files)
		}
	}
	reportCPU(b, cpu0)
}

// cliGC sets the garbage collector as cmd/pmgov does (GOGC=400 under a
// 160 MiB soft limit), so that the benchmarks measure what users run, and
// returns a function that restores the settings.
func cliGC() func() {
	pct := debug.SetGCPercent(400)
	lim := debug.SetMemoryLimit(160 << 20)
	return func() {
		debug.SetGCPercent(pct)
		debug.SetMemoryLimit(lim)
	}
}

// reportCPU reports the CPU time (user and system) per operation since
// cpu0: on a shared machine it says more about the code than wall time.
func reportCPU(b *testing.B, cpu0 time.Duration) {
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkSchemaOnly10k is JSON Schema checking alone of the same 10,010
// documents, already parsed, on all cores, as schema.Validate does it (the
// pre-check, then the library for what it cannot vouch for). Run both in
// one go and compare: on a shared machine their ratio means more than
// either time.
func BenchmarkSchemaOnly10k(b *testing.B) {
	lr := load.Load(os.DirFS(synthDir(b)))
	if len(lr.Docs) < 10000 {
		b.Fatalf("only %d documents", len(lr.Docs))
	}
	defer cliGC()()
	b.ReportAllocs()
	cpu0 := cpuTime()
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
	reportCPU(b, cpu0)
}
