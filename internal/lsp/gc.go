package lsp

// GCPercent and MemoryLimit are the collector's settings for a long-running server: a repository of
// 10,000 documents is held in memory between changes, and each change
// makes a new model of it. GOGC=200 under a 400 MiB soft limit keeps the
// collector out of most changes without letting the heap grow unbounded.
const (
	GCPercent   = 200
	MemoryLimit = 400 << 20
)
