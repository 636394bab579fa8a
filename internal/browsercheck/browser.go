// Package browsercheck loads a built site in a real browser (Debian's
// Chromium, driven over the DevTools protocol) and reports what a reader
// would meet: console errors and exceptions, requests that fail or leave the
// site, pages wider than the screen, WCAG 2.1 A/AA violations found by
// axe-core, and a committee report that does not print. It also takes the
// screenshots the documentation shows.
//
// The checks need two things the Go toolchain does not bring: a Chromium
// binary and axe-core's axe.min.js. ExecPath and AxePath say where they are
// looked for.
package browsercheck

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultExecPath is where Debian's chromium package installs the browser.
const DefaultExecPath = "/usr/bin/chromium"

// ExecPath is the browser to run: $PMGOV_CHROMIUM when set, else Debian's
// /usr/bin/chromium.
func ExecPath() string {
	if p := os.Getenv("PMGOV_CHROMIUM"); p != "" {
		return p
	}
	return DefaultExecPath
}

// AxePath is axe-core's axe.min.js as $PMGOV_AXE names it ("" when unset).
// CI installs axe-core from npm and sets the variable (.ci/run).
func AxePath() string {
	return os.Getenv("PMGOV_AXE")
}

// Missing says what the checks need and cannot find, in words a person can
// act on; nil when the browser and axe-core are both there.
func Missing() error {
	var errs []error
	if _, err := exec.LookPath(ExecPath()); err != nil {
		errs = append(errs, fmt.Errorf("no browser at %s (install Debian's chromium: apt-get install -y chromium, or set PMGOV_CHROMIUM): %w", ExecPath(), err))
	}
	switch p := AxePath(); {
	case p == "":
		errs = append(errs, errors.New("PMGOV_AXE is not set (npm install --prefix .ci axe-core@4.14.1, then PMGOV_AXE=$PWD/.ci/node_modules/axe-core/axe.min.js)"))
	default:
		if _, err := os.Stat(p); err != nil {
			errs = append(errs, fmt.Errorf("PMGOV_AXE: %w", err))
		}
	}
	return errors.Join(errs...)
}

// Browser is one running headless Chromium. Every page is loaded in a tab of
// its own, so one page's events never mix with another's, and the browser is
// started once for a whole run.
type Browser struct {
	ctx     context.Context
	cancel  context.CancelFunc
	dataDir string
	axe     string
}

// Options configure Launch.
type Options struct {
	// ExecPath is the browser binary ("": ExecPath()).
	ExecPath string
	// Axe is the source of axe.min.js; empty means no accessibility checks.
	Axe string
	// Start bounds how long the browser may take to start (0: 60 s).
	Start time.Duration
}

// Launch starts a headless Chromium with a fresh profile. The flags are the
// ones known to work on the project's machines: without the
// background-networking ones Chromium keeps trying to reach Google's hosts,
// which a closed network refuses.
func Launch(opt Options) (*Browser, error) {
	path := opt.ExecPath
	if path == "" {
		path = ExecPath()
	}
	dataDir, err := os.MkdirTemp("", "pmgov-chromium-")
	if err != nil {
		return nil, fmt.Errorf("browser profile: %w", err)
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dataDir),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	b := &Browser{
		ctx:     ctx,
		dataDir: dataDir,
		axe:     opt.Axe,
		cancel: func() {
			cancel()
			allocCancel()
		},
	}
	// The first action starts the browser. Its context must be the
	// browser's own (a timeout on it would stop the browser later), so the
	// start is bounded by a timer instead.
	start := opt.Start
	if start == 0 {
		start = 60 * time.Second
	}
	timer := time.AfterFunc(start, b.cancel)
	err = chromedp.Do(ctx)
	stopped := !timer.Stop()
	if err != nil || stopped {
		b.Close()
		if stopped {
			return nil, fmt.Errorf("browser %s did not start within %s", path, start)
		}
		return nil, fmt.Errorf("starting browser %s: %w", path, err)
	}
	return b, nil
}

// Close stops the browser and removes its profile.
func (b *Browser) Close() {
	b.cancel()
	_ = os.RemoveAll(b.dataDir)
}

// tab opens a new tab that closes when the returned cancel is called or the
// timeout passes.
func (b *Browser) tab(timeout time.Duration) (context.Context, context.CancelFunc) {
	tctx, cancel := context.WithTimeout(b.ctx, timeout)
	ctx, tabCancel := chromedp.NewContext(tctx)
	return ctx, func() {
		tabCancel()
		cancel()
	}
}
