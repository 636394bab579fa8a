package feeds_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/feeds"
)

// hostile is text with every character iCalendar and XML must escape, a
// line break and more than 75 octets of two-byte letters.
var hostile = "Møte; sak 1, 2 og 3 \\ «vedtak» <script>&amp;\nneste linje " + strings.Repeat("æøå", 30)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestICSLines holds the calendar to RFC 5545's lines: CRLF ends, no
// line longer than 75 octets, folds that never split a UTF-8 sequence,
// and TEXT escaped.
func TestICSLines(t *testing.T) {
	b := feeds.ICS(feeds.Calendar{Name: "PM, utvalget", ProdID: "-//pmgov//test//NB", Stamp: day("2026-12-03"),
		Events: []feeds.Event{{UID: "meeting/2026-10-13@ous.pmgov", Day: day("2026-10-13"), Summary: hostile, Categories: "møte"}}})
	checkICSLines(t, b)
	unfolded := strings.ReplaceAll(string(b), "\r\n ", "")
	for _, want := range []string{
		"SUMMARY:Møte\\; sak 1\\, 2 og 3 \\\\ «vedtak» <script>&amp\\;\\nneste linje æøå",
		"X-WR-CALNAME:PM\\, utvalget\r\n", "DTSTART;VALUE=DATE:20261013\r\n", "DTEND;VALUE=DATE:20261014\r\n",
		"DTSTAMP:20261203T000000Z\r\n", "UID:meeting/2026-10-13@ous.pmgov\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q in\n%s", want, b)
		}
	}
}

// checkICSLines checks every content line of an iCalendar text.
func checkICSLines(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("END:VCALENDAR\r\n")) {
		t.Errorf("the calendar does not end with END:VCALENDAR and CRLF")
	}
	for i, l := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets, more than 75: %q", i+1, len(l), l)
		}
		if !strings.HasPrefix(l, " ") && !strings.Contains(l, ":") {
			t.Errorf("line %d is neither a property nor a continuation: %q", i+1, l)
		}
		if !utf8Valid(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
		}
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// python is the interpreter with Debian's python3-icalendar and
// python3-feedparser (.ci/run installs them): $PMGOV_PYTHON, else Debian's
// /usr/bin/python3, else python3 on PATH. Without it, or without the
// modules, the test fails in CI and is skipped elsewhere.
func python(t *testing.T, modules ...string) string {
	t.Helper()
	var candidates []string
	if p := os.Getenv("PMGOV_PYTHON"); p != "" {
		candidates = append(candidates, p)
	}
	candidates = append(candidates, "/usr/bin/python3", "python3")
	var last error
	for _, c := range candidates {
		p, err := exec.LookPath(c)
		if err != nil {
			last = err
			continue
		}
		cmd := exec.Command(p, "-c", "import "+strings.Join(modules, ", "))
		if out, err := cmd.CombinedOutput(); err != nil {
			last = &exec.Error{Name: p, Err: err}
			_ = out
			continue
		}
		return p
	}
	msg := "the parser checks need python3 with " + strings.Join(modules, " and ") + " (Debian: apt-get install python3-icalendar python3-feedparser): " + last.Error()
	if inCI() {
		t.Fatal(msg)
	}
	t.Skip("skipping: " + msg)
	return ""
}

// inCI says whether the tests run in CI, where a missing parser is a
// failure and never a skip.
func inCI() bool {
	v := strings.ToLower(os.Getenv("CI"))
	return v != "" && v != "false" && v != "0"
}

// parse runs a Python script over file and decodes what it prints as JSON.
func parse(t *testing.T, py, script, file string, v any) {
	t.Helper()
	out, err := exec.Command(py, "-c", script, file).CombinedOutput()
	if err != nil {
		t.Fatalf("%s on %s: %v\n%s", py, file, err, out)
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("parser output: %v\n%s", err, out)
	}
}

