package schema

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ous-pm/pmgov/internal/doc"
)

// The pre-check answers, for almost every document in a repository, the one
// question the full validation is asked most: is this document valid? It is
// compiled once from the same embedded schemas and walks doc.Node directly,
// without converting the tree to plain Go values and without allocating
// (but for an e-mail address, which the library's own format check reads).
// Only when it is certain the document is valid does Validate skip the
// library; every other document takes the library path, so every message,
// position and hint comes from there, exactly as before.
//
// Soundness is the whole point: the pre-check may be unsure of a valid
// document, never sure of an invalid one. It therefore models exactly the
// keywords the schemas use, with the library's semantics (Go regexp
// patterns, run as automata built from regexp's own programs; time.Parse
// dates; big.Rat number comparisons of the json.Number doc.Node.Any makes),
// and a subschema with any other keyword, or a value of a keyword it does
// not model, is "unsure" for every document. Tests hold it to the library on
// every document of the repository, on mutants of them, and under fuzzing.

// verdict is the pre-check's answer for one value against one subschema.
// The order matters: a conjunction of checks is the largest verdict.
type verdict uint8

const (
	// valid: the library certainly finds no error.
	valid verdict = iota
	// unsure: the pre-check cannot tell; ask the library.
	unsure
	// invalid: the library certainly finds an error. Needed to decide an
	// "if" and a "not" soundly, and held to by the differential tests.
	invalid
)

func (v verdict) String() string {
	return [...]string{"valid", "unsure", "invalid"}[v]
}

// jsonType is a bit per JSON Schema type name. A value has exactly one of
// them; "integer" is a number whose value is whole, as in the library.
type jsonType uint8

const (
	tNull jsonType = 1 << iota
	tBoolean
	tNumber
	tInteger
	tString
	tArray
	tObject
)

var typeNames = map[string]jsonType{
	"null": tNull, "boolean": tBoolean, "number": tNumber, "integer": tInteger,
	"string": tString, "array": tArray, "object": tObject,
}

// typeOf is the JSON type the library sees for n, following doc.Node.Any:
// Int and Float scalars become json.Number, Bool a bool, any other scalar a
// string, a missing node or any other kind null.
func typeOf(n *doc.Node) jsonType {
	if n == nil {
		return tNull
	}
	switch n.Kind {
	case doc.Map:
		return tObject
	case doc.Seq:
		return tArray
	case doc.Scalar:
		switch n.Type {
		case doc.Int, doc.Float:
			return tNumber
		case doc.Bool:
			return tBoolean
		}
		return tString
	}
	return tNull
}

// maxExact bounds the numbers the pre-check compares: below 2^53 a float64
// holds every integer exactly, and the shortest decimal form of a float64
// (what doc.Node.Any hands the library) is on the same side of an integer
// bound as the float64 itself, and whole exactly when the float64 is.
const maxExact = 1 << 53

// number returns the value the library sees for a number scalar, following
// doc.Node.Any's normalisation (the YAML 1.2 core schema), and false when
// the pre-check does not compare it: outside ±2^53, NaN or infinite, not a
// number by the core schema, or a decimal with a leading zero, which
// Validate reports itself.
func number(s string) (float64, bool) {
	if doc.LeadingZero(s) {
		return 0, false
	}
	if i, ok := doc.IntValue(s); ok {
		if i >= maxExact || i <= -maxExact {
			return 0, false
		}
		return float64(i), true
	}
	f, ok := doc.FloatValue(s)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) >= maxExact {
		return 0, false
	}
	return f, true
}

// check is one compiled subschema.
type check struct {
	// unknown: the subschema uses something the pre-check does not model.
	unknown bool
	// never: the schema false, which nothing satisfies.
	never bool

	types jsonType // 0: no "type"
	enum  []string // "enum" and "const", all strings; nil: neither
	// hasEnum distinguishes an absent enum from one no value matches.
	hasEnum bool

	date      bool              // "format": "date"
	format    func(v any) error // any other format, the library's own check
	pattern   *pattern          // "pattern"
	maxLength int               // -1: none
	minimum   *float64          // whole numbers within ±2^53
	maximum   *float64          //
	ref       *check            // "$ref"
	names     map[string]int    // properties and required names → index
	props     []*check          // by name index; nil: only required
	required  []int             // name indexes
	closed    bool              // "additionalProperties": false
	items     *check            // "items"
	minItems  int               // -1: none
	unique    bool              // "uniqueItems": true
	allOf     []*check          //
	ifc       *check            // "if"
	then      *check            //
	els       *check            // "else"
	not       *check            //
}

