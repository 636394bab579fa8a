package browsercheck

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The harness must find each kind of problem on a page made to have it, and
// nothing on a clean page; otherwise a green run of the site's checks would
// prove nothing.

// page is an accessible, policy-abiding page around body; head adds to the
// head.
func page(head, body string) string {
	return pageIn("", head, body)
}

// pageIn is page for a page in a folder: up leads back to the site's root.
func pageIn(up, head, body string) string {
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'self'; img-src 'self' data:">
<title>Sample</title>
<link rel="stylesheet" href="` + up + `style.css">
` + head + `
</head>
<body>
<main>
<h1>Sample</h1>
` + body + `
</main>
</body>
</html>
`
}

// sample writes a small static site with one page per kind of problem.
func sample(t *testing.T, foreign string) string {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"style.css": `body { font: 16px/1.5 sans-serif; margin: 0 1rem; color: #111; background: #fff; }
.wide { width: 2000px; }
.phone-wide { width: 800px; }
.scroller { max-width: 100%; overflow-x: auto; }
.scroller table { width: 700px; }
.break { break-before: page; }
.tall { height: 200mm; }
.tall + h2 { break-after: auto; }
.block { height: 120mm; break-inside: avoid; }`,
		"dot.png":       string(png1x1),
		"index.html":    page("", `<p>All is well. <img src="dot.png" alt="A dot"></p>`),
		"sub/ok.html":   pageIn("../", "", `<p><a href="../index.html">Home</a> <img src="../dot.png" alt="A dot"></p>`),
		"missing.html":  page(`<link rel="stylesheet" href="missing.css">`, `<p>A stylesheet and an image are missing. <img src="missing.png" alt="Missing"></p>`),
		"foreign.html":  page("", `<p><img src="`+foreign+`/dot.png" alt="A foreign dot"></p>`),
		"wide.html":     page("", `<div class="wide">Too wide everywhere.</div>`),
		"phone.html":    page("", `<div class="phone-wide">Too wide for a phone only.</div>`),
		"scroller.html": page("", `<div class="scroller" role="region" tabindex="0" aria-label="A table"><table><tr><th scope="row">A row</th><td>Wider than a phone, scrolled in its box.</td></tr></table></div>`),
		"noviewport.html": strings.Replace(page("", `<p>No viewport meta.</p>`),
			`<meta name="viewport" content="width=device-width, initial-scale=1">`, "", 1),
		"inline-style.html": page("", `<p style="color: red">An inline style the policy refuses.</p>`),
		"script.html": strings.Replace(page("", `<script>console.error("something broke"); null.x;</script>`),
			"default-src 'none'", "default-src 'none'; script-src 'unsafe-inline'", 1),
		"inaccessible.html": `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Bad</title></head>
<body><main><h1>Bad</h1><img src="dot.png"><p style="color:#bbb;background:#fff">Faint text.</p></main></body></html>`,
		"orphan.html": page("", `<div class="tall">Filler.</div><h2>Orphaned heading</h2><div class="block">Its content, on the next page.</div>
<footer class="break">The footer alone.</footer>`),
		"print.html": page("", `<section><h2>One</h2></section>
<section class="break"><h2>Two</h2></section>
<section class="break"><h2>Three</h2></section>`),
	})
	return dir
}

// png1x1 is a one-pixel PNG.
var png1x1 = func() []byte {
	var buf bytes.Buffer
	img := image.NewGray(image.Rect(0, 0, 1, 1))
	if err := png.Encode(&buf, img); err != nil {
		panic(err)
	}
	return buf.Bytes()
}()

func kinds(r *Result) []Kind {
	var ks []Kind
	for _, p := range r.Problems {
		if !slices.Contains(ks, p.Kind) {
			ks = append(ks, p.Kind)
		}
	}
	slices.Sort(ks)
	return ks
}

func TestHarnessFindsEachProblem(t *testing.T) {
	b := browser(t)
	other := Serve(sample(t, ""))
	defer other.Close()
	srv := Serve(sample(t, other.URL))
	defer srv.Close()
	screens := []Screen{Desktop, Phone}

	check := func(t *testing.T, p string) *Result {
		t.Helper()
		r, err := b.Check(srv.URL+"/"+p, screens, pageTimeout)
		if err != nil {
			t.Fatal(err)
		}
		for _, pr := range r.Problems {
			t.Log(pr)
		}
		return r
	}
	// has asserts the page has problems of kind k at exactly the screens
	// given, each mentioning want.
	has := func(t *testing.T, r *Result, k Kind, want string, at ...Screen) {
		t.Helper()
		var seen []Screen
		for _, p := range r.Of(k) {
			if !strings.Contains(p.Text, want) {
				continue
			}
			if !slices.Contains(seen, p.Screen) {
				seen = append(seen, p.Screen)
			}
		}
		if !slices.Equal(seen, at) {
			t.Errorf("%s problems mentioning %q at %v, want at %v; all: %v", k, want, seen, at, r.Problems)
		}
	}

	// found asserts the page has a problem of kind k mentioning want, at
	// any screen: what happens while the page loads shows at the first
	// screen, or later when the browser reports it late.
	found := func(t *testing.T, r *Result, k Kind, want string) {
		t.Helper()
		for _, p := range r.Of(k) {
			if strings.Contains(p.Text, want) {
				return
			}
		}
		t.Errorf("no %s problem mentioning %q; all: %v", k, want, r.Problems)
	}

	t.Run("clean", func(t *testing.T) {
		for _, p := range []string{"", "sub/ok.html", "print.html"} {
			if r := check(t, p); len(r.Problems) > 0 {
				t.Errorf("%s: %d problems on a clean page: %v", p, len(r.Problems), r.Problems)
			}
		}
	})
	t.Run("missing stylesheet", func(t *testing.T) {
		r := check(t, "missing.html")
		found(t, r, Request, "missing.css failed")
		found(t, r, Request, "missing.png answered 404")
		if got := kinds(r); !slices.Equal(got, []Kind{Console, Request}) {
			t.Errorf("kinds %v, want the 404 and the browser's log of it", got)
		}
	})
	t.Run("foreign request", func(t *testing.T) {
		r := check(t, "foreign.html")
		found(t, r, Foreign, other.URL+"/dot.png")
	})
	t.Run("too wide everywhere", func(t *testing.T) {
		r := check(t, "wide.html")
		has(t, r, Overflow, "div.wide", Desktop, Phone)
		has(t, r, Overflow, "2016 px wide in a 1280 px window", Desktop)
		has(t, r, Overflow, "2016 px wide in a 390 px window", Phone)
	})
	t.Run("too wide for a phone", func(t *testing.T) {
		r := check(t, "phone.html")
		has(t, r, Overflow, "div.phone-wide", Phone)
	})
	t.Run("text scrolls sideways in its box on a phone", func(t *testing.T) {
		r := check(t, "scroller.html")
		has(t, r, Sideways, "div.scroller (", Phone)
		if got := kinds(r); !slices.Equal(got, []Kind{Sideways}) {
			t.Errorf("kinds %v, want only the box that scrolls (the page itself fits)", got)
		}
	})
	t.Run("no viewport meta", func(t *testing.T) {
		r := check(t, "noviewport.html")
		has(t, r, Viewport, "980 px wide on a 390 px phone", Phone)
		if len(r.Problems) != 1 {
			t.Errorf("want only the viewport problem, got %v", r.Problems)
		}
	})
	t.Run("policy refuses an inline style", func(t *testing.T) {
		r := check(t, "inline-style.html")
		found(t, r, Console, "Content Security Policy")
	})
	t.Run("console error and exception", func(t *testing.T) {
		r := check(t, "script.html")
		found(t, r, Console, "console.error: something broke")
		found(t, r, Console, "Uncaught TypeError")
	})
	t.Run("accessibility", func(t *testing.T) {
		r := check(t, "inaccessible.html")
		var ids []string
		for _, p := range r.Of(Axe) {
			if p.Screen == Desktop {
				ids = append(ids, p.Violation.ID)
			}
		}
		slices.Sort(ids)
		want := []string{"color-contrast", "html-has-lang", "image-alt"}
		if !slices.Equal(ids, want) {
			t.Errorf("axe violations %v, want %v", ids, want)
		}
		has(t, r, Axe, `image-alt (critical)`, Desktop, Phone)
		has(t, r, Axe, `<img src="dot.png">`, Desktop, Phone)
	})
}

func TestPrintPDF(t *testing.T) {
	b := browser(t)
	srv := Serve(sample(t, ""))
	defer srv.Close()
	for p, want := range map[string]int{"print.html": 3, "index.html": 1} {
		pdf, err := b.PrintPDF(srv.URL+"/"+p, pageTimeout)
		if err != nil {
			t.Fatal(err)
		}
		n, err := PDFPages(pdf)
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("%s printed on %d pages, want %d", p, n, want)
		}
	}
	if _, err := PDFPages([]byte("<html>")); err == nil {
		t.Error("HTML taken for a PDF")
	}
}

// TestPrintProblemsFound prints a page whose heading is left alone at the
// foot of the first page and whose footer stands alone on the last, reads
// the PDF's text back, and finds both.
func TestPrintProblemsFound(t *testing.T) {
	b := browser(t)
	dir := sample(t, "")
	srv := Serve(dir)
	defer srv.Close()
	pdf, err := b.PrintPDF(srv.URL+"/orphan.html", pageTimeout)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := PDFText(pdf)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, p := range pages {
		var s string
		for _, r := range p {
			s += r.Text
		}
		texts = append(texts, s)
	}
	if len(pages) != 3 || !strings.Contains(texts[0], "Orphaned heading") || !strings.Contains(texts[1], "Its content") || texts[2] != "The footer alone." {
		t.Fatalf("the sample printed as %d pages reading %q", len(pages), texts)
	}
	html, err := os.ReadFile(filepath.Join(dir, "orphan.html"))
	if err != nil {
		t.Fatal(err)
	}
	rp, err := reportParts(html)
	if err != nil {
		t.Fatal(err)
	}
	got := printProblems(pages, rp)
	want := []string{"page 3 holds only the footer", `page 1 ends with the heading "Orphaned heading", alone at the page's foot`}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("problems %q, want %q", got, want)
	}
}

func TestScreenshot(t *testing.T) {
	b := browser(t)
	srv := Serve(sample(t, ""))
	defer srv.Close()
	for _, s := range []Screen{Desktop, Phone} {
		shot, err := b.Screenshot(srv.URL+"/wide.html", s, pageTimeout)
		if err != nil {
			t.Fatal(err)
		}
		w, h, err := pngSize(shot)
		if err != nil {
			t.Fatal(err)
		}
		// Full page: the 2000 px wide block widens the capture beyond the
		// window.
		if w != 2016 {
			t.Errorf("%s: screenshot %dx%d, want the whole 2016 px wide page", s, w, h)
		}
	}
	shot, err := b.Screenshot(srv.URL+"/index.html", Phone, pageTimeout)
	if err != nil {
		t.Fatal(err)
	}
	if w, _, err := pngSize(shot); err != nil || w != 390 {
		t.Errorf("phone screenshot %d px wide (%v), want 390", w, err)
	}
}

func pngSize(b []byte) (int, int, error) {
	c, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return 0, 0, fmt.Errorf("screenshot: %w", err)
	}
	return c.Width, c.Height, nil
}
