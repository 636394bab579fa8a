package forecast

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
)

// TestJudgeAllHoldsAFewDays hands 200 days through judgeAll: each comes to
// each once, in the order of the days, with its own findings, and no more
// than twice as many days as there are cores are judged and not yet handed
// on at any moment, however slowly each takes them.
func TestJudgeAllHoldsAFewDays(t *testing.T) {
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	days := make([]time.Time, 200)
	for i := range days {
		days[i] = start.AddDate(0, 0, i)
	}
	var mu sync.Mutex
	held, most := 0, 0
	judge := func(day time.Time) []diag.Diagnostic {
		mu.Lock()
		held++
		most = max(most, held)
		mu.Unlock()
		return []diag.Diagnostic{{Rule: day.Format(time.DateOnly)}}
	}
	n := 0
	judgeAll(days, judge, func(day time.Time, ds []diag.Diagnostic) {
		if !day.Equal(days[n]) || len(ds) != 1 || ds[0].Rule != day.Format(time.DateOnly) {
			t.Fatalf("hand-over %d: day %s with %v, want %s and its own findings", n, day.Format(time.DateOnly), ds, days[n].Format(time.DateOnly))
		}
		n++
		time.Sleep(time.Millisecond) // a slow consumer
		mu.Lock()
		held--
		mu.Unlock()
	})
	if n != len(days) {
		t.Fatalf("%d days handed on, want %d", n, len(days))
	}
	if limit := 2*runtime.GOMAXPROCS(0) + 1; most > limit {
		t.Errorf("%d days were held at once, want at most %d", most, limit)
	}
	judgeAll(nil, judge, func(time.Time, []diag.Diagnostic) { t.Error("a day handed on from no days") })
}
