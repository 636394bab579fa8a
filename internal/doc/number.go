package doc

import (
	"strconv"
	"strings"
)

// Numbers by the YAML 1.2 core schema (YAML 1.2.2, 10.3.2 "Tag
// Resolution"), which is what a plain scalar means to the reader of a YAML
// 1.2 file:
//
//	int, base 10   [-+]? [0-9]+
//	int, base 8    0o [0-7]+
//	int, base 16   0x [0-9a-fA-F]+
//	float          [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
//
// Anything else is a string: 0b101 and 1_000, which YAML 1.1 read as
// numbers, among them. A decimal integer with a leading zero (030) is an int
// to the core schema, but YAML 1.1 and the libraries that follow it read it
// as octal (24): such a number has no value pmgov can trust, so IntValue and
// FloatValue refuse it and the schema check reports it (LeadingZero).

// Resolve gives the core-schema type of a plain scalar that is neither null
// nor a boolean: Int, Float or Str.
func Resolve(plain string) ScalarType {
	if plain == "" {
		return Str
	}
	if c := plain[0]; c != '-' && c != '+' && c != '.' && (c < '0' || c > '9') {
		return Str // the common case: text
	}
	switch {
	case isDecimal(plain), isPrefixed(plain, "0o", isOctalDigit), isPrefixed(plain, "0x", isHexDigit):
		return Int
	case isFloat(plain):
		return Float
	}
	return Str
}

// LeadingZero reports whether s is a decimal integer written with a leading
// zero (030, -07): YAML 1.1 reads it as octal, YAML 1.2 as decimal.
func LeadingZero(s string) bool {
	d := strings.TrimLeft(s, "+-")
	return len(s)-len(d) <= 1 && len(d) > 1 && d[0] == '0' && isDigits(d)
}

// PlainNumber is s, a number with a leading zero, as the plain decimal
// number it is in YAML 1.2 (030 → 30), for a hint; the value is never
// taken from it.
func PlainNumber(s string) string {
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], s[1:]
	}
	if sign == "+" {
		sign = ""
	}
	d := strings.TrimLeft(s, "0")
	if d == "" {
		return "0"
	}
	return sign + d
}

// IntValue is the value of s, an int by the core schema, and false for
// anything else, for a decimal with a leading zero, and when it does not fit
// in 64 bits.
func IntValue(s string) (int64, bool) {
	switch {
	case isPrefixed(s, "0o", isOctalDigit):
		i, err := strconv.ParseInt(s[2:], 8, 64)
		return i, err == nil
	case isPrefixed(s, "0x", isHexDigit):
		i, err := strconv.ParseInt(s[2:], 16, 64)
		return i, err == nil
	case isDecimal(s) && !LeadingZero(s):
		i, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64)
		return i, err == nil
	}
	return 0, false
}

// FloatValue is the value of s, an int or a float by the core schema, and
// false for anything else and for a decimal integer with a leading zero.
func FloatValue(s string) (float64, bool) {
	if i, ok := IntValue(s); ok {
		return float64(i), true
	}
	if !isFloat(s) || LeadingZero(s) {
		return 0, false
	}
	// Out of range (1e400) is refused, not taken as infinity.
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isDecimal(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	return isDigits(s)
}

func isOctalDigit(c byte) bool { return c >= '0' && c <= '7' }

func isHexDigit(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isPrefixed(s, prefix string, digit func(byte) bool) bool {
	if len(s) <= len(prefix) || s[:len(prefix)] != prefix {
		return false
	}
	for i := len(prefix); i < len(s); i++ {
		if !digit(s[i]) {
			return false
		}
	}
	return true
}

// isFloat matches the core schema's float (which an int matches too).
func isFloat(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	mant, exp := s, ""
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, exp = s[:i], s[i+1:]
		if exp != "" && (exp[0] == '-' || exp[0] == '+') {
			exp = exp[1:]
		}
		if !isDigits(exp) {
			return false
		}
	}
	whole, frac, dot := strings.Cut(mant, ".")
	switch {
	case whole == "":
		return dot && isDigits(frac)
	case !isDigits(whole):
		return false
	}
	return !dot || frac == "" || isDigits(frac)
}
