package browsercheck

import (
	"strings"
	"testing"
)

// These run without a browser.

func TestLocal(t *testing.T) {
	const origin = "http://127.0.0.1:4000"
	for u, want := range map[string]bool{
		"http://127.0.0.1:4000/style.css":      true,
		"http://127.0.0.1:4000/":               true,
		"data:image/png;base64,AAAA":           true,
		"about:blank":                          true,
		"http://127.0.0.1:4001/style.css":      false,
		"https://127.0.0.1:4000/style.css":     false,
		"http://fonts.example.com/font.woff2":  false,
		"http://127.0.0.1:4000.evil.example/x": false,
		"javascript:alert(1)":                  false,
		"http://user@127.0.0.1:4000/style.css": true,
		"%zz":                                  false,
	} {
		if got := local(u, origin); got != want {
			t.Errorf("local(%q) = %v, want %v", u, got, want)
		}
	}
}

func TestPDFPages(t *testing.T) {
	pdf := []byte("%PDF-1.4\n1 0 obj <</Type /Pages /Count 2 /Kids [2 0 R 3 0 R]>> endobj\n" +
		"2 0 obj <</Type /Page /Parent 1 0 R>> endobj\n3 0 obj <</Type/Page/Parent 1 0 R>> endobj\n%%EOF")
	if n, err := PDFPages(pdf); err != nil || n != 2 {
		t.Errorf("PDFPages = %d, %v; want 2 pages", n, err)
	}
	if _, err := PDFPages([]byte("<!DOCTYPE html>")); err == nil || !strings.Contains(err.Error(), "not a PDF") {
		t.Errorf("HTML taken for a PDF: %v", err)
	}
}

func TestViolationString(t *testing.T) {
	v := Violation{ID: "image-alt", Impact: "critical", Help: "Images must have alternative text", Nodes: 2,
		Target: "main > img", HTML: "<img\n   src=\"a.png\">", Summary: "Fix any of the following:\n  Element does not have an alt attribute"}
	want := `image-alt (critical): Images must have alternative text — 2 element(s), first main > img: <img src="a.png"> — Fix any of the following: Element does not have an alt attribute`
	if got := v.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
