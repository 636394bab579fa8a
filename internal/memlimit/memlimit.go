// Package memlimit sets the garbage collector for a command that reads a
// repository once and exits: a collector that runs seldom, under a soft
// memory limit that grows with the repository.
//
// At Go's default (GOGC=100) the collector runs every time the heap doubles,
// and validating a large repository spends a third of its CPU time
// collecting garbage it would drop at exit anyway; GOGC=400 cuts that to a
// fraction. A soft memory limit keeps the peak in check, but a fixed one
// makes the cost grow faster than the work: under 160 MiB the collector ran
// nearly without pause on 100,000 documents, whose data alone is larger
// than that, and validating them took 28 times the CPU of 10,000. So the
// limit is sized from the work once the loader has counted the files: a
// fixed base and a budget per file that holds what a command keeps of it
// (its parse, its model, for a build its pages), with room for the garbage
// in between.
//
// The user's settings win: with GOMEMLIMIT in the environment the limit is
// the user's, and with GOGC the pacing is, so no limit is set that would
// collect sooner than it asks.
package memlimit

import (
	"runtime/debug"
	"sync"
)

// Budget is how much memory a command may use per file of the repository,
// beyond a fixed base.
type Budget struct {
	PerFile int64
}

// The budgets of the commands, measured on the synthetic repository
// (internal/synth). At 100,000 files validate's live heap is about 170 MB
// at its last collection: each file's parse tree is dropped as soon as the
// file is checked and decoded (validate.Options.Once), and what stays is
// the model, the files' text and the findings; the limit, 64 MiB +
// 8.5 KiB per file, is above what it reaches (peak RSS 0.65 GiB), so the
// collector is paced by GOGC alone, as at 10,000 files. Build's live heap
// is 450–650 MB while it renders, the model and every page's data being
// live at once; its limit, 64 MiB + 13.5 KiB per file (1.35 GiB), keeps
// the peak below 1.5 GiB (1.36–1.39 GiB measured; the heap passes a soft
// limit by what is allocated while a collection marks, and with 14 KiB
// the peak reached 1.46 GiB) and lets the collector run only a few times
// more than it would without one.
var (
	Validate = Budget{PerFile: 8704}
	Build    = Budget{PerFile: 13824}
)

const (
	gcPercent = 400
	base      = 64 << 20
)

// Tuner holds the collector's settings for one process.
type Tuner struct {
	userGC, userLimit bool
	prevPercent       int // the GOGC before Start, -2 when Start left it
	prevLimit         int64

	mu    sync.Mutex
	limit int64 // the limit set so far, 0 for none
}

// Start sets GOGC=400 unless getenv("GOGC") is set, and returns the tuner
// that sizes the limit. Until Fit is called no limit is set: before the
// walk has counted the files a command has allocated next to nothing.
func Start(getenv func(string) string) *Tuner {
	t := &Tuner{userGC: getenv("GOGC") != "", userLimit: getenv("GOMEMLIMIT") != "", prevPercent: -2}
	t.prevLimit = debug.SetMemoryLimit(-1) // -1 reads the limit
	if !t.userGC {
		t.prevPercent = debug.SetGCPercent(gcPercent)
	}
	return t
}

// Fit sizes the soft memory limit for a command with budget b over a
// repository of files files, unless the user chose the limit or the pacing.
// The limit only grows: a process that reads several repositories (the
// pull-request gate reads the base and the head; serve rebuilds) keeps the
// largest. A nil Tuner does nothing, so code run from tests need not have
// one.
func (t *Tuner) Fit(b Budget, files int) {
	if t == nil || t.userGC || t.userLimit {
		return
	}
	limit := Limit(b, files)
	t.mu.Lock()
	defer t.mu.Unlock()
	if limit > t.limit {
		t.limit = limit
		debug.SetMemoryLimit(limit)
	}
}

// Limit is the soft memory limit for budget b over files files.
func Limit(b Budget, files int) int64 {
	return base + int64(max(files, 0))*b.PerFile
}

// Reset forgets the limit Fit set, for a benchmark that repeats a
// command's work and sizes the limit each time as the command does.
func (t *Tuner) Reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.limit != 0 {
		t.limit = 0
		debug.SetMemoryLimit(t.prevLimit)
	}
}

// Restore puts back the settings Start found, for a benchmark that sets the
// collector as the command does.
func (t *Tuner) Restore() {
	if t.prevPercent != -2 {
		debug.SetGCPercent(t.prevPercent)
	}
	debug.SetMemoryLimit(t.prevLimit)
}
