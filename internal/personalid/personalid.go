// Package personalid finds Norwegian national identity numbers
// (fødselsnummer and D-nummer) in text, so that a governance repository never
// holds a patient's or an employee's identifier.
//
// A number is reported only when it could be a real person's: eleven digits
// standing on their own (or written "DDMMYY NNNNN" with one space), a real
// date of birth in a century the individual number allows, and both mod-11
// control digits right. A random eleven-digit number passes the two control
// digits about once in 121 tries and a real date far less often, so reports
// are rare and worth reading.
//
// Choices, each made so that the detector flags what can identify a person
// and stays quiet on what cannot:
//
//   - Synthetic test numbers are not reported: month + 40 (NAV's synthetic
//     test persons, also used for the health services' H-numbers) and
//     month + 80 (Skatteetaten's synthetic numbers in Tenor). They identify
//     no one in the population register.
//   - The century follows from the individual number as the register
//     allocates them (000-499: 1900-1999; 500-749: 1854-1899; 500-999:
//     2000-2039; 900-999: 1940-1999); a number outside that table, such as
//     individual 750-899 with a year 40-99, was never issued and is not
//     reported even when its control digits are right. The date is checked
//     in that century, leap years included.
//   - A D-number is a fødselsnummer with 4 added to the first digit of the
//     day (41-71).
//   - Digits glued to a word are part of an identifier, a path or a file
//     name, not a number written on its own: a letter, "_", or one of
//     "-", "/", ".", "@" followed by a letter or digit, next to the run means
//     no match (KRE-01019012345, doc/01019012345.pdf). A number inside a URL
//     is not reported either. "fnr: 01019012345", "fnr=01019012345",
//     "(01019012345)" and "01019012345." at the end of a sentence are.
//   - Columns count characters (runes), 1-based, as the YAML loader's do.
package personalid

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// The kinds of number Find reports.
const (
	Fodselsnummer = "fødselsnummer"
	DNummer       = "D-nummer"
)

// Match is one national identity number found in text.
type Match struct {
	// Line and Col are 1-based; Col counts characters, not bytes.
	Line, Col int
	// Kind is Fodselsnummer or DNummer.
	Kind string
	// Masked shows the date part and hides the personal number, e.g.
	// "010190*****" (or "010190 *****" when written with a space). The
	// full number is never repeated, so reports do not spread it.
	Masked string
}

var (
	weights1 = [9]int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	weights2 = [10]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
)

// Valid reports whether s is a valid fødselsnummer or D-nummer: eleven digits,
// or six and five separated by one space. kind is Fodselsnummer or DNummer.
func Valid(s string) (kind string, ok bool) {
	var d [11]int
	switch {
	case len(s) == 11:
	case len(s) == 12 && s[6] == ' ':
		s = s[:6] + s[7:]
	default:
		return "", false
	}
	for i := range 11 {
		c := s[i]
		if c < '0' || c > '9' {
			return "", false
		}
		d[i] = int(c - '0')
	}
	return valid(d)
}

func valid(d [11]int) (string, bool) {
	if control(d[:9], weights1[:]) != d[9] || control(d[:10], weights2[:]) != d[10] {
		return "", false
	}
	day := d[0]*10 + d[1]
	month := d[2]*10 + d[3]
	yy := d[4]*10 + d[5]
	individual := d[6]*100 + d[7]*10 + d[8]
	kind := Fodselsnummer
	if day > 40 {
		kind, day = DNummer, day-40
	}
	// month+40 and month+80 are synthetic test numbers: not a real person.
	if month < 1 || month > 12 {
		return "", false
	}
	year, ok := century(individual, yy)
	if !ok || day < 1 || day > daysIn(month, year) {
		return "", false
	}
	return kind, true
}

// control computes a mod-11 control digit, or -1 when none exists (a
// remainder of 1 would need the digit 10, so such numbers are never issued).
func control(digits []int, weights []int) int {
	sum := 0
	for i, w := range weights {
		sum += w * digits[i]
	}
	switch r := sum % 11; r {
	case 0:
		return 0
	case 1:
		return -1
	default:
		return 11 - r
	}
}

// century gives the full year of birth from the individual number, as the
// population register assigns them.
func century(individual, yy int) (int, bool) {
	switch {
	case individual <= 499:
		return 1900 + yy, true
	case individual <= 749 && yy >= 54:
		return 1800 + yy, true
	case yy <= 39:
		return 2000 + yy, true
	case individual >= 900:
		return 1900 + yy, true
	}
	return 0, false
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Find returns every valid national identity number in text, in order.
func Find(text []byte) []Match {
	var out []Match
	line := 1
	lineStart := 0
	for i := 0; i < len(text); {
		c := text[i]
		if c == '\n' {
			line, lineStart = line+1, i+1
			i++
			continue
		}
		if !isDigit(c) {
			i++
			continue
		}
		start := i
		for i < len(text) && isDigit(text[i]) {
			i++
		}
		end, spaced := i, false
		switch {
		case end-start == 11:
		case end-start == 6 && end+6 <= len(text) && text[end] == ' ' && digitRun(text[end+1:]) == 5:
			end, spaced = end+6, true
		default:
			continue
		}
		var d [11]int
		k := 0
		for _, b := range text[start:end] {
			if b != ' ' {
				d[k] = int(b - '0')
				k++
			}
		}
		kind, ok := valid(d)
		if !ok || glued(text, start, end) || inURL(text, start, end) {
			i = end
			continue
		}
		masked := string(text[start:start+6]) + "*****"
		if spaced {
			masked = string(text[start:start+6]) + " *****"
		}
		col := 1 + utf8.RuneCount(text[lineStart:start])
		out = append(out, Match{Line: line, Col: col, Kind: kind, Masked: masked})
		i = end
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digitRun counts the digits b starts with.
func digitRun(b []byte) int {
	n := 0
	for n < len(b) && isDigit(b[n]) {
		n++
	}
	return n
}

// glued reports whether text[start:end] is part of a longer word: an
// identifier (KRE-01019012345), a path or file name (a/01019012345.pdf), an
// e-mail address.
func glued(text []byte, start, end int) bool {
	if start > 0 {
		r, size := utf8.DecodeLastRune(text[:start])
		if wordRune(r) {
			return true
		}
		if joiner(r) && start-size > 0 {
			if r2, _ := utf8.DecodeLastRune(text[:start-size]); wordRune(r2) || isDigitRune(r2) {
				return true
			}
		}
	}
	if end < len(text) {
		r, size := utf8.DecodeRune(text[end:])
		if wordRune(r) {
			return true
		}
		if joiner(r) && end+size < len(text) {
			if r2, _ := utf8.DecodeRune(text[end+size:]); wordRune(r2) || isDigitRune(r2) {
				return true
			}
		}
	}
	return false
}

func wordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' }

func joiner(r rune) bool { return r == '-' || r == '/' || r == '.' || r == '@' }

// urlWindow bounds how far inURL looks for the ends of a word, so that a
// long run without spaces cannot make Find quadratic.
const urlWindow = 512

// inURL reports whether the whitespace-delimited word around text[start:end]
// is a URL.
func inURL(text []byte, start, end int) bool {
	lo := start
	for lo > 0 && start-lo < urlWindow && !isSpace(text[lo-1]) {
		lo--
	}
	hi := end
	for hi < len(text) && hi-end < urlWindow && !isSpace(text[hi]) {
		hi++
	}
	word := text[lo:hi]
	return bytes.Contains(word, []byte("://")) || bytes.Contains(word, []byte("www.")) || bytes.HasPrefix(word, []byte("mailto:"))
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
