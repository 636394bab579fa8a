package browsercheck

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Screen is a browser window size a page is checked at.
type Screen struct {
	// Width and Height are in CSS pixels.
	Width, Height int64
	// Mobile emulates a phone: the page's viewport meta decides the layout
	// width, as on a real phone.
	Mobile bool
}

// Desktop and Phone are the two screens every page is checked at: a laptop
// and a 390 px wide phone.
var (
	Desktop = Screen{Width: 1280, Height: 900}
	Phone   = Screen{Width: 390, Height: 844, Mobile: true}
)

// String names the screen in reports.
func (s Screen) String() string {
	return fmt.Sprintf("%d px", s.Width)
}

// emulate sets the tab's window to the screen.
func (s Screen) emulate() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width:             s.Width,
			Height:            s.Height,
			DeviceScaleFactor: 1,
			Mobile:            s.Mobile,
		})
		return err
	})
}

// Kind is the kind of a problem a page has.
type Kind string

// The kinds of problems.
const (
	// Console is an error written to the console or an uncaught exception.
	Console Kind = "console"
	// Request is a request that failed or answered with a status of 400 or
	// more.
	Request Kind = "request"
	// Foreign is a request that leaves the site.
	Foreign Kind = "foreign"
	// Overflow is a page wider than the screen (horizontal scrolling).
	Overflow Kind = "overflow"
	// Viewport is a phone screen laid out wider than the phone: the page has
	// no working viewport meta.
	Viewport Kind = "viewport"
	// Sideways is a part of the page's text that scrolls sideways inside
	// the page on a phone (a table too wide for its scrolling box), though
	// the page itself fits. A chart (.chart-scroll) may scroll: it is a
	// picture, and its data stand in a table beside it.
	Sideways Kind = "sideways"
	// Axe is a WCAG 2.1 A/AA violation that axe-core found.
	Axe Kind = "axe"
)

// Problem is one thing wrong with a page.
type Problem struct {
	Kind Kind
	// Screen is the screen the problem showed at.
	Screen Screen
	// Text says what is wrong, with enough detail to find it.
	Text string
	// Violation is set for Axe problems.
	Violation *Violation
}

// String renders the problem for a test log.
func (p Problem) String() string {
	return fmt.Sprintf("[%s at %s] %s", p.Kind, p.Screen, p.Text)
}

// Result is what checking one page found.
type Result struct {
	URL      string
	Problems []Problem
}

// Of returns the problems of one kind.
func (r *Result) Of(k Kind) []Problem {
	var out []Problem
	for _, p := range r.Problems {
		if p.Kind == k {
			out = append(out, p)
		}
	}
	return out
}

// events collects what a tab reports while a page loads. The listener runs
// on the tab's reading goroutine, before the reply to any later command is
// read, so once a command returns every earlier event has been recorded.
type events struct {
	mu       sync.Mutex
	origin   string
	screen   Screen
	urls     map[network.RequestID]string
	problems []Problem
}

func (e *events) add(k Kind, format string, args ...any) {
	e.problems = append(e.problems, Problem{Kind: k, Screen: e.screen, Text: fmt.Sprintf(format, args...)})
}

func (e *events) listen(ev any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			e.add(Console, "console.%s: %s", ev.Type, remoteText(ev.Args))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + firstLine(d.Exception.Description)
		}
		e.add(Console, "exception at %s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, text)
	case *log.EventEntryAdded:
		// The browser's own log: refused resources, Content-Security-Policy
		// violations, failed loads.
		if en := ev.Entry; en.Level == log.EntryLevelError && !e.browserOwn(en.URL) {
			e.add(Console, "%s error: %s (%s)", en.Source, en.Text, en.URL)
		}
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		if e.browserOwn(u) {
			return
		}
		e.urls[ev.RequestID] = u
		if !local(u, e.origin) {
			e.add(Foreign, "request leaves the site: %s %s", ev.Request.Method, u)
		}
	case *network.EventResponseReceived:
		if r := ev.Response; r != nil && r.Status >= 400 && !e.browserOwn(r.URL) {
			e.add(Request, "%s answered %d %s", r.URL, r.Status, r.StatusText)
		}
	case *network.EventLoadingFailed:
		if _, ok := e.urls[ev.RequestID]; !ok {
			return
		}
		reason := ev.ErrorText
		if ev.BlockedReason != "" {
			reason += " (blocked: " + string(ev.BlockedReason) + ")"
		}
		e.add(Request, "%s failed: %s", e.urls[ev.RequestID], reason)
	}
}

// browserOwn says whether the browser asked for the URL on its own, not
// because of the page: Chromium asks every new site for /favicon.ico when its
// pages name no icon, and a reader never sees that request fail.
func (e *events) browserOwn(u string) bool {
	return u == e.origin+"/favicon.ico"
}

// local says whether a request stays on the site: the test server's origin,
// or data the page carries itself.
func local(u, origin string) bool {
	if strings.HasPrefix(u, "data:") || u == "about:blank" {
		return true
	}
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	return p.Scheme+"://"+p.Host == origin
}

func remoteText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		switch {
		case a == nil:
			parts = append(parts, "null")
		case a.Type == runtime.RemoteObjectTypeString:
			var v string
			if json.Unmarshal([]byte(a.Value), &v) != nil {
				v = string(a.Value)
			}
			parts = append(parts, v)
		case a.Description != "":
			parts = append(parts, firstLine(a.Description))
		default:
			parts = append(parts, string(a.Value))
		}
	}
	return strings.Join(parts, " ")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// Check loads the page at pageURL in a new tab and, at each screen in turn,
