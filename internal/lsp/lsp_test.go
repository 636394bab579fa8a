package lsp

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/ous-pm/pmgov/internal/fixture"
)

// client is an editor's end of the pipe: it sends what VS Code sends and
// keeps the diagnostics the server last published for each file.
type client struct {
	t    *testing.T
	conn *jsonrpc2.Conn
	root string
	done chan error

	mu    sync.Mutex
	diags map[string][]shown
	times map[string]int // how often each file was published
}

func (c *client) Handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Method != protocol.ServerTextDocumentPublishDiagnostics || req.Params == nil {
		return
	}
	// glsp's IntegerOrString cannot be decoded (its UnmarshalJSON has a
	// value receiver), so the client reads the code as VS Code does: as JSON.
	var p struct {
		URI         string  `json:"uri"`
		Diagnostics []shown `json:"diagnostics"`
	}
	if err := json.Unmarshal(*req.Params, &p); err != nil {
		c.t.Errorf("publishDiagnostics: %v", err)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.diags[p.URI] = p.Diagnostics
	c.times[p.URI]++
}

func startClient(t *testing.T, root string, opt Options) *client {
	t.Helper()
	srv, cli := net.Pipe()
	c := &client{t: t, root: root, done: make(chan error, 1), diags: map[string][]shown{}, times: map[string]int{}}
	go func() { c.done <- Serve(context.Background(), srv, opt) }()
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(cli, jsonrpc2.VSCodeObjectCodec{}), c)
	t.Cleanup(func() { c.conn.Close() })
	return c
}

