package lsp

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/schemas"
)

// field is what a kind's JSON Schema says about the value at a path: its
// Norwegian title and description, the values it allows, what kind of id
// it holds ($defs name: person-id, unit-id …), and, for a map, its fields.
type field struct {
	Title, Description string
	Enum               []string
	Def                string // the $defs entry it refers to, "" if none
	Type               string
	Example            string
	Fields             []string // the map's fields, in the schema's order
	Required           []string
	Items              bool // an array
	node               map[string]any
	root               map[string]any
}

var (
	rawOnce sync.Once
	raw     map[doc.Kind]map[string]any
)

// loadSchemas reads every embedded schema once.
func loadSchemas() {
	raw = map[doc.Kind]map[string]any{}
	for _, k := range doc.Kinds {
		b, ok := schemas.Get(string(k))
		if !ok {
			continue
		}
		var m map[string]any
		if json.Unmarshal(b, &m) == nil {
			raw[k] = m
		}
	}
}

// fieldAt follows path (map keys and list indexes) through kind's schema
// along properties and items, through $ref and the conditional branches
// that declare further properties. ok is false where the schema says
// nothing about the path.
func fieldAt(kind doc.Kind, path []string) (field, bool) {
	rawOnce.Do(loadSchemas)
	root := raw[kind]
	if root == nil {
		return field{}, false
	}
	cur := root
	var named []map[string]any // the schemas met at the last step, outermost first
	named = append(named, cur)
	for _, tok := range path {
		next, chain := step(root, cur, tok)
		if next == nil {
			return field{}, false
		}
		cur, named = next, chain
	}
	return describe(root, named), true
}

// deref resolves a local $ref.
func deref(root, s map[string]any) map[string]any {
	for range 8 {
		ref, ok := s["$ref"].(string)
		if !ok || !strings.HasPrefix(ref, "#/$defs/") {
			return s
		}
		defs, _ := root["$defs"].(map[string]any)
		d, ok := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
		if !ok {
			return s
		}
		s = d
	}
	return s
}

// branches are s and the subschemas whose properties also apply to an
// instance of s: allOf's entries and conditional then/else branches.
func branches(root, s map[string]any) []map[string]any {
	out := []map[string]any{deref(root, s)}
	for i := 0; i < len(out); i++ {
		c := out[i]
		for _, k := range []string{"allOf", "anyOf", "oneOf"} {
			if xs, ok := c[k].([]any); ok {
				for _, x := range xs {
					if m, ok := x.(map[string]any); ok {
						out = append(out, deref(root, m))
					}
				}
			}
		}
		for _, k := range []string{"then", "else"} {
			if m, ok := c[k].(map[string]any); ok {
				out = append(out, deref(root, m))
			}
		}
	}
	return out
}

// step goes from s to the schema of its property or item tok. It returns
// the schema found (dereferenced) and the chain of schemas the value
// passed through (the property itself, with its title, then what it
// refers to).
func step(root, s map[string]any, tok string) (map[string]any, []map[string]any) {
	_, isIndex := strconv.Atoi(tok)
	for _, b := range branches(root, s) {
		if isIndex == nil {
			if it, ok := b["items"].(map[string]any); ok {
				return deref(root, it), []map[string]any{it, deref(root, it)}
			}
			continue
		}
		props, _ := b["properties"].(map[string]any)
		p, ok := props[tok].(map[string]any)
		if !ok {
			continue
		}
		if _, forbidden := p["not"]; forbidden {
			continue
		}
		return deref(root, p), []map[string]any{p, deref(root, p)}
	}
	return nil, nil
}

// describe gathers what the chain of schemas says, the outermost first
// (a property's own title wins over its $def's).
func describe(root map[string]any, chain []map[string]any) field {
	var f field
	for _, s := range chain {
		if f.Title == "" {
			f.Title, _ = s["title"].(string)
		}
		if f.Description == "" {
			f.Description, _ = s["description"].(string)
		}
		if ref, ok := s["$ref"].(string); ok && f.Def == "" {
			f.Def = strings.TrimPrefix(ref, "#/$defs/")
		}
		if f.Type == "" {
			f.Type, _ = s["type"].(string)
		}
		if ex, ok := s["examples"].([]any); ok && len(ex) > 0 && f.Example == "" {
			if str, ok := ex[0].(string); ok {
				f.Example = str
			} else if b, err := json.Marshal(ex[0]); err == nil {
				f.Example = string(b)
			}
		}
	}
	last := chain[len(chain)-1]
	f.node, f.root = last, root
	seen := map[string]bool{}
	for _, b := range branches(root, last) {
		if e, ok := b["enum"].([]any); ok && f.Enum == nil {
			for _, v := range e {
				f.Enum = append(f.Enum, fmt.Sprint(v))
			}
		}
		if _, ok := b["items"]; ok {
			f.Items = true
		}
		if req, ok := b["required"].([]any); ok && b["if"] == nil && sameSchema(b, last) {
			for _, r := range req {
				f.Required = append(f.Required, fmt.Sprint(r))
			}
		}
		props, _ := b["properties"].(map[string]any)
		names := make([]string, 0, len(props))
		for k, v := range props {
			if m, ok := v.(map[string]any); ok {
				if _, forbidden := m["not"]; forbidden {
					continue
				}
			}
			if !seen[k] {
				names = append(names, k)
			}
		}
		slices.Sort(names)
		for _, n := range names {
			seen[n] = true
			f.Fields = append(f.Fields, n)
		}
	}
	return f
}

func sameSchema(a, b map[string]any) bool {
	return fmt.Sprintf("%p", a) == fmt.Sprintf("%p", b)
}

// property is what the schema says about field name of the map at path.
func property(kind doc.Kind, path []string, name string) (field, bool) {
	return fieldAt(kind, append(slices.Clip(path), name))
}

// itemsObject reports whether the list at path holds maps.
func itemsObject(kind doc.Kind, path []string) bool {
	f, ok := fieldAt(kind, append(slices.Clip(path), "0"))
	return ok && (f.Type == "object" || len(f.Fields) > 0)
}
