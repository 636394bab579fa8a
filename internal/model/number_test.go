package model

import (
	"testing"

	"github.com/ous-pm/pmgov/internal/doc"
)

// TestNumbersByTheCoreSchema: integer and number fields take the YAML 1.2
// core schema's value, and a decimal with a leading zero gives none (the
// schema check reports it), never 24 for 030.
func TestNumbersByTheCoreSchema(t *testing.T) {
	for _, c := range []struct {
		v     string
		typ   doc.ScalarType
		i     int
		intOK bool
		f     float64
		fltOK bool
	}{
		{"30", doc.Int, 30, true, 30, true},
		{"030", doc.Int, 0, false, 0, false},
		{"09", doc.Int, 0, false, 0, false},
		{"0o36", doc.Int, 30, true, 30, true},
		{"0x1E", doc.Int, 30, true, 30, true},
		{"+30", doc.Int, 30, true, 30, true},
		{"3e1", doc.Float, 0, false, 30, true},
		{"2.5", doc.Float, 0, false, 2.5, true},
	} {
		var got struct {
			I Int    `yaml:"i"`
			N Number `yaml:"n"`
		}
		n := &doc.Node{Kind: doc.Scalar, Type: c.typ, Value: c.v, Line: 1, Col: 4}
		root := &doc.Node{Kind: doc.Map, Keys: []*doc.Node{{Kind: doc.Scalar, Value: "i"}, {Kind: doc.Scalar, Value: "n"}}, Values: []*doc.Node{n, n}}
		decode("x.yaml", root, &got)
		if got.I.OK != c.intOK || got.I.V != c.i || got.N.OK != c.fltOK || got.N.V != c.f {
			t.Errorf("%s: Int %d %v, Number %g %v; want %d %v, %g %v", c.v, got.I.V, got.I.OK, got.N.V, got.N.OK, c.i, c.intOK, c.f, c.fltOK)
		}
	}
}