// maxNames bounds the properties and required names of one object schema:
// the seen-set of an object walk is a fixed array of bits on the stack.
const maxNames = 256

// draft2020 is the only dialect the pre-check models.
const draft2020 = "https://json-schema.org/draft/2020-12/schema"

// precompiler turns one kind's raw schema into checks.
type precompiler struct {
	root    map[string]any
	defs    map[string]*check
	pending map[string]bool
	formats map[string]func(any) error
	// unknowns lists "pointer: reason" for every construct not modelled.
	unknowns []string
}

// compilePrecheck compiles the pre-check of one raw schema. The list it
// returns names every construct that makes a part of it unsure; tests
// require it to be empty for every embedded schema.
func compilePrecheck(raw map[string]any, formats map[string]func(any) error) (*check, []string) {
	pc := &precompiler{root: raw, defs: map[string]*check{}, pending: map[string]bool{}, formats: formats}
	c := pc.compile(raw, "")
	// Definitions nobody refers to cannot affect a result, but a schema
	// change that starts to use one should not lose the fast path silently.
	if defs, ok := raw["$defs"].(map[string]any); ok {
		for _, name := range sortedKeys(defs) {
			pc.ref("#/$defs/"+name, "/$defs/"+name)
		}
	}
	return c, pc.unknowns
}

