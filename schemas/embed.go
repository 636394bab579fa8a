// Package schemas holds the JSON Schema (draft 2020-12) of every kind of
// governance file. The same files serve editors (see .vscode/settings.json),
// `pmgov schema KIND` and the validator, so what an editor underlines and what
// the gate refuses never differ.
package schemas

import "embed"

// FS holds every schema as <kind>.schema.json.
//
//go:embed *.schema.json
var FS embed.FS

// Get returns the schema of kind (e.g. "center") as JSON, and false when the
// kind has no schema.
func Get(kind string) ([]byte, bool) {
	b, err := FS.ReadFile(kind + ".schema.json")
	if err != nil {
		return nil, false
	}
	return b, true
}