// reports every problem: console errors and exceptions, failed requests and
// answers of 400 or more, requests leaving pageURL's origin, horizontal
// scrolling, a phone layout wider than the phone and, when the browser has
// axe-core, WCAG 2.1 A/AA violations. The page is loaded once and the window
// resized between screens, as a reader turning a tablet or narrowing a
// window would; the layout and the media queries follow the new size.
// timeout bounds the whole page. The error is for a page that could not be
// checked at all.
func (b *Browser) Check(pageURL string, screens []Screen, timeout time.Duration) (*Result, error) {
	u, err := url.Parse(pageURL)
	if err != nil || len(screens) == 0 {
		return nil, fmt.Errorf("check %s: no page or no screen (%v)", pageURL, err)
	}
	ctx, cancel := b.tab(timeout)
	defer cancel()
	ev := &events{origin: u.Scheme + "://" + u.Host, urls: map[network.RequestID]string{}, screen: screens[0]}
	if err := chromedp.Listen(ctx, ev.listen); err != nil {
		return nil, fmt.Errorf("check %s: opening a tab: %w", pageURL, err)
	}
	if err := chromedp.Do(ctx, screens[0].emulate(), chromedp.Navigate(pageURL)); err != nil {
		return nil, fmt.Errorf("check %s at %s: loading: %w", pageURL, screens[0], err)
	}
	if b.axe != "" {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](b.axe)); err != nil {
			return nil, fmt.Errorf("check %s: injecting axe-core: %w", pageURL, err)
		}
	}
	for i, s := range screens {
		if i > 0 {
			ev.mu.Lock()
			ev.screen = s
			ev.mu.Unlock()
			if err := chromedp.Do(ctx, s.emulate()); err != nil {
				return nil, fmt.Errorf("check %s at %s: resizing: %w", pageURL, s, err)
			}
		}
		found, err := b.inspect(ctx, s)
		if err != nil {
			return nil, fmt.Errorf("check %s at %s: %w", pageURL, s, err)
		}
		ev.mu.Lock()
		ev.problems = append(ev.problems, found...)
		ev.mu.Unlock()
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	return &Result{URL: pageURL, Problems: ev.problems}, nil
}

// layout is what the page measures of its own width.
type layout struct {
	ScrollWidth int64    `json:"scrollWidth"`
	ClientWidth int64    `json:"clientWidth"`
	Wide        []string `json:"wide"`
	// Scrolling are the boxes that scroll their text sideways.
	Scrolling []string `json:"scrolling"`
}

// measureLayout measures the document's width and, when it is wider than
// the window, names the innermost elements sticking out on the right so the
// cause can be found.
const measureLayout = `(() => {
  const de = document.documentElement;
  const out = {scrollWidth: de.scrollWidth, clientWidth: de.clientWidth, wide: [], scrolling: []};
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim()) s += '.' + el.className.trim().split(/\s+/).join('.');
    return s;
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.chart-scroll, svg')) continue;
    const x = getComputedStyle(el).overflowX;
    if ((x === 'auto' || x === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
      out.scrolling.push(name(el) + ' (' + el.scrollWidth + ' px of text in ' + el.clientWidth + ' px)');
      if (out.scrolling.length >= 5) break;
    }
  }
  if (de.scrollWidth <= de.clientWidth) return out;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right <= de.clientWidth + 1) continue;
    if ([...el.children].some((c) => c.getBoundingClientRect().right > de.clientWidth + 1)) continue;
    let path = name(el), p = el.parentElement;
    for (let i = 0; p && p !== document.body && i < 3; i++, p = p.parentElement) path = name(p) + ' > ' + path;
    out.wide.push(path + ' (right edge ' + Math.round(r.right) + ' px)');
    if (out.wide.length >= 5) break;
  }
  return out;
})()`

// inspect checks the loaded page at one screen.
func (b *Browser) inspect(ctx context.Context, s Screen) ([]Problem, error) {
	found, err := layoutProblems(ctx, s)
	if err != nil {
		return nil, err
	}
	if b.axe != "" {
		vs, err := b.runAxe(ctx)
		if err != nil {
			return nil, err
		}
		for i := range vs {
			found = append(found, Problem{Kind: Axe, Screen: s, Text: vs[i].String(), Violation: &vs[i]})
		}
	}
	return found, nil
}

// layoutProblems measures the loaded page's width at one screen.
func layoutProblems(ctx context.Context, s Screen) ([]Problem, error) {
	var found []Problem
	l, err := chromedp.Run(ctx, chromedp.Evaluate[layout](measureLayout))
	if err != nil {
		return nil, fmt.Errorf("measuring the layout: %w", err)
	}
	if s.Mobile && l.ClientWidth > s.Width {
		found = append(found, Problem{Kind: Viewport, Screen: s, Text: fmt.Sprintf(
			"laid out %d px wide on a %d px phone: the page needs <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
			l.ClientWidth, s.Width)})
	}
	if s.Mobile && len(l.Scrolling) > 0 {
		found = append(found, Problem{Kind: Sideways, Screen: s, Text: "text scrolls sideways inside the page: " + strings.Join(l.Scrolling, "; ")})
	}
	if l.ScrollWidth > l.ClientWidth {
		text := fmt.Sprintf("scrolls sideways: the document is %d px wide in a %d px window", l.ScrollWidth, l.ClientWidth)
		if len(l.Wide) > 0 {
			text += "; sticking out: " + strings.Join(l.Wide, "; ")
		}
		found = append(found, Problem{Kind: Overflow, Screen: s, Text: text})
	}
	return found, nil
}