// icsScript parses a calendar with the icalendar package (strictly: any
// line it cannot parse is an error) and prints its events.
const icsScript = `
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
assert cal.name == 'VCALENDAR', cal.name
errors = [str(e) for c in cal.walk() for e in getattr(c, 'errors', [])]
out = {'version': str(cal['VERSION']), 'prodid': str(cal['PRODID']), 'errors': errors, 'events': []}
for e in cal.walk('VEVENT'):
    out['events'].append({'uid': str(e['UID']), 'summary': str(e['SUMMARY']),
        'start': e.decoded('DTSTART').isoformat(), 'end': e.decoded('DTEND').isoformat(),
        'stamp': e.decoded('DTSTAMP').isoformat(), 'categories': str(e.get('CATEGORIES').to_ical().decode()) if e.get('CATEGORIES') else ''})
print(json.dumps(out))
`

// atomScript parses a feed with feedparser and prints it; bozo says the
// feed is not well-formed.
const atomScript = `
import json, sys, feedparser
f = feedparser.parse(sys.argv[1])
print(json.dumps({'bozo': bool(f.bozo), 'bozo_exception': str(f.get('bozo_exception', '')), 'version': f.version,
    'title': f.feed.get('title', ''), 'id': f.feed.get('id', ''), 'updated': f.feed.get('updated', ''),
    'entries': [{'id': e.get('id', ''), 'title': e.get('title', ''), 'link': e.get('link', ''), 'updated': e.get('updated', '')} for e in f.entries]}))
`

type parsedICS struct {
	Version, Prodid string
	Errors          []string
	Events          []struct{ UID, Summary, Start, End, Stamp, Categories string }
}

type parsedAtom struct {
	Bozo          bool
	BozoException string `json:"bozo_exception"`
	Version       string
	Title, ID     string
	Updated       string
	Entries       []struct{ ID, Title, Link, Updated string }
}

// TestParsersReadWhatIsWritten: a real iCalendar parser and a real feed
// parser read back exactly what was written, hostile text included.
func TestParsersReadWhatIsWritten(t *testing.T) {
	py := python(t, "icalendar", "feedparser")
	dir := t.TempDir()
	ics := filepath.Join(dir, "calendar.ics")
	if err := os.WriteFile(ics, feeds.ICS(feeds.Calendar{Name: "PM", ProdID: "-//pmgov//test//NB", Stamp: day("2026-12-03"),
		Events: []feeds.Event{{UID: "a/1@ous.pmgov", Day: day("2027-01-30"), Summary: hostile, Categories: "rapportfrist"}}}), 0o644); err != nil {
		t.Fatal(err)
	}
	var c parsedICS
	parse(t, py, icsScript, ics, &c)
	if c.Version != "2.0" || len(c.Errors) != 0 || len(c.Events) != 1 {
		t.Fatalf("parsed %+v", c)
	}
	e := c.Events[0]
	if e.UID != "a/1@ous.pmgov" || e.Summary != hostile || e.Start != "2027-01-30" || e.End != "2027-01-31" || e.Stamp != "2026-12-03T00:00:00+00:00" {
		t.Errorf("parsed %+v, want the summary %q", e, hostile)
	}

	atom, err := feeds.Atom(feeds.Feed{ID: "tag:ous.pmgov,2020:feed/all", Title: "PM & co", Author: "OUS", Self: "feed.xml", Alternate: "index.html", Lang: "nb",
		Updated: day("2026-10-13"), Entries: []feeds.Entry{{ID: "tag:ous.pmgov,2020:decision/PMU-2026-03", Title: hostile, Updated: day("2026-10-13"), Link: "committee/decisions/PMU-2026-03.html", Category: "vedtak"}}})
	if err != nil {
		t.Fatal(err)
	}
	feed := filepath.Join(dir, "feed.xml")
	if err := os.WriteFile(feed, atom, 0o644); err != nil {
		t.Fatal(err)
	}
	var f parsedAtom
	parse(t, py, atomScript, feed, &f)
	if f.Bozo || f.Version != "atom10" || f.Title != "PM & co" || f.ID != "tag:ous.pmgov,2020:feed/all" || len(f.Entries) != 1 {
		t.Fatalf("parsed %+v", f)
	}
	if x := f.Entries[0]; x.ID != "tag:ous.pmgov,2020:decision/PMU-2026-03" || x.Title != hostile || !strings.HasSuffix(x.Link, "committee/decisions/PMU-2026-03.html") || x.Updated != "2026-10-13T00:00:00Z" {
		t.Errorf("parsed entry %+v", x)
	}
}
