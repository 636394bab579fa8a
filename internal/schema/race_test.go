//go:build race

package schema

// race reports whether the race detector is on: the differential test then
// mutates fewer documents, as it runs on one goroutine and would only be
// ten times slower.
const race = true
