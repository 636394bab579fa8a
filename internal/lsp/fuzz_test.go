package lsp

import (
	"testing"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// FuzzLocate feeds any text and cursor to what hover, completion and the
// fixes read a document with: none may panic, whatever the author typed.
func FuzzLocate(f *testing.F) {
	f.Add([]byte(reportWithMistake), 7, 50, true)
	f.Add([]byte("people:\n  - {id: a, name: «Å» 🙂, unit: [x, {y: 'z''"), 2, 30, false)
	f.Add([]byte("a:\n- - b: \"c\\\"d\"\n  e: # f"), 2, 4, false)
	f.Fuzz(func(t *testing.T, src []byte, line, units int, markdown bool) {
		tx := newText(src)
		p := protocol.Position{Line: uint32(max(line, 0) % 64), Character: uint32(max(units, 0) % 256)}
		l, c := tx.lineCol(p)
		_ = tx.tokenRange(l, c)
		_ = tx.position(l, c)
		off := offsetOfUnits(tx.line(l), int(p.Character))
		if sp, ok := locate(tx, markdown, l, off); ok {
			if sp.Start < 0 || sp.End > len(sp.Text) || sp.Start > sp.End {
				t.Fatalf("word %d–%d outside the line of %d bytes", sp.Start, sp.End, len(sp.Text))
			}
			_, _ = fieldAt("report", sp.Path)
		}
		_ = applyEdit(string(src), protocol.TextDocumentContentChangeEvent{Range: &protocol.Range{Start: p, End: protocol.Position{Line: p.Line + 1}}, Text: "x"})
	})
}
