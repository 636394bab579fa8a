package main

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
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/spf13/cobra"

	"github.com/ous-pm/pmgov/internal/sitebuild"
)

// debounce is how long serve waits after a change before it rebuilds, so
// that an editor's save (often several events) builds once.
const debounce = 200 * time.Millisecond

func newServeCmd(g *globals) *cobra.Command {
	var f siteFlags
	var addr string
	cmd := &cobra.Command{
		Use:   "serve [DIR]",
		Short: "Build the site, serve it locally and rebuild on every change",
		Long: `serve builds the site into a temporary folder, serves it on --addr (default
127.0.0.1:8080, this machine only) and rebuilds whenever a file of the
repository or of --theme changes. A build that fails shows its error in the
browser instead of stopping the server; fix the file and the site comes back.
Stop it with Ctrl-C.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			return serveSite(ctx, ln, g.repoDir(args), &f, g.stdout)
		},
	}
	f.register(cmd)
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	return cmd
}

// siteServer serves the latest site, or the latest build failure.
type siteServer struct {
	dir, out string
	flags    *siteFlags
	log      io.Writer

	mu     sync.RWMutex
	err    error
	builds int
}

// rebuild validates the repository again and rebuilds the site.
func (s *siteServer) rebuild() {
	err := func() error {
		res, err := s.flags.open(s.dir)
		if err != nil {
			return err
		}
		opt, err := s.flags.options(res, s.out)
		if err != nil {
			return err
		}
		// The history's notes (no git, a shallow clone) are said at the
		// first build only, not at every rebuild.
		s.mu.RLock()
		notes := s.log
		if s.builds > 0 {
			notes = io.Discard
		}
		s.mu.RUnlock()
		if opt.History, err = s.flags.history(s.dir, res, notes); err != nil {
			return err
		}
		return sitebuild.Build(res, opt)
	}()
	s.mu.Lock()
	s.err = err
	s.builds++
	s.mu.Unlock()
	if err != nil {
		fmt.Fprintf(s.log, "build failed: %v\n", err)
	} else {
		fmt.Fprintf(s.log, "built %s\n", time.Now().Format(time.TimeOnly))
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

// serveSite builds, serves on ln and rebuilds on change until ctx ends.
func serveSite(ctx context.Context, ln net.Listener, dir string, f *siteFlags, log io.Writer) error {
	tmp, err := os.MkdirTemp("", "pmgov-serve-")
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer os.RemoveAll(tmp)
	s := &siteServer{dir: dir, out: filepath.Join(tmp, "site"), flags: f, log: log}
	s.rebuild()

	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("serve: watch: %w", err)
	}
	defer w.Close()
	roots := []string{dir}
	if f.theme != "" {
		roots = append(roots, f.theme)
	}
	for _, root := range roots {
		if err := watchTree(w, root); err != nil {
			return fmt.Errorf("serve: watch %s: %w", root, err)
		}
	}
	go watchLoop(ctx, w, s)

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(log, "serving %s on http://%s/ (Ctrl-C stops)\n", dir, ln.Addr())
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
			fmt.Fprintf(s.log, "watch: %v\n", err)
		case <-timer.C:
			s.rebuild()
		}
	}
}
