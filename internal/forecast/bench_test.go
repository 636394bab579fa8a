package forecast_test

import (
	"os"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/forecast"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/memlimit"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

// BenchmarkForecast10k is the forecast alone, as build runs it, of the
// 10,014-document synthetic repository validated once outside the timer:
// every day worth judging up to the horizon, judged with the same rules.
// cpu-ns/doc is the CPU time per document (the collector's included);
// compare it with BenchmarkForecast100k's in one run:
//
//	PMGOV_BENCH_100K=1 go test -run '^$' -bench Forecast -benchtime 3x ./internal/forecast
func BenchmarkForecast10k(b *testing.B) { benchForecast(b, 100) }

// BenchmarkForecast100k is BenchmarkForecast10k on 100,014 documents, only
// with PMGOV_BENCH_100K=1.
func BenchmarkForecast100k(b *testing.B) {
	if os.Getenv("PMGOV_BENCH_100K") == "" {
		b.Skip("set PMGOV_BENCH_100K=1 to forecast 100,000 documents")
	}
	benchForecast(b, 1000)
}

func benchForecast(b *testing.B, centers int) {
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	gc := memlimit.Start(os.Getenv)
	defer gc.Restore()
	// Read from files, as the command does: an in-memory copy of the
	// repository would be more for the collector to trace.
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Spec{Centers: centers, DocsPerCenter: 99}); err != nil {
		b.Fatal(err)
	}
	res := validate.Run(load.Dir(dir), validate.Options{AsOf: day, Once: true, Walked: func(n int) { gc.Fit(memlimit.Build, n) }})
	var cpu time.Duration
	found := 0
	for b.Loop() {
		cpu0 := fixture.CPUTime()
		f := forecast.Judge(res, forecast.Options{AsOf: day})
		cpu += fixture.CPUTime() - cpu0
		found = len(f.Findings)
	}
	if found == 0 {
		b.Fatal("the forecast found nothing coming")
	}
	b.ReportMetric(float64(found), "findings")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(res.Files), "cpu-ns/doc")
	}
}
