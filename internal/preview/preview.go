// Package preview serves a site while its author edits the files it is
// built from: it builds into a temporary folder, serves it over HTTP, and
// rebuilds shortly after the files change.
package preview

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// debounce is how long Serve waits after a change before it rebuilds, so
// that an editor's save (often several events) builds once.
const debounce = 200 * time.Millisecond

// Config says what to serve and how to rebuild it.
type Config struct {
	// Roots are the folders whose changes trigger a rebuild (hidden
	// folders such as .git are not watched).
	Roots []string
	// Build writes the site into out; first is true for the first build.
	Build func(out string, first bool) error
	// Log receives a line per build and the address served.
	Log io.Writer
}

// siteServer serves the latest site, or the latest build failure.
type siteServer struct {
	out string
	cfg Config

	mu     sync.RWMutex
	err    error
	builds int
}

// rebuild runs the build again.
func (s *siteServer) rebuild() {
	s.mu.RLock()
	first := s.builds == 0
	s.mu.RUnlock()
	err := s.cfg.Build(s.out, first)
	s.mu.Lock()
	s.err = err
	s.builds++
	s.mu.Unlock()
	if err != nil {
		fmt.Fprintf(s.cfg.Log, "build failed: %v\n", err)
	} else {
		fmt.Fprintf(s.cfg.Log, "built %s\n", time.Now().Format(time.TimeOnly))
	}
}

// ServeHTTP serves the site, or a page that shows why the build failed.
func (s *siteServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.RLock()
	err := s.err
	s.mu.RUnlock()
	if err != nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed – pmgov</title></head>
<body><main><h1>The site could not be built</h1><pre>%s</pre>
<p>Fix the file and save it: the site is rebuilt automatically. Reload this page afterwards.</p></main></body></html>
`, html.EscapeString(err.Error()))
		return
	}
	http.FileServer(http.Dir(s.out)).ServeHTTP(w, r)
}

// Serve builds into a temporary folder, serves it on ln and rebuilds when a
// file under cfg.Roots changes, until ctx ends. A failed build is served as
// a page saying why, so the server keeps running while the author fixes it.
func Serve(ctx context.Context, ln net.Listener, cfg Config) error {
	tmp, err := os.MkdirTemp("", "pmgov-serve-")
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer os.RemoveAll(tmp)
	s := &siteServer{out: filepath.Join(tmp, "site"), cfg: cfg}
	s.rebuild()

	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("serve: watch: %w", err)
	}
	defer w.Close()
	for _, root := range cfg.Roots {
		if err := watchTree(w, root); err != nil {
			return fmt.Errorf("serve: watch %s: %w", root, err)
		}
	}
	go watchLoop(ctx, w, s)

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(cfg.Log, "serving %s on http://%s/ (Ctrl-C stops)\n", strings.Join(cfg.Roots, ", "), ln.Addr())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// watchTree watches root and every folder below it, except hidden ones
// (.git) whose changes never alter the site.
func watchTree(w *fsnotify.Watcher, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != root && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
}

// watchLoop rebuilds once the files have been quiet for the debounce time.
func watchLoop(ctx context.Context, w *fsnotify.Watcher, s *siteServer) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if strings.HasPrefix(filepath.Base(ev.Name), ".") {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					_ = watchTree(w, ev.Name)
				}
			}
			timer.Reset(debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(s.cfg.Log, "watch: %v\n", err)
		case <-timer.C:
			s.rebuild()
		}
	}
}
