package sitebuild

import (
	"bytes"
	"strings"
)

// The escapers below are the ones html/template's escaper puts into the
// pages written in Go (pages_gen.go). html/template decides which of them
// each value gets: pagegen_test.go reads the escaped parse tree, in which
// html/template has appended its escaper calls (_html_template_htmlescaper,
// _html_template_urlfilter, …) to every action, and maps each call to the
// function of the same name here. html/template does not export these
// functions, and calling them through a template per value would cost what
// the Go pages save, so they are copies of html/template's own code for a
// plain string (its only other inputs, typed content such as template.HTML,
// are handled by the generator or refused by it). They are held to
// html/template by escapers_test.go: every rune, every short string of the
// bytes that matter to a URL and a fuzz target go through each one and
// through a template that html/template escapes with that function, and the
// outputs must be the same bytes. The generator refuses an escaper that is
// not in that test's table, so a template that puts a value into a new
// context (a script, a style, an unquoted attribute) cannot get a page
// written in Go without an escaper checked this way.

// htmlReplacementTable is html/template's table of the same name: what
// htmlEscaper, attrEscaper and rcdataEscaper replace. Only ASCII runes and
// NUL are in it, so working on bytes is the same as html/template's work
// on runes (a multi-byte or invalid UTF-8 sequence is kept as it is).
var htmlReplacementTable = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// writeHTMLEscaped writes htmlEscaper(s) into b without building the
// string.
func writeHTMLEscaped(b *bytes.Buffer, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; int(c) < len(htmlReplacementTable) {
			if r := htmlReplacementTable[c]; r != "" {
				b.WriteString(s[written:i])
				b.WriteString(r)
				written = i + 1
			}
		}
	}
	b.WriteString(s[written:])
}

// htmlEscaper is html/template's htmlEscaper (element text) for a plain
// string. Its attrEscaper (quoted attribute values) and rcdataEscaper
// (<title>, <textarea>) are the same function for a plain string: all
// three are htmlReplacer(s, htmlReplacementTable, true).
func htmlEscaper(s string) string {
	var b bytes.Buffer
	writeHTMLEscaped(&b, s)
	return b.String()
}

// filterFailsafe is html/template's replacement of a value it refuses.
const filterFailsafe = "ZgotmplZ"

// urlFilter is html/template's urlFilter for a plain string: a URL whose
// scheme is not http, https or mailto becomes "#ZgotmplZ".
func urlFilter(s string) string {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return "#" + filterFailsafe
		}
	}
	return s
}

// urlNormalizer is html/template's urlNormalizer (a whole URL) for a plain
// string: bytes that may not stand in a URL are percent-encoded, reserved
// characters and valid escapes are kept.
func urlNormalizer(s string) string { return processURL(s, true) }

// urlEscaper is html/template's urlEscaper (a value inside a URL's path,
// query or fragment) for a plain string: reserved characters are encoded
// too.
func urlEscaper(s string) string { return processURL(s, false) }

// processURL is html/template's processURLOnto.
func processURL(s string, norm bool) string {
	var b strings.Builder
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		if written == 0 {
			b.Grow(len(s) + 16)
		}
		const hex = "0123456789abcdef"
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
