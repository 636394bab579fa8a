package rules_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ous-pm/pmgov/internal/rules"
)

// TestDatelessReadsNoDate holds every rule marked Dateless to what the mark
// promises, which lets the forecast take its findings from the run instead
// of judging it again each day: on the base, a synthetic repository and
// every fixture case, its findings on days years apart are the same. Each
// such rule must find something somewhere, or the comparison says nothing.
func TestDatelessReadsNoDate(t *testing.T) {
	repos := modelRepos(t)

	marked := 0
	for _, rule := range rules.All {
		if !rule.Dateless {
			continue
		}
		marked++
		if rule.Scope == rules.Structure {
			t.Errorf("%s: a Structure rule reads no date already; Dateless is for Repo and PerCenter rules", rule.ID)
		}
		found := 0
		for _, rp := range repos {
			_, want := rules.Run(rule, rp.repo, rules.Options{AsOf: rp.asOf})
			found += len(want)
			for _, day := range []time.Time{rp.asOf.AddDate(-5, 0, 0), rp.asOf.AddDate(0, 5, 17), rp.asOf.AddDate(1, 0, 0), rp.asOf.AddDate(7, 3, 0)} {
				if _, got := rules.Run(rule, rp.repo, rules.Options{AsOf: day}); !reflect.DeepEqual(got, want) {
					t.Errorf("%s is Dateless, but as of %s it finds %d, as of %s %d (%s)",
						rule.ID, day.Format(time.DateOnly), len(got), rp.asOf.Format(time.DateOnly), len(want), rp.name)
					break
				}
			}
		}
		if found == 0 {
			t.Errorf("%s is Dateless and finds nothing in any case: the test shows nothing of it", rule.ID)
		}
	}
	if marked == 0 {
		t.Fatal("no rule is Dateless")
	}
}

// TestDatelessCallsNothingDated reads the source: no function a Dateless
// rule's check may call, in this package, following calls by name, reads
// Pass.AsOf or Pass.Today. The fixtures cannot show every way a date gets
// into a finding (a hint naming the latest decision before the as-of
// date), and this finds what they miss.
func TestDatelessCallsNothingDated(t *testing.T) {
	fset := token.NewFileSet()
	names, _ := filepath.Glob("*.go")
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	funcs := map[string]ast.Node{}  // package functions and methods, by name
	checks := map[string]ast.Node{} // each rule's Check, by rule id
	for _, f := range files {
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				funcs[d.Name.Name] = d.Body
			case *ast.GenDecl:
				ast.Inspect(d, func(n ast.Node) bool {
					lit, ok := n.(*ast.CompositeLit)
					if !ok {
						return true
					}
					var id string
					var check ast.Node
					for _, e := range lit.Elts {
						kv, ok := e.(*ast.KeyValueExpr)
						if !ok {
							continue
						}
						switch k, _ := kv.Key.(*ast.Ident); {
						case k == nil:
						case k.Name == "ID":
							if b, ok := kv.Value.(*ast.BasicLit); ok {
								id, _ = strconv.Unquote(b.Value)
							}
						case k.Name == "Check":
							check = kv.Value
						}
					}
					if id != "" && check != nil {
						checks[id] = check
					}
					return true
				})
			}
		}
	}
	// dated reports the first date a node reaches: a selector AsOf or
	// Today, or a call of a package function that reaches one.
	memo := map[string]string{}
	var dated func(n ast.Node, path string) string
	dated = func(n ast.Node, path string) string {
		found := ""
		ast.Inspect(n, func(n ast.Node) bool {
			if found != "" {
				return false
			}
			var name string
			switch x := n.(type) {
			case *ast.SelectorExpr:
				if x.Sel.Name == "AsOf" || x.Sel.Name == "Today" {
					found = path + "." + x.Sel.Name
					return false
				}
				name = x.Sel.Name
			case *ast.Ident:
				name = x.Name
			}
			if body, ok := funcs[name]; ok && name != "" {
				r, seen := memo[name]
				if !seen {
					memo[name] = "" // a cycle reaches nothing new
					r = dated(body, name)
					memo[name] = r
				}
				if r != "" {
					found = path + " → " + r
				}
			}
			return true
		})
		return found
	}
	marked := 0
	for _, r := range rules.All {
		if !r.Dateless {
			continue
		}
		marked++
		check, ok := checks[r.ID]
		if !ok {
			t.Errorf("%s: its Check is not found in the source", r.ID)
			continue
		}
		if via := dated(check, r.ID); via != "" {
			t.Errorf("%s is Dateless, but its check reads a date: %s", r.ID, via)
		}
	}
	if marked == 0 {
		t.Fatal("no rule is Dateless")
	}
}
