package scaffold

import (
	"fmt"
	"strconv"
	"time"
)

// span is one reporting period, named like report files: 2025-T1, 2025-Y.
// Start and End are both included.
type span struct {
	Name       string
	Start, End time.Time
}

// cadenceLetters maps governance.yaml's reporting.cadence to the letter in
// period names and the months per period.
var cadenceLetters = map[string]struct {
	letter byte
	months int
}{
	"tertial": {'T', 4}, "quarterly": {'Q', 3}, "semiannual": {'H', 6}, "annual": {'Y', 12},
}

func spanOf(letter byte, months, year, i int) span {
	start := time.Date(year, time.Month((i-1)*months+1), 1, 0, 0, 0, 0, time.UTC)
	name := fmt.Sprintf("%04d-%c%d", year, letter, i)
	if letter == 'Y' {
		name = fmt.Sprintf("%04d-Y", year)
	}
	return span{Name: name, Start: start, End: start.AddDate(0, months, -1)}
}

// parsePeriod reads a period name of the given cadence; ok is false when
// the name is malformed or belongs to another cadence.
func parsePeriod(cadence, name string) (span, bool) {
	c, ok := cadenceLetters[cadence]
	if !ok || len(name) < 6 || name[4] != '-' || name[5] != c.letter {
		return span{}, false
	}
	year, err := strconv.Atoi(name[:4])
	if err != nil || year < 1 || name[0] == '+' || name[0] == '-' {
		return span{}, false
	}
	if c.letter == 'Y' {
		return spanOf(c.letter, c.months, year, 1), len(name) == 6
	}
	if len(name) != 7 {
		return span{}, false
	}
	i := int(name[6] - '0')
	if i < 1 || i > 12/c.months {
		return span{}, false
	}
	return spanOf(c.letter, c.months, year, i), true
}

// containing is the period of cadence holding t.
func containing(cadence string, t time.Time) (span, bool) {
	c, ok := cadenceLetters[cadence]
	if !ok {
		return span{}, false
	}
	return spanOf(c.letter, c.months, t.Year(), (int(t.Month())-1)/c.months+1), true
}

// between lists the periods of cadence that overlap from … to.
func between(cadence string, from, to time.Time) []span {
	c, ok := cadenceLetters[cadence]
	if !ok || to.Before(from) {
		return nil
	}
	var out []span
	year, i := from.Year(), (int(from.Month())-1)/c.months+1
	for {
		p := spanOf(c.letter, c.months, year, i)
		if p.Start.After(to) {
			return out
		}
		out = append(out, p)
		if i++; i > 12/c.months {
			year, i = year+1, 1
		}
	}
}
