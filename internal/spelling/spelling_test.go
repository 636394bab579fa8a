package spelling

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"leader", "leader", 0}, {"leadr", "leader", 1}, {"laeder", "leader", 1},
		{"kreft", "cancer", 6}, {"ø", "o", 1}, {"", "abc", 3},
	} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestNearest(t *testing.T) {
	ids := []string{"anchor-level", "leader", "leader-in-line", "board-competence"}
	for s, want := range map[string]string{
		"anchor-levl": "anchor-level", "leadr": "leader", "board-competance": "board-competence",
		"xyz": "", "funding": "",
	} {
		if got := Nearest(s, ids); got != want {
			t.Errorf("Nearest(%q) = %q, want %q", s, got, want)
		}
	}
}
