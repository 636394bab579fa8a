// Package personalid finds Norwegian national identity numbers in text
// (fødselsnummer, D-nummer and the health services' H-nummer), so that a
// governance repository never holds a patient's or an employee's identifier.
//
// A number is reported only when it could be a real person's: eleven digits
// standing on their own (or written "DDMMYY NNNNN", "DDMMYY-NNNNN" or
// "DDMMYY.NNNNN", with one space, hyphen or dot between the date and the
// individual number), a real date of birth, and both mod-11 control digits
// right. A random eleven-digit number passes the two control digits about
// once in 121 tries and a real date far less often, so reports are rare and
// worth reading.
//
// Choices, each made so that the detector flags what can identify a person
// and stays quiet on what cannot:
//
//   - A D-number is a fødselsnummer with 4 added to the first digit of the
//     day (41-71). An H-number (hjelpenummer, given by hospitals to patients
//     whose fødselsnummer is unknown) has 4 added to the first digit of the
//     month (41-52); one made from a D-number has both. NAV's synthetic test
//     persons also use month + 40 and cannot be told apart from H-numbers,
//     so they are reported too. Month + 80 (Skatteetaten's synthetic
//     numbers in Tenor) identifies no one and is not reported.
//   - For a fødselsnummer or D-number under today's rule, the century
//     follows from the individual number as the register allocates them
//     (000-499: 1900-1999; 500-749: 1854-1899; 500-999: 2000-2039; 900-999:
//     1940-1999); a number outside that table, such as individual 750-899
//     with a year 40-99, was never issued and is not reported even when its
//     control digits are right. The date is checked in that century, leap
//     years included. A hospital picks an H-number's individual digits
//     itself, so for H-numbers the date need only exist in some century.
//   - Numbers issued from 1 January 2032 follow Skatteetaten's new rule
//     (see Options.NewControlDigits); their individual number no longer
//     tells the century, so their date need only exist in some century.
//   - Digits glued to a word are part of an identifier, a path or a file
//     name, not a number written on its own: a letter, "_", or one of
//     "-", "/", ".", "@" followed by a letter or digit, next to the number
//     means no match (KRE-01019012345, doc/01019012345.pdf). A number inside
//     a URL is not reported either. "fnr: 01019012345", "fnr=01019012345",
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
	HNummer       = "H-nummer"
	// DHNummer is an H-number made from a D-number: day + 40 and month + 40.
	DHNummer = "H-nummer av D-nummer"
)

// Options chooses the rules Find and Valid apply. The zero value is today's
// rule.
type Options struct {
	// NewControlDigits also accepts the numbers the population register
	// issues from 1 January 2032. Skatteetaten's published rule for the new
	// fødselsnummer and D-nummer ("Nytt fødselsnummer fra 2032", the
	// Folkeregisteret API documentation) says:
	//
	//   - the weights stay 3 7 6 1 8 9 4 5 2 for the first control digit k1
	//     and 5 4 3 2 7 6 5 4 3 2 for the second, k2;
	//   - today the remainder of the modulus check of k1 must be 0; in the
	//     new calculation it may be 0, 1, 2 or 3, so k1 is one of
	//     {11, 12, 13, 14} minus the weighted sum mod 11, up to four digits;
	//     as before, a number whose k1 would be 10 is discarded;
	//   - k2 is calculated as before, over the nine digits and k1, with only
	//     one valid digit; a number whose k2 would be 10 is discarded;
	//   - the individual number no longer tells the century (nor the sex),
	//     and the new rule applies to every number issued from 2032, also
	//     to people born before; existing numbers keep their rule, so both
	//     rules hold side by side.
	NewControlDigits bool
}

// Match is one national identity number found in text.
type Match struct {
	// Line and Col are 1-based; Col counts characters, not bytes.
	Line, Col int
	// Kind is Fodselsnummer, DNummer, HNummer or DHNummer.
	Kind string
	// Rule2032 is true when only the rule for numbers issued from 2032
	// makes the control digits right.
	Rule2032 bool
	// Masked shows the date part and hides the personal number, e.g.
	// "010190*****" (or "010190-*****" when written with a hyphen). The
	// full number is never repeated, so reports do not spread it.
	Masked string
}

