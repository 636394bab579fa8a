package feeds

import (
	"bytes"
	"encoding/xml"
	"time"
)

// Entry is one entry of a news feed.
type Entry struct {
	// ID is the entry's permanent IRI (a tag: URI from what the entry is
	// about), the same in every build.
	ID      string
	Title   string
	Updated time.Time
	// Link is the page the entry is about, relative to the feed.
	Link    string
	Summary string
	// Category is the kind of entry (decision, meeting, report …).
	Category string
}

// Feed is an Atom feed.
type Feed struct {
	ID     string
	Title  string
	Author string
	// Self is the feed's own address and Alternate the page it mirrors,
	// both relative to the feed; Lang its language (xml:lang).
	Self, Alternate, Lang string
	// Updated is the latest entry's date, or when the data was judged
	// for a feed without entries.
	Updated time.Time
	Entries []Entry
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID       string        `xml:"id"`
	Title    atomText      `xml:"title"`
	Updated  string        `xml:"updated"`
	Link     *atomLink     `xml:"link,omitempty"`
	Category *atomCategory `xml:"category,omitempty"`
	Summary  *atomText     `xml:"summary,omitempty"`
}

type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"xml:lang,attr,omitempty"`
	ID      string   `xml:"id"`
	Title   atomText `xml:"title"`
	Updated string   `xml:"updated"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

// rfc3339 is an Atom date (RFC 4287, 3.3).
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Atom writes f as an Atom 1.0 document (RFC 4287).
func Atom(f Feed) ([]byte, error) {
	a := atomFeed{Lang: f.Lang, ID: f.ID, Title: atomText{Type: "text", Text: f.Title}, Updated: rfc3339(f.Updated)}
	a.Author.Name = f.Author
	if f.Self != "" {
		a.Links = append(a.Links, atomLink{Rel: "self", Type: "application/atom+xml", Href: f.Self})
	}
	if f.Alternate != "" {
		a.Links = append(a.Links, atomLink{Rel: "alternate", Type: "text/html", Href: f.Alternate})
	}
	for _, e := range f.Entries {
		ae := atomEntry{ID: e.ID, Title: atomText{Type: "text", Text: e.Title}, Updated: rfc3339(e.Updated)}
		if e.Link != "" {
			ae.Link = &atomLink{Rel: "alternate", Type: "text/html", Href: e.Link}
		}
		if e.Category != "" {
			ae.Category = &atomCategory{Term: e.Category}
		}
		if e.Summary != "" {
			ae.Summary = &atomText{Type: "text", Text: e.Summary}
		}
		a.Entries = append(a.Entries, ae)
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(a); err != nil {
		return nil, err
	}
	b.WriteString("\n")
	return b.Bytes(), nil
}
