// Package model is the typed, resolved governance repository: every document
// decoded into Go values that keep their positions, and every reference
// between documents resolved or reported as a `ref` diagnostic. The same
// Repository feeds validation, the site, the report and the pull-request gate.
package model

import (
	"strconv"
	"time"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

// String is a text value and where it was written. An absent value has a zero Pos.
type String struct {
	V   string
	Pos diag.Pos
}

// Set reports whether the value was written (and is not null or empty).
func (s String) Set() bool { return s.V != "" }

// Int is an integer value and where it was written.
type Int struct {
	V   int
	Pos diag.Pos
	// OK is false when the value was absent or not an integer.
	OK bool
}

// Bool is a true/false value and where it was written.
type Bool struct {
	V   bool
	Pos diag.Pos
	// OK is false when the value was absent or not a boolean.
	OK bool
}

// Number is a numeric value and where it was written.
type Number struct {
	V   float64
	Raw string
	Pos diag.Pos
	OK  bool
}

// Date is a calendar date (YYYY-MM-DD) and where it was written. Time is
// midnight UTC of the date; it is zero when the value is absent or invalid.
type Date struct {
	time.Time
	Raw string
	Pos diag.Pos
}

// Valid reports whether the date was written and parses.
func (d Date) Valid() bool { return !d.Time.IsZero() }

// String formats the date as YYYY-MM-DD (or the raw text when invalid).
func (d Date) String() string {
	if d.Valid() {
		return d.Format(time.DateOnly)
	}
	return d.Raw
}

// ParseDate parses YYYY-MM-DD strictly.
func ParseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Format(time.DateOnly) != s {
		return time.Time{}, false
	}
	return t, true
}

// At is embedded in every decoded mapping: where the mapping starts and where
// each of its keys was written, so that a finding about a field that is
// missing or wrong can point at the right place.
type At struct {
	Pos  diag.Pos
	keys []keyAt // the mapping's keys, in the order written
}

// keyAt is where a key was written. The model keeps its own copy rather
// than the parse tree's key nodes: the tree's nodes are allocated together,
// so one node kept alive keeps its whole document's tree, and a build of a
// large repository would carry every tree while it renders
// (validate.Result.Release).
type keyAt struct {
	name      string
	line, col int32
}

// keysAt copies the positions of a mapping's keys.
func keysAt(keys []*doc.Node) []keyAt {
	if len(keys) == 0 {
		return nil
	}
	out := make([]keyAt, len(keys))
	for i, k := range keys {
		out[i] = keyAt{name: k.Value, line: int32(k.Line), col: int32(k.Col)}
	}
	return out
}

// KeyPos is the position of key in the mapping, or of the mapping itself when
// the key is absent.
func (a At) KeyPos(key string) diag.Pos {
	for _, k := range a.keys {
		if k.name == key {
			return diag.Pos{File: a.Pos.File, Line: int(k.line), Col: int(k.col)}
		}
	}
	return a.Pos
}

// Has reports whether the mapping has key.
func (a At) Has(key string) bool {
	for _, k := range a.keys {
		if k.name == key {
			return true
		}
	}
	return false
}

// Strings is a list of text values.
type Strings []String

// Values returns the plain strings.
func (ss Strings) Values() []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.V
	}
	return out
}

// Contains reports whether v is in the list.
func (ss Strings) Contains(v string) bool {
	for _, s := range ss {
		if s.V == v {
			return true
		}
	}
	return false
}

// Pair is one entry of a free-form mapping (such as severity overrides).
type Pair struct {
	Key   String
	Value String
}

// Pairs is a free-form mapping in written order.
type Pairs []Pair

func itoa(i int) string { return strconv.Itoa(i) }
