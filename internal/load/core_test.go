package load

import (
	"testing"

	"github.com/ous-pm/pmgov/internal/doc"
)

// TestCoreSchemaScalars holds both paths — goccy's (the reference) and the
// fast one — to the YAML 1.2 core schema's tag resolution (YAML 1.2.2,
// 10.3.2) for plain scalars, case by case: which spellings are integers,
// floats, booleans, nulls or text, and the value each number has. A decimal
// with a leading zero is an integer without a value (doc.LeadingZero; the
// schema check reports it). Quoted scalars are text whatever they spell.
func TestCoreSchemaScalars(t *testing.T) {
	const noValue = "no value"
	cases := []struct {
		src  string
		kind doc.NodeKind
		typ  doc.ScalarType
		want any // int64, float64, string (the text), or noValue
	}{
		// int, base 10: [-+]? [0-9]+
		{"30", doc.Scalar, doc.Int, int64(30)},
		{"0", doc.Scalar, doc.Int, int64(0)},
		{"-1", doc.Scalar, doc.Int, int64(-1)},
		{"+1", doc.Scalar, doc.Int, int64(1)},
		{"9223372036854775807", doc.Scalar, doc.Int, int64(9223372036854775807)},
		// leading zeros: an int, but 1.1 and 1.2 disagree on its value
		{"030", doc.Scalar, doc.Int, noValue},
		{"014", doc.Scalar, doc.Int, noValue},
		{"09", doc.Scalar, doc.Int, noValue},
		{"-07", doc.Scalar, doc.Int, noValue},
		{"00", doc.Scalar, doc.Int, noValue},
		// int, base 8 and 16
		{"0o14", doc.Scalar, doc.Int, int64(12)},
		{"0o0", doc.Scalar, doc.Int, int64(0)},
		{"0x1F", doc.Scalar, doc.Int, int64(31)},
		{"0xff", doc.Scalar, doc.Int, int64(255)},
		// float: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
		{"1.5", doc.Scalar, doc.Float, 1.5},
		{"1e3", doc.Scalar, doc.Float, 1000.0},
		{"1E3", doc.Scalar, doc.Float, 1000.0},
		{"1.5e-3", doc.Scalar, doc.Float, 0.0015},
		{"+2.5E+2", doc.Scalar, doc.Float, 250.0},
		{"1.", doc.Scalar, doc.Float, 1.0},
		{".5", doc.Scalar, doc.Float, 0.5},
		{"-.5", doc.Scalar, doc.Float, -0.5},
		{"0.5", doc.Scalar, doc.Float, 0.5},
		// not numbers in the core schema: text
		{"0b101", doc.Scalar, doc.Str, "0b101"},
		{"1_000", doc.Scalar, doc.Str, "1_000"},
		{"0o18", doc.Scalar, doc.Str, "0o18"},
		{"0x", doc.Scalar, doc.Str, "0x"},
		{"0xG1", doc.Scalar, doc.Str, "0xG1"},
		{"1e", doc.Scalar, doc.Str, "1e"},
		{"1e+", doc.Scalar, doc.Str, "1e+"},
		{"e3", doc.Scalar, doc.Str, "e3"},
		{"1.2.3", doc.Scalar, doc.Str, "1.2.3"},
		{"+", doc.Scalar, doc.Str, "+"},
		{"-x", doc.Scalar, doc.Str, "-x"},
		{"2025-06-01", doc.Scalar, doc.Str, "2025-06-01"},
		{"12:30", doc.Scalar, doc.Str, "12:30"},
		{"1 000", doc.Scalar, doc.Str, "1 000"},
		// quoted: always text
		{`"030"`, doc.Scalar, doc.Str, "030"},
		{`'1e3'`, doc.Scalar, doc.Str, "1e3"},
		{`"0x1F"`, doc.Scalar, doc.Str, "0x1F"},
		{`'true'`, doc.Scalar, doc.Str, "true"},
		// booleans and nulls: only the core spellings
		{"true", doc.Scalar, doc.Bool, "true"},
		{"False", doc.Scalar, doc.Bool, "false"},
		{"TRUE", doc.Scalar, doc.Bool, "true"},
		{"null", doc.Null, 0, nil},
		{"~", doc.Null, 0, nil},
		{"", doc.Null, 0, nil},
	}
	for _, c := range cases {
		for _, form := range []string{"a: %s\n", "a: [%s]\n", "a: {b: %s}\n", "a:\n  - %s\n"} {
			if c.src == "" && form != "a: %s\n" {
				continue // [] and {b: } are an empty list and a null
			}
			src := []byte(sprintf(form, c.src))
			ref, p := referenceTree(src, 0)
			if p != nil {
				t.Errorf("%q: the reference refuses it: %s", src, p.msg.EN)
				continue
			}
			trees := map[string]*doc.Node{"goccy": ref}
			if fast, ok := fastTree(src, 0); ok {
				trees["fast path"] = fast
			}
			for path, root := range trees {
				n := root.Get("a")
				if form != "a: %s\n" {
					if n.Kind == doc.Map {
						n = n.Get("b")
					} else if len(n.Values) == 1 {
						n = n.Values[0]
					}
				}
				if msg := checkScalar(n, c.kind, c.typ, c.want, noValue); msg != "" {
					t.Errorf("%s, %q: %s", path, src, msg)
				}
			}
		}
	}
}

func sprintf(form, v string) string {
	out := make([]byte, 0, len(form)+len(v))
	for i := 0; i < len(form); i++ {
		if form[i] == '%' && i+1 < len(form) && form[i+1] == 's' {
			out = append(out, v...)
			i++
			continue
		}
		out = append(out, form[i])
	}
	return string(out)
}

func checkScalar(n *doc.Node, kind doc.NodeKind, typ doc.ScalarType, want any, noValue string) string {
	switch {
	case n == nil:
		return "no node"
	case n.Kind != kind:
		return sprintf("kind %s", kindName(n.Kind)) + " want " + kindName(kind)
	case kind != doc.Scalar:
		return ""
	case n.Type != typ:
		return "type " + n.TypeName() + ", want " + (&doc.Node{Kind: doc.Scalar, Type: typ}).TypeName()
	}
	switch w := want.(type) {
	case int64:
		if i, ok := doc.IntValue(n.Value); !ok || i != w {
			return "value " + n.Value + " does not read as the integer wanted"
		}
	case float64:
		if f, ok := doc.FloatValue(n.Value); !ok || f != w {
			return "value " + n.Value + " does not read as the float wanted"
		}
	case string:
		if w == noValue {
			if _, ok := doc.FloatValue(n.Value); ok || !doc.LeadingZero(n.Value) {
				return "value " + n.Value + " is read as a number; a leading zero must give none"
			}
		} else if n.Value != w {
			return "text " + n.Value + ", want " + w
		}
	}
	return ""
}

func kindName(k doc.NodeKind) string {
	return [...]string{"null", "scalar", "map", "seq"}[k]
}
