package schema

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// schemaPatterns lists every distinct "pattern" of the embedded schemas.
func schemaPatterns(t testing.TB) []string {
	t.Helper()
	set := map[string]bool{}
	var collect func(v any)
	collect = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if p, ok := x["pattern"].(string); ok {
				set[p] = true
			}
			for _, y := range x {
				collect(y)
			}
		case []any:
			for _, y := range x {
				collect(y)
			}
		}
	}
	for _, c := range compiledKinds(t) {
		collect(c.raw)
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// extraPatterns exercise what the automaton models beyond the schemas'
// patterns: unanchored ends, empty matches, alternation, repetition
// bounds, any character, classes beyond ASCII.
var extraPatterns = []string{
	`a`, `^a`, `a$`, `^$`, `$`, `^`, ``, `a*`, `^a*$`, `(a|ab)(c|bcd)$`, `^[^a-z]+$`, `^.$`, `(?s)^.$`,
	`^.{2,3}$`, `x|^y|z$`, `^[\s\S]*$`, `\S\s\S`, `^[^@]+@[^@]+$`, `^(ab)+$`, `^a?b{3}$`, `a^b`, `a$b`,
	`^(|a)$`, `[^\x00-\x7f]`, `^\D+$`, `^\W$`, `^[^\n]$`, `^\A\z`, `\Aa`,
}

// unmodelled patterns must fall back to regexp.
var unmodelled = []string{`(?i)k`, `\bword\b`, `(?m)^a$`, `^[é]$`, `^[a-zé]+$`, `\pL`, `a\B`}

func TestSchemaPatternsHaveAutomata(t *testing.T) {
	for _, p := range schemaPatterns(t) {
		if compileDFA(p) == nil {
			t.Errorf("pattern %q has no automaton: the pre-check would fall back to regexp", p)
		}
	}
	for _, p := range extraPatterns {
		if compileDFA(p) == nil {
			t.Errorf("pattern %q has no automaton", p)
		}
	}
	for _, p := range unmodelled {
		if compileDFA(p) != nil {
			t.Errorf("pattern %q has an automaton, want regexp", p)
		}
	}
}

// patternInputs are strings near every pattern's boundary: all short
// strings over a small alphabet, then random ones over a larger one with
// text beyond ASCII and bytes that are not UTF-8.
func patternInputs() []string {
	small := []string{"a", "Z", "0", "-", ".", " ", "\n", "é", "\xff", "@"}
	out := []string{""}
	level := []string{""}
	for range 3 {
		var next []string
		for _, s := range level {
			for _, c := range small {
				next = append(next, s+c)
			}
		}
		out = append(out, next...)
		level = next
	}
	large := []string{"a", "b", "c", "d", "x", "y", "z", "k", "A", "B", "G", "K", "R", "E", "T", "Q", "H", "Y", "Z",
		"0", "1", "2", "5", "9", "-", ".", "/", ":", "?", "#", "@", "_", " ", "\t", "\n", "\r", "\f", "\v",
		"é", "å", "€", "\u2028", "\U0001F600", "\xff", "\xc3", "\xed\xa0\x80", "http", "https://", "mailto:",
		"term-", "strategy-", "2025", "-T1", "KRE", "@example.org"}
	r := rand.New(rand.NewPCG(1, 2))
	n := 30000
	if race {
		n = 3000
	}
	for range n {
		var sb strings.Builder
		for range r.IntN(14) {
			sb.WriteString(large[r.IntN(len(large))])
		}
		out = append(out, sb.String())
	}
	return out
}

func TestPatternAgreesWithRegexp(t *testing.T) {
	inputs := patternInputs()
	for _, p := range append(schemaPatterns(t), extraPatterns...) {
		re := regexp.MustCompile(p)
		d := compileDFA(p)
		if d == nil {
			continue
		}
		bad := 0
		for _, s := range inputs {
			if got, want := d.match(s), re.MatchString(s); got != want {
				t.Errorf("pattern %q on %q: automaton %v, regexp %v", p, s, got, want)
				if bad++; bad > 5 {
					break
				}
			}
		}
	}
}

// FuzzPattern holds the automata to regexp on arbitrary text.
func FuzzPattern(f *testing.F) {
	for _, s := range []string{"", "kari.nordmann", "KRE-2025-01", "https://x.no/a b", "mailto:a@b", " \t", "é\xff"} {
		f.Add(s)
	}
	type pair struct {
		re *regexp.Regexp
		d  *dfa
	}
	var pairs []pair
	for _, p := range append(schemaPatterns(f), extraPatterns...) {
		pairs = append(pairs, pair{regexp.MustCompile(p), compileDFA(p)})
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range pairs {
			if p.d != nil && p.d.match(s) != p.re.MatchString(s) {
				t.Fatalf("pattern %q on %q: automaton %v, regexp %v", p.re, s, p.d.match(s), p.re.MatchString(s))
			}
		}
	})
}