var (
	weights1 = [9]int{3, 7, 6, 1, 8, 9, 4, 5, 2}
	weights2 = [10]int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
)

// separator reports whether c may stand between the date and the
// individual number.
func separator(c byte) bool { return c == ' ' || c == '-' || c == '.' }

// Valid reports whether s is a valid identity number under o: eleven digits,
// or six and five separated by one space, hyphen or dot. kind is one of the
// kinds Find reports.
func Valid(s string, o Options) (kind string, ok bool) {
	var d [11]int
	switch {
	case len(s) == 11:
	case len(s) == 12 && separator(s[6]):
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
	kind, _, ok = valid(d, o)
	return kind, ok
}

// valid checks the eleven digits of a number. rule2032 is true when only the
// 2032 rule accepts the control digits.
func valid(d [11]int, o Options) (kind string, rule2032, ok bool) {
	r1 := remainder(d[:10], weights1[:])
	if r1 > 3 || (r1 != 0 && !o.NewControlDigits) || remainder(d[:], weights2[:]) != 0 {
		return "", false, false
	}
	day := d[0]*10 + d[1]
	month := d[2]*10 + d[3]
	yy := d[4]*10 + d[5]
	individual := d[6]*100 + d[7]*10 + d[8]
	dnr, hnr := day > 40, month > 40
	if dnr {
		day -= 40
	}
	if hnr {
		month -= 40
	}
	// month + 80 is Skatteetaten's synthetic test numbers: not a person.
	if month < 1 || month > 12 || day < 1 {
		return "", false, false
	}
	rule2032 = r1 != 0
	switch {
	case !hnr && r1 == 0:
		// Today's rule: the individual number gives the century. From
		// 2032 the same digits may also be a new number in any century.
		year, ok := century(individual, yy)
		if ok && day <= daysIn(month, year) {
			break
		}
		if !o.NewControlDigits || day > daysInAnyCentury(month, yy) {
			return "", false, false
		}
		rule2032 = true
	case day > daysInAnyCentury(month, yy):
		return "", false, false
	}
	switch {
	case dnr && hnr:
		kind = DHNummer
	case dnr:
		kind = DNummer
	case hnr:
		kind = HNummer
	default:
		kind = Fodselsnummer
	}
	return kind, rule2032, true
}

// remainder is the weighted sum of digits mod 11, the last digit (the
// control digit) weighted 1. Today's rule wants 0 for both control digits; a
// control digit that would have to be 10 leaves no digit that gives 0, which
// is why such numbers are never issued.
func remainder(digits []int, weights []int) int {
	sum := digits[len(weights)]
	for i, w := range weights {
		sum += w * digits[i]
	}
	return sum % 11
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

// daysInAnyCentury is the length of the month in the year ending in yy of
// whichever century makes it longest: 29 February exists in some century
// for every yy divisible by 4 (2000 was a leap year).
func daysInAnyCentury(month, yy int) int {
	return daysIn(month, 2000+yy)
}

// Find returns every identity number in text that is valid under o, in
// order.
func Find(text []byte, o Options) []Match {
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
		end, sep := i, byte(0)
		switch {
		case end-start == 11:
		case end-start == 6 && end+6 <= len(text) && separator(text[end]) && digitRun(text[end+1:]) == 5:
			end, sep = end+6, text[end]
		default:
			continue
		}
		var d [11]int
		k := 0
		for _, b := range text[start:end] {
			if isDigit(b) {
				d[k] = int(b - '0')
				k++
			}
		}
		kind, rule2032, ok := valid(d, o)
		if !ok || glued(text, start, end) || inURL(text, start, end) {
			i = end
			continue
		}
		masked := string(text[start:start+6]) + "*****"
		if sep != 0 {
			masked = string(text[start:start+6]) + string(sep) + "*****"
		}
		col := 1 + utf8.RuneCount(text[lineStart:start])
		out = append(out, Match{Line: line, Col: col, Kind: kind, Rule2032: rule2032, Masked: masked})
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
