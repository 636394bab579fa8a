package load

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// nestedMap writes a block mapping n levels deep: "a:\n  a:\n    a: 1".
func nestedMap(n int) string {
	var b strings.Builder
	for i := range n - 1 {
		fmt.Fprintf(&b, "%sa:\n", strings.Repeat("  ", i))
	}
	fmt.Fprintf(&b, "%sa: 1\n", strings.Repeat("  ", n-1))
	return b.String()
}

// keys writes a block mapping of n keys, each holding a list written at the
// key's own indentation (the form on which goccy is slowest).
func keys(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "k%d:\n- v\n", i)
	}
	return b.String()
}

// TestGeneratedLimits covers the inputs too large to keep in the corpus as
// text. Each must give exactly the diagnostics listed, quickly.
func TestGeneratedLimits(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{"block-64-levels-ok", nestedMap(64), nil},
		{"block-65-levels", nestedMap(65), []string{"limits governance.yaml:65:129"}},
		{"block-dashes-65-levels", strings.Repeat("- ", 65) + "x\n", []string{"limits governance.yaml:1:129"}},
		{"block-dashes-500k-levels", strings.Repeat("- ", 500_000) + "x\n", []string{"limits governance.yaml:1:129"}},
		{"flow-64-levels-ok", "a: " + strings.Repeat("[", 63) + strings.Repeat("]", 63) + "\n", nil},
		{"flow-65-levels", "a: " + strings.Repeat("[", 64) + strings.Repeat("]", 64) + "\n", []string{"limits governance.yaml:1:67"}},
		{"flow-10000-brackets", strings.Repeat("[", 10_000), []string{"limits governance.yaml:1:65"}},
		{"flow-maps-10000", strings.Repeat("{a: ", 10_000), []string{"limits governance.yaml:1:257"}},
		{"mixed-block-flow-300k", strings.Repeat("- [", 300_000), []string{"limits governance.yaml:1:192"}},
		{"keys-256-ok", keys(256), nil},
		{"keys-257", keys(257), []string{"limits governance.yaml:513:1"}},
		{"keys-70k", keys(70_000), []string{"limits governance.yaml:513:1"}},
		{"same-line-colons-100k", strings.Repeat("a: ", 100_000) + "\n", []string{"syntax governance.yaml:1:5"}},
		{"items-50k-ok", "a:\n" + strings.Repeat("- x\n", 50_000), nil},
		{"long-line-ok", "a: " + strings.Repeat("x", 900_000) + "\n", nil},
		{"exactly-1MiB-ok", "a: " + strings.Repeat("x", MaxFileSize-5) + "\n", nil},
		{"over-1MiB", "a: " + strings.Repeat("x", MaxFileSize) + "\n", []string{"limits governance.yaml:1:1"}},
		{"alias-bomb-wide", "a: &a [" + strings.Repeat(`"lol",`, 1000) + "]\n" + strings.Repeat("b: [*a,*a,*a]\n", 1000), []string{"limits governance.yaml:1:4"}},
		{"flow-keys-70k", "a: {" + func() string {
			var b strings.Builder
			for i := range 70_000 {
				fmt.Fprintf(&b, "k%d: v, ", i)
			}
			return b.String()
		}() + "}\n", []string{"limits governance.yaml:1:2199"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			res := loadBounded(t, fstest.MapFS{"governance.yaml": {Data: []byte(c.src)}}, raceSlowdown*20*time.Second)
			if got := gotDiags(res); !slices.Equal(got, c.want) {
				t.Errorf("got %q, want %q\n%s", got, c.want, describeDiags(res.Diags))
			}
			if len(c.want) == 0 && len(res.Docs) != 1 {
				t.Errorf("the document did not load")
			}
			// Generous for a loaded 2-core machine running -race; the
			// point is that nothing is quadratic or worse.
			if d := time.Since(start); d > raceSlowdown*5*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}
