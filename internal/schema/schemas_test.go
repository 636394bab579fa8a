package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/rules"
	"github.com/ous-pm/pmgov/schemas"
)

const base = "https://pmgov.example.org/schemas/"

// rawSchemas parses every embedded schema.
func rawSchemas(t *testing.T) map[string]map[string]any {
	t.Helper()
	entries, err := schemas.FS.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]any{}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".schema.json")
		if !ok {
			continue
		}
		b, err := schemas.FS.ReadFile(e.Name())
		if err != nil {
			t.Fatal(err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		out[name] = v.(map[string]any)
	}
	return out
}

func TestEveryKindHasASchema(t *testing.T) {
	var kinds []string
	for _, k := range doc.Kinds {
		kinds = append(kinds, string(k))
	}
	if got := Names(); !slices.Equal(got, kinds) {
		t.Errorf("Names() = %v, want %v", got, kinds)
	}
	var embedded []string
	for name := range rawSchemas(t) {
		embedded = append(embedded, name)
	}
	slices.Sort(embedded)
	want := slices.Clone(kinds)
	slices.Sort(want)
	if !slices.Equal(embedded, want) {
		t.Errorf("embedded schemas %v, want one per kind %v", embedded, want)
	}
	if _, ok := schemas.Get("mandate-text"); ok {
		t.Error("mandate-text has no fields and must have no schema")
	}
	if _, ok := schemas.Get("../schemas/center"); ok {
		t.Error("Get accepted a path")
	}
}

