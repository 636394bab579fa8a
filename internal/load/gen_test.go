package load

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// yamlGen writes random YAML in and around the fast path's scope, so that
// the differential check sees many layouts the fast path does take, not
// only the mutations a fuzzer finds from the seeds.
type yamlGen struct {
	r *rand.Rand
	b strings.Builder
}

var (
	genKeys    = []string{"id", "title", "a", "long_key_name", "æøå", "k-1", "x y", "'q'", `"dq"`, "url", "n", "a#b"}
	genScalars = []string{
		"x", "hello world", "Oslo universitetssykehus HF", "1", "0", "42", "-3", "+7", "012", "09", "1.5", ".5", "1e3",
		"2.5e-3", "0x1F", "0o7", "0b1", "1_000", "2024-01-31", "2025-T1", "true", "false", "True", "null", "~",
		"Null", "yes", "no", ".inf", ".nan", "a#b", "https://example.org/a?b=c#d", "a:b", "-x", "_y", "x'y", `x"y`,
		"ø", "1:2", "(parens)", "$var", "a, b", "a]b", "a}b", "a[b", "a{b", "10%", "@x", "`x`", "!t", "&a", "*a",
		"'single'", "'it''s'", "''", `"double"`, `""`, `"esc \" \\ \n \t \u00e6 \/"`, `"\x41"`, `"\U0001F600"`,
	}
)

func (g *yamlGen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func (g *yamlGen) comment() {
	if g.r.IntN(6) == 0 {
		g.b.WriteString(" # c")
	}
}

func (g *yamlGen) flowScalar() string {
	for {
		s := g.pick(genScalars)
		if !strings.ContainsAny(s, ",[]{}") || g.r.IntN(8) == 0 {
			return s
		}
	}
}

func (g *yamlGen) flow(indent, depth int) {
	isMap := g.r.IntN(2) == 0
	open, end := "[", "]"
	if isMap {
		open, end = "{", "}"
	}
	g.b.WriteString(open)
	n := g.r.IntN(4)
	for i := range n {
		if i > 0 {
			g.b.WriteString(",")
			if g.r.IntN(5) == 0 {
				g.b.WriteString("\n" + strings.Repeat(" ", indent+1+g.r.IntN(4)))
			} else {
				g.b.WriteString(" ")
			}
		}
		if isMap {
			g.b.WriteString(g.pick(genKeys) + ": ")
		}
		if depth < 2 && g.r.IntN(4) == 0 {
			g.flow(indent, depth+1)
		} else {
			g.b.WriteString(g.flowScalar())
		}
	}
	g.b.WriteString(end)
}

func (g *yamlGen) block(indent int) {
	g.b.WriteString(g.pick([]string{"|", "|-", ">", ">-", "|+", ">+"}))
	g.b.WriteString("\n")
	in := indent + 1 + g.r.IntN(3)
	for range 1 + g.r.IntN(4) {
		switch g.r.IntN(6) {
		case 0:
			g.b.WriteString("\n")
			continue
		case 1:
			g.b.WriteString(strings.Repeat(" ", in+1+g.r.IntN(2)))
		default:
			g.b.WriteString(strings.Repeat(" ", in))
		}
		g.b.WriteString(g.pick([]string{"text", "more text", "# not a comment", "x: y", "- z", "ø"}) + "\n")
	}
}

// value writes what follows "key:" or "-" at indent.
func (g *yamlGen) value(indent, depth int) {
	switch k := g.r.IntN(10); {
	case k < 4 || depth > 4:
		g.b.WriteString(strings.Repeat(" ", 1+g.r.IntN(2)) + g.pick(genScalars))
		g.comment()
		if g.r.IntN(12) == 0 {
			g.b.WriteString("  ") // trailing spaces
		}
		g.b.WriteString("\n")
	case k < 6:
		g.b.WriteString(" ")
		g.flow(indent, 0)
		g.comment()
		g.b.WriteString("\n")
	case k == 6:
		g.b.WriteString(" ")
		g.block(indent)
	case k == 7:
		g.comment()
		g.b.WriteString("\n")
	case k == 8:
		g.comment()
		g.b.WriteString("\n")
		g.seq(indent+g.r.IntN(3), depth+1)
	default:
		g.comment()
		g.b.WriteString("\n")
		g.mapping(indent+1+g.r.IntN(3), depth+1, false)
	}
}

func (g *yamlGen) mapping(indent, depth int, inItem bool) {
	used := map[string]bool{}
	for i := range 1 + g.r.IntN(4) {
		if g.r.IntN(8) == 0 {
			g.b.WriteString(strings.Repeat(" ", g.r.IntN(indent+2)) + "# comment\n")
		}
		if !(inItem && i == 0) {
			g.b.WriteString(strings.Repeat(" ", indent))
		}
		k := g.pick(genKeys)
		if used[k] && g.r.IntN(4) != 0 {
			continue
		}
		used[k] = true
		g.b.WriteString(k + strings.Repeat(" ", g.r.IntN(8)/7) + ":")
		g.value(indent, depth)
	}
}

func (g *yamlGen) seq(indent, depth int) {
	for range 1 + g.r.IntN(4) {
		g.b.WriteString(strings.Repeat(" ", indent) + "-")
		if g.r.IntN(3) == 0 && depth < 5 {
			g.b.WriteString(" ")
			g.mapping(indent+2, depth+1, true)
			continue
		}
		g.value(indent, depth)
	}
}

// TestFastPathRandomDocuments holds the fast path to goccy's parser on
// random documents of the layouts governance files use.
func TestFastPathRandomDocuments(t *testing.T) {
	n := 4000
	if testing.Short() {
		n = 500
	}
	fast := 0
	for i := range n {
		g := yamlGen{r: rand.New(rand.NewPCG(uint64(i), 7))}
		g.mapping(0, 0, false)
		if sameTree(t, fmt.Sprintf("gen-%d.yaml", i), []byte(g.b.String())) {
			fast++
		}
		if t.Failed() {
			return
		}
	}
	t.Logf("%d of %d random documents built without the parser", fast, n)
	if fast < n/5 {
		t.Errorf("only %d of %d random documents built without the parser", fast, n)
	}
}
