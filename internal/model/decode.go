package model

import (
	"reflect"
	"strings"
	"sync"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

var (
	typeString = reflect.TypeFor[String]()
	typeInt    = reflect.TypeFor[Int]()
	typeNumber = reflect.TypeFor[Number]()
	typeBool   = reflect.TypeFor[Bool]()
	typeDate   = reflect.TypeFor[Date]()
	typeAt     = reflect.TypeFor[At]()
	typePairs  = reflect.TypeFor[Pairs]()
)

// decode fills v (a pointer to a struct) from n, best effort: values of the
// wrong type are left zero, because the schema stage has already reported
// them with their position.
func decode(file string, n *doc.Node, v any) {
	d := decoder{file: file}
	d.value(n, reflect.ValueOf(v).Elem())
}

type decoder struct{ file string }

func (d decoder) pos(n *doc.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line, Col: n.Col}
}

// value fills v, which is addressable, from n. The leaf types are written
// through typed pointers rather than reflect.Value.Set, which would box
// every value on the heap: decoding is a good part of loading a
// repository of thousands of documents.
func (d decoder) value(n *doc.Node, v reflect.Value) {
	if n == nil {
		return
	}
	switch v.Type() {
	case typeString:
		p := v.Addr().Interface().(*String)
		p.Pos = d.pos(n)
		if n.Kind == doc.Scalar {
			p.V = n.Value
		}
		return
	case typeInt:
		out := v.Addr().Interface().(*Int)
		out.Pos = d.pos(n)
		// By the YAML 1.2 core schema; a number with a leading zero (030)
		// has no value (the schema check reports it), never a guessed one.
		if n.Kind == doc.Scalar && n.Type == doc.Int {
			if i, ok := doc.IntValue(n.Value); ok {
				out.V, out.OK = int(i), true
			}
		}
		return
	case typeNumber:
		out := v.Addr().Interface().(*Number)
		out.Pos, out.Raw = d.pos(n), n.Value
		if n.Kind == doc.Scalar && (n.Type == doc.Int || n.Type == doc.Float) {
			if f, ok := doc.FloatValue(n.Value); ok {
				out.V, out.OK = f, true
			}
		}
		return
	case typeBool:
		out := v.Addr().Interface().(*Bool)
		out.Pos = d.pos(n)
		if n.Kind == doc.Scalar && n.Type == doc.Bool {
			out.V, out.OK = n.Value == "true", true
		}
		return
	case typeDate:
		out := v.Addr().Interface().(*Date)
		out.Pos, out.Raw = d.pos(n), n.Value
		if n.Kind == doc.Scalar {
			out.Time, _ = ParseDate(n.Value)
		}
		return
	case typePairs:
		if n.Kind != doc.Map {
			return
		}
		ps := make(Pairs, len(n.Keys))
		for i, k := range n.Keys {
			ps[i].Key = String{V: k.Value, Pos: d.pos(k)}
			d.value(n.Values[i], reflect.ValueOf(&ps[i].Value).Elem())
		}
		*v.Addr().Interface().(*Pairs) = ps
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.object(n, v)
	case reflect.Slice:
		if n.Kind != doc.Seq {
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Values), len(n.Values))
		for i, item := range n.Values {
			d.value(item, s.Index(i))
		}
		v.Set(s)
	case reflect.Pointer:
		if n.Kind == doc.Null {
			return
		}
		p := reflect.New(v.Type().Elem())
		d.value(n, p.Elem())
		v.Set(p)
	}
}

// fields is how a struct type is decoded: the index of its At field (-1
// when it has none) and the field index of each YAML key. It is worked out
// once per type, not once per mapping.
type fields struct {
	at    int
	byKey map[string]int
}

var plans sync.Map // reflect.Type → *fields

func plan(t reflect.Type) *fields {
	if f, ok := plans.Load(t); ok {
		return f.(*fields)
	}
	f := &fields{at: -1, byKey: map[string]int{}}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Type == typeAt {
			f.at = i
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		f.byKey[name] = i
	}
	plans.Store(t, f)
	return f
}

func (d decoder) object(n *doc.Node, v reflect.Value) {
	if n.Kind != doc.Map {
		return
	}
	f := plan(v.Type())
	if f.at >= 0 {
		*v.Field(f.at).Addr().Interface().(*At) = At{Pos: d.pos(n), keys: keysAt(n.Keys)}
	}
	for i, k := range n.Keys {
		if fi, ok := f.byKey[k.Value]; ok {
			d.value(n.Values[i], v.Field(fi))
		}
	}
}
