package schema

import (
	"runtime"
	"testing"

	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/synth"
)

// TestSyntheticRepositoryPasses checks that the benchmark repository, valid
// under the data model, passes the schemas too.
func TestSyntheticRepositoryPasses(t *testing.T) {
	res := load.Load(synth.MapFS(synth.Spec{Centers: 3, DocsPerCenter: 12}))
	if len(res.Diags) > 0 {
		t.Fatalf("loader: %v", res.Diags[0])
	}
	for _, d := range res.Docs {
		if ds := Validate(d); len(ds) > 0 {
			t.Errorf("%s:\n%s", d.Path, lines(ds))
		}
	}
}

// BenchmarkValidateSynthetic validates every document of a 10,000-document
// synthetic repository (100 centers × 100 documents) on all cores, as the
// validate command does.
func BenchmarkValidateSynthetic(b *testing.B) {
	res := load.Load(synth.MapFS(synth.Spec{Centers: 100, DocsPerCenter: 99}))
	for b.Loop() {
		work := make(chan int)
		done := make(chan struct{})
		for range runtime.GOMAXPROCS(0) {
			go func() {
				for i := range work {
					if ds := Validate(res.Docs[i]); len(ds) > 0 {
						b.Error(lines(ds))
					}
				}
				done <- struct{}{}
			}()
		}
		for i := range res.Docs {
			work <- i
		}
		close(work)
		for range runtime.GOMAXPROCS(0) {
			<-done
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(res.Docs)), "ns/doc")
}
