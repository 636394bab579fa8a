package lsp

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/validate"
)

// Options configure the server.
type Options struct {
	// AsOf is the date every date rule reads; zero means today (UTC) at
	// each change, so a server left running over midnight judges by the
	// new day.
	AsOf time.Time
	// Log receives one line per problem the server has with the client
	// (never the findings); nil discards it.
	Log io.Writer
	// Version is pmgov's version, told to the client.
	Version string
	// Lang, when set, is the language of every message, whatever the
	// client or the repository says.
	Lang diag.Lang
}

// server is the state of one connection.
type server struct {
	opt     Options
	handler protocol.Handler

	mu sync.Mutex
	// lang is the language the client asked for (initialize's locale or
	// initializationOptions.lang), "" to use the repository's.
	lang   diag.Lang
	spaces map[string]*Workspace // by root folder
	// docs maps each open document's URI to its workspace and path.
	docs     map[string]openDoc
	shutdown bool
}

// openDoc is an open document of a workspace.
type openDoc struct {
	w    *Workspace
	path string // repository path, slash-separated
}

// Serve speaks the Language Server Protocol over rwc (stdin and stdout for
// `pmgov lsp`) until the client sends exit, closes the stream, or ctx ends.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opt Options) error {
	s := newServer(opt)
	h := jsonrpc2.HandlerWithError(func(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
		return s.handle(ctx, conn, req)
	})
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}), h)
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	return nil
}

// handle turns one JSON-RPC message into a call of glsp's protocol
// handler, as glsp's own server does, and closes the connection on exit.
func (s *server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	gc := glsp.Context{
		Method: req.Method,
		Notify: func(method string, params any) {
			if err := conn.Notify(ctx, method, params); err != nil {
				s.logf("notify %s: %v", method, err)
			}
		},
		Call: func(method string, params any, result any) {
			if err := conn.Call(ctx, method, params, result); err != nil {
				s.logf("call %s: %v", method, err)
			}
		},
	}
	if req.Params != nil {
		gc.Params = *req.Params
	}
	if req.Method == protocol.MethodExit {
		s.handler.Handle(&gc)
		return nil, conn.Close()
	}
	r, validMethod, validParams, err := s.handler.Handle(&gc)
	switch {
	case !validMethod:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		msg := "invalid params"
		if err != nil {
			msg = err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return r, nil
}

func newServer(opt Options) *server {
	s := &server{opt: opt, spaces: map[string]*Workspace{}, docs: map[string]openDoc{}, lang: opt.Lang}
	s.handler = protocol.Handler{
		Initialize:                     s.initialize,
		Initialized:                    func(*glsp.Context, *protocol.InitializedParams) error { return nil },
		Shutdown:                       s.shutdownReq,
		Exit:                           func(*glsp.Context) error { return nil },
		SetTrace:                       func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		TextDocumentDidOpen:            s.didOpen,
		TextDocumentDidChange:          s.didChange,
		TextDocumentDidClose:           s.didClose,
		TextDocumentDidSave:            func(*glsp.Context, *protocol.DidSaveTextDocumentParams) error { return nil },
		WorkspaceDidChangeWatchedFiles: s.didChangeWatchedFiles,
		TextDocumentHover:              s.hover,
		TextDocumentCompletion:         s.completion,
		TextDocumentCodeAction:         s.codeAction,
		TextDocumentDefinition:         s.definition,
	}
	return s
}

func (s *server) logf(format string, args ...any) {
	if s.opt.Log != nil {
		fmt.Fprintf(s.opt.Log, "pmgov lsp: "+format+"\n", args...)
	}
}

func (s *server) initialize(_ *glsp.Context, p *protocol.InitializeParams) (any, error) {
	s.mu.Lock()
	if s.opt.Lang != "" {
		// --lang decides.
	} else if p.Locale != nil {
		if l, ok := parseLocale(*p.Locale); ok {
			s.lang = l
		}
	}
	if o, ok := p.InitializationOptions.(map[string]any); ok && s.opt.Lang == "" {
		if v, ok := o["lang"].(string); ok {
			if l, ok := parseLocale(v); ok {
				s.lang = l
			}
		}
	}
	s.mu.Unlock()
	caps := protocol.ServerCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{
			OpenClose: ptr(true),
			Change:    ptr(protocol.TextDocumentSyncKindFull),
		},
		HoverProvider:      true,
		CompletionProvider: &protocol.CompletionOptions{TriggerCharacters: []string{":", " ", "-", "[", ","}},
		CodeActionProvider: protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}},
		DefinitionProvider: true,
	}
	return protocol.InitializeResult{
		Capabilities: caps,
		ServerInfo:   &protocol.InitializeResultServerInfo{Name: "pmgov", Version: ptr(s.opt.Version)},
	}, nil
}

