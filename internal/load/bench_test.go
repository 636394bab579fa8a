package load

import (
	"os"
	"testing"

	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/synth"
)

// writeSynthetic writes the synthetic repository the other benchmarks use
// (internal/synth) into dir and returns the number of data files.
func writeSynthetic(tb testing.TB, dir string, centers, docsPerCenter int) int {
	tb.Helper()
	spec := synth.Spec{Centers: centers, DocsPerCenter: docsPerCenter}
	if err := synth.Write(dir, spec); err != nil {
		tb.Fatal(err)
	}
	return len(synth.Files(spec))
}

// BenchmarkLoad loads a synthetic repository of about 10,000 documents (100
// centers × 100) from disk.
func BenchmarkLoad(b *testing.B) {
	dir := b.TempDir()
	files := writeSynthetic(b, dir, 100, 99)
	fsys := os.DirFS(dir)
	b.ReportAllocs()
	cpu0 := fixture.CPUTime()
	for b.Loop() {
		res := Load(fsys)
		if len(res.Diags) != 0 || len(res.Docs) != files {
			b.Fatalf("%d documents of %d, %d diagnostics: %s", len(res.Docs), files, len(res.Diags), describeDiags(res.Diags[:min(3, len(res.Diags))]))
		}
	}
	b.ReportMetric(float64(files), "docs/op")
	if cpu := fixture.CPUTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// TestSyntheticRepositoryLoads keeps the benchmark's generator honest: what
// it writes loads without a diagnostic.
func TestSyntheticRepositoryLoads(t *testing.T) {
	dir := t.TempDir()
	files := writeSynthetic(t, dir, 3, 20)
	res := Load(os.DirFS(dir))
	if len(res.Diags) != 0 || len(res.Docs) != files || res.Files != files {
		t.Fatalf("%d documents, %d files of %d, diagnostics:\n%s", len(res.Docs), res.Files, files, describeDiags(res.Diags))
	}
}
