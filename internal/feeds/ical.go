// Package feeds writes the site's calendar (iCalendar, RFC 5545) and news
// feed (Atom, RFC 4287) from plain values: what goes in them is the site
// generator's business, how they are written is this package's. Both are
// deterministic: the same values give the same bytes.
package feeds

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one all-day event of a calendar.
type Event struct {
	// UID identifies the event across builds, so that a calendar program
	// updates it rather than adding it again: derive it from what the
	// event is about (a meeting's date, a report's center and period),
	// never from its text or position in a list.
	UID string
	// Day is the event's date (its time of day is ignored).
	Day         time.Time
	Summary     string
	Description string
	// Categories name the kind of event (meeting, report-due …).
	Categories string
}

// Calendar is an iCalendar object of all-day events.
type Calendar struct {
	// Name is the calendar's name as calendar programs show it.
	Name string
	// ProdID names the product that wrote it (PRODID).
	ProdID string
	// Stamp is the DTSTAMP of every event: when the data was judged.
	Stamp  time.Time
	Events []Event
}

// ICS writes c as RFC 5545 text: CRLF line ends, lines folded at 75
// octets, TEXT values escaped.
func ICS(c Calendar) []byte {
	var b bytes.Buffer
	WriteICS(&b, c)
	return b.Bytes()
}

// WriteICS is ICS, appending to b: a site's calendar of every event is
// tens of megabytes, and a writer that reuses its buffer from file to file
// need not grow a second one for it.
func WriteICS(b *bytes.Buffer, c Calendar) {
	line := func(name, value string) { writeFolded(b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", text(c.ProdID))
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME", text(c.Name))
	}
	stamp := c.Stamp.UTC().Format("20060102T150405Z")
	for _, e := range c.Events {
		day := time.Date(e.Day.Year(), e.Day.Month(), e.Day.Day(), 0, 0, 0, 0, time.UTC)
		line("BEGIN", "VEVENT")
		line("UID", text(e.UID))
		line("DTSTAMP", stamp)
		line("DTSTART;VALUE=DATE", day.Format("20060102"))
		line("DTEND;VALUE=DATE", day.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY", text(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION", text(e.Description))
		}
		if e.Categories != "" {
			line("CATEGORIES", text(e.Categories))
		}
		line("TRANSP", "TRANSPARENT")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
}

// text escapes a TEXT value (RFC 5545, 3.3.11): backslash, semicolon and
// comma get a backslash, a line break becomes \n, and other control
// characters, which TEXT cannot hold, are dropped.
func text(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeFolded writes one content line, folded (RFC 5545, 3.1) so that no
// line is longer than 75 octets without its CRLF, never inside a UTF-8
// sequence: each continuation starts with a space.
func writeFolded(b *bytes.Buffer, s string) {
	const max = 75
	n := 0
	for len(s) > 0 {
		_, size := utf8.DecodeRuneInString(s)
		if n+size > max {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteString(s[:size])
		n += size
		s = s[size:]
	}
	b.WriteString("\r\n")
}