func (pc *precompiler) unsure(where, format string, args ...any) *check {
	pc.unknowns = append(pc.unknowns, where+": "+fmt.Sprintf(format, args...))
	return &check{unknown: true}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// wholeNumber reads a schema's number as an integer within ±2^53.
func wholeNumber(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil || i >= maxExact || i <= -maxExact {
		return 0, false
	}
	return i, true
}

func (pc *precompiler) compile(v any, where string) *check {
	switch s := v.(type) {
	case bool:
		return &check{never: !s, maxLength: -1, minItems: -1}
	case map[string]any:
		return pc.compileMap(s, where)
	}
	return pc.unsure(where, "a schema that is neither an object nor a boolean")
}

func (pc *precompiler) compileMap(s map[string]any, where string) *check {
	c := &check{maxLength: -1, minItems: -1}
	var bad []string // reasons this subschema is not modelled
	fail := func(format string, args ...any) { bad = append(bad, fmt.Sprintf(format, args...)) }
	for _, kw := range sortedKeys(s) {
		v := s[kw]
		at := where + "/" + kw
		switch kw {
		case "title", "description", "examples", "default", "$comment":
			// Annotations: no effect on validity.
		case "$schema":
			if where != "" || v != draft2020 {
				fail("$schema %v", v)
			}
		case "$id":
			if _, ok := v.(string); !ok || where != "" {
				fail("$id below the root changes what references mean")
			}
		case "$defs":
			// Compiled when referred to (and all of the root's, up front).
			if _, ok := v.(map[string]any); !ok {
				fail("$defs is not an object")
			}
		case "$ref":
			r, ok := v.(string)
			if !ok {
				fail("$ref is not text")
				continue
			}
			c.ref = pc.ref(r, at)
		case "type":
			switch t := v.(type) {
			case string:
				bit, ok := typeNames[t]
				if !ok {
					fail("type %q", t)
				}
				c.types = bit
			case []any:
				if len(t) == 0 {
					fail("an empty type list")
				}
				for _, x := range t {
					name, _ := x.(string)
					bit, ok := typeNames[name]
					if !ok {
						fail("type %v", x)
					}
					c.types |= bit
				}
			default:
				fail("type %v", v)
			}
		case "enum":
			vals, ok := v.([]any)
			if !ok {
				fail("enum is not a list")
				continue
			}
			c.hasEnum = true
			for _, x := range vals {
				str, ok := x.(string)
				if !ok {
					// Numbers, booleans and null compare by the
					// library's own rules; no schema needs them.
					fail("enum value %v is not text", x)
				}
				c.enum = append(c.enum, str)
			}
		case "const":
			str, ok := v.(string)
			if !ok {
				fail("const %v is not text", v)
				continue
			}
			if _, both := s["enum"]; both {
				fail("both enum and const")
			}
			c.hasEnum = true
			c.enum = []string{str}
		case "format":
			name, _ := v.(string)
			if name == "date" {
				c.date = true
				continue
			}
			f := pc.formats[name]
			if f == nil {
				fail("format %v", v)
				continue
			}
			c.format = f
		case "pattern":
			str, ok := v.(string)
			if !ok {
				fail("pattern is not text")
				continue
			}
			// The library's default engine is regexp.Compile too.
			p, err := compilePattern(str)
			if err != nil {
				fail("pattern %q: %v", str, err)
				continue
			}
			c.pattern = p
		case "maxLength":
			n, ok := wholeNumber(v)
			if !ok || n < 0 {
				fail("maxLength %v", v)
				continue
			}
			c.maxLength = int(n)
		case "minItems":
			n, ok := wholeNumber(v)
			if !ok || n < 0 {
				fail("minItems %v", v)
				continue
			}
			c.minItems = int(n)
		case "minimum", "maximum":
			n, ok := wholeNumber(v)
			if !ok {
				fail("%s %v is not a whole number within ±2^53", kw, v)
				continue
			}
			f := float64(n)
			if kw == "minimum" {
				c.minimum = &f
			} else {
				c.maximum = &f
			}
		case "uniqueItems":
			b, ok := v.(bool)
			if !ok {
				fail("uniqueItems %v", v)
			}
			c.unique = b
		case "items":
			if _, ok := v.([]any); ok {
				fail("items as a list (draft 2019 tuple form)")
				continue
			}
			c.items = pc.compile(v, at)
		case "properties":
			props, ok := v.(map[string]any)
			if !ok {
				fail("properties is not an object")
				continue
			}
			for _, name := range sortedKeys(props) {
				i := c.name(name)
				for len(c.props) <= i {
					c.props = append(c.props, nil)
				}
				c.props[i] = pc.compile(props[name], at+"/"+escapePointer(name))
			}
		case "required":
			names, ok := v.([]any)
			if !ok {
				fail("required is not a list")
				continue
			}
			for _, x := range names {
				name, ok := x.(string)
				if !ok {
					fail("required name %v", x)
					continue
				}
				c.required = append(c.required, c.name(name))
			}
		case "additionalProperties":
			b, ok := v.(bool)
			if !ok {
				// A schema here would apply to every other key; no
				// schema needs it.
				fail("additionalProperties as a schema")
				continue
			}
			c.closed = !b
		case "allOf":
			list, ok := v.([]any)
			if !ok || len(list) == 0 {
				fail("allOf is not a non-empty list")
				continue
			}
			for i, x := range list {
				c.allOf = append(c.allOf, pc.compile(x, at+"/"+strconv.Itoa(i)))
			}
		case "if":
			c.ifc = pc.compile(v, at)
		case "then":
			c.then = pc.compile(v, at)
		case "else":
			c.els = pc.compile(v, at)
		case "not":
			c.not = pc.compile(v, at)
		default:
			fail("keyword %s", kw)
		}
	}
	if c.ifc == nil && (c.then != nil || c.els != nil) {
		fail("then or else without if")
	}
	if len(c.names) > maxNames {
		fail("more than %d property names", maxNames)
	}
	for len(c.props) < len(c.names) {
		c.props = append(c.props, nil)
	}
	if len(bad) > 0 {
		for _, b := range bad {
			pc.unknowns = append(pc.unknowns, where+": "+b)
		}
		return &check{unknown: true}
	}
	return c
}

// name returns the index of a property or required name, adding it.
func (c *check) name(name string) int {
	if c.names == nil {
		c.names = map[string]int{}
	}
	i, ok := c.names[name]
	if !ok {
		i = len(c.names)
		c.names[name] = i
	}
	return i
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// defName matches the references the pre-check resolves: a definition of
// the root, by a name that needs no escaping in a pointer or a URL.
var defName = regexp.MustCompile(`^#/\$defs/([A-Za-z0-9_-]+)$`)

// ref compiles the target of a reference. A reference cycle, which no
// schema has, is unsure rather than followed.
func (pc *precompiler) ref(r, where string) *check {
	m := defName.FindStringSubmatch(r)
	if m == nil {
		return pc.unsure(where, "$ref %q is not to a definition of this schema", r)
	}
	name := m[1]
	if c, ok := pc.defs[name]; ok {
		return c
	}
	if pc.pending[name] {
		return pc.unsure(where, "$ref %q is part of a cycle", r)
	}
	defs, _ := pc.root["$defs"].(map[string]any)
	target, ok := defs[name]
	if !ok {
		return pc.unsure(where, "$ref %q has no target", r)
	}
	pc.pending[name] = true
	c := pc.compile(target, "/$defs/"+name)
	delete(pc.pending, name)
	pc.defs[name] = c
	return c
}

// isDate reports whether s is what the library's "date" format accepts,
// time.Parse("2006-01-02", s): four digits, '-', two digits for a month
// 01–12, '-', two digits for a day that month has (a proleptic Gregorian
// calendar, so 2024-02-29 but not 2025-02-29), and nothing more.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for _, i := range [...]int{0, 1, 2, 3, 5, 6, 8, 9} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	year := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	month := int(s[5]-'0')*10 + int(s[6]-'0')
	day := int(s[8]-'0')*10 + int(s[9]-'0')
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[month-1]
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		days = 29
	}
	return day <= days
}

