package schema

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"unicode/utf8"
)

// pattern is a compiled "pattern" keyword. Go's regexp answers in 0.5–1.3
// µs for the schemas' short anchored patterns, which made matching most of
// the pre-check's time; a deterministic automaton built from the very
// program regexp runs answers in a few nanoseconds per character. When a
// pattern is outside what the automaton models, regexp answers.
type pattern struct {
	re  *regexp.Regexp
	dfa *dfa
}

// compilePattern compiles expr as the library does (regexp.Compile) and,
// where it can, as an automaton as well.
func compilePattern(expr string) (*pattern, error) {
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, err
	}
	return &pattern{re: re, dfa: compileDFA(expr)}, nil
}

// match reports whether s contains a match, as regexp's MatchString.
func (p *pattern) match(s string) bool {
	if p.dfa != nil {
		return p.dfa.match(s)
	}
	return p.re.MatchString(s)
}

// symbols are what the automaton reads: each ASCII character on its own,
// and one symbol for every other rune (and for every byte that is not
// UTF-8, which regexp reads as U+FFFD). The automaton is only built when
// every character class holds either all runes beyond ASCII or none.
const symbols = utf8.RuneSelf + 1

const maxStates = 512

// dfa is a deterministic automaton for one regular expression's unanchored
// search, as regexp's MatchString does it.
type dfa struct {
	next  [][symbols]uint16
	found []bool // a match has been found; whatever follows, the answer is yes
	atEnd []bool // a match ends here if the input does
	dead  []bool // no match can start or continue
	start uint16
}

func (d *dfa) match(s string) bool {
	st := d.start
	for i := 0; i < len(s); {
		if d.found[st] {
			return true
		}
		if d.dead[st] {
			return false
		}
		c := s[i]
		if c < utf8.RuneSelf {
			st = d.next[st][c]
			i++
			continue
		}
		// regexp decodes the same way: an invalid byte is one U+FFFD.
		_, w := utf8.DecodeRuneInString(s[i:])
		st = d.next[st][utf8.RuneSelf]
		i += w
	}
	return d.found[st] || d.atEnd[st]
}

// dfaBuilder runs the subset construction over a syntax.Prog. A state is
// the set of instructions threads wait at: ones that read a rune, a match,
// and an end-of-text assertion (pending until the input is seen to end).
type dfaBuilder struct {
	prog    *syntax.Prog
	visited []bool
	// beyondASCII[pc]: the rune instruction at pc accepts every rune
	// beyond ASCII (otherwise it accepts none of them).
	beyondASCII []bool
	states      map[string]uint16
	sets        [][]uint32
	initial     []bool
	d           *dfa
}

// compileDFA builds the automaton for expr, or returns nil when expr uses
// something it does not model: case folding, line or word assertions, a
// character class that holds some runes beyond ASCII but not all, or more
// than maxStates states.
func compileDFA(expr string) *dfa {
	re, err := syntax.Parse(expr, syntax.Perl) // regexp.Compile's flags
	if err != nil {
		return nil
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil
	}
	b := &dfaBuilder{
		prog:        prog,
		visited:     make([]bool, len(prog.Inst)),
		beyondASCII: make([]bool, len(prog.Inst)),
		states:      map[string]uint16{},
		d:           &dfa{},
	}
	for pc := range prog.Inst {
		i := &prog.Inst[pc]
		switch i.Op {
		case syntax.InstAlt, syntax.InstAltMatch, syntax.InstCapture, syntax.InstNop, syntax.InstMatch, syntax.InstFail:
		case syntax.InstEmptyWidth:
			if syntax.EmptyOp(i.Arg)&^(syntax.EmptyBeginText|syntax.EmptyEndText) != 0 {
				return nil
			}
		case syntax.InstRune:
			if syntax.Flags(i.Arg)&syntax.FoldCase != 0 {
				return nil
			}
			all, ok := coversBeyondASCII(i.Rune)
			if !ok {
				return nil
			}
			b.beyondASCII[pc] = all
		case syntax.InstRune1:
			if i.Rune[0] >= utf8.RuneSelf {
				return nil
			}
		case syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			b.beyondASCII[pc] = true
		default:
			return nil
		}
	}
	start, ok := b.state(b.closure(nil, uint32(prog.Start), true), true)
	if !ok {
		return nil
	}
	b.d.start = start
	for s := 0; s < len(b.sets); s++ {
		for sym := range symbols {
			next, ok := b.state(b.step(b.sets[s], sym), false)
			if !ok {
				return nil
			}
			b.d.next[s][sym] = next
		}
	}
	return b.d
}

