package browsercheck

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Pages lists every HTML page of a built site, relative to dir and
// slash-separated, in a stable order.
func Pages(dir string) ([]string, error) {
	var pages []string
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("pages of %s: %w", dir, err)
	}
	slices.Sort(pages)
	return pages, nil
}

// Serve serves the folder over HTTP on 127.0.0.1 at a free port, as any
// static web server would. The caller closes the server.
func Serve(dir string) *httptest.Server {
	return httptest.NewServer(http.FileServer(http.Dir(filepath.Clean(dir))))
}
