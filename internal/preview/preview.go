// Package preview serves a site while its author edits the files it is
// built from: it builds into a temporary folder, serves it over HTTP,
// rebuilds shortly after the files change, and tells the pages open in a
// browser to reload (server-sent events at EventsPath, listened to by a
// script it adds to every HTML page it serves; the built files never hold
// it).
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
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// debounce is how long Serve waits after a change before it rebuilds, so
// that an editor's save (often several events) builds once.
const debounce = 100 * time.Millisecond

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
	cfg Config
	// inMemory says the folder the site is built in is in memory, which a
	// build may find too small. Builds run one at a time.
	inMemory bool

	// closing ends the event streams when the server shuts down.
	closing chan struct{}

	mu sync.RWMutex
	// tmp is the folder the site is built in, out the site within it.
	tmp    string
	out    string
	err    error
	builds int
	// built is closed when the next build finishes (and then replaced).
	built chan struct{}
}

// rebuild runs the build again; since, when not zero, is when the first
// change it builds was seen.
func (s *siteServer) rebuild(since time.Time) {
	s.mu.RLock()
	first := s.builds == 0
	s.mu.RUnlock()
	start := time.Now()
	err := s.cfg.Build(s.outDir(), first)
	if err != nil && s.inMemory && errors.Is(err, syscall.ENOSPC) {
		// The folder in memory is too small for the site (a container's
		// /dev/shm is often 64 MB): build on disk from now on.
		// The last good site stays served until the new one is built.
		if tmp, derr := os.MkdirTemp(diskTemp, "pmgov-serve-"); derr == nil {
			s.mu.RLock()
			old := s.tmp
			s.mu.RUnlock()
			fmt.Fprintf(s.cfg.Log, "no room for the site in %s: building in %s\n", old, tmp)
			err = s.cfg.Build(filepath.Join(tmp, "site"), first)
			s.mu.Lock()
			s.tmp, s.inMemory, s.out = tmp, false, filepath.Join(tmp, "site")
			s.mu.Unlock()
			os.RemoveAll(old)
		}
	}
	s.mu.Lock()
	s.err = err
	s.builds++
	close(s.built)
	s.built = make(chan struct{})
	s.mu.Unlock()
	took := fmt.Sprintf("in %.2f s", time.Since(start).Seconds())
	if !since.IsZero() {
		took += fmt.Sprintf(", %.2f s after the change", time.Since(since).Seconds())
	}
	if err != nil {
		fmt.Fprintf(s.cfg.Log, "build failed (%s): %v\n", took, err)
	} else {
		fmt.Fprintf(s.cfg.Log, "built %s (%s)\n", time.Now().Format(time.TimeOnly), took)
	}
}

// diskTemp is where a site too large for memory is built ("": the
// temporary folder); tests change it.
var diskTemp = ""

// outDir is the folder the site is built into and served from.
func (s *siteServer) outDir() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.out
}

// failurePolicy is the failure page's policy: nothing but the reload
// script and its events.
const failurePolicy = "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"

// ServeHTTP serves the site, or a page that shows why the build failed,
// and the reload script and its events.
func (s *siteServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case EventsPath:
		s.serveEvents(w, r)
		return
	case ScriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(reloadScript)
		return
	}
	s.mu.RLock()
	err, builds := s.err, s.builds
	s.mu.RUnlock()
	if err != nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", failurePolicy)
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed – pmgov</title></head>
<body><main><h1>The site could not be built</h1><pre>%s</pre>
<p>Fix the file and save it: the site is rebuilt and this page reloads by itself.</p></main>%s</body></html>
`, html.EscapeString(err.Error()), scriptTag(builds))
		return
	}
	if s.serveHTML(w, r, builds) {
		return
	}
	http.FileServer(http.Dir(s.outDir())).ServeHTTP(w, r)
}

// serveHTML serves an HTML page of the site with the reload script added,
// and reports whether r asked for one. Folders without their slash and
// everything else are left to the file server.
func (s *siteServer) serveHTML(w http.ResponseWriter, r *http.Request, builds int) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	name := r.URL.Path
	if strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if !strings.HasSuffix(name, ".html") {
		return false
	}
	// http.Dir refuses paths that leave the folder.
	f, err := http.Dir(s.outDir()).Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || info.IsDir() {
		return false
	}
	b, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, "reading "+name+": "+err.Error(), http.StatusInternalServerError)
		return true
	}
	page := withReload(b, builds)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	if r.Method == http.MethodHead {
		return true
	}
	_, _ = w.Write(page)
	return true
}

// Serve builds into a temporary folder, serves it on ln and rebuilds when a
// file under cfg.Roots changes, until ctx ends. A failed build is served as
// a page saying why, so the server keeps running while the author fixes it.
func Serve(ctx context.Context, ln net.Listener, cfg Config) error {
	tmp, inMemory, err := tempFolder()
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	s := &siteServer{tmp: tmp, inMemory: inMemory, out: filepath.Join(tmp, "site"), cfg: cfg, closing: make(chan struct{}), built: make(chan struct{})}
	// The folder may have moved to disk meanwhile.
	defer func() {
		s.mu.RLock()
		defer s.mu.RUnlock()
		os.RemoveAll(s.tmp)
	}()
	s.rebuild(time.Time{})

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
	close(s.closing)
	// The event streams have ended (closing). What can still be open is a
	// connection on which no request came: browsers open one ahead, and
	// Shutdown counts it as busy for five seconds. A second is enough for
	// the requests under way; then the rest are closed.
	shut, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("serve: shutdown: %w", err)
		}
		if err := srv.Close(); err != nil {
			return fmt.Errorf("serve: shutdown: %w", err)
		}
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// tempFolder makes the folder the site is built into. A rebuild writes
// every page of the site anew and removes the previous one; on a disk file
// system (ext4) creating and removing a few hundred files takes a few
// hundred milliseconds, in memory a few. So the folder is in memory where
// the system has a place for it: $XDG_RUNTIME_DIR, else /dev/shm on Linux,
// else the temporary folder. A TMPDIR that is set is always used. A build
// that finds the folder in memory full moves to the temporary folder.
func tempFolder() (dir string, inMemory bool, err error) {
	var roots []string
	if os.Getenv("TMPDIR") == "" {
		if d := os.Getenv("XDG_RUNTIME_DIR"); d != "" {
			roots = append(roots, d)
		}
		if runtime.GOOS == "linux" {
			roots = append(roots, "/dev/shm")
		}
	}
	for _, root := range roots {
		if info, err := os.Stat(root); err != nil || !info.IsDir() {
			continue
		}
		// MkdirTemp makes the folder for this user alone (0700).
		if tmp, err := os.MkdirTemp(root, "pmgov-serve-"); err == nil {
			return tmp, true, nil
		}
	}
	dir, err = os.MkdirTemp("", "pmgov-serve-")
	return dir, false, err
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
	// first is when the first change since the last build was seen.
	var first time.Time
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
			if first.IsZero() {
				first = time.Now()
			}
			timer.Reset(debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(s.cfg.Log, "watch: %v\n", err)
		case <-timer.C:
			s.rebuild(first)
			first = time.Time{}
		}
	}
}
