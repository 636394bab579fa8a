package main

import (
	"github.com/ous-pm/pmgov/internal/fixture"

	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log the server writes while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// writeFixture writes the shared base repository (internal/fixture) into dir.
func writeFixture(t *testing.T, dir string) {
	t.Helper()
	if err := fixture.Write(dir); err != nil {
		t.Fatal(err)
	}
}

// get fetches a page and returns its status and body.
func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// eventually polls until cond holds or a deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestServe serves a repository, rebuilds after an edit, shows a broken
// theme as an error page, recovers when it is fixed, and shuts down when
// its context ends.
func TestServe(t *testing.T) {
	repo := t.TempDir()
	writeFixture(t, repo)
	theme := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	f := &siteFlags{theme: theme}
	f.asOf = "2025-06-15"
	ctx, cancel := context.WithCancel(context.Background())
	var log syncBuffer
	done := make(chan error, 1)
	go func() { done <- serveSite(ctx, ln, repo, f, &log) }()

	eventually(t, "the first page", func() bool {
		code, body := get(t, base)
		return code == 200 && strings.Contains(body, "Persontilpasset medisin ved OUS")
	})
	if code, body := get(t, base+"en/centers/kre.html"); code != 200 || !strings.Contains(body, "Center leader") {
		t.Fatalf("en/centers/kre.html: %d", code)
	}

	// An edit to the data is rebuilt.
	gov := filepath.Join(repo, "governance.yaml")
	b, _ := os.ReadFile(gov)
	if err := os.WriteFile(gov, []byte(strings.Replace(string(b), "title: Persontilpasset medisin ved OUS", "title: Endret tittel", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the rebuilt page", func() bool {
		_, body := get(t, base)
		return strings.Contains(body, "Endret tittel")
	})

	// A broken template shows the failure instead of stopping the server.
	broken := filepath.Join(theme, "templates", "pages", "dashboard.html")
	if err := os.MkdirAll(filepath.Dir(broken), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(broken, []byte(`{{define "content"}}{{.Data.Missing}}{{end}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the error page", func() bool {
		code, body := get(t, base)
		return code == 500 && strings.Contains(body, "could not be built") && strings.Contains(body, "Missing")
	})
	if err := os.Remove(broken); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the site to come back", func() bool {
		code, body := get(t, base)
		return code == 200 && strings.Contains(body, "Endret tittel")
	})

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop when its context ended")
	}
	if !strings.Contains(log.String(), "build failed") {
		t.Errorf("log does not mention the failed build:\n%s", log.String())
	}
}
