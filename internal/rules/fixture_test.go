package rules_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	shared "github.com/ous-pm/pmgov/internal/fixture"

	"golang.org/x/tools/txtar"

	"github.com/ous-pm/pmgov/internal/diag"
	"github.com/ous-pm/pmgov/internal/validate"
)

// The fixture driver. A case is testdata/cases/<name>.txtar: its comment
// section holds settings ("as-of: 2025-06-15", "delete: path", "strict"),
// its files replace or add files of internal/fixture/base.txtar, and every line
// that must carry a diagnostic says so with a comment "# want: rule-id"
// (several ids separated by spaces; in Markdown bodies "<!-- want: id -->").
// "rule-id:severity" also asserts the severity (error, warning, waived, info).
// The run must produce exactly the wanted diagnostics: one of each wanted
// rule on each wanted line, and nothing else.

var wantRE = regexp.MustCompile(`(?:#|<!--)\s*want:\s*([a-z0-9 :-]+?)\s*(?:-->)?\s*$`)

// DefaultAsOf is the date the base fixture is clean on.
var DefaultAsOf = shared.BaseAsOf

type fixture struct {
	fsys   fstest.MapFS
	asOf   time.Time
	strict bool
	wants  map[string]int // "file:line rule" → count
	sevs   map[string]string
}

func readArchive(t testing.TB, path string) *txtar.Archive {
	t.Helper()
	a, err := txtar.ParseFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return a
}

// loadFixture builds the repository of a case on top of the base.
func loadFixture(t testing.TB, casePath string) *fixture {
	t.Helper()
	f := &fixture{fsys: fstest.MapFS{}, asOf: DefaultAsOf, wants: map[string]int{}, sevs: map[string]string{}}
	for name, data := range shared.Base() {
		f.fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	if casePath == "" {
		return f
	}
	a := readArchive(t, casePath)
	for _, line := range strings.Split(string(a.Comment), "\n") {
		key, val, _ := strings.Cut(strings.TrimSpace(line), ":")
		val = strings.TrimSpace(val)
		switch key {
		case "as-of":
			d, err := time.Parse(time.DateOnly, val)
			if err != nil {
				t.Fatalf("%s: bad as-of %q", casePath, val)
			}
			f.asOf = d
		case "delete":
			if _, ok := f.fsys[val]; !ok {
				t.Fatalf("%s: delete %s: no such file in the base", casePath, val)
			}
			delete(f.fsys, val)
		case "strict":
			f.strict = true
		}
	}
	for _, file := range a.Files {
		f.fsys[file.Name] = &fstest.MapFile{Data: file.Data, Mode: 0o644}
	}
	// Wants are read from every file, so that a case can also assert on
	// findings in base files it does not replace.
	for name, file := range f.fsys {
		for i, line := range strings.Split(string(file.Data), "\n") {
			if m := wantRE.FindStringSubmatch(line); m != nil {
				for _, w := range strings.Fields(m[1]) {
					rule, sev, hasSev := strings.Cut(w, ":")
					k := fmt.Sprintf("%s:%d %s", name, i+1, rule)
					f.wants[k]++
					if hasSev {
						f.sevs[k] = sev
					}
				}
			}
		}
	}
	return f
}

func (f *fixture) run() *validate.Result {
	return validate.Run(f.fsys, validate.Options{AsOf: f.asOf, Strict: f.strict})
}

// checkWants compares the diagnostics of a run with the wants.
func checkWants(t *testing.T, f *fixture, res *validate.Result) {
	t.Helper()
	got := map[string]int{}
	byKey := map[string]diag.Diagnostic{}
	for _, d := range res.Diags {
		k := fmt.Sprintf("%s:%d %s", d.Pos.File, d.Pos.Line, d.Rule)
		got[k]++
		byKey[k] = d
		if sev, ok := f.sevs[k]; ok && d.Severity.String() != sev {
			t.Errorf("%s: severity %s, want %s", k, d.Severity, sev)
		}
	}
	var problems []string
	for k, n := range f.wants {
		if got[k] < n {
			problems = append(problems, "missing: "+k)
		}
	}
	for k, n := range got {
		if f.wants[k] < n {
			d := byKey[k]
			problems = append(problems, fmt.Sprintf("unexpected: %s:%d:%d %s: %s [%s]", d.Pos.File, d.Pos.Line, d.Pos.Col, d.Severity, d.Message.EN, d.Rule))
		}
	}
	sort.Strings(problems)
	for _, p := range problems {
		t.Error(p)
	}
}

var update = flag.Bool("update", false, "rewrite golden files")

func TestBaseIsClean(t *testing.T) {
	f := loadFixture(t, "")
	res := f.run()
	for _, d := range res.Diags {
		t.Errorf("%s: %s: %s [%s]", d.Pos, d.Severity, d.Message.EN, d.Rule)
	}
}

func TestFixtures(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join("testdata", "cases", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no fixtures in testdata/cases")
	}
	for _, c := range cases {
		name := strings.TrimSuffix(filepath.Base(c), ".txtar")
		t.Run(name, func(t *testing.T) {
			f := loadFixture(t, c)
			if len(f.wants) == 0 && !strings.HasSuffix(name, "-ok") && !strings.Contains(name, "-ok-") {
				t.Fatalf("a fixture that wants nothing must be named *-ok*")
			}
			checkWants(t, f, f.run())
		})
	}
}

// TestEveryRuleHasFixtures proves each mandate rule has a fixture that
// triggers it and one that does not.
func TestEveryRuleHasFixtures(t *testing.T) {
	for _, id := range mandateRuleIDs() {
		bad, _ := filepath.Glob(filepath.Join("testdata", "cases", id+"-*.txtar"))
		var triggers, passes bool
		for _, c := range bad {
			f := loadFixture(t, c)
			for k := range f.wants {
				if strings.HasSuffix(k, " "+id) {
					triggers = true
				}
			}
			if strings.HasPrefix(filepath.Base(c), id+"-ok") {
				passes = true
			}
		}
		if !triggers {
			t.Errorf("rule %s: no fixture testdata/cases/%s-*.txtar wants it", id, id)
		}
		if !passes {
			t.Errorf("rule %s: no fixture testdata/cases/%s-ok*.txtar shows a passing case", id, id)
		}
	}
}

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(m.Run())
}
