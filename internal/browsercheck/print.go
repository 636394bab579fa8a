package browsercheck

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// PrintPDF loads the page and prints it to PDF on A4 paper, as the committee
// prints its report from the browser (the page's print stylesheet applies).
func (b *Browser) PrintPDF(pageURL string, timeout time.Duration) ([]byte, error) {
	ctx, cancel := b.tab(timeout)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(pageURL)); err != nil {
		return nil, fmt.Errorf("print %s: loading: %w", pageURL, err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		return nil, fmt.Errorf("print %s: %w", pageURL, err)
	}
	return pdf, nil
}

// pageObject matches a PDF page object's type entry, and not the page tree's
// "/Type /Pages". Chromium writes its page objects uncompressed.
var pageObject = regexp.MustCompile(`/Type\s*/Page\b`)

// PDFPages counts the pages of a PDF; an error when it is not a PDF.
func PDFPages(pdf []byte) (int, error) {
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return 0, fmt.Errorf("not a PDF: starts with %q", pdf[:min(len(pdf), 8)])
	}
	return len(pageObject.FindAllIndex(pdf, -1)), nil
}

// ScreenshotTop loads the page at the screen's size and captures what the
// screen shows of it before any scrolling, as PNG: the page's first screen.
func (b *Browser) ScreenshotTop(pageURL string, s Screen, timeout time.Duration) ([]byte, error) {
	return b.screenshot(pageURL, s, timeout, chromedp.CaptureScreenshot())
}

// Screenshot loads the page at the screen's width and captures the whole
// page, top to bottom, as PNG. Scrollbars are hidden, so a 1280 px screen
// gives a picture 1280 px wide, as a reader's overlay scrollbars would.
func (b *Browser) Screenshot(pageURL string, s Screen, timeout time.Duration) ([]byte, error) {
	return b.screenshot(pageURL, s, timeout, chromedp.FullScreenshot(100))
}

// screenshot loads the page at the screen's size with scrollbars hidden and
// runs capture on it.
func (b *Browser) screenshot(pageURL string, s Screen, timeout time.Duration, capture chromedp.Action[[]byte]) ([]byte, error) {
	ctx, cancel := b.tab(timeout)
	defer cancel()
	hide := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScrollbarsHidden, emulation.SetScrollbarsHiddenParams{Hidden: true})
		return err
	})
	if err := chromedp.Do(ctx, s.emulate(), hide, chromedp.Navigate(pageURL)); err != nil {
		return nil, fmt.Errorf("screenshot %s at %s: loading: %w", pageURL, s, err)
	}
	png, err := chromedp.Run(ctx, capture)
	if err != nil {
		return nil, fmt.Errorf("screenshot %s at %s: %w", pageURL, s, err)
	}
	return png, nil
}
