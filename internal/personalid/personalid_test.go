package personalid

import (
	"fmt"
	"strings"
	"testing"
)

// number builds an identity number from its parts with the published
// algorithm, written out here independently of the package: weights
// 3 7 6 1 8 9 4 5 2 and 5 4 3 2 7 6 5 4 3 2, control = 11 - sum mod 11, 11
// becomes 0, and 10 means the number is never issued (ok=false).
func number(day, month, yy, individual int) (string, bool) {
	s := fmt.Sprintf("%02d%02d%02d%03d", day, month, yy, individual)
	ctl := func(s string, w []int) int {
		sum := 0
		for i, x := range w {
			sum += int(s[i]-'0') * x
		}
		c := 11 - sum%11
		if c == 11 {
			c = 0
		}
		return c
	}
	k1 := ctl(s, []int{3, 7, 6, 1, 8, 9, 4, 5, 2})
	if k1 == 10 {
		return "", false
	}
	s += fmt.Sprint(k1)
	k2 := ctl(s, []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2})
	if k2 == 10 {
		return "", false
	}
	return s + fmt.Sprint(k2), true
}

// issued finds an individual number from lo up that gives an issuable number.
func issued(t *testing.T, day, month, yy, lo int) string {
	t.Helper()
	for ind := lo; ind < lo+100; ind++ {
		if s, ok := number(day, month, yy, ind); ok {
			return s
		}
	}
	t.Fatalf("no issuable number for %02d%02d%02d from %d", day, month, yy, lo)
	return ""
}

func TestValidPublishedExamples(t *testing.T) {
	// Example numbers published in open-source validators' test suites
	// (fictional, but valid under the algorithm).
	for _, s := range []string{"01010750160", "15108695088", "11111598403", "23114048690", "02010171337", "020161 26007"} {
		if kind, ok := Valid(s); !ok || kind != Fodselsnummer {
			t.Errorf("Valid(%q) = %q, %v; want fødselsnummer", s, kind, ok)
		}
	}
	// 12078586468 passes both control digits and some validators accept it,
	// but individual number 864 with year 85 belongs to no century the
	// register allocates (750-899 is unused for years 40-99).
	for _, s := range []string{"12078586468", "12078586469", "45014054018", "11111234567", "00000000000", "1234123456", "", "0101075016a", "010107 5016", "010107-50160"} {
		if kind, ok := Valid(s); ok {
			t.Errorf("Valid(%q) = %q, true; want invalid", s, kind)
		}
	}
}

func TestValidComputed(t *testing.T) {
	cases := []struct {
		name                       string
		day, month, yy, individual int
		kind                       string // "" for invalid
	}{
		{"1990 fødselsnummer", 1, 1, 90, 123, Fodselsnummer},
		{"last day of a 31-day month", 31, 12, 99, 10, Fodselsnummer},
		{"30 April", 30, 4, 85, 200, Fodselsnummer},
		{"31 April does not exist", 31, 4, 85, 200, ""},
		{"31 February", 31, 2, 90, 100, ""},
		{"29 February 1990 (not a leap year)", 29, 2, 90, 100, ""},
		{"29 February 1992", 29, 2, 92, 100, Fodselsnummer},
		{"29 February 1900 (not a leap year)", 29, 2, 0, 100, ""},
		{"29 February 2000 (a leap year)", 29, 2, 0, 600, Fodselsnummer},
		{"day 00", 0, 5, 80, 100, ""},
		{"month 00", 10, 0, 80, 100, ""},
		{"month 13", 10, 13, 80, 100, ""},
		{"synthetic, month + 40 (NAV, H-number)", 10, 45, 80, 100, ""},
		{"synthetic, month + 80 (Skatteetaten)", 10, 85, 80, 100, ""},
		{"D-nummer: day + 40", 41, 1, 90, 100, DNummer},
		{"D-nummer on the 31st", 71, 1, 90, 100, DNummer},
		{"D-nummer day 72", 72, 1, 90, 100, ""},
		{"born 1854-1899 (individual 500-749)", 15, 6, 60, 600, Fodselsnummer},
		{"born 2000-2039 (individual 500-999)", 15, 6, 20, 800, Fodselsnummer},
		{"born 1940-1999 (individual 900-999)", 15, 6, 45, 950, Fodselsnummer},
		{"individual 500-749 with year 40-53 is never issued", 15, 6, 45, 600, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := issued(t, c.day, c.month, c.yy, c.individual)
			kind, ok := Valid(s)
			if c.kind == "" {
				if ok {
					t.Errorf("Valid(%s) = %q; want invalid", s, kind)
				}
				return
			}
			if !ok || kind != c.kind {
				t.Errorf("Valid(%s) = %q, %v; want %q", s, kind, ok, c.kind)
			}
			// Any wrong control digit makes it invalid.
			for _, i := range []int{9, 10} {
				b := []byte(s)
				b[i] = '0' + (b[i]-'0'+1)%10
				if _, ok := Valid(string(b)); ok {
					t.Errorf("Valid(%s) with control digit %d changed is valid", b, i-8)
				}
			}
		})
	}
}