func TestSchemasCompileStandalone(t *testing.T) {
	for name, raw := range rawSchemas(t) {
		if raw["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("%s: $schema is %v, want draft 2020-12", name, raw["$schema"])
		}
		if raw["$id"] != base+name+".schema.json" {
			t.Errorf("%s: $id is %v, want %s", name, raw["$id"], base+name+".schema.json")
		}
		// Each schema stands alone: `pmgov schema KIND` prints a file an
		// editor can use without its siblings.
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource(base+name+".schema.json", raw); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := c.Compile(base + name + ".schema.json"); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// subschema is one schema inside a file, with its JSON pointer.
type subschema struct {
	ptr string
	s   map[string]any
	// field is true for the value of a "properties" entry.
	field bool
}

// walk lists every subschema: properties, items, $defs, if/then/else,
// allOf/anyOf/oneOf and not.
func walk(ptr string, s map[string]any, field bool, out *[]subschema) {
	*out = append(*out, subschema{ptr, s, field})
	for _, kw := range []string{"properties", "$defs"} {
		m, _ := s[kw].(map[string]any)
		for k, v := range m {
			if sub, ok := v.(map[string]any); ok {
				walk(ptr+"/"+kw+"/"+k, sub, kw == "properties", out)
			}
		}
	}
	for _, kw := range []string{"items", "if", "then", "else", "not", "additionalProperties"} {
		if sub, ok := s[kw].(map[string]any); ok {
			walk(ptr+"/"+kw, sub, false, out)
		}
	}
	for _, kw := range []string{"allOf", "anyOf", "oneOf"} {
		l, _ := s[kw].([]any)
		for i, v := range l {
			if sub, ok := v.(map[string]any); ok {
				walk(ptr+"/"+kw+"/"+string(rune('0'+i)), sub, false, out)
			}
		}
	}
}

func TestObjectsAreClosed(t *testing.T) {
	for name, raw := range rawSchemas(t) {
		var subs []subschema
		walk("", raw, false, &subs)
		for _, sub := range subs {
			if sub.s["type"] == "object" && sub.s["additionalProperties"] != false {
				t.Errorf("%s#%s: an object without additionalProperties: false", name, sub.ptr)
			}
			if _, has := sub.s["properties"]; has && sub.s["type"] != "object" && !strings.Contains(sub.ptr, "/if") &&
				!strings.Contains(sub.ptr, "/then") && !strings.Contains(sub.ptr, "/else") {
				t.Errorf("%s#%s: properties outside an object schema", name, sub.ptr)
			}
		}
	}
}

// norwegian matches text that is recognisably bokmål: a letter English does
// not have, or a common word English does not share.
var norwegian = regexp.MustCompile(`(?i)[æøå]|(^|[^\pL])(og|er|i|på|som|til|med|av|den|det|skal|eller|når|da|ble|om|ett|hvert|alle|gjelder|en|et)([^\pL]|$)`)

// TestEveryFieldDocumented checks that every field an author can write has a
// Norwegian title, description and examples, which editors show on hover.
func TestEveryFieldDocumented(t *testing.T) {
	count := 0
	for name, raw := range rawSchemas(t) {
		var subs []subschema
		walk("", raw, false, &subs)
		for _, sub := range subs {
			if !sub.field && !strings.Contains(sub.ptr, "/$defs/") && sub.ptr != "" {
				continue
			}
			count++
			title, _ := sub.s["title"].(string)
			desc, _ := sub.s["description"].(string)
			if strings.TrimSpace(title) == "" {
				t.Errorf("%s#%s: no title", name, sub.ptr)
			}
			if strings.TrimSpace(desc) == "" {
				t.Errorf("%s#%s: no description", name, sub.ptr)
			} else if !norwegian.MatchString(desc) {
				t.Errorf("%s#%s: the description does not read as Norwegian: %q", name, sub.ptr, desc)
			}
			conditional := strings.Contains(sub.ptr, "/if/") || strings.Contains(sub.ptr, "/then/") || strings.Contains(sub.ptr, "/else/")
			if exs, _ := sub.s["examples"].([]any); sub.field && !conditional && len(exs) == 0 {
				t.Errorf("%s#%s: a field without examples", name, sub.ptr)
			}
		}
	}
	if count < 200 {
		t.Errorf("walked only %d fields; the walk misses parts of the schemas", count)
	}
}

// TestExamplesAreValid checks every field's examples against the field's own
// schema: hints quote them as what to write, so they must pass.
func TestExamplesAreValid(t *testing.T) {
	for name, raw := range rawSchemas(t) {
		id := base + name + ".schema.json"
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource(id, raw); err != nil {
			t.Fatal(err)
		}
		var subs []subschema
		walk("", raw, false, &subs)
		withExamples := 0
		for _, sub := range subs {
			exs, _ := sub.s["examples"].([]any)
			if len(exs) == 0 {
				continue
			}
			withExamples++
			sch, err := c.Compile(id + "#" + sub.ptr)
			if err != nil {
				t.Fatalf("%s#%s: %v", name, sub.ptr, err)
			}
			for _, ex := range exs {
				if err := sch.Validate(ex); err != nil {
					t.Errorf("%s#%s: example %v is invalid: %v", name, sub.ptr, ex, err)
				}
			}
		}
		if withExamples == 0 {
			t.Errorf("%s: no examples", name)
		}
	}
}

// TestPatternsExplained checks that every pattern in the schemas has a
// plain-language explanation for its messages.
func TestPatternsExplained(t *testing.T) {
	for name, raw := range rawSchemas(t) {
		var subs []subschema
		walk("", raw, false, &subs)
		for _, sub := range subs {
			if p, ok := sub.s["pattern"].(string); ok {
				if _, ok := patterns[p]; !ok {
					t.Errorf("%s#%s: pattern %s has no explanation in patterns", name, sub.ptr, p)
				}
			}
		}
	}
	for p := range patterns {
		if _, err := regexp.Compile(p); err != nil {
			t.Errorf("pattern %s: %v", p, err)
		}
	}
}

// TestEnumsFollowTheDataModel pins the enumerations data-model.md defines:
// waivers, scripts and the JSON API rely on these exact words.
func TestEnumsFollowTheDataModel(t *testing.T) {
	all := rawSchemas(t)
	tests := []struct {
		kind, ptr string
		want      []string
	}{
		{"governance", "/properties/reporting/properties/cadence", []string{"tertial", "quarterly", "semiannual", "annual"}},
		{"governance", "/$defs/lang", []string{"nb", "en"}},
		{"units", "/$defs/level", []string{"N1", "N2", "N3", "N4"}},
		{"committee", "/properties/members/items/properties/role", []string{"chair", "member", "secretary"}},
		{"mandate", "/properties/applies_to", []string{"treatment", "technology"}},
		{"mandate", "/$defs/audience", []string{"clinicians", "health-personnel", "non-health-personnel"}},
		{"decision", "/properties/type", rules.DecisionTypes()},
		{"center", "/properties/kind", []string{"treatment", "technology"}},
		{"center", "/properties/status", []string{"proposed", "active", "closed"}},
		{"center", "/properties/research/items/properties/role", []string{"leads", "initiates", "contributes"}},
		{"action-plan", "/properties/actions/items/properties/status", []string{"planned", "in-progress", "done", "delayed", "cancelled"}},
		{"report", "/properties/actions/items/properties/status", []string{"planned", "in-progress", "done", "delayed", "cancelled"}},
		{"report", "/properties/effort/properties/unit", []string{"percent", "fte", "nok"}},
		{"education", "/$defs/audience", []string{"clinicians", "health-personnel", "non-health-personnel"}},
		{"education", "/properties/programmes/items/properties/status", []string{"planned", "running", "completed"}},
		{"advice", "/properties/priority", []string{"high", "medium", "low"}},
		{"advice", "/properties/status", []string{"proposed", "accepted", "declined"}},
		{"evaluation", "/properties/outcome", []string{"continue", "adjust", "close"}},
	}
	for _, tc := range tests {
		var cur any = all[tc.kind]
		for _, tok := range strings.Split(strings.TrimPrefix(tc.ptr, "/"), "/") {
			m, _ := cur.(map[string]any)
			cur = m[tok]
		}
		m, _ := cur.(map[string]any)
		var got []string
		for _, v := range m["enum"].([]any) {
			got = append(got, v.(string))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s#%s: enum %v, want %v", tc.kind, tc.ptr, got, tc.want)
		}
	}
}

// TestSharedDefinitionsAgree keeps the copies of a shared definition in the
// self-contained schemas identical.
func TestSharedDefinitionsAgree(t *testing.T) {
	seen := map[string]string{}
	from := map[string]string{}
	for name, raw := range rawSchemas(t) {
		defs, _ := raw["$defs"].(map[string]any)
		for k, v := range defs {
			b, _ := json.Marshal(v)
			if prev, ok := seen[k]; ok && prev != string(b) {
				t.Errorf("$defs/%s differs between %s and %s", k, from[k], name)
			}
			seen[k], from[k] = string(b), name
		}
	}
}

// TestEditorSettings checks that .vscode/settings.json maps every kind's
// schema to the paths its files live at, so the editor checks them.
func TestEditorSettings(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".vscode", "settings.json"))
	if err != nil {
		t.Fatal(err)
	}
	var settings struct {
		Schemas map[string][]string `json:"yaml.schemas"`
	}
	if err := json.Unmarshal(b, &settings); err != nil {
		t.Fatal(err)
	}
	for path, m := range minimal {
		kind := string(path)
		globs := settings.Schemas["./schemas/"+kind+".schema.json"]
		if len(globs) == 0 {
			t.Errorf("no yaml.schemas entry for %s", kind)
			continue
		}
		matched := false
		for _, g := range globs {
			if ok, _ := filepath.Match(g, m[0]); ok {
				matched = true
			}
		}
		if !matched {
			t.Errorf("%s: globs %v do not match %s", kind, globs, m[0])
		}
	}
	for file := range settings.Schemas {
		if _, ok := schemas.Get(strings.TrimSuffix(strings.TrimPrefix(file, "./schemas/"), ".schema.json")); !ok {
			t.Errorf("yaml.schemas names %s, which is not a schema", file)
		}
	}
}

