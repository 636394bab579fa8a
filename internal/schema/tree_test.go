package schema

import (
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

type verr = jsonschema.ValidationError

// TestClosestBranchOnly checks that of an anyOf/oneOf that nothing matched,
// only the branch with the fewest errors is reported.
func TestClosestBranchOnly(t *testing.T) {
	a1 := &verr{ErrorKind: &kind.Required{Missing: []string{"a"}}}
	a2 := &verr{ErrorKind: &kind.Required{Missing: []string{"b"}}}
	b := &verr{ErrorKind: &kind.Type{Got: "string", Want: []string{"integer"}}}
	for _, k := range []jsonschema.ErrorKind{&kind.AnyOf{}, &kind.OneOf{}} {
		tree := &verr{ErrorKind: &kind.Group{}, Causes: []*verr{
			{ErrorKind: k, Causes: []*verr{{ErrorKind: &kind.Group{}, Causes: []*verr{a1, a2}}, b}},
		}}
		var got []*verr
		collectLeaves(tree, &got)
		if len(got) != 1 || got[0] != b {
			t.Errorf("%T: got %d leaves, want only the closest branch's one", k, len(got))
		}
	}
}

// TestOneDiagnosticPerValue checks that a value several keywords reject gets
// one diagnostic, the most telling one, and that keywords the schemas do not
// use still give a bilingual message.
func TestOneDiagnosticPerValue(t *testing.T) {
	once.Do(setup)
	d := loadOne(t, "org/people.yaml", "people:\n  - {id: x, name: X, email: not-an-email, github: a}\n")
	id := "https://pmgov.example.org/schemas/people.schema.json"
	loc := []string{"people", "0", "email"}
	tree := &verr{ErrorKind: &kind.Group{}, Causes: []*verr{
		{SchemaURL: id + "#/$defs/email", InstanceLocation: loc, ErrorKind: &kind.Pattern{Got: "not-an-email", Want: `^\S+$`}},
		{SchemaURL: id + "#/$defs/email", InstanceLocation: loc, ErrorKind: &kind.Format{Got: "not-an-email", Want: "email"}},
		{SchemaURL: id + "#/properties/people/items/properties/github", InstanceLocation: []string{"people", "0", "github"}, ErrorKind: &kind.Contains{}},
	}}
	r := reporter{d: d, root: byKind["people"].raw}
	ds := r.report(tree)
	if len(ds) != 2 {
		t.Fatalf("want 2 diagnostics, got\n%s", lines(ds))
	}
	if want := `"not-an-email" in "email" under people item 1 (x) is not a valid email address`; ds[0].Message.EN != want {
		t.Errorf("got %q, want the format error %q", ds[0].Message.EN, want)
	}
	if ds[1].Pos.Line != 2 || ds[1].Pos.Col != 51 {
		t.Errorf("fallback diagnostic at %v, want 2:51", ds[1].Pos)
	}
	if ds[1].Message.NB == "" || ds[1].Message.EN == "" || ds[1].Hint.NB == "" {
		t.Errorf("fallback diagnostic lacks text: %+v", ds[1])
	}
}

func TestNearest(t *testing.T) {
	cands := []string{"leader", "board", "mandate", "terms", "theme"}
	for in, want := range map[string]string{
		"leadr": "leader", "Leader": "leader", "baord": "board", "mandat": "mandate",
		"term": "terms", "xyz": "", "budget": "", "tema": "",
	} {
		if got := nearest(in, cands); got != want {
			t.Errorf("nearest(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestYAMLInline(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
	}{
		{"kari.nordmann@example.org", "kari.nordmann@example.org"},
		{"2025", `"2025"`},
		{"yes", `"yes"`},
		{"a: b", `"a: b"`},
		{"@kari", `"@kari"`},
		{nil, "null"},
		{[]any{"KRE", "MED"}, "[KRE, MED]"},
		{map[string]any{"role": "leader", "person": "kari.nordmann"}, "{person: kari.nordmann, role: leader}"},
	} {
		if got := yamlInline(tc.in); got != tc.want {
			t.Errorf("yamlInline(%v) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