func TestRemainderOneIsNeverIssued(t *testing.T) {
	// Find a number whose first control digit would be 10 and try every
	// digit in its place: none is valid.
	for ind := 0; ind < 1000; ind++ {
		if _, ok := number(1, 1, 90, ind); ok {
			continue
		}
		base := fmt.Sprintf("010190%03d", ind)
		for k1 := '0'; k1 <= '9'; k1++ {
			for k2 := '0'; k2 <= '9'; k2++ {
				if _, ok := Valid(base + string(k1) + string(k2)); ok {
					t.Fatalf("%s%c%c is valid, but its control digit would be 10", base, k1, k2)
				}
			}
		}
		return
	}
	t.Fatal("found no number with remainder 1")
}

func TestFind(t *testing.T) {
	fnr := issued(t, 1, 1, 90, 123)  // 010190…
	dnr := issued(t, 45, 3, 85, 200) // 450385…
	bad := fnr[:10] + string('0'+(fnr[10]-'0'+1)%10)
	cases := []struct {
		name string
		text string
		want []string // "line:col kind masked"
	}{
		{"alone", fnr, []string{"1:1 fødselsnummer 010190*****"}},
		{"in a YAML value", "people:\n  - id: kari\n    note: fnr " + fnr + "\n", []string{"3:15 fødselsnummer 010190*****"}},
		{"D-nummer", "x " + dnr, []string{"1:3 D-nummer 450385*****"}},
		{"written with a space", "født 010190 " + fnr[6:] + ".", []string{"1:6 fødselsnummer 010190 *****"}},
		{"two spaces is not one number", "010190  " + fnr[6:], nil},
		{"multibyte text before: columns count characters", "Ærlig Øst: «" + fnr + "»", []string{"1:13 fødselsnummer 010190*****"}},
		{"CRLF lines", "a\r\nb\r\nc: " + fnr + "\r\n", []string{"3:4 fødselsnummer 010190*****"}},
		{"wrong control digit", "fnr " + bad, nil},
		{"random 11 digits", "order 12345678901 and 98765432109", nil},
		{"12-digit run", fnr + "7", nil},
		{"12-digit run before", "7" + fnr, nil},
		{"10 digits", fnr[:10], nil},
		{"in a URL", "see https://example.org/persons/" + fnr + " now", nil},
		{"in a URL query", "<https://example.org/?id=" + fnr + ">", nil},
		{"in an id", "action KRE-" + fnr + " and " + fnr + "-KRE", nil},
		{"in a file name", "file " + fnr + ".pdf", nil},
		{"glued to letters", "x" + fnr + " " + fnr + "y", nil},
		{"in an e-mail address", fnr + "@example.org", nil},
		{"key=value", "fnr=" + fnr, []string{"1:5 fødselsnummer 010190*****"}},
		{"key:value", "fnr:" + fnr, []string{"1:5 fødselsnummer 010190*****"}},
		{"in brackets, end of sentence", "(" + fnr + ") and " + dnr + ".", []string{"1:2 fødselsnummer 010190*****", "1:19 D-nummer 450385*****"}},
		{"ids like KRE-2025-01", "actions: [KRE-2025-01, KRE-2025-02]", nil},
		{"dates and phone numbers", "2025-06-12, +47 22 11 80 80, 12.06.2025", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, m := range Find([]byte(c.text)) {
				got = append(got, fmt.Sprintf("%d:%d %s %s", m.Line, m.Col, m.Kind, m.Masked))
				if strings.Contains(m.Masked, fnr[6:]) || strings.Contains(m.Masked, dnr[6:]) {
					t.Errorf("the mask %q shows the personal number", m.Masked)
				}
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("Find(%q)\n got  %q\n want %q", c.text, got, c.want)
			}
		})
	}
}

// TestFindRandomNumbersRarelyMatch checks the claim that a random 11-digit
// number is rarely taken for an identity number: of 100,000 pseudo-random
// numbers, fewer than 1% may pass (the control digits alone let 1 in 121
// through, the date far fewer).
func TestFindRandomNumbersRarelyMatch(t *testing.T) {
	x := uint64(88172645463325252)
	hits := 0
	const n = 100_000
	for range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		if _, ok := Valid(fmt.Sprintf("%011d", x%100_000_000_000)); ok {
			hits++
		}
	}
	if hits == 0 || hits > n/100 {
		t.Errorf("%d of %d random numbers are valid; expected a few hundred at most and more than none", hits, n)
	}
}

// BenchmarkFind scans 4 MB of governance-like text (the size of the
// 10,000-document synthetic repository) holding dates, ids and numbers.
func BenchmarkFind(b *testing.B) {
	line := "  - {action: KRE-2025-01, status: done, due: 2025-06-30, comment: \"Ærlig talt 12345678901 ok\"}\n"
	text := []byte(strings.Repeat(line, 4<<20/len(line)))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if m := Find(text); len(m) != 0 {
			b.Fatalf("found %v", m[0])
		}
	}
}
