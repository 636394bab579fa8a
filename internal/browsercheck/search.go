package browsercheck

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Hit is one result the site's search listed: the link's text and its
// address as the browser resolved it.
type Hit struct {
	Text string `json:"text"`
	Href string `json:"href"`
}

// SearchResult is what typing a query into a page's search box showed.
type SearchResult struct {
	// Status is what the box said of the results ("3 treff").
	Status string
	Hits   []Hit
	// FirstFocused says the Down arrow key in the box moved the focus to
	// the first result, so the results are reachable by keyboard.
	FirstFocused bool
	// Problems are what the page had while searching: console errors,
	// failed requests and requests leaving the site, sideways scrolling
	// and, with axe-core over HTTP, violations with the results shown.
	Problems []Problem
}

// searchState is what the page says of its search box.
type searchState struct {
	Shown  bool   `json:"shown"`
	Status string `json:"status"`
	Hits   []Hit  `json:"hits"`
	First  bool   `json:"first"`
}

const readSearch = `(() => {
  const box = document.querySelector('.site-search');
  const links = [...document.querySelectorAll('#site-search-results a')];
  return {shown: !!box && !box.hidden && box.offsetParent !== null,
    status: (document.getElementById('site-search-status') || {}).textContent || '',
    hits: links.map((a) => ({text: a.textContent, href: a.href})),
    first: links.length > 0 && document.activeElement === links[0]};
})()`

// Search loads the page at the screen, waits for the search box to show
// (the script reveals it), types query into it key by key as a reader
// would, waits until the box says what it found, presses the Down arrow
// key, and reports the results and every problem the page had meanwhile.
func (b *Browser) Search(pageURL, query string, s Screen, timeout time.Duration) (*SearchResult, error) {
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", pageURL, err)
	}
	ctx, cancel := b.tab(timeout)
	defer cancel()
	ev := &events{origin: u.Scheme + "://" + u.Host, urls: map[network.RequestID]string{}, screen: s}
	if err := chromedp.Listen(ctx, ev.listen); err != nil {
		return nil, fmt.Errorf("search %s: opening a tab: %w", pageURL, err)
	}
	if err := chromedp.Do(ctx, s.emulate(), chromedp.Navigate(pageURL)); err != nil {
		return nil, fmt.Errorf("search %s: loading: %w", pageURL, err)
	}
	wait := chromedp.WithPollingTimeout(10 * time.Second)
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`(() => { const b = document.querySelector('.site-search'); return !!b && !b.hidden; })()`, wait)); err != nil {
		return nil, fmt.Errorf("search %s: the search box never showed: %w", pageURL, err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys("#site-search", query)); err != nil {
		return nil, fmt.Errorf("search %s: typing %q: %w", pageURL, query, err)
	}
	// The results list says which query it holds the results of
	// (data-for): the box searches as the reader types, so the status of
	// the first letters comes before that of the whole query.
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`(() => { const i = document.getElementById('site-search'), r = document.getElementById('site-search-results');
  return r.getAttribute('data-for') === i.value && i.value !== '' && document.getElementById('site-search-status').textContent !== ''; })()`, wait)); err != nil {
		return nil, fmt.Errorf("search %s for %q: the box never said what it found: %w", pageURL, query, err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown)); err != nil {
		return nil, fmt.Errorf("search %s: pressing the Down arrow: %w", pageURL, err)
	}
	// The focus must stay where the key put it, even when the box is asked
	// to search again for what it shows: the index can arrive just after
	// the last key, while that key's typing timer is still pending. One
	// more input event for the same text sets such a timer; then wait past
	// the typing delay (60 ms), so that a rebuild of the list would show.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('site-search').dispatchEvent(new Event('input'))`)); err != nil {
		return nil, fmt.Errorf("search %s: %w", pageURL, err)
	}
	if err := chromedp.Do(ctx, chromedp.Sleep(250*time.Millisecond)); err != nil {
		return nil, fmt.Errorf("search %s: %w", pageURL, err)
	}
	st, err := chromedp.Run(ctx, chromedp.Evaluate[searchState](readSearch))
	if err != nil {
		return nil, fmt.Errorf("search %s: reading the results: %w", pageURL, err)
	}
	// From the file system axe-core would read the page's stylesheet by
	// XMLHttpRequest, which the page's own policy refuses (connect-src): it
	// runs over HTTP, and from file:// the page's layout is measured alone.
	var found []Problem
	if b.axe != "" && u.Scheme != "file" {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](b.axe)); err != nil {
			return nil, fmt.Errorf("search %s: injecting axe-core: %w", pageURL, err)
		}
		found, err = b.inspect(ctx, s)
	} else {
		found, err = layoutProblems(ctx, s)
	}
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", pageURL, err)
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	return &SearchResult{Status: st.Status, Hits: st.Hits, FirstFocused: st.First, Problems: append(ev.problems, found...)}, nil
}

// disableScripts turns the tab's JavaScript off, as a reader's browser
// setting would.
var disableScripts = chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
	_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	return err
})

// ScriptsOff loads the page with JavaScript disabled and reports whether
// the search box shows, and every problem the page has so (sideways
// scrolling, failed requests and requests leaving the site).
func (b *Browser) ScriptsOff(pageURL string, s Screen, timeout time.Duration) (searchShown bool, problems []Problem, err error) {
	u, err := url.Parse(pageURL)
	if err != nil {
		return false, nil, fmt.Errorf("load %s: %w", pageURL, err)
	}
	ctx, cancel := b.tab(timeout)
	defer cancel()
	ev := &events{origin: u.Scheme + "://" + u.Host, urls: map[network.RequestID]string{}, screen: s}
	if err := chromedp.Listen(ctx, ev.listen); err != nil {
		return false, nil, fmt.Errorf("load %s: opening a tab: %w", pageURL, err)
	}
	if err := chromedp.Do(ctx, s.emulate(), disableScripts, chromedp.Navigate(pageURL)); err != nil {
		return false, nil, fmt.Errorf("load %s without scripts: %w", pageURL, err)
	}
	// The page's own scripts are off; the checks' own evaluation still
	// runs, as DevTools' does.
	st, err := chromedp.Run(ctx, chromedp.Evaluate[searchState](readSearch))
	if err != nil {
		return false, nil, fmt.Errorf("load %s: reading the search box: %w", pageURL, err)
	}
	// axe-core cannot run in a page whose scripts are off (its timers never
	// fire); Check runs it over the same page with them on.
	found, err := layoutProblems(ctx, s)
	if err != nil {
		return false, nil, fmt.Errorf("load %s: %w", pageURL, err)
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	return st.Shown, append(ev.problems, found...), nil
}
