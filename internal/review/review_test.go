package review

import (
	"os"
	"slices"
	"strings"
	"testing"
)

const head = "2222222222222222222222222222222222222222"

func load(t *testing.T) []Review {
	t.Helper()
	f, err := os.Open("testdata/reviews.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rs, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// Each reviewer of the fixture stands for one case of GitHub's reviews.
func TestApprovers(t *testing.T) {
	rs := load(t)
	if len(rs) != 11 {
		t.Fatalf("parsed %d reviews, want 11", len(rs))
	}
	got := Approvers(rs, head)
	// kari-nordmann approved an older commit (stale); Ola-Nordmann
	// approved the head; per-hansen approved, then asked for changes;
	// geir-lund asked for changes, then approved, then only commented;
	// lise-berg's approval was dismissed; a deleted account and a login
	// with the Kelvin sign count for nothing; mona-solberg's review is
	// still pending.
	want := []string{"geir-lund", "Ola-Nordmann"}
	if !slices.Equal(got, want) {
		t.Errorf("Approvers = %v, want %v", got, want)
	}
	if got := Approvers(rs, "1111111111111111111111111111111111111111"); !slices.Equal(got, []string{"kari-nordmann"}) {
		t.Errorf("on the older commit: %v, want kari-nordmann alone", got)
	}
	if got := Approvers(rs, ""); len(got) != 0 {
		t.Errorf("with no head commit: %v", got)
	}
	// Commit ids are compared whatever their case.
	if got := Approvers(rs, strings.ToUpper(head)); !slices.Equal(got, want) {
		t.Errorf("upper-case head: %v", got)
	}
}

// The same submission time is decided by the order GitHub lists them in.
func TestApproversSameTime(t *testing.T) {
	rs, err := Parse(strings.NewReader(`[
		{"user": {"login": "a"}, "state": "APPROVED", "commit_id": "h", "submitted_at": "2026-12-01T10:00:00Z"},
		{"user": {"login": "a"}, "state": "DISMISSED", "commit_id": "h", "submitted_at": "2026-12-01T10:00:00Z"},
		{"user": {"login": "b"}, "state": "CHANGES_REQUESTED", "commit_id": "h"},
		{"user": {"login": "B"}, "state": "APPROVED", "commit_id": "h"}
	]`))
	if err != nil {
		t.Fatal(err)
	}
	if got := Approvers(rs, "h"); !slices.Equal(got, []string{"B"}) {
		t.Errorf("Approvers = %v, want [B]", got)
	}
}

// gh api --paginate prints one array per page.
func TestParsePages(t *testing.T) {
	rs, err := Parse(strings.NewReader(`[{"user":{"login":"a"},"state":"APPROVED","commit_id":"h"}]
[{"user":{"login":"b"},"state":"APPROVED","commit_id":"h"}][]`))
	if err != nil || len(rs) != 2 {
		t.Fatalf("Parse = %v, %v", rs, err)
	}
	if rs, err := Parse(strings.NewReader("[]\n")); err != nil || len(rs) != 0 {
		t.Errorf("an empty list: %v, %v", rs, err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "empty"},
		{"[\n  {\"user\": {\"login\": \"a\"},\n   \"state\": APPROVED}\n]", "3:13: invalid character 'A'"},
		{`{"message": "Not Found"}`, "1:2: json: cannot unmarshal object"},
		{`[{"user": {"login": 7}}]`, "1:"},
		{"[", "1:2: "},
	} {
		_, err := Parse(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", tc.in, err, tc.want)
		}
	}
}

func TestSameLogin(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"kari-nordmann", "Kari-Nordmann", true},
		{"kari-nordmann", "kari-nordman", false},
		{"\u212Aari", "kari", false}, // the Kelvin sign folds to k in Unicode
		{"kari", "\u212Aari", false},
		{"", "", false},
		{"ſara", "sara", false}, // the long s folds to s in Unicode
	} {
		if got := SameLogin(tc.a, tc.b); got != tc.want {
			t.Errorf("SameLogin(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func FuzzParseReviews(f *testing.F) {
	if b, err := os.ReadFile("testdata/reviews.json"); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`[][]`))
	f.Add([]byte(`[{"user":null}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := Parse(strings.NewReader(string(b)))
		if err != nil {
			if rs != nil {
				t.Fatal("reviews returned with an error")
			}
			return
		}
		for _, login := range Approvers(rs, head) {
			if login == "" || !isASCII(login) {
				t.Fatalf("approver %q", login)
			}
		}
	})
}
