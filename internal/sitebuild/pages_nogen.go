//go:build pagegen

package sitebuild

// generatedRenderers are none while pages_gen.go is being generated
// (go generate builds the package without it, so that a stale pages_gen.go
// that no longer compiles can be generated again).
var generatedRenderers = map[string]*pageRenderer{}
