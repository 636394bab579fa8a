package gate

import (
	"os"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/validate"
)

func TestTmpProf(t *testing.T) {
	opt := validate.Options{AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	h, _ := history.Open("/tmp/synth-git")
	head := validate.Run(os.DirFS("/tmp/synth-git"), opt)
	f, _ := os.Create("/tmp/perf-base.out")
	pprof.StartCPUProfile(f)
	for range 5 {
		t1 := time.Now()
		same, err := unchangedSince(h, "main", head.Repo.Sources)
		t2 := time.Now()
		bfs, _ := h.FS("main")
		base := validate.RunReusing(bfs, opt, validate.Reuse{Prev: head, Same: same})
		t3 := time.Now()
		t.Log("hashes", t2.Sub(t1), "base", t3.Sub(t2), err, len(base.Diags))
	}
	pprof.StopCPUProfile()
	h.Close()
}