// TestEveryRuleCanBeAdjustedAndWaived checks that each rule of the catalogue
// can be named in governance.yaml's severity and in a waiver, so an editor
// completes it and the schema never refuses a real rule id; and that a fixed
// rule (ownership, codeowners) can be set to error only and never waived,
// with the rule's reason in the description an editor shows.
func TestEveryRuleCanBeAdjustedAndWaived(t *testing.T) {
	all := rawSchemas(t)
	sev := all["governance"]["properties"].(map[string]any)["severity"].(map[string]any)["properties"].(map[string]any)
	waiver := all["decision"]["properties"].(map[string]any)["waivers"].(map[string]any)["items"].(map[string]any)["properties"].(map[string]any)["rule"].(map[string]any)
	var waivable []string
	for _, v := range waiver["enum"].([]any) {
		waivable = append(waivable, v.(string))
	}
	fixed := 0
	for _, r := range rules.All {
		prop, ok := sev[r.ID].(map[string]any)
		if !ok {
			t.Errorf("governance severity does not list rule %s", r.ID)
			continue
		}
		levels := fmt.Sprint(prop["enum"])
		if r.Fixed != (diag.Text{}) {
			fixed++
			if levels != "[error]" {
				t.Errorf("severity of the fixed rule %s allows %s, want [error]", r.ID, levels)
			}
			if desc, _ := prop["description"].(string); !strings.Contains(desc, r.Fixed.NB) {
				t.Errorf("severity of %s: the description %q does not give the rule's reason %q", r.ID, desc, r.Fixed.NB)
			}
			if slices.Contains(waivable, r.ID) {
				t.Errorf("a waiver can name the fixed rule %s", r.ID)
			}
			continue
		}
		if levels != "[error warning info off]" {
			t.Errorf("severity of %s allows %s", r.ID, levels)
		}
		if !slices.Contains(waivable, r.ID) {
			t.Errorf("a waiver cannot name rule %s", r.ID)
		}
	}
	if fixed != 2 || len(sev) != len(rules.All) || len(waivable) != len(rules.All)-fixed {
		t.Errorf("severity lists %d rules and waivers %d, with %d fixed; the catalogue has %d", len(sev), len(waivable), fixed, len(rules.All))
	}
}

// The decision types the schema lists are the ones the rules know, in the
// same order (`pmgov new decision` and its help read the rules' list).
func TestDecisionTypesAgree(t *testing.T) {
	typ := rawSchemas(t)["decision"]["properties"].(map[string]any)["type"].(map[string]any)
	var got []string
	for _, v := range typ["enum"].([]any) {
		got = append(got, v.(string))
	}
	if want := rules.DecisionTypes(); !slices.Equal(got, want) {
		t.Errorf("decision schema types %v, rules %v", got, want)
	}
	desc, _ := typ["description"].(string)
	for _, ty := range rules.DecisionTypes() {
		if !strings.Contains(desc, ty+" (") {
			t.Errorf("the type's description does not explain %s", ty)
		}
	}
}
