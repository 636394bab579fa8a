// Package lsp is pmgov's Language Server: an editor that speaks the
// Language Server Protocol (VS Code through editors/vscode) gets, for the
// governance repository holding the file it opened, every finding of every
// stage (syntax, schema, references, the mandate's rules) from the unsaved
// text as the author types, the schema's Norwegian help on hover, completion
// of field names, allowed values and ids, fixes for the findings whose fix
// is certain, and go to definition from an id to where it is defined.
//
// The protocol's types and dispatch are github.com/tliron/glsp's, the
// JSON-RPC framing github.com/sourcegraph/jsonrpc2's; this package holds
// only what pmgov knows.
package lsp