// coversBeyondASCII reports whether a rune class (pairs of bounds, or one
// literal rune) holds all runes from U+0080 up (all=true) or none of them
// (all=false); ok is false for anything in between.
func coversBeyondASCII(r []rune) (all, ok bool) {
	if len(r) == 1 {
		return false, r[0] < utf8.RuneSelf
	}
	if len(r)%2 != 0 {
		return false, false
	}
	var covered int64
	for j := 0; j < len(r); j += 2 {
		lo, hi := max(r[j], utf8.RuneSelf), min(r[j+1], utf8.MaxRune)
		if lo <= hi {
			covered += int64(hi - lo + 1)
		}
	}
	switch covered {
	case 0:
		return false, true
	case utf8.MaxRune - utf8.RuneSelf + 1:
		return true, true
	}
	return false, false
}

// closure adds to set the instructions reachable from pc without reading,
// at a position that is the beginning of the text or not.
func (b *dfaBuilder) closure(set []uint32, pc uint32, begin bool) []uint32 {
	clear(b.visited)
	return b.add(set, pc, begin, false)
}

func (b *dfaBuilder) add(set []uint32, pc uint32, begin, end bool) []uint32 {
	if b.visited[pc] {
		return set
	}
	b.visited[pc] = true
	i := &b.prog.Inst[pc]
	switch i.Op {
	case syntax.InstAlt, syntax.InstAltMatch:
		set = b.add(set, i.Out, begin, end)
		return b.add(set, i.Arg, begin, end)
	case syntax.InstCapture, syntax.InstNop:
		return b.add(set, i.Out, begin, end)
	case syntax.InstEmptyWidth:
		op := syntax.EmptyOp(i.Arg)
		if op&syntax.EmptyBeginText != 0 && !begin {
			return set
		}
		if op&syntax.EmptyEndText != 0 && !end {
			return append(set, pc) // decided when the input ends
		}
		return b.add(set, i.Out, begin, end)
	case syntax.InstFail:
		return set
	}
	return append(set, pc)
}

// step returns the set after reading sym from set, with a new thread
// started at the position after it (the search is unanchored).
func (b *dfaBuilder) step(set []uint32, sym int) []uint32 {
	clear(b.visited)
	var next []uint32
	for _, pc := range set {
		i := &b.prog.Inst[pc]
		var ok bool
		switch i.Op {
		case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			if sym == utf8.RuneSelf {
				ok = b.beyondASCII[pc]
			} else {
				ok = i.MatchRune(rune(sym))
			}
		}
		if ok {
			next = b.add(next, i.Out, false, false)
		}
	}
	return b.add(next, uint32(b.prog.Start), false, false)
}

// state returns the number of the state for set, adding it if new.
func (b *dfaBuilder) state(set []uint32, initial bool) (uint16, bool) {
	slices.Sort(set)
	key := make([]byte, 0, 4*len(set)+1)
	if initial {
		key = append(key, 1)
	} else {
		key = append(key, 0)
	}
	for _, pc := range set {
		key = append(key, byte(pc>>24), byte(pc>>16), byte(pc>>8), byte(pc))
	}
	if s, ok := b.states[string(key)]; ok {
		return s, true
	}
	if len(b.sets) == maxStates {
		return 0, false
	}
	s := uint16(len(b.sets))
	b.states[string(key)] = s
	b.sets = append(b.sets, set)
	b.initial = append(b.initial, initial)
	found, atEnd := false, false
	for _, pc := range set {
		i := &b.prog.Inst[pc]
		switch i.Op {
		case syntax.InstMatch:
			found = true
		case syntax.InstEmptyWidth:
			// Pending end of text: does a match follow once it holds?
			clear(b.visited)
			for _, q := range b.add(nil, i.Out, initial, true) {
				if b.prog.Inst[q].Op == syntax.InstMatch {
					atEnd = true
				}
			}
		}
	}
	b.d.next = append(b.d.next, [symbols]uint16{})
	b.d.found = append(b.d.found, found)
	b.d.atEnd = append(b.d.atEnd, atEnd)
	b.d.dead = append(b.d.dead, len(set) == 0)
	return s, true
}