// eval answers whether n satisfies c. It stops at the first answer that is
// not valid: a later check could only make an unsure answer invalid, and
// unsure is what the caller acts on either way.
func (c *check) eval(n *doc.Node) verdict {
	if c.unknown {
		return unsure
	}
	if c.never {
		return invalid
	}
	t := typeOf(n)
	if c.types != 0 && c.types&t == 0 {
		if c.types&tInteger == 0 || t != tNumber {
			return invalid
		}
		f, ok := number(n.Value)
		if !ok {
			return unsure
		}
		if f != math.Trunc(f) {
			return invalid
		}
	}
	if c.hasEnum {
		// Every value is text: anything else equals none of them.
		if t != tString || !slices.Contains(c.enum, n.Value) {
			return invalid
		}
	}
	if t == tString {
		if c.date && !isDate(n.Value) {
			return invalid
		}
		if c.format != nil && c.format(n.Value) != nil {
			return invalid
		}
	}
	if c.ref != nil {
		if r := c.ref.eval(n); r != valid {
			return r
		}
	}
	var r verdict
	switch t {
	case tObject:
		r = c.evalObject(n)
	case tArray:
		r = c.evalArray(n)
	case tString:
		if c.maxLength >= 0 && utf8.RuneCountInString(n.Value) > c.maxLength {
			return invalid
		}
		if c.pattern != nil && !c.pattern.match(n.Value) {
			return invalid
		}
	case tNumber:
		if c.minimum != nil || c.maximum != nil {
			f, ok := number(n.Value)
			if !ok {
				return unsure
			}
			if (c.minimum != nil && f < *c.minimum) || (c.maximum != nil && f > *c.maximum) {
				return invalid
			}
		}
	}
	if r != valid {
		return r
	}
	for _, a := range c.allOf {
		if r := a.eval(n); r != valid {
			return r
		}
	}
	if c.not != nil {
		switch c.not.eval(n) {
		case valid:
			return invalid
		case unsure:
			return unsure
		}
	}
	if c.ifc != nil {
		switch c.ifc.eval(n) {
		case valid:
			return c.then.evalOpt(n)
		case invalid:
			return c.els.evalOpt(n)
		default:
			// Either branch may apply: sure only if both agree.
			a, b := c.then.evalOpt(n), c.els.evalOpt(n)
			if a != b {
				return unsure
			}
			return a
		}
	}
	return valid
}

// evalOpt is eval of an optional subschema: an absent one always holds.
func (c *check) evalOpt(n *doc.Node) verdict {
	if c == nil {
		return valid
	}
	return c.eval(n)
}

