package preview

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// serving is Serve started for a test on a free port of this machine.
type serving struct {
	base   string // http://host:port/
	addr   string // host:port
	cancel context.CancelFunc
	done   chan error // what Serve returned, once it has
}

// startServe starts Serve with cfg; a test that ends midway stops it too.
func startServe(t *testing.T, cfg Config) *serving {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{addr: ln.Addr().String(), cancel: cancel, done: make(chan error, 1)}
	s.base = "http://" + s.addr + "/"
	go func() { s.done <- Serve(ctx, ln, cfg) }()
	t.Cleanup(cancel)
	return s
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestServeRebuildsAndShowsFailures edits a watched file: the site is
// rebuilt; a failing build is served as a page saying why, and the next
// good build brings the site back.
func TestServeRebuildsAndShowsFailures(t *testing.T) {
	src := t.TempDir()
	input := filepath.Join(src, "content.txt")
	if err := os.WriteFile(input, []byte("one"), 0o644); err != nil {
		t.Fatal(err)
	}
	var builds atomic.Int32
	build := func(out string, first bool) error {
		builds.Add(1)
		b, err := os.ReadFile(input)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), "<bad>") {
			return errors.New("content.txt: <bad> is not allowed")
		}
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, "index.html"), b, 0o644)
	}
	srv := startServe(t, Config{Roots: []string{src}, Build: build, Log: io.Discard})
	url := srv.base

	waitFor := func(wantCode int, want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			code, body := get(t, url)
			if code == wantCode && strings.Contains(body, want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("got %d %q, want %d with %q", code, body, wantCode, want)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFor(200, "one")
	os.WriteFile(input, []byte("<bad>"), 0o644)
	waitFor(500, "content.txt: &lt;bad&gt; is not allowed")
	os.WriteFile(input, []byte("two"), 0o644)
	waitFor(200, "two")
	if n := builds.Load(); n < 3 || n > 10 {
		t.Errorf("%d builds for 2 edits; the debounce should make it about 3", n)
	}
	srv.cancel()
	if err := <-srv.done; err != nil {
		t.Errorf("Serve after cancel: %v", err)
	}
}
