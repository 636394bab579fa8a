package gate

import (
	"os"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/history"
	"github.com/ous-pm/pmgov/internal/validate"
)

func TestTmpProf(t *testing.T) {
	opt := validate.Options{AsOf: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
	for range 3 {
		t0 := time.Now()
		h, _ := history.Open("/tmp/synth-git")
		head := validate.Run(os.DirFS("/tmp/synth-git"), opt)
		t1 := time.Now()
		same, err := unchangedSince(h, "main", head.Repo.Sources)
		t2 := time.Now()
		bfs, _ := h.FS("main")
		base := validate.RunReusing(bfs, opt, validate.Reuse{Prev: head, Same: same})
		t3 := time.Now()
		_, err2 := h.ChangedFiles("main")
		_, err3 := h.Commits("main")
		t4 := time.Now()
		t.Log("head", t1.Sub(t0), "hashes", t2.Sub(t1), "base", t3.Sub(t2), "changed+commits", t4.Sub(t3), err, err2, err3, len(base.Diags))
		h.Close()
	}
}