// evalObject checks properties, required and additionalProperties.
//
// The library sees doc.Node.Any's map, in which a repeated key keeps its
// last value. The loader refuses repeated keys, but the pre-check does not
// rely on it: a value found invalid is only certain when its key is not
// repeated.
func (c *check) evalObject(n *doc.Node) verdict {
	var seen [maxNames / 64]uint64
	worst := valid
	repeated := false
	for i, k := range n.Keys {
		idx, ok := c.names[k.Value]
		if !ok {
			if c.closed {
				return invalid
			}
			continue
		}
		bit := uint64(1) << (idx & 63)
		if seen[idx>>6]&bit != 0 {
			repeated = true
		}
		seen[idx>>6] |= bit
		p := c.props[idx]
		if p == nil {
			// Required but not among the properties: still an extra key.
			if c.closed {
				return invalid
			}
			continue
		}
		var v *doc.Node
		if i < len(n.Values) {
			v = n.Values[i]
		}
		switch p.eval(v) {
		case unsure:
			return unsure
		case invalid:
			worst = invalid
		}
	}
	for _, idx := range c.required {
		if seen[idx>>6]&(uint64(1)<<(idx&63)) == 0 {
			return invalid
		}
	}
	if repeated && worst == invalid {
		return unsure
	}
	return worst
}

// evalArray checks minItems, items and uniqueItems.
func (c *check) evalArray(n *doc.Node) verdict {
	if c.minItems >= 0 && len(n.Values) < c.minItems {
		return invalid
	}
	if c.items != nil {
		for _, v := range n.Values {
			if r := c.items.eval(v); r != valid {
				return r
			}
		}
	}
	if c.unique {
		return unique(n.Values)
	}
	return valid
}

// unique answers uniqueItems with the library's equality for the pairs it
// can decide without converting: text equals only the same text, true and
// false and null only themselves. Two numbers, lists or objects are unsure.
func unique(items []*doc.Node) verdict {
	// For each item in order, whether an earlier one makes the array
	// invalid (an equal string, null or boolean) or leaves the answer to
	// the library (an earlier number, object or array: equality there is
	// the library's to judge). The verdict depends on the type of the later
	// item of the first such pair alone, so one pass with the values seen
	// so far gives what comparing every pair would, in linear time: a
	// decision may list every center of a large repository.
	var strs map[string]bool
	var seen jsonType // the types of the items so far
	var bools [2]bool
	for _, it := range items {
		t := typeOf(it)
		switch t {
		case tString:
			if strs == nil {
				strs = make(map[string]bool, len(items))
			}
			if strs[it.Value] {
				return invalid
			}
			strs[it.Value] = true
		case tNull:
			if seen&tNull != 0 {
				return invalid
			}
		case tBoolean:
			b := 0
			if it.Value == "true" {
				b = 1
			}
			if bools[b] {
				return invalid
			}
			bools[b] = true
		default:
			if seen&t != 0 {
				return unsure
			}
		}
		seen |= t
	}
	return valid
}

// libraryFormats returns the library's own check of every format the
// schemas name other than "date" (which isDate does without allocating), as
// compiled with the same options as the validator, so that the pre-check
// and the library cannot disagree about them.
func libraryFormats(raw map[string]map[string]any) (map[string]func(any) error, error) {
	names := map[string]bool{}
	var collect func(v any)
	collect = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if f, ok := x["format"].(string); ok && f != "date" {
				names[f] = true
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
	for _, r := range raw {
		collect(r)
	}
	return libraryFormatsNamed(slices.Sorted(maps.Keys(names))...)
}

// libraryFormatsNamed returns the library's check of each named format it
// knows, compiled with the validator's options.
func libraryFormatsNamed(names ...string) (map[string]func(any) error, error) {
	out := map[string]func(any) error{}
	for _, name := range names {
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		c.AssertFormat()
		url := "urn:pmgov:format:" + name
		if err := c.AddResource(url, map[string]any{"format": name}); err != nil {
			return nil, fmt.Errorf("format %s: %w", name, err)
		}
		sch, err := c.Compile(url)
		if err != nil {
			return nil, fmt.Errorf("format %s: %w", name, err)
		}
		if sch.Format != nil && sch.Format.Validate != nil {
			out[name] = sch.Format.Validate
		}
	}
	return out, nil
}
