package browsercheck

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ous-pm/pmgov/internal/fixture"
	"github.com/ous-pm/pmgov/internal/load"
	"github.com/ous-pm/pmgov/internal/preview"
	"github.com/ous-pm/pmgov/internal/sitebuild"
	"github.com/ous-pm/pmgov/internal/validate"
)

// TestServeReloadsInBrowser serves the fixture's site as pmgov serve does
// and leaves a page open in Chromium: the page with serve's reload script
// has no problem (the policy lets the script and its events through, no
// console error, axe finds nothing); an edit reloads the page by itself, a
// failed build replaces it with the failure page, and the fix brings the
// site back, all without the test navigating.
func TestServeReloadsInBrowser(t *testing.T) {
	b := browser(t)
	src := t.TempDir()
	if err := fixture.Write(src); err != nil {
		t.Fatal(err)
	}
	// A file named FAIL makes the build fail, as a broken theme would.
	fail := filepath.Join(src, "FAIL")
	build := func(out string, first bool) error {
		if _, err := os.Stat(fail); err == nil {
			return errors.New("FAIL is there: the build fails")
		}
		res := validate.Run(load.Dir(src), validate.Options{AsOf: fixtureAsOf})
		return sitebuild.Build(res, sitebuild.Options{Out: out, AsOf: fixtureAsOf})
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- preview.Serve(ctx, ln, preview.Config{Roots: []string{src}, Build: build, Log: io.Discard})
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	base := "http://" + ln.Addr().String() + "/"
	up := time.Now().Add(pageTimeout)
	for {
		resp, err := http.Get(base)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(up) {
			t.Fatalf("serve did not come up: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}

	for _, p := range []string{"index.html", "centers/kre.html", "en/centers/kre/reports/2025-T1.html"} {
		r, err := b.Check(base+p, []Screen{Desktop}, pageTimeout)
		if err != nil {
			t.Fatal(err)
		}
		for _, pr := range r.Problems {
			t.Errorf("served %s: %s", p, pr)
		}
	}

	tab, closeTab := b.tab(2 * pageTimeout)
	defer closeTab()
	if err := chromedp.Do(tab, Desktop.emulate(), chromedp.Navigate(base+"centers/kre.html")); err != nil {
		t.Fatal(err)
	}
	// state is "old" while the page the test marked is still loaded, and
	// then the new page's heading and whether it names the new title.
	const state = `(window.pmgovTestMark ? "old" : "new") + "|" + (document.querySelector("h1") || {}).textContent + "|" + document.body.innerText.includes("Endret tittel")`
	mark := func() {
		t.Helper()
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.pmgovTestMark = true`)); err != nil {
			t.Fatal(err)
		}
	}
	reloaded := func(what string, ok func(h1 string, titled bool) bool) {
		t.Helper()
		start := time.Now()
		var last string
		for time.Since(start) < pageTimeout {
			// While the page reloads, an evaluation may find no page.
			s, err := chromedp.Run(tab, chromedp.Evaluate[string](state))
			if err == nil {
				last = s
				f := strings.SplitN(s, "|", 3)
				if len(f) == 3 && f[0] == "new" && ok(f[1], f[2] == "true") {
					t.Logf("%s: the page reloaded %.0f ms after the save", what, time.Since(start).Seconds()*1000)
					return
				}
			}
			time.Sleep(25 * time.Millisecond)
		}
		t.Fatalf("%s: the page did not reload as expected; last %q", what, last)
	}

	mark()
	gov := filepath.Join(src, "governance.yaml")
	g, err := os.ReadFile(gov)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(gov, []byte(strings.Replace(string(g), "title: Persontilpasset medisin ved OUS", "title: Endret tittel", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	reloaded("an edit", func(h1 string, titled bool) bool { return titled && !strings.Contains(h1, "could not be built") })

	mark()
	if err := os.WriteFile(fail, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	reloaded("a failed build", func(h1 string, _ bool) bool { return h1 == "The site could not be built" })

	mark()
	if err := os.Remove(fail); err != nil {
		t.Fatal(err)
	}
	reloaded("the fix", func(h1 string, titled bool) bool { return titled && h1 != "The site could not be built" })
}
