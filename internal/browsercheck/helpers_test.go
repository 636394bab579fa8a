package browsercheck

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// pageTimeout bounds one page's checks: two screens, axe-core at each.
const pageTimeout = 60 * time.Second

// shared is the one browser every test of the package uses; TestMain stops
// it.
var shared struct {
	once    sync.Once
	browser *Browser
	err     error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.browser != nil {
		shared.browser.Close()
	}
	os.Exit(code)
}

// inCI says whether the tests run in CI, where a missing browser or
// axe-core is a failure and never a skip.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "false" && v != "0"
}

// browser returns the shared browser, with axe-core loaded. Without Chromium
// or axe-core the test fails in CI and is skipped elsewhere, saying what to
// install.
func browser(t *testing.T) *Browser {
	t.Helper()
	if err := Missing(); err != nil {
		if inCI() {
			t.Fatalf("the browser checks cannot run: %v", err)
		}
		t.Skipf("skipping the browser checks (they run in CI): %v", err)
	}
	shared.once.Do(func() {
		axe, err := ReadAxe(AxePath())
		if err != nil {
			shared.err = err
			return
		}
		shared.browser, shared.err = Launch(Options{Axe: axe})
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.browser
}

// writeFiles writes files (path → content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, c := range files {
		full := dir + "/" + p
		if i := strings.LastIndex(full, "/"); i > 0 {
			if err := os.MkdirAll(full[:i], 0o755); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
