package lsp

import (
	"bytes"
	"os"
	"runtime/debug"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/synth"
	"github.com/ous-pm/pmgov/internal/validate"
)

var (
	benchOnce sync.Once
	benchDir  string
	benchErr  error
)

// synthDir writes the 10,000-document synthetic repository once per run.
func synthDir(b *testing.B) string {
	benchOnce.Do(func() {
		benchDir, benchErr = os.MkdirTemp("", "pmgov-lsp-bench-")
		if benchErr == nil {
			benchErr = synth.Write(benchDir, synth.Spec{Centers: 100, DocsPerCenter: 99})
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

var benchAsOf = time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)

// BenchmarkChange10k is what the server does for a one-line change of an
// open report in the 10,000-document synthetic repository: the judging of
// the whole repository, reusing every other file's parse and schema
// findings, and the per-file comparison that decides what to publish. Run it
// with BenchmarkFullValidate10k (a fresh validate.Run of the same folder) and
// compare: on a shared machine the ratio means more than either time.
func BenchmarkChange10k(b *testing.B) {
	dir := synthDir(b)
	defer serverGC()()
	const p = "centers/c042/reports/2025-T2.md"
	src, err := os.ReadFile(dir + "/" + p)
	if err != nil {
		b.Fatal(err)
	}
	edits := [][]byte{
		bytes.Replace(src, []byte("status: in-progress"), []byte("status: in-progres"), 1),
		src,
	}
	if bytes.Equal(edits[0], src) {
		b.Fatalf("%s has no «status: in-progress» to edit", p)
	}
	w := NewWorkspace(dir, load.Dir(dir), validate.Options{AsOf: benchAsOf})
	w.Set(p, src)
	w.Judge()
	var times []time.Duration
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		w.Set(p, edits[i%2])
		changed := w.Judge()
		times = append(times, time.Since(t0))
		if _, ok := changed[p]; !ok {
			b.Fatalf("the edited file was not republished")
		}
		i++
	}
	reportMedian(b, times)
}

// BenchmarkFullValidate10k is validate.Run on the same folder: the reference.
func BenchmarkFullValidate10k(b *testing.B) {
	dir := synthDir(b)
	defer serverGC()()
	var times []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		res := validate.Run(load.Dir(dir), validate.Options{AsOf: benchAsOf})
		times = append(times, time.Since(t0))
		if res.Files < 10000 {
			b.Fatalf("only %d files", res.Files)
		}
	}
	reportMedian(b, times)
}

func reportMedian(b *testing.B, times []time.Duration) {
	if len(times) == 0 {
		return
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
}

// serverGC sets the collector as `pmgov lsp` does and returns a function
// that restores the settings.
func serverGC() func() {
	pct := debug.SetGCPercent(GCPercent)
	lim := debug.SetMemoryLimit(MemoryLimit)
	return func() {
		debug.SetGCPercent(pct)
		debug.SetMemoryLimit(lim)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}
