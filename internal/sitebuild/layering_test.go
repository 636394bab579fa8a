package sitebuild

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/ous-pm/pmgov/"

// forbidden are the packages the renderer must not depend on: it renders
// the history and the comparison it is given, and reads no git and runs no
// program (package sitehistory reads them before the build).
func forbidden(path string) bool {
	switch path {
	case module + "internal/history", module + "internal/sitehistory", "os/exec":
		return true
	}
	return strings.HasPrefix(path, "github.com/go-git/")
}

// TestRendersOnly parses the package's own files (every build tag's) and
// fails on an import of git or of os/exec, and on any use of one of
// validate's functions (validate.Run, validate.Open, ...): a
// *validate.Result is data the build is given, never one it makes.
func TestRendersOnly(t *testing.T) {
	funcs := topLevelFuncs(t, "../validate")
	if !funcs["Run"] {
		t.Fatalf("validate has no func Run: %v", funcs)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		validateAs := ""
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if forbidden(p) {
				t.Errorf("%s imports %s", fset.Position(imp.Pos()), p)
			}
			if p == module+"internal/validate" {
				validateAs = "validate"
				if imp.Name != nil {
					validateAs = imp.Name.Name
				}
			}
		}
		if validateAs == "" {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == validateAs && funcs[sel.Sel.Name] {
				t.Errorf("%s uses %s.%s: the build is given the validation, it does not run one", fset.Position(sel.Pos()), validateAs, sel.Sel.Name)
			}
			return true
		})
	}
	if checked < 20 {
		t.Fatalf("only %d files checked", checked)
	}
}

// topLevelFuncs are the names of the functions (not methods) declared in
// the package in dir.
func topLevelFuncs(t *testing.T, dir string) map[string]bool {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				out[fd.Name.Name] = true
			}
		}
	}
	return out
}

// TestNoGitBelow checks the same of every package the build depends on,
// as go list sees them: git is read above the renderer, never below it.
func TestNoGitBelow(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("go list is needed: %v", err)
		}
		t.Skipf("go not on PATH: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 50 {
		t.Fatalf("go list -deps gave %d packages", len(deps))
	}
	for _, p := range deps {
		if forbidden(p) {
			t.Errorf("sitebuild depends on %s", p)
		}
	}
}
