package preview

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The paths only serve answers: a built site never has a file there, and a
// built page never names them. The served pages get them on the fly.
const (
	// EventsPath streams server-sent events: "reload" once a build newer
	// than the page's has finished, whether it failed or not.
	EventsPath = "/_pmgov/events"
	// ScriptPath is the script that listens to EventsPath and reloads.
	ScriptPath = "/_pmgov/reload.js"
)

// reloadScript is served at ScriptPath, a file of its own so that a page's
// Content-Security-Policy needs no inline script.
//
//go:embed reload.js
var reloadScript []byte

// scriptTag is what a served page gets before its </body>: the script,
// told which build the page comes from.
func scriptTag(build int) string {
	return `<script src="` + ScriptPath + `" data-build="` + strconv.Itoa(build) + `"></script>`
}

// cspMeta finds a page's Content-Security-Policy meta element and its
// content, as the site's layout writes them.
var cspMeta = regexp.MustCompile(`(?i)<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"`)

// withReload is a served HTML page: the reload script before </body> (at
// the end without one) and the page's policy opened for that script and
// its events, same origin only, with nothing else changed.
func withReload(page []byte, build int) []byte {
	if m := cspMeta.FindSubmatchIndex(page); m != nil {
		policy := allowReload(html.UnescapeString(string(page[m[2]:m[3]])))
		page = bytes.Join([][]byte{page[:m[2]], []byte(html.EscapeString(policy)), page[m[3]:]}, nil)
	}
	tag := scriptTag(build)
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		return append(page, tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// allowReload adds 'self' to the sources of script-src and connect-src in a
// Content-Security-Policy. A directive the policy does not have falls back
// to default-src, as browsers do: it is written out from default-src's
// sources plus 'self'; without default-src either, nothing restricts it and
// nothing is added. 'none' goes where 'self' comes.
func allowReload(policy string) string {
	var dirs [][]string
	find := func(name string) int {
		for i, d := range dirs {
			if strings.EqualFold(d[0], name) {
				return i
			}
		}
		return -1
	}
	for _, d := range strings.Split(policy, ";") {
		if f := strings.Fields(d); len(f) > 0 {
			dirs = append(dirs, f)
		}
	}
	for _, name := range []string{"script-src", "connect-src"} {
		i := find(name)
		if i < 0 {
			def := find("default-src")
			if def < 0 {
				continue
			}
			dirs = append(dirs, append([]string{name}, dirs[def][1:]...))
			i = len(dirs) - 1
		}
		d := []string{name}
		self := false
		for _, s := range dirs[i][1:] {
			switch strings.ToLower(s) {
			case "'none'":
				continue
			case "'self'":
				self = true
			}
			d = append(d, s)
		}
		if !self {
			d = append(d, "'self'")
		}
		dirs[i] = d
	}
	parts := make([]string, len(dirs))
	for i, d := range dirs {
		parts[i] = strings.Join(d, " ")
	}
	return strings.Join(parts, "; ")
}

// serveEvents streams a "reload" event whenever a build finishes after the
// build the page came from (its ?build=), at once if one already has.
func (s *siteServer) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	seen, err := strconv.Atoi(r.URL.Query().Get("build"))
	if err != nil {
		seen = -1
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	// A browser that loses the connection (a restarted serve) tries again
	// after a second.
	fmt.Fprint(w, "retry: 1000\n\n")
	flusher.Flush()
	keepAlive := time.NewTicker(30 * time.Second)
	defer keepAlive.Stop()
	for {
		s.mu.RLock()
		builds, next := s.builds, s.built
		s.mu.RUnlock()
		if seen >= 0 && builds != seen {
			if _, err := fmt.Fprintf(w, "event: reload\ndata: %d\n\n", builds); err != nil {
				return
			}
			flusher.Flush()
			seen = builds
		}
		if seen < 0 {
			seen = builds
		}
		select {
		case <-next:
		case <-keepAlive.C:
			if _, err := fmt.Fprint(w, ": still here\n\n"); err != nil {
				return
			}
			flusher.Flush()
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		}
	}
}
