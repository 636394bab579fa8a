package sitebuild

import (
	"bytes"
	"strings"
)

// The functions below write values into a page exactly as html/template's
// contextual escaper does for the contexts the hand-written page renderers
// use (element text, RCDATA such as <title>, quoted attribute values, and
// URL attributes), so that a page rendered in Go is byte for byte the page
// the theme's template renders (renderers_test.go compares them on the
// default content, the hostile content and arbitrary strings).

// htmlEscapes is html/template's replacement table for text and quoted
// attribute values (its htmlReplacementTable): every byte that could end a
// text run or an attribute value, or start markup, is replaced. Bytes of
// multi-byte UTF-8 sequences are never in it, so working on bytes is the
// same as html/template's work on runes.
var htmlEscapes = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escText writes s escaped for element text, RCDATA and quoted attribute
// values: html/template's htmlEscaper and attrEscaper for a plain string.
func escText(b *bytes.Buffer, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if int(c) < len(htmlEscapes) {
			if r := htmlEscapes[c]; r != "" {
				b.WriteString(s[written:i])
				b.WriteString(r)
				written = i + 1
			}
		}
	}
	b.WriteString(s[written:])
}

// filterFailsafe is what html/template writes in place of a URL whose
// scheme it refuses.
const filterFailsafe = "#ZgotmplZ"

// escURL writes s as a whole URL attribute value (href="{{.}}"):
// html/template's urlFilter (only http, https and mailto schemes, or none),
// then urlNormalizer, then attrEscaper.
func escURL(b *bytes.Buffer, s string) {
	if !templateSafeURL(s) {
		s = filterFailsafe
	}
	escText(b, normalizeURL(s, true))
}

// escURLPart writes s inside the query or fragment of a URL attribute value
// (href="….html#plan-{{.}}"): html/template's urlEscaper, then attrEscaper.
func escURLPart(b *bytes.Buffer, s string) {
	escText(b, normalizeURL(s, false))
}

// templateSafeURL is html/template's isSafeURL: a scheme, when the value
// has one before any slash, must be http, https or mailto.
func templateSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// normalizeURL percent-encodes the bytes of s that may not stand in a URL,
// as html/template's processURLOnto does: norm keeps reserved characters
// and valid escapes (a whole URL), !norm encodes them too (a part).
func normalizeURL(s string, norm bool) string {
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
		b.WriteString(s[written:i])
		const hex = "0123456789abcdef"
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
