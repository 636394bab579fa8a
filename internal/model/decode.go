package model

import (
	"reflect"
	"strconv"
	"strings"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/doc"
)

var (
	typeString = reflect.TypeFor[String]()
	typeInt    = reflect.TypeFor[Int]()
	typeNumber = reflect.TypeFor[Number]()
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

func (d decoder) value(n *doc.Node, v reflect.Value) {
	if n == nil {
		return
	}
	switch v.Type() {
	case typeString:
		if n.Kind == doc.Scalar {
			v.Set(reflect.ValueOf(String{V: n.Value, Pos: d.pos(n)}))
		} else {
			v.Set(reflect.ValueOf(String{Pos: d.pos(n)}))
		}
		return
	case typeInt:
		out := Int{Pos: d.pos(n)}
		if n.Kind == doc.Scalar && n.Type == doc.Int {
			if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
				out.V, out.OK = int(i), true
			}
		}
		v.Set(reflect.ValueOf(out))
		return
	case typeNumber:
		out := Number{Pos: d.pos(n), Raw: n.Value}
		if n.Kind == doc.Scalar && (n.Type == doc.Int || n.Type == doc.Float) {
			if f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64); err == nil {
				out.V, out.OK = f, true
			}
		}
		v.Set(reflect.ValueOf(out))
		return
	case typeDate:
		out := Date{Pos: d.pos(n), Raw: n.Value}
		if n.Kind == doc.Scalar {
			out.Time, _ = ParseDate(n.Value)
		}
		v.Set(reflect.ValueOf(out))
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
		v.Set(reflect.ValueOf(ps))
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

func (d decoder) object(n *doc.Node, v reflect.Value) {
	if n.Kind != doc.Map {
		return
	}
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == typeAt {
			at := At{Pos: d.pos(n), keys: make(map[string]diag.Pos, len(n.Keys))}
			for _, k := range n.Keys {
				at.keys[k.Value] = d.pos(k)
			}
			v.Field(i).Set(reflect.ValueOf(at))
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		d.value(n.Get(name), v.Field(i))
	}
}
