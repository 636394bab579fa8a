// Package doc holds what the loader produces: documents of a known kind whose
// YAML values keep the line and column they were written at.
package doc

import (
	"encoding/json"
	"strconv"
)

// NodeKind says what a Node holds.
type NodeKind int

// The kinds of YAML value.
const (
	Null NodeKind = iota
	Scalar
	Map
	Seq
)

// ScalarType is the YAML core-schema type of a scalar.
type ScalarType int

// Scalar types.
const (
	Str ScalarType = iota
	Int
	Float
	Bool
)

// Node is one YAML value with its position. Maps keep their keys in order.
type Node struct {
	Kind  NodeKind
	Type  ScalarType // for Scalar
	Value string     // scalar text (for Str, the decoded string)
	Line  int
	Col   int
	// For Map: Keys[i] is the key node of Values[i]. For Seq: Values are items.
	Keys   []*Node
	Values []*Node
}

// Get returns the value of key in a map node, or nil.
func (n *Node) Get(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for i, k := range n.Keys {
		if k.Value == key {
			return n.Values[i]
		}
	}
	return nil
}

// Key returns the key node of key in a map node, or nil.
func (n *Node) Key(key string) *Node {
	if n == nil || n.Kind != Map {
		return nil
	}
	for _, k := range n.Keys {
		if k.Value == key {
			return k
		}
	}
	return nil
}

// Lookup follows a JSON-pointer style path of map keys and sequence indexes.
// It returns the node found and, when the last step was a map key, that key's
// node. When the path leaves the tree, it returns the deepest node reached and
// ok=false.
func (n *Node) Lookup(path []string) (value, key *Node, ok bool) {
	cur := n
	for _, step := range path {
		switch {
		case cur == nil:
			return nil, nil, false
		case cur.Kind == Map:
			found := false
			for i, k := range cur.Keys {
				if k.Value == step {
					key, cur, found = k, cur.Values[i], true
					break
				}
			}
			if !found {
				return cur, nil, false
			}
		case cur.Kind == Seq:
			i, err := strconv.Atoi(step)
			if err != nil || i < 0 || i >= len(cur.Values) {
				return cur, nil, false
			}
			key, cur = nil, cur.Values[i]
		default:
			return cur, nil, false
		}
	}
	return cur, key, true
}

// Any converts the node to plain Go values as encoding/json would produce
// them (numbers as json.Number), which is what JSON Schema validation takes.
func (n *Node) Any() any {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case Map:
		m := make(map[string]any, len(n.Keys))
		for i, k := range n.Keys {
			m[k.Value] = n.Values[i].Any()
		}
		return m
	case Seq:
		s := make([]any, len(n.Values))
		for i, v := range n.Values {
			s[i] = v.Any()
		}
		return s
	case Scalar:
		switch n.Type {
		case Int, Float:
			return json.Number(normalizeNumber(n.Value))
		case Bool:
			return n.Value == "true"
		}
		return n.Value
	}
	return nil
}

// normalizeNumber turns a number by the YAML 1.2 core schema (0x1F, 0o17,
// +3, .5, 1e3) into a form json.Number accepts. A decimal integer with a
// leading zero has no value pmgov trusts (see LeadingZero): it becomes the
// plain number it is in YAML 1.2 only so that the schema check can run; the
// check reports it in place of anything it finds there.
func normalizeNumber(s string) string {
	if LeadingZero(s) {
		return PlainNumber(s)
	}
	if i, ok := IntValue(s); ok {
		return strconv.FormatInt(i, 10)
	}
	if f, ok := FloatValue(s); ok {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return "0"
}

// TypeName names the node's type the way a schema message would.
func (n *Node) TypeName() string {
	if n == nil {
		return "null"
	}
	switch n.Kind {
	case Map:
		return "object"
	case Seq:
		return "array"
	case Scalar:
		switch n.Type {
		case Int:
			return "integer"
		case Float:
			return "number"
		case Bool:
			return "boolean"
		}
		return "string"
	}
	return "null"
}
