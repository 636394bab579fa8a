// Package schema checks each loaded document against the JSON Schema of its
// kind and turns every violation into a positioned, bilingual `schema`
// diagnostic: an unknown key points at the key, a missing field at the map
// that lacks it, a wrong value at the value.
package schema

import (
	"bytes"
	"fmt"
	"slices"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
	"github.com/ous-pm/pmgov/schemas"
)

// Rule is the rule id of every diagnostic this package reports.
const Rule = "schema"

// compiled is one kind's schema, ready to validate, with the raw JSON kept
// for the titles and examples the messages quote.
type compiled struct {
	id  string
	sch *jsonschema.Schema
	raw map[string]any
	// pre answers "certainly valid" for most documents without the library;
	// unknowns lists what in the schema it does not model, which the
	// library alone checks (BenchmarkPrecheckCoverage reports it).
	pre      *check
	unknowns []string
}

var (
	once     sync.Once
	byKind   map[doc.Kind]*compiled
	byURL    map[string]map[string]any
	setupErr error
)

// setup compiles every embedded schema once. A compiled jsonschema.Schema is
// read-only, so Validate may run from many goroutines afterwards.
func setup() {
	byKind = map[doc.Kind]*compiled{}
	byURL = map[string]map[string]any{}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	// Without this, "format" is only an annotation and 2025-02-30 would pass.
	c.AssertFormat()
	for _, k := range doc.Kinds {
		b, ok := schemas.Get(string(k))
		if !ok {
			setupErr = fmt.Errorf("schema for %s: not embedded", k)
			return
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			setupErr = fmt.Errorf("schema for %s: %w", k, err)
			return
		}
		raw, _ := v.(map[string]any)
		id, _ := raw["$id"].(string)
		if id == "" {
			setupErr = fmt.Errorf("schema for %s: no $id", k)
			return
		}
		if err := c.AddResource(id, v); err != nil {
			setupErr = fmt.Errorf("schema for %s: %w", k, err)
			return
		}
		byKind[k] = &compiled{id: id, raw: raw}
		byURL[id] = raw
	}
	raws := map[string]map[string]any{}
	for k, cs := range byKind {
		raws[string(k)] = cs.raw
	}
	formats, err := libraryFormats(raws)
	if err != nil {
		setupErr = err
		return
	}
	for k, cs := range byKind {
		cs.pre, cs.unknowns = compilePrecheck(cs.raw, formats)
		sch, err := c.Compile(cs.id)
		if err != nil {
			setupErr = fmt.Errorf("compile schema for %s: %w", k, err)
			return
		}
		cs.sch = sch
	}
}

// Names lists the kinds that have a schema, in the order of doc.Kinds: the
// arguments `pmgov schema KIND` accepts.
func Names() []string {
	var names []string
	for _, k := range doc.Kinds {
		if _, ok := schemas.Get(string(k)); ok {
			names = append(names, string(k))
		}
	}
	return names
}

// Validate checks d against the schema of its kind. Documents that were not
// parsed (Root is nil) and kinds without a schema (the mandate's Markdown
// text) give nothing. It is safe for concurrent use.
func Validate(d *doc.Document) []diag.Diagnostic {
	if d == nil || d.Root == nil {
		return nil
	}
	once.Do(setup)
	if setupErr != nil {
		// Only a broken build gets here; tests compile every schema.
		return []diag.Diagnostic{{
			Rule: Rule, Severity: diag.Error, Center: d.Center,
			Pos:     diag.Pos{File: d.Path, Line: 1, Col: 1},
			Message: diag.M("schema.validate.message", setupErr),
			Hint:    diag.M("schema.validate.hint"),
		}}
	}
	cs := byKind[d.Kind]
	if cs == nil {
		return nil
	}
	lz := leadingZeros(d, d.Root, nil)
	if cs.pre.eval(d.Root) == valid {
		// Certain: the library would find nothing either.
		return lz
	}
	err := cs.sch.Validate(d.Root.Any())
	if err == nil {
		return lz
	}
	verr, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return append(lz, diag.Diagnostic{
			Rule: Rule, Severity: diag.Error, Center: d.Center,
			Pos:     diag.Pos{File: d.Path, Line: d.Root.Line, Col: d.Root.Col},
			Message: diag.M("schema.validate.message-2", err),
			Hint:    diag.M("schema.validate.hint-2"),
		})
	}
	r := reporter{d: d, root: cs.raw}
	ds := r.report(verr)
	if len(lz) > 0 {
		// What the library found at a number with a leading zero came
		// from a value pmgov does not trust; the finding about the zero
		// says what to do.
		at := map[diag.Pos]bool{}
		for _, z := range lz {
			at[z.Pos] = true
		}
		ds = slices.DeleteFunc(ds, func(x diag.Diagnostic) bool { return at[x.Pos] })
		ds = append(ds, lz...)
	}
	diag.Sort(ds)
	return ds
}

// leadingZeros reports every number under n written as a decimal with a
// leading zero (030): YAML 1.1 reads it as octal (24) or as text (09), YAML
// 1.2 as decimal (30), so no value can be taken from it without a guess.
func leadingZeros(d *doc.Document, n *doc.Node, out []diag.Diagnostic) []diag.Diagnostic {
	if n == nil {
		return out
	}
	if n.Kind == doc.Scalar && (n.Type == doc.Int || n.Type == doc.Float) && doc.LeadingZero(n.Value) {
		plain := doc.PlainNumber(n.Value)
		return append(out, diag.Diagnostic{
			Rule: Rule, Severity: diag.Error, Center: d.Center,
			Pos:     diag.Pos{File: d.Path, Line: n.Line, Col: n.Col},
			Message: diag.M("schema.leading-zeros.message", n.Value, plain),
			Hint:    diag.M("schema.leading-zeros.hint", plain, n.Value),
		})
	}
	for _, v := range n.Values {
		out = leadingZeros(d, v, out)
	}
	return out
}
