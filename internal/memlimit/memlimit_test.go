package memlimit

import (
	"runtime/debug"
	"testing"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestLimitGrowsWithTheFiles(t *testing.T) {
	if got, want := Limit(Validate, 0), int64(64<<20); got != want {
		t.Errorf("Limit(0) = %d, want the base %d", got, want)
	}
	// The budgets behind the figures in the package comment: below 1 GiB
	// for validate and 1.5 GiB for build at 100,014 files, and far above
	// what 10,014 files need (about 100 and 200 MB at peak).
	if l := Limit(Validate, 100_014); l >= 1<<30 || l < 850<<20 {
		t.Errorf("validate at 100k: %d MiB", l>>20)
	}
	if l := Limit(Build, 100_014); l >= 3<<29 || l < 1200<<20 {
		t.Errorf("build at 100k: %d MiB", l>>20)
	}
	if Limit(Build, 10_014) <= Limit(Validate, 10_014) || Limit(Validate, -1) != Limit(Validate, 0) {
		t.Error("the budgets are out of order")
	}
}

func TestFit(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	read := func() (int, int64) {
		pct := debug.SetGCPercent(-1)
		debug.SetGCPercent(pct)
		return pct, debug.SetMemoryLimit(-1)
	}
	_, none := read()

	tu := Start(env(nil))
	if pct, lim := read(); pct != gcPercent || lim != none {
		t.Errorf("after Start: GOGC %d, limit %d; want %d and no limit yet", pct, lim, gcPercent)
	}
	tu.Fit(Validate, 100_000)
	if _, lim := read(); lim != Limit(Validate, 100_000) {
		t.Errorf("limit %d, want %d", lim, Limit(Validate, 100_000))
	}
	tu.Fit(Validate, 10) // the gate's second, smaller repository
	if _, lim := read(); lim != Limit(Validate, 100_000) {
		t.Errorf("a smaller repository lowered the limit to %d", lim)
	}
	tu.Reset()
	if _, lim := read(); lim != none {
		t.Errorf("after Reset: limit %d", lim)
	}
	tu.Restore()
	if pct, _ := read(); pct != 100 {
		t.Errorf("after Restore: GOGC %d, want 100", pct)
	}

	// The user's settings win.
	for _, vars := range []map[string]string{{"GOMEMLIMIT": "2GiB"}, {"GOGC": "100"}, {"GOGC": "off"}} {
		debug.SetGCPercent(100)
		tu := Start(env(vars))
		tu.Fit(Build, 100_000)
		pct, lim := read()
		if lim != none {
			t.Errorf("%v: limit set to %d", vars, lim)
		}
		if _, userGC := vars["GOGC"]; userGC && pct != 100 || !userGC && pct != gcPercent {
			t.Errorf("%v: GOGC %d", vars, pct)
		}
		tu.Restore()
	}

	var nilTuner *Tuner
	nilTuner.Fit(Build, 100_000) // run() from tests has none
}