func (s *server) shutdownReq(*glsp.Context) error {
	s.mu.Lock()
	s.shutdown = true
	s.mu.Unlock()
	return nil
}

// parseLocale takes a client's locale ("nb", "nb-NO", "no", "en-gb") to
// pmgov's languages.
func parseLocale(l string) (diag.Lang, bool) {
	l = strings.ToLower(strings.ReplaceAll(l, "_", "-"))
	base, _, _ := strings.Cut(l, "-")
	switch base {
	case "nb", "no", "nn":
		return diag.NB, true
	case "en":
		return diag.EN, true
	}
	return "", false
}

func ptr[T any](v T) *T { return &v }

// langOf is the language messages about w are in: the client's choice,
// else the repository's first language, else Norwegian.
func (s *server) langOf(w *Workspace) diag.Lang {
	s.mu.Lock()
	l := s.lang
	s.mu.Unlock()
	if l != "" {
		return l
	}
	if res := w.Result(); res != nil && res.Repo != nil && res.Repo.Governance != nil {
		for _, v := range res.Repo.Governance.Languages {
			if l, ok := diag.ParseLang(v.V); ok {
				return l
			}
		}
	}
	return diag.NB
}

// uriPath is the local file a file: URI names.
func uriPath(uri string) (string, bool) {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return "", false
	}
	p := u.Path
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' { // file:///C:/… on Windows
		p = p[1:]
	}
	return filepath.FromSlash(p), true
}

// fileURI is the file: URI of the repository path p in w.
func fileURI(w *Workspace, p string) string { return w.uriOf(p) }

// uriOf is the file: URI of the repository path p.
func (w *Workspace) uriOf(p string) string {
	abs := filepath.ToSlash(filepath.Join(w.Root, filepath.FromSlash(p)))
	if !strings.HasPrefix(abs, "/") {
		abs = "/" + abs
	}
	return (&url.URL{Scheme: "file", Path: abs}).String()
}

// findRoot is the nearest folder at or above dir that holds governance
// data.
func findRoot(dir string) (string, bool) {
	for {
		if validate.IsRepository(os.DirFS(dir)) {
			return dir, true
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", false
		}
		dir = up
	}
}

// workspaceFor finds (or starts) the workspace of the file at uri and the
// file's repository path. ok is false for a file outside any governance
// repository or outside its data.
func (s *server) workspaceFor(uri string) (w *Workspace, p string, ok bool) {
	s.mu.Lock()
	if d, found := s.docs[uri]; found {
		s.mu.Unlock()
		return d.w, d.path, true
	}
	s.mu.Unlock()
	file, ok := uriPath(uri)
	if !ok {
		return nil, "", false
	}
	file, err := filepath.Abs(file)
	if err != nil {
		return nil, "", false
	}
	root, ok := findRoot(filepath.Dir(file))
	if !ok {
		return nil, "", false
	}
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return nil, "", false
	}
	p = filepath.ToSlash(rel)
	if !load.IsData(p) {
		return nil, "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	w = s.spaces[root]
	if w == nil {
		w = NewWorkspace(root, load.Dir(root), validate.Options{AsOf: s.opt.AsOf})
		s.spaces[root] = w
	}
	return w, p, true
}

func (s *server) didOpen(ctx *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	w, path, ok := s.workspaceFor(p.TextDocument.URI)
	if !ok {
		return nil
	}
	s.mu.Lock()
	s.docs[p.TextDocument.URI] = openDoc{w: w, path: path}
	s.mu.Unlock()
	w.Set(path, []byte(p.TextDocument.Text))
	s.judge(ctx, w)
	return nil
}

