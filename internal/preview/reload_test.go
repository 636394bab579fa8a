package preview

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// siteCSP is the policy the site's pages carry (sitebuild's csp), as
// html/template writes it into the meta element.
const siteCSP = `default-src &#39;none&#39;; style-src &#39;self&#39;; img-src &#39;self&#39; data:; base-uri &#39;none&#39;; form-action &#39;none&#39;`

func TestAllowReload(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// The site's policy: script and events from the site only, the
		// rest as it was.
		{"default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
			"default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; script-src 'self'; connect-src 'self'"},
		// A page that runs a script of its own keeps it.
		{"default-src 'none'; script-src 'sha256-abc'; style-src 'self'",
			"default-src 'none'; script-src 'sha256-abc' 'self'; style-src 'self'; connect-src 'self'"},
		{"default-src 'none'; script-src 'self'; connect-src 'none'",
			"default-src 'none'; script-src 'self'; connect-src 'self'"},
		// A missing directive falls back to default-src, as in browsers.
		{"default-src https://cdn.example", "default-src https://cdn.example; script-src https://cdn.example 'self'; connect-src https://cdn.example 'self'"},
		// Nothing restricts scripts: nothing to add.
		{"img-src 'self'", "img-src 'self'"},
		{"", ""},
	} {
		if got := allowReload(c.in); got != c.want {
			t.Errorf("allowReload(%q)\n = %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestWithReload(t *testing.T) {
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="` + siteCSP + `"><title>x</title></head><body><p>the body</p></BODY></html>`
	got := string(withReload([]byte(page), 7))
	want := `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;self&#39;; img-src &#39;self&#39; data:; base-uri &#39;none&#39;; form-action &#39;none&#39;; script-src &#39;self&#39;; connect-src &#39;self&#39;"><title>x</title></head><body><p>the body</p><script src="/_pmgov/reload.js" data-build="7"></script></BODY></html>`
	if got != want {
		t.Errorf("withReload:\n got %s\nwant %s", got, want)
	}
	// A fragment without </body> gets the script at its end.
	if got := string(withReload([]byte("<p>bare</p>"), 0)); got != `<p>bare</p><script src="/_pmgov/reload.js" data-build="0"></script>` {
		t.Errorf("withReload of a fragment = %s", got)
	}
}

// events reads a server-sent event stream.
type events struct {
	body io.Closer
	ch   chan string
}

// listen connects to the server's events as a page of build would.
func listen(t *testing.T, base, build string) *events {
	t.Helper()
	resp, err := http.Get(base + strings.TrimPrefix(EventsPath, "/") + "?build=" + build)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	e := &events{body: resp.Body, ch: make(chan string, 16)}
	go func() {
		defer close(e.ch)
		sc := bufio.NewScanner(resp.Body)
		var ev string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev += " " + strings.TrimPrefix(line, "data: ")
			case line == "" && ev != "":
				e.ch <- ev
				ev = ""
			}
		}
	}()
	t.Cleanup(func() { e.body.Close() })
	return e
}

// next is the next event, failing after a generous wait.
func (e *events) next(t *testing.T, what string) string {
	t.Helper()
	select {
	case ev, ok := <-e.ch:
		if !ok {
			t.Fatalf("%s: the event stream ended", what)
		}
		return ev
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: no event", what)
	}
	return ""
}

// none checks that no event comes for a while.
func (e *events) none(t *testing.T, what string) {
	t.Helper()
	select {
	case ev := <-e.ch:
		t.Errorf("%s: unexpected event %q", what, ev)
	case <-time.After(300 * time.Millisecond):
	}
}

var buildAttr = regexp.MustCompile(`<script src="/_pmgov/reload.js" data-build="(\d+)"></script>`)