func (c *client) uri(p string) string {
	return (&Workspace{Root: c.root}).uriOf(p)
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// published is what the editor shows for p, once every message sent so far
// has been answered: the server handles messages in order, and the reply
// to a request comes after the notifications of the messages before it.
// shown is a diagnostic as the editor receives it.
type shown struct {
	Range    protocol.Range `json:"range"`
	Severity int            `json:"severity"`
	Code     string         `json:"code"`
	Source   string         `json:"source"`
	Message  string         `json:"message"`
}

func (c *client) published(p string) []shown {
	c.t.Helper()
	var ignored any
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = c.conn.Call(ctx, "pmgov/barrier", nil, &ignored) // method not found, in order
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.diags[c.uri(p)]
}

func find(ds []shown, code, substr string) (shown, bool) {
	for _, d := range ds {
		if d.Code == code && strings.Contains(d.Message, substr) {
			return d, true
		}
	}
	return shown{}, false
}

const reportPath = "centers/kre/reports/2025-T1.md"

// The report as a clinician types it: a comment with a Norwegian letter
// and an emoji before a misspelt status, so that the column is wrong in
// both bytes and characters unless it is counted in UTF-16 units.
const reportWithMistake = `---
period: 2025-T1
submitted: 2025-05-20
author: kari.nordmann
action_plan: 2025
actions:
  - {action: KRE-2025-01, comment: "Gått bra 🙂", status: in-progres}
  - {action: KRE-2025-02, status: planned}
  - {action: KRE-2025-03, status: in-progress}
  - {action: KRE-2025-04, status: planned}
  - {action: KRE-2025-05, status: planned}
effort:
  unit: percent
  allocation:
    - {group: lung-cancer, share: 55, rationale: Flest pasienter.}
    - {group: breast-cancer, share: 45, rationale: Nytt panel.}
---
Status.
`

// TestEditorSession drives the server over a pipe as VS Code does and
// checks what the author sees at each step.
func TestEditorSession(t *testing.T) {
	root := t.TempDir()
	if err := fixture.Write(root); err != nil {
		t.Fatal(err)
	}
	c := startClient(t, root, Options{AsOf: fixture.BaseAsOf})

	var init protocol.InitializeResult
	c.call(protocol.MethodInitialize, protocol.InitializeParams{
		RootURI: ptr(c.uri("")), Locale: ptr("nb-no"),
		Capabilities: protocol.ClientCapabilities{},
	}, &init)
	if init.ServerInfo == nil || init.ServerInfo.Name != "pmgov" {
		t.Errorf("initialize: server info %+v", init.ServerInfo)
	}
	c.notify(protocol.MethodInitialized, protocol.InitializedParams{})

	// didOpen: the misspelt status is underlined, in Norwegian, exactly.
	c.notify(protocol.MethodTextDocumentDidOpen, protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: c.uri(reportPath), LanguageID: "markdown", Version: 1, Text: reportWithMistake,
	}})
	ds := c.published(reportPath)
	d, ok := find(ds, "schema", "in-progres")
	if !ok {
		t.Fatalf("no schema finding for «in-progres»: %+v", ds)
	}
	line := strings.Split(reportWithMistake, "\n")[6]
	byteCol := strings.Index(line, "in-progres}")
	wantStart := utf16Units(line[:byteCol])
	if d.Range.Start.Line != 6 || int(d.Range.Start.Character) != wantStart || int(d.Range.End.Character) != wantStart+len("in-progres") {
		t.Errorf("range = %+v, want line 6, characters %d–%d (UTF-16)", d.Range, wantStart, wantStart+len("in-progres"))
	}
	if wantStart == byteCol || wantStart == len([]rune(line[:byteCol])) {
		t.Fatalf("the test line does not tell UTF-16 from bytes or characters")
	}
	if !strings.Contains(d.Message, "Mente du «in-progress»?") || d.Severity != int(protocol.DiagnosticSeverityError) || d.Source != "pmgov" {
		t.Errorf("diagnostic = %q (severity %v), want the Norwegian hint «Mente du «in-progress»?»", d.Message, d.Severity)
	}

	// codeAction: the hint's fix, as an edit of exactly the value.
	var actions []protocol.CodeAction
	c.call(protocol.MethodTextDocumentCodeAction, protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(reportPath)},
		Range:        d.Range, Context: protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{{Range: d.Range, Message: d.Message}}},
	}, &actions)
	if len(actions) != 1 || actions[0].Edit == nil {
		t.Fatalf("code actions = %+v, want one edit", actions)
	}
	edits := actions[0].Edit.Changes[c.uri(reportPath)]
	if len(edits) != 1 || edits[0].NewText != "in-progress" || edits[0].Range != d.Range {
		t.Errorf("edit = %+v, want «in-progress» over %+v", edits, d.Range)
	}

	// didChange with the fix: the finding goes away.
	fixed := strings.Replace(reportWithMistake, "in-progres}", "in-progress}", 1)
	c.notify(protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: c.uri(reportPath)}, Version: 2},
		ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: fixed}},
	})
	if ds := c.published(reportPath); len(ds) != 0 {
		t.Errorf("after the fix the report still shows %+v", ds)
	}

	// A mandate rule from the unsaved text: shares that do not add up.
	uneven := strings.Replace(fixed, "share: 45", "share: 40", 1)
	c.notify(protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: c.uri(reportPath)}, Version: 3},
		ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: uneven}},
	})
	ds = c.published(reportPath)
	if len(ds) == 0 {
		t.Fatal("shares of 95 % gave no finding")
	}
	rule := ds[0].Code

	// hover on the finding: the rule, the mandate's words, the example.
	var h protocol.Hover
	c.call(protocol.MethodTextDocumentHover, protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(reportPath)}, Position: ds[0].Range.Start,
	}}, &h)
	hover := markupValue(t, h)
	if !strings.Contains(hover, "["+rule+"]") || !strings.Contains(hover, "Mandatet, punkt") || !strings.Contains(hover, "pmgov explain "+rule) {
		t.Errorf("hover on the %s finding lacks the rule, the clause or explain:\n%s", rule, hover)
	}

	// hover on a key: the schema's Norwegian description.
	c.call(protocol.MethodTextDocumentHover, protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(reportPath)}, Position: protocol.Position{Line: 2, Character: 3},
	}}, &h)
	if v := markupValue(t, h); !strings.Contains(v, "Datoen rapporten ble levert til PM-utvalget") {
		t.Errorf("hover on «submitted» = %q, want the schema's description", v)
	}

	// completion of a disease group: the center's groups, with their names.
	var items []protocol.CompletionItem
	c.call(protocol.MethodTextDocumentCompletion, protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(reportPath)}, Position: protocol.Position{Line: 14, Character: uint32(len("    - {group: lu"))},
	}}, &items)
	if it, ok := item(items, "lung-cancer"); !ok || it.Detail == nil || *it.Detail != "Lungekreft" {
		t.Errorf("completion of group: %+v, want lung-cancer (Lungekreft)", labels(items))
	} else if te, ok := it.TextEdit.(protocol.TextEdit); !ok || te.NewText != "lung-cancer" || te.Range.Start.Character != uint32(len("    - {group: ")) {
		t.Errorf("completion edit = %+v", it.TextEdit)
	}
	// completion of a status: the allowed values.
	c.call(protocol.MethodTextDocumentCompletion, protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(reportPath)}, Position: protocol.Position{Line: 7, Character: uint32(len("  - {action: KRE-2025-02, status: "))},
	}}, &items)
	if _, ok := item(items, "delayed"); !ok {
		t.Errorf("completion of status: %v, want the enum", labels(items))
	}
	// completion of a field name on a new line of the front matter.
	withLine := strings.Replace(uneven, "action_plan: 2025\n", "ac\n", 1)
	c.notify(protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: c.uri(reportPath)}, Version: 4},
		ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: withLine}},
	})
	c.call(protocol.MethodTextDocumentCompletion, protocol.CompletionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(reportPath)}, Position: protocol.Position{Line: 4, Character: 2},
	}}, &items)
	if _, ok := item(items, "action_plan"); !ok {
		t.Errorf("completion of a field: %v, want the report's fields", labels(items))
	}
	if _, ok := item(items, "author"); ok {
		t.Errorf("completion offers «author», which the map already has: %v", labels(items))
	}
	// A line that does not parse gets a syntax finding, not a crash.
	if _, ok := find(c.published(reportPath), "syntax", ""); !ok {
		t.Errorf("«ac» alone on a line gave no syntax finding: %+v", c.published(reportPath))
	}

	// definition: from the author's id to the person's entry.
	var loc protocol.Location
	c.call(protocol.MethodTextDocumentDefinition, protocol.DefinitionParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(reportPath)}, Position: protocol.Position{Line: 3, Character: 12},
	}}, &loc)
	if loc.URI != c.uri("org/people.yaml") || loc.Range.Start.Line != 1 {
		t.Errorf("definition of kari.nordmann = %+v, want org/people.yaml line 2", loc)
	}

	// A change in one file shows in another: removing a board member from
	// people.yaml gives the center, which is not open, a ref finding.
	people, err := os.ReadFile(filepath.Join(root, "org/people.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c.notify(protocol.MethodTextDocumentDidOpen, protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: c.uri("org/people.yaml"), LanguageID: "yaml", Version: 1, Text: string(people),
	}})
	var without []string
	for _, l := range strings.Split(string(people), "\n") {
		if !strings.Contains(l, "id: ola.nordmann") {
			without = append(without, l)
		}
	}
	c.notify(protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: c.uri("org/people.yaml")}, Version: 2},
		ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: strings.Join(without, "\n")}},
	})
	if _, ok := find(c.published("centers/kre/center.yaml"), "ref", "ola.nordmann"); !ok {
		t.Errorf("center.yaml shows no ref finding for the removed person: %+v", c.published("centers/kre/center.yaml"))
	}
	// Put back (a ranged change, as VS Code sends with incremental sync):
	// the center's findings are cleared.
	c.notify(protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
		TextDocument: protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: c.uri("org/people.yaml")}, Version: 3},
		ContentChanges: []any{protocol.TextDocumentContentChangeEvent{
			Range: &protocol.Range{Start: protocol.Position{Line: 0}, End: protocol.Position{Line: uint32(len(without) + 5)}}, Text: string(people),
		}},
	})
	if d, ok := find(c.published("centers/kre/center.yaml"), "ref", ""); ok {
		t.Errorf("center.yaml still shows %+v", d)
	}

	// A missing required field: the fix inserts it, marked FYLL INN.
	noDate := strings.Replace(reportWithMistake, "submitted: 2025-05-20\n", "", 1)
	c.notify(protocol.MethodTextDocumentDidChange, protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: c.uri(reportPath)}, Version: 5},
		ContentChanges: []any{protocol.TextDocumentContentChangeEventWhole{Text: noDate}},
	})
	missing, ok := find(c.published(reportPath), "schema", "«submitted»")
	if !ok {
		t.Fatalf("no finding for the missing «submitted»: %+v", c.published(reportPath))
	}
	c.call(protocol.MethodTextDocumentCodeAction, protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: c.uri(reportPath)}, Range: missing.Range,
	}, &actions)
	var insert *protocol.TextEdit
	for _, a := range actions {
		if es := a.Edit.Changes[c.uri(reportPath)]; len(es) == 1 && strings.Contains(es[0].NewText, "submitted:") {
			insert = &es[0]
		}
	}
	if insert == nil || insert.NewText != "\nsubmitted: \"FYLL INN: levert\"" || insert.Range.Start.Line != 14 {
		t.Errorf("insert action = %+v (all: %+v), want «submitted: \"FYLL INN: levert\"» after the last line of the front matter", insert, actions)
	}

	// shutdown and exit end the server.
	c.call(protocol.MethodShutdown, nil, nil)
	c.notify(protocol.MethodExit, nil)
	select {
	case err := <-c.done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not stop on exit")
	}
}

func markupValue(t *testing.T, h protocol.Hover) string {
	t.Helper()
	switch m := h.Contents.(type) {
	case protocol.MarkupContent:
		return m.Value
	case map[string]any:
		v, _ := m["value"].(string)
		return v
	}
	t.Fatalf("hover contents = %#v", h.Contents)
	return ""
}

func item(items []protocol.CompletionItem, label string) (protocol.CompletionItem, bool) {
	for _, it := range items {
		if it.Label == label {
			return it, true
		}
	}
	return protocol.CompletionItem{}, false
}

func labels(items []protocol.CompletionItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}