func (s *server) didChange(ctx *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	s.mu.Lock()
	d, ok := s.docs[p.TextDocument.URI]
	s.mu.Unlock()
	if !ok {
		return nil
	}
	cur, _ := d.w.fsys.Text(d.path)
	src := string(cur)
	for _, c := range p.ContentChanges {
		switch c := c.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			src = c.Text
		case protocol.TextDocumentContentChangeEvent:
			src = applyEdit(src, c)
		}
	}
	d.w.Set(d.path, []byte(src))
	s.judge(ctx, d.w)
	return nil
}

// applyEdit applies one ranged change to src.
func applyEdit(src string, c protocol.TextDocumentContentChangeEvent) string {
	if c.Range == nil {
		return c.Text
	}
	from, to := byteOffset(src, c.Range.Start), byteOffset(src, c.Range.End)
	if to < from {
		from, to = to, from
	}
	return src[:from] + c.Text + src[to:]
}

// byteOffset is the byte offset in src of a protocol position.
func byteOffset(src string, p protocol.Position) int {
	off := 0
	for line := uint32(0); line < p.Line; line++ {
		i := strings.IndexByte(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	end := strings.IndexByte(src[off:], '\n')
	l := src[off:]
	if end >= 0 {
		l = src[off : off+end]
	}
	return off + offsetOfUnits(l, int(p.Character))
}

func (s *server) didClose(ctx *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	d, ok := s.docs[p.TextDocument.URI]
	delete(s.docs, p.TextDocument.URI)
	s.mu.Unlock()
	if !ok {
		return nil
	}
	d.w.Close(d.path)
	s.judge(ctx, d.w)
	return nil
}

func (s *server) didChangeWatchedFiles(ctx *glsp.Context, p *protocol.DidChangeWatchedFilesParams) error {
	by := map[*Workspace][]string{}
	for _, ch := range p.Changes {
		file, ok := uriPath(ch.URI)
		if !ok {
			continue
		}
		s.mu.Lock()
		for root, w := range s.spaces {
			if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
				by[w] = append(by[w], filepath.ToSlash(rel))
			}
		}
		s.mu.Unlock()
	}
	for w, ps := range by {
		w.FilesChanged(ps)
		s.judge(ctx, w)
	}
	return nil
}

// judge validates w and publishes the findings of every file whose
// findings changed.
func (s *server) judge(ctx *glsp.Context, w *Workspace) {
	if s.opt.AsOf.IsZero() {
		w.setAsOf(time.Now().UTC().Truncate(24 * time.Hour))
	}
	changed := w.Judge()
	lang := s.langOf(w)
	files := make([]string, 0, len(changed))
	for f := range changed {
		files = append(files, f)
	}
	sort.Strings(files)
	for _, f := range files {
		ctx.Notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{
			URI:         fileURI(w, f),
			Diagnostics: render(w, f, changed[f], lang),
		})
	}
}

// render turns pmgov's findings in file f into the protocol's.
func render(w *Workspace, f string, ds []diag.Diagnostic, lang diag.Lang) []protocol.Diagnostic {
	out := make([]protocol.Diagnostic, 0, len(ds))
	src, _ := w.Text(f)
	t := newText(src)
	for _, d := range ds {
		msg := d.Message.In(lang)
		if h := d.Hint.In(lang); h != "" {
			msg += "\n" + h
		}
		code := protocol.IntegerOrString{Value: d.Rule}
		out = append(out, protocol.Diagnostic{
			Range:    t.tokenRange(d.Pos.Line, d.Pos.Col),
			Severity: ptr(severity(d.Severity)),
			Code:     &code,
			Source:   ptr("pmgov"),
			Message:  msg,
		})
	}
	return out
}

func severity(s diag.Severity) protocol.DiagnosticSeverity {
	switch s {
	case diag.Error:
		return protocol.DiagnosticSeverityError
	case diag.Warning:
		return protocol.DiagnosticSeverityWarning
	case diag.Waived:
		return protocol.DiagnosticSeverityHint
	}
	return protocol.DiagnosticSeverityInformation
}