// TestReloadAfterRebuild connects to the events as the served page's
// script does: an edit rebuilds and sends "reload"; a failing build is
// served as a page with the same script, and the fix reloads it again.
// Everything else the site holds is served as built.
func TestReloadAfterRebuild(t *testing.T) {
	src := t.TempDir()
	input := filepath.Join(src, "content.txt")
	write := func(s string) {
		t.Helper()
		if err := os.WriteFile(input, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("one")
	build := func(out string, first bool) error {
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
		page := `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="` + siteCSP + `"></head><body>` + string(b) + `</body></html>`
		if err := os.WriteFile(filepath.Join(out, "index.html"), []byte(page), 0o644); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, "style.css"), []byte("body{}</body>"), 0o644)
	}
	var log syncLog
	srv := startServe(t, Config{Roots: []string{src}, Build: build, Log: &log})
	base := srv.base

	code, page := get(t, base)
	m := buildAttr.FindStringSubmatch(page)
	if code != 200 || m == nil || !strings.Contains(page, "<body>one<script") || !strings.Contains(page, "script-src &#39;self&#39;; connect-src &#39;self&#39;") {
		t.Fatalf("served page: %d %s", code, page)
	}
	if code, css := get(t, base+"style.css"); code != 200 || css != "body{}</body>" {
		t.Errorf("style.css served as %d %q", code, css)
	}
	if code, js := get(t, base+strings.TrimPrefix(ScriptPath, "/")); code != 200 || !strings.Contains(js, "new EventSource(") {
		t.Errorf("the reload script: %d %q", code, js)
	}
	ev := listen(t, base, m[1])
	ev.none(t, "before any change")

	start := time.Now()
	write("two")
	if got := ev.next(t, "after an edit"); !strings.HasPrefix(got, "reload ") {
		t.Fatalf("after an edit: %q", got)
	}
	t.Logf("reload event %.0f ms after the write", time.Since(start).Seconds()*1000)
	if _, page := get(t, base); !strings.Contains(page, "<body>two<script") {
		t.Errorf("after the reload event the page is %s", page)
	}

	// A failing build: the stream says reload, the page is the failure
	// with the script, and its policy lets the script run.
	write("<bad>")
	if got := ev.next(t, "after a failing build"); !strings.HasPrefix(got, "reload ") {
		t.Fatalf("after a failing build: %q", got)
	}
	resp, err := http.Get(base)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m = buildAttr.FindStringSubmatch(string(body))
	if resp.StatusCode != 500 || !strings.Contains(string(body), "content.txt: &lt;bad&gt; is not allowed") || m == nil {
		t.Fatalf("failure page: %d %s", resp.StatusCode, body)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("failure page's policy: %q", csp)
	}

	// The failure page's own script connects with its build; the fix
	// reloads it.
	fail := listen(t, base, m[1])
	fail.none(t, "the failure page before the fix")
	write("three")
	if got := fail.next(t, "the failure page after the fix"); !strings.HasPrefix(got, "reload ") {
		t.Fatalf("after the fix: %q", got)
	}
	if got := ev.next(t, "the first page after the fix"); !strings.HasPrefix(got, "reload ") {
		t.Fatalf("after the fix: %q", got)
	}
	if code, page := get(t, base); code != 200 || !strings.Contains(page, "<body>three<script") {
		t.Errorf("after the fix: %d %s", code, page)
	}

	// A page that connects after a build it missed reloads at once.
	late := listen(t, base, "0")
	if got := late.next(t, "a page of an old build"); !strings.HasPrefix(got, "reload ") {
		t.Errorf("a page of an old build: %q", got)
	}

	// The open streams do not hold up the shutdown, nor a connection on
	// which no request came (a browser opens one ahead).
	ahead, err := net.Dial("tcp", srv.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer ahead.Close()
	time.Sleep(50 * time.Millisecond)
	srv.cancel()
	select {
	case err := <-srv.done:
		if err != nil {
			t.Errorf("Serve after cancel: %v", err)
		}
	case <-time.After(4 * time.Second):
		t.Fatal("Serve did not stop with event streams and an idle connection open")
	}
	if !regexp.MustCompile(`built \S+ \(in \d+\.\d\d s, \d+\.\d\d s after the change\)`).MatchString(log.String()) {
		t.Errorf("the log does not say how long a rebuild took:\n%s", log.String())
	}
}

// syncLog is a log the server writes from its goroutines.
type syncLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestTempFolder builds in memory where there is a place for it, and in
// TMPDIR when it is set.
func TestTempFolder(t *testing.T) {
	mine := t.TempDir()
	t.Setenv("TMPDIR", mine)
	dir, inMemory, err := tempFolder()
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
	if filepath.Dir(dir) != mine || inMemory {
		t.Errorf("with TMPDIR=%s the site is built in %s", mine, dir)
	}
	t.Setenv("TMPDIR", "")
	runtimeDir := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", runtimeDir)
	if dir, inMemory, err = tempFolder(); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(dir)
	if filepath.Dir(dir) != runtimeDir || !inMemory || !strings.HasPrefix(filepath.Base(dir), "pmgov-serve-") {
		t.Errorf("with XDG_RUNTIME_DIR=%s the site is built in %s", runtimeDir, dir)
	}
}

// TestMemoryFull builds in a folder in memory that turns out too small:
// serve moves to the temporary folder, builds there and serves the site,
// and removes both folders when it stops.
func TestMemoryFull(t *testing.T) {
	memory, disk := t.TempDir(), t.TempDir()
	t.Setenv("TMPDIR", "")
	t.Setenv("XDG_RUNTIME_DIR", memory)
	diskTemp = disk
	defer func() { diskTemp = "" }()
	var outs []string
	build := func(out string, first bool) error {
		outs = append(outs, out)
		if strings.HasPrefix(out, memory) {
			return fmt.Errorf("build: write %s: %w", filepath.Join(out, "index.html"), syscall.ENOSPC)
		}
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, "index.html"), []byte("<p>built</p>"), 0o644)
	}
	var log syncLog
	srv := startServe(t, Config{Roots: []string{t.TempDir()}, Build: build, Log: &log})
	code, body := get(t, srv.base)
	srv.cancel()
	if err := <-srv.done; err != nil {
		t.Fatal(err)
	}
	if code != 200 || !strings.Contains(body, "<p>built</p>") {
		t.Errorf("served %d %q", code, body)
	}
	if len(outs) != 2 || !strings.HasPrefix(outs[0], memory) || !strings.HasPrefix(outs[1], disk) {
		t.Errorf("builds into %v, want one in %s then one in %s", outs, memory, disk)
	}
	if !strings.Contains(log.String(), "no room for the site in "+memory) {
		t.Errorf("the log does not say why the site moved:\n%s", log.String())
	}
	for _, d := range []string{memory, disk} {
		if left, _ := os.ReadDir(d); len(left) != 0 {
			t.Errorf("%s holds %v after serve stopped", d, left)
		}
	}
}
