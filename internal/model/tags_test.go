package model_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/internal/model"
	"github.com/ous-pm/pmgov/schemas"
)

// decodedAs is the Go value each kind of file is decoded into, as Build
// decodes it.
var decodedAs = map[doc.Kind]any{
	doc.Governance: model.Governance{},
	doc.Units: struct {
		Units []*model.Unit `yaml:"units"`
	}{},
	doc.People: struct {
		People []*model.Person `yaml:"people"`
	}{},
	doc.NationalActivities: struct {
		Activities []*model.Activity `yaml:"activities"`
	}{},
	doc.Committee:  model.Committee{},
	doc.Mandate:    model.Mandate{},
	doc.Decision:   model.Decision{},
	doc.Meeting:    model.Meeting{},
	doc.Center:     model.Center{},
	doc.Strategy:   model.Strategy{},
	doc.ActionPlan: model.ActionPlan{},
	doc.Report:     model.Report{},
	doc.Education:  model.Education{},
	doc.Advice:     model.Advice{},
	doc.Evaluation: model.Evaluation{},
}

// leaves are the model's value types: a yaml tag of one of them names a
// property whose own shape the schema, not the model, decides.
var leaves = map[reflect.Type]bool{
	reflect.TypeFor[model.String]():  true,
	reflect.TypeFor[model.Int]():     true,
	reflect.TypeFor[model.Number]():  true,
	reflect.TypeFor[model.Date]():    true,
	reflect.TypeFor[model.Strings](): true,
	reflect.TypeFor[model.Pairs]():   true,
}

// TestTagsAreSchemaProperties ties every yaml tag of the model to a
// property of its kind's schema, nested objects and list items included: a
// field the schema does not know would never be filled, and a renamed
// property would leave the model reading nothing.
func TestTagsAreSchemaProperties(t *testing.T) {
	seen := 0
	for _, k := range doc.Kinds {
		v, ok := decodedAs[k]
		if k == doc.MandateText {
			continue // the mandate's text: Markdown, no front matter decoded
		}
		if !ok {
			t.Errorf("%s: the test does not know what the kind is decoded into", k)
			continue
		}
		b, ok := schemas.Get(string(k))
		if !ok {
			t.Errorf("%s: no schema", k)
			continue
		}
		var root map[string]any
		if err := json.Unmarshal(b, &root); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		seen += walkTags(t, string(k), root, root, reflect.TypeOf(v))
	}
	if seen < 150 {
		t.Errorf("checked %d tags; the model has more than 150", seen)
	}
}

// walkTags checks the yaml tags of struct type typ against the object
// schema s (resolving $ref in root) and returns how many it checked.
func walkTags(t *testing.T, where string, root, s map[string]any, typ reflect.Type) int {
	t.Helper()
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
		typ = typ.Elem()
		if items, ok := resolve(root, s)["items"].(map[string]any); ok && typ.Kind() != reflect.Pointer {
			s = items
		}
	}
	s = resolve(root, s)
	props, _ := s["properties"].(map[string]any)
	n := 0
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if f.Anonymous || tag == "" || tag == "-" {
			continue
		}
		n++
		prop, ok := props[tag].(map[string]any)
		if !ok {
			t.Errorf("%s: the model's %s (yaml %q) is not a property of the schema", where, f.Name, tag)
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if leaves[ft] {
			continue
		}
		switch ft.Kind() {
		case reflect.Struct:
			n += walkTags(t, where+"."+tag, root, prop, ft)
		case reflect.Slice:
			items, ok := resolve(root, prop)["items"].(map[string]any)
			if !ok {
				t.Errorf("%s.%s: the model has a list, the schema no items", where, tag)
				continue
			}
			et := ft.Elem()
			for et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct && !leaves[et] {
				n += walkTags(t, where+"."+tag+"[]", root, items, et)
			}
		}
	}
	return n
}

// resolve follows a local $ref ("#/$defs/x") in root.
func resolve(root, s map[string]any) map[string]any {
	for range 8 {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		if !ok {
			return s
		}
		defs, _ := root["$defs"].(map[string]any)
		next, ok := defs[name].(map[string]any)
		if !ok {
			return s
		}
		s = next
	}
	return s
}
