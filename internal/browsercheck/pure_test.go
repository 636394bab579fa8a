package browsercheck

import (
	"bytes"
	"compress/zlib"
	"fmt"
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

// TestPDFText reads a PDF written by hand the way Chromium writes one: a
// page tree of two pages, a compressed content stream with marked content,
// Tj and TJ, and a ToUnicode map of single codes and a range.
func TestPDFText(t *testing.T) {
	deflate := func(s string) string {
		var b bytes.Buffer
		w := zlib.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.String()
	}
	stream := func(n int, data string, compressed bool) string {
		filter := ""
		if compressed {
			data, filter = deflate(data), "/Filter /FlateDecode\n"
		}
		return fmt.Sprintf("%d 0 obj\n<<%s/Length %d>> stream\n%s\nendstream\nendobj\n", n, filter, len(data), data)
	}
	cmap := "/CIDInit /ProcSet findresource begin\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n" +
		"2 beginbfchar\n<0001> <0048>\n<0004> <00E5>\nendbfchar\n1 beginbfrange\n<0002> <0003> <0069>\nendbfrange\nendcmap\n"
	pdf := "%PDF-1.4\n%\xd3\xeb\xe9\xe1\n" +
		"1 0 obj\n<</Type /Catalog\n/Pages 2 0 R>>\nendobj\n" +
		"2 0 obj\n<</Type /Pages\n/Count 2\n/Kids [3 0 R 7 0 R]>>\nendobj\n" +
		"3 0 obj\n<</Type /Page\n/Resources <</ProcSet [/PDF /Text]\n/Font <</F4 4 0 R>>>>\n/Contents 5 0 R\n/Parent 2 0 R>>\nendobj\n" +
		"4 0 obj\n<</Type /Font\n/Subtype /Type0\n/Encoding /Identity-H\n/ToUnicode 6 0 R>>\nendobj\n" +
		stream(5, "q\n/H2 <</MCID 0 >>BDC\nBT\n/F4 18.4 Tf\n1 0 0 -1 0 20 Tm\n<0001> Tj\n13.4 0 Td <0002> Tj\nET\nEMC\n"+
			"/P <</MCID 1 >>BDC\nBT\n/F4 10 Tf\n[<0003> -250 <00010004>] TJ\nET\nEMC\nQ\n", true) +
		stream(6, cmap, true) +
		"7 0 obj\n<</Type /Page\n/Resources <</Font <</F4 4 0 R>>>>\n/Contents [8 0 R]\n/Parent 2 0 R>>\nendobj\n" +
		stream(8, "/Artifact BMC\nBT /F4 9 Tf <00020003> Tj ET\nEMC\n", false) +
		"trailer\n<</Root 1 0 R>>\n%%EOF\n"
	pages, err := PDFText([]byte(pdf))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]PDFRun{{{Tag: "H2", Text: "Hi"}, {Tag: "P", Text: "jHå"}}, {{Tag: "Artifact", Text: "ij"}}}
	if fmt.Sprint(pages) != fmt.Sprint(want) {
		t.Errorf("PDFText = %v, want %v", pages, want)
	}
	if _, err := PDFText([]byte("<!DOCTYPE html>")); err == nil {
		t.Error("HTML read as a PDF")
	}
	if _, err := PDFText([]byte("%PDF-1.4\n1 0 obj\n<</Type /Catalog /Pages 2 0 R>>\nendobj\n")); err == nil {
		t.Error("a PDF without its page tree read without an error")
	}
}
